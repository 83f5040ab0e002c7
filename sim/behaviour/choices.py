"""The arrivals each choosing traveller may pick, and the link-minutes each would use.

Travellers choose when to *arrive* (``prices.py``). For each candidate arrival a
traveller's route is walked back, so every candidate is a set of link-minutes its
vehicle would leave; those sets are one sparse matrix (candidates x link-minutes),
and queue delays and loads are products with it. Travellers with identical rows
share one, so the solve works on rows, not people. The matrix is written by
``passes.py``; each group is walked on its own, so the walk of every traveller
is never held at once.

The walk back places a vehicle on each link at free flow, or by the link times
of a loaded day when one is given. Queues in series are why: a vehicle held at
a downstream link left the links before it earlier than free flow says, by that
queue, and a walk at free flow puts its load on minutes it never used. The
candidate's cost still counts free-flow time plus the priced queueing.

A vehicle's time on a link is rounded to its minute, unless the day held it
downstream by more than SPLIT_HELD_S: then it is split between the two minutes
around it, in proportion. At free flow consecutive arrivals leave each link in
consecutive minutes and rounding is harmless; held within a sixth of a minute of
free flow, they leave it at least 50 s apart and no three share a minute. A
growing queue downstream crowds them together: rounded, three arrival minutes'
load would fall into one minute of a feeder, which the solve would then price
(V2's two-hump case: a gap of 0.049 instead of 0.012). Splitting only those
keeps the matrix about a quarter larger than at free flow, not twice as large.

A traveller whose day showed a faster-looking route has its arrivals twice, the
second copy by that route; those travellers form a group of their own, twice as
wide, so nobody else carries columns they could never take.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from scipy.sparse import csr_array

from ..blocks import row_blocks
from ..clock import SECONDS_PER_HOUR
from ..network.routing import Routes
from ..scenario import EquilibriumSettings, SimulationSettings
from ..simulate.day import DayPlan
from .cost import trip_cost
from .departures import candidate_departures, rates_per_h, school_window_s
from .experienced import ExperiencedTimes
from .levels import SLOT_S
from .merging import identical_rows
from .passes import Crossing, candidate_passes, index_type

INFEASIBLE_S = 1e7  # cost of an arrival that breaks a hard constraint, s of travel
SPLIT_HELD_S = 10.0  # held downstream longer than this, a vehicle is split between minutes


@dataclass(frozen=True)
class ArrivalChoices:
    """A group of travellers choosing among the same number of candidate arrivals.

    A candidate is a (route, arrival) pair: columns 0 to c - 1 are the arrivals by
    the traveller's own route; in a group twice as wide, columns c to 2c - 1 are the
    same arrivals by the other route.

    Attributes
    ----------
    start_s, slot_s : the first minute's start and the minutes' length, s.
    n_links, n_slots : links, and minutes per link; a link-minute is
        ``link * n_slots + minute``.
    n_arrivals : c, the candidate arrivals by each route.
    traveller : (m,) int64 each traveller's position among all the choosers.
    row : (m,) int64 the row of each traveller.
    count : (k,) float64 travellers of each row.
    pcu : (k,) float64 road load of each row's vehicle (0: not on the road).
    free_departure_s : (k, w) float64 departure reaching each candidate arrival with
        no queue on the way, s (w = c or 2c).
    cost_s : (k, w) float64 cost of each candidate before queueing, in seconds of
        travel (cost / alpha); INFEASIBLE_S added where a child would miss school.
    passes : the (k * w, n_links * n_slots) sparse float64 matrix of the share of
        candidate ``row * w + column``'s vehicle leaving each link-minute, cut by
        rows into consecutive parts (``passes.PARTS_PER_GROUP`` at most). One
        link-minute is ``slot_s`` around its time; a vehicle leaving a link is
        counted in its nearest, or, held downstream by more than SPLIT_HELD_S,
        split between the two around it in proportion (linear). Each link of the
        route sums to 1.
    """

    start_s: float
    slot_s: float
    n_links: int
    n_slots: int
    n_arrivals: int
    traveller: np.ndarray
    row: np.ndarray
    count: np.ndarray
    pcu: np.ndarray
    free_departure_s: np.ndarray
    cost_s: np.ndarray
    passes: tuple[csr_array, ...]

    def queueing_s(self, delay_s: np.ndarray) -> np.ndarray:
        """(k, w) total queue delay of each candidate at link-minute delays (n,) s."""
        return np.concatenate([part @ delay_s for part in self.passes]).reshape(
            self.cost_s.shape)

    def shares(self, delay_s: np.ndarray, scale_s: float,
               out: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(k, w) logit probability of each candidate, and (k,) the log-sum of the
        utilities -cost / scale (minus the expected least cost over the scale), at
        link-minute delays (n,) s; `out` (k, w) is used as the workspace and
        returned as the probabilities when given."""
        utility = np.add(self.cost_s, self.queueing_s(delay_s), out=out)
        np.multiply(utility, -1.0 / scale_s, out=utility)
        top = utility.max(axis=1)
        np.subtract(utility, top[:, None], out=utility)
        share = np.exp(utility, out=utility)
        total = share.sum(axis=1)
        np.divide(share, total[:, None], out=share)
        return share, top + np.log(total)

    def split(self) -> list["ArrivalChoices"]:
        """The group cut into one group per part of `passes`, of its consecutive rows,
        each with its travellers and that part itself (not a copy); their logit terms
        are this one's, row by row."""
        width, first, pieces = self.cost_s.shape[1], 0, []
        for part in self.passes:
            end = first + part.shape[0] // width
            mine = (self.row >= first) & (self.row < end)
            pieces.append(replace(
                self, traveller=self.traveller[mine], row=self.row[mine] - first,
                count=self.count[first:end], pcu=self.pcu[first:end],
                free_departure_s=self.free_departure_s[first:end],
                cost_s=self.cost_s[first:end], passes=(part,)))
            first = end
        return pieces


