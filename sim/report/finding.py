"""Page 1's content: the headline, a table of what each schedule changes, and how sure.

The words and cells are built from the comparison's numbers (no sentence is
written by hand for a particular result), in the language asked, from the
label table. The table answers a decision maker's three questions in turn:
what the roads gain, who gains and who loses, and what else changes.
"""

from __future__ import annotations

import numpy as np

from ..compare.comparison import Comparison
from ..compare.robust import ASSUMPTIONS
from ..scenario import GROUPS
from .departures import departures_sentence
from .labels import label
from .tables import interval_text, number_text

RELATIVE, OWN_UNIT = "relative", "own unit"  # how a change is written: % of the reference's
BAND = "delay_pcu_h band"  # the table's row of road delay's range over the assumptions
DRIVING_RHO = 0.7  # a rank correlation this large names an assumption as driving a range
# (over 8 points, 0.74 is the 5% critical value, Zar 1972)


def _change_rows(comparison: Comparison) -> list[tuple[str, str | None, str, dict]]:
    """(section, flat KPI key or None for a section's heading row, how written, label
    values) of the table, for the figures the comparison holds."""
    groups = [g for g in GROUPS if f"groups.{g}.delay_h" in comparison.values]
    band = [("roads", BAND, RELATIVE, {})] if comparison.robustness is not None else []
    rows = [("roads", "delay_pcu_h", RELATIVE, {}), *band,
            ("roads", "daily_peaks.count", OWN_UNIT, {}),
            ("roads", "co2_t", RELATIVE, {}),
            *(("people", f"groups.{g}.delay_h", RELATIVE, {"group": g}) for g in groups),
            ("people", "groups.office.lateness_share", OWN_UNIT, {}),
            ("people", "school_runs.parent_runs_on_time_share", OWN_UNIT, {}),
            ("else", "near_schools_at_bells_pcu_km", RELATIVE, {}),
            ("else", "evening_h.office", OWN_UNIT, {})]
    held = [row for row in rows if row[1] in comparison.values or row[1] == BAND]
    table: list[tuple[str, str | None, str, dict]] = []
    for row in held:
        if not table or table[-1][0] != row[0]:
            table.append((row[0], None, "", {}))
        table.append(row)
    return table


ROW_LABELS = {"delay_pcu_h": "row_delay", BAND: "row_delay_band", "daily_peaks.count": "row_peaks",
              "co2_t": "row_co2",
              "groups.office.lateness_share": "row_late",
              "school_runs.parent_runs_on_time_share": "row_school_runs",
              "near_schools_at_bells_pcu_km": "row_school_streets",
              "evening_h.office": "row_evening"}


def _row_label(key: str, values: dict, language: str) -> str:
    if key.startswith("groups.") and key.endswith(".delay_h"):
        return label("row_group_delay", language, group=label(values["group"], language))
    return label(ROW_LABELS[key], language)


def _percent(change: float, reference: float) -> str:
    return "-" if not reference else f"{100 * change / reference:+.0f}%"


def relative_change(comparison: Comparison, key: str, s: int) -> str:
    """"-37% [-41%, -33%]": scenario s's paired difference in figure `key` as a share of
    the reference's level, with its interval."""
    change, reference = comparison.difference(key), comparison.interval(key).mean[0]
    return interval_text(change.mean[s], change.low[s], change.high[s],
                         lambda value: _percent(value, reference))


def own_unit_change(comparison: Comparison, key: str, s: int) -> str:
    """"+6.1 [+4.0, +8.2]": scenario s's paired difference in figure `key` with its
    interval, in its own unit, a share in percentage points (the row's label names the
    unit)."""
    change = comparison.difference(key)
    points = 100.0 if key.endswith("_share") else 1.0
    return interval_text(change.mean[s], change.low[s], change.high[s], lambda value: (
        number_text(points * value, "", signed=True)))


def _delay_band(comparison: Comparison, s: int) -> tuple[str, str]:
    delay, base = comparison.difference("delay_pcu_h"), comparison.interval("delay_pcu_h").mean[0]
    low, high = comparison.robustness.band("delay_pcu_h", delay.mean / base)
    return _percent(low[s], 1.0), _percent(high[s], 1.0)


def delay_band(comparison: Comparison, s: int, language: str) -> str:
    """"-45% to -25%": scenario s's change in road delay over the assumptions, as a share
    of the reference's level (``Robustness.band``)."""
    low, high = _delay_band(comparison, s)
    return label("band", language, low=low, high=high)


