"""Typed settings: one frozen field per schema field, each found by its TOML key."""

import dataclasses
import typing
from pathlib import Path

import pytest

from sim.scenario import Settings, SimulationSettings, load_scenario
from sim.scenario.schema import SCHEMA, Each, Field
from sim.scenario.settings import build

BASELINE = Path(__file__).resolve().parents[2] / "scenarios" / "shaoyang" / "baseline_8to5.toml"


def _pairs(cls: type, schema: dict, dotted: str = ""):
    """(dotted TOML key, settings field, schema entry) for every field, nested ones too."""
    hints = typing.get_type_hints(cls)
    for field in dataclasses.fields(cls):
        key = field.metadata.get("toml", field.name)
        spec, hint = schema[key], hints[field.name]
        yield dotted + key, field, spec
        if isinstance(spec, dict):
            yield from _pairs(hint, spec, f"{dotted}{key}.")
        elif isinstance(spec, Each):
            yield from _pairs(typing.get_args(hint)[1], spec.fields, f"{dotted}{key}.*.")


def test_settings_classes_cover_the_schema_field_for_field():
    stated = {dotted for dotted, _, _ in _pairs(Settings, SCHEMA)}

    def schema_keys(schema: dict, dotted: str = ""):
        for key, spec in schema.items():
            yield dotted + key
            if isinstance(spec, dict):
                yield from schema_keys(spec, f"{dotted}{key}.")
            elif isinstance(spec, Each):
                yield from schema_keys(spec.fields, f"{dotted}{key}.*.")
    assert stated == set(schema_keys(SCHEMA))


def test_a_renamed_field_is_one_whose_kind_converts_to_seconds():
    renamed = {dotted: field.name for dotted, field, spec in _pairs(Settings, SCHEMA)
               if field.name != dotted.rsplit(".", 1)[-1]}
    assert renamed and all(name.endswith("_s") for name in renamed.values())
    for dotted, field, spec in _pairs(Settings, SCHEMA):
        to_seconds = isinstance(spec, Field) and (spec.unit == "min"
                                                  or spec.kind.allowed.startswith("a clock time"))
        assert to_seconds == (dotted in renamed), f"{dotted} is read into {field.name}"


def test_settings_hold_model_units_under_their_names():
    settings = load_scenario(BASELINE).settings
    assert settings.simulation.start_s == 5 * 3600.0
    assert settings.population.drop_off_dwell_s == 3 * 60.0
    assert settings.impacts.evening_end_s == 22 * 3600.0
    assert settings.behaviour["office"].arrival_buffer_s == [5 * 60.0, 15 * 60.0]


def test_settings_are_frozen():
    settings = load_scenario(BASELINE).settings
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.simulation.seed = 2


def test_a_class_and_table_that_differ_are_a_bug_not_bad_input():
    checked = {"start": 0.0, "end": 3600.0, "dt_s": 2.0, "tick_s": 60.0, "seed": 1,
               "scale": 1.0}
    with pytest.raises(TypeError, match="series_interval_s"):
        build(SimulationSettings, checked)
    assert build(SimulationSettings, {**checked, "series_interval_s": 300.0}).end_s == 3600.0
