"""The SQL templates that answer questions, and the values bound to them.

Every template is a constant string: the question only ever reaches SQLite as the values
of numbered ``?N`` parameters. Lists (units, years, item keys, the order in which
statements and measures are preferred) are bound as JSON arrays and read with
``json_each``, so a template's text never depends on how many values there are.

Families:

- ``item`` (value, by_unit, by_year, ranking): for each document the one figure that best
  answers the item — the first statement in the preferred order that has it, and in it the
  preferred measure (预算数 in a 预算 document, 决算数 in a 决算 document, else 合计 …).
  The item is matched by item_key, by subject code, or, for totals (基本支出, 项目支出 …),
  as a column of a table's 合计 row or the narrative's item of that name.
- ``compare``: budget against actual per unit, year and item.
- ``breakdown``: the subject codes of one classification (功能分类 or 经济分类) in the
  best statement of each document.
- ``checks``: rows of the ``checks`` table, when the database has one.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from . import aliases
from .parser import Interpretation, Item

MAX_ROWS = 1000

RANKS = """with wanted(key, label, rank) as materialized (
  select value ->> 0, value ->> 1, key from json_each(?1)
),
statement_rank(statement, rank) as materialized (
  select value, key from json_each(?2)
),
measure_rank(kind, measure, rank) as materialized (
  select value ->> 0, value ->> 1, key from json_each(?3)
),"""

# How facts are matched to the item. With units (?6) the scan starts from the units'
# facts (CROSS JOIN keeps facts the outer loop, so its (unit, year) index is used);
# without, from the item's own index. The branch whose condition is false does not run.
def _matched_by(column: str) -> str:
    """Facts whose column (item_key or code, never user text) equals a wanted key."""
    return f"""
matched(id, label) as (
  select f.id, w.label from wanted w join facts f on f.{column} = w.key
  where ?6 is null
  union all
  select f.id, w.label from facts f cross join wanted w
  where ?6 is not null and f.unit in (select value from json_each(?6)) and f.{column} = w.key
),"""


MATCH = {
    "item": _matched_by("item_key"),
    "code": _matched_by("code"),
    "total": """
total_column(measure, label) as materialized (
  select value ->> 0, value ->> 1 from json_each(?10)
),
matched(id, label) as (
  select f.id, w.label from wanted w join facts f on f.item_key = w.key
  where ?6 is null and f.source = 'narrative'
  union all
  select f.id, w.label from facts f cross join wanted w
  where ?6 is not null and f.unit in (select value from json_each(?6))
    and f.item_key = w.key and f.source = 'narrative'
  union all
  select f.id, c.label from facts f join total_column c on f.measure = c.measure
  where ?6 is null and f.item_key in (select value from json_each(?11)) and f.source = 'table'
  union all
  select f.id, c.label from facts f cross join total_column c
  where ?6 is not null and f.unit in (select value from json_each(?6))
    and f.measure = c.measure and f.item_key in (select value from json_each(?11))
    and f.source = 'table'
),""",
}

CANDIDATES = """
candidates as materialized (
  select f.id, f.document_id, f.unit, f.year, f.kind, m.label, f.item, f.code, f.statement,
         f.measure, f.amount, f.source, f.segment_id, f.page, f.line, f.row,
         (select min(w.rank) from wanted w where w.label = m.label) as label_rank,
         s.rank as statement_rank,
         coalesce((select min(r.rank) from measure_rank r
                   where r.measure = f.measure and (r.kind is null or r.kind = f.kind)), 999)
           as measure_rank
  from matched m
  join facts f on f.id = m.id
  join statement_rank s on s.statement = f.statement
  where f.amount is not null
    and coalesce(f.measure, '') not in (select value from json_each(?5))
    and (?6 is null or f.unit in (select value from json_each(?6)))
    and (?7 is null or f.year in (select value from json_each(?7)))
    and (?8 is null or f.kind = ?8)
),"""

PICK = """
picked as (
  select *, row_number() over (
    partition by document_id, label order by statement_rank, measure_rank, id
  ) as pick
  from candidates
  where ?4 = 0 or measure_rank < 999
)
select id, unit, year, kind, label, item, code, statement, measure, amount, source,
       segment_id, page, line, row, label_rank
