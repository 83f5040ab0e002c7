"""Checks that span several fields of a scenario (the schema checks each field alone)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from ..errors import ScenarioError
from .schema import GROUPS, WORK_GROUPS
from .settings import Settings

Where = Callable[[str], object]


def _fail(where: Where, field: str, message: str, among: str | None = None) -> None:
    """Raise on `field`, naming the file that last stated it or, for a disagreement
    between fields, anything in the table `among` that holds them."""
    raise ScenarioError(message, file=where(among or field), field=field)


def _check_groups(settings: Settings, where: Where) -> None:
    total = sum(group.share for group in settings.groups.values())
    if abs(total - 1.0) > 1e-6:
        _fail(where, "groups", f"group shares sum to {total:.6g}; they must sum to 1")
    for name in GROUPS:
        group = settings.groups[name]
        errands = group.errand_hours is not None, group.errand_dwell_s is not None
        field = f"groups.{name}"
        if name == "background" and not all(errands):
            _fail(where, field, "the background group needs errand_hours and errand_dwell_min")
        if name != "background" and any(errands):
            _fail(where, field, "errand_hours and errand_dwell_min are for background only")
    background = settings.groups["background"]
    if sum(background.errand_hours) <= 0:
        _fail(where, "groups.background.errand_hours", "at least one hour must have a weight > 0")
    low, high = background.errand_dwell_s
    if low > high:
        _fail(where, "groups.background.errand_dwell_min", "the first value must not exceed "
              "the second")


def _check_population(settings: Settings, where: Where) -> None:
    population = settings.population
    lunch = population.lunch_home
    if len(lunch.break_s) != len(lunch.share):
        _fail(where, "population.lunch_home.share", f"needs one share per break length "
              f"({len(lunch.break_s)})", among="population.lunch_home")
    pcu = population.pcu
    if pcu["walk"] != 0:
        _fail(where, "population.pcu.walk", "must be 0: walkers load no road")
    for mode in ("car", "ebike", "bus"):
        if not pcu[mode] > 0:
            _fail(where, f"population.pcu.{mode}", "must be > 0: this mode uses the road")
    for group in population.parent_groups:
        if group not in ("office", "enterprise", "service"):
            _fail(where, "population.parent_groups", f"{group!r} is not allowed; use office, "
                  "enterprise or service")


def _check_schedules(settings: Settings, where: Where) -> None:
    for name in WORK_GROUPS:
        schedule, field = settings.schedules[name], f"schedules.{name}"
        partial = schedule.zones_column is not None or schedule.zones_values is not None
        if (schedule.zones_column is None) != (schedule.zones_values is None):
            _fail(where, field, "zones_column and zones_values go together")
        if (schedule.compliance < 1 or partial) and schedule.otherwise is None:
            _fail(where, f"{field}.otherwise", "needed when compliance < 1 or zones are given: "
                  "the periods kept by the others")
    for name, behaviour in settings.behaviour.items():
        if not behaviour.beta_per_h < behaviour.alpha_per_h:
            _fail(where, f"behaviour.{name}.beta_per_h", "must be below alpha_per_h: an hour "
                  "early must cost less than an hour in traffic (Vickrey; Small 1982)",
                  among=f"behaviour.{name}")
        margins = {"arrival_buffer_min": behaviour.arrival_buffer_s,
                   "leave_after_min": behaviour.leave_after_s}
        for key, (low, high) in margins.items():
            if low > high:
                _fail(where, f"behaviour.{name}.{key}",
                      "the first value must not exceed the second")


def _check_times(settings: Settings, where: Where) -> None:
    simulation, population = settings.simulation, settings.population
    if not simulation.end_s > simulation.start_s:
        _fail(where, "simulation.end", "must be after simulation.start", among="simulation")
    tick = simulation.tick_s
    if abs(tick / simulation.dt_s - round(tick / simulation.dt_s)) > 1e-9:
        _fail(where, "simulation.tick_s", f"must be a whole number of steps of dt_s "
              f"({simulation.dt_s:g} s)", among="simulation")
    for name, time_s in (("start", simulation.start_s), ("end", simulation.end_s)):
        if abs(time_s / tick - round(time_s / tick)) > 1e-9:
            _fail(where, f"simulation.{name}", f"must fall on a whole tick (tick_s = {tick:g} s)",
                  among="simulation")
    dwells = {"population.drop_off_dwell_min": population.drop_off_dwell_s,
              "population.pickup_dwell_min": population.pickup_dwell_s,
              "groups.background.errand_dwell_min":
                  settings.groups["background"].errand_dwell_s[0]}
    for field, dwell_s in dwells.items():
        if dwell_s < tick:
            _fail(where, field, f"a dwell ({dwell_s / 60:g} min) must be at least "
                  f"simulation.tick_s ({tick:g} s), so that onward legs leave on time")


def _check_network(settings: Settings, where: Where) -> None:
    network = settings.network
    if network.source == "gmns" and network.gmns is None:
        _fail(where, "network.gmns", 'needed when source = "gmns": the folder of the GMNS files')
    shaoyang = network.shaoyang
    stated = shaoyang.closed_zi_bridges_km is not None or any(
        value is not None for road in shaoyang.road_classes.values()
        for value in dataclasses.astuple(road))
    if stated and network.source != "shaoyang":
        _fail(where, "network.shaoyang", 'only for source = "shaoyang"')


def check_consistency(settings: Settings, where: Where) -> None:
    """Raise ScenarioError on fields that disagree; `where(field)` names the file at fault."""
    _check_network(settings, where)
    _check_groups(settings, where)
    _check_population(settings, where)
    _check_schedules(settings, where)
    _check_times(settings, where)
