"""Steps 6–8, once, in this process: prepared files into the database, then its indexes,
the checks that need two documents, and the files table."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import sqlite_utils

from .. import __version__
from ..batch import Failure, Input, Outcome
from ..batch.version import pipeline_version
from ..checks import CheckIds, create_check_tables, finish_checks
from ..index import create_indexes
from ..store import Writer, create_schema, create_table_indexes
from ..store.code_names import write_code_names
from ..store.facet_counts import write_facet_counts
from ..store.figures import write_figures
from ..units.table import write_units
from .copies import FINGERPRINTS, Copies, fingerprint_row
from .report import DUPLICATE, UNREADABLE, BuildReport, FileReport, Prepared

Progress = Callable[[FileReport], None]


def create_build_tables(database: sqlite_utils.Database) -> None:
    create_schema(database)
    create_check_tables(database)
    database["fingerprints"].create(
        FINGERPRINTS, pk="document_id", foreign_keys=[("document_id", "documents", "id")]
    )


class Ingest:
    """Writes prepared files into an open database in the order given: a copy of a file
    already in is recorded as its duplicate, any other disclosure gets the next ids."""

    def __init__(
        self,
        database: sqlite_utils.Database,
        progress: Progress | None = None,
        writer: Writer | None = None,
        checks: CheckIds | None = None,
        copies: Copies | None = None,
    ):
        self.database = database
        self.progress = progress
        self.writer = writer or Writer(database)
        self.checks = checks or CheckIds()
        self.copies = copies or Copies()
        self.report = BuildReport()

    def add(self, item: Prepared) -> None:
        file = item.report
        self.report.files.append(file)
        if item.rows is None:
            return
        original = self.copies.original_of(item)
        if original is not None:
            file.status, file.duplicate_of = DUPLICATE, original[0]
            file.reason = f"{original[1]} {original[0]}"
        else:
            self.copies.add(item)
            self._write_document(item)
        if self.progress:
            self.progress(file)

    def _write_document(self, item: Prepared) -> None:
        segments, facts = self.writer.segments, self.writer.facts
        document_id = item.report.document_id = self.writer.write(item.rows)
        self.database["fingerprints"].insert(fingerprint_row(document_id, item))
        if item.checks is not None:
            self.checks.insert_document(self.database, item.checks, document_id, segments, facts)
            if item.checks.failure:
                _checks_failed(item.report, item.checks.failure)

    def finish(self) -> None:
        """Indexes, the checks across documents, the files table: once all rows are in."""
        database = self.database
        database["build_info"].insert_all(
            (
                {"key": k, "value": v}
                for k, v in {
                    "kb_version": __version__,
                    "pipeline_version": pipeline_version(),
                }.items()
            ),
            replace=True,
        )
        create_indexes(database)
        failed = finish_checks(database, self.checks)
        write_units(database)
        write_facet_counts(database)
        write_figures(database)
        write_code_names(database)
        by_document = {f.document_id: f for f in self.report.built}
        for document_id, reason in failed.items():
            if document_id in by_document:
                _checks_failed(by_document[document_id], reason)
        database["files"].insert_all((f.row() for f in self.report.files), batch_size=500)
        create_table_indexes(database)
        database.execute("ANALYZE")


def _checks_failed(file: FileReport, reason: str) -> None:
    file.reason = f"{file.reason}; its checks could not run ({reason})" if file.reason else reason


def in_order(
    inputs: list[Input], outcomes: Iterator[Outcome], progress: Progress | None
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
