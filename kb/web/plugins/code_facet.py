"""A facet for subject codes (科目编码) that groups them by level and sums amounts.

``?_facet_code=code`` (or ``{"code": "code"}`` in a table's ``facets`` metadata) groups the
current rows by the code's 类 (3 digits); with a ``code__startswith=201`` filter it groups
by 款 (5 digits), with ``code__startswith=20103`` by 项 (7 digits). 经济分类 codes stop at
款. Each group shows the name printed with that code, the number of rows and a sum of
amounts; clicking a group sets ``code__startswith`` to it (drill down), and a trail of
links leads back up.

The sum is built so that no money is counted twice:

* it respects every filter on the page (it is computed over the same rows);
* a disclosure prints the same money many times over: a 类 row is the total of its 款 and
  项 rows, the 合计 column the total of 基本支出 and 项目支出, and 支出总表 repeats what
  一般公共预算支出表 shows. So for every document (and code system) the sum takes **one
  column of one table**, the *basis*: the first of 支出总表, 一般公共预算支出表, 基本支出表,
  项目支出表, 财政拨款收支总表, 收入总表 present among the rows, and in it the first of
  合计, 本年支出合计, 决算数, 预算数, 项目支出合计 (else its most frequent column).
  Filter ``statement`` and ``measure`` to choose the basis yourself;
* within that column a row is added only when no higher-level row of the same group is
  printed in it: 201 (1317.9) is taken, its 20103 and 2010350 rows are not; where a table
  prints only 项 rows, their sum is the 类 figure.

Across documents the sums add up different units (meaningful), but 预算 and 决算 of one
unit are different kinds of figure: the facet says so when both are among the rows.
"""

from __future__ import annotations

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.facets import Facet
from datasette.utils import escape_sqlite, path_with_removed_args, path_with_replaced_args

from ...store.code_names import TABLE as CODE_NAMES
from ..html import format_amount

LEVELS = {"功能分类": (3, 5, 7), "经济分类": (3, 5)}
LEVEL_NAMES = {3: "类", 5: "款", 7: "项"}
STATEMENT_PRIORITY = (
    "支出总表",
    "一般公共预算支出表",
    "基本支出表",
    "项目支出表",
    "财政拨款收支总表",
    "收入总表",
)
MEASURE_PRIORITY = ("合计", "本年支出合计", "决算数", "预算数", "项目支出合计")
EXPLANATION = (
    "金额为各组「合计（万元）」：每份文件只取一张表的一栏（口径见下），同一栏中已印有上级科目小计的"
    "下级科目不再重复计入；结果随页面上的筛选变化。按 statement 与 measure 筛选可自选口径。"
    " Sums take one column of one table per document (the basis below) and never add a"
    " subject's sub-items to its printed subtotal; they follow the page's filters."
)


def _priority_case(column: str, values: tuple[str, ...]) -> str:
    whens = " ".join(f"when '{v}' then {i}" for i, v in enumerate(values))
    return f"case {column} {whens} else {len(values)} end"


def _basis_ctes(inner_sql: str, column: str, level: int) -> str:
    """``f``: the rows with a code at ``level`` or deeper; ``basis``: each document's
    (and code system's) chosen table and column."""
    col = escape_sqlite(column)
    statement_order = _priority_case("statement", STATEMENT_PRIORITY)
    measure_order = _priority_case("measure", MEASURE_PRIORITY)
    return f"""
with f as materialized (
    select document_id, kind, coalesce(statement, '') as statement,
           coalesce(measure, '') as measure, code_system, {col} as code, amount
    from ({inner_sql})
    where {col} is not null and code_system is not null and length({col}) >= {level}
      and not (code_system = '经济分类' and {level} > 5)
),
columns as (
    select document_id, code_system, statement, measure, count(*) as n
    from f where amount is not null group by 1, 2, 3, 4
),
basis as (
    select document_id, code_system, statement, measure from (
        select *, row_number() over (
            partition by document_id, code_system
            order by {statement_order}, statement, {measure_order}, n desc, measure
        ) as pick
        from columns
    ) where pick = 1
)"""


def facet_sql(inner_sql: str, column: str, level: int) -> str:
    """Groups at ``level`` of the rows of ``inner_sql``: value, code_system, count (all
    rows), total (the basis column's top-most rows) and documents (that add to it)."""
    deepest = max(max(levels) for levels in LEVELS.values())
    ancestors = ", ".join(f"substr(c.code, 1, {n})" for n in range(level, deepest))
    return (
        _basis_ctes(inner_sql, column, level)
        + f""",
chosen as (
    select f.* from f join basis b
      on b.document_id = f.document_id and b.code_system = f.code_system
     and b.statement = f.statement and b.measure = f.measure
    where f.amount is not null
),
roots as (
    select c.* from chosen c
    where not exists (
        select 1 from chosen p
        where p.document_id = c.document_id and p.code_system = c.code_system
          and p.statement = c.statement and p.measure = c.measure
          and length(p.code) < length(c.code) and p.code in ({ancestors or "null"})
    )
),
counts as (
    select substr(code, 1, {level}) as value, code_system, count(*) as count
    from f group by 1, 2
),
sums as (
    select substr(code, 1, {level}) as value, code_system, sum(amount) as total,
           count(distinct document_id) as documents
    from roots group by 1, 2
)
select counts.value, counts.code_system, counts.count, sums.total, sums.documents
from counts left join sums
  on sums.value = counts.value and sums.code_system = counts.code_system
order by counts.code_system, counts.value
"""
    )


