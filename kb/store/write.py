"""Prepared rows into the database, one document after another, ids assigned here."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from .rows import DocumentRows

BATCH = 500


@dataclass
class Writer:
    """Inserts documents' rows in order, giving each its document id and shifting its
    segment and fact ids (which count from 1 within the document) past those already
    written."""

    db: sqlite_utils.Database
    documents: int = 0
    segments: int = 0
    glossary: int = 0
    facts: int = 0

    def write(self, rows: DocumentRows) -> int:
        self.documents += 1
        document_id = self.documents
        offset = self.segments
        self.db["documents"].insert({"id": document_id, **rows.document})
        self.db["segments"].insert_all(
            (
                {**row, "id": row["id"] + offset, "document_id": document_id}
                for row in rows.segments
            ),
            batch_size=BATCH,
        )
        glossary = []
        for row in rows.glossary:
            self.glossary += 1
            glossary.append(
                {
                    "id": self.glossary,
                    "document_id": document_id,
                    **row,
                    "segment_id": row["segment_id"] + offset,
                }
            )
        self.db["glossary"].insert_all(glossary, batch_size=BATCH)
        self.db["facts"].insert_all(
            (
                {
                    "id": self.facts + number,
                    "document_id": document_id,
                    **row,
                    "segment_id": row["segment_id"] + offset,
                }
                for number, row in enumerate(rows.facts, 1)
            ),
            batch_size=BATCH,
        )
        self.db["unplaced"].insert_all(
            (
                {"document_id": document_id, **row, "segment_id": row["segment_id"] + offset}
                for row in rows.unplaced
            ),
            batch_size=BATCH,
        )
        self.segments += len(rows.segments)
        self.facts += len(rows.facts)
        return document_id
