"""Files to one SQLite knowledge base: the pipeline, step by step.

Per file (in worker processes with ``workers > 1``):

1. read     ``kb.read.path_to_source``         bytes → lines and blocks (text layouts, PDFs)
2. segment  ``kb.segment.source_to_document``  blocks → headings, paragraphs, tables,
                                               glossary terms; unit, year, 预算/决算
3. facts    ``kb.facts.document_to_facts``     tables and paragraphs → figures in 万元
4. rows     ``kb.store.document_to_rows``      the document as the rows of every table

Once, in this process, into a temporary file that is renamed into place at the end:

5. store    ``kb.store.Writer``                rows in input order, duplicates skipped
6. index    ``kb.index.create_indexes``        full-text and ranking indexes
7. checks   ``kb.checks.write_checks``         arithmetic, cross-table, narrative,
                                               completeness, budget against actual
8. finish   ``kb.store.create_table_indexes``, ``ANALYZE``, ``VACUUM``
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from . import __version__
from .checks import write_checks
from .errors import KBError, UnreadableFile
from .facts import document_to_facts
from .index import create_indexes
from .model import Document
from .read import SUPPORTED, bytes_to_source, path_to_source
from .read.manifest import Manifest
from .segment import source_to_document
from .store import DocumentRows, Writer, create_schema, create_table_indexes, document_to_rows

DEFAULT_CORPUS = Path("corpus")


@dataclass
class FileReport:
    path: str
    status: str  # built | duplicate | error
    reason: str | None = None
    layout: str | None = None
    segments: int = 0
    tables: int = 0
    terms: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass
class BuildReport:
    files: list[FileReport] = field(default_factory=list)

    @property
    def built(self) -> list[FileReport]:
        return [f for f in self.files if f.status == "built"]

    @property
    def errors(self) -> list[FileReport]:
        return [f for f in self.files if f.status == "error"]


class NothingBuilt(KBError):
    pass


@dataclass
class Prepared:
    """What a worker sends back for one file: its rows and what the report says of it."""

    sha256: str
    report: FileReport
    rows: DocumentRows


def collect_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, and supported files found recursively in folders named, in a stable order."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(
                p for p in sorted(path.rglob("*")) if p.is_file() and p.suffix.lower() in SUPPORTED
            )
        else:
            found.append(path)
    seen: set[Path] = set()
    unique = []
    for path in found:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


# --- steps 1–4, per file -------------------------------------------------------------------


def path_to_document(path: str | Path, overrides: dict | None = None) -> Document:
    """Steps 1 and 2: a file to its segmented document."""
    return source_to_document(path_to_source(path), overrides)


def bytes_to_document(data: bytes, path: str, overrides: dict | None = None) -> Document:
    return source_to_document(bytes_to_source(data, path), overrides)


def document_to_prepared(document: Document) -> Prepared:
    """Steps 3 and 4: a segmented document to its rows."""
    report = FileReport(
        document.path,
        "built",
        layout=document.layout,
        segments=len(document.segments),
        tables=len(document.tables),
        terms=len(document.glossary),
        warnings=document.warnings,
    )
    return Prepared(document.sha256, report, document_to_rows(document, document_to_facts(document)))


def path_to_prepared(path: Path, overrides: dict) -> Prepared | UnreadableFile:
    """Steps 1–4: a file to its rows, or the reason it could not be read."""
    try:
        return document_to_prepared(path_to_document(path, overrides))
    except UnreadableFile as error:
        return error


def prepare_all(
    paths: list[Path], manifest: Manifest, workers: int, progress: Callable[[Path], None] | None
) -> Iterator[tuple[Path, Prepared | UnreadableFile]]:
    """Every file through steps 1–4, yielded in input order; with workers > 1, in that many
    processes."""
    if workers <= 1 or len(paths) <= 1:
        for path in paths:
            result = path_to_prepared(path, manifest.overrides_for(path))
            if progress:
                progress(path)
            yield path, result
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(path_to_prepared, p, manifest.overrides_for(p)) for p in paths]
        for future in as_completed(futures):
            if progress:
                progress(paths[futures.index(future)])
        for path, future in zip(paths, futures, strict=True):
            yield path, future.result()


# --- steps 5–8, once -----------------------------------------------------------------------


def build(
    paths: Iterable[str | Path],
    db_path: str | Path,
    manifest_path: str | Path | None = None,
    progress: Callable[[Path], None] | None = None,
    workers: int = 1,
) -> BuildReport:
    """Read every file and write the database atomically; bad files are reported, not fatal."""
    paths = collect_paths(paths)
    manifest = Manifest.load(manifest_path, paths)
    return write_database(prepare_all(paths, manifest, workers, progress), db_path)


def write_database(prepared: Iterable[tuple[Path, Prepared | UnreadableFile]], db_path: str | Path) -> BuildReport:
    """Steps 5–8 into a temporary file beside ``db_path``, renamed into place when done."""
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(prefix=db_path.name + ".", suffix=".tmp", dir=db_path.parent)
    os.close(handle)
    try:
        report = _write(iter(prepared), Path(tmp_name))
        if not report.built:
            raise NothingBuilt("nothing could be built: " + _reasons(report))
        os.replace(tmp_name, db_path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return report


def _write(prepared: Iterator[tuple[Path, Prepared | UnreadableFile]], tmp_path: Path) -> BuildReport:
    report = BuildReport()
    database = sqlite_utils.Database(tmp_path)
    with database.conn:
        create_schema(database)
        writer = Writer(database)
        seen: dict[str, str] = {}
        for path, result in prepared:
            if isinstance(result, UnreadableFile):
                report.files.append(FileReport(str(path), "error", result.reason))
            elif result.sha256 in seen:
                report.files.append(
                    FileReport(str(path), "duplicate", f"same content as {seen[result.sha256]}")
                )
            else:
                seen[result.sha256] = str(path)
                writer.write(result.rows)
                report.files.append(result.report)
        if report.built:
            database["build_info"].insert_all(
                {"key": k, "value": v} for k, v in sorted({"kb_version": __version__}.items())
            )
            create_indexes(database)
            write_checks(database)
            create_table_indexes(database)
            database.execute("ANALYZE")
    if report.built:
        database.execute("VACUUM")
    database.close()
    return report


def _reasons(report: BuildReport) -> str:
    if not report.files:
        return "no supported files (.txt, .pdf) were found"
    return "; ".join(f"{f.path}: {f.reason}" for f in report.files)
