"""Maps of where the city's roads slow down: each schedule at its morning peak, each
proposal against the reference, and the whole day as an animation.

A link is coloured by the speed of the vehicles that entered it against its free
speed (1: free flow), weighted by vehicle over the seeds and the intervals drawn
(total length over total time taken). Each direction of a road is drawn beside
the other, on the right of its direction of travel, as traffic drives in China.
Grey: no vehicle entered the link then, so it has no speed.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.animation import FuncAnimation, PillowWriter  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402
from matplotlib.colors import Normalize  # noqa: E402

from ..clock import SECONDS_PER_HOUR, format_clock, mps_to_kmh  # noqa: E402
from ..compare.comparison import Comparison  # noqa: E402
from ..network.model import Network  # noqa: E402
from .departures import departures_tag  # noqa: E402
from .figures import save_tagged, tag_figure  # noqa: E402
from .fonts import use_font  # noqa: E402
from .labels import label  # noqa: E402
from .roads import name_bridges  # noqa: E402

NOON_S = 12 * SECONDS_PER_HOUR  # the morning peak is sought before noon
PEAK_S = SECONDS_PER_HOUR  # the morning peak is the busiest hour
FRAME_S = 900.0  # the animation's frames: 15-minute intervals
FRAME_PER_S = 4  # frames shown per second of the animation
NO_SPEED = "0.82"  # grey: no vehicle entered
SIDE = 0.09  # each direction drawn this share of the median link's length off the centre
SPEED_COLOURS = plt.get_cmap("RdYlGn").with_extremes(bad=NO_SPEED)
CHANGE_COLOURS = plt.get_cmap("RdBu").with_extremes(bad=NO_SPEED)  # blue: faster
MAP_DPI = 110


def morning_peak_s(comparison: Comparison, s: int) -> float:
    """Start (s since midnight) of scenario s's busiest hour before noon: the hour with
    the most vehicles on the road, mean over seeds, starting on a series interval."""
    runs = comparison.curves[s]
    times, load = runs[0].times_s, np.mean([run.road_load_pcu for run in runs], axis=0)
    starts = runs[0].interval_edges_s[:-1]
    starts = starts[starts + PEAK_S <= NOON_S]
    if starts.size == 0:
        return float(runs[0].interval_edges_s[0])
    busy = [load[(times > start) & (times <= start + PEAK_S)].mean() for start in starts]
    return float(starts[int(np.argmax(busy))])


def speed_ratio(comparison: Comparison, s: int, start_s: float, end_s: float) -> np.ndarray:
    """(n_links,) float64 speed against free speed on each link for vehicles entering in
    [start_s, end_s), over scenario s's seeds; NaN where none entered."""
    runs = comparison.curves[s]
    starts = runs[0].interval_edges_s[:-1]
    within = (starts >= start_s) & (starts < end_s)
    entries = np.zeros(runs[0].link_entries.shape[0])
    hours_per_km = np.zeros_like(entries)  # sum over vehicles of 1 / speed
    for run in runs:
        count = run.link_entries[:, within].astype(np.float64)
        entries += count.sum(axis=1)
        hours_per_km += np.where(count > 0, count / run.link_speed_kmh[:, within], 0.0).sum(axis=1)
    speed = np.divide(entries, hours_per_km, out=np.full_like(entries, np.nan),
                      where=hours_per_km > 0)
    return speed / mps_to_kmh(comparison.network.free_speed_mps)


def _segments(network: Network) -> np.ndarray:
    """(n_links, 2, 2) each link's ends, moved to the right of its direction of travel."""
    x, y = network.node_x, network.node_y
    start = np.c_[x[network.from_node], y[network.from_node]]
    end = np.c_[x[network.to_node], y[network.to_node]]
    along = end - start
    length = np.hypot(*along.T)
    right = np.c_[along[:, 1], -along[:, 0]] / np.maximum(length, 1e-12)[:, None]
    shift = SIDE * np.median(length) * right
    return np.stack([start + shift, end + shift], axis=1)


def _roads(axis, network: Network, values: np.ndarray, colours, norm) -> LineCollection:
    """The links drawn coloured by `values` (NaN grey), width by lanes."""
    lines = LineCollection(_segments(network), cmap=colours, norm=norm,
                           linewidths=0.7 + 1.1 * network.lanes, capstyle="butt")
    lines.set_array(np.ma.masked_invalid(values))
    axis.add_collection(lines)
    axis.set_aspect("equal")
    axis.autoscale_view()
    axis.set_axis_off()
    return lines


def _bridges(comparison: Comparison) -> np.ndarray:
    ids = np.asarray(comparison.network.link_id).astype(str)
    return np.flatnonzero(np.isin(ids, comparison.curves[0][0].bridge_ids.astype(str)))


def _panels(n: int, *, height: float = 4.2):
    cols = min(n, 3)
    rows = int(np.ceil(n / cols))
    figure, axes = plt.subplots(rows, cols, figsize=(5.0 * cols + 1.2, height * rows + 1.0),
                                squeeze=False, layout="constrained")
    figure.get_layout_engine().set(rect=(0, 0.04, 1, 0.96))  # room for the note at the foot
    for axis in axes.flat[n:]:
        axis.set_visible(False)
    return figure, axes.flat[:n]