def minute_grid(simulation: SimulationSettings, slot_s: float) -> tuple[float, float, int]:
    """The minutes prices are set in, `slot_s` long: the first one's start and their
    length, s, and how many cover the day of the scenario's `simulation` table."""
    start_s, end_s = simulation.start_s, simulation.end_s
    return float(start_s), float(slot_s), int(np.ceil((end_s - start_s) / slot_s)) + 1


class _Walk:
    """The walk back of a group's candidates: the minutes' grid (first start,
    length, how many, s), the crossings found so far, and the day whose link times
    place them (None: free flow)."""

    __slots__ = ("start_s", "slot_s", "n_slots", "crossings", "placed_by")

    def __init__(self, grid: tuple[float, float, int], placed_by: ExperiencedTimes | None):
        self.start_s, self.slot_s, self.n_slots = grid
        self.crossings: list[Crossing] = []
        self.placed_by = placed_by

    def cross(self, who: np.ndarray, link: np.ndarray, leaving_s: np.ndarray,
              held_s: np.ndarray, column: int, index: type) -> None:
        """Note that rows `who` (h,) leave `link` (h, 1) at leaving_s (h, c), held_s
        (h, c) earlier than free flow would have them leave it: rounded to the
        nearest minute, or split if held longer than SPLIT_HELD_S."""
        slot = np.empty(leaving_s.shape, dtype=index)
        later = np.zeros(leaving_s.shape) if np.any(held_s > SPLIT_HELD_S) else None
        for block in row_blocks(slot.shape):
            self._place(link[block], leaving_s[block], held_s[block], slot[block],
                        None if later is None else later[block])
        self.crossings.append(Crossing(who, slot, later, column))

    def _place(self, link: np.ndarray, leaving_s: np.ndarray, held_s: np.ndarray,
               slot: np.ndarray, later: np.ndarray | None) -> None:
        """``cross`` for a block of rows: their link-minutes written into `slot`, and
        the share of the way to the next minute of those split into `later`."""
        at = np.clip((leaving_s - self.start_s) / self.slot_s, 0, self.n_slots - 1)
        minute = np.rint(at)
        if later is not None:
            split = held_s > SPLIT_HELD_S
            minute = np.where(split, np.minimum(np.floor(at), self.n_slots - 2), minute)
            later[:] = np.where(split, at - minute, 0.0)
        slot[:] = link * self.n_slots + minute.astype(np.int64)


