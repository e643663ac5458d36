"""A unit's projects, from its 项目支出表: ``吉林市政务信息中心2022年项目支出明细``,
``项目支出 排名前五``, ``中共吉林市委办公室 有哪些项目``.

Project tables mix categories and the projects under them (工程经费 5,465.4 heads the six
rows that add up to it). A row is a category when the rows right after it add up to it
(the arithmetic, not the wording, decides); the answer lists projects — rows that are no
category and no 合计 — with the category they are under, so nothing is counted twice.
"""

from __future__ import annotations

from ...vocabulary import TOTAL_ROW_KEYS
from ..interpretation import Interpretation
from .base import MAX_ROWS, Query, QuestionType, amount, money, query, to_json

STATEMENT = "项目支出表"
MEASURES = ("合计", "项目支出合计", "本年预算", "预算数", "决算数", "金额")
TOLERANCE = 0.051  # half a unit of the last printed decimal, for a sum of a few rows

PROJECTS = """select f.id, f.document_id, f.unit, f.year, f.kind, f.item, f.item_key, f.measure,
       f.amount, f.segment_id, f.row, f.page, f.line, f.statement, f.source
from facts f
where f.statement = :statement and f.amount is not null and f.entity is null
  and (:units is null or f.unit in (select value from json_each(:units)))
  and (:years is null or f.year in (select value from json_each(:years)))
  and (:kind is null or f.kind = :kind)
order by f.unit, f.year, f.document_id, f.segment_id, f.row, f.id
limit :limit"""


def one_per_row(facts: list[dict]) -> list[dict]:
    """Each table row once, in its preferred column (合计 before the funding columns)."""
    rank = {m: i for i, m in enumerate(MEASURES)}
    rows: dict[tuple, dict] = {}
    for fact in facts:
        key = (fact["document_id"], fact["segment_id"], fact["row"])
        best = rows.get(key)
        if best is None or rank.get(fact["measure"], 99) < rank.get(best["measure"], 99):
            rows[key] = fact
    return list(rows.values())


def projects_of(rows: list[dict]) -> list[dict]:
    """The rows of one document that are projects, each with the category it is under."""
    body = [r for r in rows if r["item_key"] not in TOTAL_ROW_KEYS and r["item"] != "合计"]
    spans = category_spans(body)
    projects = []
    for j, row in enumerate(body):
        if j in spans:
            continue
        around = [i for i, end in spans.items() if i < j <= end]
        projects.append({**row, "category": body[max(around)]["item"] if around else None})
    return projects


def category_spans(body: list[dict]) -> dict[int, int]:
    """Categories by their row, with the last row under them: a row is a category when two
    or more of the projects right after it add up to it. Inner categories are found first,
    and their rows skipped when adding up the ones around them."""
    spans: dict[int, int] = {}
    changed = True
    while changed:
        changed = False
        for i, row in enumerate(body):
            if i in spans or row["amount"] <= 0:
                continue
            after = [(j, body[j]) for j in range(i + 1, len(body)) if j not in spans]
            end = _last_of_sum(row["amount"], after)
            if end is not None:
                spans[i], changed = end, True
    return spans


def _last_of_sum(total: float, after: list[tuple[int, dict]]) -> int | None:
    running = 0.0
    for count, (j, later) in enumerate(after, 1):
        running += later["amount"]
        if count >= 2 and abs(running - total) <= TOLERANCE:
            return j
        if running > total + TOLERANCE:
            return None
    return None


def _disagreement(rows: list[dict], projects: list[dict]) -> list[str]:
    """The projects found against the table's own 合计: said when they do not add up."""
    printed = next(
        (r for r in rows if r["item_key"] in TOTAL_ROW_KEYS or r["item"] == "合计"), None
    )
    if printed is None or not projects:
        return []
    found = sum(p["amount"] for p in projects)
    if abs(found - printed["amount"]) <= TOLERANCE * max(1, len(projects)):
        return []
    return [
        f"{printed['unit']} {printed['year']}年项目支出表：所列项目之和 {money(found)} 万元，"
        f"与表中合计 {money(printed['amount'])} 万元不符（差 {money(found - printed['amount'])}）；"
        "表格的层级无法由数字确定，请对照原表。"
    ]


class ProjectsQuestion(QuestionType):
    name = "projects"
    slots = ("items", "units", "years", "kind", "order", "limit", "detail")

    def recognises(self, interp: Interpretation) -> bool:
        if [i.label for i in interp.items] != ["项目支出"]:
            return False
        # 项目支出前5名 alone ranks units; of one unit it ranks its projects
        one_unit = len(set(interp.units)) == 1
        return interp.detail or interp.projects or (interp.limit is not None and one_unit)

    def templates(self) -> dict[str, str]:
        return {"projects": PROJECTS}

    def query(self, interp: Interpretation, max_rows: int = MAX_ROWS) -> Query:
        values = {
            "statement": STATEMENT,
            "units": to_json(interp.units or None),
            "years": to_json(interp.years or None),
            "kind": interp.kind,
            "limit": 20 * max_rows,
        }
        return query("projects", PROJECTS, values)

    def how(self, interp: Interpretation) -> str:
        if interp.limit is not None:
            return f"列出项目支出表中的项目，按金额{'从低到高' if interp.order == 'asc' else '从高到低'}，前 {interp.limit} 个"
        return "列出项目支出表中的项目（不含合计与类别行）"

    def shape(self, conn, answer, results: list[dict], links) -> None:
        interp = answer.interpretation
        by_document: dict[int, list[dict]] = {}
        for row in one_per_row(results):
            by_document.setdefault(row["document_id"], []).append(row)
        projects = []
        for rows in by_document.values():
            found = projects_of(rows)
            projects += found
            answer.notes.extend(_disagreement(rows, found))
        if interp.limit is not None:
            projects.sort(key=lambda p: p["amount"], reverse=interp.order != "asc")
            projects = projects[: interp.limit]
        answer.columns = [
            "unit",
            "year",
            "kind",
            "item",
            "category",
            "amount",
            "measure",
            "fact_id",
        ]
        for p in projects:
            answer.rows.append(
                [
                    p["unit"],
                    p["year"],
                    p["kind"],
                    p["item"],
                    p["category"],
                    amount(p["amount"]),
                    p["measure"],
                    p["id"],
                ]
            )
            answer.sources.append([links.fact(p)])
        if projects:
            units = len({p["unit"] for p in projects})
            answer.summary = (
                f"{units} 个单位的 {len(projects)} 个项目，共 {money(sum(p['amount'] for p in projects))} 万元"
                + ("（所列项目之和）。" if interp.limit is not None else "。")
            )


QUESTION = ProjectsQuestion()
