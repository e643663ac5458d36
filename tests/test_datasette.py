"""The knowledge base in Datasette, in-process: metadata, the Chinese search box, the
subject-code facet, canned queries, provenance pages, the Excel download and the menu.

Datasette is built as ``kb serve`` builds it (``kb.web.serve.datasette_options``; the
plugins, templates and metadata of ``kb/web`` come in through the ``datasette`` entry
points) over the corpus database, immutable, and driven through ``ds.client`` on one event
loop per module.
"""

from __future__ import annotations

import asyncio
import csv
import hashlib
import io
import json
import re
import shutil
import sqlite3
from urllib.parse import urlencode

import pytest
from datasette.app import Datasette
from datasette.plugins import get_plugins

from kb.search import substring_truth
from kb.web.serve import datasette_command, datasette_options

DB = "kb"  # the database name Datasette gives kb.db


@pytest.fixture(scope="module")
def loop():
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


def make_datasette(db_path, loop) -> Datasette:
    ds = Datasette(immutables=[str(db_path)], **datasette_options())
    loop.run_until_complete(ds.invoke_startup())
    return ds


@pytest.fixture(scope="module")
def ds(corpus_db_path, loop) -> Datasette:
    assert corpus_db_path.name == "kb.db"
    return make_datasette(corpus_db_path, loop)


@pytest.fixture(scope="module")
def conn(corpus_db_path):
    connection = sqlite3.connect(f"file:{corpus_db_path}?mode=ro", uri=True)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def get(ds, loop):
    def fetch(path: str, params: dict | list | None = None, status: int = 200):
        if params:
            path += ("&" if "?" in path else "?") + urlencode(params)
        response = loop.run_until_complete(ds.client.get(path))
        assert response.status_code == status, (path, response.status_code, response.text[:2000])
        return response

    return fetch


def rows_of(get, path: str, params: dict | list | None = None) -> list[dict]:
    return get(path, params).json()


# --- serving and metadata ---------------------------------------------------------------


def test_serve_command_is_immutable_on_one_port_with_metadata_plugins_and_templates():
    args = datasette_command("kb.db", "127.0.0.1", 8001)
    assert args[args.index("-i") + 1] == "kb.db"
    assert args[args.index("--port") + 1] == "8001"
    # plugins, templates and metadata are installed with the package, not passed by path
    plugins = get_plugins()
    hooks = {hook for p in plugins for hook in p["hooks"] if p["name"] == "budget-kb"}
    assert {"get_metadata", "register_facet_classes", "prepare_connection", "asgi_wrapper"} <= hooks
    assert any(
        p["templates_path"] and p["templates_path"].endswith("kb/web/templates") for p in plugins
    )


def test_metadata_describes_every_column_users_see(ds, corpus_db_path):
    metadata = ds.metadata()
    for key in ("title", "description_html", "source", "license"):
        assert metadata[key]
    assert re.search(r"[\u4e00-\u9fff]", metadata["license"]) and re.search(
        r"[a-z]", metadata["license"]
    )
    tables = metadata["databases"][DB]["tables"]
    connection = sqlite3.connect(corpus_db_path)
    for table in (
        "documents",
        "segments",
        "glossary",
        "facts",
        "unplaced",
        "checks",
        "budget_vs_actual",
        "units",
        "unit_aliases",
    ):
        config = tables[table]
        assert config.get("description") or config.get("description_html"), table
        hidden = set(config.get("plugins", {}).get("budget-kb", {}).get("hidden_columns", []))
        columns = [row[1] for row in connection.execute(f"pragma table_info({table})")]
        missing = [c for c in columns if c not in hidden and c not in config.get("columns", {})]
        assert not missing, (table, missing)
        assert "sort" in config or "sort_desc" in config
    assert tables["documents"]["label_column"] == "title"
    assert tables["glossary"]["label_column"] == "term"
    assert tables["build_info"] == {"hidden": True}


