"""Search finds exactly the segments that contain the query (the substring truth)."""

from __future__ import annotations

import sqlite3

import pytest

from kb.index.fold import fold
from kb.search import fts_match, matches, query_terms, search, search_ids, substring_truth

QUERIES = [
    "公务接待费",
    "三公经费",
    "“三公”经费",
    "因公出国（境）费",
    "因公出国境费用",
    "住房公积金",
    "预算",
    "总预算",
    "年度预算",
    "经费支出",
    "网络安全",
    "政府采购",
    "机关运行经费",
    "基本支出",
    "项目支出",
    "绩效",
    "支出",
    "吉林市政务信息中心",
    "昌吉州人民政府电子政务办公室",
    "吉林省政务服务和数字化建设服务中心",
    "临江市",
    "三公经费 临江市",
    "公务接待费 2022",
    "费",
    "１３４６.７",
]


@pytest.fixture(scope="module")
def conn(corpus_db_path):
    connection = sqlite3.connect(f"file:{corpus_db_path}?mode=ro", uri=True)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def folded(conn):
    return [(i, fold(text)) for i, text in conn.execute("select id, text from segments")]


@pytest.mark.parametrize("query", QUERIES)
def test_recall_and_precision(conn, folded, query):
    truth = substring_truth(conn, query, folded)
    found = search_ids(conn, query)
    assert len(found) == len(set(found))
    assert set(found) - truth == set(), "hits without the query's words"
    assert truth - set(found) == set(), "segments with the query's words not found"


@pytest.mark.parametrize("query", QUERIES)
def test_hits_agree_with_ids_and_top_is_a_prefix(conn, query):
    full = search_ids(conn, query)
    assert [h.segment_id for h in search(conn, query, limit=None)] == full
    for limit in (1, 5, 20):
        assert search_ids(conn, query, limit) == full[:limit]
        assert [h.segment_id for h in search(conn, query, limit)] == full[:limit]


@pytest.mark.parametrize("query", QUERIES)
def test_fts_match_selects_exactly_the_truth(conn, folded, query):
    expression = fts_match(conn, query)
    for table, key in (("segments", "id"), ("glossary", "segment_id")):
        rows = conn.execute(
            f"select t.{key} from {table} t where t.rowid in"
            f" (select rowid from {table}_fts where {table}_fts match ?)",
            (expression,),
        )
        found = {r[0] for r in rows}
        truth = substring_truth(conn, query, folded)
        if table == "glossary":
            truth &= {r[0] for r in conn.execute("select segment_id from glossary")}
        assert found == truth, table


def test_every_query_of_two_or_more_characters_has_hits(conn):
    for query in QUERIES:
        if sum(len(t) for t in query_terms(query)) >= 2 and query not in ("三公经费 临江市",):
            assert search_ids(conn, query, 1), query


def test_truth_definition():
    assert query_terms(" “三公”经费  临江市 ") == ["三公经费", "临江市"]
    assert matches("2022年“三公”经费支出预算", "三公经费")
    assert matches("因公出国（境）费用", "因公出国境费")
    assert matches("收 入 总 计", "收入总计")
    assert matches("ＡＢＣ　２０２２年", "abc 2022")
    assert matches("公务接待费\n预算", "公务接待费预算")
    assert not matches("三公、经费", "三公经费")  # separating punctuation is kept
    assert not matches("134.67", "1346.7")
    assert not matches("三公经费", "三公经费 临江市")  # every term must be there
    assert not matches("anything", "   ")


# --- regressions: strings jieba cuts differently in different contexts ---------------


def _segments_containing(conn, raw: str) -> set[int]:
    return {i for i, text in conn.execute("select id, text from segments") if raw in text}


@pytest.mark.parametrize(
    "query, inside",
    [
        ("“三公”经费", "“三公”经费支出"),  # jieba makes 经费支出 one word here
        ("三公经费", "“三公”经费支出"),
        ("因公出国（境）费", "因公出国（境）费用"),  # 费 followed by 用
        ("因公出国境费", "因公出国（境）费用"),
        ("预算", "总预算"),  # 预算 inside 总预算
        ("预算", "年度预算"),
    ],
)
def test_regressions(conn, query, inside):
    expected = _segments_containing(conn, inside)
    assert expected, f"the sample corpus no longer contains {inside}"
    assert expected <= set(search_ids(conn, query))
    expression = fts_match(conn, query)
    found = {
        r[0]
        for r in conn.execute(
            "select rowid from segments_fts where segments_fts match ?", (expression,)
        )
    }
    assert expected <= found


# --- edge cases on a small corpus built here ---------------------------------------------

EDGE_TEXTS = [
    "目录",  # a text of two characters
    "费",  # of one
    "预算",
    "总预算：１２３.４５万元（含ＡＢＣ）",
    "“三公”经费支出 𠀀𠀁 表",  # extension B characters
    "emoji 🙂😀 和 🙃 预算",  # characters outside the BMP that share pairs
    "收 入\n合 计 1,234.5",
    "三公、经费",
    "Café CAFÉ café",
]
EDGE_QUERIES = ["目录", "目", "费", "预算", "总预算", "123.45", "abc", "𠀀𠀁", "𠀁", "🙂😀", "😀", "🙃",
                "收入合计", "1,234.5", "三公经费", "三公、经费", "café", "CAFÉ", "经费 预算", "录"]  # fmt: skip


@pytest.fixture(scope="module")
def edge_conn(tmp_path_factory):
    import sqlite_utils

    from kb.index import create_indexes, search_text
    from kb.store import create_schema

    path = tmp_path_factory.mktemp("edge") / "edge.db"
    database = sqlite_utils.Database(path)
    create_schema(database)
    database["documents"].insert({"id": 1, "path": "edge.txt", "sha256": "0" * 64, "year": 2022})
    kinds = ["heading", "paragraph", "table", "glossary"]
    database["segments"].insert_all(
        {
            "id": i,
            "document_id": 1,
            "kind": kinds[i % 4],
            "line": i,
            "text": text,
            "table_title": text if kinds[i % 4] == "table" else None,
            "search_text": search_text(text),
        }
        for i, text in enumerate(EDGE_TEXTS, start=1)
    )
    database["glossary"].insert_all(
        {"id": i, "document_id": 1, "segment_id": i, "term": text[:2], "definition": text[2:]}
        for i, text in enumerate(EDGE_TEXTS, start=1)
        if kinds[i % 4] == "glossary"
    )
    with database.conn:
        create_indexes(database)
    database.close()
    connection = sqlite3.connect(path)
    yield connection
    connection.close()


@pytest.mark.parametrize("query", EDGE_QUERIES)
def test_edge_cases(edge_conn, query):
    truth = substring_truth(edge_conn, query)
    assert set(search_ids(edge_conn, query)) == truth
    assert search_ids(edge_conn, query, 3) == search_ids(edge_conn, query)[:3]
    expression = fts_match(edge_conn, query)
    found = {
        r[0]
        for r in edge_conn.execute(
            "select rowid from segments_fts where segments_fts match ?", (expression,)
        )
    }
    assert found == truth
    for hit in search(edge_conn, query, limit=None):
        assert "【" in hit.snippet, (query, hit.snippet)
