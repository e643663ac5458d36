"""The freshly written database to what the checks read: per document, its tables
(with their facts and unplaced rows), its narrative facts and its paragraphs."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..facts.amounts import parse_amount
from ..vocabulary import BUDGET, CONTINUED, NARRATIVE, own_measure, statement_label
from .model import FactRow


@dataclass
class TableData:
    segment_id: int
    statement: str | None
    title: str | None
    number: str | None
    page: int | None
    line: int | None
    row_count: int
    facts: list[FactRow] = field(default_factory=list)
    unplaced_rows: list[list[float]] = field(
        default_factory=list
    )  # figures of rows with no subject

    @property
    def unplaced(self) -> int:
        return len(self.unplaced_rows)

    def unplaced_beyond(self, repeated: list[float]) -> bool:
        """Rows with figures but no subject, other than a bare repeat of the given figures."""
        known = sorted(round(v, 6) for v in repeated)
        return any(sorted(round(v, 6) for v in row) != known for row in self.unplaced_rows)

    @property
    def is_empty(self) -> bool:
        """Printed without a single figure (an 空表)."""
        return not self.facts and not self.unplaced

    @property
    def name(self) -> str:
        """How a detail sentence names the table: 一般公共预算支出表（预算表5）."""
        label = statement_label(self.statement) if self.statement else self.title or "表格"
        return f"{label}（{self.number}）" if self.number else label


@dataclass
class Paragraph:
    segment_id: int
    kind: str
    section: str
    text: str
    page: int | None
    line: int | None


@dataclass
class DocumentData:
    id: int
    unit: str | None
    year: int | None
    kind: str | None  # 预算 | 决算
    title: str | None
    filename: str | None
    tables: list[TableData] = field(default_factory=list)
    narrative: list[FactRow] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)

    @property
    def measure(self) -> str:
        """The measure this document's own figures carry when a table prints one column."""
        return own_measure(self.kind) or BUDGET

    def main_table(self, statement: str) -> TableData | None:
        """The table of a statement; when printed in pieces, the one with most figures."""
        tables = [t for t in self.tables if t.statement == statement]
        return max(tables, key=lambda t: (len(t.facts), -t.segment_id)) if tables else None


SEGMENT_COLUMNS = (
    "id",
    "kind",
    "section",
    "text",
    "page",
    "line",
    "statement",
    "table_title",
    "table_number",
    "row_count",
)
FACT_COLUMNS = (
    "id", "document_id", "statement", "code", "item", "measure", "amount", "source", "segment_id",
    "page", "row", "note", "line", "item_key", "printed", "table_unit", "flags",
)  # fmt: skip


def connection_to_documents(conn: sqlite3.Connection) -> list[DocumentData]:
    """Every document of the database, read through a plain sqlite3 connection."""
    return list(iter_documents(conn))


def iter_documents(
    conn: sqlite3.Connection, ids: list[int] | None = None
) -> Iterator[DocumentData]:
    """Documents one at a time (all, or those ids), so a large corpus is never all in memory."""
    rows = conn.execute(
        "select id, unit, year, kind, title, filename from documents order by id"
    ).fetchall()
    wanted = set(ids) if ids is not None else None
    for row in rows:
        if wanted is None or row[0] in wanted:
            yield _document(conn, DocumentData(*row))


def _dicts(cursor) -> list[dict]:
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def _document(conn: sqlite3.Connection, document: DocumentData) -> DocumentData:
    segments = _dicts(
        conn.execute(
            f"select {', '.join(SEGMENT_COLUMNS)} from segments where document_id = ? order by position, id",
            (document.id,),
        )
    )
    facts = _dicts(
        conn.execute(
            f"select {', '.join(FACT_COLUMNS)} from facts where document_id = ? order by id",
            (document.id,),
        )
    )
    unplaced = _dicts(
        conn.execute(
            "select segment_id, cells from unplaced where document_id = ? order by id",
            (document.id,),
        )
    )
    return assemble(document, segments, facts, unplaced)


def rows_to_document(
    document: DocumentData, segments: list[dict], facts: list[dict], unplaced: list[dict]
) -> DocumentData:
    """The document as the checks read it, from its rows before they are written: segment
    ids count from 1 within the document and facts are numbered in order from 1."""
    numbered = [
        {**fact, "id": number, "document_id": document.id}
        for number, fact in enumerate(facts, start=1)
    ]
    return assemble(document, segments, numbered, unplaced)


def assemble(
    document: DocumentData, segments: list[dict], facts: list[dict], unplaced: list[dict]
) -> DocumentData:
    """Its tables (with their facts and unplaced rows), narrative facts and paragraphs."""
    unplaced_rows: dict[int, list[list[float]]] = {}
    for row in unplaced:
        unplaced_rows.setdefault(row["segment_id"], []).append(_figures(row["cells"]))
    tables: dict[int, TableData] = {}
    sections: dict[int, str | None] = {}
    for seg in segments:
        sections[seg["id"]] = seg.get("section")
        if seg["kind"] == "table":
            tables[seg["id"]] = TableData(
                seg["id"], seg.get("statement"), seg.get("table_title"), seg.get("table_number"),
                seg.get("page"), seg.get("line"), seg.get("row_count") or 0,
                unplaced_rows=unplaced_rows.get(seg["id"], []),
            )  # fmt: skip
        elif seg["kind"] in ("paragraph", "heading"):
            document.paragraphs.append(
                Paragraph(
                    seg["id"],
                    seg["kind"],
                    seg.get("section") or "",
                    seg.get("text") or "",
                    seg.get("page"),
                    seg.get("line"),
                )
            )
    for row in facts:
        values = {name: row.get(name) for name in FACT_COLUMNS if name != "flags"}
        flags = tuple(json.loads(row["flags"])) if row.get("flags") else ()
        fact = FactRow(**values, flags=flags, section=sections.get(row["segment_id"]))
        if fact.source == "narrative" or fact.statement == NARRATIVE:
            document.narrative.append(fact)
        elif fact.segment_id in tables:
            tables[fact.segment_id].facts.append(fact)
    document.tables = merge_continuations(list(tables.values()))
    return document


def merge_continuations(tables: list[TableData]) -> list[TableData]:
    """A standard table printed in pieces (one per page) with no other table between them is one table."""
    merged: list[TableData] = []
    for table in tables:
        last = merged[-1] if merged else None
        if last is not None and table.statement in CONTINUED and table.statement == last.statement:
            last.facts.extend(table.facts)
            last.unplaced_rows.extend(table.unplaced_rows)
            last.row_count += table.row_count
            last.number = last.number or table.number
            continue
        merged.append(table)
    return merged


def _figures(cells_json: str | None) -> list[float]:
    try:
        cells = json.loads(cells_json or "[]")
    except ValueError:
        return []
    amounts = (parse_amount(c) for c in cells if isinstance(c, str))
    return [a.value for a in amounts if a is not None]
