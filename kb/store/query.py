"""Finding facts: the parameterised queries behind `kb facts` (user text is only ever bound)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

FACT_COLUMNS = (
    "id",
    "unit",
    "year",
    "kind",
    "statement",
    "table_number",
    "code",
    "code_system",
    "item",
    "measure",
    "amount",
    "source",
    "document_id",
    "segment_id",
    "page",
    "line",
    "row",
    "printed",
    "note",
    "confidence",
    "verified",
)


@dataclass
class FactFilter:
    unit: str | None = None
    year: int | None = None
    kind: str | None = None
    code: str | None = None  # exact, or a prefix when it ends with *
    item: str | None = None
    statement: str | None = None
    measure: str | None = None
    source: str | None = None


def like_pattern(text: str) -> str:
    """A LIKE pattern for text as typed: its own % and _ match themselves."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def fact_query(where: FactFilter, limit: int | None = None) -> tuple[str, list]:
    clauses: list[str] = []
    params: list = []
    if where.unit:
        clauses.append("unit like ? escape '\\'")
        params.append(like_pattern(where.unit))
    for column in ("year", "kind", "statement", "measure", "source"):
        value = getattr(where, column)
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    if where.code:
        if where.code.endswith("*"):
            clauses.append("code like ?")
            params.append(where.code[:-1] + "%")
        else:
            clauses.append("code = ?")
            params.append(where.code)
    if where.item:
        clauses.append("(item like ? escape '\\' or item_key like ? escape '\\')")
        params.extend([like_pattern(where.item)] * 2)
    sql = f"select {', '.join(FACT_COLUMNS)} from facts"
    if clauses:
        sql += " where " + " and ".join(clauses)
    sql += " order by document_id, segment_id, row, id"
    if limit:
        sql += " limit ?"
        params.append(limit)
    return sql, params


def find_facts(conn: sqlite3.Connection, where: FactFilter, limit: int | None = None) -> list[dict]:
    sql, params = fact_query(where, limit)
    cursor = conn.execute(sql, params)
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]
