"""A document and its facts as the rows of the knowledge base's tables.

Rows are prepared per document without knowing where the document lands in the
database: segment ids count from 1 within the document and ``document_id`` is left
for the writer (``kb.store.write``), which shifts both into place. So rows can be made
wherever the document was read, and only their insertion is serial.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..facts import Fact, TableFacts
from ..index.fold import search_text
from ..model import Document, Segment
from ..units.document import (
    document_to_members,
    document_to_unit,
    resolution_columns,
    unit_columns,
)


@dataclass
class DocumentRows:
    document: dict
    segments: list[dict] = field(default_factory=list)
    glossary: list[dict] = field(default_factory=list)
    facts: list[dict] = field(default_factory=list)
    unplaced: list[dict] = field(default_factory=list)


def document_to_rows(document: Document, facts: list[TableFacts]) -> DocumentRows:
    """Rows for every table; ``facts`` are the document's facts per segment, in order."""
    meta = document.metadata
    unit = document_to_unit(document)
    columns = unit_columns(unit)
    rows = DocumentRows(
        document={
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
            **columns,
            **resolution_columns(unit, document_to_members(document)),
        }
    )
    for segment_id, (segment, extracted) in enumerate(
        zip(document.segments, facts, strict=True), 1
    ):
        rows.segments.append(_segment_row(segment, segment_id, document))
        rows.facts.extend(
            _fact_row(f, segment, segment_id, document) | columns for f in extracted.facts
        )
        rows.unplaced.extend(
            {
                "segment_id": segment_id,
                "statement": segment.table.statement if segment.table else None,
                "row": u.row,
                "line": segment.table.line_of(u.row) if segment.table else None,
                "cells": json.dumps(u.cells, ensure_ascii=False),
                "reason": u.reason,
            }
            for u in extracted.unplaced
        )
        if segment.kind == "glossary":
            rows.glossary.append(
                {
                    "segment_id": segment_id,
                    "term": segment.term,
                    "definition": segment.definition,
                    "unit": meta.unit,
                    "year": meta.year,
                }
            )
    return rows


def _fact_row(fact: Fact, segment: Segment, segment_id: int, document: Document) -> dict:
    meta = document.metadata
    table = segment.table
    return {
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
        "flags": json.dumps(fact.flags) if fact.flags else None,
        "confidence": fact.confidence,
        "verified": None,  # for a figure read by OCR: whether the table arithmetic bears it out
    }


def _segment_row(segment: Segment, segment_id: int, document: Document) -> dict:
    table = segment.table
    row = {
        "id": segment_id,
        "kind": segment.kind,
        "section": segment.section or None,
        "page": segment.page,
        "line": segment.line,
        "position": segment.position,
        "level": segment.level,
        "text": segment.text,
        "unit": document.metadata.unit,
        "year": document.metadata.year,
        "search_text": search_text(segment.text),
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
