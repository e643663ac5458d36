"""The temporary file a build writes, and the leftovers of builds that were killed.

A build writes ``<db>.<pid>.<random>.tmp`` beside the database and renames it into
place; SQLite adds ``…tmp-journal`` while it writes. A build killed with SIGKILL cannot
remove them, so every build first removes those whose process is gone.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path

PATTERN = re.compile(r"\.(\d+)\.[^.]+\.tmp(?:-journal|-wal|-shm)?$")


def new_temporary(db_path: Path) -> Path:
    handle, name = tempfile.mkstemp(
        prefix=f"{db_path.name}.{os.getpid()}.", suffix=".tmp", dir=db_path.parent
    )
    os.close(handle)
    return Path(name)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale(db_path: Path) -> list[Path]:
    """Remove the temporary files of builds of ``db_path`` whose process has died."""
    removed = []
    prefix = db_path.name + "."
    for path in db_path.parent.glob(prefix + "*"):
        match = PATTERN.search(path.name[len(db_path.name) :])
        if match and not _alive(int(match.group(1))):
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
    return removed
