"""Files to one SQLite knowledge base: the pipeline, step by step.

Per file, in a worker process of its own (``kb.batch``: a time budget, a memory cap, and a
crash costs only that file):

1. read      ``kb.read.path_to_source``         bytes → lines and blocks (PDF, HTML, text)
2. segment   ``kb.segment.source_to_document``  blocks → headings, paragraphs, tables,
                                                glossary terms; unit, year, 预算/决算;
                                                whether it is a disclosure at all
3. facts     ``kb.facts.document_to_facts``     tables and paragraphs → figures in 万元
4. rows      ``kb.store.document_to_rows``      the document as the rows of every table
5. checks    ``kb.checks.rows_to_checks``       arithmetic, cross-table, narrative,
                                                completeness, budget against actual (its own)

Once, in this process, into a temporary file that is renamed into place at the end:

6. store     ``kb.store.Writer``                rows and checks in input order; copies (the
                                                same bytes, the same text, the same
                                                disclosure) skipped
7. index     ``kb.index.create_indexes``        full-text and ranking indexes;
             ``kb.checks.finish_checks``        a unit's 预算 against its 决算
8. finish    the ``files`` table (every input, what became of it and why),
             ``kb.store.create_table_indexes``, ``ANALYZE``, ``VACUUM``
"""

from __future__ import annotations

import hashlib
import os
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from . import __version__
from .batch import (
    DEFAULT_MEMORY_MB,
    DEFAULT_TIMEOUT,
    Failure,
    Input,
    LocalEngine,
    Outcome,
    collect_inputs,
)
from .batch.cluster import DaskEngine
from .batch.tempfiles import new_temporary, remove_stale
from .checks import CheckIds, DocumentChecks, create_check_tables, finish_checks, rows_to_checks
from .errors import KBError, UnreadableFile
from .facts import document_to_facts
from .index import create_indexes
from .model import Document
from .read import bytes_to_source, path_to_source
from .read.manifest import Manifest
from .read.sniff import OTHER, sniff
from .segment import source_to_document
from .store import DocumentRows, Writer, create_schema, create_table_indexes, document_to_rows

DEFAULT_CORPUS = Path("corpus")
INGESTED, DUPLICATE, NOT_DISCLOSURE, UNREADABLE = (
    "ingested",
    "duplicate",
    "not_disclosure",
    "unreadable",
)
SAME_DISCLOSURE = (
    0.8  # share of their text fingerprints two copies of one disclosure have in common
)
REQUIRED_METADATA = ("unit", "year", "kind")


@dataclass
class FileReport:
    """What became of one input file: a row of the ``files`` table."""

    path: str
    status: str  # ingested | duplicate | not_disclosure | unreadable
    reason: str | None = None
    sha256: str | None = None
    size: int | None = None
    format: str | None = None  # pdf | html | text | other
    pages: int | None = None
    seconds: float | None = None
    document_id: int | None = None
    duplicate_of: str | None = None
    layout: str | None = None
    segments: int = 0
    tables: int = 0
    terms: int = 0
    warnings: list[str] = field(default_factory=list)

    def row(self) -> dict:
        return {
            "path": self.path,
            "sha256": self.sha256,
            "size": self.size,
            "format": self.format,
            "status": self.status,
            "reason": self.reason,
            "document_id": self.document_id,
            "duplicate_of": self.duplicate_of,
            "pages": self.pages,
            "seconds": round(self.seconds, 3) if self.seconds is not None else None,
        }


@dataclass
class BuildReport:
    files: list[FileReport] = field(default_factory=list)

    @property
    def built(self) -> list[FileReport]:
        return [f for f in self.files if f.status == INGESTED]

    @property
    def errors(self) -> list[FileReport]:
        return [f for f in self.files if f.status == UNREADABLE]


class NothingBuilt(KBError):
    pass


@dataclass
class Prepared:
    """What a worker sends back for one file."""

    report: FileReport
    rows: DocumentRows | None = None  # only for a disclosure that can be ingested
    checks: DocumentChecks | None = None  # its own checks, run where it was read
    content_key: str | None = None
    identity: tuple | None = None  # (unit, year, kind, scope)
    lines: frozenset[int] = frozenset()  # a fingerprint of its text, to find copies


def collect_paths(paths: Iterable[str | Path]) -> list[Path]:
    """The files a build would read (the inputs that are not problems themselves)."""
    return [item.path for item in collect_inputs(paths) if item.problem is None]


# --- steps 1–5, per file -------------------------------------------------------------------


def path_to_document(path: str | Path, overrides: dict | None = None) -> Document:
    """Steps 1 and 2: a file to its segmented document."""
    return source_to_document(path_to_source(path), overrides)


def bytes_to_document(data: bytes, path: str, overrides: dict | None = None) -> Document:
    return source_to_document(bytes_to_source(data, path), overrides)


