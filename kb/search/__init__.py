"""Reading side: search the segments of a built database.

``truth`` defines what a query matches (every term a substring of the folded text);
``fts`` turns a query into an FTS5 expression for Datasette's search box; ``ranked``
finds and orders matches; ``snippets`` marks the query's words in the original text.
"""

from .fts import NOTHING, fts_match, register_functions
from .ranked import Hit, search, search_ids
from .snippets import find_spans, highlight, snippet
from .truth import contains, matches, query_terms, substring_truth

__all__ = [
    "NOTHING",
    "Hit",
    "contains",
    "find_spans",
    "fts_match",
    "highlight",
    "matches",
    "query_terms",
    "register_functions",
    "search",
    "search_ids",
    "snippet",
    "substring_truth",
]
