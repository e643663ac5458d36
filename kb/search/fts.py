"""FTS5 MATCH expressions for ``segments_fts`` / ``glossary_fts`` (trigram indexes of the
folded text) that match exactly the rows the substring truth matches, for Datasette's
search box and plain SQL."""

from __future__ import annotations

import sqlite3

from .truth import matches, query_terms

# An expression that matches nothing: folded text never holds three spaces.
NOTHING = '"   "'


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def fts_match(conn: sqlite3.Connection, query: str) -> str | None:
    """An FTS5 MATCH expression for ``segments_fts`` or ``glossary_fts`` that matches
    exactly the rows whose text ``matches`` the query; None for a query without terms.

    Terms of three or more characters are trigram phrases; a shorter term becomes the OR
    of the indexed trigrams that begin with it (``search_text`` is padded so that every
    character begins one). Use it as Datasette does::

        select ... from segments
        where rowid in (select rowid from segments_fts where segments_fts match :expression)
    """
    terms = query_terms(query)
    if not terms:
        return None
    parts = []
    for term in terms:
        if len(term) >= 3:
            parts.append(_phrase(term))
            continue
        trigrams = [
            row[0]
            for row in conn.execute(
                "select term from segments_fts_vocab where term >= ? and term < ?",
                (term, term + "\U0010ffff"),
            )
        ]
        if not trigrams:
            return NOTHING
        parts.append("(" + " OR ".join(_phrase(t) for t in trigrams) + ")")
    return " AND ".join(parts)


def register_functions(conn: sqlite3.Connection) -> None:
    """``kb_matches(text, query)`` in SQL: 1 when the text ``matches`` the query."""
    conn.create_function(
        "kb_matches",
        2,
        lambda text, query: int(matches(text or "", query or "")),
        deterministic=True,
    )
