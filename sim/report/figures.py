"""The comparison's figures, each answering one question, in English or Chinese.

Every figure takes a Comparison, a language and a path, writes a PNG and
returns its path. Scenarios keep one colour throughout (Okabe and Ito's
palette, readable with colour-blindness); means are over seeds, with the
spread over seeds shaded or the 95% interval drawn as bars.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator, MultipleLocator  # noqa: E402

from ..clock import SECONDS_PER_HOUR, SECONDS_PER_MINUTE, format_clock  # noqa: E402
from ..compare.comparison import COMMUTE_BINS_MIN, LATE_BINS_MIN, Comparison  # noqa: E402
from ..scenario import GROUPS  # noqa: E402
from ..scenario.codes import Group
from .departures import departures_tag  # noqa: E402
from .fonts import use_font  # noqa: E402
from .labels import kpi_label, label  # noqa: E402
from .roads import link_label  # noqa: E402

COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
DPI = 130
BRIDGE_SMOOTHING_S = 900.0  # bridge flows are drawn as 15-minute moving means


def _colour(s: int) -> str:
    return COLOURS[s % len(COLOURS)]


def _clock_axis(axis, step_s: float = 7200) -> None:
    axis.xaxis.set_major_locator(MultipleLocator(step_s))
    axis.xaxis.set_major_formatter(FuncFormatter(lambda x, _: format_clock(x)[:5]))


def tag_figure(figure, tag: str) -> None:
    """`tag` (``departures.departures_tag``) in the figure's bottom-right corner, so that
    a figure lifted out of the pack still says which answer it shows."""
    figure.text(0.995, 0.005, tag, ha="right", va="bottom", fontsize=7, color="0.4")


def save_tagged(figure, path: str | Path, tag: str, dpi: int = DPI) -> Path:
    """The figure, tagged (``tag_figure``), written to `path` and closed."""
    tag_figure(figure, tag)
    figure.savefig(path, dpi=dpi)
    plt.close(figure)
    return Path(path)


def road_load(comparison: Comparison, language: str, path: str | Path) -> Path:
    """How many vehicles are on the road through the day: peaks of each schedule."""
    use_font()
    figure, axis = plt.subplots(figsize=(10, 4.5))
    for s, name in enumerate(comparison.titled(language)):
        runs = comparison.curves[s]
        times = runs[0].times_s
        load = np.stack([run.road_load_pcu for run in runs])
        axis.plot(times, load.mean(axis=0), color=_colour(s), linewidth=1.6, label=name)
        if len(runs) > 1:
            axis.fill_between(times, load.min(axis=0), load.max(axis=0), color=_colour(s),
                              alpha=0.2, linewidth=0)
    axis.set_xlim(times[0], times[-1])
    axis.set_ylim(bottom=0)
    _clock_axis(axis)
    axis.set_xlabel(label("time_of_day", language))
    axis.set_ylabel(label("on_the_road_pcu", language))
    axis.set_title(label("title_road_load", language))
    axis.legend(frameon=False)
    axis.grid(alpha=0.3)
    figure.tight_layout()
    return save_tagged(figure, path, departures_tag(comparison, language))


def bridge_flows(comparison: Comparison, language: str, path: str | Path) -> Path:
    """Flow onto each bridge (each direction) by time of day against its capacity,
    as 15-minute moving means of the mean over seeds."""
    use_font()
    first = comparison.curves[0][0]
    n = first.bridge_ids.size
    cols = 2 if n > 1 else 1
    rows = max(1, int(np.ceil(n / cols)))
    figure, axes = plt.subplots(rows, cols, figsize=(11, 2.4 * rows + 0.8), sharex=True,
                                squeeze=False)
    starts = first.interval_edges_s[:-1]
    width = max(1, int(round(BRIDGE_SMOOTHING_S / (starts[1] - starts[0]))))
    for b, axis in enumerate(axes.flat):
        if b >= n:
            axis.set_visible(False)
            continue
        for s, name in enumerate(comparison.titled(language)):
            flow = np.stack([run.bridge_inflow_pcu_h[b] for run in comparison.curves[s]])
            smooth = np.convolve(flow.mean(axis=0), np.ones(width) / width, mode="same")
            axis.plot(starts, smooth, color=_colour(s), linewidth=1.2, label=name)
        axis.axhline(first.bridge_capacity_pcu_h[b], color="0.3", linestyle="--",
                     linewidth=1, label=label("capacity", language))
        axis.set_title(link_label(comparison.network, str(first.bridge_ids[b]), language),
                       fontsize=10)
        axis.set_ylim(bottom=0)
        axis.grid(alpha=0.3)
        _clock_axis(axis, 4 * SECONDS_PER_HOUR)
        axis.set_xlim(starts[0], starts[-1])
    for axis in axes[-1]:
        axis.set_xlabel(label("time_of_day", language))
    figure.supylabel(label("inflow_pcu_h", language))
    handles, names = axes.flat[0].get_legend_handles_labels()
    top = 1 - 0.9 / figure.get_figheight()
    figure.suptitle(label("title_bridge_flow", language), y=0.998)
    figure.legend(handles, names, loc="upper center", ncol=len(names), frameon=False,
                  bbox_to_anchor=(0.5, 1 - 0.35 / figure.get_figheight()))
    foot = 0.45 / figure.get_figheight()
    figure.text(0.01, 0.01, label("bridge_flows_note", language), fontsize=8, color="0.25")
    figure.tight_layout(rect=(0, foot, 1, top))
    return save_tagged(figure, path, departures_tag(comparison, language))


def _interval_bars(axis, comparison: Comparison, language: str, keys: list[str],
                   scenarios: list[int], *, saved: bool = False, scale: float = 1.0) -> None:
    """Grouped bars of keys (x) by scenario (colour), with 95% intervals; `saved` plots
    reference minus scenario (a saving is positive)."""
    width = 0.8 / len(scenarios)
    x = np.arange(len(keys))
    for j, s in enumerate(scenarios):
        if saved:
            change = [comparison.difference(k) for k in keys]
            mean = -np.array([c.mean[s] for c in change]) * scale
            low = -np.array([c.high[s] for c in change]) * scale
            high = -np.array([c.low[s] for c in change]) * scale
        else:
            level = [comparison.interval(k) for k in keys]
            mean = np.array([v.mean[s] for v in level]) * scale
            low = np.array([v.low[s] for v in level]) * scale
            high = np.array([v.high[s] for v in level]) * scale
        errors = np.nan_to_num(np.vstack([mean - low, high - mean]))
        axis.bar(x + (j - (len(scenarios) - 1) / 2) * width, mean, width,
                 yerr=errors, capsize=3, color=_colour(s),
                 label=comparison.titled(language)[s])
    axis.set_xticks(x)
    axis.grid(alpha=0.3, axis="y")


def delay_saved(comparison: Comparison, language: str, path: str | Path) -> Path:
    """Person-hours of delay each schedule saves against the reference, per group."""
    use_font()
    groups = [g for g in GROUPS if f"groups.{g}.delay_h" in comparison.values]
    figure, axis = plt.subplots(figsize=(9, 4.5))
    _interval_bars(axis, comparison, language, [f"groups.{g}.delay_h" for g in groups],
                   list(range(1, len(comparison.names))), saved=True)
    axis.set_xticklabels([label(g, language) for g in groups])
    axis.axhline(0, color="0.2", linewidth=0.8)
    axis.set_ylabel(label("delay_saved_h", language))
    axis.set_title(label("title_delay_saved", language, reference=comparison.titled(language)[0]))
    axis.legend(frameon=False)
    figure.tight_layout()
    return save_tagged(figure, path, departures_tag(comparison, language))


def school_runs(comparison: Comparison, language: str, path: str | Path) -> Path:
    """Can parents do the school run on time, and how long do children wait in care?"""
    use_font()
    figure, (left, right) = plt.subplots(1, 2, figsize=(10, 4.2))
    everyone = list(range(len(comparison.names)))
    _interval_bars(left, comparison, language, ["school_runs.parent_runs_on_time_share"], everyone,
                   scale=100.0)
    left.set_xticklabels([kpi_label("school_runs.parent_runs_on_time_share", language)])
    left.set_ylabel(label("share_pct", language))
    left.set_ylim(0, 100)
    _interval_bars(right, comparison, language, ["school_runs.care_mean_min"], everyone)
    right.set_xticklabels([kpi_label("school_runs.care_mean_min", language)])
    right.set_ylabel(label("minutes", language))
    handles, names = left.get_legend_handles_labels()
    figure.legend(handles, names, loc="upper center", ncol=len(names), frameon=False,
                  bbox_to_anchor=(0.5, 0.93))
    figure.suptitle(label("title_school_runs", language))
    figure.tight_layout(rect=(0, 0, 1, 0.88))
    return save_tagged(figure, path, departures_tag(comparison, language))


IMPACTS = ("co2_t", "fuel_l", "congested_pcu_km", "near_schools_at_bells_pcu_km")


def impacts(comparison: Comparison, language: str, path: str | Path) -> Path:
    """Fuel, CO2 and exposure to congestion and to traffic near schools, per scenario."""
    use_font()
    figure, axes = plt.subplots(1, len(IMPACTS), figsize=(13, 4.2))
    everyone = list(range(len(comparison.names)))
    for axis, key in zip(axes, IMPACTS):
        _interval_bars(axis, comparison, language, [key], everyone)
        axis.set_xticklabels([])
        axis.set_title(kpi_label(key, language), fontsize=9, wrap=True)
    handles, names = axes[0].get_legend_handles_labels()
    figure.legend(handles, names, loc="upper center", ncol=len(names), frameon=False,
                  bbox_to_anchor=(0.5, 0.93))
    figure.suptitle(label("title_impacts", language))
    figure.tight_layout(rect=(0, 0, 1, 0.86))
    return save_tagged(figure, path, departures_tag(comparison, language))


def commute_distribution(comparison: Comparison, language: str, path: str | Path,
                         group: str = "office") -> Path:
    """How long the morning commute of a group takes: the share within each minute."""
    use_font()
    g = Group.of(group)
    figure, axis = plt.subplots(figsize=(8, 4.5))
    for s, name in enumerate(comparison.titled(language)):
        counts = np.sum([run.commute_counts[g] for run in comparison.curves[s]], axis=0)
        if counts.sum() == 0:
            continue
        axis.step(COMMUTE_BINS_MIN[1:], np.cumsum(counts) / counts.sum(), where="post",
                  color=_colour(s), label=name)
    axis.set_xlim(0, 90)
    axis.set_ylim(0, 1.01)
    axis.set_xlabel(label("commute_min", language))
    axis.set_ylabel(label("share_of_commuters", language))
    axis.set_title(label("title_commute", language, group=label(group, language)))
    axis.legend(frameon=False, loc="lower right")
    axis.grid(alpha=0.3)
    figure.tight_layout()
    return save_tagged(figure, path, departures_tag(comparison, language))


def lateness_distribution(comparison: Comparison, language: str, path: str | Path,
                          group: str = "office") -> Path:
    """How late a group arrives: the share of its trips to work or school arriving more
    than each number of minutes late."""
    use_font()
    g = Group.of(group)
    figure, axis = plt.subplots(figsize=(8, 4.5))
    minutes = np.arange(0.0, 61.0)
    lower = LATE_BINS_MIN[:-1]
    for s, name in enumerate(comparison.titled(language)):
        counts = np.sum([run.late_counts[g] for run in comparison.curves[s]], axis=0)
        if counts.sum() == 0:
            continue
        later = [counts[lower >= max(x, 1e-9)].sum() / counts.sum() for x in minutes]
        axis.step(minutes, 100 * np.array(later), where="post", color=_colour(s), label=name)
    axis.set_xlim(0, 60)
    axis.set_ylim(bottom=0)
    axis.set_xlabel(label("minutes_late", language))
    axis.set_ylabel(f"{label('share_later_than', language)} (%)")
    axis.set_title(label("title_lateness", language, group=label(group, language)))
    axis.legend(frameon=False)
    axis.grid(alpha=0.3)
    figure.tight_layout()
    return save_tagged(figure, path, departures_tag(comparison, language))


def corridor_speed(comparison: Comparison, language: str, path: str | Path) -> Path:
    """Where and when the busiest corridor slows: speed by distance and time of day, one
    panel per scenario (mean over seeds), on the reference's busiest corridor."""
    use_font()
    first = comparison.curves[0][0]
    corridor, km = first.corridor_links, first.corridor_km
    if corridor.size == 0:
        raise ValueError("the network has no bridges, so no busiest corridor")
    edges = first.interval_edges_s
    n = len(comparison.names)
    figure, axes = plt.subplots(n, 1, figsize=(10, 2.6 * n + 1.0), sharex=True, squeeze=False,
                                layout="constrained")
    height = figure.get_figheight()
    figure.get_layout_engine().set(rect=(0, 0.3 / height, 1, 1 - 0.35 / height))  # note, title
    for s, axis in enumerate(axes[:, 0]):
        runs = np.stack([run.link_speed_kmh[corridor] for run in comparison.curves[s]])
        seen = np.isfinite(runs).sum(axis=0)
        speed = np.where(seen > 0, np.nansum(runs, axis=0) / np.maximum(seen, 1), np.nan)
        mesh = axis.pcolormesh(edges, km, speed, cmap="RdYlGn", vmin=0, vmax=60,
                               shading="flat")
        axis.set_title(comparison.titled(language)[s], fontsize=10)
        axis.set_ylabel(label("corridor_km", language), fontsize=9)
        _clock_axis(axis)
        axis.set_xlim(edges[0], edges[-1])
    axes[-1, 0].set_xlabel(label("time_of_day", language))
    figure.colorbar(mesh, ax=axes[:, 0], label=label("speed_kmh", language), shrink=0.9)
    figure.suptitle(label("title_corridor", language, bridge=link_label(
        comparison.network, first.corridor_bridge, language)))
    minutes = f"{(edges[1] - edges[0]) / SECONDS_PER_MINUTE:g}"
    figure.text(0.01, 0.01, label("corridor_note", language, minutes=minutes), fontsize=8,
                color="0.25")
    return save_tagged(figure, path, departures_tag(comparison, language))


