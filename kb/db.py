"""The SQLite schema (a contract: users' saved queries rely on these names) and its writer."""

from __future__ import annotations

import json
from pathlib import Path

import sqlite_utils

from .checks import write_checks
from .extract import segment_to_facts
from .facts import Fact
from .index import create_indexes
from .model import Document, Segment
from .tokens import Segmenter

DOCUMENTS = {
    "id": int,
    "path": str,
    "filename": str,
    "sha256": str,
    "title": str,
    "unit": str,
    "year": int,
    "kind": str,
    "scope": str,
    "region": str,
    "format": str,
    "layout": str,
    "encoding": str,
    "pages": int,
    "segment_count": int,
    "table_count": int,
    "term_count": int,
    "warnings": str,
}
SEGMENTS = {
    "id": int,
    "document_id": int,
    "kind": str,
    "section": str,
    "page": int,
    "line": int,
    "position": int,
    "level": int,
    "text": str,
    "table_title": str,
    "table_number": str,
    "statement": str,
    "table_unit": str,
    "header": str,
    "rows": str,
    "row_lines": str,
    "row_count": int,
    "unit": str,
    "year": int,
    "search_text": str,
}
GLOSSARY = {
    "id": int,
    "document_id": int,
    "segment_id": int,
    "term": str,
    "definition": str,
    "unit": str,
    "year": int,
    "search_text": str,
}


FACTS = {
    "id": int,
    "document_id": int,
    "unit": str,
    "year": int,
    "kind": str,
    "statement": str,
    "code": str,
    "code_system": str,
    "item": str,
    "measure": str,
    "amount": float,
    "source": str,
    "segment_id": int,
    "page": int,
    "row": int,
    "note": str,
    "line": int,
    "item_key": str,
    "printed": str,
    "table_number": str,
    "table_unit": str,
    "entity": str,
}
UNPLACED = {
    "id": int,
    "document_id": int,
    "segment_id": int,
    "statement": str,
    "row": int,
    "line": int,
    "cells": str,
    "reason": str,
}


def create_schema(db: sqlite_utils.Database) -> None:
    db["documents"].create(DOCUMENTS, pk="id", not_null={"sha256", "path"})
    db["documents"].create_index(["sha256"], unique=True)
    db["segments"].create(SEGMENTS, pk="id", foreign_keys=[("document_id", "documents", "id")])
    db["glossary"].create(
        GLOSSARY,
        pk="id",
        foreign_keys=[("document_id", "documents", "id"), ("segment_id", "segments", "id")],
    )
    db["facts"].create(
        FACTS,
        pk="id",
        foreign_keys=[("document_id", "documents", "id"), ("segment_id", "segments", "id")],
    )
    db["unplaced"].create(
        UNPLACED,
        pk="id",
        foreign_keys=[("document_id", "documents", "id"), ("segment_id", "segments", "id")],
    )
    db["search_words"].create({"word": str}, pk="word")
    db["build_info"].create({"key": str, "value": str}, pk="key")


def search_texts(document: Document, segmenter: Segmenter) -> tuple[list[str], list[str]]:
    """The indexed text of each segment and of each glossary term."""
    return (
        [segmenter.index_tokens(s.text) for s in document.segments],
        [segmenter.index_tokens(f"{s.term} {s.definition}") for s in document.glossary],
    )


