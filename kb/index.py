"""Full-text indexes over the segmented text (FTS5 on jieba tokens)."""

from __future__ import annotations

import sqlite_utils

from .tokens import Segmenter

INDEXED_TABLES = ("segments", "glossary")


def create_indexes(db: sqlite_utils.Database, segmenter: Segmenter) -> None:
    db["search_words"].insert_all({"word": w} for w in segmenter.extra_words)
    for table in INDEXED_TABLES:
        db[table].enable_fts(["search_text"], fts_version="FTS5", create_triggers=False)
