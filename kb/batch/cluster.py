"""The same per-file task on a Dask distributed cluster (``kb build --scheduler``).

Each file is one Dask task. On the worker the task runs as ``LocalEngine`` runs it on one
machine, in a process of its own with the time budget and the memory cap, so a file that
hangs, bloats or crashes costs only itself and never a Dask worker. Results stream back to
this process, which alone writes the database (in input order, so the database is the
one a local build makes). A bounded window of tasks is in flight, so a national corpus is
never all in the scheduler's memory at once.

Before the first task the workers are asked two things: do they run the same pipeline
(``version.pipeline_version``), and can they see the files (at the same path: a shared
mount)? If not, the build stops with the worker and the reason, before anything is read.
A cluster that goes away mid-build stops the build too: the database is left as it was.
"""

from __future__ import annotations

import os
import socket
import time
import uuid
import warnings
from collections.abc import Callable, Iterable, Iterator

from ..errors import KBError, failure_reason
from .engine import Failure, LocalEngine, Outcome
from .version import pipeline_version

CONNECT_SECONDS = 30.0
WORKERS_SECONDS = 60.0  # how long to wait for a first worker to join
TASKS_PER_THREAD = 4  # tasks in flight per worker thread


class ClusterError(KBError):
    """The cluster cannot run this build (unreachable, no workers, another version, files
    out of its sight, or lost mid-build)."""


def run_isolated(
    task: Callable, item, timeout: float | None, memory_mb: int | None, cwd: str
) -> tuple[object, float]:
    """On a worker: one file's task in a process of its own, relative paths taken from the
    build's directory ``cwd``; (result or Failure, seconds)."""
    with warnings.catch_warnings():
        # forking a worker that has threads of its own: the child only runs the task and exits
        warnings.simplefilter("ignore", DeprecationWarning)
        outcome = next(LocalEngine(1, timeout, memory_mb, cwd).run([item], task))
    return outcome.result, outcome.seconds


def describe_worker(paths: list[str], cwd: str) -> dict:
    """On a worker: what it runs and which of the paths it can read."""
    return {
        "host": socket.gethostname(),
        "version": pipeline_version(),
        "missing": [p for p in paths if not os.access(os.path.join(cwd, p), os.R_OK)],
    }


class DaskEngine:
    def __init__(
        self,
        scheduler: str,
        timeout: float | None,
        memory_mb: int | None,
        window: int | None = None,
        connect_seconds: float = CONNECT_SECONDS,
    ):
        self.scheduler = scheduler
        self.connect_seconds = connect_seconds
        self.timeout = timeout
        self.memory_mb = memory_mb
        self.window = window

    def run(self, items: Iterable, task: Callable) -> Iterator[Outcome]:
        items = list(items)
        client = self._connect()
        try:
            threads = self._check_workers(client, items)
            yield from self._stream(
                client, items, task, self.window or max(8, TASKS_PER_THREAD * threads)
            )
        finally:
            client.close()

    def _connect(self):
        from distributed import Client

        try:
            return Client(self.scheduler, timeout=self.connect_seconds, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as error:
            raise ClusterError(
                f"cannot reach the Dask scheduler at {self.scheduler} ({error})"
            ) from None

    def _check_workers(self, client, items: list) -> int:
        try:
            client.wait_for_workers(1, timeout=WORKERS_SECONDS)
        except TimeoutError:
            raise ClusterError(
                f"no worker joined the Dask scheduler at {self.scheduler} in {WORKERS_SECONDS:g} s"
            ) from None
        sample = [
            str(i.path)
            for i in items
            if getattr(i, "path", None) and getattr(i, "problem", None) is None
        ][:1]
        ours = pipeline_version()
        for address, seen in client.run(describe_worker, sample, os.getcwd()).items():
            if seen["version"] != ours:
                raise ClusterError(
                    f"the Dask worker {address} on {seen['host']} runs budget-kb pipeline {seen['version']}, "
                    f"this build {ours}: install the same budget-kb (and libraries) on every worker"
                )
            if seen["missing"]:
                raise ClusterError(
                    f"the Dask worker {address} on {seen['host']} cannot read {seen['missing'][0]}: "
                    "the files must be at the same path on every worker (a shared mount)"
                )
        return sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values())

    def _stream(self, client, items: list, task: Callable, window: int) -> Iterator[Outcome]:
        from distributed import as_completed

        run, cwd = uuid.uuid4().hex[:8], os.getcwd()
        queue = iter(enumerate(items))
        started: dict[str, tuple[int, float]] = {}
        running = as_completed(loop=client.loop, with_results=True, raise_errors=False)

        def submit() -> None:
            for index, item in queue:
                key = f"kb-file-{run}-{index}"
                future = client.submit(
                    run_isolated,
                    task,
                    item,
                    self.timeout,
                    self.memory_mb,
                    cwd,
                    key=key,
                    pure=False,
                    retries=0,
                )
                started[key] = (index, time.monotonic())
                running.add(future)
                return

        for _ in range(window):
            submit()
        for future, result in running:
            index, since = started.pop(future.key)
            yield self._outcome(future, result, index, time.monotonic() - since)
            future.release()
            submit()

    def _outcome(self, future, result, index: int, seconds: float) -> Outcome:
        from distributed import KilledWorker

        if future.status == "finished":
            value, seconds = result
            return Outcome(index, value, seconds)
        if isinstance(result, KilledWorker):
            return Outcome(index, Failure(f"the Dask workers reading it died ({result})"), seconds)
        if future.status == "error":
            # as_completed(raise_errors=False) hands back (type, error, traceback)
            error = result[1] if isinstance(result, tuple) else result
            return Outcome(index, Failure(failure_reason(error)), seconds)
        raise ClusterError(
            f"the Dask cluster at {self.scheduler} lost the build's tasks ({future.status}): stopped"
        )
