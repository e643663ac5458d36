"""A figure whose table contradicts itself is never shown as a plain fact: a row resting
on a fact that a failed check names (三公合计=分项, 合计=基本+项目, a table against the
情况说明 …) gets a column saying so, a link to the check, and a note with what the check
expected and found. Which of the figures is wrong the document does not say; the answer
does not guess."""

from __future__ import annotations

import json
import sqlite3

from .questions.base import money

COLUMN = "check"
MAX_NOTED = 3

FAILED_CHECKS_SQL = """select c.id, c."check", c.subject, c.expected, c.found, j.value as fact_id
from checks c, json_each(c.facts) j
where c.status = 'fail' and c.document_id in (select value from json_each(:documents))
  and c.facts is not null and j.value in (select value from json_each(:facts))
order by c.id"""


def flag_failed_checks(conn: sqlite3.Connection, answer, links) -> None:
    ids = {s["fact_id"] for row in answer.sources for s in row if s.get("fact_id")}
    if not ids:
        return
    params = {
        "documents": json.dumps(_documents(conn, sorted(ids))),
        "facts": json.dumps(sorted(ids)),
    }
    try:
        rows = conn.execute(FAILED_CHECKS_SQL, params).fetchall()
    except sqlite3.OperationalError:
        return  # a database without checks
    by_fact: dict[int, list[tuple]] = {}
    for *check, fact_id in rows:
        by_fact.setdefault(fact_id, []).append(tuple(check))
    if not by_fact:
        return
    flagged: dict[int, tuple] = {}
    labels = []
    for row_sources in answer.sources:
        checks = {c[0]: c for s in row_sources for c in by_fact.get(s.get("fact_id"), [])}
        labels.append("未通过：" + "、".join(f"#{i}" for i in sorted(checks)) if checks else "")
        for check_id, check in checks.items():
            flagged.setdefault(check_id, check)
            row_sources.append({"check_id": check_id, "url": links.row("checks", check_id)})
    answer.columns.append(COLUMN)
    for row, label in zip(answer.rows, labels, strict=False):
        row.append(label)
    rows_flagged = sum(1 for label in labels if label)
    said = "；".join(
        f"#{c[0]} {c[1]}：{c[2]} 应为 {money(c[3])}，实为 {money(c[4])}"
        for c in list(flagged.values())[:MAX_NOTED]
    )
    more = f" 等 {len(flagged)} 项" if len(flagged) > MAX_NOTED else ""
    answer.notes.append(
        f"{rows_flagged} 行的数字所在文件前后不一致（检查未通过：{said}{more}）："
        "数字照原文列出，哪一个有误文件本身没有说明，请对照原文。"
    )


def _documents(conn: sqlite3.Connection, ids: list[int]) -> list[int]:
    found: set[int] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        found.update(
            r[0]
            for r in conn.execute(
                f"select distinct document_id from facts where id in ({marks})", chunk
            )
        )
    return sorted(found)