def _explained(figure, lines, axes, colour_label: str, note: str, title: str):
    """The colour bar, the title and, at the foot, what the colours and grey mean;
    returns the title's text."""
    figure.colorbar(lines, ax=list(axes), label=colour_label, shrink=0.8)
    figure.text(0.01, 0.01, note, fontsize=8, color="0.25", ha="left", va="bottom")
    return figure.suptitle(title)


def _period(start_s: float, end_s: float) -> str:
    return f"{format_clock(start_s)[:5]}-{format_clock(end_s)[:5]}"


def peak_speed_map(comparison: Comparison, language: str, path: str | Path) -> Path:
    """Each schedule's roads at its own busiest morning hour: speed against free flow."""
    use_font()
    titles, network = comparison.titled(language), comparison.network
    figure, axes = _panels(len(titles))
    for s, axis in enumerate(axes):
        start = morning_peak_s(comparison, s)
        lines = _roads(axis, network, speed_ratio(comparison, s, start, start + PEAK_S),
                       SPEED_COLOURS, Normalize(0.0, 1.0))
        name_bridges(axis, network, _bridges(comparison), language)
        axis.set_title(f"{titles[s]}\n{_period(start, start + PEAK_S)}", fontsize=9)
    _explained(figure, lines, axes, label("speed_ratio", language),
               label("map_note", language), label("title_peak_map", language))
    return save_tagged(figure, path, departures_tag(comparison, language), MAP_DPI)


def speed_change_map(comparison: Comparison, language: str, path: str | Path) -> Path:
    """Each proposal's speed against free flow minus the reference's, each at its own
    busiest morning hour: where the morning gets faster (blue) or slower (red)."""
    use_font()
    titles, network = comparison.titled(language), comparison.network
    start = morning_peak_s(comparison, 0)
    reference = speed_ratio(comparison, 0, start, start + PEAK_S)
    figure, axes = _panels(len(titles) - 1)
    for s, axis in zip(range(1, len(titles)), axes):
        own = morning_peak_s(comparison, s)
        change = speed_ratio(comparison, s, own, own + PEAK_S) - reference
        lines = _roads(axis, network, change, CHANGE_COLOURS, Normalize(-0.5, 0.5))
        name_bridges(axis, network, _bridges(comparison), language)
        axis.set_title(label("map_change_panel", language, name=titles[s],
                             period=_period(own, own + PEAK_S), reference=titles[0],
                             reference_period=_period(start, start + PEAK_S)), fontsize=9)
    _explained(figure, lines, axes, label("speed_ratio_change", language),
               label("map_change_note", language),
               label("title_change_map", language, reference=titles[0]))
    return save_tagged(figure, path, departures_tag(comparison, language), MAP_DPI)


def _day_frames(comparison: Comparison) -> np.ndarray:
    """Starts of the animation's frames: every FRAME_S from the first interval any vehicle
    entered a link to the last, in any scenario."""
    edges = comparison.curves[0][0].interval_edges_s
    busy = np.flatnonzero(np.any([run.link_entries.sum(axis=0) > 0
                                  for runs in comparison.curves for run in runs], axis=0))
    first, last = edges[busy[0]], edges[busy[-1] + 1]
    return np.arange(np.floor(first / FRAME_S) * FRAME_S, last, FRAME_S)


def congestion_animation(comparison: Comparison, language: str, path: str | Path) -> Path:
    """The day's congestion on the map, every 15 minutes, a panel per schedule (GIF)."""
    use_font()
    titles, network = comparison.titled(language), comparison.network
    frames = _day_frames(comparison)
    figure, axes = _panels(len(titles))
    ratios = [[speed_ratio(comparison, s, start, start + FRAME_S) for start in frames]
              for s in range(len(titles))]
    lines = [_roads(axis, network, ratios[s][0], SPEED_COLOURS, Normalize(0.0, 1.0))
             for s, axis in enumerate(axes)]
    for s, axis in enumerate(axes):
        name_bridges(axis, network, _bridges(comparison), language)
        axis.set_title(titles[s], fontsize=9)
    clock = _explained(figure, lines[0], axes, label("speed_ratio", language),
                       label("map_note", language), "")
    tag_figure(figure, departures_tag(comparison, language))

    def draw(k: int):
        for s, collection in enumerate(lines):
            collection.set_array(np.ma.masked_invalid(ratios[s][k]))
        clock.set_text(label("title_animation", language,
                             period=_period(frames[k], frames[k] + FRAME_S)))
        return [*lines, clock]
    animation = FuncAnimation(figure, draw, frames=len(frames), blit=False)
    animation.save(path, writer=PillowWriter(fps=FRAME_PER_S), dpi=72)
    plt.close(figure)
    return Path(path)


MAPS = {"peak_speed.png": peak_speed_map, "speed_change.png": speed_change_map}
ANIMATION = "congestion_day.gif"


def draw_maps(comparison: Comparison, language: str, folder: Path) -> list[Path]:
    """The maps (PNG) into `folder`, then the day's animation (GIF, last)."""
    paths = [draw(comparison, language, folder / name) for name, draw in MAPS.items()]
    return [*paths, congestion_animation(comparison, language, folder / ANIMATION)]
