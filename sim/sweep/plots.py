"""A sweep's figures: how a figure responds to each parameter, to two at once, and which
parameters matter most (a tornado chart of Sobol' indices)."""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from ..report.labels import kpi_label  # noqa: E402
from .spec import SweepSpec  # noqa: E402

DPI = 130


def parameter_axis(spec: SweepSpec, table: dict[str, np.ndarray],
                   path: str) -> tuple[np.ndarray, list]:
    """A parameter's values as float64 positions, and tick labels: the numbers themselves,
    or for a list of values that are not numbers (a lunch-home curve) their index in the
    spec's list, labelled 1, 2, ... (empty labels: ticks as for numbers)."""
    try:
        return table[path].astype(np.float64), []
    except (TypeError, ValueError):
        listed = [json.dumps(v) for v in next(p for p in spec.parameters
                                             if p.path == path).values]
        return (np.array([listed.index(v) for v in table[path]], dtype=np.float64),
                [str(k + 1) for k in range(len(listed))])


def response_curves(spec: SweepSpec, table: dict[str, np.ndarray], kpi: str,
                    path: str | Path) -> Path:
    """The figure against each numeric parameter: every run, and the mean at each value."""
    swept = [p.path for p in spec.parameters]
    figure, axes = plt.subplots(1, len(swept), figsize=(4.5 * len(swept), 4), squeeze=False)
    y = table[kpi].astype(np.float64)
    for axis, name in zip(axes[0], swept):
        x, ticks = parameter_axis(spec, table, name)
        if ticks:
            axis.set_xticks(range(len(ticks)), ticks)
        axis.scatter(x, y, s=10, alpha=0.5, color="#0072B2", label="runs")
        levels = np.unique(x)
        if levels.size <= 20:
            means = [np.nanmean(y[x == v]) for v in levels]
            axis.plot(levels, means, color="#D55E00", marker="o", label="mean over seeds")
        axis.set_xlabel(name)
        axis.grid(alpha=0.3)
    axes[0, 0].set_ylabel(kpi_label(kpi, "en"))
    axes[0, 0].legend(frameon=False)
    figure.suptitle(f"{kpi_label(kpi, 'en')} against each parameter")
    figure.tight_layout()
    figure.savefig(path, dpi=DPI)
    plt.close(figure)
    return Path(path)


def heatmap(spec: SweepSpec, table: dict[str, np.ndarray], x_path: str, y_path: str,
            kpi: str, path: str | Path, bins: int = 8) -> Path:
    """The figure's mean over two parameters: on the grid's values, or in bins x bins cells
    for a sampled design (empty cells blank)."""
    x, x_ticks = parameter_axis(spec, table, x_path)
    y, y_ticks = parameter_axis(spec, table, y_path)
    z = table[kpi].astype(np.float64)
    xs, ys = np.unique(x), np.unique(y)
    if xs.size * ys.size > bins * bins:
        xs, ys = np.linspace(x.min(), x.max(), bins + 1), np.linspace(y.min(), y.max(), bins + 1)
        total = np.histogram2d(x, y, [xs, ys], weights=np.nan_to_num(z))[0]
        count = np.histogram2d(x, y, [xs, ys])[0]
        mean, x_edges, y_edges = np.where(count > 0, total / np.maximum(count, 1), np.nan), xs, ys
    else:
        mean = np.array([[np.nanmean(z[(x == a) & (y == b)]) for b in ys] for a in xs])
        x_edges, y_edges = _edges(xs), _edges(ys)
    figure, axis = plt.subplots(figsize=(6.5, 5))
    mesh = axis.pcolormesh(x_edges, y_edges, mean.T, cmap="viridis", shading="flat")
    figure.colorbar(mesh, ax=axis, label=kpi_label(kpi, "en"))
    if x_ticks:
        axis.set_xticks(range(len(x_ticks)), x_ticks)
    if y_ticks:
        axis.set_yticks(range(len(y_ticks)), y_ticks)
    axis.set_xlabel(x_path)
    axis.set_ylabel(y_path)
    axis.set_title(f"{kpi_label(kpi, 'en')}: mean over runs")
    figure.tight_layout()
    figure.savefig(path, dpi=DPI)
    plt.close(figure)
    return Path(path)


def _edges(centres: np.ndarray) -> np.ndarray:
    """Cell edges around sorted centres (half-way between, the ends mirrored)."""
    if centres.size == 1:
        return np.array([centres[0] - 0.5, centres[0] + 0.5])
    middle = (centres[1:] + centres[:-1]) / 2
    return np.r_[2 * centres[0] - middle[0], middle, 2 * centres[-1] - middle[-1]]


def tornado(sensitivity: dict[str, np.ndarray], kpi: str, path: str | Path) -> Path:
    """Total- and first-order Sobol' indices of one figure, parameters sorted by total
    order, with 95% bootstrap intervals."""
    mine = sensitivity["kpi"] == kpi
    order = np.argsort(sensitivity["total_order"][mine])
    names = sensitivity["parameter"][mine][order]
    figure, axis = plt.subplots(figsize=(8, 1.0 + 0.6 * names.size))
    y = np.arange(names.size)
    for offset, index, colour in ((0.18, "total", "#0072B2"), (-0.18, "first", "#E69F00")):
        value = sensitivity[f"{index}_order"][mine][order].astype(np.float64)
        low = sensitivity[f"{index}_low"][mine][order].astype(np.float64)
        high = sensitivity[f"{index}_high"][mine][order].astype(np.float64)
        errors = np.nan_to_num(np.vstack([value - low, high - value]).clip(min=0))
        axis.barh(y + offset, value, height=0.34, xerr=errors, capsize=3, color=colour,
                  label=f"{index} order")
    axis.set_yticks(y)
    axis.set_yticklabels(names)
    axis.set_xlabel("Sobol' index (share of the variance, 95% interval)")
    axis.set_title(f"What moves {kpi_label(kpi, 'en')}")
    axis.axvline(0, color="0.3", linewidth=0.8)
    axis.legend(frameon=False, loc="lower right")
    figure.tight_layout()
    figure.savefig(path, dpi=DPI)
    plt.close(figure)
    return Path(path)


def draw_sweep_figures(spec: SweepSpec, table: dict[str, np.ndarray], folder: Path,
                       sensitivity: dict[str, np.ndarray] | None = None) -> list[Path]:
    """Response curves of the first sensitivity figure; a heatmap over the first two
    parameters; a tornado chart per figure of a Sobol' sweep."""
    kpi = spec.sensitivity[0]
    if kpi not in table or not np.isfinite(table[kpi].astype(np.float64)).any():
        return []
    paths = [response_curves(spec, table, kpi, folder / "response.png")]
    if len(spec.parameters) >= 2:
        paths.append(heatmap(spec, table, spec.parameters[0].path, spec.parameters[1].path,
                             kpi, folder / "heatmap.png"))
    if sensitivity is not None:
        for k, name in enumerate(dict.fromkeys(sensitivity["kpi"])):
            paths.append(tornado(sensitivity, name, folder / f"tornado_{k + 1}.png"))
    return paths
