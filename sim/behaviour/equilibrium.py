"""Day after day, travellers adapt their departures and routes towards equilibrium.

Each day is simulated and its link times learnt (``experienced.py``). Then the
queue delays that ration every link's capacity minute by minute are solved for,
as the equilibrium's equivalent optimisation (Iryo and Yoshii 2007; Akamatsu et
al. 2021; ``prices.py``), with the capacity the day's other vehicles leave;
each traveller takes an arrival from a logit over the window around their
preferred arrival, and leaves early enough to queue. The delays are carried over
as the next solve's start. From the second solve on the day's link times place
each candidate on the links of its route (``choices.py``); the first solve walks
back at free flow, since the planned day's queues are nobody's choice.

Drivers also change route (``routes.py``). A traveller whose fastest-looking
route would have arrived sooner chooses between the two routes in the solve
itself, arrival and route together. Other drivers take it with a share,
`equilibrium.route_share`. With a window of nothing either side (`window_min =
[0, 0]`) departures stay as planned and only routes adapt.

Moves are damped as successive averages do: after each of the first FULL_STEPS
days every chooser takes the solve's new draw; after day k from then on a share
FULL_STEPS / (k + 1) of them, at random, and the others keep their departure
and route (the route share shrinks alike). Undamped, priced days swing: the
solve's prices overshoot and travellers pulled one way on one day come back on
the next (docs/adaptation_gap.md).

It stops at the first of three (the reason is kept with the history):
- "gap": the relative gap, the share of the day's total cost travellers could
  still save by changing departure or taking their fastest-looking route, is at
  most `equilibrium.gap`;
- "settled": the choosers' total cost and the road delay, each averaged over the
  last two days, changed by less than `equilibrium.settle` from the two days
  before: the finding no longer moves, though travellers could still save (a
  kinematic-wave city leaves a gap the link prices do not close,
  docs/adaptation_gap.md);
- "day cap": `equilibrium.iterations` days after the planned one.

Draws use the scenario's seed: iterations repeat exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from ..cores import one_blas_thread
from ..errors import InputError
from ..network.routing import Routes
from ..scenario import EquilibriumSettings, Scenario
from ..simulate.day import Day, DayPlan, plan_day, simulate_day
from ..tables import number_column, read_csv
from .choices import ArrivalChoices, arrival_choices, minute_grid
from .departures import Choosers, candidate_departures, choosable_legs, choosers, departure_costs
from .experienced import ExperiencedTimes, experienced_times
from .levels import FULL_STEPS, GAP_SAMPLE_LEGS, PRICE_EVALUATIONS, ROUTE_BIN_S, SLOT_S
from .prices import clearing_delays, drawn_departures, spare_capacity_pcu
from .routes import RouteOffers, best_routes, route_offers, switch_routes

# The adaptation's random streams, seeded with [scenario seed, stream] (the population's
# own streams are spawned from the seed alone, ``demand.population.STREAMS``).
DRAW_STREAM = 4  # departures drawn from the priced choices
GAP_STREAM = 5  # the legs the relative gap is measured on
ROUTE_STREAM = 6  # who among drivers with a faster route takes it
UPDATE_STREAM = 7  # who among the choosers takes the solve's new draw

STOPS = ("gap", "settled", "day cap")  # why the adaptation stopped (module docstring)


@dataclass(frozen=True)
class Iteration:
    """One day of the adaptation.

    Attributes
    ----------
    iteration : 0 for the day as planned.
    relative_gap : (experienced - best) / experienced total cost of the choosable legs,
        estimated on `gap_legs` of them drawn at random when there are more.
    departure_gap : the part of it travellers could save by changing departure alone,
        on their own route; the rest is what taking the fastest-looking route adds.
    total_cost : experienced total cost of all choosable legs, money.
    delay_pcu_h : the day's road delay, pcu-h.
    switched : travellers who moved their departure after this day.
    rerouted : drivers who changed route after this day.
    gap_legs : how many legs the gap was measured on.
    stop : why the adaptation stopped after this day (one of STOPS), "" if it went on.
    """

    iteration: int
    relative_gap: float
    departure_gap: float
    total_cost: float
    delay_pcu_h: float
    switched: int
    rerouted: int
    gap_legs: int
    stop: str = ""


def departures_chosen(settings: EquilibriumSettings) -> bool:
    """Whether travellers choose their departures (a window of something either side)."""
    return any(side > 0 for side in settings.window_s)


def _window(settings: EquilibriumSettings) -> dict:
    before_s, after_s = settings.window_s
    return dict(before_s=before_s, after_s=after_s, step_s=SLOT_S)


def relative_gap(day: Day, times: ExperiencedTimes, chosen: Choosers, settings: EquilibriumSettings,
                 rng: np.random.Generator, fastest: Routes | None = None
                 ) -> tuple[float, float, int]:
    """The share of the day's cost travellers could still save by changing departure
    (within the window; none when departures are not chosen), or route to `fastest`
    (``routes.best_routes``); the share by changing departure alone; and on how many
    legs they were measured (all, or GAP_SAMPLE_LEGS at random)."""
    n = chosen.leg.size
    size = min(n, GAP_SAMPLE_LEGS)
    sample = np.sort(rng.choice(n, size, replace=False)) if size < n else np.arange(n)
    present_s = chosen.departure_s[sample]
    candidates = (candidate_departures(present_s, **_window(settings))
                  if departures_chosen(settings) else present_s[:, None])
    leg, onward = chosen.leg[sample], chosen.onward[sample]
    lived = chosen.experienced_cost[sample]
    # repeating the day is always open to a traveller: where the window holds nothing
    # cheaper (or only departures a hard constraint refuses) there is nothing to save
    by_departure = np.minimum(departure_costs(day, times, leg, onward, candidates).min(axis=1),
                              lived)
    best = by_departure
    if fastest is not None:
        best = np.minimum(best, departure_costs(day, times, leg, onward, candidates,
                                                fastest).min(axis=1))
    total = lived.sum()
    if total <= 0:
        return 0.0, 0.0, int(size)
    return (float((total - best.sum()) / total), float((total - by_departure.sum()) / total),
            int(size))


def _step(k: int) -> float:
    """The share of a full move taken after day k: 1, then FULL_STEPS / (k + 1)."""
    return min(1.0, FULL_STEPS / (k + 1))


def simulated_lessons(plan: DayPlan) -> tuple[Day, ExperiencedTimes, Choosers, RouteOffers,
                                             Routes]:
    """The day of `plan` simulated and what it taught: its experienced link times, the
    travellers who choose and what their day cost, the faster-looking routes, and the
    plan's routes with every such one taken (``routes.best_routes``)."""
    simulation = plan.scenario.settings.simulation
    day = simulate_day(plan)
    times = experienced_times(day.traffic, day.city.network, simulation.start_s,
                              simulation.end_s, SLOT_S)
    offers = route_offers(day, times, ROUTE_BIN_S)
    return day, times, choosers(day), offers, best_routes(plan.routes, offers)


