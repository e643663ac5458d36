"""The SQLite schema: a contract, users' saved queries rely on these names."""

from __future__ import annotations

import sqlite_utils

# Who published a row's document, resolved (kb.units): on documents, facts and checks
UNIT_COLUMNS = {
    "unit_id": int,
    "level": str,
    "province": str,
    "city": str,
    "district": str,
    "sector": str,
}

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
    **UNIT_COLUMNS,
    "unit_key": str,
    "unit_status": str,
    "unit_resolution": str,
    "members": str,
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
    "flags": str,
    "confidence": float,
    "verified": int,
    **UNIT_COLUMNS,
}
FILES = {
    "id": int,
    "path": str,
    "sha256": str,
    "size": int,
    "format": str,
    "status": str,
    "reason": str,
    "document_id": int,
    "duplicate_of": str,
    "pages": int,
    "seconds": float,
    "mtime_ns": int,
    "settings": str,
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
    db["build_info"].create({"key": str, "value": str}, pk="key")
    db["files"].create(FILES, pk="id", foreign_keys=[("document_id", "documents", "id")])


def create_table_indexes(db: sqlite_utils.Database) -> None:
    """The indexes readers filter and join on, created once all rows are in."""
    for column in ("document_id", "kind", "unit", "year", "statement"):
        db["segments"].create_index([column], if_not_exists=True)
    for columns in (
        ["document_id"],
        ["unit", "year"],
        ["item_key", "year"],  # an item in a year is read without visiting other years' rows
        ["code", "year"],
        ["statement"],
        ["segment_id"],
        ["unit_id"],
    ):
        db["facts"].create_index(columns, if_not_exists=True)
    db["glossary"].create_index(["document_id"], if_not_exists=True)
    db["glossary"].create_index(["term"], if_not_exists=True)
    db["files"].create_index(["status"], if_not_exists=True)
    db["files"].create_index(["document_id"], if_not_exists=True)
    db["files"].create_index(["path"], if_not_exists=True)
