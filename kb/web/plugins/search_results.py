"""Search results on the ``segments`` and ``glossary`` table pages.

When the search box is used (``?_search=…``):

* the ``text`` of a segment shows a snippet around the first match, and ``term`` and
  ``definition`` of a glossary row show the whole text, with every match in ``<mark>``
  (quotes, brackets and full-width forms are matched as search matches them);
* above the table, a panel lists the best matches **by relevance** (``kb.search.search``),
  with the page's simple filters (unit, year, kind, document_id, statement, section)
  applied. Datasette 0.65 cannot order a table by an FTS rank (``_sort`` accepts only
  columns), so the table below keeps its own order (document order) and all its filters
  and facets; the panel is where relevance order lives.

``render_cell`` has no ``request`` argument in Datasette 0.65, so an ASGI wrapper keeps the
current request's query string in a context variable for it.
"""

from __future__ import annotations

from contextvars import ContextVar
from urllib.parse import parse_qs, urlencode

from datasette import hookimpl

from ... import search as kb_search
from ..databases import is_kb_database
from ..html import highlight_html
from ..links import document_url

_QUERY_STRING: ContextVar[str] = ContextVar("kb_query_string", default="")

HIGHLIGHTED = {"segments": {"text": 80}, "glossary": {"term": None, "definition": None}}
RANKED_SIZE = 10
RANKED_WINDOW = 200
# Filters of the table page that the ranked panel applies too (simple equality).
PANEL_FILTERS = {
    "segments": ("unit", "year", "kind", "document_id", "statement", "section"),
    "glossary": ("unit", "year", "document_id"),
}


def _search_query(query_string: str) -> str | None:
    args = parse_qs(query_string, keep_blank_values=True)
    for key, values in args.items():
        if key == "_search" or (key.startswith("_search_") and key != "_searchmode"):
            if values and values[0].strip():
                return values[0]
    return None


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def with_query_string(scope, receive, send):
            if scope.get("type") != "http":
                return await app(scope, receive, send)
            token = _QUERY_STRING.set(scope.get("query_string", b"").decode("latin-1"))
            try:
                return await app(scope, receive, send)
            finally:
                _QUERY_STRING.reset(token)

        return with_query_string

    return wrap


@hookimpl
def render_cell(value, column, table, database, datasette):
    if table not in HIGHLIGHTED or column not in HIGHLIGHTED[table] or not isinstance(value, str):
        return None
    query = _search_query(_QUERY_STRING.get())
    if not query:
        return None

    async def inner():
        if not await is_kb_database(datasette, database):
            return None
        return highlight_html(value, query, width=HIGHLIGHTED[table][column])

    return inner


def _ranked(conn, query: str, table: str, filters: dict[str, str]) -> list[dict]:
    hits = kb_search.search(conn, query, limit=RANKED_WINDOW)
    rows = []
    for hit in hits:
        data = hit.to_dict()
        if table == "glossary" and hit.kind != "glossary":
            continue
        if any(str(data.get(k)) != v for k, v in filters.items()):
            continue
        rows.append(data)
        if len(rows) >= RANKED_SIZE:
            break
    if rows:
        ids = [r["segment_id"] for r in rows]
        texts = dict(
            conn.execute(
                f"select id, text from segments where id in ({','.join('?' * len(ids))})", ids
            ).fetchall()
        )
        for row in rows:
            row["text"] = texts.get(row["segment_id"], "")
    return rows


@hookimpl
def extra_template_vars(template, database, table, request, datasette, view_name):
    if view_name != "table" or table not in HIGHLIGHTED or request is None:
        return {}
    query = (request.args.get("_search") or "").strip()
    if not query:
        return {}

    async def inner():
        if not await is_kb_database(datasette, database):
            return {}
        filters = {key: request.args[key] for key in PANEL_FILTERS[table] if request.args.get(key)}
        ignored = sorted(
            key for key in request.args if not key.startswith("_") and key not in filters
        )
        db = datasette.get_database(database)
        rows = await db.execute_fn(lambda conn: _ranked(conn, query, table, filters))
        for row in rows:
            row["snippet_html"] = highlight_html(row["text"], query, width=60)
            row["href"] = document_url(
                datasette, database, row["document_id"], segment=row["segment_id"]
            )
            row["where"] = f"第{row['page']}页" if row.get("page") else f"第{row['line']}行"
        return {
            "kb_ranked": {
                "query": query,
                "hits": rows,
                "filters": filters,
                "ignored_filters": ignored,
                "search_href": datasette.urls.database(database)
                + "/-/search?"
                + urlencode({"q": query}),
            }
        }

    return inner
