"""Running one task per file so that no file can sink the batch.

``LocalEngine`` runs each task in a process of its own (forked, so it starts with every
module the parent has loaded), at most ``workers`` at a time, with a time budget and a
memory cap. A task that raises, runs out of memory, overruns its time or whose process
dies comes back as a ``Failure`` with a sentence saying so; the other tasks go on.
Results are yielded as tasks finish. A worker dies with its parent (``PR_SET_PDEATHSIG``),
so killing a build leaves no process behind.

An engine is anything with ``run(items, task) -> Iterator[Outcome]``; the Dask engine
(``kb.batch.cluster``) runs the same tasks on a cluster.
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import pickle
import resource
import selectors
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ..errors import failure_reason
from ..progress import set_hook

DEFAULT_TIMEOUT = 900.0  # seconds per file (renewed by every page OCR finishes)
HEARTBEAT = b"\x01"  # a worker still getting somewhere; a pickle starts with \x80
DEFAULT_MEMORY_MB = 2048  # address space per worker


@dataclass
class Failure:
    """A task that did not finish, and why, in a sentence."""

    reason: str


@dataclass
class Outcome:
    index: int  # the item's position in the input
    result: object  # what the task returned, or a Failure
    seconds: float


def _die_with_parent() -> None:
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: a worker then finishes its file and exits


def _limit_memory(megabytes: int | None) -> None:
    """Cap what the file may take: the address space the worker starts with (inherited from
    the process that forked it, which may be large) plus ``megabytes``."""
    if not megabytes:
        return
    limit = _address_space() + megabytes * 1024 * 1024
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _address_space() -> int:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0  # not Linux: the cap is the whole address space


@dataclass
class _Running:
    index: int
    started: float
    reader: int
    chunks: list[bytes]
    renewed: float = 0.0  # when its time budget last started again

    def __post_init__(self) -> None:
        self.renewed = self.renewed or self.started


class LocalEngine:
    def __init__(
        self,
        workers: int = 1,
        timeout: float | None = DEFAULT_TIMEOUT,
        memory_mb: int | None = DEFAULT_MEMORY_MB,
        cwd: str | None = None,
    ):
        self.workers = max(1, workers)
        self.timeout = timeout
        self.memory_mb = memory_mb
        self.cwd = cwd  # where relative paths are, when not here (a cluster worker)

    def run(self, items: Iterable, task: Callable) -> Iterator[Outcome]:
        pending = list(enumerate(items))
        pending.reverse()
        running: dict[int, _Running] = {}
        selector = selectors.DefaultSelector()
        try:
            while pending or running:
                while pending and len(running) < self.workers:
                    index, item = pending.pop()
                    pid, reader = self._start(item, task)
                    running[pid] = _Running(index, time.monotonic(), reader, [])
                    selector.register(reader, selectors.EVENT_READ, pid)
                yield from self._collect(selector, running)
        finally:
            for pid, job in running.items():
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
                with contextlib.suppress(OSError):
                    os.close(job.reader)
            selector.close()

    def _start(self, item, task: Callable) -> tuple[int, int]:
        reader, writer = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker: never returns
            os.close(reader)
            code = 0
            try:
                faulthandler.disable()  # a worker's crash is reported by the parent, in a sentence
                _die_with_parent()
                _limit_memory(self.memory_mb)
                if self.cwd:
                    os.chdir(self.cwd)
                set_hook(lambda: os.write(writer, HEARTBEAT))
                try:
                    payload = pickle.dumps(task(item), protocol=pickle.HIGHEST_PROTOCOL)
                except MemoryError:
                    payload = pickle.dumps(
                        Failure(f"ran out of memory (the cap is {self.memory_mb} MB per file)")
                    )
                except BaseException as error:  # a task's failure is its file's, never the batch's
                    payload = pickle.dumps(Failure(failure_reason(error)))
                with os.fdopen(writer, "wb") as out:
                    out.write(payload)
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        os.close(writer)
        return pid, reader

    def _collect(self, selector, running: dict[int, _Running]) -> Iterator[Outcome]:
        wait = self._next_deadline(running)
        for key, _ in selector.select(timeout=wait):
            pid = key.data
            job = running[pid]
            chunk = os.read(job.reader, 1 << 20)
            if chunk:
                if not job.chunks and chunk.startswith(HEARTBEAT):
                    job.renewed = time.monotonic()
                    chunk = chunk.lstrip(HEARTBEAT)
                if chunk:
                    job.chunks.append(chunk)
                continue
            selector.unregister(job.reader)
            os.close(job.reader)
            del running[pid]
            yield self._finish(pid, job)
        if self.timeout is None:
            return
        now = time.monotonic()
        for pid, job in list(running.items()):
            if now - job.renewed > self.timeout:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
                with contextlib.suppress(OSError):
                    os.waitpid(pid, 0)
                selector.unregister(job.reader)
                os.close(job.reader)
                del running[pid]
                yield Outcome(
                    job.index,
                    Failure(f"took longer than {self.timeout:g} s: stopped"),
                    now - job.started,
                )

    def _next_deadline(self, running: dict[int, _Running]) -> float | None:
        if self.timeout is None or not running:
            return None
        now = time.monotonic()
        return max(0.0, min(job.renewed + self.timeout - now for job in running.values())) + 0.01

    def _finish(self, pid: int, job: _Running) -> Outcome:
        _, status = os.waitpid(pid, 0)
        seconds = time.monotonic() - job.started
        data = b"".join(job.chunks)
        if data:
            try:
                return Outcome(job.index, pickle.loads(data), seconds)
            except Exception as error:  # a result cut short by a dying worker
                return Outcome(
                    job.index,
                    Failure(f"worker result unreadable ({type(error).__name__})"),
                    seconds,
                )
        if os.WIFSIGNALED(status):
            name = signal.Signals(os.WTERMSIG(status)).name
            reason = f"the worker reading it died ({name})"
            if name == "SIGABRT" and self.memory_mb:
                # a C library (PDFium) aborts when an allocation fails under the cap
                reason += f", most likely out of memory (the cap is {self.memory_mb} MB per file)"
            return Outcome(job.index, Failure(reason), seconds)
        return Outcome(
            job.index,
            Failure(f"the worker reading it exited with status {os.WEXITSTATUS(status)}"),
            seconds,
        )
