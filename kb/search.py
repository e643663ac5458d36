"""Full-text search over segments: jieba tokens through FTS5, checked against the text.

FTS5 finds candidates by the query's tokens; every candidate is then confirmed to
contain each query term as written (ignoring spaces, quotes and brackets), so a hit
never lacks the words the user typed.
"""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass

from .snippets import snippet
from .tokens import normalise, segmenter_for

SEARCH_SQL = """
select s.id, s.document_id, s.kind, s.section, s.page, s.line, s.text, s.table_title,
       s.statement, d.unit, d.year, d.kind as document_kind, d.title, d.path,
       bm25(segments_fts) as score
from segments_fts
join segments s on s.id = segments_fts.rowid
join documents d on d.id = s.document_id
where segments_fts match ?
order by score, s.id
"""


@dataclass
class Hit:
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


def query_terms(query: str) -> list[str]:
    """The query's terms as the text must contain them: whitespace separates terms."""
    return [term for term in (normalise(part) for part in query.split()) if term]


def fts_expression(conn: sqlite3.Connection, query: str) -> str | None:
    segmenter = segmenter_for(search_words(conn))
    tokens: list[str] = []
    for term in query_terms(query):
        tokens.extend(segmenter.query_tokens(term))
    if not tokens:
        return None
    return " AND ".join('"' + token.replace('"', '""') + '"' for token in dict.fromkeys(tokens))


def search_words(conn: sqlite3.Connection) -> tuple[str, ...]:
    return tuple(row[0] for row in conn.execute("select word from search_words order by word"))


def search(conn: sqlite3.Connection, query: str, limit: int | None = 20) -> list[Hit]:
    expression = fts_expression(conn, query)
    if expression is None:
        return []
    terms = query_terms(query)
    hits: list[Hit] = []
    cursor = conn.execute(SEARCH_SQL, (expression,))
    columns = [c[0] for c in cursor.description]
    for values in cursor:
        row = dict(zip(columns, values, strict=True))
        flat = normalise(row["text"])
        if not all(term in flat for term in terms):
            continue
        hits.append(
            Hit(
                segment_id=row["id"],
                document_id=row["document_id"],
                kind=row["kind"],
                section=row["section"],
                page=row["page"],
                line=row["line"],
                unit=row["unit"],
                year=row["year"],
                document_kind=row["document_kind"],
                title=row["title"],
                path=row["path"],
                table_title=row["table_title"],
                statement=row["statement"],
                score=row["score"],
                snippet=snippet(row["text"], terms),
            )
        )
        if limit is not None and len(hits) >= limit:
            break
    return hits
