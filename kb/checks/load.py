"""The freshly written database to what the checks read: per document, its tables
(with their facts and unplaced rows), its narrative facts and its paragraphs."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..facts.amounts import parse_amount
from ..vocabulary import BUDGET, CONTINUED, own_measure, statement_label
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
    unplaced_rows: list[list[float]] = field(default_factory=list)  # figures of rows with no subject

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


_FACT_SQL = """
select f.id, f.document_id, f.statement, f.code, f.item, f.measure, f.amount, f.source,
       f.segment_id, f.page, f.row, f.note, f.line, f.item_key, f.printed, f.table_unit,
       f.flags, s.section
from facts f left join segments s on s.id = f.segment_id
where f.document_id = ? order by f.id
"""


def connection_to_documents(conn: sqlite3.Connection) -> list[DocumentData]:
    """Every document of the database, read through a plain sqlite3 connection."""
    return list(iter_documents(conn))


def iter_documents(conn: sqlite3.Connection, ids: list[int] | None = None) -> Iterator[DocumentData]:
    """Documents one at a time (all, or those ids), so a large corpus is never all in memory."""
    rows = conn.execute(
        "select id, unit, year, kind, title, filename from documents order by id"
    ).fetchall()
    wanted = set(ids) if ids is not None else None
    for row in rows:
        if wanted is None or row[0] in wanted:
            yield _document(conn, DocumentData(*row))


def _document(conn: sqlite3.Connection, document: DocumentData) -> DocumentData:
    unplaced: dict[int, list[list[float]]] = {}
    for segment_id, cells in conn.execute(
        "select segment_id, cells from unplaced where document_id = ? order by id", (document.id,)
    ):
        unplaced.setdefault(segment_id, []).append(_figures(cells))
    tables: dict[int, TableData] = {}
    for seg_id, kind, section, text, page, line, statement, title, number, count in conn.execute(
        """select id, kind, section, text, page, line, statement, table_title, table_number,
                  row_count from segments where document_id = ? order by position, id""",
        (document.id,),
    ):
        if kind == "table":
            tables[seg_id] = TableData(
                seg_id,
                statement,
                title,
                number,
                page,
                line,
                count or 0,
                unplaced_rows=unplaced.get(seg_id, []),
            )
        elif kind in ("paragraph", "heading"):
            document.paragraphs.append(Paragraph(seg_id, kind, section or "", text or "", page, line))
    for row in conn.execute(_FACT_SQL, (document.id,)):
        *columns, flags, section = row
        fact = FactRow(*columns, flags=tuple(json.loads(flags)) if flags else (), section=section)
        if fact.source == "narrative":
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
