"""Many FIFO queues of vehicles at once, as linked lists over vehicle ids.

Each queue (one per link, or one per origin entry point) has a head and a tail
(-1 when empty); `next_in_queue[v]` is the vehicle behind v (-1 at the tail). A
vehicle is in at most one queue at a time, so one `next_in_queue` array serves
all of them. Its last slot is scratch, never a vehicle: appending to an empty
queue writes its "old tail's successor" there, which saves a branch per call.
Appends and pops work on whole arrays of queues in one call.
"""

from __future__ import annotations

import numpy as np


class FifoSet:
    """`n_queues` FIFO queues of vehicle ids sharing one successor array."""

    def __init__(self, n_queues: int, next_in_queue: np.ndarray):
        self.head = np.full(n_queues, -1, dtype=np.int64)
        self.tail = np.full(n_queues, -1, dtype=np.int64)
        self.next_in_queue = next_in_queue

    def append(self, queue: np.ndarray, vehicle: np.ndarray, distinct: bool = False) -> np.ndarray:
        """Append vehicles to the tails of their queues; return the queues that were empty.

        Parameters
        ----------
        queue : (k,) int queue index of each vehicle; equal values adjacent.
        vehicle : (k,) int vehicle ids; within a queue, in the order they join.
        distinct : True when no queue appears twice (a faster path).
        """
        if queue.size == 0:
            return queue
        nxt = self.next_in_queue
        nxt[vehicle] = -1
        if distinct:
            leaders, groups, last_of_group = vehicle, queue, vehicle
        else:
            first = np.empty(queue.size, dtype=bool)
            first[0] = True
            np.not_equal(queue[1:], queue[:-1], out=first[1:])
            follows = (~first).nonzero()[0]
            nxt[vehicle[follows - 1]] = vehicle[follows]
            last = np.empty_like(first)
            last[:-1] = first[1:]
            last[-1] = True
            leaders, groups, last_of_group = vehicle[first], queue[first], vehicle[last]
        old_tail = self.tail[groups]
        nxt[old_tail] = leaders
        was_empty = old_tail < 0
        started = groups[was_empty]
        self.head[started] = leaders[was_empty]
        self.tail[groups] = last_of_group
        return started

    def pop(self, queue: np.ndarray) -> np.ndarray:
        """Remove the head vehicle of each queue (distinct, non-empty queues); return the
        new heads (-1 where a queue is now empty)."""
        following = self.next_in_queue[self.head[queue]]
        self.head[queue] = following
        self.tail[queue[following < 0]] = -1
        return following

    def members(self, queue: int) -> list[int]:
        """Vehicle ids of one queue, head first (for checks and tests)."""
        out, vehicle = [], int(self.head[queue])
        while vehicle >= 0:
            out.append(vehicle)
            vehicle = int(self.next_in_queue[vehicle])
        return out