from picked
where pick = 1
"""

ORDER = {
    "value": "order by unit, year, kind, label_rank\nlimit ?9",
    "by_unit": "order by label_rank, unit, year, kind\nlimit ?9",
    "by_year": "order by label_rank, year, unit, kind\nlimit ?9",
    "ranking_desc": "order by amount desc, unit, year, kind\nlimit ?9",
    "ranking_asc": "order by amount asc, unit, year, kind\nlimit ?9",
}

ITEM_PARAMS = (
    "wanted",
    "statements",
    "measures",
    "measure_required",
    "excluded_measures",
    "units",
    "years",
    "kind",
    "limit",
    "total_columns",
    "total_rows",
)

COMPARE = """with wanted(key, label) as materialized (
  select value ->> 0, value ->> 1 from json_each(?1)
),
statement_rank(statement, rank) as materialized (
  select value, key from json_each(?2)
),
measure_rank(kind, measure, rank) as materialized (
  select value ->> 0, value ->> 1, key from json_each(?3)
),{match}
candidates as materialized (
  select f.id, f.unit, f.year, f.kind, m.label, f.statement, f.measure, f.amount, f.source,
         case
           when f.measure in (select value from json_each(?4)) then 'budget'
           when f.measure in (select value from json_each(?5)) then 'actual'
           when coalesce(f.measure, '') in (select value from json_each(?8)) then null
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
  where f.amount is not null
    and (?6 is null or f.unit in (select value from json_each(?6)))
    and (?7 is null or f.year in (select value from json_each(?7)))
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
limit ?9"""

COMPARE_PARAMS = (
    "wanted",
    "statements",
    "measures",
    "budget_measures",
    "actual_measures",
    "units",
    "years",
    "excluded_measures",
    "limit",
    "total_columns",
    "total_rows",
)

BREAKDOWN = """with statement_rank(statement, rank) as materialized (
  select value, key from json_each(?1)
),
measure_rank(kind, measure, rank) as materialized (
  select value ->> 0, value ->> 1, key from json_each(?2)
),
scoped(id) as (
  select f.id from facts f where ?4 is null and f.code_system = ?3
  union all
  select f.id from facts f
  where ?4 is not null and f.unit in (select value from json_each(?4)) and f.code_system = ?3
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
    and (?5 is null or f.year in (select value from json_each(?5)))
    and (?6 is null or length(f.code) = ?6)
    and (?7 is null or f.code like ?7 || '%')
    and coalesce(f.measure, '') not in (select value from json_each(?8))
),
best as (
  select document_id, min(statement_rank * 1000 + measure_rank) as best
  from candidates
  where ?9 = 0 or measure_rank < 999
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
limit ?10"""

BREAKDOWN_PARAMS = (
    "statements",
    "measures",
    "code_system",
    "units",
    "years",
    "level",
    "code_prefix",
    "excluded_measures",
    "measure_required",
    "limit",
)

CHECKS = """select c.id, c.document_id, c.unit, c.year, c."check", c.statement, c.subject,
       c.expected, c.found, c.difference, c.status, c.detail, c.segment_id, c.page
from checks c
where (?1 is null or c.unit in (select value from json_each(?1)))
  and (?2 is null or c.year in (select value from json_each(?2)))
  and (?3 is null or c.status = ?3)
  and (?4 is null or exists (
        select 1 from json_each(?4) t
        where instr(coalesce(c.subject, '') || ' ' || coalesce(c."check", '') || ' '
                    || coalesce(c.statement, '') || ' ' || coalesce(c.detail, ''), t.value) > 0))
  and (?6 = 0 or (c.expected is not null and c.found is not null))
order by c.unit, c.year,
         case c.status when 'fail' then 0 when 'unverifiable' then 1 else 2 end, c.id
limit ?5"""

CHECKS_PARAMS = ("units", "years", "status", "terms", "limit", "figures_only")


def all_templates() -> dict[str, str]:
    """Every SQL text a question can run, by name: the whole, finite set."""
    texts = {}
    for match, fragment in MATCH.items():
        for order, clause in ORDER.items():
            texts[f"{order}/{match}"] = RANKS + fragment + CANDIDATES + PICK + clause
        texts[f"compare/{match}"] = COMPARE.format(match=fragment)
    texts["breakdown"] = BREAKDOWN
    texts["checks"] = CHECKS
    return texts


@dataclass
class Query:
    template: str  # the template's name, e.g. item/by_unit, compare/total, breakdown
    sql: str
    names: tuple[str, ...]  # what each ?N is
    params: list

    def named(self) -> dict[str, object]:
        return {f"?{i} {name}": value for i, (name, value) in enumerate(zip(self.names, self.params, strict=False), 1)}


def _json(value) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def _bind(names: tuple[str, ...], values: dict, sql: str) -> list:
    used = max(int(n) for n in re.findall(r"\?(\d+)", sql))
    return [values.get(name) for name in names[:used]]


def _match_kind(items: list[Item]) -> str:
    families = {i.family for i in items}
    if families == {"code"}:
        return "code"
    if families == {"total"}:
        return "total"
    return "item"


def _wanted(items: list[Item]) -> list[list[str]]:
    return [[key, item.label] for item in items for key in item.keys]


def _measures(interp: Interpretation, family: str) -> tuple[list, int]:
    """The measures in order of preference, and whether a fact must have one of them."""
    if interp.measure:
        if interp.measure in aliases.TOTALS:
            return [[None, m] for m in aliases.TOTALS[interp.measure]["measures"]], 1
        return [[None, interp.measure]], 1
    if family == "three_public":
        if interp.side in ("预算数", "决算数"):
            return [[None, interp.side]], 1
        return [list(m) for m in aliases.THREE_PUBLIC_MEASURES], 1
    return [list(m) for m in aliases.GENERIC_MEASURES], 0


def _statements(items: list[Item]) -> list[str]:
    families = {i.family for i in items}
    if families == {"three_public"}:
        return list(aliases.THREE_PUBLIC_STATEMENTS)
    if families == {"total"}:
        return list(aliases.TOTAL_STATEMENTS)
    return list(aliases.GENERIC_STATEMENTS)


def _totals(items: list[Item]) -> tuple[list, list]:
    columns = [[m, i.label] for i in items if i.family == "total" for m in i.measures]
    return columns, list(aliases.TOTAL_ROW_KEYS)


def build(interp: Interpretation, max_rows: int = MAX_ROWS) -> Query:
    """The template and bound values for an interpretation (its template must be set)."""
    template = interp.template
    units = interp.units or None
    years = interp.years or None
    excluded = [] if interp.measure in aliases.DELTA_MEASURES else list(aliases.DELTA_MEASURES)
    if template == "checks":
        terms = None
        if interp.items:
            item = interp.items[0]
            terms = ["三公"] if item.label == "三公经费" else sorted({item.label, *item.keys})
        values = {
            "units": _json(units),
            "years": _json(years),
            "status": "fail" if interp.checks == "fail" else None,
            "terms": _json(terms),
            "limit": max_rows,
            # 不一致: two figures that differ, not a table that is missing
            "figures_only": 1 if interp.checks == "fail" else 0,
        }
        return Query("checks", CHECKS, CHECKS_PARAMS, _bind(CHECKS_PARAMS, values, CHECKS))
    if template == "breakdown":
        system = interp.code_system or "功能分类"
        measure_item = interp.measure or "支出合计"
        if measure_item in aliases.TOTALS:
            measures = [[None, m] for m in aliases.TOTALS[measure_item]["measures"]]
            measures += [list(m) for m in aliases.GENERIC_MEASURES if list(m) not in measures]
            required = 0 if measure_item == "支出合计" else 1
        else:
            measures, required = [[None, measure_item]], 1
        prefix = next((i.keys[0] for i in interp.items if i.family == "code"), None)
        values = {
            "statements": _json(list(aliases.BREAKDOWN_STATEMENTS[system])),
            "measures": _json(measures),
            "code_system": system,
            "units": _json(units),
            "years": _json(years),
            "level": interp.level,
            "code_prefix": prefix,
            "excluded_measures": _json(excluded),
            "measure_required": required,
            "limit": max_rows,
        }
        return Query("breakdown", BREAKDOWN, BREAKDOWN_PARAMS, _bind(BREAKDOWN_PARAMS, values, BREAKDOWN))

    items = interp.items
    match = _match_kind(items)
    family = "three_public" if {i.family for i in items} == {"three_public"} else match
    total_columns, total_rows = _totals(items)
    measures, required = _measures(interp, family)
    common = {
        "wanted": _json(_wanted(items)),
        "statements": _json(_statements(items)),
        "measures": _json(measures),
        "units": _json(units),
        "years": _json(years),
        "excluded_measures": _json(excluded),
        "total_columns": _json(total_columns),
        "total_rows": _json(total_rows),
    }
    if template == "compare":
        sql = COMPARE.format(match=MATCH[match])
        values = {
            **common,
            "budget_measures": _json(list(aliases.BUDGET_MEASURES)),
            "actual_measures": _json(list(aliases.ACTUAL_MEASURES)),
            "excluded_measures": _json(list(aliases.DELTA_MEASURES)),
            "limit": max_rows,
        }
        return Query(f"compare/{match}", sql, COMPARE_PARAMS, _bind(COMPARE_PARAMS, values, sql))

    order = template
    if template == "ranking":
        order = "ranking_asc" if interp.order == "asc" else "ranking_desc"
    sql = RANKS + MATCH[match] + CANDIDATES + PICK + ORDER[order]
    limit = min(interp.limit, max_rows) if template == "ranking" and interp.limit else max_rows
    values = {
        **common,
        "measure_required": required,
        "kind": interp.kind,
        "limit": limit,
    }
    return Query(f"{template}/{match}", sql, ITEM_PARAMS, _bind(ITEM_PARAMS, values, sql))
