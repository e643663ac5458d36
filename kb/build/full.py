"""A whole build: every file read, a new database written beside the old and renamed
into place when done (a build that fails or is killed leaves the old one as it was)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import sqlite_utils

from ..batch import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, Input, LocalEngine, collect_inputs
from ..batch.cluster import DaskEngine
from ..batch.tempfiles import new_temporary, remove_stale
from ..read.manifest import Manifest
from .ingest import Ingest, Progress, create_build_tables, in_order
from .prepare import Task
from .report import BuildReport, NothingBuilt, Prepared


def engine_for(workers: int, timeout: float | None, memory_mb: int | None, scheduler: str | None):
    """Files read by ``workers`` processes here, or on the Dask cluster at ``scheduler``."""
    return (
        DaskEngine(scheduler, timeout, memory_mb)
        if scheduler
        else LocalEngine(workers, timeout, memory_mb)
    )


def build(
    paths: Iterable[str | Path],
    db_path: str | Path,
    manifest_path: str | Path | None = None,
    progress: Progress | None = None,
    workers: int = 1,
    timeout: float | None = DEFAULT_TIMEOUT,
    memory_mb: int | None = DEFAULT_MEMORY_MB,
    scheduler: str | None = None,
    ocr: bool = True,
) -> BuildReport:
    """Read every file and write the database atomically; bad files are reported, not fatal.

    Files are read by ``workers`` processes here, or, given the address of a Dask
    ``scheduler``, on its cluster; either way this process alone writes the database.
    PDF pages without usable text are read by OCR unless ``ocr`` is off.
    """
    inputs = collect_inputs(paths)
    manifest = Manifest.load(manifest_path, [i.path for i in inputs])
    engine = engine_for(workers, timeout, memory_mb, scheduler)
    return build_inputs(inputs, Task(manifest, ocr), engine, db_path, progress)


def build_inputs(
    inputs: list[Input], task: Task, engine, db_path: str | Path, progress: Progress | None
) -> BuildReport:
    outcomes = engine.run(inputs, task)
    return write_database(in_order(inputs, outcomes, progress), db_path, progress)


def write_database(
    prepared: Iterable[Prepared], db_path: str | Path, progress: Progress | None = None
) -> BuildReport:
    """Steps 6–8 into a temporary file beside ``db_path``, renamed into place when done."""
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(db_path)
    tmp_path = new_temporary(db_path)
    try:
        database = sqlite_utils.Database(tmp_path)
        with database.conn:
            create_build_tables(database)
            ingest = Ingest(database, progress)
            for item in prepared:
                ingest.add(item)
            if ingest.report.built:
                ingest.finish()
        report = ingest.report
        if not report.built:
            database.close()
            raise NothingBuilt("nothing could be built: " + reasons(report))
        database.execute("VACUUM")
        database.close()
        os.replace(tmp_path, db_path)
    except BaseException:
        discard(tmp_path)
        raise
    return report


def discard(tmp_path: Path) -> None:
    tmp_path.unlink(missing_ok=True)
    Path(str(tmp_path) + "-journal").unlink(missing_ok=True)


def reasons(report: BuildReport) -> str:
    if not report.files:
        return "no files were found"
    return "; ".join(f"{f.path}: {f.reason}" for f in report.files)