def basis_sql(inner_sql: str, column: str, level: int) -> str:
    """Each basis in use: code system, statement, measure, how many documents, kinds."""
    return (
        _basis_ctes(inner_sql, column, level)
        + """
select b.code_system, b.statement, b.measure, count(*) as documents,
       group_concat(distinct d.kind) as kinds
from basis b join (select distinct document_id, kind from f) d using (document_id)
group by 1, 2, 3 order by documents desc, 1, 2, 3
"""
    )


def next_level(prefix: str, code_system: str | None = None) -> int | None:
    levels = LEVELS.get(code_system, LEVELS["功能分类"]) if code_system else LEVELS["功能分类"]
    return next((level for level in levels if level > len(prefix)), None)


class CodeFacet(Facet):
    type = "code"

    async def suggest(self):
        return []

    async def facet_results(self):
        results, timed_out, seen = [], [], set()
        for source_and_config in self.get_configs():
            config = source_and_config["config"]
            column = config.get("column") or config["simple"]
            if column in seen:
                continue
            seen.add(column)
            try:
                results.append(await self._results(column, source_and_config["source"]))
            except QueryInterrupted:
                timed_out.append(column)
        return results, timed_out

    async def _names(self, codes: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
        """The item most often printed with each code, over the whole table: found by the
        build (kb/store/code_names.py), or counted here in a database built without."""
        if not codes or not self.table:
            return {}
        values = sorted({code for code, _ in codes})
        placeholders = ", ".join(f":c{i}" for i in range(len(values)))
        built = self.table == "facts" and await self.ds.get_database(self.database).table_exists(
            CODE_NAMES
        )
        sql = (
            f"select code, code_system, item from {CODE_NAMES} where code in ({placeholders})"
            if built
            else f"""select code, code_system, item, count(*) as n from {escape_sqlite(self.table)}
                where code in ({placeholders}) and item is not null
                group by 1, 2, 3 order by n desc, item"""
        )
        rows = await self.ds.execute(
            self.database, sql, {f"c{i}": v for i, v in enumerate(values)}, truncate=False
        )
        names: dict[tuple[str, str], str] = {}
        for row in rows.rows:
            names.setdefault((row["code"], row["code_system"]), row["item"])
        return names

    def _url(self, column: str, prefix: str | None) -> str:
        path = path_with_replaced_args(
            self.request, {f"{column}__startswith": prefix or None, "_next": None}
        )
        return self.ds.absolute_url(self.request, self.ds.urls.path(path))

    async def _results(self, column: str, source: str) -> dict:
        prefix = (self.request.args.get(f"{column}__startswith") or "").strip()
        level = next_level(prefix)
        time_limit = self.ds.setting("facet_time_limit_ms")
        groups = []
        bases = []
        if level is not None:
            rows = await self.ds.execute(
                self.database,
                facet_sql(self.sql, column, level),
                self.params,
                truncate=False,
                custom_time_limit=time_limit,
            )
            groups = list(rows.rows)
            bases = list(
                (
                    await self.ds.execute(
                        self.database,
                        basis_sql(self.sql, column, level),
                        self.params,
                        truncate=False,
                        custom_time_limit=time_limit,
                    )
                ).rows
            )
        facet_size = self.get_facet_size()
        shown = groups[:facet_size]
        # The trail: the levels above the current prefix.
        trail_codes = [prefix[:n] for n in (3, 5, 7) if n <= len(prefix)]
        if prefix and prefix not in trail_codes:
            trail_codes.append(prefix)
        names = await self._names(
            [(g["value"], g["code_system"]) for g in shown] + [(c, "") for c in trail_codes]
        )
        by_code = {code: name for (code, _), name in names.items()}
        results = []
        for group in shown:
            value, system = group["value"], group["code_system"]
            name = names.get((value, system)) or by_code.get(value) or ""
            total = group["total"]
            results.append(
                {
                    "value": value,
                    "label": f"{value} {name}".strip(),
                    "name": name,
                    "code_system": system,
                    "level": LEVEL_NAMES.get(len(value), str(len(value))),
                    "count": group["count"],
                    "sum": round(total, 6) if total is not None else None,
                    "sum_display": format_amount(total) if total is not None else "—",
                    "documents": group["documents"] or 0,
                    "toggle_url": self._url(column, value),
                    "selected": False,
                }
            )
        kinds = sorted({k for b in bases for k in (b["kinds"] or "").split(",") if k})
        trail = [{"label": "全部科目 all", "toggle_url": self._url(column, None)}] + [
            {
                "label": f"{code} {by_code.get(code, '')}".strip(),
                "toggle_url": self._url(column, code),
            }
            for code in trail_codes
        ]
        return {
            "name": column,
            "type": self.type,
            "hideable": source != "metadata",
            "toggle_url": self.ds.urls.path(
                path_with_removed_args(self.request, {"_facet_code": column})
            ),
            "results": results,
            "truncated": len(groups) > facet_size,
            "level": LEVEL_NAMES.get(level) if level else None,
            "prefix": prefix,
            "trail": trail if prefix else [],
            "explanation": EXPLANATION,
            "basis": [
                {
                    "code_system": b["code_system"],
                    "statement": b["statement"],
                    "measure": b["measure"],
                    "documents": b["documents"],
                    "toggle_url": self.ds.absolute_url(
                        self.request,
                        self.ds.urls.path(
                            path_with_replaced_args(
                                self.request,
                                {
                                    "statement": b["statement"],
                                    "measure": b["measure"],
                                    "_next": None,
                                },
                            )
                        ),
                    ),
                }
                for b in bases
            ],
            "mixed_kinds": len(kinds) > 1,
            "kinds": kinds,
        }


@hookimpl
def register_facet_classes():
    return [CodeFacet]
