"""One figure per document for each item asked about: what ``value``, ``by_unit``,
``by_year`` and ``ranking`` share (their SQL differs only in its order and limit).

For each document the figure that best answers the item (never a row of one of its
subordinate units, ``facts.entity``): the first statement in the
preferred order that prints it (``kb.vocabulary.ITEM_STATEMENTS``; the 三公 items from the
三公经费表, else the 情况说明), and in it the preferred measure (预算数 in a 预算 document,
决算数 in a 决算 document, else 合计 …). The item is matched by item_key, by subject code,
or, for totals (基本支出, 项目支出 …), as a column of a table's 合计 row or the
narrative's item of that name.
"""

from __future__ import annotations

import sqlite3
from collections import OrderedDict

from ...store.figures import VERSION as FIGURES_VERSION
from ...store.figures import VERSION_KEY as FIGURES_VERSION_KEY
from ...store.figures import document_copies
from ...vocabulary import (
    ITEM_MEASURES,
    ITEM_STATEMENTS,
    THREE_PUBLIC_MEASURES,
    THREE_PUBLIC_STATEMENTS,
    TOTAL_ROW_KEYS,
    TOTAL_STATEMENTS,
    TOTALS,
)
from ..interpretation import Interpretation, Item
from .base import (
    MAX_ROWS,
    Query,
    QuestionType,
    amount,
    excluded_measures,
    money,
    query,
    to_json,
)
from .charts import MAX_BARS, MAX_LINES, biggest, chart_title, series

RANKS = """with wanted(key, label, rank) as materialized (
  select value ->> 0, value ->> 1, key from json_each(:wanted)
),
statement_rank(statement, rank) as materialized (
  select value, key from json_each(:statements)
),
measure_rank(kind, measure, rank) as materialized (
  select value ->> 0, value ->> 1, key from json_each(:measures)
),"""


# How facts are matched to the item. With units the scan starts from the units' facts
# (CROSS JOIN keeps facts the outer loop, so its (unit, year) index is used); without,
# from the item's own index. The branch whose condition is false does not run.
def _matched_by(column: str) -> str:
    """Facts whose column (item_key or code, never user text) equals a wanted key."""
    return f"""
matched(id, label) as (
  select f.id, w.label from wanted w join facts f on f.{column} = w.key
  where :units is null and (:years is null or f.year in (select value from json_each(:years)))
  union all
  select f.id, w.label from facts f cross join wanted w
  where :units is not null and f.unit in (select value from json_each(:units)) and f.{column} = w.key
),"""


MATCH = {
    "item": _matched_by("item_key"),
    "code": _matched_by("code"),
    "total": """
total_column(measure, label) as materialized (
  select value ->> 0, value ->> 1 from json_each(:total_columns)
),
matched(id, label) as (
  select f.id, w.label from wanted w join facts f on f.item_key = w.key
  where :units is null and f.source in ('narrative', 'ocr') and f.statement = '情况说明'
  union all
  select f.id, w.label from facts f cross join wanted w
  where :units is not null and f.unit in (select value from json_each(:units))
    and f.item_key = w.key and f.source in ('narrative', 'ocr') and f.statement = '情况说明'
  union all
  select f.id, c.label from facts f join total_column c on f.measure = c.measure
  where :units is null and f.item_key in (select value from json_each(:total_rows)) and f.source in ('table', 'ocr') and f.statement is not '情况说明'
  union all
  select f.id, c.label from facts f cross join total_column c
  where :units is not null and f.unit in (select value from json_each(:units))
    and f.measure = c.measure and f.item_key in (select value from json_each(:total_rows))
    and f.source in ('table', 'ocr') and f.statement is not '情况说明'
),""",
}

# One unit's several documents of a year and kind: one listed (kb.store.figures).
DOCUMENT_COPIES = "\n" + document_copies("label")

CANDIDATES = """
candidates as materialized (
  select f.id, f.document_id, f.unit, f.year, f.kind, m.label, f.item, f.code, f.statement,
         f.measure, f.amount, f.source, f.segment_id, f.page, f.line, f.row,
         f.province, f.city, f.sector,
         (select min(w.rank) from wanted w where w.label = m.label) as label_rank,
         s.rank as statement_rank,
         coalesce((select min(r.rank) from measure_rank r
                   where r.measure = f.measure and (r.kind is null or r.kind = f.kind)), 999)
           as measure_rank
  from matched m
  join facts f on f.id = m.id
  join statement_rank s on s.statement = f.statement
  where f.amount is not null and f.entity is null
    and coalesce(f.measure, '') not in (select value from json_each(:excluded_measures))
    and (:units is null or f.unit in (select value from json_each(:units)))
    and (:years is null or f.year in (select value from json_each(:years)))
    and (:kind is null or f.kind = :kind)
),"""

