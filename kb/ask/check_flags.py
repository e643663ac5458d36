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

# A failed check names its facts in a JSON list: a fact id found in its text is a
# candidate (1234 contains 123), confirmed against the parsed list; parsing every failed
# check's list of every document shown costs more than the answer.
FAILED_CHECKS_SQL = """select c.id, c."check", c.subject, c.expected, c.found, c.facts,
       fa.id as fact_id
from json_each(:facts) f
join facts fa on fa.id = f.value
join checks c on c.status = 'fail' and c.document_id = fa.document_id
where c.facts is not null and instr(c.facts, fa.id) > 0
order by c.id"""


def flag_failed_checks(conn: sqlite3.Connection, answer, links) -> None:
    ids = {s["fact_id"] for row in answer.sources for s in row if s.get("fact_id")}
    if not ids:
        return
    try:
        rows = conn.execute(FAILED_CHECKS_SQL, {"facts": json.dumps(sorted(ids))}).fetchall()
    except sqlite3.OperationalError:
        return  # a database without checks
    named: dict[int, set] = {}
    by_fact: dict[int, list[tuple]] = {}
    for *check, facts, fact_id in rows:
        if check[0] not in named:
            try:
                named[check[0]] = set(json.loads(facts))
            except (ValueError, TypeError):
                named[check[0]] = set()
        if fact_id in named[check[0]]:
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
