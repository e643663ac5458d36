"""Datasette's inspect data for the served database (``datasette serve --inspect-file``):
every table's row count and the file's hash, worked out once per database file rather
than when a reader first opens a page — on a national database counting the facts takes
seconds and hashing the file longer.

The data is kept beside the database (``.kb.db.inspect.json``) with the identity of the
file it describes (inode, size, modification time); ``kb serve`` uses it while that
identity holds and writes it again for a new build. Written whole or not at all.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path


def inspect_path(db_path: str | Path) -> Path:
    path = Path(db_path)
    return path.with_name(f".{path.name}.inspect.json")


def file_identity(db_path: str | Path) -> list[int]:
    stat = Path(db_path).stat()
    return [stat.st_ino, stat.st_size, stat.st_mtime_ns]


def inspect_data(db_path: str | Path) -> dict:
    """What ``datasette inspect`` reports for the file (row counts, hash, size), with the
    identity of the file it describes."""
    path = Path(db_path)
    with tempfile.TemporaryDirectory(dir=path.parent) as folder:
        out = Path(folder) / "inspect.json"
        subprocess.run(
            [sys.executable, "-m", "datasette", "inspect", str(path), "--inspect-file", str(out)],
            check=True,
            capture_output=True,
        )
        data = json.loads(out.read_text("utf-8"))
    data[path.stem]["kb_file"] = file_identity(path)
    return data


def current_inspect_file(db_path: str | Path) -> tuple[Path, bool]:
    """The inspect file of the database as it is now, and whether it had to be written."""
    target = inspect_path(db_path)
    try:
        data = json.loads(target.read_text("utf-8"))
        if data[Path(db_path).stem]["kb_file"] == file_identity(db_path):
            return target, False
    except (OSError, ValueError, KeyError, TypeError):
        pass
    data = inspect_data(db_path)
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")  # open() keeps the umask
    try:
        partial.write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target, True