def test_visible_tables_and_default_facets(get):
    tables = {t["name"]: t for t in get("/kb.json").json()["tables"]}
    visible = {name for name, t in tables.items() if not t["hidden"]}
    assert visible == {
        "documents",
        "segments",
        "glossary",
        "facts",
        "unplaced",
        "checks",
        "budget_vs_actual",
        "files",
        "units",
        "unit_aliases",
    }
    facets = get("/kb/facts.json?_size=0").json()["facet_results"]
    assert {"unit", "year", "kind", "statement", "measure", "code", "province", "sector"} <= set(
        facets
    )
    assert set(get("/kb/documents.json?_size=0").json()["facet_results"]) == {
        "unit",
        "year",
        "kind",
        "scope",
        "level",
        "province",
        "city",
        "sector",
    }
    assert set(get("/kb/units.json?_size=0").json()["facet_results"]) == {
        "level",
        "province",
        "city",
        "sector",
        "status",
    }
    assert set(get("/kb/segments.json?_size=0").json()["facet_results"]) == {
        "unit",
        "year",
        "kind",
        "section",
    }


def test_search_text_is_hidden_from_table_pages_but_kept_in_json(get):
    html = get("/kb/segments?_size=3").text
    assert 'data-column="search_text"' not in html
    assert 'data-column="text"' in html
    assert "hidden columns: search_text" in html
    assert "search_text" in get("/kb/segments.json?_size=1").json()["columns"]
    assert 'data-column="search_text"' in get("/kb/segments?_size=3&_col=search_text").text


def test_table_cells_are_summarised_in_the_segments_page(get, conn):
    segment_id, document_id, row_count = conn.execute(
        "select id, document_id, row_count from segments where kind = 'table' and row_count > 3 order by id limit 1"
    ).fetchone()
    html = get("/kb/segments", {"id": segment_id}).text
    cell = re.search(r'<td class="col-rows[^"]*">(.*?)</td>', html, re.S).group(1)
    assert cell.startswith(f"{row_count} 行：")
    assert f'href="/kb/-/document/{document_id}?segment={segment_id}#s{segment_id}"' in cell
    assert len(re.sub("<[^>]+>", "", cell)) < 120
    full = get("/kb/segments.json", {"id": segment_id, "_shape": "array"}).json()[0]
    assert len(json.loads(full["rows"])) == row_count  # JSON keeps the cells


def test_document_titles_open_the_document_page(get):
    html = get("/kb/documents").text
    assert re.search(r'<a class="kb-source-link" href="/kb/-/document/1">[^<]+</a>', html)
    assert 'href="/kb/-/source/1"' in html


def test_amounts_are_shown_in_wanyuan(get):
    html = get("/kb/facts?_size=1").text  # fact 1: 财政拨款收入 1346.7
    assert re.search(r'class="kb-amount"[^>]*>1,346\.7&nbsp;<small>万元</small>', html)
    assert get("/kb/facts.json?_size=1&_shape=array").json()[0]["amount"] == 1346.7


def test_menu_links_to_search_and_the_question_app(get):
    html = get("/").text
    assert 'href="/ask/"' in html
    assert 'href="/-/search"' in html
    assert get("/-/search?q=x", status=302).headers["location"] == "/kb/-/search?q=x"


# --- the search box ----------------------------------------------------------------------


def search_ids(get, table: str, query: str) -> set[int]:
    rows = rows_of(
        get,
        f"/kb/{table}.json",
        {"_search": query, "_col": "id", "_size": "max", "_shape": "array"},
    )
    return {row["id"] for row in rows}


def test_our_escape_fts_is_the_one_in_effect(get):
    """Datasette's built-in escape_fts would turn 三公 into the phrase "三公", which a trigram
    index never matches; ours (registered trylast) expands it to the trigrams it begins."""
    expression = get(
        "/kb.json", {"sql": "select escape_fts('三公') as e", "_shape": "array"}
    ).json()[0]["e"]
    assert expression != '"三公"'
    assert "三公经" in expression
    quoted = get(
        "/kb.json", {"sql": "select escape_fts('“三公”经费') as e", "_shape": "array"}
    ).json()
    assert quoted[0]["e"] == '"三公经费"'  # quotes folded away, as in the index


def test_search_box_finds_quoted_sangong_for_unquoted_query(get, conn):
    """The texts print “三公”经费 with quotes; the query 三公经费 finds them."""
    ids = search_ids(get, "segments", "三公经费")
    assert ids == substring_truth(conn, "三公经费")
    texts = dict(conn.execute("select id, text from segments"))
    quoted = {i for i in ids if "“三公”经费" in texts[i]}
    assert len(quoted) >= 10
    assert search_ids(get, "segments", "“三公”经费") == ids
    assert search_ids(get, "segments", "三公") == substring_truth(conn, "三公") == ids


