"""Vehicles waiting for their departure step: a heap of groups, one group per step.

Vehicles may be scheduled at any time during a run (the day's chained legs are),
so they are kept by due step rather than in one sorted array. Each group is
sorted once, when scheduled, in the order its vehicles join the entry queues:
by first link, then departure time, then id.
"""

from __future__ import annotations

import heapq
import itertools

import numpy as np

_NONE = np.zeros(0, dtype=np.int64)


def _has_repeats(sorted_values: np.ndarray) -> bool:
    return bool(np.count_nonzero(sorted_values[1:] == sorted_values[:-1]))


class Departures:
    """Scheduled vehicles not yet due."""

    def __init__(self):
        self._heap: list[tuple[int, int, np.ndarray, np.ndarray, bool]] = []
        self._sequence = itertools.count()

    def __bool__(self) -> bool:
        return bool(self._heap)

    @property
    def next_step(self) -> int | None:
        """The earliest due step, or None when nothing is scheduled."""
        return self._heap[0][0] if self._heap else None

    def schedule(self, ids: np.ndarray, departure_s: np.ndarray, due_step: np.ndarray,
                 first_link: np.ndarray) -> None:
        """Add vehicles `ids` with their departure times, due steps and first links."""
        if ids.size == 0:
            return
        order = np.lexsort((ids, departure_s, first_link, due_step))
        due_step, ids, first_link = due_step[order], ids[order], first_link[order]
        cuts = np.flatnonzero(np.diff(due_step)) + 1
        starts, ends = np.r_[0, cuts], np.r_[cuts, ids.size]
        for step, start, end in zip(due_step[starts].tolist(), starts.tolist(), ends.tolist()):
            links = first_link[start:end]
            heapq.heappush(self._heap, (step, next(self._sequence), ids[start:end], links,
                                        not _has_repeats(links)))

    def due_by(self, step: int, departure_s: np.ndarray) -> tuple[np.ndarray, np.ndarray, bool]:
        """Remove the vehicles due at or before `step`.

        Returns their ids and first links, by first link, departure and id, and
        whether no first link appears twice. `departure_s` is the fleet's
        departure array, to merge groups scheduled apart.
        """
        groups = []
        while self._heap and self._heap[0][0] <= step:
            groups.append(heapq.heappop(self._heap))
        if len(groups) < 2:
            return (groups[0][2], groups[0][3], groups[0][4]) if groups else (_NONE, _NONE, True)
        ids = np.concatenate([group[2] for group in groups])
        links = np.concatenate([group[3] for group in groups])
        order = np.lexsort((ids, departure_s[ids], links))
        return ids[order], links[order], not _has_repeats(links[order])
