"""Simulate one scenario's day: people, their legs, the SimPy processes and the kernel."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np

from ..demand.chains import Legs, plan_legs
from ..demand.city import City, build_city
from ..demand.population import Population, draw_population
from ..network.routing import Routes, shortest_paths
from ..scenario import Scenario
from ..traffic.kernel import LinkTransmission
from ..traffic.result import LoadResult
from .engine import run_processes

DONE, UNFINISHED, NOT_STARTED = 0, 1, 2
STATUSES = ("done", "unfinished", "not_started")


@dataclass(frozen=True)
class DayPlan:
    """Everything decided before the day runs: the city, its people and their legs.

    Attributes
    ----------
    scenario, city, population, legs : what will be simulated.
    routes : the road legs' routes; `route_of_leg` (m,) int64 indexes them (-1: none).
    planning_s : wall-clock seconds spent planning.
    """

    scenario: Scenario
    city: City
    population: Population
    legs: Legs
    routes: Routes
    route_of_leg: np.ndarray
    planning_s: float = 0.0

    def with_departures(self, not_before_s: np.ndarray) -> "DayPlan":
        """The same plan with legs leaving no earlier than `not_before_s` ((m,) s)."""
        return replace(self, legs=replace(self.legs, not_before_s=np.asarray(not_before_s)))


@dataclass(frozen=True)
class Day:
    """What happened to everyone on one simulated day.

    Attributes
    ----------
    plan : what was simulated (scenario, city, population, legs, routes).
    departure_s, arrival_s : (m,) float64 per leg, s (NaN: did not leave / arrive).
    status : (m,) int8 index into STATUSES: done, still travelling at the end, never left.
    care_s : (m,) float64 on a pickup leg, how long the child waited after school, s.
    traffic : the kernel's vehicles (the legs on the road, in order of `vehicle_leg`).
    vehicle_leg : (v,) int64 leg of each kernel vehicle.
    timings_s : wall-clock seconds of planning, kernel and SimPy orchestration.
    """

    plan: DayPlan
    departure_s: np.ndarray
    arrival_s: np.ndarray
    status: np.ndarray
    care_s: np.ndarray
    traffic: LoadResult
    vehicle_leg: np.ndarray
    timings_s: dict

    @property
    def scenario(self) -> Scenario:
        return self.plan.scenario

    @property
    def city(self) -> City:
        return self.plan.city

    @property
    def population(self) -> Population:
        return self.plan.population

    @property
    def legs(self) -> Legs:
        return self.plan.legs

    def per_leg(self, vehicle_values: np.ndarray, otherwise) -> np.ndarray:
        """(m,) float64: each road leg's kernel value, passengers their escort's leg's,
        other legs `otherwise` (a scalar or an (m,) array)."""
        values = np.array(np.broadcast_to(otherwise, len(self.legs)), dtype=np.float64)
        values[self.vehicle_leg] = vehicle_values
        riding = self.legs.rides_with >= 0
        values[riding] = values[self.legs.rides_with[riding]]
        return values


def plan_day(scenario: Scenario) -> DayPlan:
    """Build the city, draw the population, plan its legs and route the road legs."""
    started = time.perf_counter()
    with scenario.located():
        city = build_city(scenario)
        population = draw_population(scenario, city)
        legs = plan_legs(scenario, population, city)
    on_road = np.flatnonzero(legs.on_road)
    routes = shortest_paths(city.network, legs.origin[on_road], legs.destination[on_road])
    route_of_leg = np.full(len(legs), -1, dtype=np.int64)
    route_of_leg[on_road] = np.arange(on_road.size)
    return DayPlan(scenario=scenario, city=city, population=population, legs=legs,
                   routes=routes, route_of_leg=route_of_leg,
                   planning_s=time.perf_counter() - started)


def _status(legs: Legs, times: dict, end_s: float) -> np.ndarray:
    """Passengers take their escort's times; then each leg's outcome."""
    riding = legs.rides_with >= 0
    for key in ("departure_s", "arrival_s"):
        times[key][riding] = times[key][legs.rides_with[riding]]
    left = times["departure_s"] < end_s
    times["departure_s"][~left] = np.nan
    times["arrival_s"][~left | (times["arrival_s"] > end_s)] = np.nan
    return np.where(np.isfinite(times["arrival_s"]), DONE,
                    np.where(left, UNFINISHED, NOT_STARTED)).astype(np.int8)


def simulate_day(scenario: Scenario | DayPlan, *, on_tick=None) -> Day:
    """Run the day of a scenario (planned here) or of a plan, from start to end.

    `on_tick(now_s)` is called after every tick (for a progress bar).
    """
    plan = scenario if isinstance(scenario, DayPlan) else plan_day(scenario)
    settings = plan.scenario.settings.simulation
    network_settings = plan.scenario.settings.network
    started = time.perf_counter()
    kernel = LinkTransmission(plan.city.network, dt_s=settings.dt_s,
                          stuck_time_s=network_settings.stuck_time_s,
                          backward_wave_kmh=network_settings.backward_wave_kmh)
    outcome = run_processes(kernel, plan.legs, plan.routes, plan.route_of_leg,
                            start_s=settings.start_s, end_s=settings.end_s,
                            tick_s=settings.tick_s, on_tick=on_tick)
    run_s = time.perf_counter() - started
    status = _status(plan.legs, outcome, settings.end_s)
    care_s = np.where(status == DONE, outcome["care_s"], np.nan)
    return Day(plan=plan, departure_s=outcome["departure_s"], arrival_s=outcome["arrival_s"],
               status=status, care_s=care_s, traffic=kernel.result(),
               vehicle_leg=outcome["vehicle_leg"],
               timings_s={"planning": plan.planning_s, "kernel": outcome["kernel_s"],
                          "orchestration": run_s - outcome["kernel_s"]})
