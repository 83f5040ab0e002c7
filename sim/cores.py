"""How many threads a run's price solve may use.

A run on its own uses every core its process may run on. Runs side by side on
one machine (a sweep's worker processes) share the cores instead, so that two
runs on two cores do not start four solving threads between them. The share
travels in the environment variable STAGGERSIM_THREADS, which a user may also
set by hand; the figures do not depend on it (``prices.PARTS_PER_GROUP``).

BLAS (numpy's and scipy's OpenBLAS) is held to one thread during an adaptation:
OpenBLAS splits a long dot product's sum over its threads, and the split changes
the sum's last bits, which the next day's choices then carry forward
(docs/adaptation_gap.md).
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Iterator

from threadpoolctl import threadpool_limits

from .errors import InputError

THREADS_VARIABLE = "STAGGERSIM_THREADS"


def available_cores() -> int:
    """Cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def solve_threads() -> int:
    """Threads a solve may use: STAGGERSIM_THREADS when set, else every core this
    process may run on. Raises InputError if the variable is not a whole number of
    at least 1."""
    value = os.environ.get(THREADS_VARIABLE)
    if value is None:
        return available_cores()
    try:
        threads = int(value)
    except ValueError:
        threads = 0
    if threads < 1:
        raise InputError(f"must be a whole number of threads, at least 1, not {value!r}",
                         field=f"environment variable {THREADS_VARIABLE}")
    return threads


def cores_per_run(runs: int) -> int:
    """Threads for each of `runs` runs side by side on this process's cores, at least 1."""
    return max(1, available_cores() // runs)


@contextmanager
def threads_limited(threads: int | None) -> Iterator[None]:
    """Within the block, solves use `threads` threads (None: as they would anyway);
    the environment is put back afterwards."""
    if threads is None:
        yield
        return
    before = os.environ.get(THREADS_VARIABLE)
    os.environ[THREADS_VARIABLE] = str(threads)
    try:
        yield
    finally:
        if before is None:
            del os.environ[THREADS_VARIABLE]
        else:
            os.environ[THREADS_VARIABLE] = before


def one_blas_thread() -> threadpool_limits:
    """A context in which BLAS uses one thread, so its sums do not depend on how many
    threads it would otherwise start."""
    return threadpool_limits(limits=1, user_api="blas")
