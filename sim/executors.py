"""Where independent runs run: this process, local worker processes, or a Dask cluster.

The sweep and the comparison hand over a list of calls, each one run's
arguments, and take each result back as it ends, in the order they end. Every
run depends only on its arguments, so the results are the same wherever a run
ran. Runs side by side on this machine share its cores: each is handed its
share as the call's last argument (``cores.py``); a run alone here, or on a
remote cluster, is handed None (every core it has).
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any

from .cores import cores_per_run
from .errors import InputError

OnDone = Callable[[int, Any], None]


def run_everywhere(call: Callable[..., Any], arguments: Sequence[tuple], on_done: OnDone, *,
                   workers: int = 1, scheduler: str | None = None,
                   dask_local: int | None = None) -> None:
    """call(*arguments[i], threads) for every i, on_done(i, result) as each ends.

    Parameters
    ----------
    call : a picklable function of the run's arguments and its thread share.
    arguments : each run's arguments.
    on_done : called in this process with the run's position and its result.
    workers : local worker processes (1: run in this process).
    scheduler : address of a running Dask scheduler to send the runs to.
    dask_local : start a dask.distributed LocalCluster of this many worker processes.
    """
    if scheduler or dask_local:
        _on_dask(call, arguments, on_done, scheduler=scheduler, dask_local=dask_local)
    elif workers == 1:
        for i, args in enumerate(arguments):
            on_done(i, call(*args, None))
    else:
        _on_processes(call, arguments, on_done, workers)


def _on_processes(call, arguments, on_done: OnDone, workers: int) -> None:
    """``run_everywhere`` on `workers` local processes; Ctrl-C stops them with this one."""
    threads = cores_per_run(workers)
    with ProcessPoolExecutor(max_workers=workers, initializer=_leave_interrupts_to_parent) \
            as pool:
        try:
            futures = {pool.submit(call, *args, threads): i for i, args in enumerate(arguments)}
            for future in as_completed(futures):
                on_done(futures[future], future.result())
        except KeyboardInterrupt:  # what was handed back stays; the workers stop with us
            for child in multiprocessing.active_children():
                child.terminate()
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _leave_interrupts_to_parent() -> None:
    """In a worker: ignore Ctrl-C, which the parent process handles."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _client(scheduler: str | None, cluster):
    """A Dask client of the scheduler at `scheduler` (InputError naming it if it cannot be
    reached), or else of `cluster`."""
    from distributed import Client

    if scheduler is None:
        return Client(cluster)
    try:
        return Client(scheduler)
    except (OSError, ValueError, TimeoutError) as error:
        raise InputError(f"cannot reach a Dask scheduler at {scheduler!r}: {error}",
                         field="--scheduler") from None


def _on_dask(call, arguments, on_done: OnDone, *, scheduler: str | None,
             dask_local: int | None) -> None:
    """``run_everywhere`` on a Dask cluster: the one at `scheduler`, or a LocalCluster of
    `dask_local` worker processes started here."""
    from distributed import LocalCluster
    from distributed import as_completed as dask_completed

    cluster = (None if scheduler else
               LocalCluster(n_workers=dask_local, threads_per_worker=1, processes=True,
                            dashboard_address=None))
    try:
        with _client(scheduler, cluster) as client:
            # a LocalCluster's workers share this machine; a remote one's are its own
            threads = None if scheduler else cores_per_run(dask_local)
            futures = {client.submit(call, *args, threads, pure=False): i
                       for i, args in enumerate(arguments)}
            for future in dask_completed(futures):
                on_done(futures[future], future.result())
    finally:
        if cluster is not None:
            cluster.close()
