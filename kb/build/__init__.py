"""Files to one SQLite knowledge base: the pipeline, step by step.

Per file, in a worker process of its own (``kb.batch``: a time budget, a memory cap, and a
crash costs only that file; on this machine or a Dask cluster), ``prepare``:

1. read      ``kb.read.path_to_source``         bytes → lines and blocks (PDF, HTML, text)
2. segment   ``kb.segment.source_to_document``  blocks → headings, paragraphs, tables,
                                                glossary terms; unit, year, 预算/决算;
                                                whether it is a disclosure at all
3. facts     ``kb.facts.document_to_facts``     tables and paragraphs → figures in 万元
4. rows      ``kb.store.document_to_rows``      the document as the rows of every table
5. checks    ``kb.checks.rows_to_checks``       arithmetic, cross-table, narrative,
                                                completeness, budget against actual (its own)

Once, in this process, into a temporary file that is renamed into place at the end
(``ingest``; ``full`` writes a new database, ``incremental`` a copy of the old one with only
the files that changed read again):

6. store     ``kb.store.Writer``                rows and checks in input order; copies (the
                                                same bytes, the same text, the same
                                                disclosure) skipped (``copies``)
7. index     ``kb.index.create_indexes``        full-text and ranking indexes;
             ``kb.checks.finish_checks``        a unit's 预算 against its 决算
8. finish    the ``files`` table (every input, what became of it and why, ``report``),
             ``kb.store.create_table_indexes``, ``ANALYZE``, ``VACUUM``
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..batch import collect_inputs
from .full import build, write_database
from .incremental import Plan, update
from .prepare import bytes_to_document, document_to_prepared, path_to_document, path_to_prepared
from .report import (
    DUPLICATE,
    INGESTED,
    NOT_DISCLOSURE,
    UNREADABLE,
    BuildReport,
    FileReport,
    NothingBuilt,
    Prepared,
)

DEFAULT_CORPUS = Path("corpus")


def collect_paths(paths: Iterable[str | Path]) -> list[Path]:
    """The files a build would read (the inputs that are not problems themselves)."""
    return [item.path for item in collect_inputs(paths) if item.problem is None]


__all__ = [
    "DEFAULT_CORPUS",
    "DUPLICATE",
    "INGESTED",
    "NOT_DISCLOSURE",
    "UNREADABLE",
    "BuildReport",
    "FileReport",
    "NothingBuilt",
    "Plan",
    "Prepared",
    "build",
    "bytes_to_document",
    "collect_paths",
    "document_to_prepared",
    "path_to_document",
    "path_to_prepared",
    "update",
    "write_database",
]
