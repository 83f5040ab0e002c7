"""Departures at equilibrium, found as the queue delays that ration each link's capacity.

At a point queue the departure-time equilibrium has an equivalent optimisation
problem (Iryo and Yoshii 2007, "Equivalent optimization problem for finding
equilibrium in the bottleneck model with departure time choices"; Akamatsu,
Wada, Iryo and Hayashi 2021, Transportation Research Part B 148): travellers
choose when to *arrive*; each link lets out at most its capacity in each
minute; the queue delay of those leaving a link in a minute is the price that
rations that minute, and nobody could arrive at a cheaper time once the
queueing is paid. Posed in arrival times the problem is linear, so it
converges where day-to-day moves in departure times swing (Iryo 2008).

With an entropy term (a logit over arrival minutes of scale mu) its dual is
smooth and concave in the prices; L-BFGS-B (scipy) maximises it, first at a
coarse scale and then at finer ones, each warm-started. A traveller's minute
on each link is placed back from the arrival at free flow, which is exact when
one link of the route queues; where several queue in series the simulated day
shows how close it came. Each traveller then draws an arrival from their logit
probabilities by stratified sampling, so identical travellers fill the minutes
in proportion, and leaves at the arrival less free-flow time and the queue
delays on the way.

A traveller whose day showed a faster-looking route chooses between theirs and
that one in the same solve: the logit runs over (route, arrival) pairs, so the
prices ration both routes' links at once rather than sending everyone offered a
faster route onto it together.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import NamedTuple

import numpy as np
from scipy.optimize import Bounds, minimize

from ..clock import SECONDS_PER_HOUR
from ..day import Day, DayPlan
from ..network.routing import Routes
from .cost import trip_cost
from .departures import candidate_departures, rates_per_h, school_window_s

INFEASIBLE_S = 1e7  # cost of an arrival that breaks a hard constraint, s of travel


class Crossing(NamedTuple):
    """Travellers crossing one link of their route, for each of their candidates.

    who : (h,) int64 the rows; slot : (h, c) int64 the link-minute each of c
    candidates leaves the link in; pcu : (h,) float64 the load; column : the
    first of the c candidate columns (c for a traveller's other route).
    """

    who: np.ndarray
    slot: np.ndarray
    pcu: np.ndarray
    column: int = 0


@dataclass(frozen=True)
class ArrivalChoices:
    """The arrivals each choosing traveller may pick, and the link-minutes each uses.

    Travellers with the same choices (route, preferred arrival, rates, load) share
    a row, so the solve works on k rows, not on every traveller. A traveller with
    another route to choose has its arrivals twice: columns c to 2c - 1 are by the
    other route (``alternative``); a traveller without one has those columns refused.

    Attributes
    ----------
    start_s, slot_s : the first minute's start and the minutes' length, s.
    n_links, n_slots : links, and minutes per link; a link-minute is
        ``link * n_slots + minute``.
    n_arrivals : c, the candidate arrivals by each route.
    row : (n,) int64 the row of each traveller.
    count : (k,) float64 travellers of each row.
    free_departure_s : (k, c) or (k, 2c) float64 departure reaching each candidate
        arrival with no queue on the way, s.
    cost_s : (k, c) or (k, 2c) float64 cost of each candidate before queueing, in
        seconds of travel (cost / alpha); INFEASIBLE_S added where a child would
        miss school.
    crossings : one ``Crossing`` per link of the routes, counted back from the arrival.
    """

    start_s: float
    slot_s: float
    n_links: int
    n_slots: int
    n_arrivals: int
    row: np.ndarray
    count: np.ndarray
    free_departure_s: np.ndarray
    cost_s: np.ndarray
    crossings: list[Crossing]

    def queueing_s(self, delay_s: np.ndarray) -> np.ndarray:
        """(k, c) total queue delay of each candidate at link-minute delays (n,) s."""
        total = np.zeros_like(self.cost_s)
        for who, slot, _, column in self.crossings:
            total[who, column:column + slot.shape[1]] += delay_s[slot]
        return total

    def load(self, share: np.ndarray, n: int) -> np.ndarray:
        """(n,) pcu leaving each link-minute when candidates are taken in `share` (k, c)."""
        total = np.zeros(n)
        for who, slot, pcu, column in self.crossings:
            weight = share[who, column:column + slot.shape[1]] * (pcu * self.count[who])[:, None]
            total += np.bincount(slot.ravel(), weight.ravel(), n)
        return total

    def on_links(self, links: np.ndarray) -> tuple["ArrivalChoices", np.ndarray]:
        """The choices of the travellers who cross any of `links` ((a,) int64), with
        only those crossings; and `minutes` (m,) int64, the link-minutes they cross.
        In the choices returned a link-minute is its position in `minutes`."""
        on_link = np.zeros(self.n_links, dtype=bool)
        on_link[links] = True
        kept = [Crossing(who[on], slot[on], pcu[on], column)
                for who, slot, pcu, column in self.crossings
                for on in [on_link[slot[:, 0] // self.n_slots]] if on.any()]
        crossed = np.zeros(self.n_links * self.n_slots, dtype=bool)
        for crossing in kept:
            crossed[crossing.slot] = True
        minutes = np.flatnonzero(crossed)
        position = np.cumsum(crossed) - 1
        rows = np.unique(np.concatenate([crossing.who for crossing in kept]))
        renumber = np.full(self.cost_s.shape[0], -1)
        renumber[rows] = np.arange(rows.size)
        return replace(self, count=self.count[rows], free_departure_s=self.free_departure_s[rows],
                       cost_s=self.cost_s[rows],
                       crossings=[Crossing(renumber[who], position[slot], pcu, column)
                                  for who, slot, pcu, column in kept]), minutes


def _back_along(plan: DayPlan, routes: Routes, tau_s: np.ndarray, leg: np.ndarray,
                who: np.ndarray, arrival_s: np.ndarray, walk: tuple, column: int) -> np.ndarray:
    """Free-flow departure (k, c) of legs (k,) arriving at arrival_s (k, c); each
    link's leaving minute is appended, as a Crossing of the rows `who` (k,) at
    `column`, to the list of ``walk = (start_s, slot_s, n_slots, crossings)``."""
    start_s, slot_s, n_slots, crossings = walk
    route = plan.route_of_leg[leg]
    time_s = arrival_s - np.where(route < 0, plan.legs.free_flow_s[leg], 0.0)[:, None]
    road = np.flatnonzero(route >= 0)
    taken = routes.take(route[road])
    length = taken.lengths()
    for depth in range(int(length.max(initial=0)) - 1, -1, -1):
        on = road[length > depth]
        link = taken.links[taken.ptr[:-1][length > depth] + depth]
        minute = np.clip(np.rint((time_s[on] - start_s) / slot_s), 0, n_slots - 1)
        crossings.append(Crossing(who[on], link[:, None] * n_slots + minute.astype(np.int64),
                                  plan.legs.pcu[leg[on]], column))
        time_s[on] -= tau_s[link][:, None]
    return time_s


def _chain_back(plan: DayPlan, routes: Routes, tau_s: np.ndarray, leg: np.ndarray,
                onward: np.ndarray, who: np.ndarray, arrival_s: np.ndarray, walk: tuple,
                column: int) -> tuple[np.ndarray, np.ndarray]:
    """Free-flow departure (k, c) of chains (legs and onward legs, (k,)) ending at
    arrival_s (k, c) along `routes`, and when a parent's child reaches school (the
    arrival itself for others), s; the crossings appended as ``_back_along``'s."""
    school = arrival_s.copy()
    chained = np.flatnonzero(onward >= 0)
    school[chained] = (_back_along(plan, routes, tau_s, onward[chained], who[chained],
                                   arrival_s[chained], walk, column)
                       - plan.legs.dwell_s[onward[chained]][:, None])
    return _back_along(plan, routes, tau_s, leg, who, school, walk, column), school


