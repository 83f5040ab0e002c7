"""Page 1's words and table, built from the numbers and worked here by hand."""

from sim.compare.comparison import Comparison
from sim.report.finding import (
    change_table,
    finding_markdown,
    headline,
    how_sure,
    robustness_text,
)

from .made_up import curves, made_up_comparison, with_robustness


def test_the_headline_names_the_schedule_that_relieves_the_roads_most_with_its_interval():
    # paired differences -400, -440, -360 pcu-h: mean -400, s = 40, t(0.975, 2) = 4.303,
    # half-width 99 pcu-h, against a mean level of 1,000: -40% [-50%, -30%]
    assert headline(made_up_comparison(), "en") == (
        "Of the schedules compared, Nine to five relieves the roads most: road delay -40% "
        "against Today (95% interval -50% to -30%).")
    assert headline(made_up_comparison(), "zh").startswith("在比较的方案中，朝九晚五")


def test_the_table_says_what_the_roads_gain_who_gains_and_loses_and_what_else_changes():
    header, rows = change_table(made_up_comparison(), "en")
    assert header == ["", "Nine to five", "Half past eight"]
    table = {row[0]: row[1:] for row in rows}
    sections = [row[0] for row in rows if not any(row[1:])]
    assert sections == ["What the roads gain", "Who gains and who loses", "What else changes"]
    assert table["road delay"][0] == "-40% [-50%, -30%]"
    # every group's delay is a fifth of road delay, so -40%, but services lose half again:
    # +50, +55 and +45 person-h against a mean of 100; s = 5, half-width 4.303 x 5 / 3^0.5
    assert table["delay to offices"][0] == "-40% [-50%, -30%]"
    assert table["delay to services"] == ["+50% [+38%, +62%]", "+0% [+0%, +0%]"]
    # offices late: paired differences -15, -14 and -16 points, s = 1, half-width 2.5
    assert table["offices late for work (pp)"][0] == "-15.0 [-17.5, -12.5]"
    assert table["parent school runs on time (pp)"][0] == "+30.0 [+30.0, +30.0]"
    assert table["peaks a day (change in number)"][0] == "-2.0 [-2.0, -2.0]"
    # near schools: 100 x CO2, so -10%; the evening: 4.4 against 4.5 h
    assert table["vehicle-km near schools at bell times"][0] == "-10% [-10%, -10%]"
    assert table["offices' evening after work (h)"][0] == "-0.1 [-0.1, -0.1]"


def test_no_finding_is_claimed_when_every_interval_crosses_zero():
    comparison = made_up_comparison()
    comparison.values["delay_pcu_h"][1] = comparison.values["delay_pcu_h"][0] * [0.5, 1.6, 1.0]
    comparison.values["delay_pcu_h"][2] = comparison.values["delay_pcu_h"][0] * [1.2, 0.9, 1.0]
    assert headline(comparison, "en").startswith("No schedule compared lowers road delay")


def test_with_one_seed_chance_is_said_to_be_not_estimated():
    comparison = made_up_comparison()
    one = Comparison(names=comparison.names, seeds=[1],
                     values={k: v[:, :1] for k, v in comparison.values.items()},
                     curves=[runs[:1] for runs in comparison.curves], scale=0.5,
                     titles=comparison.titles)
    assert headline(one, "en") == (
        "With one seed chance is not estimated: of the schedules compared, Nine to five "
        "changes road delay most, -40% against Today. Run two or more seeds for an interval.")
    assert "How sure: 1 seed (same people" in how_sure(one, "en")
    assert "one seed: chance not estimated" in finding_markdown(one, "en")
    _, rows = change_table(one, "en")
    assert {row[0]: row[1] for row in rows}["road delay"] == "-40%"  # no brackets


def test_how_sure_says_how_far_departures_adapted_and_why_they_stopped():
    comparison = made_up_comparison()
    settled, reached = [0.6, 0.4, 0.3], [0.6, 0.35]
    comparison.curves = [[curves(p, settled, "settled"), curves(p, reached, "gap"),
                          curves(p, settled, "settled")] for p in (1000, 600, 800)]
    assert ("departures adapted: 1-2 days of departure-time and route adaptation after the "
            "planned day (runs stopped by: gap reached 3, cost and delay settled 6); largest "
            "relative gap left 0.35") in how_sure(comparison, "en")
    assert "3 seeds" in how_sure(comparison, "en") and "scale 0.5" in how_sure(comparison, "en")
    assert "出发时间已调整" in how_sure(comparison, "zh")


def test_finding_md_has_the_headline_the_table_and_how_sure():
    text = finding_markdown(made_up_comparison(), "zh")
    assert text.startswith("在比较的方案中")
    assert "| **谁受益，谁受损** |  |  |" in text
    assert "| 道路延误 | -40% [-50%, -30%] |" in text
    assert text.rstrip().endswith("带来的不确定性。")


def test_with_a_robustness_design_the_finding_gives_both_ranges_and_what_drives_them():
    comparison = with_robustness(made_up_comparison())
    # nine's shifts over the points: -5, 0, +5 points on its settled -40%: -45% to -35%
    assert headline(comparison, "en").endswith(
        "(95% interval -50% to -30%). Over the assumptions it runs from -45% to -35%.")
    table = {row[0]: row[1:] for row in change_table(comparison, "en")[1]}
    # half past eight: settled -4% (paired differences 0, -220, +90 on 1,000), no shift
    assert table["road delay, range over the assumptions"] == ["-45% to -35%", "-4% to -4%"]
    words = robustness_text(comparison, "en")
    assert words.startswith("Range over the assumptions: 3 sets of capacity +-15%, ")
    assert "Nine to five: most from capacity +-15% (ρ +1.00)." in words  # not compliance's 0.5
    assert "Half past eight: no single assumption" in words
    assert "range over the assumptions is given apart" in how_sure(comparison, "en")
    text = finding_markdown(comparison, "zh")
    assert "| 道路延误（各项假设范围内） | -45%至-35% | -4%至-4% |" in text
    assert text.rstrip().endswith("八点半：无单一主导假设（|ρ|均小于0.7）。")
