"""What every question type is made of, and the SQL helpers they share.

A question type recognises the interpretations it answers (``recognises``), says which
slots of the interpretation it reads (``slots``), builds its query from a constant SQL
template with named parameters (``query``: the question only ever reaches SQLite as bound
values), turns the rows into the answer's table, summary and chart (``shape``), and says
in words how it answers (``how``). ``QUESTION_TYPES`` in ``kb.ask.questions`` lists them in
the order they are tried.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...vocabulary import DELTA_MEASURES
from ..interpretation import Interpretation

if TYPE_CHECKING:  # the answer module runs question types; types only fill its fields
    from ..answer import Answer, Links

MAX_ROWS = 1000
PARAMETER = re.compile(r"(?<![:\w]):(\w+)")


@dataclass
class Query:
    template: str  # the template's name, e.g. by_unit/item, compare/total, breakdown
    sql: str
    params: dict[str, object]  # the values of its named parameters


def query(template: str, sql: str, values: dict[str, object]) -> Query:
    """The template with the values of the parameters it uses."""
    names = dict.fromkeys(PARAMETER.findall(sql))
    return Query(template, sql, {name: values.get(name) for name in names})


def to_json(value) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def excluded_measures(interp: Interpretation) -> list[str]:
    """Change columns (比上年增减) answer only when asked for."""
    return [] if interp.measure in DELTA_MEASURES else list(DELTA_MEASURES)


def execute(conn: sqlite3.Connection, sql: str, params) -> list[dict]:
    cursor = conn.execute(sql, params)
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def amount(value):
    return None if value is None else round(float(value), 6)


def money(value) -> str:
    """1346.7 → 1,346.7; at most four decimals."""
    if value is None:
        return "—"
    text = f"{float(value):,.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class QuestionType:
    name: str = ""
    slots: tuple[str, ...] = ()  # the interpretation's fields this type reads

    def recognises(self, interp: Interpretation) -> bool:
        raise NotImplementedError

    def unavailable(self, vocab) -> str | None:
        """A problem code when the database cannot answer this type at all."""
        return None

    def templates(self) -> dict[str, str]:
        """Every SQL text this type can run, by template name."""
        return {}

    def query(self, interp: Interpretation, max_rows: int = MAX_ROWS) -> Query | None:
        return None

    def how(self, interp: Interpretation) -> str:
        raise NotImplementedError

    def query_on(self, conn: sqlite3.Connection, interp: Interpretation, max_rows: int) -> Query:
        """The query for this database (a type may read what the build precomputed)."""
        return self.query(interp, max_rows)

    def run(self, conn: sqlite3.Connection, answer: Answer, links: Links, max_rows: int) -> None:
        """Answer with this type's query: run it, then shape the rows."""
        built = self.query_on(conn, answer.interpretation, max_rows)
        answer.template = built.template
        answer.sql, answer.params = built.sql, built.params
        results = execute(conn, built.sql, built.params)
        self.shape(conn, answer, results, links)
        if len(results) >= max_rows:
            answer.notes.append(f"只显示前 {max_rows} 行。")

    def shape(
        self, conn: sqlite3.Connection, answer: Answer, results: list[dict], links: Links
    ) -> None:
        raise NotImplementedError