def test_search_box_finds_gongwu_jiedai(get, conn):
    ids = search_ids(get, "segments", "公务接待费")
    assert ids == substring_truth(conn, "公务接待费")
    assert len(ids) == 24
    kinds = dict(conn.execute("select id, kind from segments"))
    assert sorted(kinds[i] for i in ids).count("glossary") == 5
    # 中共吉林市委办公室's narrative: "2、公务接待费51.28万元，比2021年预算数增加49.78万元。"
    narrative = conn.execute(
        "select s.id from segments s join documents d on d.id = s.document_id"
        " where d.unit = '中共吉林市委办公室' and s.text like '%公务接待费51.28万元%'"
    ).fetchone()[0]
    assert narrative in ids
    glossary = rows_of(
        get, "/kb/glossary.json", {"_search": "公务接待费", "_size": "max", "_shape": "array"}
    )
    assert len(glossary) == 5 and all("公务接待费" in g["definition"] for g in glossary)
    html = get("/kb/glossary", {"_search": "公务接待费"}).text
    assert html.count('<td class="col-definition type-str">') == 5
    assert html.count("<mark>公务接待费</mark>") >= 5


def test_search_with_other_databases_keeps_datasette_escape(loop):
    ds = Datasette(memory=True, **datasette_options())
    loop.run_until_complete(ds.invoke_startup())
    response = loop.run_until_complete(
        ds.client.get(
            "/_memory.json?"
            + urlencode({"sql": "select escape_fts('a b') as e", "_shape": "array"})
        )
    )
    assert response.json()[0]["e"] == '"a" "b"'


def test_search_page_shows_highlighted_snippets_and_ranked_matches(get):
    html = get("/kb/segments", {"_search": "公务接待费"}).text
    assert "<mark>公务接待费</mark>" in html
    ranked = html[html.index('id="kb-ranked"') : html.index('<div class="facet-results">')]
    hits = re.findall(r'<div class="kb-hit-head"><strong>[^<]*</strong>[^·]*· (\w+)', ranked)
    assert hits[:5] == ["glossary"] * 5  # the terms that define 公务接待费 come first
    assert ranked.count("<li>") == 10
    # with a simple filter the ranked list respects it
    filtered = get("/kb/segments", {"_search": "公务接待费", "unit": "中共吉林市委办公室"}).text
    panel = filtered[
        filtered.index('id="kb-ranked"') : filtered.index('<div class="facet-results">')
    ]
    assert "unit=中共吉林市委办公室" in panel
    assert panel.count("<li>") == 6
    assert "昌吉州" not in panel


def test_search_everything_page(get):
    html = get("/kb/-/search", {"q": "公务接待费"}).text
    assert "段落与表格 Passages and tables · 24" in html
    assert "名词解释 Glossary · 5" in html
    segments = html[html.index('id="kb-segments"') : html.index('id="kb-glossary"')]
    assert segments.count('class="kb-snippet"') == 20
    assert "<mark>公务接待费</mark>" in segments
    facts = html[html.index('id="kb-facts"') :]
    assert "51.28" in facts and "0.17" in facts and "0.1" in facts
    assert "/kb/-/document/" in facts
    assert "更多 more results" in html
    assert get("/kb/-/search").status_code == 200


# --- the subject-code facet ---------------------------------------------------------------


def code_facet(get, params: dict | list | None = None) -> dict:
    data = get("/kb/facts.json", {"_size": 0, **(params or {})}).json()
    return data["facet_results"]["code"]


def by_value(facet: dict) -> dict[str, dict]:
    return {r["value"]: r for r in facet["results"]}