def priced_choices(day: Day, times: ExperiencedTimes, chosen: Choosers, offers: RouteOffers,
                   fastest: Routes, settings: EquilibriumSettings,
                   placed_by: ExperiencedTimes | None = None
                   ) -> tuple[list[ArrivalChoices], np.ndarray, np.ndarray, np.ndarray]:
    """What the priced solve after the day works on (``prices.py``).

    A traveller with a faster-looking route (`offers`; `fastest` is the plan's routes
    with every such one taken) gets it as their other route. Candidates are placed on
    their links by the link times of `placed_by` (``choices.arrival_choices``; None:
    free flow).

    Returns
    -------
    The choosers' candidate arrivals (``choices.arrival_choices``); (n_links *
    n_slots,) float64 what each link-minute lets out once the day's other vehicles
    have passed, pcu; (k, 2) int64 the routes of each chooser's leg and onward leg
    (-1: none); (f,) int64 the routes that have a faster one.
    """
    plan = day.plan
    route = plan.route_of_leg[np.c_[chosen.leg, chosen.onward]]
    route[chosen.onward < 0, 1] = -1
    faster = offers.route[offers.faster()]
    has_alternative = np.isin(route, faster).any(axis=1)
    choices = arrival_choices(plan, chosen.leg, chosen.onward, plan.routes, times.free_flow_s,
                              settings, fastest, has_alternative, placed_by)
    legs = np.r_[chosen.leg, chosen.onward[chosen.onward >= 0]]
    grid = minute_grid(day.scenario.settings.simulation, SLOT_S)
    spare = spare_capacity_pcu(day, legs, grid, day.city.network.capacity_vps)
    return choices, spare, route, faster


