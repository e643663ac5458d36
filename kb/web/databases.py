"""Which databases a Datasette instance serves are knowledge bases, and where a
document's source file is."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from datasette.utils.asgi import NotFound

from ..read import SUPPORTED

# Tables every knowledge-base database has; other attached databases are left alone.
KB_TABLES = frozenset({"documents", "segments", "facts"})
REPO_ROOT = Path(__file__).resolve().parent.parent.parent


def is_kb(datasette, database: str | None) -> bool:
    """Is ``database`` a knowledge base (remembered per Datasette instance)?"""
    if database is None:
        return False
    known = datasette.__dict__.setdefault("_kb_database_cache", {})
    if database not in known:
        try:
            db = datasette.get_database(database)
        except KeyError:
            return False
        conn = db.connect()
        try:
            names = {
                row[0]
                for row in conn.execute("select name from sqlite_master where type = 'table'")
            }
        except sqlite3.Error:
            names = set()
        finally:
            conn.close()
        known[database] = KB_TABLES <= names
    return known[database]


async def is_kb_database(datasette, database: str | None) -> bool:
    return is_kb(datasette, database)


async def ensure_kb_table(datasette, request, database: str, table: str) -> None:
    """404 unless ``database`` is a knowledge base; 403 unless the actor may see ``table``
    (what every page of the knowledge base's own checks before reading)."""
    if not await is_kb_database(datasette, database):
        raise NotFound("Not a knowledge-base database")
    await datasette.ensure_permissions(
        request.actor,
        [("view-table", (database, table)), ("view-database", database), "view-instance"],
    )


def kb_database_names(datasette) -> list[str]:
    return [name for name in datasette.databases if is_kb(datasette, name)]


async def kb_databases(datasette) -> list[str]:
    return kb_database_names(datasette)


ORIGINAL_PATH = "kb_original_path"  # set by plugins/generation.py when it pins the file


def database_file(datasette, database: str) -> Path | None:
    """Where the served database file is (where it was when the server started)."""
    served = datasette.get_database(database)
    path = getattr(served, ORIGINAL_PATH, None) or getattr(served, "path", None)
    return Path(path) if path else None


def resolve_source(
    recorded: str, db_file: Path | None = None, sha256: str | None = None
) -> Path | None:
    """The file a ``documents.path`` names, or None when it cannot be found.

    Paths are recorded as ``kb build`` was given them: absolute, or relative to the
    directory it ran in (usually the repository). A relative path is looked up against
    the current directory, the database's directory and the repository. Only disclosure
    files are served, and with ``sha256`` only the very file that was built: a database
    built elsewhere cannot make the server hand out other files.
    """
    if not recorded or Path(recorded).suffix.lower() not in SUPPORTED:
        return None
    path = Path(recorded)
    candidates = [path] if path.is_absolute() else [Path.cwd() / path, REPO_ROOT / path]
    if db_file is not None and not path.is_absolute():
        candidates.insert(1, db_file.resolve().parent / path)
    for candidate in candidates:
        if candidate.is_file() and (sha256 is None or _sha256(candidate) == sha256):
            return candidate
    return None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
