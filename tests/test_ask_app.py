"""The Ask app through Flask's test client, `kb ask`, and the Datasette mount: every
question family on the sample corpus, with exact figures."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb.ask.cli import ask_command
from kb.ask.questions import all_templates
from kb.store.connect import connect_readonly as connect
from kb.web.ask.app import create_app

ROOT = Path(__file__).resolve().parent.parent
JILIN_CENTRE = "吉林市政务信息中心"
CPC_OFFICE = "中共吉林市委办公室"
PROVINCE_CENTRE = "吉林省政务服务和数字化建设服务中心"
LINJIANG = "临江市政务服务和数字化建设管理局"
CHANGJI = "昌吉州人民政府电子政务办公室"


@pytest.fixture(scope="module")
def app(corpus_db_path):
    return create_app({"TESTING": True, "DATABASE": str(corpus_db_path)})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="module")
def facts(corpus_db_path):
    conn = sqlite3.connect(f"file:{corpus_db_path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    rows = {row["id"]: dict(row) for row in conn.execute("select * from facts")}
    conn.close()
    return rows


def ask_json(client, question: str, status: int = 200) -> dict:
    response = client.get("/ask.json", query_string={"q": question})
    assert response.status_code == status, response.get_json()
    assert response.content_type.startswith("application/json")
    return response.get_json()


def records(data: dict) -> list[dict]:
    return [dict(zip(data["columns"], row, strict=True)) for row in data["rows"]]


def by_unit(data: dict) -> dict[str, dict]:
    return {r["unit"]: r for r in records(data)}


def assert_sources_match(data: dict, facts: dict) -> None:
    """Every row links to facts rows (in Datasette) that hold the figure it shows."""
    assert len(data["sources"]) == len(data["rows"])
    for record, sources in zip(records(data), data["sources"], strict=True):
        assert sources, record
        for source in sources:
            if "check_id" in source:  # a failed check the figure is part of (check_flags)
                assert source["url"] == f"/kb/checks/{source['check_id']}"
                assert record["check"].startswith("未通过：")
                continue
            assert source["url"] == f"/kb/facts/{source['fact_id']}"
            fact = facts[source["fact_id"]]
            assert fact["unit"] == record["unit"]
            if "amount" in record:
                assert fact["amount"] == pytest.approx(record["amount"])
            if source.get("segment_id"):
                assert source["segment_url"] == f"/kb/segments/{source['segment_id']}"


# --- one item by unit, one year --------------------------------------------------------------

BY_UNIT_2022 = [
    "公务接待费 by unit 2022",
    "2022年各单位公务接待费",
    "按单位列出2022年的公务接待费",
    "二〇二二年各单位公务接待费",
]


@pytest.mark.parametrize("question", BY_UNIT_2022)
def test_reception_costs_by_unit(client, facts, question):
    data = ask_json(client, question)
    assert data["question"] == question
    assert set(data) >= {
        "question",
        "interpretation",
        "sql",
        "params",
        "columns",
        "rows",
        "sources",
    }
    rows = by_unit(data)
    assert {u: r["amount"] for u, r in rows.items()} == {
        JILIN_CENTRE: 0.1,
        CHANGJI: 0.17,
        CPC_OFFICE: 51.28,
    }
    # the 三公 statement's figure, and the measure it shows
    assert rows[JILIN_CENTRE]["statement"] == "三公经费表"
    assert rows[CHANGJI]["statement"] == "三公经费表"
    assert {r["measure"] for r in rows.values()} == {"预算数"}
    # 中共吉林市委办公室 has no 三公 table: its figure is from the narrative, marked as such
    assert rows[CPC_OFFICE]["statement"] == "情况说明"
    assert rows[CPC_OFFICE]["source"] == "narrative"
    assert "情况说明" in rows[CPC_OFFICE]["note"]
    assert rows[JILIN_CENTRE]["note"] == ""
    interp = data["interpretation"]
    assert interp["template"] == "by_unit"
    assert interp["years"] == [2022]
    assert interp["items"][0]["label"] == "公务接待费"
    assert "三公经费表" in interp["description"]
    assert data["chart"]["type"] == "bar"
    assert sorted(data["chart"]["datasets"][0]["data"]) == [0.1, 0.17, 51.28]
    assert_sources_match(data, facts)


def test_the_sql_binds_the_question(client):
    data = ask_json(client, "公务接待费 by unit 2022")
    assert ":wanted" in data["sql"] and "json_each" in data["sql"]
    assert "公务接待费" not in data["sql"] and "2022" not in data["sql"]
    assert json.loads(data["params"]["wanted"]) == [["公务接待费", "公务接待费"]]
    assert data["params"]["years"] == "[2022]"


# --- a value for one unit ---------------------------------------------------------------------


def test_project_spending_of_one_unit(client, facts):
    data = ask_json(client, "吉林市政务信息中心 2022 项目支出")
    assert data["interpretation"]["template"] == "value"
    [row] = records(data)
    assert (row["unit"], row["year"], row["amount"]) == (JILIN_CENTRE, 2022, 1228.7)
    assert (row["statement"], row["measure"]) == ("支出总表", "项目支出")
    assert "1,228.7 万元" in data["summary"]
    assert data["chart"] is None
    assert_sources_match(data, facts)


def test_housing_fund_of_one_unit(client, facts):
    data = ask_json(client, "昌吉州人民政府电子政务办公室的住房公积金是多少")
    [row] = records(data)
    assert (row["unit"], row["amount"], row["code"]) == (CHANGJI, 12.97, "2210201")
    assert (row["statement"], row["measure"]) == ("支出总表", "合计")
    assert_sources_match(data, facts)


# --- trends -----------------------------------------------------------------------------------


def test_three_public_by_year(client, facts):
    data = ask_json(client, "三公经费 by year")
    assert data["interpretation"]["template"] == "by_year"
    got = {
        (r["unit"], r["year"]): (r["amount"], r["measure"], r["statement"]) for r in records(data)
    }
    assert got == {
        (CPC_OFFICE, 2022): (51.28, "预算数", "情况说明"),
        (JILIN_CENTRE, 2022): (0.1, "预算数", "三公经费表"),
        (CHANGJI, 2022): (2.17, "预算数", "三公经费表"),
        (PROVINCE_CENTRE, 2023): (0.0, "决算数", "情况说明"),
        (LINJIANG, 2021): (0.0, "决算数", "情况说明"),
    }
    assert data["chart"]["type"] == "line"
    assert data["chart"]["labels"] == ["2021", "2022", "2023"]
    assert_sources_match(data, facts)


def test_trend_of_one_unit(client, facts):
    data = ask_json(client, "中共吉林市委办公室历年三公经费")
    [row] = records(data)
    assert (row["unit"], row["year"], row["amount"], row["source"]) == (
        CPC_OFFICE,
        2022,
        51.28,
        "narrative",
    )
    assert any("情况说明" in note for note in data["notes"])
    assert_sources_match(data, facts)


# --- ranking ----------------------------------------------------------------------------------


def test_which_unit_spends_most_on_basic_expenditure(client, facts):
    data = ask_json(client, "2022年哪个单位基本支出最多")
    assert data["interpretation"]["template"] == "ranking"
    assert [(r["unit"], r["amount"]) for r in records(data)] == [
        (CPC_OFFICE, 943.25),
        (CHANGJI, 144.96),
        (JILIN_CENTRE, 118.0),
    ]
    assert data["summary"].startswith(f"最多的是 {CPC_OFFICE}")
    assert_sources_match(data, facts)


def test_top_five_reception_costs(client, facts):
    data = ask_json(client, "公务接待费前5名")
    rows = records(data)
    assert len(rows) == 5
    assert [r["amount"] for r in rows] == [51.28, 0.17, 0.1, 0.0, 0.0]
    assert [r["unit"] for r in rows[:3]] == [CPC_OFFICE, CHANGJI, JILIN_CENTRE]
    assert {r["unit"] for r in rows[3:]} == {PROVINCE_CENTRE, LINJIANG}
    assert_sources_match(data, facts)


def test_top_two(client):
    data = ask_json(client, "公务接待费前2名")
    assert [r["amount"] for r in records(data)] == [51.28, 0.17]


# --- subject codes ----------------------------------------------------------------------------


def test_function_code_by_unit(client, facts):
    data = ask_json(client, "2010350 by unit")
    got = {r["unit"]: (r["amount"], r["item"], r["statement"]) for r in records(data)}
    assert got == {
        JILIN_CENTRE: (89.2, "事业运行", "支出总表"),
        PROVINCE_CENTRE: (45.84, "事业运行", "支出总表"),
        CHANGJI: (106.26, "事业运行", "支出总表"),
    }
    assert_sources_match(data, facts)


def test_economic_code_in_a_year(client, facts):
    data = ask_json(client, "30217 2022")
    got = {r["unit"]: (r["amount"], r["statement"], r["measure"]) for r in records(data)}
    # the basic-expenditure table's 30217 公务接待费: not the 三公 statement
    assert got == {JILIN_CENTRE: (0.1, "基本支出表", "合计"), CHANGJI: (0.17, "基本支出表", "合计")}
    assert_sources_match(data, facts)


# --- budget against actual --------------------------------------------------------------------


def test_budget_against_actual(client, facts):
    data = ask_json(client, "2023年吉林省政务服务和数字化建设服务中心三公经费预算和决算")
    assert data["interpretation"]["template"] == "compare"
    [row] = records(data)
    assert (row["unit"], row["year"], row["item"]) == (PROVINCE_CENTRE, 2023, "三公经费")
    assert (row["budget"], row["actual"], row["difference"]) == (0.0, 0.0, 0.0)
    assert (row["budget_from"], row["actual_from"]) == ("情况说明·预算数", "情况说明·决算数")
    [sources] = data["sources"]
    assert [s["side"] for s in sources] == ["预算数", "决算数"]
    assert [facts[s["fact_id"]]["measure"] for s in sources] == ["预算数", "决算数"]


def test_budget_only_documents_have_no_actual(client):
    data = ask_json(client, "2022年各单位三公经费预算和决算")
    rows = by_unit(data)
    assert rows[CHANGJI]["budget"] == 2.17 and rows[CHANGJI]["actual"] is None
    assert any("决算数为空" in note for note in data["notes"])


# --- breakdown by code level -------------------------------------------------------------------


def test_breakdown_by_function_classification(client, facts):
    data = ask_json(client, "吉林市政务信息中心2022年支出按功能分类")
    assert data["interpretation"]["template"] == "breakdown"
    rows = records(data)
    assert {r["statement"] for r in rows} == {"支出总表"}
    top = {r["code"]: r["amount"] for r in rows if r["level"] == "类"}
    assert top == {"201": 1317.9, "208": 12.9, "210": 6.2, "221": 9.7}
    assert round(sum(top.values()), 2) == 1346.7
    assert {r["code"]: r["amount"] for r in rows if r["level"] == "项"} == {
        "2010350": 89.2,
        "2010399": 1228.7,
        "2080505": 12.9,
        "2101102": 6.2,
        "2210201": 9.7,
    }
    assert len(rows) == 13
    assert data["chart"]["labels"] == [
        "201 一般公共服务支出",
        "208 社会保障和就业支出",
        "210 卫生健康支出",
        "221 住房保障支出",
    ]
    assert_sources_match(data, facts)


def test_breakdown_of_one_level(client):
    data = ask_json(client, "吉林市政务信息中心 2022 按功能分类 类级")
    assert [r["code"] for r in records(data)] == ["201", "208", "210", "221"]


def test_breakdown_by_economic_classification(client):
    data = ask_json(client, "昌吉州人民政府电子政务办公室基本支出按经济分类")
    rows = {r["code"]: r for r in records(data)}
    assert rows["30217"]["amount"] == 0.17
    assert rows["30113"]["amount"] == 12.97
    assert {r["statement"] for r in rows.values()} == {"基本支出表"}


# --- other questions --------------------------------------------------------------------------


def test_a_question_with_no_figures_falls_back_to_search(client):
    data = ask_json(client, "什么是三公经费")
    assert data["template"] == "search"
    assert data["rows"], data
    assert all("/kb/segments/" in s[0]["url"] for s in data["sources"])


def test_no_rows_still_answers(client):
    data = ask_json(client, "吉林市政务信息中心 2030 项目支出")
    assert data["rows"] == []
    assert data["summary"] == "没有找到符合条件的数字。"
    assert data["suggestions"]


# --- cannot interpret --------------------------------------------------------------------------


def test_not_understood_is_422_with_suggestions(client):
    data = ask_json(client, "zzqx wvut", status=422)
    assert data["interpretation"]["problem"] == "not_understood"
    assert data["interpretation"]["unrecognised"] == ["zzqx", "wvut"]
    assert data["rows"] == [] and data["sql"] is None
    assert any("公务接待费" in s for s in data["suggestions"])
    # built from the database: its units, its items, a unit and year that exist
    assert JILIN_CENTRE in data["hints"]["units"] and "公务接待费" in data["hints"]["items"]
    assert f"{PROVINCE_CENTRE} 2023 项目支出" in data["suggestions"]


def test_suggestions_come_from_the_database(client):
    data = ask_json(client, "接待 zzqx")  # 接待 is an alias of 公务接待费; zzqx is reported
    assert data["interpretation"]["unrecognised"] == ["zzqx"]
    data = ask_json(client, "住房补贴 zzqx", status=422)
    assert "住房公积金 by unit 2023" in data["suggestions"]  # items sharing 住房, latest year
    assert "住房保障支出 by unit 2023" in data["suggestions"]


def test_the_form_shows_what_it_did_not_understand(client):
    response = client.get("/ask", query_string={"q": "zzqx wvut"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "没能回答这个问题" in html
    assert "zzqx" in html
    assert "公务接待费 by unit" in html  # suggestions


@pytest.mark.parametrize("question", ["", "   "])
def test_empty_question(client, question):
    response = client.get("/ask", query_string={"q": question})
    assert response.status_code == 200
    assert "例子" in response.get_data(as_text=True)
    assert client.get("/ask.json", query_string={"q": question}).status_code == 400
    assert client.get("/ask.json").status_code == 400


def test_very_long_question(client):
    question = "公务接待费" * 1000
    assert client.get("/ask", query_string={"q": question}).status_code == 200
    data = ask_json(client, question, status=422)
    assert data["interpretation"]["problem"] == "too_long"
    assert client.get("/ask.csv", query_string={"q": question}).status_code == 422


# --- injections -------------------------------------------------------------------------------

SQL_INJECTIONS = [
    "'; drop table facts; --",
    "公务接待费'; drop table facts; --",
    "公务接待费 by unit 2022' or '1'='1",
    '吉林市政务信息中心" union select sql, 1, 1 from sqlite_master --',
    "30217) or 1=1 --",
    "2022 公务接待费; attach database '/tmp/x.db' as x",
]


@pytest.mark.parametrize("question", SQL_INJECTIONS)
def test_sql_injection(client, corpus_db_path, question):
    before = corpus_db_path.stat().st_mtime_ns
    response = client.get("/ask.json", query_string={"q": question})
    assert response.status_code in (200, 422)
    data = response.get_json()
    if data["sql"]:
        # one of the constant templates: the question reached SQLite only as parameters
        assert data["sql"] in all_templates().values()
        for word in ("drop", "attach", "'1'='1", "sqlite_master"):
            assert word not in data["sql"].lower()
    for row in data["rows"]:
        assert "CREATE TABLE" not in " ".join(map(str, row))
    assert client.get("/ask", query_string={"q": question}).status_code == 200
    assert corpus_db_path.stat().st_mtime_ns == before
    assert ask_json(client, "公务接待费 by unit 2022")["rows"]


MARKUP = [
    "<script>alert(1)</script>",
    "公务接待费 <img src=x onerror=alert(1)> by unit",
    '"><svg onload=alert(1)>',
    "</script><script>alert(1)</script> 公务接待费 by unit 2022",
]


@pytest.mark.parametrize("question", MARKUP)
def test_markup_injection(client, question):
    response = client.get("/ask", query_string={"q": question})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<script>alert" not in html
    assert "<img src=x" not in html and "<svg onload" not in html
    assert "&lt;" in html
    assert "</script><script>" not in html


def test_the_database_is_opened_read_only(corpus_db_path):
    conn = connect(corpus_db_path)
    with pytest.raises(sqlite3.OperationalError):
        conn.execute("delete from facts")
    with pytest.raises(sqlite3.OperationalError):
        conn.execute("create table x(y)")
    conn.close()


def test_a_missing_database_is_503_not_500(tmp_path):
    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "none.db")})
    client = app.test_client()
    assert client.get("/ask.json", query_string={"q": "公务接待费"}).status_code == 503
    assert client.get("/ask", query_string={"q": "公务接待费"}).status_code == 503
    assert client.get("/ask").status_code == 200


# --- downloads and page -------------------------------------------------------------------------


def test_csv_download(client):
    response = client.get("/ask.csv", query_string={"q": "公务接待费 by unit 2022"})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:6] == ["单位", "年度", "文件", "项目", "科目编码", "金额（万元）"]
    assert rows[0][-1] == "来源链接"
    amounts = {row[0]: row[5] for row in rows[1:]}
    assert amounts == {CPC_OFFICE: "51.28", JILIN_CENTRE: "0.1", CHANGJI: "0.17"}
    assert all(row[-1].startswith("http://localhost/kb/facts/") for row in rows[1:])


def test_answer_page(client):
    response = client.get("/ask", query_string={"q": "公务接待费 by unit 2022"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "理解为" in html and "按单位列出" in html
    assert 'id="answer-chart"' in html and 'id="chart-data"' in html
    assert "/ask/static/chart.umd.min.js" in html
    assert "51.28" in html and "0.17" in html
    assert 'href="/kb/facts/' in html and 'href="/kb/segments/' in html
    assert "/ask.csv?q=" in html and "/ask.json?q=" in html
    assert 'id="permalink"' in html and "http://localhost/ask?q=" in html
    assert "json_each" in html  # the SQL
    assert 'href="/"' in html  # back to Datasette
    assert "cdn" not in html.lower()


def test_static_chart_library_and_licence(client):
    response = client.get("/ask/static/chart.umd.min.js")
    assert response.status_code == 200
    assert b"Chart.js v4" in response.data[:200]
    response.close()
    licence = client.get("/ask/static/chart.js.LICENSE.md")
    assert b"MIT" in licence.data
    licence.close()


def test_datasette_url_is_configurable(corpus_db_path):
    app = create_app(
        {
            "TESTING": True,
            "DATABASE": str(corpus_db_path),
            "DATASETTE_URL": "http://127.0.0.1:8001/",
            "DATASETTE_DATABASE": "budget",
        }
    )
    data = app.test_client().get("/ask.json", query_string={"q": "30217 2022"}).get_json()
    assert all(
        s[0]["url"].startswith("http://127.0.0.1:8001/budget/facts/") for s in data["sources"]
    )


# --- kb ask --------------------------------------------------------------------------------------


def test_cli_json_is_the_api_object(client, corpus_db_path):
    question = "公务接待费 by unit 2022"
    result = CliRunner().invoke(ask_command, [question, "--db", str(corpus_db_path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == ask_json(client, question)


def test_cli_table(corpus_db_path):
    result = CliRunner().invoke(
        ask_command, ["2022年哪个单位基本支出最多", "--db", str(corpus_db_path), "--sql"]
    )
    assert result.exit_code == 0, result.output
    assert "理解为" in result.output
    lines = result.output.splitlines()
    first = next(line for line in lines if line.startswith(CPC_OFFICE))
    assert "943.25" in first and "支出总表" in first
    assert "json_each" in result.output


def test_cli_not_understood(corpus_db_path):
    result = CliRunner().invoke(ask_command, ["zzqx wvut", "--db", str(corpus_db_path)])
    assert result.exit_code == 3
    assert "没有识别" in result.output and "可以这样问" in result.output


def test_cli_missing_database(tmp_path):
    result = CliRunner().invoke(ask_command, ["公务接待费", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert "does not exist" in result.output


# --- checks (issue #7) -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def has_checks(corpus_db_path) -> bool:
    conn = sqlite3.connect(f"file:{corpus_db_path}?mode=ro", uri=True)
    try:
        return bool(conn.execute("select 1 from sqlite_master where name = 'checks'").fetchone())
    finally:
        conn.close()


def test_inconsistent_three_public_from_the_built_checks(client, has_checks):
    if not has_checks:
        pytest.skip("kb build does not write a checks table yet")
    data = ask_json(client, "哪些单位的三公经费前后不一致")
    assert data["template"] == "checks"
    rows = records(data)
    assert rows
    for row in rows:
        assert row["status"] == "fail"
        assert row["expected"] is not None and row["found"] is not None  # figures that differ
        assert "三公" in f"{row['check']}{row['subject']}{row['statement']}{row['detail']}"
    assert {r["unit"] for r in rows} == {CHANGJI}  # its 三公 table's parts do not add up
    assert all(s[0]["url"].startswith("/kb/checks/") for s in data["sources"])


def test_check_results_of_one_unit_from_the_built_checks(client, has_checks):
    if not has_checks:
        pytest.skip("kb build does not write a checks table yet")
    data = ask_json(client, "吉林市政务信息中心2022年的检查结果")
    rows = records(data)
    assert rows and {(r["unit"], r["year"]) for r in rows} == {(JILIN_CENTRE, 2022)}
    statuses = [r["status"] for r in rows]
    assert statuses == sorted(
        statuses, key=["fail", "unverifiable", "pass"].index
    )  # failures first
    assert data["summary"].startswith("未通过")


@pytest.fixture
def checks_db(corpus_db_path, tmp_path):
    """A copy whose checks table holds known rows (the columns issue #7 names)."""
    path = tmp_path / "kb.db"
    shutil.copy(corpus_db_path, path)
    conn = sqlite3.connect(path)
    conn.execute("drop view if exists check_summary")
    conn.execute("drop table if exists checks")
    conn.execute(
        "create table checks (id integer primary key, document_id integer, unit text, year integer, "
        '"check" text, statement text, subject text, expected real, found real, difference real, '
        "status text, detail text, segment_id integer, page integer, presence text)"
    )
    conn.executemany(
        'insert into checks (document_id, unit, year, "check", statement, subject, expected, found, '
        "difference, status, detail, segment_id, page) values (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [
            (
                2,
                CPC_OFFICE,
                2022,
                "三公经费与明细",
                "情况说明",
                "三公经费",
                51.28,
                51.28,
                0,
                "pass",
                "",
                None,
                None,
            ),
            (
                5,
                CHANGJI,
                2022,
                "三公表=情况说明",
                "三公经费表",
                "“三公”经费",
                2.17,
                2.27,
                0.1,
                "fail",
                "表 2.17，说明 2.27",
                None,
                None,
            ),
            (
                2,
                CPC_OFFICE,
                2022,
                "必备表格",
                "三公经费表",
                "“三公”经费支出表",
                None,
                None,
                None,
                "fail",
                "文件中未见该表",
                None,
                None,
            ),
            (
                1,
                JILIN_CENTRE,
                2022,
                "支出总表合计",
                "支出总表",
                "支出合计",
                1346.7,
                1346.7,
                0,
                "pass",
                "",
                3,
                None,
            ),
            (
                1,
                JILIN_CENTRE,
                2022,
                "三公表合计",
                "三公经费表",
                "三公经费",
                0.1,
                0.2,
                0.1,
                "fail",
                "",
                None,
                None,
            ),
        ],
    )
    conn.commit()
    conn.close()
    return path