def _priced(day: Day, times: ExperiencedTimes, chosen: Choosers, offers: RouteOffers,
            fastest: Routes, settings: EquilibriumSettings, delay_s: np.ndarray | None,
            step: float, rngs: tuple[np.random.Generator, ...]
            ) -> tuple[np.ndarray, np.ndarray, Routes, int, np.ndarray]:
    """Departures and routes after the day, by the queue delays that ration the
    link-minutes the other vehicles of the day leave free (``priced_choices``). A
    share `step` of the choosers, drawn at random, takes the arrival and route drawn
    from the solve; the others keep theirs. Drivers who did not choose in the solve
    take their faster route with probability `step` x `route_share`. Candidates are
    placed on their links by the day's link times, except in the first solve (no
    `delay_s` yet), which walks at free flow.

    Returns
    -------
    moving (k,) bool, who leaves at another time; their departures, s; the routes;
    how many drivers changed route; the delays (n_links * n_slots,) s.
    """
    plan, (draw_rng, route_rng, update_rng) = day.plan, rngs
    choices, spare, route, faster = priced_choices(
        day, times, chosen, offers, fastest, settings, None if delay_s is None else times)
    scale = settings.choice_scale_s
    delay_s = clearing_delays(choices, spare, [scale] if delay_s is not None else
                              [4 * scale, scale], delay_s, PRICE_EVALUATIONS)
    departure, by_alternative = drawn_departures(choices, delay_s, scale, draw_rng)
    updating = update_rng.random(departure.size) < step
    taken = np.intersect1d(route[by_alternative & updating], faster)
    routes, switched = switch_routes(plan.routes, offers.without(route.ravel()),
                                     settings.route_share * step, route_rng)
    routes = routes.replaced(taken, fastest.take(taken))
    moving = updating & (departure != chosen.departure_s)
    return moving, departure[moving], routes, switched + taken.size, delay_s


def stop_reason(k: int, gap: float, history: list[Iteration], total_cost: float,
                delay_pcu_h: float, settings: EquilibriumSettings) -> str:
    """Why the adaptation stops after day k (one of STOPS), or "" to go on.

    Settled compares the mean of days k and k - 1 with that of days k - 2 and k - 3:
    priced days swing from one to the next (the city's total cost by 5-7% at a tenth
    of its people, docs/adaptation_gap.md), and a pair's mean does not."""
    if gap <= settings.gap:
        return "gap"
    if len(history) >= 3 and settings.settle > 0:
        earlier, last = history[-3:-1], history[-1]
        changes = [abs((now + getattr(last, name))
                       / sum(getattr(day, name) for day in earlier) - 1)
                   for name, now in (("total_cost", total_cost), ("delay_pcu_h", delay_pcu_h))]
        if max(changes) < settings.settle:
            return "settled"
    return "day cap" if k == settings.iterations else ""


def adaptation_kpis(history: list[Iteration]) -> dict:
    """What a run's key figures say of its departures (kpis.json "adaptation"):
    "fixed" with no history, else "adapted" with the days after the planned one, why it
    stopped and the last day's relative gap and its departure part."""
    if not history:
        return {"departures": "fixed"}
    last = history[-1]
    return {"departures": "adapted", "days": last.iteration, "stop": last.stop,
            "relative_gap": last.relative_gap, "departure_gap": last.departure_gap}