PICK = (
    """
picked as (
  select *, row_number() over (
    partition by document_id, label order by statement_rank, measure_rank, id
  ) as pick
  from candidates
  where :measure_required = 0 or measure_rank < 999
),"""
    + DOCUMENT_COPIES
    + """
select id, unit, year, kind, label, item, code, statement, measure, amount, source,
       segment_id, page, line, row, label_rank, province, city, sector, document_id, unit_key
from copies
where scope_rank = best_scope and (copy = 1 or low <> high)
"""
)


# The same pick read from the build's ``figures`` (kb/store/figures.py: each document's
# figure per item key, picked as above for an item asked without a column or side): only
# the rows shown are joined to their facts, so a national "by unit" costs its page, not
# every document's pick.
FIGURES = """with wanted(key, label, rank) as materialized (
  select value ->> 0, value ->> 1, key from json_each(:wanted)
),
matched as (
  select g.*, w.label, {label_rank} as label_rank
  from wanted w
  cross join figures g on g.item_key = w.key
  where {scope}{shown} and (:kind is null or g.kind = :kind)
),
{picked},
chosen as (
  select fact_id, label, label_rank, unit, year, kind, amount, province, city, sector
  from {chosen}
  {order}
)
select * from (
  select f.id, f.unit, f.year, f.kind, c.label, f.item, f.code, f.statement, f.measure,
         f.amount, f.source, f.segment_id, f.page, f.line, f.row, c.label_rank, f.province,
         f.city, f.sector, f.document_id
  from chosen c
  join facts f on f.id = c.fact_id
)
{order}"""


# An item of one key has one pick per document, and the build marked which of a unit's
# documents of a year is listed (``shown``): no window to sort. An item of several keys
# (printed variants) takes each document's first pick among them, and then one of the
# unit's documents, as the facts' template does.
PICK_AMONG_KEYS = {
    "figures_one_key": {
        "label_rank": "w.rank",
        "shown": " and g.shown",
        "picked": "picked as (\n  select * from matched\n)",
        "chosen": "picked",
    },
    "figures": {
        "label_rank": "(select min(r.rank) from wanted r where r.label = w.label)",
        "shown": "",
        "picked": """picked as (
  select *, row_number() over (
    partition by document_id, label order by statement_rank, measure_rank, fact_id
  ) as pick
  from matched
),"""
        + DOCUMENT_COPIES,
        "chosen": "copies where scope_rank = best_scope and (copy = 1 or low <> high)",
    },
}


# Which index the picks are read by: an item in some years (and units), in some units, or
# everywhere. One template each: a condition "no years or these years" reads no index.
SCOPES = {
    "years": "g.year in (select value from json_each(:years))"
    " and (:units is null or g.unit in (select value from json_each(:units)))",
    "units": "g.unit in (select value from json_each(:units))",
    "all": "1",
}


def figures_template(order: str, pick: str, scope: str) -> str:
    return FIGURES.format(order=order, scope=SCOPES[scope], **PICK_AMONG_KEYS[pick])


def figures_scope(interp: Interpretation) -> str:
    return "years" if interp.years else "units" if interp.units else "all"


def has_figures(conn) -> bool:
    """Whether the build wrote the picks, as this version reads them."""
    try:
        found = conn.execute(
            "select 1 from build_info where key = ? and value = ?"
            " and exists (select 1 from sqlite_master where name = 'figures')",
            [FIGURES_VERSION_KEY, FIGURES_VERSION],
        ).fetchone()
    except sqlite3.OperationalError:  # no build_info: not a database kb build wrote
        return False
    return found is not None


def reads_figures(interp: Interpretation) -> bool:
    """Whether the build's picks answer it: items by key, all 三公, all other items or all
    subject codes, no column or side asked for (those change the pick)."""
    families = interp.families
    return (
        match_kind(interp.items) in ("item", "code")
        and families in ({"three_public"}, {"generic"}, {"code"})
        and interp.measure is None
        and interp.side is None
    )


