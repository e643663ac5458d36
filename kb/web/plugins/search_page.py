"""“Search everything”: one page that searches segments, glossary terms and fact items.

``/{db}/-/search?q=公务接待费`` (``/-/search`` goes to the first knowledge base):

* 段落与表格: ``kb.search.search``, ranked (glossary terms, table titles and headings that
  are about the query first, then passages by a bm25-like score), each with a
  highlighted snippet and a link to the place in its document;
* 名词解释: glossary terms whose text contains the query, the terms that *are* the query
  first;
* 数据: facts whose item (or canonical item) contains every term, with amounts and links
  to their table row.

Each section links to the full, facetable Datasette table for the same query.
"""

from __future__ import annotations

import json
import sqlite3
from urllib.parse import urlencode

from datasette import hookimpl
from datasette.utils.asgi import BadRequest, NotFound, Response

from ... import search as kb_search
from ...index.fold import fold
from ...store.query import like_pattern
from ..databases import ensure_kb_table, kb_databases
from ..html import amount_html, highlight_html
from ..links import document_url

DEFAULT_SIZE = 20
MAX_SIZE = 500
FACT_LIMIT = 50
STATEMENT_ORDER = "case statement when '三公经费表' then 0 when '情况说明' then 2 else 1 end"


MAX_QUERY_CHARS = 200  # as many as the question app takes
MAX_QUERY_TERMS = 32


def _size(request) -> int:
    value = request.args.get("_size") or ""
    if not value:
        return DEFAULT_SIZE
    if not (value.isascii() and value.isdigit() and 0 < int(value)):
        raise BadRequest("_size must be a positive whole number")
    return min(MAX_SIZE, int(value))


def _query(request) -> str:
    query = (request.args.get("q") or "").strip()
    if len(query) > MAX_QUERY_CHARS:
        raise BadRequest(f"The search is too long: at most {MAX_QUERY_CHARS} characters")
    if len(query.split()) > MAX_QUERY_TERMS:
        raise BadRequest(f"The search has too many words: at most {MAX_QUERY_TERMS}")
    return query


def _segment_hits(conn, query: str, size: int):
    hits = kb_search.search(conn, query, limit=size)
    expression = kb_search.fts_match(conn, query)
    total = (
        conn.execute(
            "select count(*) from segments_fts where segments_fts match ?", [expression]
        ).fetchone()[0]
        if expression
        else 0
    )
    texts = {}
    ids = [h.segment_id for h in hits]
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for row in conn.execute(
            f"select id, text from segments where id in ({','.join('?' * len(chunk))})", chunk
        ):
            texts[row[0]] = row[1]
    return hits, texts, total


def _glossary_hits(conn, query: str, size: int):
    expression = kb_search.fts_match(conn, query)
    if not expression:
        return [], 0
    rows = conn.execute(
        """select g.id, g.term, g.definition, g.unit, g.year, g.document_id, g.segment_id,
                  d.kind as document_kind
           from glossary g join documents d on d.id = g.document_id
           where g.id in (select rowid from glossary_fts where glossary_fts match ?)""",
        [expression],
    ).fetchall()
    terms = kb_search.query_terms(query)
    folded_query = "".join(terms)

    def rank(row):
        term = fold(row[1] or "")
        return (
            term != folded_query,  # the term itself
            not all(t in term for t in terms),  # the query in the term
            len(term),
            -(row[4] or 0),
        )

    rows.sort(key=rank)
    return [
        dict(
            zip(
                (
                    "id",
                    "term",
                    "definition",
                    "unit",
                    "year",
                    "document_id",
                    "segment_id",
                    "document_kind",
                ),
                r,
                strict=True,
            )
        )
        for r in rows[:size]
    ], len(rows)


def _fact_hits(conn, query: str):
    terms = kb_search.query_terms(query)
    if not terms:
        return [], 0
    counted = _item_keys_matching(conn, terms)
    if counted is not None:
        keys, total = counted
        cursor = conn.execute(
            f"""select id, document_id, unit, year, kind, statement, table_number, code, item,
                       measure, amount, source, verified, segment_id, row, line, page
                from facts where item_key in (select value from json_each(?))
                order by year desc, unit, {STATEMENT_ORDER}, segment_id, row, id
                limit {FACT_LIMIT}""",
            [json.dumps(keys, ensure_ascii=False)],
        )
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()], total
    clauses = " and ".join(
        "(item like ? escape '\\' or item_key like ? escape '\\')" for _ in terms
    )
    params = [p for t in terms for p in (like_pattern(t), like_pattern(t))]
    total = conn.execute(f"select count(*) from facts where {clauses}", params).fetchone()[0]
    cursor = conn.execute(
        f"""select id, document_id, unit, year, kind, statement, table_number, code, item, measure,
                   amount, source, verified, segment_id, row, line, page
            from facts where {clauses}
            order by year desc, unit, {STATEMENT_ORDER}, segment_id, row, id limit {FACT_LIMIT}""",
        params,
    )
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()], total


