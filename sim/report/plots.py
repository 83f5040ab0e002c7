"""Figures: each answers one question and carries its units."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator, MultipleLocator  # noqa: E402

from ..clock import SECONDS_PER_HOUR, format_clock  # noqa: E402

_TICK_STEPS_S = (300, 600, 900, 1800, 3600, 7200, 10800)


def _clock_axis(axis) -> None:
    """Clock-time ticks ("07:30") on whole 5, 10, 15, 30 minutes or hours."""
    low, high = axis.get_xlim()
    step = next((s for s in _TICK_STEPS_S if (high - low) / s <= 8), _TICK_STEPS_S[-1])
    axis.xaxis.set_major_locator(MultipleLocator(step))
    axis.xaxis.set_major_formatter(FuncFormatter(lambda x, _: format_clock(x)[:5]))


def cumulative_curves(virtual_s: np.ndarray, actual_s: np.ndarray, path: str | Path, *,
                      title: str) -> Path:
    """Cumulative vehicles at a link's exit: at free flow against as simulated.

    The vertical gap between the curves is the queue (vehicles), the horizontal
    gap a vehicle's delay, and the area between them the total delay.
    """
    fig, ax = plt.subplots(figsize=(8, 5), dpi=120)
    count_virtual = np.arange(1, virtual_s.size + 1)
    count_actual = np.arange(1, actual_s.size + 1)
    ax.step(virtual_s, count_virtual, where="post", color="#1f77b4",
            label="would have passed at free flow, A(t)")
    ax.step(actual_s, count_actual, where="post", color="#d62728", label="passed, D(t)")
    grid = np.union1d(virtual_s, actual_s)
    upper = np.searchsorted(virtual_s, grid, side="right")
    lower = np.searchsorted(actual_s, grid, side="right")
    ax.fill_between(grid, lower, upper, step="post", color="#d62728", alpha=0.15,
                    label="queue (area = total delay)")
    queue = upper - lower
    peak = int(np.argmax(queue))
    delay_h = (np.sum(actual_s) - np.sum(virtual_s[:actual_s.size])) / SECONDS_PER_HOUR
    ax.annotate(f"max queue {queue[peak]:,} veh at {format_clock(grid[peak])[:5]}\n"
                f"total delay {delay_h:,.0f} veh-h",
                xy=(grid[peak], (upper[peak] + lower[peak]) / 2), xytext=(0.05, 0.75),
                textcoords="axes fraction", arrowprops={"arrowstyle": "->", "color": "0.3"})
    _clock_axis(ax)
    ax.set_xlabel("time of day")
    ax.set_ylabel("cumulative vehicles")
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right")
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path)
    plt.close(fig)
    return path


def network_map(network, path: str | Path, *, title: str, bridges: np.ndarray | None = None,
                bridges_label: str = "bridges") -> Path:
    """The network drawn to scale (coordinates in km): links by lane count, the bridges
    marked, and the roads named by the network's `name` column."""
    from matplotlib.collections import LineCollection

    fig, ax = plt.subplots(figsize=(9, 7), dpi=120)
    x, y = network.node_x, network.node_y
    segments = np.stack([np.c_[x[network.from_node], y[network.from_node]],
                         np.c_[x[network.to_node], y[network.to_node]]], axis=1)
    ax.add_collection(LineCollection(segments, linewidths=0.6 + 0.9 * network.lanes,
                                     colors="0.55", label="roads (width ~ lanes)"))
    bridges = np.zeros(0, dtype=np.int64) if bridges is None else np.asarray(bridges)
    if bridges.size:
        ax.add_collection(LineCollection(segments[bridges], linewidths=4, colors="#d62728",
                                         label=bridges_label))
    ax.scatter(network.node_x, network.node_y, s=6, color="0.2", zorder=3)
    _name_roads(ax, network, bridges)
    ax.set_aspect("equal")
    ax.autoscale_view()
    ax.set_xlabel("x (km)")
    ax.set_ylabel("y (km)")
    ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path)
    plt.close(fig)
    return path


