"""Ranked search over segments, fast at any size.

Which segments match is the substring truth (``kb.search.truth``); how they are found and
ordered (``kb.index.fts``):

* the ranked search (``search``/``search_ids``) walks two small indexes of character pairs
  in their static priority order (``search_heads``: glossary terms, table titles and
  headings; then ``search_bodies``: all texts). A term of one or two characters is a pair
  (or the start of one), matched exactly; candidates for longer terms are confirmed against
  the folded text, or, for a full result set, against ``segments_fts``. A top 20 stops
  after a few dozen candidates however common the term.

Ranking:

1. Outright matches: segments whose *head* contains every term (a glossary term, a table's
   title, a heading), glossary terms first, then table titles, then headings; shorter heads
   (an exact match) first, then newer years.
2. Passing mentions: every other match, glossary definitions first, then paragraphs, tables,
   headings. The first ``WINDOW`` of them are ordered by a bm25 term-frequency score
   (occurrences against length) within each kind; the rest follow the static priority
   (short passages first, then newer years).

The same ids in the same order whatever the limit: ``search(conn, q, n)`` is the first
``n`` of ``search(conn, q, None)``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from itertools import islice

from ..index.fold import bigram_phrase, bigram_query, fold, pairs_are_exact
from ..index.fts import BODY_KINDS, ID_MASK, OTHER_KIND
from .fts import fts_match
from .snippets import snippet
from .truth import contains, query_terms

# The first WINDOW passing mentions are re-ordered by a bm25 term-frequency score.
WINDOW = 100
BM25_K1 = 1.2
BM25_B = 0.75
AVERAGE_LENGTH = 100  # folded characters; the corpus's segments average about that
OUTRIGHT = 10.0  # added to the score of outright (head) matches

ROWS_SQL = """
select s.id, s.document_id, s.kind, s.section, s.page, s.line, s.text, s.table_title,
       s.statement, s.search_text, d.unit, d.year, d.kind as document_kind, d.title, d.path
