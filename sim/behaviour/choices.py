"""The arrivals each choosing traveller may pick, and the link-minutes each would use.

Travellers choose when to *arrive* (``prices.py``). Candidate arrivals are a
minute apart, so by one route a run of a traveller's candidates is one walk back
along it, shifted a minute per candidate (``walks.py``); queue delays and loads
are products with those walks. Travellers with identical walks and costs share
one row, so the solve works on rows, not people.

The walk back places a vehicle on each link at free flow, or by the link times
of a loaded day when one is given. Queues in series are why: a vehicle held at
a downstream link left the links before it earlier than free flow says, by that
queue, and a walk at free flow puts its load on minutes it never used. At free
flow one walk serves all of a route's candidates, exactly; placed by a day, one
walk serves each run of PLACED_ARRIVALS candidates, walked from its middle one,
whose holds the others keep. The candidate's cost still counts free-flow time
plus the priced queueing.

A traveller whose day showed a faster-looking route has its arrivals twice, the
second copy by that route; those travellers form a group of their own, twice as
wide, so nobody else carries columns they could never take.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from ..clock import SECONDS_PER_HOUR
from ..network.routing import Routes
from ..scenario import EquilibriumSettings, SimulationSettings
from ..simulate.day import DayPlan
from .cost import trip_cost
from .departures import candidate_departures, rates_per_h, school_window_s
from .experienced import ExperiencedTimes
from .levels import PLACED_ARRIVALS, SLOT_S
from .merging import identical_rows
from .walks import ShiftedWalks, minute_shares, padded, padding, unpadded, walks_in_parts

INFEASIBLE_S = 1e7  # cost of an arrival that breaks a hard constraint, s of travel


@dataclass(frozen=True)
class ArrivalChoices:
    """A group of travellers choosing among the same number of candidate arrivals.

    A candidate is a (route, arrival) pair: columns 0 to c - 1 are the arrivals by
    the traveller's own route, a minute apart; in a group twice as wide, columns c to
    2c - 1 are the same arrivals by the other route.

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
    first_arrival_s : (k,) float64 each row's first candidate arrival, s.
    lead_s : (k, r) float64 free-flow time from departure to arrival by each route
        (r = w / c), s.
    cost_s : (k, w) float64 cost of each candidate before queueing, in seconds of
        travel (cost / alpha); INFEASIBLE_S added where a child would miss school.
    parts : the rows' walks (``walks.walks_in_parts``), in consecutive parts of rows,
        each one ``ShiftedWalks`` per run of candidates a walk serves (``_segments``)
        and route; link-minutes padded by ``walks.padding``.
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
    first_arrival_s: np.ndarray
    lead_s: np.ndarray
    cost_s: np.ndarray
    parts: tuple[tuple[ShiftedWalks, ...], ...]

    def _padded(self, per_minute: np.ndarray) -> np.ndarray:
        return padded(per_minute, self.n_links, self.n_slots, padding(self.n_arrivals))

    def free_departure_s(self, row: np.ndarray, column: np.ndarray) -> np.ndarray:
        """Departure reaching candidate `column` of rows `row` (arrays of one shape)
        with no queue on the way, s."""
        route, arrival = np.divmod(column, self.n_arrivals)
        return self.first_arrival_s[row] + arrival * self.slot_s - self.lead_s[row, route]

    def queueing_s(self, delay_s: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        """(k, w) total queue delay of each candidate at link-minute delays (n,) s,
        written into `out` when given."""
        out = np.empty(self.cost_s.shape) if out is None else out
        delay_s, first = self._padded(delay_s), 0
        for part in self.parts:
            rows = out[first:first + part[0].walks.shape[0]]
            for walks in part:
                walks.queueing_s(delay_s, rows)
            first += rows.shape[0]
        return out

    def load_pcu(self, pcu: np.ndarray) -> np.ndarray:
        """(n,) float64 the load on each link-minute, pcu, when each row takes each
        candidate with the pcu in `pcu` (k, w)."""
        load, first = np.zeros(self.n_links * (self.n_slots + 2 * padding(self.n_arrivals))), 0
        for part in self.parts:
            rows = pcu[first:first + part[0].walks.shape[0]]
            for walks in part:
                walks.add_load(rows, load)
            first += rows.shape[0]
        return unpadded(load, self.n_links, self.n_slots, padding(self.n_arrivals))

    def shares(self, delay_s: np.ndarray, scale_s: float,
               out: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(k, w) logit probability of each candidate, and (k,) the log-sum of the
        utilities -cost / scale (minus the expected least cost over the scale), at
        link-minute delays (n,) s; `out` (k, w) is used as the workspace and
        returned as the probabilities when given."""
        utility = self.queueing_s(delay_s, out)
        np.add(utility, self.cost_s, out=utility)
        np.multiply(utility, -1.0 / scale_s, out=utility)
        top = utility.max(axis=1)
        np.subtract(utility, top[:, None], out=utility)
        share = np.exp(utility, out=utility)
        total = share.sum(axis=1)
        np.divide(share, total[:, None], out=share)
        return share, top + np.log(total)

    def on_links(self, links: np.ndarray) -> ArrivalChoices:
        """The group with its walks cut to the links marked in `links` (n_links,) bool:
        exact for delays that are 0 on the other links, whose loads it leaves out."""
        per_link = self.n_slots + 2 * padding(self.n_arrivals)
        return replace(self, parts=tuple(tuple(walks.on(links[walks.first // per_link])
                                               for walks in part) for part in self.parts))

    def split(self) -> list[ArrivalChoices]:
        """The group cut into one group per part of its rows, each with its travellers
        and that part's walks themselves (not copies); their logit terms are this
        one's, row by row."""
        first, pieces = 0, []
        for part in self.parts:
            end = first + part[0].walks.shape[0]
            mine = (self.row >= first) & (self.row < end)
            pieces.append(replace(
                self, traveller=self.traveller[mine], row=self.row[mine] - first,
                count=self.count[first:end], pcu=self.pcu[first:end],
                first_arrival_s=self.first_arrival_s[first:end], lead_s=self.lead_s[first:end],
                cost_s=self.cost_s[first:end], parts=(part,)))
            first = end
        return pieces


def minute_grid(simulation: SimulationSettings, slot_s: float) -> tuple[float, float, int]:
    """The minutes prices are set in, `slot_s` long: the first one's start and their
    length, s, and how many cover the day of the scenario's `simulation` table."""
    start_s, end_s = simulation.start_s, simulation.end_s
    return float(start_s), float(slot_s), int(np.ceil((end_s - start_s) / slot_s)) + 1


class _Walk:
    """The walks back of a group's travellers: the minutes' grid (first start, length,
    s, and minutes per link), the day whose link times place them (None: free flow),
    the runs of candidates each walk serves (``_segments``: first, how many, the one
    walked from), and the crossings found so far: (route, travellers (h,), the padded
    link-minute each run's first candidate is counted in (h, runs), and the share of
    it counted in the next (h, runs); ``_placed``)."""

    __slots__ = ("crossings", "n_arrivals", "n_slots", "placed_by", "runs", "slot_s",
                 "start_s", "walked_from")

    def __init__(self, grid: tuple[float, float, int], placed_by: ExperiencedTimes | None,
                 n_arrivals: int):
        self.start_s, self.slot_s, self.n_slots = grid
        self.placed_by, self.n_arrivals = placed_by, n_arrivals
        self.runs = _segments(n_arrivals, placed_by is not None)
        self.walked_from = np.array([shift for _, _, shift in self.runs])
        self.crossings: list[tuple] = []

    def cross(self, route: int, who: np.ndarray, link: np.ndarray, leaving_s: np.ndarray,
              held_s: np.ndarray) -> None:
        """Note that travellers `who` (h,) leave `link` (h,) at leaving_s (h, runs),
        held_s (h, runs) earlier than free flow would have them leave it, by `route`."""
        minute = (leaving_s - self.start_s) / self.slot_s - self.walked_from
        self.crossings.append((route, who, *_placed(link, minute, held_s, self.n_slots,
                                                    self.n_arrivals)))

    def walks(self, n_routes: int) -> list[tuple[int, int]]:
        """(first candidate column, how many) of each walk, route by route."""
        return [(route * self.n_arrivals + first, width) for route in range(n_routes)
                for first, width, _ in self.runs]


def _back_along(plan: DayPlan, routes: Routes, tau_s: np.ndarray, leg: np.ndarray,
                who: np.ndarray, arrival_s: tuple[np.ndarray, np.ndarray], walk: _Walk,
                route: int) -> tuple[np.ndarray, np.ndarray]:
    """Departures (k, runs) of legs (k,) arriving at arrival_s (k, runs): at free flow,
    and as placed by the walk's day. `arrival_s` holds both clocks' arrivals (free,
    placed). When each link is left by the placed clock is noted in the walk as a
    crossing of the travellers `who` (k,) by `route`."""
    by = plan.route_of_leg[leg]
    off_road = np.where(by < 0, plan.legs.free_flow_s[leg], 0.0)[:, None]
    free_s, placed_s = (when - off_road for when in arrival_s)
    road = np.flatnonzero(by >= 0)
    taken = routes.take(by[road])
    length = taken.lengths()
    for depth in range(int(length.max(initial=0)) - 1, -1, -1):
        on = road[length > depth]
        link = taken.links[taken.ptr[:-1][length > depth] + depth]
        walk.cross(route, who[on], link, placed_s[on], free_s[on] - placed_s[on])
        free_s[on] -= tau_s[link][:, None]
        placed_s[on] = (placed_s[on] - tau_s[link][:, None] if walk.placed_by is None
                        else walk.placed_by.entered_s(link[:, None], placed_s[on]))
    return free_s, placed_s


def _chain_back(plan: DayPlan, routes: Routes, tau_s: np.ndarray, leg: np.ndarray,
                onward: np.ndarray, arrival_s: np.ndarray, walk: _Walk, route: int
                ) -> tuple[np.ndarray, np.ndarray]:
    """Free-flow departure (k, runs) of chains (legs and onward legs, (k,)) ending at
    arrival_s (k, runs) along `routes`, and when a parent's child reaches school at
    free flow (the arrival itself for others), s; the crossings noted as
    ``_back_along``'s, the k travellers numbered 0 to k - 1."""
    who = np.arange(leg.size)
    school = [arrival_s.copy(), arrival_s.copy()]  # by the free and the placed clock
    chained = np.flatnonzero(onward >= 0)
    dwell_s = plan.legs.dwell_s[onward[chained]][:, None]
    dropped = _back_along(plan, routes, tau_s, onward[chained], who[chained],
                          (arrival_s[chained], arrival_s[chained]), walk, route)
    for clock, back in zip(school, dropped):
        clock[chained] = back - dwell_s
    departure, _ = _back_along(plan, routes, tau_s, leg, who, tuple(school), walk, route)
    return departure, school[0]


def _segments(n_arrivals: int, placed: bool) -> list[tuple[int, int, int]]:
    """The walks that cover a route's n_arrivals candidates: (first candidate, how
    many, the one walked from). At free flow one walk covers them all; placed by a
    day, one per PLACED_ARRIVALS, walked from its middle."""
    width = PLACED_ARRIVALS if placed else n_arrivals
    return [(first, min(width, n_arrivals - first), min(width // 2, n_arrivals - first - 1))
            for first in range(0, n_arrivals, width)]


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
    placed_by : a loaded day whose link times place the walks on the links before
        their arrival (``ExperiencedTimes.entered_s``), one walk per PLACED_ARRIVALS
        candidates: a link is left earlier by the queues the day had downstream of
        it, and split between minutes where held longer than ``walks.SPLIT_HELD_S``.
        Default: free flow, one walk for all of a route's candidates.

    Returns
    -------
    The groups: those without another route, then those with; a group nobody is in
    is left out.
    """
    start_s, slot_s, n_slots = minute_grid(plan.scenario.settings.simulation, SLOT_S)
    before_s, after_s = settings.window_s
    target = plan.legs.target_s[np.where(onward >= 0, onward, leg)]
    arrival = candidate_departures(target, before_s=before_s, after_s=after_s, step_s=slot_s)
    c = arrival.shape[1]
    offered = (np.zeros(leg.size, dtype=bool) if alternative is None
               else np.asarray(has_alternative, dtype=bool))
    grid = (n_slots, plan.city.network.n_links, c)
    groups = []
    for traveller in (np.flatnonzero(~offered), np.flatnonzero(offered)):
        if traveller.size == 0:
            continue
        walk = _Walk((start_s, slot_s, n_slots), placed_by, c)
        by = (routes, alternative) if offered[traveller[0]] else (routes,)
        chain = (leg[traveller], onward[traveller])
        at = arrival[traveller][:, [first + shift for first, _, shift in walk.runs]]
        walked = [_chain_back(plan, taken, tau_s, *chain, at, walk, r)
                  for r, taken in enumerate(by)]
        # free-flow times are the same from any run's walk: the first run's give them
        lead = np.stack([at[:, 0] - departure[:, 0] for departure, _ in walked], axis=1)
        school_lead = np.stack([at[:, 0] - school[:, 0] for _, school in walked], axis=1)
        departure, school = (np.hstack([arrival[traveller] - ahead[:, None] for ahead in leads.T])
                             for leads in (lead, school_lead))
        cost = _candidate_cost_s(plan, *chain, departure, school,
                                 np.tile(arrival[traveller], len(by)), target[traveller])
        groups.append(_group((start_s, slot_s, *grid), traveller, cost, arrival[traveller, 0],
                             lead, plan.legs.pcu[leg[traveller]], walk))
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


def _group(grid: tuple, traveller: np.ndarray, cost_s: np.ndarray, first_arrival_s: np.ndarray,
           lead_s: np.ndarray, pcu: np.ndarray, walk: _Walk) -> ArrivalChoices:
    """The m travellers of a group, `traveller` (m,) int64 their positions among all
    the choosers, with their candidates' costs (m, w) s, first arrivals (m,) s, leads
    (m, r) s, loads (m,) pcu and their walks (``_Walk``); travellers with identical
    rows merged into one row each. Rows are told apart by their costs, first
    departures, load and the link-minutes of every crossing of their first run's
    walk: the other runs' walks follow from the same links, arrivals and day."""
    start_s, slot_s, n_slots, n_links, n_arrivals = grid
    keep, row, count = identical_rows(np.hstack([
        cost_s, first_arrival_s[:, None] - lead_s, _walk_keys(walk.crossings, traveller.size),
        pcu[:, None]]))
    kept = np.zeros(traveller.size, dtype=bool)
    kept[keep] = True
    walks = walk.walks(lead_s.shape[1])
    entries = _entries(walk.crossings, kept, row)
    return ArrivalChoices(start_s=start_s, slot_s=slot_s, n_links=n_links, n_slots=n_slots,
                          n_arrivals=n_arrivals, traveller=traveller, row=row,
                          count=count.astype(np.float64), pcu=pcu[keep],
                          first_arrival_s=first_arrival_s[keep], lead_s=lead_s[keep],
                          cost_s=cost_s[keep], parts=walks_in_parts(*entries, keep.size, walks))


def _placed(link: np.ndarray, minute: np.ndarray, held_s: np.ndarray, n_slots: int,
            n_arrivals: int) -> tuple[np.ndarray, np.ndarray]:
    """The padded link-minute (h, runs) int64 where each run's first candidate is
    counted on `link` (h,), and the share of it counted in the next (h, runs), for a
    crossing at `minute` (h, runs) after being held `held_s` (``walks.minute_shares``).
    A walk whose every candidate falls outside the day keeps to the padding: its first
    minute moved to the padding's edge, where no minute is priced."""
    pad = padding(n_arrivals)
    first, later = minute_shares(minute, held_s)
    per_link = n_slots + 2 * pad
    at = link[:, None] * per_link + pad + np.clip(first, -pad, n_slots)
    return (at.astype(np.int32) if (link.max(initial=0) + 1) * per_link < 2**31 else at), later


def _walk_keys(crossings: list[tuple], m: int) -> np.ndarray:
    """(m, 2 x crossings) float64 the link-minute each of m travellers is counted in
    at each crossing of the first run, and the share of it in the next (-1: not in
    it)."""
    key = np.full((m, 2 * len(crossings)), -1.0)
    for depth, (_, who, at, later) in enumerate(crossings):
        key[who, 2 * depth], key[who, 2 * depth + 1] = at[:, 0], later[:, 0]
    return key


def _entries(crossings: list[tuple], kept: np.ndarray,
             row: np.ndarray) -> tuple[np.ndarray, ...]:
    """The walks' entries of the `kept` travellers (``walks.walks_in_parts``): row,
    walk (route x runs + run), padded link-minute of its run's first candidate and
    share, one per crossing and run, two where split."""
    out: list[list[np.ndarray]] = [[np.empty(0, dtype=np.int64)] for _ in range(3)]
    out.append([np.empty(0)])
    while crossings:  # each let go once its entries are taken
        route, who, at, later = crossings.pop()
        mine = kept[who]
        runs = at.shape[1]
        at, later = at[mine].ravel(), later[mine].ravel()
        its_row = np.repeat(row[who[mine]], runs)
        its_walk = np.tile(route * runs + np.arange(runs), mine.sum())
        split = later > 0
        for into, values in zip(out, ([its_row, its_row[split]], [its_walk, its_walk[split]],
                                      [at, at[split] + 1], [1.0 - later, later[split]])):
            into.extend(values)
    return tuple(np.concatenate(values) for values in out)
