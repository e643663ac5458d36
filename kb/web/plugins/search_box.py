"""Datasette's search box, for unspaced Chinese.

Datasette searches a table with
``rowid in (select rowid from segments_fts where segments_fts match escape_fts(:search))``,
where ``escape_fts`` (registered by ``datasette/sql_functions.py``) wraps each
whitespace-separated word in double quotes. Against the knowledge base's trigram indexes
(``kb.index``) that misses most of what a reader types: a one- or two-character word
(``三公``) matches nothing, and quotes, brackets or full-width characters in the query
(``“三公”经费``, ``因公出国（境）费``) never occur in the folded ``search_text``.

This plugin registers its own ``escape_fts`` on every connection to a knowledge-base
database: ``kb.search.fts_match`` folds the query as the index was folded and returns an
FTS5 expression matching exactly the rows whose text contains every term. The hook is
``trylast``: pluggy calls the most recently registered implementation first, and
plugins-dir modules are registered after Datasette's own, so without ``trylast`` the
built-in hook would run after this one and put the original function back.

Two more SQL functions for canned queries and hand-written SQL:
``kb_fts(query)`` (the same expression) and ``kb_snippet(text, query)`` (a window of the
text with the matches in 【】).
"""

from __future__ import annotations

import sqlite3

from datasette import hookimpl

from ... import search as kb_search
from ...search import NOTHING, snippet


def _is_kb_connection(conn: sqlite3.Connection) -> bool:
    try:
        return (
            conn.execute(
                "select count(*) from sqlite_master where name in ('segments_fts', 'segments_fts_vocab')"
            ).fetchone()[0]
            == 2
        )
    except sqlite3.Error:
        return False


def make_escape_fts(conn: sqlite3.Connection):
    def escape_fts(query):
        expression = kb_search.fts_match(conn, query or "")
        return expression if expression is not None else NOTHING

    return escape_fts


@hookimpl(trylast=True)
def prepare_connection(conn, database, datasette):
    if not _is_kb_connection(conn):
        return  # other databases keep Datasette's escape_fts
    escape = make_escape_fts(conn)
    conn.create_function("escape_fts", 1, escape)
    conn.create_function("kb_fts", 1, escape)
    conn.create_function(
        "kb_snippet",
        2,
        lambda text, query: snippet(text or "", kb_search.query_terms(query or "")),
        deterministic=True,
    )