def test_code_facet_sums_201_without_double_counting(get, conn):
    """201 一般公共服务支出 appears in 141 fact rows: in 支出总表, 一般公共预算支出表 and
    收入总表, in the 合计, 基本支出, 项目支出, 人员经费 … columns, and as 201, 20103 and
    2010350 rows. Adding them all up would count the same money many times over.

    The facet takes one column per document, 支出总表's total (合计, or 本年支出合计 in the
    决算), and within it only the top-most printed row of the group, the 201 row itself:
        吉林市政务信息中心 2022 预算                1,317.90
        中共吉林市委办公室 2022 预算                6,475.69
        吉林省政务服务和数字化建设服务中心 2023 决算  42,557.12
        昌吉州人民政府电子政务办公室 2022 预算        276.26
        (临江市 2021 决算 prints no subject codes)
        total                                     50,626.97 万元
    """
    printed = dict(
        conn.execute(
            "select unit, amount from facts where code = '201' and statement = '支出总表'"
            " and measure in ('合计', '本年支出合计')"
        )
    )
    assert printed == {
        "吉林市政务信息中心": 1317.9,
        "中共吉林市委办公室": 6475.69,
        "吉林省政务服务和数字化建设服务中心": 42557.12,
        "昌吉州人民政府电子政务办公室": 276.26,
    }
    facet = code_facet(get)
    assert facet["level"] == "类"
    group = by_value(facet)["201"]
    assert group["label"] == "201 一般公共服务支出"
    assert (
        group["count"]
        == 141
        == conn.execute("select count(*) from facts where code like '201%'").fetchone()[0]
    )
    assert group["sum"] == pytest.approx(50626.97) == pytest.approx(sum(printed.values()))
    assert group["documents"] == 4
    assert group["toggle_url"].endswith("code__startswith=201")
    bases = {
        (b["code_system"], b["statement"], b["measure"]): b["documents"] for b in facet["basis"]
    }
    assert bases[("功能分类", "支出总表", "合计")] == 3
    assert bases[("功能分类", "支出总表", "本年支出合计")] == 1
    assert facet["mixed_kinds"] is True  # 预算 and 决算 are both among the rows
    # 经济分类 classes come from 基本支出表
    assert by_value(facet)["301"]["code_system"] == "经济分类"
    assert bases[("经济分类", "基本支出表", "合计")] == 2


def test_code_facet_names_come_from_the_builds_code_names(corpus_db_path, tmp_path, loop):
    """Each code's name is the one its facts print most often, found by the build
    (code_names), not counted over every fact of the code while a reader waits."""
    import shutil

    db = tmp_path / "kb.db"
    shutil.copyfile(corpus_db_path, db)
    connection = sqlite3.connect(db)
    names = dict(
        connection.execute("select code, item from code_names where code_system = ?", ["功能分类"])
    )
    assert (names["201"], names["20103"], names["2010350"]) == (
        "一般公共服务支出",
        "政府办公厅（室）及相关机构事务",
        "事业运行",
    )
    connection.execute("update code_names set item = '（改过的名称）' where code = '201'")
    connection.commit()
    connection.close()
    ds = make_datasette(db, loop)
    data = loop.run_until_complete(ds.client.get("/kb/facts.json?_size=0")).json()
    labels = [r["label"] for r in data["facet_results"]["code"]["results"]]
    assert "201 （改过的名称）" in labels


def test_code_facet_drills_down_from_lei_to_kuan_to_xiang(get):
    kuan = code_facet(get, {"code__startswith": "201"})
    assert kuan["level"] == "款"
    sums = {value: r["sum"] for value, r in by_value(kuan).items()}
    # 20103: 1317.9 (吉林市政务信息中心) + 42088.22 (吉林省…中心) + 276.26 (昌吉州)
    assert sums == pytest.approx(
        {"20103": 43682.38, "20131": 5783.89, "20137": 468.9, "20199": 691.8}
    )
    assert sum(sums.values()) == pytest.approx(50626.97)  # the 款 add up to the 类
    assert [c["label"] for c in kuan["trail"]] == ["全部科目 all", "201 一般公共服务支出"]
    xiang = code_facet(get, {"code__startswith": "20103"})
    assert xiang["level"] == "项"
    sums = {value: r["sum"] for value, r in by_value(xiang).items()}
    # 2010350 事业运行: 89.2 + 45.84 + 106.26; 2010399: 1228.7 + 42041.03 + 170
    assert sums == pytest.approx({"2010302": 1.35, "2010350": 241.3, "2010399": 43439.73})
    assert sum(sums.values()) == pytest.approx(43682.38)
    assert by_value(xiang)["2010350"]["label"] == "2010350 事业运行"
    leaf = code_facet(get, {"code__startswith": "2010350"})
    assert leaf["results"] == [] and leaf["level"] is None