def _back_along(plan: DayPlan, routes: Routes, tau_s: np.ndarray, leg: np.ndarray,
                who: np.ndarray, arrival_s: tuple[np.ndarray, np.ndarray], walk: _Walk,
                column: int) -> tuple[np.ndarray, np.ndarray]:
    """Departures (k, c) of legs (k,) arriving at arrival_s (k, c): at free flow, and
    as placed by the walk's day. `arrival_s` holds both clocks' arrivals (free, placed).
    When each link is left by the placed clock is appended to the walk as a crossing
    (``Crossing``) of the rows `who` (k,) at `column`."""
    route = plan.route_of_leg[leg]
    off_road = np.where(route < 0, plan.legs.free_flow_s[leg], 0.0)[:, None]
    free_s, placed_s = (when - off_road for when in arrival_s)
    road = np.flatnonzero(route >= 0)
    taken = routes.take(route[road])
    length = taken.lengths()
    index = index_type(tau_s.size * walk.n_slots)
    for depth in range(int(length.max(initial=0)) - 1, -1, -1):
        on = road[length > depth]
        link = taken.links[taken.ptr[:-1][length > depth] + depth][:, None]
        walk.cross(who[on], link, placed_s[on], free_s[on] - placed_s[on], column, index)
        free_s[on] -= tau_s[link]
        placed_s[on] = (placed_s[on] - tau_s[link] if walk.placed_by is None
                        else walk.placed_by.entered_s(link, placed_s[on]))
    return free_s, placed_s


def _chain_back(plan: DayPlan, routes: Routes, tau_s: np.ndarray, leg: np.ndarray,
                onward: np.ndarray, who: np.ndarray, arrival_s: np.ndarray, walk: _Walk,
                column: int) -> tuple[np.ndarray, np.ndarray]:
    """Free-flow departure (k, c) of chains (legs and onward legs, (k,)) ending at
    arrival_s (k, c) along `routes`, and when a parent's child reaches school at free
    flow (the arrival itself for others), s; the crossings appended as
    ``_back_along``'s."""
    school = [arrival_s.copy(), arrival_s.copy()]  # by the free and the placed clock
    chained = np.flatnonzero(onward >= 0)
    dwell_s = plan.legs.dwell_s[onward[chained]][:, None]
    dropped = _back_along(plan, routes, tau_s, onward[chained], who[chained],
                          (arrival_s[chained], arrival_s[chained]), walk, column)
    for clock, back in zip(school, dropped):
        clock[chained] = back - dwell_s
    departure, _ = _back_along(plan, routes, tau_s, leg, who, tuple(school), walk, column)
    return departure, school[0]


def arrival_choices(plan: DayPlan, leg: np.ndarray, onward: np.ndarray, routes: Routes,
                    tau_s: np.ndarray, settings: EquilibriumSettings,
                    alternative: Routes | None = None, has_alternative: np.ndarray | None = None,
                    placed_by: ExperiencedTimes | None = None) -> list[ArrivalChoices]:
    """Candidate arrivals of the choosing legs and what each costs before queueing.

    Parameters
    ----------
    plan : the day's plan; routes : the road legs' routes (indexed as the plan's).
    leg, onward : (k,) int64 choosing legs and their chained legs (``choosable_legs``).
        A chain is driven by one vehicle: the load is the first leg's pcu.
    tau_s : (n_links,) float64 free-flow time of each link as the model moves, s.
    settings : the scenario's `equilibrium` table: arrivals every SLOT_S from
        `window_s[0]` before to `window_s[1]` after the preferred arrival.
    alternative : other routes (indexed as `routes`) for the travellers marked in
        `has_alternative` ((k,) bool): their arrivals by it are columns c to 2c - 1.
    placed_by : a loaded day whose link times place each candidate on the links
        before its arrival (``ExperiencedTimes.entered_s``): a link is left earlier
        by the queues the day had downstream of it, and split between minutes where
        held longer than SPLIT_HELD_S. Default: free flow.

    Returns
    -------
    The groups: those without another route, then those with; a group nobody is in
    is left out.
    """
    start_s, slot_s, n_slots = minute_grid(plan.scenario.settings.simulation, SLOT_S)
    before_s, after_s = settings.window_s
    target = plan.legs.target_s[np.where(onward >= 0, onward, leg)]
    arrival = candidate_departures(target, before_s=before_s, after_s=after_s, step_s=slot_s)
    n_arrivals = arrival.shape[1]
    offered = (np.zeros(leg.size, dtype=bool) if alternative is None
               else np.asarray(has_alternative, dtype=bool))
    grid = (start_s, slot_s, n_slots, plan.city.network.n_links, n_arrivals)
    groups = []
    for traveller in (np.flatnonzero(~offered), np.flatnonzero(offered)):
        if traveller.size == 0:
            continue
        walk = _Walk((start_s, slot_s, n_slots), placed_by)
        chain = (leg[traveller], onward[traveller], np.arange(traveller.size),
                 arrival[traveller], walk)
        times = [[when] for when in (*_chain_back(plan, routes, tau_s, *chain, 0),
                                     arrival[traveller])]
        if offered[traveller[0]]:
            by_other = _chain_back(plan, alternative, tau_s, *chain, n_arrivals)
            times = [own + [other] for own, other in zip(times, (*by_other, arrival[traveller]))]
        departure, school, arriving = (np.hstack(when) for when in times)
        cost = _candidate_cost_s(plan, leg[traveller], onward[traveller], departure, school,
                                 arriving, target[traveller])
        groups.append(_group(grid, traveller, cost, departure, plan.legs.pcu[leg[traveller]],
                             walk.crossings))
    return groups


