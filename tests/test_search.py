"""Search API, ranking, snippets and the command line."""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

from kb.cli import cli
from kb.index.fold import bigram_text, fold, search_text
from kb.search import (
    NOTHING,
    Hit,
    find_spans,
    fts_match,
    highlight,
    register_functions,
    search,
    search_ids,
    snippet,
)

UNITS = {
    "吉林市政务信息中心",
    "中共吉林市委办公室",
    "吉林省政务服务和数字化建设服务中心",
    "临江市政务服务和数字化建设管理局",
    "昌吉州人民政府电子政务办公室",
}


@pytest.fixture(scope="module")
def conn(corpus_db_path):
    connection = sqlite3.connect(f"file:{corpus_db_path}?mode=ro", uri=True)
    yield connection
    connection.close()


# --- folding and index text ---------------------------------------------------------------


def test_fold():
    assert fold("“三公”经费") == "三公经费"
    assert fold("因公出国（境）费") == "因公出国境费"
    assert fold("收 入\n合 计") == "收入合计"
    assert fold("ＡＢＣ２０２２，") == "abc2022,"
    assert fold("**基本支出**：") == "基本支出:"
    assert search_text("三公 经费") == "三公经费  "


def test_bigram_text_pairs_every_character():
    assert bigram_text("预算表").split() == ["预算", "算表", "表\U0010fffd"]
    assert bigram_text("") == ""
    # characters the FTS5 tokenizer would split on become private-use characters
    assert all(len(token) == 2 for token in bigram_text("1.5%、元").split())


# --- snippets -------------------------------------------------------------------------------


def test_snippet_marks_the_original_text():
    text = "其中：因公出国（境）费用0.1万元，“三公”经费支出下降。"
    assert (
        highlight(text, ["因公出国境费"])
        == "其中：【因公出国（境）费】用0.1万元，“三公”经费支出下降。"
    )
    assert (
        highlight(text, ["三公经费"]) == "其中：因公出国（境）费用0.1万元，【“三公”经费】支出下降。"
    )
    assert highlight("收 入 总 计 12", ["收入总计"]) == "【收 入 总 计】 12"
    assert highlight("ＡＢＣ公司", ["abc"]) == "【ＡＢＣ】公司"
    assert find_spans("总预算和年度预算", ["预算"]) == [(1, 3), (6, 8)]


def test_snippet_window_and_lines():
    text = "甲" * 200 + "公务接待费\n" + "乙" * 200
    out = snippet(text, ["公务接待费"])
    assert "【公务接待费】" in out and out.startswith("…") and out.endswith("…")
    assert "\n" not in out
    assert snippet("没有匹配", ["公务接待费"]) == "没有匹配"


def test_hit_snippets_come_from_the_text(conn):
    for query in ("“三公”经费", "因公出国（境）费", "公务接待费", "预算"):
        hits = search(conn, query, limit=None)
        assert hits
        for hit in hits:
            assert "【" in hit.snippet, (query, hit.snippet)
            marked = hit.snippet[hit.snippet.index("【") + 1 : hit.snippet.index("】")]
            assert fold(query) in fold(marked)


# --- ranking ---------------------------------------------------------------------------------


def test_outright_matches_rank_above_passing_mentions(conn):
    hits = search(conn, "三公经费", limit=None)
    kinds = [h.kind for h in hits]
    assert kinds[0] == "glossary"
    titles = [
        i
        for i, h in enumerate(hits)
        if h.kind == "table" and h.table_title and "三公" in h.table_title
    ]
    mentions = [i for i, h in enumerate(hits) if h.kind == "paragraph"]
    assert titles and mentions
    assert max(titles) < min(mentions)
    glossary_terms = [
        i for i, h in enumerate(hits) if h.kind == "glossary" and h.snippet.startswith("【")
    ]
    assert max(glossary_terms) < min(titles)
    assert all(a.score >= 10 for a in hits[: len(titles)])


def test_a_definition_ranks_above_mentions(conn):
    hits = search(conn, "公务接待费", limit=None)
    assert hits[0].kind == "glossary"
    first_other = next(i for i, h in enumerate(hits) if h.kind != "glossary")
    assert all(h.kind == "glossary" for h in hits[:first_other])
    assert {h.kind for h in hits[first_other:]} >= {"paragraph", "table"}


def test_exact_glossary_term_first(conn):
    for term in ("住房公积金", "基本支出", "项目支出", "机关运行经费"):
        top = search(conn, term, limit=1)[0]
        assert top.kind == "glossary" and top.snippet.startswith(f"【{term}】"), (term, top)


def test_hits_carry_their_document(conn):
    hit = search(conn, "吉林市政务信息中心", limit=1)[0]
    assert isinstance(hit, Hit)
    assert set(hit.to_dict()) == {
        "segment_id", "document_id", "kind", "section", "page", "line", "unit", "year",
        "document_kind", "title", "path", "table_title", "statement", "score", "snippet",
    }  # fmt: skip
    row = conn.execute(
        "select document_id, kind, line from segments where id = ?", (hit.segment_id,)
    ).fetchone()
    assert row == (hit.document_id, hit.kind, hit.line)


def test_empty_and_absent_queries(conn):
    assert search(conn, "") == [] and search(conn, " “” ") == []
    assert search(conn, "公务接待费", limit=0) == []
    assert search(conn, "火星探测") == []
    assert search_ids(conn, "火星探测") == []


# --- the expression for Datasette and SQL ---------------------------------------------------


def test_fts_match(conn):
    assert fts_match(conn, "") is None
    assert fts_match(conn, "“三公”经费") == '"三公经费"'
    assert fts_match(conn, "三公经费 临江市") == '"三公经费" AND "临江市"'
    short = fts_match(conn, "预算")
    assert short.startswith("(") and '"预算表"' in short
    assert fts_match(conn, "龘") == NOTHING
    assert conn.execute(
        "select count(*) from segments_fts where segments_fts match ?", (NOTHING,)
    ).fetchone() == (0,)
    # a raw query of three or more characters works in Datasette's box as it is
    raw = {
        r[0]
        for r in conn.execute("select rowid from segments_fts where segments_fts match '三公经费'")
    }
    assert raw == set(search_ids(conn, "三公经费"))


def test_sql_function(corpus_db_path):
    connection = sqlite3.connect(corpus_db_path)
    register_functions(connection)
    count = connection.execute(
        "select count(*) from segments where kb_matches(text, ?)", ("“三公”经费",)
    ).fetchone()[0]
    assert count == len(search_ids(connection, "三公经费"))
    connection.close()


# --- the command line -----------------------------------------------------------------------


def test_kb_search_reaches_all_five_documents(corpus_db_path):
    result = CliRunner().invoke(cli, ["search", "三公经费", "--db", str(corpus_db_path), "--json"])
    assert result.exit_code == 0, result.output
    hits = json.loads(result.output)
    assert len(hits) == 20
    assert {h["unit"] for h in hits} == UNITS
    assert all("三公" in h["snippet"] for h in hits)


def test_kb_search_text(corpus_db_path):
    result = CliRunner().invoke(
        cli, ["search", "因公出国（境）费", "--db", str(corpus_db_path), "--limit", "3"]
    )
    assert result.exit_code == 0
    assert "【因公出国（境）费】" in result.output
