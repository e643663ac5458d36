"""A page per unit across documents (``/{db}/-/unit/{id}``): where it is and what it does,
the names it was printed under, its parent department and the units it lists as its own,
every document by year, and its key figures over time — 三公 and its parts and 支出合计,
one figure per document picked the way the ask form picks it (``kb.ask.questions``), each
linked to its table row — with budget against actual where a year has both.
``units.name`` and every ``unit_id`` cell link here."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from datasette import hookimpl
from datasette.utils.asgi import NotFound, Response
from markupsafe import Markup, escape

from ...ask.interpretation import Interpretation, Item
from ...ask.parser import known_item
from ...ask.questions import BY_NAME
from ...vocabulary import THREE_PUBLIC_ITEMS
from ..databases import ensure_kb_table, is_kb_database
from ..html import amount_html, cell_value
from ..links import document_url

KEY_ITEMS = (*THREE_PUBLIC_ITEMS, "支出合计")
UNIT_COLUMNS = {"documents": "unit_id", "facts": "unit_id", "checks": "unit_id"}


def unit_url(datasette, database: str, unit_id: int) -> str:
    return datasette.urls.database(database) + f"/-/unit/{int(unit_id)}"


def _items(labels: tuple[str, ...]) -> list[Item]:
    return [known_item(label, label) for label in labels]


async def _figures(db, names: list[str]) -> list[dict]:
    """One figure per document and key item (the by-year question's query)."""
    rows = []
    for labels in (THREE_PUBLIC_ITEMS, ("支出合计",)):
        interp = Interpretation(question="", items=_items(labels), units=names, group="year")
        built = BY_NAME["by_year"].query(interp, 1000)
        rows += [dict(r) for r in (await db.execute(built.sql, built.params)).rows]
    return rows


def _over_time(datasette, database, documents: list[dict], figures: list[dict]) -> list[dict]:
    by_document: dict[int, dict] = {}
    for figure in figures:
        figure["href"] = document_url(
            datasette,
            database,
            figure["document_id"],
            segment=figure["segment_id"],
            row=figure["row"],
            fact=figure["id"],
        )
        by_document.setdefault(figure["document_id"], {})[figure["label"]] = figure
    lines = []
    for document in documents:
        found = by_document.get(document["id"], {})
        lines.append({**document, "figures": [found.get(label) for label in KEY_ITEMS]})
    return lines


def _budget_against_actual(lines: list[dict]) -> list[dict]:
    """For each year with a 预算 and a 决算 document: each key item's two figures."""
    by_year: dict[int, dict[str, dict]] = {}
    for line in lines:
        if line["year"] and line["kind"] in ("预算", "决算"):
            by_year.setdefault(line["year"], {}).setdefault(line["kind"], line)
    pairs = []
    for year, kinds in sorted(by_year.items(), reverse=True):
        if len(kinds) < 2:
            continue
        for index, label in enumerate(KEY_ITEMS):
            budget, actual = kinds["预算"]["figures"][index], kinds["决算"]["figures"][index]
            if budget and actual:
                rate = actual["amount"] / budget["amount"] * 100 if budget["amount"] else None
                pairs.append(
                    {"year": year, "item": label, "budget": budget, "actual": actual, "rate": rate}
                )
    return pairs


async def unit_page(datasette, request):
    database = request.url_vars["database"]
    await ensure_kb_table(datasette, request, database, "units")
    db = datasette.get_database(database)
    if not await db.table_exists("units"):
        raise NotFound("This database has no units table (built before units were resolved)")
    unit_id = int(request.url_vars["unit_id"])
    unit = (await db.execute("select * from units where id = ?", [unit_id])).first()
    if unit is None:
        raise NotFound("Unit not found")
    unit = dict(unit)
    aliases = (
        await db.execute(
            "select alias, documents from unit_aliases where unit_id = ? order by documents desc, alias",
            [unit_id],
        )
    ).rows
    members = (
        await db.execute(
            "select id, name, document_count from units where parent_id = ? order by name",
            [unit_id],
        )
    ).rows
    documents = [
        dict(r)
        for r in (
            await db.execute(
                "select id, unit, year, kind, scope, title, pages from documents"
                " where unit_id = ? order by year desc, kind, id",
                [unit_id],
            )
        ).rows
    ]
    for document in documents:
        document["href"] = document_url(datasette, database, document["id"])
    names = sorted({d["unit"] for d in documents})
    figures = await _figures(db, names) if names else []
    for figure in figures:
        figure["amount_html"] = amount_html(figure["amount"], figure["source"], None)
    lines = _over_time(datasette, database, documents, figures)
    context = {
        "database": database,
        "unit": unit,
        "basis": json.loads(unit["basis"] or "[]"),
        "candidates": json.loads(unit["candidates"] or "[]"),
        "aliases": aliases,
        "members": [dict(m) | {"href": unit_url(datasette, database, m["id"])} for m in members],
        "parent_href": unit_url(datasette, database, unit["parent_id"])
        if unit["parent_id"]
        else None,
        "lines": lines,
        "key_items": KEY_ITEMS,
        "pairs": _budget_against_actual(lines),
        "units_href": datasette.urls.table(database, "units"),
        "facts_href": datasette.urls.table(database, "facts") + f"?unit_id={unit_id}",
        "checks_href": datasette.urls.table(database, "checks") + f"?unit_id={unit_id}",
        "same_sector_href": (
            datasette.urls.table(database, "units") + "?" + urlencode({"sector": unit["sector"]})
            if unit["sector"]
            else None
        ),
    }
    return Response.html(await datasette.render_template("kb_unit.html", context, request=request))


@hookimpl
def register_routes():
    return [(r"^/(?P<database>[^/]+)/-/unit/(?P<unit_id>[0-9]{1,18})$", unit_page)]


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if table == "units" and column == "name":
        unit_id, text = cell_value(row, "id"), value
    elif UNIT_COLUMNS.get(table or "") == column and isinstance(value, int):
        unit_id, text = value, str(value)
    else:
        return None
    if not isinstance(unit_id, int):
        return None

    async def inner():
        if not await is_kb_database(datasette, database):
            return None
        href = unit_url(datasette, database, unit_id)
        return Markup(f'<a class="kb-unit-link" href="{escape(href)}">{escape(text)}</a>')

    return inner