def arrival_choices(plan: DayPlan, leg: np.ndarray, onward: np.ndarray, routes: Routes,
                    tau_s: np.ndarray, settings: dict, alternative: Routes | None = None,
                    has_alternative: np.ndarray | None = None) -> ArrivalChoices:
    """Candidate arrivals of the choosing legs and what each costs before queueing.

    Parameters
    ----------
    plan : the day's plan; routes : the road legs' routes (indexed as the plan's).
    leg, onward : (k,) int64 choosing legs and their chained legs (``choosable_legs``).
    tau_s : (n_links,) float64 free-flow time of each link as the model moves, s.
    settings : the scenario's `equilibrium` table: arrivals every `step_s` from
        `window_before_s` before to `window_after_s` after the preferred arrival.
    alternative : other routes (indexed as `routes`) for the travellers marked in
        `has_alternative` ((k,) bool): their arrivals by it are columns c to 2c - 1.
    """
    simulation = plan.scenario.settings["simulation"]
    start_s, slot_s = simulation["start"], settings["step_s"]
    n_slots = int(np.ceil((simulation["end"] - start_s) / slot_s)) + 1
    final = np.where(onward >= 0, onward, leg)
    target = plan.legs.target_s[final]
    arrival = candidate_departures(target, before_s=settings["window_before_s"],
                                   after_s=settings["window_after_s"], step_s=slot_s)
    n_arrivals = arrival.shape[1]
    walk = (start_s, slot_s, n_slots, [])
    departure, school = _chain_back(plan, routes, tau_s, leg, onward, np.arange(leg.size),
                                    arrival, walk, 0)
    refused = np.zeros(departure.shape, dtype=bool)
    if alternative is not None:
        other = np.flatnonzero(has_alternative)
        departure, school = np.hstack([departure, departure]), np.hstack([school, school])
        departure[other, n_arrivals:], school[other, n_arrivals:] = _chain_back(
            plan, alternative, tau_s, leg[other], onward[other], other, arrival[other], walk,
            n_arrivals)
        arrival = np.hstack([arrival, arrival])
        refused = np.hstack([refused, np.repeat(~has_alternative[:, None], n_arrivals, axis=1)])
    rates = [r[:, None] for r in rates_per_h(plan, leg)]
    cost = (trip_cost(departure, arrival, target[:, None], *rates)
            * SECONDS_PER_HOUR / rates[0])
    gate, bell = school_window_s(plan, leg)
    refused |= (onward >= 0)[:, None] & ((school > bell) | (school < gate))
    return _merged(ArrivalChoices(start_s=float(start_s), slot_s=float(slot_s),
                                  n_links=plan.city.network.n_links, n_slots=n_slots,
                                  n_arrivals=n_arrivals, row=np.arange(leg.size),
                                  count=np.ones(leg.size), free_departure_s=departure,
                                  cost_s=np.where(refused, cost + INFEASIBLE_S, cost),
                                  crossings=walk[3]))