def _item_keys_matching(conn, terms: list[str]) -> tuple[list[str], int] | None:
    """The item names holding every term, and how many facts have them, from the counts
    the build wrote (kb/store/facet_counts.py): no scan of the facts. None without them."""
    counted = (
        "select 1 from facet_counts where table_name = 'facts' and filter_column = ''"
        " and column_name = 'item_key'"
    )
    try:
        if not conn.execute(counted + " limit 1").fetchone():
            return None
    except sqlite3.OperationalError:  # a database built before the counts
        return None
    rows = conn.execute(
        "select value, count from facet_counts where table_name = 'facts' and filter_column = ''"
        " and column_name = 'item_key' and "
        + " and ".join("value like ? escape '\\'" for _ in terms),
        [like_pattern(t) for t in terms],
    ).fetchall()
    return [value for value, _ in rows], sum(count for _, count in rows)


async def search_page(datasette, request):
    database = request.url_vars["database"]
    await ensure_kb_table(datasette, request, database, "segments")
    query = _query(request)
    size = _size(request)
    db = datasette.get_database(database)
    context = {"database": database, "q": query, "size": size, "searched": bool(query)}
    if query:
        hits, texts, total = await db.execute_fn(lambda conn: _segment_hits(conn, query, size))
        glossary, glossary_total = await db.execute_fn(
            lambda conn: _glossary_hits(conn, query, size)
        )
        facts, facts_total = await db.execute_fn(lambda conn: _fact_hits(conn, query))
        context.update(
            hits=[
                {
                    **hit.to_dict(),
                    "snippet_html": highlight_html(texts.get(hit.segment_id, ""), query, width=60),
                    "href": document_url(
                        datasette, database, hit.document_id, segment=hit.segment_id
                    ),
                    "where": f"第{hit.page}页" if hit.page else f"第{hit.line}行",
                }
                for hit in hits
            ],
            total=total,
            more_href=(
                datasette.urls.database(database)
                + "/-/search?"
                + urlencode({"q": query, "_size": min(MAX_SIZE, size * 2)})
                if total > len(hits) and size < MAX_SIZE
                else None
            ),
            glossary=[
                {
                    **g,
                    "term_html": highlight_html(g["term"], query),
                    "definition_html": highlight_html(g["definition"], query),
                    "href": document_url(
                        datasette, database, g["document_id"], segment=g["segment_id"]
                    ),
                }
                for g in glossary
            ],
            glossary_total=glossary_total,
            facts=[
                {
                    **f,
                    "item_html": highlight_html(f["item"], query),
                    "amount_display": amount_html(f["amount"], f.get("source"), f.get("verified")),
                    "href": document_url(
                        datasette,
                        database,
                        f["document_id"],
                        segment=f["segment_id"],
                        row=f["row"],
                        fact=f["id"],
                    ),
                }
                for f in facts
            ],
            facts_total=facts_total,
            segments_href=datasette.urls.table(database, "segments")
            + "?"
            + urlencode({"_search": query}),
            glossary_href=datasette.urls.table(database, "glossary")
            + "?"
            + urlencode({"_search": query}),
            facts_href=datasette.urls.table(database, "facts")
            + "?"
            + urlencode([("item__contains", t) for t in kb_search.query_terms(query)][:1]),
        )
    return Response.html(
        await datasette.render_template("kb_search.html", context, request=request)
    )


async def search_redirect(datasette, request):
    databases = await kb_databases(datasette)
    if not databases:
        raise NotFound("No knowledge base is served here")
    target = datasette.urls.database(databases[0]) + "/-/search"
    _query(request), _size(request)  # refused here, not after a redirect the client cannot follow
    if request.query_string:
        target += "?" + request.query_string
    return Response.redirect(target)


@hookimpl
def register_routes():
    return [
        (r"^/-/search$", search_redirect),
        (r"^/(?P<database>[^/]+)/-/search$", search_page),
    ]
