"""The figure each document gives for each item, picked once when the database is built
(``figures``): the question app's default answer to "公务接待费 by unit 2022" over a
national database (tens of thousands of documents) is read from here instead of picking
among millions of facts while the asker waits.

A subject code is picked like an item (its rows under the code in ``item_key``: codes are
digits, item keys names). The pick is the one ``kb.ask.questions.figures`` makes for an
item asked without a column or side: in each document, among the item's facts with an amount (never a subordinate
unit's row, never a change column), the first statement in the item family's order, then
the first measure in its order (预算数 in a 预算, 决算数 in a 决算 …), then the first fact.
A 三公 item takes only its measures; any other item any measure, its own order first.
``shown`` marks the figure an answer lists when one unit has several documents of a year
and kind (``questions.figures.DOCUMENT_COPIES``): the 部门's over the 单位's, copies with
the same figure once.
"""

from __future__ import annotations

import json

import sqlite_utils

from ..vocabulary import (
    DELTA_MEASURES,
    ITEM_MEASURES,
    ITEM_STATEMENTS,
    THREE_PUBLIC_ITEMS,
    THREE_PUBLIC_MEASURES,
    THREE_PUBLIC_STATEMENTS,
)

TABLE = "figures"
# What the picks hold (2: subject codes too, and which of a unit's documents is shown);
# readers use the table only when the build that wrote it says this version.
VERSION = "2"
VERSION_KEY = "figures_version"
COLUMNS = (
    "document_id integer, item_key text, fact_id integer, unit text, year integer, kind text,"
    " amount real, statement_rank integer, measure_rank integer, province text, city text,"
    " sector text, shown integer"
)


def document_copies(key: str) -> str:
    """``copies``: one unit's documents of one year and kind, more than one (a 部门 budget
    and the 单位 budget of its own organ; a file published twice; the unit under two names,
    kb.units), from ``picked`` (its ``pick`` 1 rows) by ``key`` (the item): the 部门's
    figure (``scope_rank = best_scope``), the 单位's set aside; copies of one scope with the
    same figure once (``copy = 1``), with different figures all (``low <> high``). The
    question templates (kb.ask.questions.figures) and the build's picks share it."""
    return f"""scoped as (
  select p.*, case d.scope when '部门' then 0 when '单位' then 1 else 2 end as scope_rank,
         coalesce(cast(d.unit_id as text), p.unit, 'document ' || p.document_id)
           as unit_key
  from picked p join documents d on d.id = p.document_id
  where p.pick = 1
),
copies as (
  select *, min(scope_rank) over same_unit as best_scope,
         row_number() over (same_scope order by document_id) as copy,
         min(amount) over same_scope as low, max(amount) over same_scope as high
  from scoped
  window same_unit as (partition by {key}, unit_key, year, kind),
         same_scope as (partition by {key}, unit_key, year, kind, scope_rank)
)"""


# Both families in one statement, the rows written in the order questions read them (an
# item in a year, by unit): an answer's figures lie together in the file, not one page each.
PICK_SQL = (
    """insert into figures
with statement_rank(family, statement, rank) as materialized (
  select 1, value, key from json_each(:three_public_statements)
  union all
  select 0, value, key from json_each(:item_statements)
),
measure_rank(family, kind, measure, rank) as materialized (
  select 1, value ->> 0, value ->> 1, key from json_each(:three_public_measures)
  union all
  select 0, value ->> 0, value ->> 1, key from json_each(:item_measures)
),
candidates as (
  select f.document_id, f.item_key, f.id, f.unit, f.year, f.kind, f.amount,
         s.family, s.rank as statement_rank,
         coalesce((select min(r.rank) from measure_rank r
                   where r.family = s.family and r.measure = f.measure
                     and (r.kind is null or r.kind = f.kind)), 999) as measure_rank,
         f.province, f.city, f.sector
  from facts f
  join statement_rank s on s.statement = f.statement
    and s.family = (f.item_key in (select value from json_each(:three_public)))
  where f.item_key is not null and f.amount is not null and f.entity is null
    and coalesce(f.measure, '') not in (select value from json_each(:excluded_measures))
  union all
  select f.document_id, f.code, f.id, f.unit, f.year, f.kind, f.amount,
         s.family, s.rank,
         coalesce((select min(r.rank) from measure_rank r
                   where r.family = 0 and r.measure = f.measure
                     and (r.kind is null or r.kind = f.kind)), 999),
         f.province, f.city, f.sector
  from facts f
  join statement_rank s on s.statement = f.statement and s.family = 0
  where f.code is not null and f.amount is not null and f.entity is null
    and coalesce(f.measure, '') not in (select value from json_each(:excluded_measures))
),
picked as (
  select *, row_number() over (
    partition by document_id, item_key order by statement_rank, measure_rank, id
  ) as pick
  from candidates
  where family = 0 or measure_rank < 999
),
"""
    + document_copies("item_key")
    + """
select document_id, item_key, id, unit, year, kind, amount, statement_rank, measure_rank,
       province, city, sector,
       scope_rank = best_scope and (copy = 1 or low <> high) as shown
from copies
order by item_key, year, unit, document_id"""
)


def write_figures(db: sqlite_utils.Database) -> None:
    """Pick every document's figure for every item: rebuilt whole, like facet_counts."""
    if db[TABLE].exists():
        db[TABLE].drop()
    db.execute(f"create table {TABLE} ({COLUMNS})")
    if not db["facts"].exists():
        return
    db.execute(
        PICK_SQL,
        {
            "three_public_statements": _json(THREE_PUBLIC_STATEMENTS),
            "item_statements": _json(ITEM_STATEMENTS),
            "three_public_measures": _json([list(m) for m in THREE_PUBLIC_MEASURES]),
            "item_measures": _json([list(m) for m in ITEM_MEASURES]),
            "excluded_measures": _json(DELTA_MEASURES),
            "three_public": _json(THREE_PUBLIC_ITEMS),
        },
    )
    db["build_info"].insert({"key": VERSION_KEY, "value": VERSION}, pk="key", replace=True)
    db[TABLE].create_index(["item_key", "year", "unit"])
    db[TABLE].create_index(["item_key", "unit"])


def _json(values) -> str:
    return json.dumps(list(values), ensure_ascii=False)
