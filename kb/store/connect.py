"""Read-only connections to a built knowledge base, for every reader (CLI, question app,
checks report): opened with ``mode=ro`` and ``query_only``, optionally cut off after a
time limit."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from ..errors import KBError


class DatabaseMissing(KBError):
    pass


def connect_readonly(path: str | Path, timeout_ms: int | None = None) -> sqlite3.Connection:
    """The database at ``path``, read-only; queries stop after ``timeout_ms`` milliseconds."""
    path = Path(path)
    if not path.is_file():
        raise DatabaseMissing(f"{path} does not exist; run 'kb build' first")
    # absolute, not resolved: a served file is pinned as /proc/self/fd/N (web/plugins/generation.py)
    conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True, check_same_thread=False)
    conn.execute("pragma query_only = 1")
    if timeout_ms:
        deadline = time.monotonic() + timeout_ms / 1000

        def too_long() -> int:
            return 1 if time.monotonic() > deadline else 0

        conn.set_progress_handler(too_long, 20_000)
    return conn