def _candidate_cost_s(plan: DayPlan, leg: np.ndarray, onward: np.ndarray,
                      departure_s: np.ndarray, school_s: np.ndarray, arrival_s: np.ndarray,
                      target_s: np.ndarray) -> np.ndarray:
    """(m, w) cost of each candidate before queueing, in seconds of travel (cost /
    alpha), INFEASIBLE_S added where a parent's child would reach school outside
    its window; the candidates' times (m, w) s, the preferred arrivals (m,) s."""
    rates = [r[:, None] for r in rates_per_h(plan, leg)]
    cost = (trip_cost(departure_s, arrival_s, target_s[:, None], *rates)
            * SECONDS_PER_HOUR / rates[0])
    gate, bell = school_window_s(plan, leg)
    refused = (onward >= 0)[:, None] & ((school_s > bell) | (school_s < gate))
    return np.where(refused, cost + INFEASIBLE_S, cost)


def _group(grid: tuple, traveller: np.ndarray, cost_s: np.ndarray, departure_s: np.ndarray,
           pcu: np.ndarray, crossings: list[Crossing]) -> ArrivalChoices:
    """The m travellers of a group, `traveller` (m,) int64 their positions among all
    the choosers, with their candidates' costs and free-flow departures (m, w) s,
    loads (m,) pcu and the crossings of their walk (emptied by
    ``passes.candidate_passes``); travellers with identical rows (costs, first
    departure, load and every crossing's first link-minute) merged into one row each."""
    start_s, slot_s, n_slots, n_links, n_arrivals = grid
    width = cost_s.shape[1]
    keep, row, count = identical_rows(np.hstack([cost_s, departure_s[:, :1],
                                                 _first_slots(crossings, traveller.size),
                                                 pcu[:, None]]))
    kept = np.zeros(traveller.size, dtype=bool)
    kept[keep] = True
    shape = (keep.size * width, n_links * n_slots)
    return ArrivalChoices(start_s=start_s, slot_s=slot_s, n_links=n_links, n_slots=n_slots,
                          n_arrivals=n_arrivals, traveller=traveller, row=row,
                          count=count.astype(np.float64), pcu=pcu[keep],
                          free_departure_s=departure_s[keep], cost_s=cost_s[keep],
                          passes=candidate_passes(crossings, kept, row, width, shape))


def _first_slots(crossings: list[Crossing], m: int) -> np.ndarray:
    """(m, crossings) int64 the link-minute each of m travellers leaves in each
    crossing at their first candidate (-1: not in it)."""
    first = np.full((m, len(crossings)), -1)
    for depth, crossing in enumerate(crossings):
        first[crossing.who, depth] = crossing.slot[:, 0]
    return first