def equilibrium_gap(comparison: Comparison, language: str, path: str | Path) -> Path:
    """How close to equilibrium each scenario's adaptation came, day by day."""
    use_font()
    figure, axis = plt.subplots(figsize=(8, 4.2))
    for s, name in enumerate(comparison.titled(language)):
        for k, run in enumerate(comparison.curves[s]):
            if run.relative_gap.size:
                axis.semilogy(np.arange(run.relative_gap.size), run.relative_gap,
                              color=_colour(s), alpha=0.8, marker="o", markersize=2,
                              label=name if k == 0 else None)
    axis.xaxis.set_major_locator(MaxNLocator(integer=True))
    axis.set_xlabel(label("iteration", language))
    axis.set_ylabel(label("relative_gap", language))
    axis.set_title(label("title_gap", language))
    axis.legend(frameon=False)
    axis.grid(alpha=0.3, which="both")
    figure.tight_layout()
    return save_tagged(figure, path, departures_tag(comparison, language))


def robustness(comparison: Comparison, language: str, path: str | Path) -> Path:
    """Each proposal's change in road delay over seeds and over the assumptions (left),
    and how each assumption moves it (right: rank correlation with the shift)."""
    from ..compare.robust import ASSUMPTIONS
    from .finding import DRIVING_RHO

    use_font()
    robust, titles = comparison.robustness, comparison.titled(language)
    delay, base = comparison.difference("delay_pcu_h"), comparison.interval("delay_pcu_h").mean[0]
    settled = delay.mean / base
    points = 100 * (settled[:, None] + robust.shift("delay_pcu_h"))
    low, high = robust.band("delay_pcu_h", settled)
    rho = robust.attribution("delay_pcu_h")
    proposals = list(range(1, len(titles)))
    figure, (effect, drivers) = plt.subplots(1, 2, figsize=(11, 4.5),
                                             gridspec_kw={"width_ratios": [1.2, 1]})
    for row, s in enumerate(proposals):
        effect.plot([100 * low[s], 100 * high[s]], [row + 0.15] * 2, color="0.5", linewidth=1.5,
                    label=label("over_assumptions", language) if row == 0 else None)
        effect.plot(points[s], [row + 0.15] * points.shape[1], "|", color="0.3", markersize=9)
        effect.errorbar(100 * settled[s], row - 0.15, capsize=4, fmt="o", color=_colour(s),
                        xerr=np.nan_to_num([[100 * (delay.mean[s] - delay.low[s]) / base],
                                            [100 * (delay.high[s] - delay.mean[s]) / base]]),
                        label=label("over_seeds", language) if row == 0 else None)
    effect.axvline(0, color="0.2", linewidth=0.8)
    effect.set_yticks(range(len(proposals)), [titles[s] for s in proposals])
    effect.set_ylim(-0.7, len(proposals) - 0.3)
    effect.set_xlabel(label("delay_change_pct", language, reference=titles[0]))
    effect.legend(frameon=False, fontsize=8, loc="lower right")
    effect.grid(alpha=0.3, axis="x")
    height = 0.8 / len(proposals)
    y = np.arange(len(ASSUMPTIONS))
    for j, s in enumerate(proposals):
        drivers.barh(y + (j - (len(proposals) - 1) / 2) * height, np.nan_to_num(rho[s]), height,
                     color=_colour(s), label=titles[s])
    for edge in (-DRIVING_RHO, DRIVING_RHO):
        drivers.axvline(edge, color="0.4", linestyle="--", linewidth=0.8)
    drivers.set_yticks(y, [label(f"assumption_{a.name}", language) for a in ASSUMPTIONS])
    drivers.invert_yaxis()  # the assumptions top down in their order on page 1
    drivers.set_xlim(-1.05, 1.05)
    drivers.set_xlabel(label("rank_correlation", language))
    drivers.legend(frameon=False, fontsize=8)
    drivers.grid(alpha=0.3, axis="x")
    figure.suptitle(label("title_robust", language, points=len(robust.levels),
                          days=robust.days))
    figure.tight_layout()
    return save_tagged(figure, path, departures_tag(comparison, language))


FIGURES = {
    "road_load.png": road_load,
    "bridge_flows.png": bridge_flows,
    "delay_saved.png": delay_saved,
    "school_runs.png": school_runs,
    "commute_office.png": commute_distribution,
    "impacts.png": impacts,
    "lateness_office.png": lateness_distribution,
    "corridor_speed.png": corridor_speed,
}


def draw_figures(comparison: Comparison, language: str, folder: Path) -> list[Path]:
    """Every figure of the comparison into `folder`; the range over the assumptions only
    if it was run, the gap only if there was adaptation."""
    paths = [draw(comparison, language, folder / name) for name, draw in FIGURES.items()]
    if comparison.robustness is not None:
        paths.insert(0, robustness(comparison, language, folder / "robustness.png"))
    if any(run.relative_gap.size for runs in comparison.curves for run in runs):
        paths.append(equilibrium_gap(comparison, language, folder / "equilibrium_gap.png"))
    return paths
