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
import sqlite3
from pathlib import Path

from datasette.inspect import inspect_hash


def inspect_path(db_path: str | Path) -> Path:
    path = Path(db_path)
    return path.with_name(f".{path.name}.inspect.json")


def file_identity(db_path: str | Path) -> list[int]:
    stat = Path(db_path).stat()
    return [stat.st_ino, stat.st_size, stat.st_mtime_ns]


def inspect_data(db_path: str | Path) -> dict:
    """What ``datasette inspect`` reports for the file, under the name Datasette gives it."""
    path = Path(db_path)
    conn = sqlite3.connect(f"{path.absolute().as_uri()}?immutable=1", uri=True)
    try:
        tables = [
            row[0] for row in conn.execute("select name from sqlite_master where type = 'table'")
        ]
        counts = {t: conn.execute(f"select count(*) from [{t}]").fetchone()[0] for t in tables}
    finally:
        conn.close()
    return {
        path.stem: {
            "hash": inspect_hash(path),
            "size": path.stat().st_size,
            "file": str(path),
            "tables": {t: {"count": n} for t, n in counts.items()},
            "kb_file": file_identity(path),
        }
    }


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