def test_code_facet_follows_filters(get):
    budget = by_value(code_facet(get, {"kind": "预算"}))["201"]
    assert budget["sum"] == pytest.approx(1317.9 + 6475.69 + 276.26)
    # pinning the basis: 一般公共预算支出表's 合计 column prints the same 201 totals
    pinned = code_facet(get, {"statement": "一般公共预算支出表", "measure": "合计"})
    assert by_value(pinned)["201"]["sum"] == pytest.approx(50626.97)
    assert by_value(pinned)["201"]["count"] == 19
    # 基本支出 only: 89.2 + 741.49 + 263.51 + 276.26
    basic = code_facet(get, {"statement": "支出总表", "measure": "基本支出"})
    assert by_value(basic)["201"]["sum"] == pytest.approx(1370.46)


def test_code_facet_html_shows_sums_explanation_and_trail(get):
    html = get("/kb/facts", {"code__startswith": "201"}).text
    facet = html[html.index('id="facet-code"') :]
    facet = facet[: facet.index("</details>")]
    assert "科目 · 款" in facet
    assert "43,682.38&nbsp;万元" in facet
    assert "每份文件只取一张表的一栏" in facet
    assert 'href="http://localhost/kb/facts?code__startswith=20103"' in facet
    assert ">全部科目 all</a>" in facet
    assert "结果中既有预算也有决算" in html


# --- canned queries -------------------------------------------------------------------------


def canned(get, name: str, **params) -> list[dict]:
    return rows_of(get, f"/kb/{name}.json", {**params, "_shape": "array"})


def test_canned_item_across_units(get):
    rows = canned(get, "item_across_units", item="公务接待费", year="2022")
    assert [(r["unit"], r["amount"], r["statement"], r["measure"]) for r in rows] == [
        ("中共吉林市委办公室", 51.28, "情况说明", "预算数"),  # no 三公 table: its narrative
        ("昌吉州人民政府电子政务办公室", 0.17, "三公经费表", "预算数"),
        ("吉林市政务信息中心", 0.1, "三公经费表", "预算数"),
    ]
    assert all(isinstance(r["fact_id"], int) for r in rows)


def test_canned_sangong_uses_the_table_or_else_the_narrative(get):
    rows = canned(get, "sangong", unit="吉林市委办公室", year="2022")
    assert {r["unit"] for r in rows} == {"中共吉林市委办公室"}
    assert all("情况说明" in r["source"] for r in rows)
    assert ("三公经费", "预算数", 51.28) in {(r["item"], r["measure"], r["amount"]) for r in rows}
    rows = canned(get, "sangong", unit="昌吉州", year="")
    assert all("三公经费表" in r["source"] for r in rows)
    assert {(r["item"], r["amount"]) for r in rows} >= {("三公经费", 2.17), ("公务接待费", 0.17)}
    everyone = canned(get, "sangong", unit="", year="")
    assert {r["unit"] for r in everyone} == {
        "吉林市政务信息中心",
        "中共吉林市委办公室",
        "吉林省政务服务和数字化建设服务中心",
        "临江市政务服务和数字化建设管理局",
        "昌吉州人民政府电子政务办公室",
    }


def test_canned_function_spending(get):
    rows = canned(get, "function_spending", unit="吉林市政务信息中心", year="2022")
    assert [(r["code"], r["item"], r["amount"], r["share_percent"]) for r in rows] == [
        ("201", "一般公共服务支出", 1317.9, 97.9),
        ("208", "社会保障和就业支出", 12.9, 1.0),
        ("221", "住房保障支出", 9.7, 0.7),
        ("210", "卫生健康支出", 6.2, 0.5),
    ]


def test_canned_budget_vs_actual(get):
    rows = canned(get, "budget_against_actual", unit="临江", year="2021")
    firewall = [r for r in rows if r["item"] == "防火墙"]
    assert [
        (r["budget_measure"], r["budget"], r["actual_measure"], r["actual"], r["execution_percent"])
        for r in firewall
    ] == [("全年预算数", 8.7, "全年执行数", 8.7, 100.0)]
    spending = [r for r in rows if r["item"] == "一般公共预算财政拨款支出"]
    assert (spending[0]["budget"], spending[0]["actual"], spending[0]["difference"]) == (
        257.68,
        721.33,
        463.65,
    )


def test_canned_largest_projects(get):
    rows = canned(get, "largest_projects", unit="", year="2022")
    amounts = [r["amount"] for r in rows]
    assert amounts == sorted(amounts, reverse=True)
    projects = {r["project"]: r for r in rows}
    assert projects["市委无线网络覆盖建设"]["amount"] == 4450.0
    assert projects["吉林市城乡基层治理数字化平台建设"]["listed_in"] == "绩效目标表,项目支出表"
    assert not any("合计" in p for p in projects)
    assert len(rows) == len(projects.keys() | set())  # each project once