def match_kind(items: list[Item]) -> str:
    """How the items are matched: item keys, subject codes or total columns."""
    families = {i.family for i in items}
    if families == {"code"}:
        return "code"
    if families == {"total"}:
        return "total"
    return "item"


def wanted(items: list[Item]) -> list[list[str]]:
    return [[key, item.label] for item in items for key in item.keys]


def preferred_measures(interp: Interpretation, family: str) -> tuple[list, int]:
    """The measures in order of preference, and whether a fact must have one of them."""
    if interp.measure:
        if interp.measure in TOTALS:
            return [[None, m] for m in TOTALS[interp.measure].measures], 1
        return [[None, interp.measure]], 1
    if family == "three_public":
        if interp.side in ("预算数", "决算数"):
            return [[None, interp.side]], 1
        return [list(m) for m in THREE_PUBLIC_MEASURES], 1
    return [list(m) for m in ITEM_MEASURES], 0


def preferred_statements(items: list[Item]) -> list[str]:
    families = {i.family for i in items}
    if families == {"three_public"}:
        return list(THREE_PUBLIC_STATEMENTS)
    if families == {"total"}:
        return list(TOTAL_STATEMENTS)
    return list(ITEM_STATEMENTS)


def item_values(interp: Interpretation) -> dict:
    """The values every item template binds (compare adds its own)."""
    items = interp.items
    family = "three_public" if interp.families == {"three_public"} else match_kind(items)
    measures, required = preferred_measures(interp, family)
    return {
        "wanted": to_json(wanted(items)),
        "statements": to_json(preferred_statements(items)),
        "measures": to_json(measures),
        "measure_required": required,
        "units": to_json(interp.units or None),
        "years": to_json(interp.years or None),
        "kind": interp.kind,
        "excluded_measures": to_json(excluded_measures(interp)),
        "total_columns": to_json(
            [[m, i.label] for i in items if i.family == "total" for m in i.measures]
        ),
        "total_rows": to_json(list(TOTAL_ROW_KEYS)),
    }


class FigureQuestion(QuestionType):
    """A question answered with one figure per document and item."""

    slots = ("items", "units", "years", "kind", "measure", "side")
    order: str = ""

    def order_clause(self, interp: Interpretation) -> str:
        return self.order

    def orders(self) -> dict[str, str]:
        return {self.name: self.order}

    def templates(self) -> dict[str, str]:
        facts = {
            f"{name}/{match}": RANKS + fragment + CANDIDATES + PICK + clause
            for name, clause in self.orders().items()
            for match, fragment in MATCH.items()
        }
        picks = {
            f"{name}/{pick}/{scope}": figures_template(clause, pick, scope)
            for name, clause in self.orders().items()
            for pick in PICK_AMONG_KEYS
            for scope in SCOPES
        }
        return facts | picks

    def limit(self, interp: Interpretation, max_rows: int) -> int:
        return max_rows

    def template_name(self, interp: Interpretation) -> str:
        return self.name

    def query(
        self, interp: Interpretation, max_rows: int = MAX_ROWS, figures: bool = False
    ) -> Query:
        """The query over the facts, or with ``figures`` (the build wrote them) over the
        build's picks when they answer the question."""
        values = {**item_values(interp), "limit": self.limit(interp, max_rows)}
        if figures and reads_figures(interp):
            keys = {len(item.keys) for item in interp.items}
            pick = "figures_one_key" if keys == {1} else "figures"
            scope = figures_scope(interp)
            sql = figures_template(self.order_clause(interp), pick, scope)
            return query(f"{self.template_name(interp)}/{pick}/{scope}", sql, values)
        match = match_kind(interp.items)
        sql = RANKS + MATCH[match] + CANDIDATES + PICK + self.order_clause(interp)
        return query(f"{self.template_name(interp)}/{match}", sql, values)

    def query_on(self, conn, interp: Interpretation, max_rows: int) -> Query:
        return self.query(interp, max_rows, figures=has_figures(conn))

    def shape(self, conn, answer, results: list[dict], links) -> None:
        interp = answer.interpretation
        families = {i.label: i.family for i in interp.items}
        places = place_columns(interp)
        answer.columns = [
            *places,
            "unit",
            "year",
            "kind",
            "item",
            "code",
            "amount",
            "measure",
            "statement",
            "source",
            "note",
            "fact_id",
        ]
        for r in results:
            family = families.get(r["label"], "generic")
            item = r["label"] if family in ("three_public", "total") else r["item"]
            note = ""
            if r["source"] == "narrative":
                note = (
                    "三公经费表中没有此数，取自情况说明"
                    if family == "three_public"
                    else "表格中没有此数，取自情况说明"
                )
            answer.rows.append(
                [
                    *(r[c] for c in places),
                    r["unit"],
                    r["year"],
                    r["kind"],
                    item,
                    r["code"],
                    amount(r["amount"]),
                    r["measure"],
                    r["statement"],
                    r["source"],
                    note,
                    r["id"],
                ]
            )
            answer.sources.append([links.fact(r)])
        answer.summary = self.summary(interp, results)
        answer.chart = self.chart(interp, results)
        if any(r["source"] == "narrative" for r in results):
            answer.notes.append("标注“情况说明”的行：该文件的表格中没有这个数字，取自其文字说明。")

    def summary(self, interp: Interpretation, results: list[dict]) -> str | None:
        if not results:
            return None
        head = figure_words(results[0])
        if len(results) == 1:
            return head
        units = len({r["unit"] for r in results})
        years = sorted({r["year"] for r in results if r["year"] is not None})
        span = f"{years[0]}—{years[-1]}年" if len(years) > 1 else (f"{years[0]}年" if years else "")
        return f"{units} 个单位，{span}，共 {len(results)} 行。"

    def chart(self, interp: Interpretation, results: list[dict]) -> dict | None:
        if len(results) < 2:
            return None
        years = sorted({r["year"] for r in results if r["year"] is not None})
        units = list(OrderedDict.fromkeys(r["unit"] for r in results))
        if len(units) == 1 and len(years) > 1:
            return year_chart(interp, results, years)
        return unit_chart(interp, results, years)


