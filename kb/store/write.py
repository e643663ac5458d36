"""Prepared rows into the database, one document after another, ids assigned here."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from .rows import DocumentRows

BATCH = 500


@dataclass
class Writer:
    """Inserts documents' rows in order, giving each its document id and shifting its
    segment ids past those already written."""

    db: sqlite_utils.Database
    documents: int = 0
    segments: int = 0
    glossary: int = 0

    def write(self, rows: DocumentRows) -> int:
        self.documents += 1
        document_id = self.documents
        offset = self.segments
        self.db["documents"].insert({"id": document_id, **rows.document})
        self.db["segments"].insert_all(
            ({**row, "id": row["id"] + offset, "document_id": document_id} for row in rows.segments),
            batch_size=BATCH,
        )
        glossary = []
        for row in rows.glossary:
            self.glossary += 1
            glossary.append(
                {"id": self.glossary, "document_id": document_id, **row, "segment_id": row["segment_id"] + offset}
            )
        self.db["glossary"].insert_all(glossary, batch_size=BATCH)
        for table in ("facts", "unplaced"):
            self.db[table].insert_all(
                (
                    {"document_id": document_id, **row, "segment_id": row["segment_id"] + offset}
                    for row in getattr(rows, table)
                ),
                batch_size=BATCH,
            )
        self.segments += len(rows.segments)
        return document_id
