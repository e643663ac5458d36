"""Spending by subject code: ``吉林市政务信息中心2022年支出按功能分类``, ``按经济分类 类级``.

The codes of one classification (功能分类 or 经济分类) in the best statement and column of
each document (``kb.vocabulary.CODE_STATEMENTS``), optionally one level (类/款/项) or under
one code.
"""

from __future__ import annotations

from collections import OrderedDict

from ...vocabulary import CODE_STATEMENTS, FUNCTION, ITEM_MEASURES, LEVEL_NAMES, TOTALS
from ..interpretation import Interpretation
from .base import MAX_ROWS, Query, QuestionType, amount, excluded_measures, query, to_json
from .charts import series

BREAKDOWN = """with statement_rank(statement, rank) as materialized (
  select value, key from json_each(:statements)
),
measure_rank(kind, measure, rank) as materialized (
  select value ->> 0, value ->> 1, key from json_each(:measures)
),
scoped(id) as (
  select f.id from facts f where :units is null and f.code_system = :code_system
  union all
  select f.id from facts f
  where :units is not null and f.unit in (select value from json_each(:units))
    and f.code_system = :code_system
),
candidates as materialized (
  select f.id, f.document_id, f.unit, f.year, f.kind, f.code, f.item, f.statement, f.measure,
         f.amount, f.source, f.segment_id, f.page, f.line, f.row,
         s.rank as statement_rank,
         coalesce((select min(r.rank) from measure_rank r
                   where r.measure = f.measure and (r.kind is null or r.kind = f.kind)), 999)
           as measure_rank
  from scoped
  join facts f on f.id = scoped.id
  join statement_rank s on s.statement = f.statement
  where coalesce(f.code, '') <> '' and f.amount is not null
    and (:years is null or f.year in (select value from json_each(:years)))
    and (:level is null or length(f.code) = :level)
    and (:code_prefix is null or f.code like :code_prefix || '%')
    and coalesce(f.measure, '') not in (select value from json_each(:excluded_measures))
),
best as (
  select document_id, min(statement_rank * 1000 + measure_rank) as best
  from candidates
  where :measure_required = 0 or measure_rank < 999
  group by document_id
),
picked as (
  select c.*, row_number() over (partition by c.document_id, c.code order by c.id) as pick
  from candidates c
  join best b on b.document_id = c.document_id
             and c.statement_rank * 1000 + c.measure_rank = b.best
)
select id, unit, year, kind, code, length(code) as level, item, statement, measure, amount,
       source, segment_id, page, line, row
from picked
where pick = 1
order by unit, year, kind, code
limit :limit"""


class BreakdownQuestion(QuestionType):
    name = "breakdown"
    slots = ("items", "units", "years", "code_system", "level", "measure")

    def recognises(self, interp: Interpretation) -> bool:
        return bool(interp.code_system or interp.level)

    def templates(self) -> dict[str, str]:
        return {"breakdown": BREAKDOWN}

    def query(self, interp: Interpretation, max_rows: int = MAX_ROWS) -> Query:
        system = interp.code_system or FUNCTION
        measure_item = interp.measure or "支出合计"
        if measure_item in TOTALS:
            measures = [[None, m] for m in TOTALS[measure_item].measures]
            measures += [list(m) for m in ITEM_MEASURES if list(m) not in measures]
            required = 0 if measure_item == "支出合计" else 1
        else:
            measures, required = [[None, measure_item]], 1
        values = {
            "statements": to_json(list(CODE_STATEMENTS[system])),
            "measures": to_json(measures),
            "code_system": system,
            "units": to_json(interp.units or None),
            "years": to_json(interp.years or None),
            "level": interp.level,
            "code_prefix": next((i.keys[0] for i in interp.items if i.family == "code"), None),
            "excluded_measures": to_json(excluded_measures(interp)),
            "measure_required": required,
            "limit": max_rows,
        }
        return query("breakdown", BREAKDOWN, values)

    def how(self, interp: Interpretation) -> str:
        level = f"，{LEVEL_NAMES[interp.level]}级" if interp.level else "，类/款/项各级"
        return f"按{interp.code_system or FUNCTION}科目分解{level}"

    def shape(self, conn, answer, results: list[dict], links) -> None:
        answer.columns = [
            "unit",
            "year",
            "kind",
            "code",
            "level",
            "item",
            "amount",
            "measure",
            "statement",
            "fact_id",
        ]
        for r in results:
            answer.rows.append(
                [
                    r["unit"],
                    r["year"],
                    r["kind"],
                    r["code"],
                    LEVEL_NAMES.get(r["level"], ""),
                    r["item"],
                    amount(r["amount"]),
                    r["measure"],
                    r["statement"],
                    r["id"],
                ]
            )
            answer.sources.append([links.fact(r)])
        if not results:
            return
        documents = OrderedDict()
        for r in results:
            documents.setdefault((r["unit"], r["year"], r["kind"]), []).append(r)
        first = next(iter(documents))
        statements = sorted({r["statement"] for r in results})
        answer.summary = (
            f"{first[0]} {first[1]}年{first[2]}：{len(documents[first])} 个"
            f"{answer.interpretation.code_system or FUNCTION}科目（{'、'.join(statements)}）"
            + (f"；共 {len(documents)} 个文件" if len(documents) > 1 else "")
            + "。"
        )
        answer.chart = _chart(documents, results)


def _chart(documents: OrderedDict, results: list[dict]) -> dict:
    """The top-level codes printed, a bar series per document."""
    top = min(len(r["code"]) for r in results)
    codes = list(
        OrderedDict.fromkeys(f"{r['code']} {r['item']}" for r in results if len(r["code"]) == top)
    )
    datasets = []
    for i, (key, rows) in enumerate(documents.items()):
        values = {
            f"{r['code']} {r['item']}": amount(r["amount"]) for r in rows if len(r["code"]) == top
        }
        datasets.append(series(f"{key[0]} {key[1]}", [values.get(c) for c in codes], i, "bar"))
    level = LEVEL_NAMES.get(top, "")
    return {"type": "bar", "title": f"{level}级科目（万元）", "labels": codes, "datasets": datasets}


QUESTION = BreakdownQuestion()
