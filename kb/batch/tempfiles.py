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

from ..processes import is_alive

PATTERN = re.compile(r"\.(\d+)\.[^.]+\.tmp(?:-journal|-wal|-shm)?$")


def new_temporary(db_path: Path) -> Path:
    handle, name = tempfile.mkstemp(
        prefix=f"{db_path.name}.{os.getpid()}.", suffix=".tmp", dir=db_path.parent
    )
    os.close(handle)
    # mkstemp makes it 0600; the database is renamed into place, so give it the mode any
    # new file of this user gets (the umask), as sqlite3 itself would
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(name, 0o666 & ~umask)
    return Path(name)


def remove_stale(db_path: Path) -> list[Path]:
    """Remove the temporary files of builds of ``db_path`` whose process has died."""
    removed = []
    prefix = db_path.name + "."
    for path in db_path.parent.glob(prefix + "*"):
        match = PATTERN.search(path.name[len(db_path.name) :])
        if match and not is_alive(int(match.group(1))):
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
    return removed
