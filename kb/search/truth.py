"""The substring truth: what a query matches, by definition.

A query is split on whitespace into terms; a text matches when *every* term, folded
(``kb.index.fold``: NFKC, case-folded, without spaces, line breaks, quotes and brackets),
is a substring of the text's folded form. So ``“三公”经费`` finds ``三公经费支出`` and
``预算`` finds ``总预算``. The indexes only make this test fast.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from ..index.fold import fold


def query_terms(query: str) -> list[str]:
    """The query's terms as the text must contain them: whitespace separates terms."""
    return list(dict.fromkeys(term for term in (fold(part) for part in query.split()) if term))


def contains(folded_text: str, terms: list[str]) -> bool:
    return bool(terms) and all(term in folded_text for term in terms)


def matches(text: str, query: str) -> bool:
    """The substring truth: does the segment text contain every term of the query?"""
    return contains(fold(text), query_terms(query))


def substring_truth(
    conn: sqlite3.Connection, query: str, folded: Iterable[tuple[int, str]] | None = None
) -> set[int]:
    """Ids of the segments that ``matches`` the query, by reading every segment.

    ``folded`` may give ``(id, fold(text))`` pairs computed once for many queries.
    """
    terms = query_terms(query)
    if folded is None:
        folded = (
            (i, fold(text or "")) for i, text in conn.execute("select id, text from segments")
        )
    return {segment_id for segment_id, text in folded if contains(text, terms)}
