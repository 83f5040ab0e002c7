"""Page 1's content: the headline, a table of what each schedule changes, and how sure.

The words and cells are built from the comparison's numbers (no sentence is
written by hand for a particular result), in the language asked, from the
label table. The table answers a decision maker's three questions in turn:
what the roads gain, who gains and who loses, and what else changes.
"""

from __future__ import annotations

from ..compare.comparison import Comparison
from ..scenario import GROUPS
from .departures import departures_sentence
from .labels import label
from .tables import interval_text, number_text

RELATIVE, OWN_UNIT = "relative", "own unit"  # how a change is written: % of the reference's


def _change_rows(comparison: Comparison) -> list[tuple[str, str | None, str, dict]]:
    """(section, flat KPI key or None for a section's heading row, how written, label
    values) of the table, for the figures the comparison holds."""
    groups = [g for g in GROUPS if f"groups.{g}.delay_h" in comparison.values]
    rows = [("roads", "delay_pcu_h", RELATIVE, {}),
            ("roads", "daily_peaks.count", OWN_UNIT, {}),
            ("roads", "co2_t", RELATIVE, {}),
            *(("people", f"groups.{g}.delay_h", RELATIVE, {"group": g}) for g in groups),
            ("people", "groups.office.lateness_share", OWN_UNIT, {}),
            ("people", "school_runs.parent_runs_on_time_share", OWN_UNIT, {}),
            ("else", "near_schools_at_bells_pcu_km", RELATIVE, {}),
            ("else", "evening_h.office", OWN_UNIT, {})]
    held = [row for row in rows if row[1] in comparison.values]
    table: list[tuple[str, str | None, str, dict]] = []
    for row in held:
        if not table or table[-1][0] != row[0]:
            table.append((row[0], None, "", {}))
        table.append(row)
    return table


ROW_LABELS = {"delay_pcu_h": "row_delay", "daily_peaks.count": "row_peaks", "co2_t": "row_co2",
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
        cells = [relative_change(comparison, key, s) if written == RELATIVE
                 else own_unit_change(comparison, key, s)
                 for s in range(1, len(titles))]
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
        return label("finding_one_seed", language, best=titles[best], reference=titles[0],
                     change=_percent(delay.mean[best], base))
    lowered = [s for s in others if delay.high[s] < 0]
    if not lowered:
        return label("finding_none", language, reference=titles[0])
    best = min(lowered, key=lambda s: delay.mean[s])
    return label("finding_best", language, best=titles[best], reference=titles[0],
                 change=_percent(delay.mean[best], base), low=_percent(delay.low[best], base),
                 high=_percent(delay.high[best], base))


def how_sure(comparison: Comparison, language: str) -> str:
    """The seeds, the scale, how departures were found, and what the intervals leave out."""
    n = len(comparison.seeds)
    seeds = label("one_seed", language) if n == 1 else label("seed_count", language, n=n)
    return label("how_sure", language, seeds=seeds, scale=f"{comparison.scale:g}",
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
    return "\n\n".join([headline(comparison, language), table_caption(comparison, language),
                        "\n".join(lines), how_sure(comparison, language)]) + "\n"