def test_checks_that_failed(checks_db):
    client = create_app({"TESTING": True, "DATABASE": str(checks_db)}).test_client()
    data = ask_json(client, "哪些单位的三公经费前后不一致")
    assert data["template"] == "checks"
    # a missing table is not an inconsistency: only checks with two figures
    assert [(r["unit"], r["status"], r["expected"], r["found"]) for r in records(data)] == [
        (JILIN_CENTRE, "fail", 0.1, 0.2),
        (CHANGJI, "fail", 2.17, 2.27),
    ]
    assert CHANGJI in data["summary"]
    assert data["sources"][0][0]["url"].startswith("/kb/checks/")


def test_checks_of_one_unit(checks_db):
    client = create_app({"TESTING": True, "DATABASE": str(checks_db)}).test_client()
    data = ask_json(client, "吉林市政务信息中心2022年的检查结果")
    assert [r["check"] for r in records(data)] == ["三公表合计", "支出总表合计"]
    assert data["summary"] == "未通过 1 项，通过 1 项。"
    assert data["sources"][1][0]["segment_url"] == "/kb/segments/3"
    html = client.get("/ask", query_string={"q": "吉林市政务信息中心2022年的检查结果"}).get_data(
        as_text=True
    )
    assert 'class="status-fail">未通过' in html