def test_canned_query_html_links_facts_to_their_source(get):
    html = get("/kb/item_across_units", {"item": "公务接待费", "year": "2022"}).text
    assert "51.28&nbsp;<small>万元</small>" in html
    assert re.search(r'href="/kb/-/document/2\?segment=\d+&amp;fact=\d+#s\d+"', html)


# --- provenance ----------------------------------------------------------------------------


def fact(conn, **where) -> dict:
    clauses = " and ".join(f"{k} = ?" for k in where)
    cursor = conn.execute(
        f"select * from facts where {clauses} order by id limit 1", list(where.values())
    )
    names = [c[0] for c in cursor.description]
    return dict(zip(names, cursor.fetchone(), strict=True))


def test_fact_rows_link_to_their_table_row(get, conn):
    f = fact(conn, unit="吉林市政务信息中心", statement="三公经费表", item_key="公务接待费")
    html = get("/kb/facts", {"id": f["id"]}).text
    href = f"/kb/-/document/{f['document_id']}?segment={f['segment_id']}&amp;row={f['row']}&amp;fact={f['id']}#s{f['segment_id']}-r{f['row']}"
    assert f'href="{href}"' in html
    assert f"第{f['row']}行 ↗" in html


def test_document_page_highlights_the_row_of_a_fact(get, conn):
    f = fact(conn, unit="吉林市政务信息中心", statement="三公经费表", item_key="公务接待费")
    html = get(f"/kb/-/document/{f['document_id']}", {"fact": f["id"]}).text
    anchor = f"s{f['segment_id']}-r{f['row']}"
    row = re.search(rf'<tr id="{anchor}" class="kb-focus">(.*?)</tr>', html, re.S)
    assert row, "the fact's row is highlighted"
    assert "公务接待费" in row.group(1)
    assert '<td class="kb-marked">0.1</td>' in row.group(1)
    assert f">{f['line']}</td>" in row.group(1)  # the source line of the row
    assert html.count('class="kb-focus"') == 1
    assert "原文印作 printed as “0.1”" in html
    # the document's statements and facts are listed
    assert "表格 Statements (" in html and "一般公共预算“三公”经费支出表" in html
    facts_heading = re.search(r"数据 Facts \((\d+)\)", html)
    total = conn.execute(
        "select count(*) from facts where document_id = ?", [f["document_id"]]
    ).fetchone()[0]
    assert int(facts_heading.group(1)) == total
    assert f'href="/kb/facts?document_id={f["document_id"]}"' in html


def test_document_page_marks_a_narrative_figure(get, conn):
    f = fact(
        conn, unit="中共吉林市委办公室", item_key="公务接待费", measure="预算数", source="narrative"
    )
    html = get(f"/kb/-/document/{f['document_id']}", {"fact": f["id"]}).text
    passage = re.search(
        rf'<div class="kb-segment kb-paragraph kb-focus" id="s{f["segment_id"]}">(.*?)</div>',
        html,
        re.S,
    )
    assert passage
    assert f"第{f['line']}行" in passage.group(1)
    assert "<mark>公务接待费51.28万元</mark>" in passage.group(1)


def test_segment_rows_link_to_their_place(get, conn):
    segment_id, document_id, line = conn.execute(
        "select id, document_id, line from segments where kind = 'paragraph' order by id limit 1"
    ).fetchone()
    html = get("/kb/segments", {"id": segment_id}).text
    assert f'href="/kb/-/document/{document_id}?segment={segment_id}#s{segment_id}"' in html
    page = get(f"/kb/-/document/{document_id}", {"segment": segment_id}).text
    assert f'id="s{segment_id}"' in page and f"第{line}行" in page


def test_source_route_serves_only_recorded_files(get, ds, loop, conn):
    """The route takes a document id, never a path: only documents.path files are served."""
    path = conn.execute("select path from documents where id = 1").fetchone()[0]
    response = get("/kb/-/source/1")
    assert response.headers["content-type"].startswith("text/plain")
    assert response.content == open(path, "rb").read()
    get("/kb/-/source/999", status=404)
    for attempt in (
        "/kb/-/source/..%2F..%2Fetc%2Fpasswd",
        "/kb/-/source/1%2F..%2F..%2Fetc%2Fpasswd",
    ):
        response = loop.run_until_complete(ds.client.get(attempt))
        assert response.status_code in (302, 404) and b"root:" not in response.content
    assert loop.run_until_complete(ds.client.post("/kb/-/source/1")).status_code in (403, 405)


