"""A checked scenario as typed, frozen settings: one dataclass per table of the schema.

The schema (schema.py) says what each field accepts, its default and what it
means; these classes say what the model reads. A field whose kind converts its
unit is named for the model's unit and declares the TOML key it is read from
(``drop_off_dwell_s = toml("drop_off_dwell_min")``), so every TOML key can be
found in the code that reads it. `build` fills a class from the schema-checked
table and fails on a field the two do not share, so they cannot drift apart.
Tables of one value per name (mode shares, pcu) are dicts keyed by that name;
tables of tables (groups, schedules) are dicts of their class.
"""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass
from typing import Any, TypeVar

from .schedules import WorkSchedule

T = TypeVar("T")


def toml(key: str) -> Any:
    """A field read from TOML key `key`, whose unit the schema's kind converts."""
    return dataclasses.field(metadata={"toml": key})


@dataclass(frozen=True)
class RoadSettings:
    """A road's lanes, free speed and capacity; None: left as it is."""

    lanes: float | None
    free_speed_kmh: float | None
    capacity_vphpl: float | None


@dataclass(frozen=True)
class FacilityTypeSettings:
    """`network.facility_types.<type>`: what changes on every link of a road class."""

    capacity_factor: float


@dataclass(frozen=True)
class ShaoyangSettings:
    """`network.shaoyang`: the built-in stylised city's parameters."""

    road_classes: dict[str, RoadSettings]
    closed_zi_bridges_km: list[float] | None


@dataclass(frozen=True)
class NetworkSettings:
    """`network`: where the roads come from and how their links hold traffic."""

    source: str
    gmns: str | None
    backward_wave_kmh: float | None
    stuck_time_s: float | None
    storage_floor: bool
    bridge_column: str
    links: dict[str, RoadSettings]
    facility_types: dict[str, FacilityTypeSettings]
    shaoyang: ShaoyangSettings


@dataclass(frozen=True)
class TitleSettings:
    """`title`: what a reader calls the scenario, by language; None: not stated."""

    en: str | None
    zh: str | None


@dataclass(frozen=True)
class SimulationSettings:
    """`simulation`: the day's clock, steps, seed and sample."""

    start_s: float = toml("start")
    end_s: float = toml("end")
    dt_s: float
    tick_s: float
    seed: int
    scale: float
    series_interval_s: float


@dataclass(frozen=True)
class LunchHomeSettings:
    """`population.lunch_home`: the share going home at noon against the break's length."""

    break_s: list[float] = toml("break_min")
    share: list[float]


@dataclass(frozen=True)
class PopulationSettings:
    """`population`: the people, where they go, how pupils reach school."""

    people: int
    home_weight: str
    trip_decay_km: float
    school_decay_km: float
    walk_speed_kmh: float
    walk_max_km: float
    teacher_share: float
    parent_groups: list[str]
    drop_off_dwell_s: float = toml("drop_off_dwell_min")
    pickup_dwell_s: float = toml("pickup_dwell_min")
    gate_opens_s: float = toml("gate_opens_min")
    lunch_home: LunchHomeSettings
    escort: dict[str, float]
    pcu: dict[str, float]
    grandparent_modes: dict[str, float]


@dataclass(frozen=True)
class GroupSettings:
    """`groups.<name>`: one group's share, places, spread of hours and modes."""

    share: float
    work_weight: str
    flex_s: float = toml("flex_min")
    lunch_home: bool
    modes: dict[str, float]
    errand_hours: list[float] | None
    errand_dwell_s: list[float] | None = toml("errand_dwell_min")


@dataclass(frozen=True)
class ScheduleSettings:
    """`schedules.<group>`: the hours a working group keeps, and where."""

    periods: WorkSchedule
    compliance: float
    zones_column: str | None
    zones_values: list[str] | None
    otherwise: WorkSchedule | None


@dataclass(frozen=True)
class EquilibriumSettings:
    """`equilibrium`: day-to-day adaptation of departures and routes."""

    iterations: int
    gap: float
    settle: float
    choice_scale_s: float = toml("choice_scale_min")
    window_s: list[float] = toml("window_min")
    route_share: float


@dataclass(frozen=True)
class ImpactSettings:
    """`impacts`: fuel, CO2, congestion, school streets and the evening."""

    fuel_l_per_km: float
    idle_fuel_l_per_h: float
    fuel_modes: list[str]
    co2_kg_per_l: float
    congested_speed_ratio: float
    school_window_s: float = toml("school_window_min")
    evening_end_s: float = toml("evening_end")


@dataclass(frozen=True)
class BehaviourSettings:
    """`behaviour.<group>`: one working group's costs and margins."""

    alpha_per_h: float
    beta_per_h: float
    gamma_per_h: float
    arrival_buffer_s: list[float] = toml("arrival_buffer_min")
    leave_after_s: list[float] = toml("leave_after_min")


@dataclass(frozen=True)
class Settings:
    """Every field of a scenario in model units (seconds, shares), defaults filled."""

    name: str | None
    description: str
    title: TitleSettings
    network: NetworkSettings
    simulation: SimulationSettings
    population: PopulationSettings
    groups: dict[str, GroupSettings]
    schedules: dict[str, ScheduleSettings]
    equilibrium: EquilibriumSettings
    impacts: ImpactSettings
    behaviour: dict[str, BehaviourSettings]


def _toml_key(field: dataclasses.Field) -> str:
    """The TOML key a settings field is read from."""
    return field.metadata.get("toml", field.name)


def build(cls: type[T], checked: dict, dotted: str = "") -> T:
    """Settings of class `cls` from a schema-checked table keyed by TOML keys.

    Raises TypeError (a bug, not bad input) when the class and the schema do not
    have the same fields.
    """
    fields, hints = dataclasses.fields(cls), typing.get_type_hints(cls)
    keys = {_toml_key(field) for field in fields}
    if keys != set(checked):
        raise TypeError(f"{cls.__name__} and the schema's {dotted or 'top level'} differ: "
                        f"{sorted(keys ^ set(checked))}")
    return cls(**{field.name: _value(hints[field.name], checked[_toml_key(field)],
                                     f"{dotted}{_toml_key(field)}")
                  for field in fields})


def _value(hint: Any, value: Any, dotted: str) -> Any:
    """A checked value as `hint` says: a settings class, a dict of them, or as it is
    (a value the schema's kind made, such as a WorkSchedule)."""
    if dataclasses.is_dataclass(hint) and isinstance(value, dict):
        return build(hint, value, dotted + ".")
    item = typing.get_args(hint)[-1] if typing.get_origin(hint) is dict else None
    if dataclasses.is_dataclass(item):
        return {name: build(item, table, f"{dotted}.{name}.") for name, table in value.items()}
    return value