def _name_roads(axis, network, bridges: np.ndarray) -> None:
    """The bridges' names beside them (``roads.name_bridges``); every other named road's
    name once along it, a quarter of the way along from its south-west end (clear of
    the bridges in the stylised city)."""
    from .roads import HALO, name_bridges, road_names

    name_bridges(axis, network, bridges, "en")
    names = road_names(network, "en")
    names[bridges] = ""
    middle_x = (network.node_x[network.from_node] + network.node_x[network.to_node]) / 2
    middle_y = (network.node_y[network.from_node] + network.node_y[network.to_node]) / 2
    for name in sorted(set(names) - {""}):
        links = np.flatnonzero(names == name)
        links = links[np.argsort(middle_x[links] + middle_y[links], kind="stable")]
        link = links[links.size // 4]
        dx = network.node_x[network.to_node[link]] - network.node_x[network.from_node[link]]
        dy = network.node_y[network.to_node[link]] - network.node_y[network.from_node[link]]
        angle = np.degrees(np.arctan2(dy, dx))
        angle = angle - 180 if angle > 90 else angle + 180 if angle <= -90 else angle
        axis.text(middle_x[link], middle_y[link], name, rotation=angle, rotation_mode="anchor",
                  ha="center", va="center", fontsize=6.5, zorder=4, path_effects=HALO)


def road_load(times_s: np.ndarray, load_by_group: dict[str, np.ndarray], path: str | Path, *,
              title: str, peaks: list[str] = ()) -> Path:
    """Passenger-car units on the road by time of day, stacked by group; peaks marked."""
    figure, axis = plt.subplots(figsize=(10, 4.5))
    axis.stackplot(times_s, *load_by_group.values(), labels=list(load_by_group), alpha=0.85)
    top = np.sum(list(load_by_group.values()), axis=0).max()
    for peak in peaks:
        hours, minutes = (int(x) for x in peak.split(":"))
        at = hours * SECONDS_PER_HOUR + minutes * 60
        axis.axvline(at, color="0.2", linestyle=":", linewidth=1)
        axis.annotate(peak, (at, top), xytext=(3, -12), textcoords="offset points", fontsize=8)
    axis.set_xlim(times_s[0], times_s[-1])
    axis.set_ylim(0, top * 1.08 if top > 0 else 1)
    _clock_axis(axis)
    axis.set_xlabel("time of day")
    axis.set_ylabel("on the road (pcu)")
    axis.set_title(title)
    axis.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), fontsize=8,
                ncol=len(load_by_group), frameon=False)
    axis.grid(alpha=0.3)
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)
    return Path(path)


def gap_by_iteration(relative_gap: np.ndarray, departure_gap: np.ndarray, path: str | Path,
                     *, title: str, tolerance: float) -> Path:
    """The equilibrium's relative gap after each day of adaptation, and the part of it
    departures alone leave (n_days,) each, log scale."""
    figure, axis = plt.subplots(figsize=(7, 4))
    days = np.arange(len(relative_gap))
    axis.semilogy(days, np.maximum(relative_gap, 1e-6), marker="o", markersize=3,
                  label="departure or route")
    axis.semilogy(days, np.maximum(departure_gap, 1e-6), marker="s", markersize=3,
                  linestyle=":", label="departure alone")
    axis.axhline(tolerance, color="0.4", linestyle="--", linewidth=1,
                 label=f"tolerance {tolerance:g}")
    axis.xaxis.set_major_locator(MaxNLocator(integer=True))
    axis.set_xlabel("iteration (day of adaptation)")
    axis.set_ylabel("relative gap")
    axis.set_title(title)
    axis.legend(frameon=False)
    axis.grid(alpha=0.3, which="both")
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)
    return Path(path)