def test_pdf_documents_link_to_the_page(tmp_path, corpus_db_path, loop):
    """A PDF document's segments link to /-/source/ID#page=N, which serves the recorded PDF."""
    db_path = tmp_path / "kb.db"
    shutil.copy(corpus_db_path, db_path)
    pdf = tmp_path / "sample.pdf"
    pdf.write_bytes(b"%PDF-1.4\n% budget-kb test\n%%EOF\n")
    sha = hashlib.sha256(pdf.read_bytes()).hexdigest()
    with sqlite3.connect(db_path) as connection:
        connection.execute(
            "update documents set path = ?, format = 'pdf', filename = 'sample.pdf', sha256 = ? where id = 3",
            [str(pdf), sha],
        )
        connection.execute("update segments set page = 2 where document_id = 3")
    segment_id = (
        sqlite3.connect(db_path)
        .execute("select id from segments where document_id = 3 order by id limit 1")
        .fetchone()[0]
    )
    ds = make_datasette(db_path, loop)
    fetch = lambda path: loop.run_until_complete(ds.client.get(path))  # noqa: E731
    html = fetch("/kb/-/document/3").text
    assert 'href="/kb/-/source/3#page=2"' in html
    table = fetch(f"/kb/segments?id={segment_id}").text
    assert 'href="/kb/-/source/3#page=2"' in table
    response = fetch("/kb/-/source/3")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "inline" in response.headers["content-disposition"]


# --- export ----------------------------------------------------------------------------------


def test_excel_download_is_utf8_csv_with_bom_and_all_rows(get, conn):
    response = get("/kb/facts.excel", {"item_key": "公务接待费", "_size": 5})
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert "filename*=UTF-8''facts.csv" in response.headers["content-disposition"]
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8-sig")
    assert "\r\n" in text
    rows = list(csv.DictReader(io.StringIO(text)))
    expected = conn.execute("select count(*) from facts where item_key = '公务接待费'").fetchone()[
        0
    ]
    assert len(rows) == expected > 5  # every row, not just the page
    assert {"中共吉林市委办公室", "昌吉州人民政府电子政务办公室"} <= {r["unit"] for r in rows}
    assert "51.28" in {r["amount"] for r in rows}


def test_excel_download_leaves_out_hidden_columns_and_works_for_queries(get):
    text = get("/kb/segments.excel", {"_search": "公务接待费"}).content.decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text)))
    assert "search_text" not in header and "text" in header
    assert len(list(csv.reader(io.StringIO(text)))) == 25
    query = get(
        "/kb/item_across_units.excel", {"item": "公务接待费", "year": "2022"}
    ).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(query)))
    assert [(r["unit"], r["amount"]) for r in rows] == [
        ("中共吉林市委办公室", "51.28"),
        ("昌吉州人民政府电子政务办公室", "0.17"),
        ("吉林市政务信息中心", "0.1"),
    ]


def test_export_links_are_offered(get):
    html = get("/kb/facts?_size=1").text
    assert re.search(r'<a href="/kb/facts\.excel[^"]*">excel</a>', html)
    assert json.loads(get("/kb/facts.json?_size=1&_shape=array").text)


def test_document_page_shows_completeness_and_failed_checks(get):
    page = get("/kb/-/document/5").text
    assert "表格齐全情况" in page
    assert "一般公共预算支出表（表5）中基本支出合计为144.06万元" in page
    clean = get("/kb/-/document/3").text
    assert "没有不符的检查" in clean


def test_source_route_serves_only_the_file_that_was_built(tmp_path, corpus_db_path):
    """A database that records another file's path (or a changed file) serves nothing."""
    import shutil
    import sqlite3 as sqlite

    from kb.web.databases import resolve_source

    copy = tmp_path / "kb.db"
    shutil.copy(corpus_db_path, copy)
    with sqlite.connect(copy) as conn:
        path, sha = conn.execute("select path, sha256 from documents where id = 1").fetchone()
    assert resolve_source(path, copy, sha) is not None
    assert resolve_source(path, copy, "0" * 64) is None
    assert resolve_source("/etc/passwd", copy) is None
