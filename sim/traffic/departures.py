"""Vehicles waiting for their departure step: a heap of groups, one group per step.

Vehicles may be scheduled at any time during a run (the day's chained legs are),
so they are kept by due step rather than in one sorted array. Within a step,
vehicles come out ordered by departure time, then id.
"""

from __future__ import annotations

import heapq
import itertools

import numpy as np

_NONE = np.zeros(0, dtype=np.int64)


class Departures:
    """Scheduled vehicles not yet due."""

    def __init__(self):
        self._heap: list[tuple[int, int, np.ndarray]] = []
        self._sequence = itertools.count()

    def __bool__(self) -> bool:
        return bool(self._heap)

    @property
    def next_step(self) -> int | None:
        """The earliest due step, or None when nothing is scheduled."""
        return self._heap[0][0] if self._heap else None

    def schedule(self, ids: np.ndarray, departure_s: np.ndarray, due_step: np.ndarray) -> None:
        """Add vehicles `ids` (with their departure times and due steps)."""
        if ids.size == 0:
            return
        order = np.lexsort((ids, departure_s, due_step))
        due_step, ids = due_step[order], ids[order]
        cuts = np.flatnonzero(np.diff(due_step)) + 1
        for step, group in zip(due_step[np.r_[0, cuts]], np.split(ids, cuts)):
            heapq.heappush(self._heap, (int(step), next(self._sequence), group))

    def due_by(self, step: int, departure_s: np.ndarray) -> np.ndarray:
        """Remove and return the vehicles due at or before `step`, by departure then id.

        `departure_s` is the fleet's departure array, to merge groups scheduled apart.
        """
        groups = []
        while self._heap and self._heap[0][0] <= step:
            groups.append(heapq.heappop(self._heap)[2])
        if len(groups) < 2:
            return groups[0] if groups else _NONE
        ids = np.concatenate(groups)
        return ids[np.lexsort((ids, departure_s[ids]))]
