"""Where games are played: in this process, in local worker processes, or on a Dask cluster.

Every backend takes tasks and hands each finished record to ``emit`` as soon
as it arrives (completion order; each record is deterministic on its own).
Only a bounded number of games is in flight, so Ctrl-C has little to cancel
and memory does not grow with the batch. On Ctrl-C a backend cancels what has
not started, lets the running games finish (a second Ctrl-C abandons them),
emits them, and re-raises :class:`KeyboardInterrupt`.
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from game.batch.grid import BatchInputError, Task
from game.batch.worker import failure_record, ignore_sigint, run_one

__all__ = ["MAX_TASKS_PER_CHILD", "dask_client", "run_dask", "run_in_process", "run_local"]

Emit = Callable[[dict[str, Any]], None]
Worker = Callable[[Task], dict[str, Any]]

#: Games a worker process plays before it is replaced: a safeguard that keeps memory flat over
#: thousands of games (it is flat within a worker too, docs/batch.md), while starting a worker
#: and loading the scenario (about 1.5 s) stays well under 1 % of the time.
MAX_TASKS_PER_CHILD = 200

DIED = "the worker process died while playing this game, twice (killed, out of memory, or a crash in native code)"


@contextlib.contextmanager
def _children_ignore_sigint() -> Iterator[None]:
    """Processes started inside inherit an ignored SIGINT, so Ctrl-C reaches only this process.

    A terminal sends Ctrl-C to the whole process group; Dask's worker processes would
    otherwise die mid-game with tracebacks instead of being closed in order.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old)


def run_in_process(tasks: Iterable[Task], emit: Emit, worker: Worker = run_one) -> None:
    """``--workers 1``: play in this process, for debugging (breakpoints work; no pickling in between)."""
    for t in tasks:
        emit(worker(t))


def _new_pool(workers: int, max_tasks_per_child: int | None = MAX_TASKS_PER_CHILD) -> ProcessPoolExecutor:
    # "spawn" on every platform: max_tasks_per_child needs it, and a child never inherits
    # the parent's threads (tqdm's monitor) or open files.
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=ignore_sigint, max_tasks_per_child=max_tasks_per_child)


def _finish_running(inflight: dict[Future[dict[str, Any]], Task], emit: Emit, pool: ProcessPoolExecutor) -> None:
    """After Ctrl-C: cancel what has not started, wait for what has, unless Ctrl-C comes again."""
    for f in list(inflight):
        if f.cancel():
            del inflight[f]
    if inflight:
        print(f"\nfinishing {len(inflight)} game(s) in progress (Ctrl-C again to abandon them)", file=sys.stderr)
    try:
        for f in list(inflight):
            try:
                emit(f.result())
            except BrokenProcessPool:
                pass
            del inflight[f]
    except KeyboardInterrupt:
        for p in list(getattr(pool, "_processes", {}).values()):
            p.terminate()
    pool.shutdown(wait=False, cancel_futures=True)


def _drive(tasks: Iterable[Task], workers: int, window: int, emit: Emit, worker: Worker,
           max_tasks_per_child: int | None = MAX_TASKS_PER_CHILD) -> list[Task]:
    """Play tasks in a pool; return the tasks lost when a worker process died (the pool is renewed)."""
    pending = deque(tasks)
    lost: list[Task] = []
    pool = _new_pool(workers, max_tasks_per_child)
    inflight: dict[Future[dict[str, Any]], Task] = {}
    try:
        while pending or inflight:
            broken = False
            while pending and len(inflight) < window:
                t = pending.popleft()
                try:
                    inflight[pool.submit(worker, t)] = t
                except BrokenProcessPool:  # the pool broke since the last wait: this task never left
                    pending.appendleft(t)
                    broken = True
                    break
            if not broken:
                done, _ = wait(inflight, return_when=FIRST_COMPLETED)
                for f in done:
                    t = inflight.pop(f)
                    try:
                        emit(f.result())
                    except BrokenProcessPool:
                        lost.append(t)
                        broken = True
                    except Exception as exc:  # noqa: BLE001 - e.g. a result that cannot be pickled
                        emit(failure_record(t, exc))
            if broken:
                # Every game in flight went down with the pool; keep those that had finished.
                wait(inflight)
                for f, t in inflight.items():
                    if f.exception() is None:
                        emit(f.result())
                    else:
                        lost.append(t)
                inflight.clear()
                pool.shutdown(wait=True)
                pool = _new_pool(workers, max_tasks_per_child)
    except KeyboardInterrupt:
        _finish_running(inflight, emit, pool)
        raise
    pool.shutdown(wait=True)
    return lost


def run_local(tasks: Iterable[Task], workers: int, emit: Emit, worker: Worker = run_one,
              max_tasks_per_child: int | None = MAX_TASKS_PER_CHILD) -> None:
    """Worker processes on this machine; a game whose process dies is played again alone, once.

    ``max_tasks_per_child=None`` keeps the same processes for the whole batch (the memory
    benchmark uses it to show that a process playing many games does not grow).
    """
    if workers <= 1:
        run_in_process(tasks, emit, worker)
        return
    lost = _drive(tasks, workers, workers, emit, worker, max_tasks_per_child)
    if lost:
        # Alone in a one-process pool, a second death can only be this game's own doing.
        print(f"\na worker process died; playing {len(lost)} game(s) again, one at a time", file=sys.stderr)
        for t in _drive(lost, 1, 1, emit, worker):
            emit(failure_record(t, DIED))


@contextlib.contextmanager
def dask_client(workers: int, scheduler: str | None = None) -> Iterator[Any]:
    """A client of the cluster at ``scheduler``, or of a local cluster of ``workers`` processes; closed on exit.

    Opened before anything is written, so an unreachable scheduler leaves no half-started batch.
    """
    try:
        # Imported as Any: distributed ships without type hints, and it is an optional extra.
        dist: Any = importlib.import_module("distributed")
    except ImportError:
        raise BatchInputError("the dask backend needs dask.distributed: pip install 'karabakh-wargame[dask]'") from None
    import logging

    cluster: Any = None
    try:
        if scheduler:
            client = dist.Client(scheduler, timeout="10s")
        else:
            with _children_ignore_sigint():
                cluster = dist.LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                                            dashboard_address=None, silence_logs=logging.ERROR)
            client = dist.Client(cluster)
    except (OSError, TimeoutError, ValueError) as exc:
        if cluster is not None:
            cluster.close()
        raise BatchInputError(f"cannot reach the Dask scheduler {scheduler or '(local cluster)'}: {exc}") from None
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def run_dask(tasks: Iterable[Task], client: Any, workers: int, emit: Emit, worker: Worker = run_one) -> None:
    """Games on a Dask cluster; at least ``workers`` and twice the cluster's threads in flight."""
    dist: Any = importlib.import_module("distributed")
    threads = sum(client.nthreads().values()) or 1
    window = max(workers, 2 * threads)
    pending = deque(tasks)
    inflight: dict[Any, tuple[Any, Task]] = {}
    futures = dist.as_completed()

    def submit() -> None:
        while pending and len(inflight) < window:
            t = pending.popleft()
            f = client.submit(worker, t, pure=False)
            inflight[f.key] = (f, t)
            futures.add(f)

    submit()
    try:
        for f in futures:
            _, t = inflight.pop(f.key)
            try:
                emit(f.result())
            except Exception as exc:  # noqa: BLE001 - KilledWorker and other cluster failures
                emit(failure_record(t, exc))
            f.release()
            submit()
    except KeyboardInterrupt:
        client.cancel([f for f, _ in inflight.values()])
        raise
