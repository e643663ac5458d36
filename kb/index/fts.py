"""The search indexes, written once at the end of every build (``kb.build``).

* ``segments_fts`` / ``glossary_fts``: FTS5 ``trigram`` indexes over the ``search_text``
  column (the folded text, see ``kb.index.fold``), rowid = the row's id, external content, so
  Datasette finds them for the table search box. A phrase of three or more characters
  matches exactly the rows whose folded text contains it; shorter terms are matched through
  the indexed trigrams that start with them (``segments_fts_vocab``, see
  ``kb.search.fts_match``). These indexes decide *which* rows match.
* ``search_heads`` / ``search_bodies``: contentless FTS5 indexes of character pairs whose
  rowids are ordered by a static priority, so the best candidates come first and a top 20
  never has to look at every hit. They decide the *order*. ``search_heads`` is small and
  keeps positions (a phrase of pairs matches a head exactly); ``search_bodies`` keeps
  none (``detail=none``, a third of the size), so its candidates (all the pairs of a term,
  anywhere) are confirmed against the folded text or ``segments_fts`` (``kb.search``).

  A rowid is ``priority << 32 | segment id``:

  - heads (glossary terms, table titles, headings: what a segment is *about*):
    kind (glossary, table, heading), then the folded length of the head (an exact match
    first), then the newest year;
  - bodies (every segment's text): kind (glossary definition, paragraph, table, heading),
    then the length class of the text (log2; short passages first, as bm25 would),
    then the newest year.
"""

from __future__ import annotations

import sqlite3

import sqlite_utils

from .fold import bigram_text, fold

INDEXED_TABLES = ("segments", "glossary")
ID_BITS = 32
ID_MASK = (1 << ID_BITS) - 1

HEAD_KINDS = {"glossary": 0, "table": 1, "heading": 2}
BODY_KINDS = {"glossary": 0, "paragraph": 1, "table": 2, "heading": 3}
OTHER_KIND = 4

HEADS_INDEX = "fts5(pairs, content='', tokenize='unicode61 remove_diacritics 0')"
BODIES_INDEX = "fts5(pairs, content='', detail=none, tokenize='unicode61 remove_diacritics 0')"

HEADS_SQL = """
select s.id, s.kind, s.year, coalesce(g.term, s.table_title, s.text) as head
from segments s left join glossary g on g.segment_id = s.id
where s.kind = 'glossary' and g.term is not null
   or s.kind = 'table' and s.table_title is not null
   or s.kind = 'heading'
"""


def _year_rank(year: int | None) -> int:
    """0 for the newest years, 127 for none."""
    if not year:
        return 127
    return max(0, min(126, 2100 - int(year)))


def head_priority(kind: str, head_length: int, year: int | None) -> int:
    rank = HEAD_KINDS.get(kind, OTHER_KIND)
    return ((rank * 256 + min(head_length, 255)) * 128 + _year_rank(year)) + 1


def body_priority(kind: str, text_length: int, year: int | None) -> int:
    rank = BODY_KINDS.get(kind, OTHER_KIND)
    return ((rank * 32 + min(text_length.bit_length(), 31)) * 128 + _year_rank(year)) + 1


def candidate_rowid(priority: int, segment_id: int) -> int:
    return priority << ID_BITS | segment_id


INDEX_TABLES = (
    "segments_fts_vocab",
    "search_heads",
    "search_bodies",
    "segments_fts",
    "glossary_fts",
)


def drop_indexes(db: sqlite_utils.Database) -> None:
    """Every search index, before an update rewrites them over the rows it changed."""
    for name in INDEX_TABLES:
        db.execute(f"drop table if exists [{name}]")


def create_indexes(db: sqlite_utils.Database) -> None:
    conn = db.conn
    # A glossary row is searched as its segment's text, so that glossary_fts and
    # segments_fts agree (and one vocabulary serves both).
    conn.execute(
        "update glossary set search_text ="
        " (select s.search_text from segments s where s.id = glossary.segment_id)"
        " where segment_id is not null"
    )
    for table in INDEXED_TABLES:
        db[table].enable_fts(
            ["search_text"], fts_version="FTS5", tokenize="trigram", create_triggers=False
        )
        conn.execute(f"insert into {table}_fts({table}_fts) values ('optimize')")
    # The indexed trigrams, for terms shorter than three characters (kb.search.fts_match).
    # glossary_fts indexes a subset of the same texts, so one vocabulary serves both.
    conn.execute("create virtual table segments_fts_vocab using fts5vocab(segments_fts, row)")
    create_candidate_indexes(conn)


def create_candidate_indexes(conn: sqlite3.Connection) -> None:
    conn.execute(f"create virtual table search_heads using {HEADS_INDEX}")
    conn.execute(f"create virtual table search_bodies using {BODIES_INDEX}")
    heads = []
    for segment_id, kind, year, head in conn.execute(HEADS_SQL):
        folded = fold(head or "")
        if folded:
            rowid = candidate_rowid(head_priority(kind, len(folded), year), segment_id)
            heads.append((rowid, bigram_text(folded)))
    conn.executemany("insert into search_heads(rowid, pairs) values (?, ?)", heads)

    def bodies():
        for segment_id, kind, year, text in conn.execute(
            "select id, kind, year, search_text from segments"
        ):
            folded = (text or "").rstrip(" ")
            if folded:
                rowid = candidate_rowid(body_priority(kind, len(folded), year), segment_id)
                yield rowid, bigram_text(folded)

    conn.executemany("insert into search_bodies(rowid, pairs) values (?, ?)", bodies())
    for table in ("search_heads", "search_bodies"):
        conn.execute(f"insert into {table}({table}) values ('optimize')")