def test_checks_without_the_table(corpus_db_path, tmp_path):
    path = tmp_path / "kb.db"
    shutil.copy(corpus_db_path, path)
    conn = sqlite3.connect(path)
    conn.execute("drop view if exists check_summary")
    conn.execute("drop table if exists checks")
    conn.commit()
    conn.close()
    client = create_app({"TESTING": True, "DATABASE": str(path)}).test_client()
    data = ask_json(client, "哪些单位的三公经费前后不一致", status=422)
    assert data["interpretation"]["problem"] == "no_checks"
    assert "checks" in data["summary"]


# --- one process with Datasette -------------------------------------------------------------------


def test_mounted_in_datasette(corpus_db_path):
    from datasette.app import Datasette

    async def fetch():
        ds = Datasette([str(corpus_db_path)], plugins_dir=str(ROOT / "plugins"))
        await ds.invoke_startup()
        answers = {}
        for path in (
            "/ask.json?q=30217+2022",
            "/ask?q=公务接待费+by+unit+2022",
            "/ask/static/ask.js",
            "/ask.csv?q=30217+2022",
            "/kb/facts/1.json",
            "/",
        ):
            response = await ds.client.get(path)
            answers[path] = (response.status_code, response.text)
        return answers

    answers = asyncio.run(fetch())
    status, body = answers["/ask.json?q=30217+2022"]
    assert status == 200
    data = json.loads(body)
    assert sorted(r[5] for r in data["rows"]) == [0.1, 0.17]
    assert data["sources"][0][0]["url"].startswith("/kb/facts/")
    assert answers["/ask?q=公务接待费+by+unit+2022"][0] == 200
    assert "51.28" in answers["/ask?q=公务接待费+by+unit+2022"][1]
    assert answers["/ask/static/ask.js"][0] == 200
    assert answers["/ask.csv?q=30217+2022"][0] == 200
    assert answers["/kb/facts/1.json"][0] == 200  # Datasette still serves the rest
    assert answers["/"][0] == 200