def place_columns(interp: Interpretation) -> list[str]:
    """Where each unit is and what it does, shown when the question groups or filters by
    region or sector (各城市公安局, 北京市各部门, by city)."""
    by_place = interp.group in ("city", "province", "sector") or any(
        t["as"] in ("region", "sector") for t in interp.unit_terms
    )
    if not by_place:
        return []
    if interp.group == "sector" or any(t["as"] == "sector" for t in interp.unit_terms):
        return ["province", "city", "sector"]
    return ["province", "city"]


def figure_words(row: dict) -> str:
    """One figure in words: the unit, year, item and where it is printed."""
    where = f"{row['statement']}·{row['measure']}"
    if row["source"] == "narrative":
        where += "，仅见于情况说明"
    return f"{row['unit']} {row['year']}年{row['kind']}：{row['label']} {money(row['amount'])} 万元（{where}）"


def _labels_many(results: list[dict]) -> bool:
    return len({r["label"] for r in results}) > 1


def year_chart(interp: Interpretation, results: list[dict], years: list[int]) -> dict:
    """A line per unit (and item) over the years."""
    labels_many = _labels_many(results)
    groups = OrderedDict()
    for r in results:
        groups.setdefault(r["unit"] + (f" {r['label']}" if labels_many else ""), {})[r["year"]] = r
    groups, note = biggest(groups, MAX_LINES)
    datasets = [
        series(name, [amount(g[y]["amount"]) if y in g else None for y in years], i, "line")
        for i, (name, g) in enumerate(groups.items())
    ]
    return {
        "type": "line",
        "title": chart_title(interp),
        "labels": [str(y) for y in years],
        "datasets": datasets,
        "note": note,
    }


def unit_chart(interp: Interpretation, results: list[dict], years: list[int]) -> dict:
    """A bar per unit, a series per year (and item)."""
    labels_many = _labels_many(results)
    by_unit_rows = OrderedDict()
    for r in results:
        by_unit_rows.setdefault(r["unit"], {})[(r["year"], r["label"])] = r
    by_unit_rows, note = biggest(by_unit_rows, MAX_BARS)
    units = list(by_unit_rows)
    groups = OrderedDict()
    for r in results:
        if r["unit"] not in by_unit_rows:
            continue
        name = (f"{r['year']}年" if len(years) > 1 else "金额（万元）") + (
            f" {r['label']}" if labels_many else ""
        )
        groups.setdefault(name, {})[r["unit"]] = r
    datasets = [
        series(name, [amount(g[u]["amount"]) if u in g else None for u in units], i, "bar")
        for i, (name, g) in enumerate(groups.items())
    ]
    return {
        "type": "bar",
        "title": chart_title(interp),
        "labels": units,
        "datasets": datasets,
        "note": note,
    }