def document_to_prepared(document: Document, report: FileReport | None = None) -> Prepared:
    """Steps 3–5 for a disclosure (or the reason it is not ingested)."""
    report = report or FileReport(
        document.path, INGESTED, sha256=document.sha256, format=document.format
    )
    report.pages, report.layout, report.warnings = (
        document.pages,
        document.layout,
        document.warnings,
    )
    report.segments, report.tables, report.terms = (
        len(document.segments),
        len(document.tables),
        len(document.glossary),
    )
    verdict = document.verdict
    if verdict is not None and not verdict.disclosure:
        report.status, report.reason = NOT_DISCLOSURE, verdict.reason
        return Prepared(report)
    missing = [name for name in REQUIRED_METADATA if getattr(document.metadata, name) in (None, "")]
    if missing:
        report.status = UNREADABLE
        report.reason = (
            f"a disclosure, but its {' and '.join(_FIELD_WORDS[m] for m in missing)} cannot be read from it; "
            "name it in manifest.yml to ingest it"
        )
        return Prepared(report)
    meta = document.metadata
    report.status, report.reason = INGESTED, verdict.reason if verdict else None
    rows = document_to_rows(document, document_to_facts(document))
    return Prepared(
        report,
        rows,
        rows_to_checks(rows),
        document.content_key,
        (_name_key(meta.unit), meta.year, meta.kind, meta.scope),
        frozenset(_line_hashes(document)),
    )


_FIELD_WORDS = {"unit": "publishing unit", "year": "fiscal year", "kind": "kind (预算 or 决算)"}


def path_to_prepared(item: Input, manifest: Manifest) -> Prepared:
    """Steps 1–5: a file to its rows, or what it is and why it is not ingested."""
    path = item.path
    report = FileReport(str(path), UNREADABLE)
    if item.problem:
        report.reason = item.problem
        return Prepared(report)
    try:
        data = path.read_bytes()
    except OSError as error:
        report.reason = f"cannot read file ({error.strerror})"
        return Prepared(report)
    report.sha256, report.size = hashlib.sha256(data).hexdigest(), len(data)
    report.format = sniff(data)[0] if data.strip() else OTHER
    try:
        document = source_to_document(
            bytes_to_source(data, str(path)), manifest.overrides_for(path)
        )
    except UnreadableFile as error:
        report.reason = error.reason
        return Prepared(report)
    return document_to_prepared(document, report)


def _name_key(unit: str | None) -> str:
    return re.sub(r"\s+", "", unit or "")


SHINGLE = 8  # characters of text whose hashes fingerprint a document
SAMPLE = 8  # one shingle hash in this many is kept


def _line_hashes(document: Document) -> set[int]:
    """A fingerprint of the text without its figures and layout: sampled hashes of its
    8-character pieces, so a copy typeset with other line breaks or with changed figures
    shares most of them."""
    text = re.sub(r"[\s\d.,，%]+", "", "".join(line.text for line in document.lines))
    hashes = set()
    for start in range(len(text) - SHINGLE + 1):
        value = zlib.crc32(text[start : start + SHINGLE].encode("utf-8"))
        if value % SAMPLE == 0:
            hashes.add(value)
    return hashes


# --- steps 6–8, once -----------------------------------------------------------------------


def build(
    paths: Iterable[str | Path],
    db_path: str | Path,
    manifest_path: str | Path | None = None,
    progress: Callable[[FileReport], None] | None = None,
    workers: int = 1,
    timeout: float | None = DEFAULT_TIMEOUT,
    memory_mb: int | None = DEFAULT_MEMORY_MB,
    scheduler: str | None = None,
) -> BuildReport:
    """Read every file and write the database atomically; bad files are reported, not fatal.

    Files are read by ``workers`` processes here, or, given the address of a Dask
    ``scheduler``, on its cluster; either way this process alone writes the database.
    """
    inputs = collect_inputs(paths)
    manifest = Manifest.load(manifest_path, [i.path for i in inputs])
    engine = (
        DaskEngine(scheduler, timeout, memory_mb)
        if scheduler
        else LocalEngine(workers, timeout, memory_mb)
    )
    outcomes = engine.run(inputs, _Task(manifest))
    return write_database(_in_order(inputs, outcomes, progress), db_path, progress)


@dataclass
class _Task:
    """Steps 1–5 for one input (a picklable callable for the engines)."""

    manifest: Manifest

    def __call__(self, item: Input) -> Prepared:
        return path_to_prepared(item, self.manifest)


