"""A side-by-side table of the key figures of several runs (kpis.json files)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from ..errors import InputError


def _busiest_bridge(kpis: dict) -> str:
    bridges = kpis["bridges"]
    if not bridges:
        return "-"
    link, busiest = max(bridges.items(), key=lambda item: item[1]["busiest_hour_pcu"])
    return f"{link} {busiest['busiest_hour']} {busiest['busiest_hour_pcu']:,.0f}"


def _share(value) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def _minutes(value) -> str:
    return "-" if value is None else f"{value:.1f}"


def _departures(kpis: dict) -> str:
    """"fixed", or "adapted, 3 days (settled), gap 0.28"; "-" for a run that predates it."""
    adaptation = kpis.get("adaptation")
    if adaptation is None:
        return "-"
    if adaptation["departures"] == "fixed":
        return "fixed"
    return (f"adapted, {adaptation['days']} days ({adaptation['stop']}), "
            f"gap {adaptation['relative_gap']:.2f}")


ROWS: list[tuple[str, Callable[[dict], str]]] = [
    ("departures", _departures),
    ("people", lambda k: f"{k['people']:,}"),
    ("road trips", lambda k: f"{k['road_trips']:,}"),
    ("vehicle-hours (pcu-h)", lambda k: f"{k['vehicle_hours_pcu']:,.0f}"),
    ("delay (pcu-h)", lambda k: f"{k['delay_pcu_h']:,.0f}"),
    ("person delay (h)", lambda k: f"{k['person_delay_h']:,.0f}"),
    ("peak on the road (pcu)", lambda k: f"{k['peak_road_load_pcu']:,.0f}"),
    ("daily peaks", lambda k: f"{len(k['daily_peaks'])}: {' '.join(k['daily_peaks'])}"),
    ("office commute mean / p95 (min)",
     lambda k: f"{_minutes(k['groups']['office']['commute_mean_min'])} / "
               f"{_minutes(k['groups']['office']['commute_p95_min'])}"),
    ("office late", lambda k: _share(k["groups"]["office"]["lateness_share"])),
    ("enterprise late", lambda k: _share(k["groups"]["enterprise"]["lateness_share"])),
    ("pupils late", lambda k: _share(k["groups"]["school"]["lateness_share"])),
    ("parent school runs on time",
     lambda k: _share(k["school_runs"]["parent_runs_on_time_share"])),
    ("children in after-school care", lambda k: f"{k['school_runs']['children_in_care']:,}"),
    ("care per child (min)", lambda k: _minutes(k["school_runs"]["care_mean_min"])),
    ("busiest bridge hour (pcu)", _busiest_bridge),
]


def read_kpis(folder: str | Path) -> dict:
    """The kpis.json of a run folder; InputError if missing, unreadable or without the
    figures of the table."""
    path = Path(folder) / "kpis.json"
    if not path.is_file():
        raise InputError("file not found; give folders written by `staggersim run`", file=path)
    try:
        kpis = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise InputError(f"cannot be read as a run's key figures ({error}); run the scenario "
                         "again", file=path) from None
    try:
        for _, cell in (("scenario", lambda k: str(k["scenario"])), *ROWS):
            cell(kpis)
    except (KeyError, TypeError, ValueError, AttributeError):
        raise InputError("is not the kpis.json of a `staggersim run`; run the scenario again",
                         file=path) from None
    return kpis


def kpi_table(runs: list[dict]) -> str:
    """A Markdown table: one column per run, one row per key figure."""
    header = ["", *(k["scenario"] for k in runs)]
    rows = [[name, *(cell(k) for k in runs)] for name, cell in ROWS]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([_line(header, widths), rule, *(_line(r, widths) for r in rows)])


def _line(cells: list[str], widths: list[int]) -> str:
    return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths)) + " |"
