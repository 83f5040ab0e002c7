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
coarse scale and then at finer ones, each warm-started. The dual is a sum over
travellers, so its rows are cut into parts evaluated side by side on the cores
(numpy and scipy.sparse let go of the interpreter lock in their loops).
A traveller's minute on each link is placed back from the arrival (``choices.py``),
from the second solve on by the last simulated day's link times, which also hold
the queues on the links after it; in the first solve at free flow, exact only when
one link of the route queues. Each traveller then draws an arrival from their
logit probabilities by stratified sampling, so identical travellers fill the
minutes in proportion, and leaves at the arrival less free-flow time and the
queue delays on the way.

A traveller whose day showed a faster-looking route chooses between theirs and
that one in the same solve: the logit runs over (route, arrival) pairs, so the
prices ration both routes' links at once rather than sending everyone offered a
faster route onto it together.
"""

from __future__ import annotations

from concurrent.futures import Executor, ThreadPoolExecutor

import numpy as np
from scipy.optimize import Bounds, minimize

from ..cores import solve_threads
from ..simulate.day import Day
from .choices import ArrivalChoices
from .walks import PARTS_PER_GROUP


class _Rows:
    """The rows of every group as its parts (``ArrivalChoices.split``), each with a
    workspace; the parts' terms are added in their order whichever thread evaluated
    them."""

    def __init__(self, parts: list[ArrivalChoices], work: list[np.ndarray], pool: Executor):
        self.parts, self.work, self.pool = parts, work, pool

    @classmethod
    def of_groups(cls, groups: list[ArrivalChoices], pool: Executor) -> _Rows:
        parts = [part for group in groups for part in group.split()]
        return cls(parts, [np.empty_like(part.cost_s) for part in parts], pool)

    def on_links(self, links: np.ndarray) -> _Rows:
        """The rows with their walks cut to the links marked in `links` (n_links,) bool
        (``ArrivalChoices.on_links``), sharing these rows' workspaces and pool."""
        return _Rows([part.on_links(links) for part in self.parts], self.work, self.pool)

    def _part_terms(self, i: int, delay_s: np.ndarray, scale_s: float):
        part = self.parts[i]
        share, log_sum = part.shares(delay_s, scale_s, out=self.work[i])
        np.multiply(share, (part.pcu * part.count)[:, None], out=share)
        return scale_s * (part.count @ log_sum), part.load_pcu(share)

    def terms(self, delay_s: np.ndarray, scale_s: float) -> tuple[float, np.ndarray]:
        """scale x the travellers' summed log-sums (minus their expected least cost,
        s), and (n,) float64 the pcu leaving each link-minute, at link-minute delays
        (n,) s."""
        done = list(self.pool.map(lambda i: self._part_terms(i, delay_s, scale_s),
                                  range(len(self.parts))))
        load = np.zeros(delay_s.size)
        for _, part_load in done:
            load += part_load
        return sum(value for value, _ in done), load


def _negative_dual(priced_delay_s, priced, delay_s, rows: _Rows, capacity_pcu, scale_s):
    """Value and gradient of minus the entropic dual in the delays of the link-minutes
    `priced` (p,), set to `priced_delay_s` (p,) s in `delay_s` (n,), the others held."""
    delay_s[priced] = priced_delay_s
    value, load = rows.terms(delay_s, scale_s)
    return (value + priced_delay_s @ capacity_pcu[priced],
            capacity_pcu[priced] - load[priced])


def _overloaded_links(rows: _Rows, delay_s: np.ndarray, capacity_pcu: np.ndarray,
                      scale_s: float, n_links: int) -> np.ndarray:
    """(n_links,) bool: links with a minute loaded over 1% beyond its capacity."""
    over = rows.terms(delay_s, scale_s)[1] > 1.01 * capacity_pcu + 1e-9
    return over.reshape(n_links, -1).any(axis=1)