def _in_order(
    inputs: list[Input], outcomes: Iterator[Outcome], progress: Callable[[FileReport], None] | None
) -> Iterator[Prepared]:
    """Results in input order (documents get the same ids however the work was spread); a
    file that will not be ingested is reported to ``progress`` as soon as it is done (the
    others when they are written)."""
    waiting: dict[int, Prepared] = {}
    next_index = 0
    for outcome in outcomes:
        prepared = outcome.result
        if isinstance(prepared, Failure):
            prepared = Prepared(
                FileReport(str(inputs[outcome.index].path), UNREADABLE, prepared.reason)
            )
        prepared.report.seconds = outcome.seconds
        if progress and prepared.rows is None:
            progress(prepared.report)
        waiting[outcome.index] = prepared
        while next_index in waiting:
            yield waiting.pop(next_index)
            next_index += 1


def write_database(
    prepared: Iterable[Prepared],
    db_path: str | Path,
    progress: Callable[[FileReport], None] | None = None,
) -> BuildReport:
    """Steps 6–8 into a temporary file beside ``db_path``, renamed into place when done."""
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(db_path)
    tmp_path = new_temporary(db_path)
    try:
        report = _write(iter(prepared), tmp_path, progress)
        if not report.built:
            raise NothingBuilt("nothing could be built: " + _reasons(report))
        os.replace(tmp_path, db_path)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        Path(str(tmp_path) + "-journal").unlink(missing_ok=True)
        raise
    return report


class _Copies:
    """Which ingested file a new one copies: the same bytes, the same text, or the same
    disclosure (unit, year, kind and scope) with most of its text the same."""

    def __init__(self) -> None:
        self.by_sha: dict[str, str] = {}
        self.by_text: dict[str, str] = {}
        self.by_identity: dict[tuple, list[tuple[str, frozenset[int]]]] = {}

    def original_of(self, prepared: Prepared) -> tuple[str, str] | None:
        report = prepared.report
        if report.sha256 in self.by_sha:
            return self.by_sha[report.sha256], "the same bytes as"
        if prepared.content_key in self.by_text:
            return self.by_text[
                prepared.content_key
            ], "the same text (another encoding or line ends) as"
        for path, lines in self.by_identity.get(prepared.identity, []):
            shared = len(lines & prepared.lines) / max(1, min(len(lines), len(prepared.lines)))
            if shared >= SAME_DISCLOSURE and prepared.lines:
                return (
                    path,
                    f"another copy of the same disclosure ({shared:.0%} of its text the same, figures aside) as",
                )
        return None

    def add(self, prepared: Prepared) -> None:
        path = prepared.report.path
        if prepared.report.sha256:
            self.by_sha.setdefault(prepared.report.sha256, path)
        if prepared.content_key:
            self.by_text.setdefault(prepared.content_key, path)
        if prepared.identity:
            self.by_identity.setdefault(prepared.identity, []).append((path, prepared.lines))


def _write(
    prepared: Iterator[Prepared], tmp_path: Path, progress: Callable[[FileReport], None] | None
) -> BuildReport:
    report = BuildReport()
    database = sqlite_utils.Database(tmp_path)
    with database.conn:
        create_schema(database)
        create_check_tables(database)
        writer, checks = Writer(database), CheckIds()
        copies = _Copies()
        for item in prepared:
            file = item.report
            report.files.append(file)
            if item.rows is None:
                continue
            original = copies.original_of(item)
            if original is not None:
                file.status, file.duplicate_of = DUPLICATE, original[0]
                file.reason = f"{original[1]} {original[0]}"
            else:
                copies.add(item)
                _write_document(writer, checks, item)
            if progress:
                progress(file)
        if report.built:
            _finish(database, report, checks)
    if report.built:
        database.execute("VACUUM")
    database.close()
    return report


def _write_document(writer: Writer, checks: CheckIds, item: Prepared) -> None:
    segments, facts = writer.segments, writer.facts
    item.report.document_id = writer.write(item.rows)
    if item.checks is not None:
        checks.insert_document(writer.db, item.checks, item.report.document_id, segments, facts)
        if item.checks.failure:
            _checks_failed(item.report, item.checks.failure)


def _checks_failed(file: FileReport, reason: str) -> None:
    file.reason = f"{file.reason}; its checks could not run ({reason})" if file.reason else reason


def _finish(database: sqlite_utils.Database, report: BuildReport, checks: CheckIds) -> None:
    database["build_info"].insert_all(
        {"key": k, "value": v} for k, v in sorted({"kb_version": __version__}.items())
    )
    create_indexes(database)
    failed = finish_checks(database, checks)
    by_document = {f.document_id: f for f in report.built}
    for document_id, reason in failed.items():
        _checks_failed(by_document[document_id], reason)
    database["files"].insert_all((f.row() for f in report.files), batch_size=500)
    create_table_indexes(database)
    database.execute("ANALYZE")


def _reasons(report: BuildReport) -> str:
    if not report.files:
        return "no files were found"
    return "; ".join(f"{f.path}: {f.reason}" for f in report.files)