def test_trailing_slash_redirects(client):
    response = client.get("/ask/", query_string={"q": "30217 2022"})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/ask?q=30217")


def test_unrecognised_text_is_cut_into_words_for_suggestions(corpus_db_path):
    from kb.ask.answer import _words
    from kb.ask.vocab import load

    vocab = load(connect(str(corpus_db_path)))
    # jieba with the budget dictionary: words, not the character pairs 务网 or 旅经.
    assert _words("差旅经费", vocab) == {"差旅", "经费"}
    assert _words("政务网络运维", vocab) == {"政务", "网络"}
    assert "吉林市政务信息中心" in _words("吉林市政务信息中心的经费", vocab)


# --- no silent substitution ------------------------------------------------------------------


def test_a_code_with_its_name_is_asked_by_the_code(client):
    data = ask_json(client, "2010301 行政运行 各单位")
    assert data["rows"] == []  # 行政运行 is also 2013101's name: never answered with it
    assert data["summary"] == "数据库中没有科目编码 2010301 的数字。"
    assert data["suggestions"][:2] == [
        "2010302 一般行政管理事务 by unit",
        "2010350 事业运行 by unit",
    ]
    assert any("只按编码查询" in n for n in data["notes"])


def test_an_impossible_year_is_said_not_dropped(client):
    data = ask_json(client, "99999年 公务接待费", status=422)
    assert data["rows"] == []
    assert data["interpretation"]["problem"] == "bad_year"
    assert "99999" in data["summary"]