def _merged(choices: ArrivalChoices) -> ArrivalChoices:
    """The choices with travellers of identical rows (costs, first departure, and
    the first link-minute and load of every crossing) merged into one row each."""
    n = choices.cost_s.shape[0]
    first = np.full((n, len(choices.crossings)), -1.0)
    load = np.zeros_like(first)
    for depth, crossing in enumerate(choices.crossings):
        first[crossing.who, depth], load[crossing.who, depth] = crossing.slot[:, 0], crossing.pcu
    key = np.hstack([choices.cost_s, choices.free_departure_s[:, :1], first, load])
    _, keep, row, count = np.unique(key, axis=0, return_index=True, return_inverse=True,
                                    return_counts=True)
    row = row.ravel()
    kept = np.zeros(n, dtype=bool)
    kept[keep] = True
    crossings = [Crossing(row[who[kept[who]]], slot[kept[who]], pcu[kept[who]], column)
                 for who, slot, pcu, column in choices.crossings]
    return replace(choices, row=row, count=count.astype(np.float64),
                   free_departure_s=choices.free_departure_s[keep],
                   cost_s=choices.cost_s[keep], crossings=crossings)


def _shares(choices: ArrivalChoices, delay_s: np.ndarray, scale_s: float):
    """(k, c) logit probability of each candidate, and (k,) the expected least cost
    (log-sum) in s, at link-minute delays (n,) s."""
    utility = -(choices.cost_s + choices.queueing_s(delay_s)) / scale_s
    top = utility.max(axis=1)
    share = np.exp(utility - top[:, None])
    total = share.sum(axis=1)
    share /= total[:, None]
    return share, top + np.log(total)


def _negative_dual(delay_s, choices: ArrivalChoices, capacity_pcu, scale_s):
    """Value and gradient of minus the entropic dual at link-minute delays (n,) s."""
    share, expected = _shares(choices, delay_s, scale_s)
    value = scale_s * (choices.count @ expected) + delay_s @ capacity_pcu
    return value, capacity_pcu - choices.load(share, capacity_pcu.size)


def _overloaded_links(choices: ArrivalChoices, delay_s: np.ndarray, capacity_pcu: np.ndarray,
                      scale_s: float) -> np.ndarray:
    """(n_links,) bool: links with a minute loaded over 1% beyond its capacity."""
    load = choices.load(_shares(choices, delay_s, scale_s)[0], capacity_pcu.size)
    over = load > 1.01 * capacity_pcu + 1e-9
    return over.reshape(choices.n_links, choices.n_slots).any(axis=1)