from segments s
join documents d on d.id = s.document_id
where s.id in ({})
"""
CANDIDATES_SQL = f"select rowid & {ID_MASK} from {{0}} where {{0}} match ? order by rowid"
FTS_SQL = "select rowid from segments_fts where segments_fts match ?"


@dataclass
class Hit:
    """One matching segment. ``score``: bm25's term-frequency part for the query's terms
    in the text, plus ``OUTRIGHT`` when the segment's head (glossary term, table title,
    heading) contains them; the order of hits is the ranking described above."""

    segment_id: int
    document_id: int
    kind: str
    section: str | None
    page: int | None
    line: int
    unit: str | None
    year: int | None
    document_kind: str | None
    title: str | None
    path: str
    table_title: str | None
    statement: str | None
    score: float
    snippet: str

    def to_dict(self) -> dict:
        return asdict(self)


def term_score(folded_text: str, terms: list[str]) -> float:
    """bm25's term-frequency part, summed over the terms (their idf is the same for
    every candidate of a query, so it does not change the order)."""
    length = len(folded_text) or 1
    norm = BM25_K1 * (1 - BM25_B + BM25_B * length / AVERAGE_LENGTH)
    score = 0.0
    for term in terms:
        tf = folded_text.count(term)
        score += tf * (BM25_K1 + 1) / (tf + norm)
    return score


class _Ranking:
    """Matches in rank order, as ``(segment id, outright)``.

    Candidates come from ``search_heads`` then ``search_bodies`` in rowid (priority) order.
    A term of one or two characters is matched exactly by the pairs index (it is one pair,
    or the start of one); longer terms are confirmed. With a limit, candidates are
    confirmed in batches by reading their folded text and the walk stops when enough are
    found; without one, by the exact set ``segments_fts`` gives for the longer terms, so no
    text is read except for the ``WINDOW`` re-ordered by bm25.
    """

    def __init__(self, conn: sqlite3.Connection, terms: list[str]):
        self.conn = conn
        self.terms = terms
        # terms that candidates of search_bodies need not be confirmed for
        self.unconfirmed = [t for t in terms if not pairs_are_exact(t)]
        self.texts: dict[int, str] = {}
        self.kinds: dict[int, str] = {}

    def folded_texts(self, ids: list[int]) -> dict[int, str]:
        missing = [i for i in ids if i not in self.texts]
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            sql = f"select id, kind, search_text, text from segments where id in ({','.join('?' * len(chunk))})"
            for segment_id, kind, folded, text in self.conn.execute(sql, chunk):
                self.texts[segment_id] = (
                    folded.rstrip(" ") if folded is not None else fold(text or "")
                )
                self.kinds[segment_id] = kind
        return {i: self.texts[i] for i in ids if i in self.texts}

    def candidates(self, table: str, expression: str) -> Iterator[list[int]]:
        """Batches of segment ids in rowid (priority) order, growing from 32."""
        cursor = self.conn.execute(CANDIDATES_SQL.format(table), (expression,))
        size = 32
        while batch := cursor.fetchmany(size):
            yield [segment_id for (segment_id,) in batch]
            size = min(size * 4, 4096)

    def confirmed(
        self, table: str, expression: str, skip: set[int], trusted: bool
    ) -> Iterator[int]:
        for batch in self.candidates(table, expression):
            batch = [i for i in batch if i not in skip]
            if trusted:
                yield from batch
            else:
                texts = self.folded_texts(batch)
                yield from (i for i in batch if contains(texts.get(i, ""), self.terms))

    def _heads(self) -> str:
        return " AND ".join(bigram_phrase(term) for term in self.terms)

    def _bodies(self) -> str:
        return " AND ".join(bigram_query(term) for term in self.terms)

    def _mentions(self, mentions: Iterator[int]) -> Iterator[tuple[int, bool]]:
        window = list(islice(mentions, WINDOW))
        texts = self.folded_texts(window)
        kinds = self.kinds
        window.sort(
            key=lambda i: (BODY_KINDS.get(kinds[i], OTHER_KIND), -term_score(texts[i], self.terms))
        )
        for segment_id in window:
            yield segment_id, False
        for segment_id in mentions:
            yield segment_id, False

    def first(self) -> Iterator[tuple[int, bool]]:
        """Streaming, for a limit: stops reading candidates when the caller stops."""
        outright: set[int] = set()
        for segment_id in self.confirmed("search_heads", self._heads(), set(), trusted=False):
            outright.add(segment_id)
            yield segment_id, True
        trusted = not self.unconfirmed
        yield from self._mentions(
            self.confirmed("search_bodies", self._bodies(), outright, trusted)
        )

    def all(self) -> Iterator[tuple[int, bool]]:
        """Every match: the bodies' candidates, less those segments_fts rules out."""
        sql = CANDIDATES_SQL.format("search_bodies")
        bodies = [i for (i,) in self.conn.execute(sql, (self._bodies(),))]
        if self.unconfirmed:
            expression = fts_match(self.conn, " ".join(self.unconfirmed))
            exact = {i for (i,) in self.conn.execute(FTS_SQL, (expression,))}
            bodies = [i for i in bodies if i in exact]
        valid = set(bodies)
        sql = CANDIDATES_SQL.format("search_heads")
        outright = [i for (i,) in self.conn.execute(sql, (self._heads(),)) if i in valid]
        yield from ((i, True) for i in outright)
        outright_set = set(outright)
        yield from self._mentions(i for i in bodies if i not in outright_set)


def _ranked(conn: sqlite3.Connection, query: str, limit: int | None) -> Iterator[tuple[int, bool]]:
    terms = query_terms(query)
    if not terms or (limit is not None and limit <= 0):
        return iter(())
    ranking = _Ranking(conn, terms)
    return ranking.all() if limit is None else islice(ranking.first(), limit)


def search_ids(conn: sqlite3.Connection, query: str, limit: int | None = None) -> list[int]:
    """The ids of the segments ``search`` returns, in the same order, without reading
    them (for a full result set, about as fast as the FTS5 query itself)."""
    return [segment_id for segment_id, _ in _ranked(conn, query, limit)]


def search(conn: sqlite3.Connection, query: str, limit: int | None = 20) -> list[Hit]:
    """Segments containing every term of the query, best first (``limit=None``: all)."""
    terms = query_terms(query)
    ranked = list(_ranked(conn, query, limit))
    rows: dict[int, tuple] = {}
    ids = [segment_id for segment_id, _ in ranked]
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for row in conn.execute(ROWS_SQL.format(",".join("?" * len(chunk))), chunk):
            rows[row[0]] = row
    hits = []
    for segment_id, outright in ranked:
        (_, document_id, kind, section, page, line, text, table_title, statement, folded,
         unit, year, document_kind, title, path) = rows[segment_id]  # fmt: skip
        folded = folded.rstrip(" ") if folded is not None else fold(text or "")
        hits.append(
            Hit(
                segment_id=segment_id,
                document_id=document_id,
                kind=kind,
                section=section,
                page=page,
                line=line,
                unit=unit,
                year=year,
                document_kind=document_kind,
                title=title,
                path=path,
                table_title=table_title,
                statement=statement,
                score=round((OUTRIGHT if outright else 0.0) + term_score(folded, terms), 4),
                snippet=snippet(text or "", terms),
            )
        )
    return hits