def warm_start(plan: DayPlan, trips_csv: str | Path) -> DayPlan:
    """The plan with the departures chosen in an earlier run's trips.csv.

    The earlier run must be of the same people (scenario population, seed and
    scale): its trips.csv has one row per planned leg, in the plan's order.
    Raises InputError naming the file otherwise.
    """
    table = read_csv(trips_csv, ("person_id", "departure_s"))
    person = number_column(table, "person_id")
    if person.size != len(plan.legs) or np.any(person != plan.legs.person):
        raise InputError(f"has {person.size:,} trips of other people than this scenario's "
                         f"{len(plan.legs):,}; a warm start needs a run of the same "
                         "population, seed and scale", file=trips_csv, field="person_id")
    departure = number_column(table, "departure_s", empty=np.nan)
    leg, _ = choosable_legs(plan)
    leg = leg[np.isfinite(departure[leg])]
    not_before = plan.legs.not_before_s.copy()
    not_before[leg] = departure[leg]
    return plan.with_departures(not_before)


def find_equilibrium(scenario: Scenario, *, plan: DayPlan | None = None,
                     on_iteration=None) -> tuple[Day, list[Iteration]]:
    """Adapt departures and routes until the stopping rule (module docstring).

    Parameters
    ----------
    scenario : the scenario (its `equilibrium` table sets the rule).
    plan : a plan to start from (a warm start); default: the scenario's own.
    on_iteration : called with each Iteration as it is done.

    Returns
    -------
    The last simulated day and the history of iterations; the last one says why it
    stopped. They are the same under any number of BLAS threads (``cores``).
    """
    with one_blas_thread():
        return _adapted(scenario, plan_day(scenario) if plan is None else plan, on_iteration)


def _adapted(scenario: Scenario, plan: DayPlan, on_iteration) -> tuple[Day, list[Iteration]]:
    """find_equilibrium's days, from `plan`."""
    settings = scenario.settings.equilibrium
    seed = scenario.settings.simulation.seed
    gap_rng = np.random.default_rng([seed, GAP_STREAM])
    route_rng = np.random.default_rng([seed, ROUTE_STREAM])
    update_rng = np.random.default_rng([seed, UPDATE_STREAM])
    history: list[Iteration] = []
    delay_s = None
    for k in range(settings.iterations + 1):
        day, times, chosen, offers, fastest = simulated_lessons(plan)
        gap, departure_gap, gap_legs = relative_gap(day, times, chosen, settings, gap_rng,
                                                    fastest)
        total_cost, delay_pcu_h = float(chosen.experienced_cost.sum()), day.traffic.delay_pcu_h()
        stop = stop_reason(k, gap, history, total_cost, delay_pcu_h, settings)
        moving, departure = np.zeros(chosen.leg.size, dtype=bool), None
        if stop:
            routes, rerouted = plan.routes, 0
        elif departures_chosen(settings):
            moving, departure, routes, rerouted, delay_s = _priced(
                day, times, chosen, offers, fastest, settings, delay_s, _step(k),
                (np.random.default_rng([seed, DRAW_STREAM]), route_rng, update_rng))
        else:
            routes, rerouted = switch_routes(plan.routes, offers,
                                             settings.route_share * _step(k), route_rng)
        history.append(Iteration(k, gap, departure_gap, total_cost, delay_pcu_h,
                                 int(moving.sum()), rerouted, gap_legs, stop))
        if on_iteration is not None:
            on_iteration(history[-1])
        if stop:
            return day, history
        departures = plan.legs.not_before_s.copy()
        departures[chosen.leg[moving]] = departure
        plan = replace(plan.with_departures(departures), routes=routes)
    raise AssertionError("unreachable: the loop stops at the day cap")


def run_day(scenario: Scenario, *, plan: DayPlan | None = None, on_tick=None,
            on_iteration=None) -> tuple[Day, list[Iteration]]:
    """The scenario's day: adapted until the stopping rule, at most
    `equilibrium.iterations` days after the planned one, or with no days of
    adaptation asked (the fixed-departures answer) simulated once. Returns the day
    and the adaptation's history (empty if none).

    `on_tick(now_s)` follows a day simulated once; `on_iteration(iteration)` each
    day of adaptation (for progress displays).
    """
    plan = plan_day(scenario) if plan is None else plan
    if scenario.settings.equilibrium.iterations > 0:
        return find_equilibrium(scenario, plan=plan, on_iteration=on_iteration)
    return simulate_day(plan, on_tick=on_tick), []