def write_documents(
    db: sqlite_utils.Database,
    documents: list[Document],
    search_texts: list[tuple[list[str], list[str]]],
) -> None:
    segment_id = 0
    glossary_id = 0
    for document_id, document in enumerate(documents, start=1):
        meta = document.metadata
        db["documents"].insert(
            {
                "id": document_id,
                "path": document.path,
                "filename": Path(document.path).name,
                "sha256": document.sha256,
                "title": meta.title,
                "unit": meta.unit,
                "year": meta.year,
                "kind": meta.kind,
                "scope": meta.scope,
                "region": meta.region,
                "format": document.format,
                "layout": document.layout,
                "encoding": document.encoding,
                "pages": document.pages,
                "segment_count": len(document.segments),
                "table_count": len(document.tables),
                "term_count": len(document.glossary),
                "warnings": "\n".join(document.warnings) or None,
            }
        )
        segment_rows = []
        glossary_rows = []
        fact_rows = []
        unplaced_rows = []
        segment_texts, term_texts = search_texts[document_id - 1]
        term_texts = iter(term_texts)
        for segment, search_text in zip(document.segments, segment_texts, strict=True):
            segment_id += 1
            segment_rows.append(_segment_row(segment, segment_id, document_id, document, search_text))
            extracted = segment_to_facts(segment, meta.kind, meta.year)
            fact_rows.extend(_fact_row(f, segment, segment_id, document_id, meta) for f in extracted.facts)
            unplaced_rows.extend(
                {
                    "document_id": document_id,
                    "segment_id": segment_id,
                    "statement": segment.table.statement if segment.table else None,
                    "row": u.row,
                    "line": _row_line(segment, u.row),
                    "cells": json.dumps(u.cells, ensure_ascii=False),
                    "reason": u.reason,
                }
                for u in extracted.unplaced
            )
            if segment.kind == "glossary":
                glossary_id += 1
                glossary_rows.append(
                    {
                        "id": glossary_id,
                        "document_id": document_id,
                        "segment_id": segment_id,
                        "term": segment.term,
                        "definition": segment.definition,
                        "unit": meta.unit,
                        "year": meta.year,
                        "search_text": next(term_texts),
                    }
                )
        db["segments"].insert_all(segment_rows, batch_size=500)
        db["glossary"].insert_all(glossary_rows, batch_size=500)
        db["facts"].insert_all(fact_rows, batch_size=500)
        db["unplaced"].insert_all(unplaced_rows, batch_size=500)


def _row_line(segment: Segment, row: int | None) -> int | None:
    lines = segment.table.row_lines if segment.table else []
    return lines[row - 1] if row and 0 < row <= len(lines) else None


def _fact_row(fact: Fact, segment: Segment, segment_id: int, document_id: int, meta) -> dict:
    table = segment.table
    return {
        "document_id": document_id,
        "unit": meta.unit,
        "year": meta.year,
        "kind": meta.kind,
        "statement": fact.statement,
        "code": fact.code,
        "code_system": fact.code_system,
        "item": fact.item,
        "measure": fact.measure,
        "amount": fact.amount,
        "source": fact.source,
        "segment_id": segment_id,
        "page": fact.page,
        "row": fact.row,
        "note": fact.note,
        "line": fact.line,
        "item_key": fact.item_key,
        "printed": fact.printed,
        "table_number": table.number if table else None,
        "table_unit": table.unit if table else None,
        "entity": fact.entity,
    }


def _segment_row(
    segment: Segment, segment_id: int, document_id: int, document: Document, search_text: str
) -> dict:
    table = segment.table
    row = {
        "id": segment_id,
        "document_id": document_id,
        "kind": segment.kind,
        "section": segment.section or None,
        "page": segment.page,
        "line": segment.line,
        "position": segment.position,
        "level": segment.level,
        "text": segment.text,
        "unit": document.metadata.unit,
        "year": document.metadata.year,
        "search_text": search_text,
    }
    if table is not None:
        row.update(
            {
                "table_title": table.title,
                "table_number": table.number,
                "statement": table.statement,
                "table_unit": table.unit,
                "header": json.dumps(table.header, ensure_ascii=False),
                "rows": json.dumps(table.rows, ensure_ascii=False),
                "row_lines": json.dumps(table.row_lines),
                "row_count": len(table.rows),
            }
        )
    return row


def finish(db: sqlite_utils.Database, segmenter: Segmenter, info: dict[str, str]) -> None:
    db["build_info"].insert_all({"key": k, "value": v} for k, v in sorted(info.items()))
    create_indexes(db, segmenter)
    write_checks(db)
    for column in ("document_id", "kind", "unit", "year", "statement"):
        db["segments"].create_index([column])
    for columns in (["document_id"], ["unit", "year"], ["item_key"], ["code"], ["statement"], ["segment_id"]):
        db["facts"].create_index(columns)
    db["glossary"].create_index(["document_id"])
    db["glossary"].create_index(["term"])
    db.execute("ANALYZE")
