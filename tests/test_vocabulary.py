"""One vocabulary: an item has one canonical key whichever table or sentence prints it."""

from __future__ import annotations

from collections import defaultdict

import pytest
import sqlite_utils

from kb.vocabulary import (
    THREE_PUBLIC_ITEMS,
    THREE_PUBLIC_TABLE,
    canonical_item,
    classify_statement,
    statement_label,
    three_public_label,
)


def spelled_item(item: str | None, statement: str | None) -> str | None:
    """The 三公 item a printed label spells, whoever printed it."""
    canonical = canonical_item(item or "")
    if canonical in THREE_PUBLIC_ITEMS:
        return canonical
    return three_public_label(item or "") if statement == THREE_PUBLIC_TABLE else None


def keys_per_printed_figure(db: sqlite_utils.Database) -> dict[tuple, set[str]]:
    """(document, measure, amount, the item its label spells) → the item keys stored for it."""
    keys: dict[tuple, set[str]] = defaultdict(set)
    for fact in db.query(
        "select document_id, statement, item, item_key, measure, amount from facts"
    ):
        spelled = spelled_item(fact["item"], fact["statement"])
        if spelled in THREE_PUBLIC_ITEMS:
            keys[(fact["document_id"], fact["measure"], round(fact["amount"], 6), spelled)].add(
                fact["item_key"]
            )
    return keys


def test_a_printed_three_public_figure_has_one_key_in_the_samples(corpus_db):
    keys = keys_per_printed_figure(corpus_db)
    assert keys, "the samples print 三公 figures"
    assert {k: v for k, v in keys.items() if len(v) > 1} == {}
    # 004 states 公务用车运行维护费 2 万元 in its 情况说明 and 公务用车运行费 2 万元 elsewhere
    running = corpus_db.execute(
        "select distinct item_key from facts where item in ('公务用车运行维护费', '公务用车运行费')"
    ).fetchall()
    assert running == [("公务用车运行费",)]


def test_a_printed_three_public_figure_has_one_key_in_the_pdfs(shared_pdfs):
    keys = keys_per_printed_figure(sqlite_utils.Database(shared_pdfs.db_path))
    assert {k: v for k, v in keys.items() if len(v) > 1} == {}


@pytest.mark.parametrize(
    ("printed", "key"),
    [
        ("公务用车运行维护费", "公务用车运行费"),
        ("公务用车运行费", "公务用车运行费"),
        ("公务用车购置及运行维护费", "公务用车购置及运行费"),
        ("因公出国(境)费用", "因公出国（境）费"),
        ("“三公”经费", "三公经费"),
    ],
)
def test_table_labels_and_sentences_share_keys(printed, key):
    assert canonical_item(printed) == key
    assert three_public_label(printed) == key


def test_statement_names_and_labels():
    assert classify_statement("“三公”经费支出预算表") == "三公经费表"
    assert statement_label("三公经费表") == "“三公”经费支出表"
    assert statement_label(None) == "表格"