def clearing_delays(choices: ArrivalChoices, capacity_pcu: np.ndarray,
                    scales_s: list[float], start_delay_s: np.ndarray | None = None,
                    max_evaluations: int = 200) -> np.ndarray:
    """Queue delays that ration every link-minute's capacity (module docstring).

    Only links that would be overloaded take part in the solve: it starts from those
    overloaded at the starting delays (and those already priced), and adds any link
    that the solution overloads until none is (constraint generation).

    Parameters
    ----------
    choices : the travellers' candidate arrivals (``arrival_choices``).
    capacity_pcu : (n_links * n_slots,) float64 what each link-minute can let out
        for the choosing travellers, pcu.
    scales_s : logit scales to solve at in turn, coarse to fine, s.
    start_delay_s : delays to start from (a warm start); default none.
    max_evaluations : cap on dual evaluations per scale and set of links.

    Returns
    -------
    (n_links * n_slots,) float64 queue delay of those leaving each link-minute, s,
    between 0 and the longest window a traveller looks over.
    """
    delay = (np.zeros(capacity_pcu.size) if start_delay_s is None
             else np.array(start_delay_s, dtype=np.float64))
    longest = (choices.n_arrivals - 1) * choices.slot_s
    for scale in scales_s:
        active = (delay.reshape(choices.n_links, choices.n_slots).any(axis=1)
                  | _overloaded_links(choices, delay, capacity_pcu, scale))
        while active.any():
            priced, part = choices.on_links(np.flatnonzero(active))
            delay[part] = minimize(_negative_dual, delay[part],
                                   args=(priced, capacity_pcu[part], scale), jac=True,
                                   method="L-BFGS-B", bounds=Bounds(0.0, longest),
                                   options={"maxfun": max_evaluations,
                                            "maxiter": max_evaluations}).x
            more = _overloaded_links(choices, delay, capacity_pcu, scale) & ~active
            if not more.any():
                break
            active |= more
    return delay


def drawn_departures(choices: ArrivalChoices, delay_s: np.ndarray, scale_s: float,
                     rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(n,) departure of each traveller, s: an arrival drawn from their row's logit
    shares, less free-flow time and the queue delays on the way, and not before the
    day starts; and (n,) bool, whether that arrival is by the other route.

    The m travellers of a row draw at (j + v) / m, j = 0 .. m - 1 in random order
    and v uniform per row (systematic sampling), so they fill the minutes in
    proportion to the shares; a row of one draws at random.
    """
    share, _ = _shares(choices, delay_s, scale_s)
    row, k = choices.row, share.shape[0]
    order = np.lexsort((rng.random(row.size), row))
    rank = np.empty(row.size)
    rank[order] = np.arange(row.size) - np.searchsorted(row[order], row[order])
    uniform = (rank + rng.random(k)[row]) / choices.count[row]
    cumulative = np.cumsum(share, axis=1)
    pick = np.minimum((cumulative[row] < uniform[:, None]).sum(axis=1), share.shape[1] - 1)
    departure = choices.free_departure_s[row, pick] - choices.queueing_s(delay_s)[row, pick]
    return np.maximum(departure, choices.start_s), pick >= choices.n_arrivals


def spare_capacity_pcu(day: Day, choosing_legs: np.ndarray, choices: ArrivalChoices,
                       capacity_vps: np.ndarray) -> np.ndarray:
    """(n_links * n_slots,) float64 what each link-minute can let out once the day's
    other vehicles (those not of `choosing_legs`) have passed, pcu, at least 0."""
    traffic = day.traffic
    others = ~np.isin(day.vehicle_leg, choosing_legs)
    length = np.diff(traffic.route_ptr)
    exit_s = traffic.link_exit_s()
    other_link = np.repeat(others, length) & np.isfinite(exit_s)
    minute = np.clip(np.rint((exit_s[other_link] - choices.start_s) / choices.slot_s),
                     0, choices.n_slots - 1).astype(np.int64)
    n = capacity_vps.size * choices.n_slots
    passed = np.bincount(traffic.route_links[other_link] * choices.n_slots + minute,
                         np.repeat(traffic.pcu, length)[other_link], n)
    return np.maximum(np.repeat(capacity_vps * choices.slot_s, choices.n_slots) - passed, 0.0)
