"""docs/scenarios.md documents every field of the schema, as the schema states it."""

from pathlib import Path

from sim.scenario.reference import reference_markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "scenarios.md"


def test_field_reference_in_the_docs_matches_the_schema():
    assert reference_markdown() in DOC.read_text(encoding="utf-8"), (
        "docs/scenarios.md is out of date: run python -m sim.scenario.reference")


def test_every_field_of_the_baseline_is_documented():
    text = reference_markdown()
    for field in ("schedules.<group>.compliance", "population.lunch_home.share",
                  "population.escort.<parent|grandparent|alone>", "simulation.dt_s",
                  "behaviour.<group>.gamma_per_h", "groups.<group>.errand_hours"):
        assert f"`{field}`" in text