def test_a_place_name_without_its_suffix_filters_units(client):
    data = ask_json(client, "临江 公用经费")
    assert [(r["unit"], r["year"], r["amount"]) for r in records(data)] == [
        (LINJIANG, 2021, 475.45)
    ]
    data = ask_json(client, "北京市各部门三公经费", status=422)
    assert data["rows"] == [] and data["summary"].startswith("知识库中没有北京市的单位")


def test_english_names_of_items(client):
    english = ask_json(client, "official reception by unit 2022")
    chinese = ask_json(client, "公务接待费 by unit 2022")
    assert english["rows"] == chinese["rows"] and english["rows"]
    assert english["interpretation"]["unrecognised"] == []


def test_which_units_lack_a_table(client):
    data = ask_json(client, "哪些单位缺少三公经费表")
    assert data["template"] == "checks"
    assert [(r["unit"], r["year"], r["subject"]) for r in records(data)] == [
        (CPC_OFFICE, 2022, "“三公”经费支出表"),
        (LINJIANG, 2021, "“三公”经费支出表"),
    ]
    assert data["summary"].startswith("2 个单位的文件缺少所问的表格")


def test_the_page_shows_the_sql_with_its_parameters(client):
    html = client.get("/ask", query_string={"q": "公务接待费 by unit 2022"}).get_data(as_text=True)
    sql = html.split('id="sql"')[1].split("</details>")[0]
    assert "<th>:years</th><td><code>[2022]</code></td>" in sql
    assert "<th>:kind</th><td><code>null</code></td>" in sql


def test_edited_chips_are_asked_as_a_question_of_their_own(client):
    """The chips form sends one ``w`` per chip: a cleared chip drops out, the thread stays."""
    response = client.get(
        "/ask", query_string=[("w", "2023年"), ("w", ""), ("w", "公务接待费"), ("thread", "前2名")]
    )
    assert response.status_code == 302
    assert (
        response.headers["Location"]
        == "/ask?q=2023%E5%B9%B4+%E5%85%AC%E5%8A%A1%E6%8E%A5%E5%BE%85%E8%B4%B9&thread=%E5%89%8D2%E5%90%8D"
    )
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'id="chips"' in html and 'value="2023年"' in html and 'list="known-years"' in html
    assert '<option value="2022年">' in html
