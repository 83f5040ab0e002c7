"""Many FIFO queues of vehicles at once, as linked lists over vehicle ids.

Each queue (one per link, or one per origin entry point) has a head, a tail and
a count; `next_in_queue[v]` is the vehicle behind v (-1 at the tail). A vehicle
is in at most one queue at a time, so one `next_in_queue` array serves all of
them. Appends and pops work on whole arrays of queues in one call.
"""

from __future__ import annotations

import numpy as np


class FifoSet:
    """`n_queues` FIFO queues of vehicle ids sharing one successor array."""

    def __init__(self, n_queues: int, next_in_queue: np.ndarray):
        self.head = np.full(n_queues, -1, dtype=np.int64)
        self.tail = np.full(n_queues, -1, dtype=np.int64)
        self.count = np.zeros(n_queues, dtype=np.int64)
        self.next_in_queue = next_in_queue

    def append(self, queue: np.ndarray, vehicle: np.ndarray) -> None:
        """Append vehicles to the tails of their queues.

        Parameters
        ----------
        queue : (k,) int queue index of each vehicle, grouped (equal values adjacent).
        vehicle : (k,) int vehicle ids; within a group, in the order they join.
        """
        if queue.size == 0:
            return
        nxt = self.next_in_queue
        first = np.empty(queue.size, dtype=bool)
        first[0] = True
        np.not_equal(queue[1:], queue[:-1], out=first[1:])
        last = np.empty_like(first)
        last[-1] = True
        last[:-1] = first[1:]
        nxt[vehicle[:-1][~last[:-1]]] = vehicle[1:][~first[1:]]
        nxt[vehicle[last]] = -1
        groups, leaders = queue[first], vehicle[first]
        old_tail = self.tail[groups]
        had = old_tail >= 0
        nxt[old_tail[had]] = leaders[had]
        self.head[groups[~had]] = leaders[~had]
        self.tail[groups] = vehicle[last]
        starts = np.flatnonzero(first)
        self.count[groups] += np.diff(np.append(starts, queue.size))

    def pop(self, queue: np.ndarray) -> np.ndarray:
        """Remove and return the head vehicle of each queue (distinct, non-empty queues)."""
        vehicle = self.head[queue]
        self.head[queue] = self.next_in_queue[vehicle]
        self.count[queue] -= 1
        self.tail[queue[self.count[queue] == 0]] = -1
        return vehicle

    def members(self, queue: int) -> list[int]:
        """Vehicle ids of one queue, head first (for checks and tests)."""
        out, vehicle = [], int(self.head[queue])
        while vehicle >= 0:
            out.append(vehicle)
            vehicle = int(self.next_in_queue[vehicle])
        return out