def drivers(comparison: Comparison, s: int, language: str) -> str:
    """Which assumptions drive scenario s's range of road delay, strongest first."""
    rho = comparison.robustness.attribution("delay_pcu_h")[s]
    title = comparison.titled(language)[s]
    order = [a for a in np.argsort(-np.abs(np.nan_to_num(rho))) if abs(rho[a]) >= DRIVING_RHO]
    if not order:
        return label("robust_no_driver", language, schedule=title)
    named = [label("driver", language, assumption=label(f"assumption_{ASSUMPTIONS[a].name}",
                                                        language), rho=f"{rho[a]:+.2f}")
             for a in order]
    return label("robust_drivers", language, schedule=title,
                 drivers=label("and", language).join(named))


def robustness_text(comparison: Comparison, language: str) -> str:
    """How the range over the assumptions was found, and what drives it ("" without one)."""
    robust = comparison.robustness
    if robust is None:
        return ""
    assumptions = ", ".join(label(f"assumption_{a.name}", language) for a in ASSUMPTIONS)
    return label("robust_sentence", language, points=len(robust.levels),
                 assumptions=assumptions, seed=robust.seed, days=robust.days,
                 drivers=" ".join(drivers(comparison, s, language)
                                  for s in range(1, len(comparison.names))))


def change_table(comparison: Comparison, language: str) -> tuple[list[str], list[list[str]]]:
    """Page 1's table: the header (an empty corner, then each schedule's title but the
    reference's) and the rows (a label, then each schedule's change against the
    reference with its interval); a section's heading row has empty cells."""
    titles = comparison.titled(language)
    rows = []
    for section, key, written, values in _change_rows(comparison):
        if key is None:
            rows.append([label(f"section_{section}", language)] + [""] * (len(titles) - 1))
            continue
        if key == BAND:
            cells = [delay_band(comparison, s, language) for s in range(1, len(titles))]
        else:
            cells = [relative_change(comparison, key, s) if written == RELATIVE
                     else own_unit_change(comparison, key, s) for s in range(1, len(titles))]
        rows.append([_row_label(key, values, language), *cells])
    return ["", *titles[1:]], rows


def headline(comparison: Comparison, language: str) -> str:
    """The schedule that relieves the roads most, with its interval; or that none does
    beyond chance; or, with one seed, that chance was not estimated."""
    titles = comparison.titled(language)
    delay, base = comparison.difference("delay_pcu_h"), comparison.interval("delay_pcu_h").mean[0]
    others = range(1, len(titles))
    if delay.n < 2:
        best = min(others, key=lambda s: delay.mean[s])
        return _with_band(comparison, best, language, label(
            "finding_one_seed", language, best=titles[best], reference=titles[0],
            change=_percent(delay.mean[best], base)))
    lowered = [s for s in others if delay.high[s] < 0]
    if not lowered:
        return label("finding_none", language, reference=titles[0])
    best = min(lowered, key=lambda s: delay.mean[s])
    return _with_band(comparison, best, language, label(
        "finding_best", language, best=titles[best], reference=titles[0],
        change=_percent(delay.mean[best], base), low=_percent(delay.low[best], base),
        high=_percent(delay.high[best], base)))


def _with_band(comparison: Comparison, s: int, language: str, sentence: str) -> str:
    if comparison.robustness is None:
        return sentence
    low, high = _delay_band(comparison, s)
    space = "" if language == "zh" else " "
    return f"{sentence}{space}{label('finding_band', language, low=low, high=high)}"


def how_sure(comparison: Comparison, language: str) -> str:
    """The seeds, the scale, how departures were found, and what the intervals leave out."""
    n = len(comparison.seeds)
    seeds = label("one_seed", language) if n == 1 else label("seed_count", language, n=n)
    key = "how_sure" if comparison.robustness is None else "how_sure_robust"
    return label(key, language, seeds=seeds, scale=f"{comparison.scale:g}",
                 adaptation=departures_sentence(comparison, language))


def table_caption(comparison: Comparison, language: str) -> str:
    """The line above the table: against what, and what the brackets hold."""
    key = "table_caption" if len(comparison.seeds) > 1 else "table_caption_one_seed"
    return label(key, language, reference=comparison.titled(language)[0])


def finding_markdown(comparison: Comparison, language: str) -> str:
    """finding.md: the headline, the table's caption and the table, and how sure."""
    header, rows = change_table(comparison, language)
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        cells = [f"**{row[0]}**", *row[1:]] if not any(row[1:]) else row
        lines.append("| " + " | ".join(cells) + " |")
    parts = [headline(comparison, language), table_caption(comparison, language),
             "\n".join(lines), how_sure(comparison, language),
             robustness_text(comparison, language)]
    return "\n\n".join(part for part in parts if part) + "\n"
