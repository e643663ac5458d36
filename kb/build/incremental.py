"""Updating a database a previous build wrote: only files that are new, changed, or that
failed for want of time or memory are read; the rows of files gone or changed are
removed; everything else stays as it was.

A file is unchanged when its size and modification time are those the files table
recorded (or, when they differ, its sha256 is), and the manifest says the same of it.
Results are only reused under the pipeline version (``kb.batch.version``) that made them:
a database written by another version is rebuilt whole. An update writes a copy of the
database and renames it into place, as a whole build does; when nothing is new, changed
or gone the database is not written at all.

The ids of an updated database are not those a whole build would give (new documents are
numbered after the ones kept), and a new file that copies one already in is recorded as
its duplicate even when its path sorts first.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from ..batch import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, Input, collect_inputs
from ..batch.tempfiles import new_temporary, remove_stale
from ..batch.version import pipeline_version
from ..checks import CheckIds
from ..index import drop_indexes
from ..read.manifest import Manifest
from ..store import Writer
from .copies import Copies
from .full import build_inputs, discard, engine_for, reasons
from .ingest import Ingest, Progress, in_order
from .prepare import Task, settings_key
from .report import DUPLICATE, UNREADABLE, BuildReport, FileReport, NothingBuilt, Prepared

# A file that failed for want of time or memory, or whose worker died, is read again.
RETRIED = ("took longer than", "ran out of memory", "the worker reading it died",
           "the Dask workers reading it died", "worker result unreadable")  # fmt: skip
CROSS_CHECK = "年初预算=预算文件"  # the check a 决算 gets from its unit's 预算 document
DOCUMENT_TABLES = ("segments", "glossary", "facts", "unplaced", "checks", "fingerprints")
WASTE = 0.25  # share of free pages above which an update compacts the database


@dataclass
class Plan:
    read: list[Input]  # new, changed, or to be read again
    kept: dict[str, dict]  # files rows kept, by path
    dropped: list[dict]  # files rows of files gone or read again
    removed: list[str]  # paths no longer given
    touched: dict[str, int] = field(default_factory=dict)  # kept, with a new modification time

    @property
    def up_to_date(self) -> bool:
        return not self.read and not self.removed


def update(
    paths: Iterable[str | Path],
    db_path: str | Path,
    manifest_path: str | Path | None = None,
    progress: Progress | None = None,
    workers: int = 1,
    timeout: float | None = DEFAULT_TIMEOUT,
    memory_mb: int | None = DEFAULT_MEMORY_MB,
    scheduler: str | None = None,
    ocr: bool = True,
    planned: Callable[[Plan | None], None] | None = None,
) -> BuildReport:
    """Bring ``db_path`` up to date with the files; a whole build when there is no database
    of this pipeline version there. ``planned`` hears what will be read first (None for a
    whole build)."""
    db_path = Path(db_path)
    inputs = collect_inputs(paths)
    manifest = Manifest.load(manifest_path, [i.path for i in inputs])
    engine = engine_for(workers, timeout, memory_mb, scheduler)
    previous = previous_database(db_path)
    if previous is None:
        if planned:
            planned(None)
        return build_inputs(inputs, Task(manifest, ocr), engine, db_path, progress)
    with closing(previous):
        plan = plan_update(previous, inputs, manifest, ocr)
    if planned:
        planned(plan)
    if plan.up_to_date:
        return _merged(inputs, plan, [])
    outcomes = engine.run(plan.read, Task(manifest, ocr))
    return apply_update(db_path, inputs, plan, in_order(plan.read, outcomes, progress), progress)


def previous_database(db_path: Path) -> sqlite3.Connection | None:
    """The database at ``db_path`` if this pipeline version wrote it, read-only."""
    if not db_path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        version = conn.execute(
            "select value from build_info where key = 'pipeline_version'"
        ).fetchone()
        columns = {row[1] for row in conn.execute("pragma table_info(files)")}
        conn.execute("select 1 from fingerprints limit 1")
    except sqlite3.Error:
        return None
    if version is None or version[0] != pipeline_version() or "mtime_ns" not in columns:
        conn.close()
        return None
    conn.row_factory = sqlite3.Row
    return conn


def plan_update(
    conn: sqlite3.Connection, inputs: list[Input], manifest: Manifest, ocr: bool = True
) -> Plan:
    rows = {row["path"]: dict(row) for row in conn.execute("select * from files order by id")}
    given = {str(item.path) for item in inputs}
    plan = Plan([], {}, [], [path for path in rows if path not in given])
    stale = set(plan.removed)
    for item in inputs:
        path = str(item.path)
        old = rows.get(path)
        settings = settings_key(manifest.overrides_for(item.path), ocr)
        if (
            old is None
            or item.problem
            or not _unchanged(item, old, settings, plan)
            or _retried(old)
        ):
            stale.add(path)
        else:
            plan.kept[path] = old
    _read_copies_again(plan, stale)
    plan.read = [item for item in inputs if str(item.path) in stale]
    plan.dropped = [rows[path] for path in stale if path in rows]
    return plan


def _unchanged(item: Input, old: dict, settings: str | None, plan: Plan) -> bool:
    if settings != old["settings"]:
        return False
    try:
        stat = os.stat(item.path)
    except OSError:
        return False
    if stat.st_size == old["size"] and stat.st_mtime_ns == old["mtime_ns"]:
        return True
    if stat.st_size != old["size"] or _sha256(item.path) != old["sha256"]:
        return False
    plan.touched[str(item.path)] = stat.st_mtime_ns
    return True


def _sha256(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as file:
            for block in iter(lambda: file.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def _retried(old: dict) -> bool:
    return old["status"] == UNREADABLE and (old["reason"] or "").startswith(RETRIED)


def _read_copies_again(plan: Plan, stale: set[str]) -> None:
    """A copy whose original is gone or read again is read again (it may be the original now)."""
    moved = True
    while moved:
        moved = False
        for path, row in list(plan.kept.items()):
            if row["status"] == DUPLICATE and row["duplicate_of"] in stale:
                del plan.kept[path]
                stale.add(path)
                moved = True


def apply_update(
    db_path: Path,
    inputs: list[Input],
    plan: Plan,
    prepared: Iterator[Prepared],
    progress: Progress | None,
) -> BuildReport:
    remove_stale(db_path)
    tmp_path = new_temporary(db_path)
    try:
        shutil.copyfile(db_path, tmp_path)
        database = sqlite_utils.Database(tmp_path)
        with database.conn:
            _remove(database, plan)
            ingest = Ingest(
                database,
                progress,
                _writer(database),
                _check_ids(database),
                Copies.from_database(database.conn),
            )
            for item in prepared:
                ingest.add(item)
            for path, mtime_ns in plan.touched.items():
                database.execute("update files set mtime_ns = ? where path = ?", [mtime_ns, path])
            report = _merged(inputs, plan, ingest.report.files)
            if not report.built:
                raise NothingBuilt("nothing could be built: " + reasons(report))
            ingest.finish()
        _compact(database)
        database.close()
        os.replace(tmp_path, db_path)
    except BaseException:
        discard(tmp_path)
        raise
    return report


def _remove(database: sqlite_utils.Database, plan: Plan) -> None:
    """The rows of files gone or read again, the checks across documents and the search
    indexes (all written again at the end)."""
    conn = database.conn
    drop_indexes(database)
    conn.execute("create temp table gone_documents (id integer primary key)")
    conn.executemany(
        "insert or ignore into gone_documents values (?)",
        [(row["document_id"],) for row in plan.dropped if row["document_id"] is not None],
    )
    for table in DOCUMENT_TABLES:
        conn.execute(f"delete from [{table}] where document_id in (select id from gone_documents)")
    conn.execute(
        "delete from budget_vs_actual where document_id in (select id from gone_documents)"
        " or budget_document_id in (select id from gone_documents) or budget_document_id != document_id"
    )
    conn.execute("""delete from checks where "check" = ?""", [CROSS_CHECK])
    conn.execute("delete from documents where id in (select id from gone_documents)")
    conn.executemany("delete from files where path = ?", [(row["path"],) for row in plan.dropped])
    conn.execute("drop table gone_documents")


def _max_id(database: sqlite_utils.Database, table: str) -> int:
    return database.execute(f"select coalesce(max(id), 0) from [{table}]").fetchone()[0]


def _writer(database: sqlite_utils.Database) -> Writer:
    return Writer(
        database,
        documents=_max_id(database, "documents"),
        segments=_max_id(database, "segments"),
        glossary=_max_id(database, "glossary"),
        facts=_max_id(database, "facts"),
    )


def _check_ids(database: sqlite_utils.Database) -> CheckIds:
    ids = CheckIds()
    ids.checks, ids.pairs = _max_id(database, "checks"), _max_id(database, "budget_vs_actual")
    return ids


def _compact(database: sqlite_utils.Database) -> None:
    free = database.execute("pragma freelist_count").fetchone()[0]
    pages = database.execute("pragma page_count").fetchone()[0]
    if pages and free / pages > WASTE:
        database.execute("VACUUM")


def _merged(inputs: list[Input], plan: Plan, read: list[FileReport]) -> BuildReport:
    """Every file in input order: as kept, or as read now."""
    fresh = {file.path: file for file in read}
    files = []
    for item in inputs:
        path = str(item.path)
        if path in fresh:
            files.append(fresh[path])
        elif path in plan.kept:
            files.append(FileReport.from_row(plan.kept[path]))
    return BuildReport(files, unchanged=len(plan.kept), removed=plan.removed)
