"""Budget against actual per unit, year and item: ``2022年三公经费预算和决算``.

A document's own 预算数 and 决算数 columns (a 决算's 三公 table prints both), or the same
unit's 预算 and 决算 documents of one year.
"""

from __future__ import annotations

import json

from ...vocabulary import ACTUAL_MEASURES, BUDGET_MEASURES, DELTA_MEASURES
from ..interpretation import Interpretation
from .base import MAX_ROWS, Query, QuestionType, amount, execute, money, query, to_json
from .charts import chart_title, series
from .figures import MATCH, item_values, match_kind

COMPARE = """with wanted(key, label) as materialized (
  select value ->> 0, value ->> 1 from json_each(:wanted)
),
statement_rank(statement, rank) as materialized (
  select value, key from json_each(:statements)
),
measure_rank(kind, measure, rank) as materialized (
  select value ->> 0, value ->> 1, key from json_each(:measures)
),{match}
candidates as materialized (
  select f.id, f.unit, f.year, f.kind, m.label, f.statement, f.measure, f.amount, f.source,
         case
           when f.measure in (select value from json_each(:budget_measures)) then 'budget'
           when f.measure in (select value from json_each(:actual_measures)) then 'actual'
           when coalesce(f.measure, '') in (select value from json_each(:excluded_measures)) then null
           when f.kind = '预算' then 'budget'
           when f.kind = '决算' then 'actual'
         end as side,
         s.rank as statement_rank,
         coalesce((select min(r.rank) from measure_rank r
                   where r.measure = f.measure and (r.kind is null or r.kind = f.kind)), 999)
           as measure_rank
  from matched m
  join facts f on f.id = m.id
  join statement_rank s on s.statement = f.statement
  where f.amount is not null and f.entity is null
    and (:units is null or f.unit in (select value from json_each(:units)))
    and (:years is null or f.year in (select value from json_each(:years)))
),
picked as (
  select *, row_number() over (
    partition by unit, year, label, side
    order by case when (side = 'budget' and kind = '预算') or (side = 'actual' and kind = '决算')
                  then 0 else 1 end,
             statement_rank, measure_rank, id
  ) as pick
  from candidates
  where side is not null
)
select unit, year, label,
       max(case when side = 'budget' then amount end) as budget,
       max(case when side = 'actual' then amount end) as actual,
       max(case when side = 'actual' then amount end)
         - max(case when side = 'budget' then amount end) as difference,
       max(case when side = 'budget' then statement || '·' || measure end) as budget_from,
       max(case when side = 'actual' then statement || '·' || measure end) as actual_from,
       max(case when side = 'budget' then id end) as budget_id,
       max(case when side = 'actual' then id end) as actual_id
from picked
where pick = 1
group by unit, year, label
order by label, unit, year
limit :limit"""

FACT_SOURCE_SQL = """select id, document_id, statement, source, segment_id, page, line, row, measure, amount
from facts
where id in (select value from json_each(:ids))"""


def execution_rate(budget, actual) -> float | None:
    """决算数 ÷ 预算数 in percent; none without both or with a budget of 0."""
    if budget is None or actual is None or not budget:
        return None
    return round(actual / budget * 100, 2)


def ranked(results: list[dict], interp: Interpretation) -> tuple[list[dict], str | None]:
    """The rows in the order and number asked (前3名, 按从小到大排): by 执行率 when it is
    asked for, else by 决算数; rows without that figure last. None when not asked."""
    if not interp.order and not interp.limit:
        return results, None
    key = "execution_rate" if interp.rate else "actual"
    with_value = [r for r in results if r.get(key) is not None]
    without = [r for r in results if r.get(key) is None]
    with_value.sort(key=lambda r: r[key], reverse=(interp.order or "desc") == "desc")
    rows = (with_value + without)[: interp.limit or None]
    word = "执行率" if interp.rate else "决算数"
    direction = "从小到大" if interp.order == "asc" else "从大到小"
    limit = f"，前 {interp.limit} 行" if interp.limit else ""
    return rows, f"按{word}{direction}排列{limit}（没有{word}的行排在最后）。"


class CompareQuestion(QuestionType):
    name = "compare"
    slots = ("items", "units", "years", "side", "order", "limit")

    def recognises(self, interp: Interpretation) -> bool:
        return bool(interp.items) and interp.side == "both"

    def templates(self) -> dict[str, str]:
        return {
            f"compare/{match}": COMPARE.format(match=fragment) for match, fragment in MATCH.items()
        }

    def query(self, interp: Interpretation, max_rows: int = MAX_ROWS) -> Query:
        match = match_kind(interp.items)
        values = {
            **item_values(interp),
            "budget_measures": to_json(list(BUDGET_MEASURES)),
            "actual_measures": to_json(list(ACTUAL_MEASURES)),
            "excluded_measures": to_json(list(DELTA_MEASURES)),
            "limit": max_rows,
        }
        return query(f"compare/{match}", COMPARE.format(match=MATCH[match]), values)

    def how(self, interp: Interpretation) -> str:
        return "预算数与决算数对比"

    def shape(self, conn, answer, results: list[dict], links) -> None:
        for r in results:
            r["execution_rate"] = execution_rate(r["budget"], r["actual"])
        results, order_note = ranked(results, answer.interpretation)
        if order_note:
            answer.notes.append(order_note)
        answer.columns = [
            "unit",
            "year",
            "item",
            "budget",
            "actual",
            "difference",
            "budget_from",
            "actual_from",
        ]
        rate = answer.interpretation.rate
        if rate:
            answer.columns.insert(6, "execution_rate")
        ids = [r[k] for r in results for k in ("budget_id", "actual_id") if r[k] is not None]
        facts = (
            {f["id"]: f for f in execute(conn, FACT_SOURCE_SQL, {"ids": json.dumps(ids)})}
            if ids
            else {}
        )
        for r in results:
            row = [
                r["unit"],
                r["year"],
                r["label"],
                amount(r["budget"]),
                amount(r["actual"]),
                amount(r["difference"]),
                r["budget_from"],
                r["actual_from"],
            ]
            if rate:
                row.insert(6, r["execution_rate"])
            answer.rows.append(row)
            answer.sources.append(
                [
                    {**links.fact(facts[r[k]]), "side": "预算数" if k == "budget_id" else "决算数"}
                    for k in ("budget_id", "actual_id")
                    if r[k] in facts
                ]
            )
        if not results:
            return
        first = results[0]
        answer.summary = (
            f"{first['unit']} {first['year']}年 {first['label']}：预算数 {money(first['budget'])} 万元，"
            f"决算数 {money(first['actual'])} 万元，差额 {money(first['difference'])} 万元。"
            + (f"（共 {len(results)} 行）" if len(results) > 1 else "")
        )
        if any(r["actual"] is None for r in results):
            answer.notes.append("决算数为空的行：该单位该年度只有预算文件，没有公开决算数。")
        if any(r["budget"] is None for r in results):
            answer.notes.append("预算数为空的行：文件中没有找到对应的预算数。")
        several = len(answer.interpretation.items) > 1
        x = [f"{r['unit']} {r['year']}" + (f" {r['label']}" if several else "") for r in results]
        answer.chart = {
            "type": "bar",
            "title": chart_title(answer.interpretation),
            "labels": x,
            "datasets": [
                series("预算数", [amount(r["budget"]) for r in results], 0, "bar"),
                series("决算数", [amount(r["actual"]) for r in results], 1, "bar"),
            ],
        }


QUESTION = CompareQuestion()
