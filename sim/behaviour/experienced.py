"""What a day taught its travellers: when they would arrive had they left at another time.

From one loaded day the model builds, for every link and every time t of a
grid, the time a vehicle entering the link at t would have left it, and for
every origin link the time a vehicle departing at t would have entered it.
Both follow from the cumulative curves (Newell): links are FIFO, so a vehicle
entering after the n vehicles that entered by t leaves no earlier than its
free-flow time, nor before the n-th has left plus one headway at capacity.
A route's arrival for any departure time then follows link by link.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..blocks import row_blocks
from ..network.model import Network
from ..traffic.kernel import free_flow_steps
from ..traffic.result import LoadResult

_SPAN = 1e7  # seconds: larger than any time, to sort (link, time) pairs as one key


def on_grid(table: np.ndarray, row: np.ndarray, time_s: np.ndarray, start_s: float,
            step_s: float, beyond_s: np.ndarray) -> np.ndarray:
    """Times looked up in `table[row]`, a grid of times from `start_s` every `step_s`.

    Linear between grid times, never earlier than `time_s` itself, and `beyond_s`
    past the grid's end (before its start, its first value).
    """
    position = (time_s - start_s) / step_s
    last = table.shape[1] - 1
    i = np.clip(np.floor(position).astype(np.int64), 0, last - 1)
    frac = np.clip(position - i, 0.0, 1.0)
    value = table[row, i] + frac * (table[row, i + 1] - table[row, i])
    return np.where(position > last, beyond_s, np.maximum(value, time_s))


@dataclass(frozen=True)
class ExperiencedTimes:
    """Exit and entry times on a grid of times, per link.

    Attributes
    ----------
    start_s, step_s : the grid's first time and spacing, s.
    link_exit_s : (n_links, n_times) float64 when a vehicle entering the link at
        each grid time would leave it, s.
    entry_s : (n_links, n_times) float64 when a vehicle departing at each grid
        time onto this first link would enter it (after the origin's queue), s.
    free_flow_s : (n_links,) float64 free-flow time in whole kernel steps, s.
    """

    start_s: float
    step_s: float
    link_exit_s: np.ndarray
    entry_s: np.ndarray
    free_flow_s: np.ndarray

    def link_times_by_bin(self, bin_s: float) -> tuple[np.ndarray, np.ndarray]:
        """Mean time to cross each link for entries in bins of `bin_s` from the grid's start.

        Returns
        -------
        bin_start_s : (n_bins,) float64 start of each bin, s.
        crossing_s : (n_links, n_bins) float64 mean exit minus entry time over the
            grid times in the bin, s.
        """
        grid = self.start_s + self.step_s * np.arange(self.link_exit_s.shape[1])
        bin_of = np.floor((grid - self.start_s) / bin_s).astype(np.int64)
        first = np.flatnonzero(np.r_[True, bin_of[1:] != bin_of[:-1]])
        crossing = self.link_exit_s - grid[None, :]
        size = np.diff(np.r_[first, grid.size])
        return (self.start_s + bin_s * bin_of[first],
                np.add.reduceat(crossing, first, axis=1) / size[None, :])

    @cached_property
    def _exit_keys(self) -> np.ndarray:
        """(n_links * n_times,) float64 every link's exit times, sorted by (link, time)."""
        n_links = self.link_exit_s.shape[0]
        return (np.arange(n_links)[:, None] * _SPAN + self.link_exit_s).ravel()

    def entered_s(self, link: np.ndarray, left_s: np.ndarray) -> np.ndarray:
        """When vehicles that left links at given times had entered them, s.

        The entry whose exit, linear between grid times, is `left_s` (exits never
        fall as entries grow: links are FIFO), and at most one free-flow time before
        it; off the grid, free flow. Worked out a block of rows at a time, so its
        temporaries stay small (a whole walk's arrays are hundreds of MB each).

        Parameters
        ----------
        link : int64 link of each vehicle, broadcastable against `left_s`.
        left_s : float64 when each left its link, s.

        Returns
        -------
        float64 array of the broadcast shape.
        """
        link, left_s = np.broadcast_arrays(link, np.asarray(left_s, dtype=np.float64))
        if left_s.ndim == 0:
            return self._entered_block_s(link, left_s)
        entered = np.empty(left_s.shape)
        for block in row_blocks(left_s.shape):
            entered[block] = self._entered_block_s(link[block], left_s[block])
        return entered

    def _entered_block_s(self, link: np.ndarray, left_s: np.ndarray) -> np.ndarray:
        """``entered_s`` of links and exit times of one shape."""
        n_times = self.link_exit_s.shape[1]
        last = np.searchsorted(self._exit_keys, link * _SPAN + left_s, side="right") - 1
        i = last - link * n_times  # the last grid entry to leave by left_s; -1 if none
        inside = (i >= 0) & (i < n_times - 1)
        i = np.clip(i, 0, n_times - 2)
        before, after = self.link_exit_s[link, i], self.link_exit_s[link, i + 1]
        rise = after - before
        frac = np.divide(left_s - before, rise, out=np.zeros_like(rise), where=rise > 0)
        entry = self.start_s + self.step_s * (i + np.clip(frac, 0.0, 1.0))
        free = left_s - self.free_flow_s[link]
        return np.where(inside, np.minimum(entry, free), free)

    def arrival_s(self, route_ptr: np.ndarray, route_links: np.ndarray,
                  departure_s: np.ndarray) -> np.ndarray:
        """Arrival of each route for departure times, s.

        Parameters
        ----------
        route_ptr, route_links : routes as CSR link-index arrays (n routes).
        departure_s : (n,) or (n, k) float64 departure times: one per route, or k
            alternatives for each.

        Returns
        -------
        float64 array of the shape of `departure_s`.
        """
        time_s = np.array(departure_s, dtype=np.float64, ndmin=1)
        flat = time_s.ndim == 1
        if flat:
            time_s = time_s[:, None]
        length = np.diff(route_ptr)
        moving = np.flatnonzero(length > 0)
        first = route_links[route_ptr[moving]][:, None]
        time_s[moving] = on_grid(self.entry_s, first, time_s[moving], self.start_s, self.step_s,
                                  time_s[moving])
        for depth in range(int(length.max(initial=0))):
            moving = moving[length[moving] > depth]
            link = route_links[route_ptr[moving] + depth][:, None]
            now = time_s[moving]
            time_s[moving] = on_grid(self.link_exit_s, link, now, self.start_s, self.step_s,
                                     now + self.free_flow_s[link])
        return time_s[:, 0] if flat else time_s


def _sorted_per_link(link: np.ndarray, time_s: np.ndarray, n_links: int):
    """Times sorted by (link, time) and where each link's run starts."""
    order = np.lexsort((time_s, link))
    starts = np.searchsorted(link[order], np.arange(n_links + 1))
    return link[order], time_s[order], starts


def _nth(sorted_s: np.ndarray, starts: np.ndarray, count: np.ndarray) -> np.ndarray:
    """The count-th time (1-based) of each link's sorted run; -inf where count is 0."""
    padded = np.append(sorted_s, -np.inf)
    return padded[np.where(count > 0, starts[:-1, None] + count - 1, sorted_s.size)]


def _counts_before(link: np.ndarray, time_s: np.ndarray, grid_s: np.ndarray,
                   n_links: int) -> tuple[np.ndarray, np.ndarray]:
    """(n_links, n_times) how many events of each link happened by each grid time,
    and the sorted event times with each link's start offset."""
    link, time_s, starts = _sorted_per_link(link, time_s, n_links)
    keys = link * _SPAN + time_s
    query = np.arange(n_links)[:, None] * _SPAN + grid_s[None, :]
    return np.searchsorted(keys, query, side="right") - starts[:-1, None], time_s, starts


def experienced_times(result: LoadResult, network: Network, start_s: float, end_s: float,
                      step_s: float = 60.0) -> ExperiencedTimes:
    """Exit and entry times on the grid start_s, start_s + step_s, ... end_s (see the
    module docstring)."""
    grid = np.arange(start_s, end_s + step_s, step_s)
    n = network.n_links
    tau_s = free_flow_steps(network, result.dt_s) * result.dt_s
    headway_s = result.dt_s / np.minimum(network.capacity_vps * result.dt_s, 1.0)
    entered = np.isfinite(result.link_entry_s)
    exit_s = result.link_exit_s()
    exit_s = np.where(np.isfinite(exit_s), exit_s, max(end_s, result.end_s))
    links = result.route_links[entered]
    ahead, _, _ = _counts_before(links, result.link_entry_s[entered], grid, n)
    _, exits, starts = _sorted_per_link(links, exit_s[entered], n)
    link_exit = np.maximum(grid[None, :] + tau_s[:, None],
                           _nth(exits, starts, ahead) + headway_s[:, None])

    moving = np.diff(result.route_ptr) > 0
    first_leg = result.route_ptr[:-1][moving]
    first_link = result.route_links[first_leg]
    departed, _, _ = _counts_before(first_link, result.departure_s[moving], grid, n)
    entry = np.where(np.isfinite(result.link_entry_s[first_leg]),
                     result.link_entry_s[first_leg], max(end_s, result.end_s))
    _, entries, starts = _sorted_per_link(first_link, entry, n)
    entry_s = np.maximum(grid[None, :], _nth(entries, starts, departed))
    return ExperiencedTimes(start_s=float(start_s), step_s=float(step_s),
                            link_exit_s=link_exit, entry_s=entry_s, free_flow_s=tau_s)