def clearing_delays(groups: list[ArrivalChoices], capacity_pcu: np.ndarray,
                    scales_s: list[float], start_delay_s: np.ndarray | None = None,
                    max_evaluations: int = 200) -> np.ndarray:
    """Queue delays that ration every link-minute's capacity (module docstring).

    Only links that would be overloaded are priced: the solve starts from those
    overloaded at the starting delays (and those already priced), and adds any link
    that the solution overloads until none is (constraint generation); the others'
    delays stay 0, so each solve evaluates only the walks' entries on priced links.

    Parameters
    ----------
    groups : the travellers' candidate arrivals (``arrival_choices``).
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
    if not groups:
        return delay
    n_links, n_slots = groups[0].n_links, groups[0].n_slots
    longest = (groups[0].n_arrivals - 1) * groups[0].slot_s
    with ThreadPoolExecutor(min(solve_threads(), PARTS_PER_GROUP * len(groups))) as pool:
        rows = _Rows.of_groups(groups, pool)
        for scale in scales_s:
            active = (delay.reshape(n_links, n_slots).any(axis=1)
                      | _overloaded_links(rows, delay, capacity_pcu, scale, n_links))
            while active.any():
                priced = np.flatnonzero(np.repeat(active, n_slots))
                delay[priced] = minimize(
                    _negative_dual, delay[priced],
                    args=(priced, delay.copy(), rows.on_links(active), capacity_pcu, scale),
                    jac=True, method="L-BFGS-B", bounds=Bounds(0.0, longest),
                    options={"maxfun": max_evaluations, "maxiter": max_evaluations}).x
                more = _overloaded_links(rows, delay, capacity_pcu, scale, n_links) & ~active
                if not more.any():
                    break
                active |= more
    return delay


def _drawn(choices: ArrivalChoices, delay_s: np.ndarray, scale_s: float,
           rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """``drawn_departures`` for one group, its travellers in its own order."""
    share, _ = choices.shares(delay_s, scale_s)
    row, k = choices.row, share.shape[0]
    order = np.lexsort((rng.random(row.size), row))
    rank = np.empty(row.size)
    rank[order] = np.arange(row.size) - np.searchsorted(row[order], row[order])
    uniform = (rank + rng.random(k)[row]) / choices.count[row]
    cumulative = np.cumsum(share, axis=1)
    pick = np.minimum((cumulative[row] < uniform[:, None]).sum(axis=1), share.shape[1] - 1)
    departure = choices.free_departure_s(row, pick) - choices.queueing_s(delay_s)[row, pick]
    return np.maximum(departure, choices.start_s), pick >= choices.n_arrivals


def drawn_departures(groups: list[ArrivalChoices], delay_s: np.ndarray, scale_s: float,
                     rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(n,) departure of each traveller, s: an arrival drawn from their row's logit
    shares, less free-flow time and the queue delays on the way, and not before the
    day starts; and (n,) bool, whether that arrival is by the other route.

    The m travellers of a row draw at (j + v) / m, j = 0 .. m - 1 in random order
    and v uniform per row (systematic sampling), so they fill the minutes in
    proportion to the shares; a row of one draws at random.
    """
    n = sum(group.traveller.size for group in groups)
    departure, by_alternative = np.zeros(n), np.zeros(n, dtype=bool)
    for group in groups:
        departure[group.traveller], by_alternative[group.traveller] = _drawn(
            group, delay_s, scale_s, rng)
    return departure, by_alternative


def spare_capacity_pcu(day: Day, choosing_legs: np.ndarray, grid: tuple[float, float, int],
                       capacity_vps: np.ndarray) -> np.ndarray:
    """(n_links * n_slots,) float64 what each link-minute of `grid` (``minute_grid``)
    can let out once the day's other vehicles (those not of `choosing_legs`) have
    passed, pcu, at least 0."""
    start_s, slot_s, n_slots = grid
    traffic = day.traffic
    others = ~np.isin(day.vehicle_leg, choosing_legs)
    length = np.diff(traffic.route_ptr)
    exit_s = traffic.link_exit_s()
    other_link = np.repeat(others, length) & np.isfinite(exit_s)
    minute = np.clip(np.rint((exit_s[other_link] - start_s) / slot_s),
                     0, n_slots - 1).astype(np.int64)
    n = capacity_vps.size * n_slots
    passed = np.bincount(traffic.route_links[other_link] * n_slots + minute,
                         np.repeat(traffic.pcu, length)[other_link], n)
    return np.maximum(np.repeat(capacity_vps * slot_s, n_slots) - passed, 0.0)
