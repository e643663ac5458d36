"""A Dask scheduler and workers on this machine's loopback, for tests and benchmarks (and
to try ``kb build --scheduler`` before a real cluster): the same commands the README gives
for many machines, every socket on 127.0.0.1, each worker one process with one thread
(PDFium is not thread-safe)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

START_SECONDS = 60.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def scheduler_command(port: int) -> list[str]:
    return [
        sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", str(port),
        "--no-dashboard", "--dashboard-address", f"127.0.0.1:{free_port()}",
    ]  # fmt: skip


def worker_command(address: str, workers: int, directory: Path, memory: str = "2GiB") -> list[str]:
    return [
        sys.executable, "-m", "distributed.cli.dask_worker", address, "--host", "127.0.0.1",
        "--nworkers", str(workers), "--nthreads", "1", "--memory-limit", memory,
        "--no-dashboard", "--dashboard-address", "127.0.0.1:0",
        "--local-directory", str(directory), "--death-timeout", "60",
    ]  # fmt: skip


@contextlib.contextmanager
def local_cluster(directory: Path, workers: int = 2) -> Iterator[str]:
    """Start a scheduler and ``workers`` single-threaded workers; yield the scheduler's
    address once they have all joined; stop them all on the way out."""
    directory.mkdir(parents=True, exist_ok=True)
    address = f"tcp://127.0.0.1:{free_port()}"
    port = int(address.rsplit(":", 1)[1])
    logs = [open(directory / name, "wb") for name in ("scheduler.log", "workers.log")]  # noqa: SIM115
    processes = []
    try:
        processes.append(_start(scheduler_command(port), logs[0]))
        processes.append(_start(worker_command(address, workers, directory / "workers"), logs[1]))
        _wait_for_workers(address, workers, directory)
        yield address
    finally:
        for process in reversed(processes):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in reversed(processes):
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        for log in logs:
            log.close()


def _start(command: list[str], log) -> subprocess.Popen:
    return subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def _wait_for_workers(address: str, workers: int, directory: Path) -> None:
    from distributed import Client

    deadline = time.monotonic() + START_SECONDS
    while True:
        try:
            with Client(address, timeout=5, set_as_default=False) as client:
                client.wait_for_workers(workers, timeout=max(1.0, deadline - time.monotonic()))
                return
        except (OSError, TimeoutError) as error:
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"the local Dask cluster did not start (logs in {directory}): {error}"
                ) from None
            time.sleep(0.5)
