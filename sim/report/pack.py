"""`staggersim compare`: run scenarios over the same seeds and write the tables and figures.

The output folder follows the policy of ``output.py``: claimed before any run,
and it appears whole or not at all:
    comparison.csv    every figure, per scenario: mean, 95% interval, and the
                      paired difference from the first scenario with its interval
    comparison.md     the headline figures as a Markdown table, in the language asked
    comparison_all.md every figure (per group, per bridge) as a Markdown table
    kpis_by_seed.csv  every figure of every run
    robust.csv        with `robust`: every figure at each point of the design of
                      assumed levels (``compare/robust.py``)
    runs/NAME/seed_K/kpis.json   each run's key figures
    *.png             the figures (``figures.py``) and maps (``maps.py``)
    congestion_day.gif  the day's congestion on the map, every 15 minutes
    briefing.pdf      the finding in plain words, then the figures (``briefing.py``)
    finding.md        page 1's headline, table and how sure, to quote
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from ..compare.comparison import Comparison, run_comparison
from ..compare.robust import DAYS, plan_robustness, run_robustness
from ..errors import InputError
from ..output import OutputFolder
from ..scenario import Scenario, load_scenario
from ..tables import write_csv, write_json
from .finding import finding_markdown
from .labels import LANGUAGES
from .tables import by_seed_table, long_table, markdown_table, robust_table


def compare(scenarios: list[Scenario | str | Path], out_dir: str | Path, *, seeds: int = 3,
            scale: float | None = None, iterations: int | None = None, language: str = "en",
            progress: bool = False, force: bool = False, workers: int = 1,
            scheduler: str | None = None, dask_local: int | None = None, robust: int = 0,
            robust_days: int = DAYS) -> Comparison:
    """Run each scenario with seeds 1..`seeds` and write the comparison to `out_dir`.

    Parameters
    ----------
    scenarios : scenarios or TOML files; the first is the reference.
    out_dir : the output folder (replaced whole).
    seeds : how many seeds (replications), 1 to `seeds`.
    scale : population scale for every scenario (default: each scenario's own).
    iterations : most days of adaptation for every scenario, 0 for fixed departures
        (default: each scenario's own).
    language : "en" or "zh" for the Markdown table and the figures.
    progress : show a bar over the runs.
    force : write into a non-empty folder staggersim did not write.
    workers, scheduler, dask_local : where the runs run (``executors.run_everywhere``).
    robust : points of the design of assumed levels to run every scenario at, with the
        first seed, besides the nominal point (``compare/robust.py``); 0: none.
    robust_days : most days of adaptation of those runs.
    """
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
    if seeds < 1:
        raise ValueError(f"seeds must be at least 1, not {seeds}")
    if len(scenarios) < 2:
        raise InputError("compare needs at least two scenarios: the reference first, then "
                         "the schedules to set against it", field="SCENARIO")
    scenarios = [s if isinstance(s, Scenario) else load_scenario(s) for s in scenarios]
    out = OutputFolder.claim(out_dir, inputs=[p for s in scenarios for p in s.input_paths],
                             force=force, what="compare")
    overrides = {}
    if scale is not None:
        overrides["simulation.scale"] = scale
    if iterations is not None:
        overrides["equilibrium.iterations"] = iterations
    plan = (plan_robustness([s.with_values(overrides) for s in scenarios], seed=1,
                            points=robust, days=robust_days) if robust else None)
    kpis: dict[tuple[str, int], dict] = {}
    bar = _bar(len(scenarios) * (seeds + (robust + 1 if robust else 0)), progress)

    def tick() -> None:
        if bar is not None:
            bar.update()

    def on_run(name: str, seed: int, run_kpis: dict) -> None:
        kpis[(name, seed)] = run_kpis
        tick()
    where = {"workers": workers, "scheduler": scheduler, "dask_local": dask_local}
    try:
        comparison = run_comparison(scenarios, list(range(1, seeds + 1)), overrides=overrides,
                                    on_run=on_run, **where)
        if plan is not None:
            comparison = dataclasses.replace(
                comparison, robustness=run_robustness(plan, on_run=tick, **where))
    finally:
        if bar is not None:
            bar.close()
    from .briefing import write_briefing  # matplotlib only when a pack is written
    from .figures import draw_figures
    from .maps import draw_maps

    with out.writing() as folder:
        write_csv(folder / "comparison.csv", long_table(comparison))
        write_csv(folder / "kpis_by_seed.csv", by_seed_table(comparison))
        if comparison.robustness is not None:
            write_csv(folder / "robust.csv", robust_table(comparison))
        (folder / "comparison.md").write_text(markdown_table(comparison, language),
                                              encoding="utf-8")
        (folder / "comparison_all.md").write_text(
            markdown_table(comparison, language, tuple(comparison.values)), encoding="utf-8")
        for (name, seed), run_kpis in kpis.items():
            run_folder = folder / "runs" / name / f"seed_{seed}"
            run_folder.mkdir(parents=True)
            write_json(run_folder / "kpis.json", run_kpis)
        pictures = [*draw_maps(comparison, language, folder),  # the maps first: at a glance
                    *draw_figures(comparison, language, folder)]
        write_briefing(comparison, language, [p for p in pictures if p.suffix == ".png"],
                       folder / "briefing.pdf")
        (folder / "finding.md").write_text(finding_markdown(comparison, language),
                                           encoding="utf-8")
    return comparison


def _bar(total: int, show: bool):
    if not show:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="run", desc="compare", disable=None)
