"""Facts: every printed figure of the samples as a normalised, traceable row."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kb.build import build
from kb.cli import cli
from kb.facts import table_to_facts
from kb.facts.columns import Column
from kb.facts.placement import place_short_row
from kb.model import Table

from .conftest import CORPUS, SAMPLES

TABLE_FACT_COUNTS = {
    "000": {
        "预算表1": 46,
        "预算表3": 31,
        "预算表4": 9,
        "预算表5": 48,
        "预算表6": 31,
        "三公经费表": 2,
        "预算表10": 18,
        "绩效目标表": 15,
    },
    "001": {
        "收支总表": 43,
        "收入总表": 9,
        "支出总表": 37,
        "预算表4": 9,
        "预算表5": 56,
        "项目支出表": 40,
        "绩效目标表": 28,
    },
    "002": {
        "公开01表": 9,
        "公开02表": 32,
        "公开03表": 38,
        "公开04表": 15,
        "公开05表": 56,
        "公开06表": 27,
        "绩效自评表": 168,
    },
    "003": {"绩效自评表": 72},
    "004": {
        "表1": 8,
        "表2": 32,
        "表3": 33,
        "表4": 13,
        "表5": 33,
        "表6": 51,
        "表7": 10,
        "表8": 6,
        "绩效目标表": 6,
    },
}


def facts(corpus_db, where: str, params: tuple = ()) -> list[dict]:
    return list(corpus_db.query(f"select * from facts where {where} order by id", params))


def one(corpus_db, where: str, params: tuple = ()) -> dict:
    (row,) = facts(corpus_db, where, params)
    return row


@pytest.mark.parametrize("key", sorted(TABLE_FACT_COUNTS))
def test_fact_counts_per_table(corpus_db, key):
    rows = corpus_db.query(
        """select coalesce(f.table_number, f.statement) as tab, count(*) as n
           from facts f join documents d on d.id = f.document_id
           where d.filename = ? and f.source = 'table' group by tab""",
        [SAMPLES[key].name],
    )
    assert {r["tab"]: r["n"] for r in rows} == TABLE_FACT_COUNTS[key]


def test_issue_examples(corpus_db):
    fact = one(corpus_db, "unit = '吉林市政务信息中心' and code = '30217' and measure = '公用经费'")
    assert (fact["item"], fact["amount"], fact["statement"], fact["code_system"]) == (
        "公务接待费",
        0.1,
        "基本支出表",
        "经济分类",
    )
    assert (fact["table_number"], fact["row"], fact["line"], fact["kind"], fact["year"]) == (
        "预算表6",
        13,
        224,
        "预算",
        2022,
    )
    assert (
        SAMPLES["000"]
        .read_text("utf-8")
        .splitlines()[fact["line"] - 1]
        .startswith("30217\t公务接待费\t0.1")
    )
    general = facts(
        corpus_db, "unit = '吉林市政务信息中心' and code = '201' and statement = '支出总表'"
    )
    assert {(f["measure"], f["amount"]) for f in general} == {
        ("合计", 1317.9),
        ("基本支出", 89.2),
        ("项目支出", 1228.7),
    }
    assert general[0]["code_system"] == "功能分类"
    split = one(
        corpus_db,
        "unit like '昌吉州%' and code = '2010350' and statement = '一般公共预算支出表' and measure = '合计'",
    )
    assert (split["item"], split["amount"]) == ("事业运行", 106.26)
    thousands = one(
        corpus_db,
        "unit like '吉林省%' and code = '201' and statement = '支出总表' and measure = '本年支出合计'",
    )
    assert thousands["amount"] == 42557.12 and thousands["printed"] == "42,557.12"
    side = one(corpus_db, "unit like '吉林省%' and code = '30211'")
    assert (side["item"], side["measure"], side["amount"], side["statement"]) == (
        "差旅费",
        "决算数",
        10.11,
        "基本支出表",
    )
    narrative = one(
        corpus_db, "unit = '中共吉林市委办公室' and item_key = '公务接待费' and measure = '预算数'"
    )
    assert (narrative["amount"], narrative["source"], narrative["statement"]) == (
        51.28,
        "narrative",
        "情况说明",
    )
    assert narrative["printed"] == "公务接待费51.28万元"


def test_side_by_side_groups_give_one_fact_each(corpus_db):
    row = facts(corpus_db, "unit like '吉林省%' and table_number = '公开06表' and row = 1")
    assert [(f["code"], f["item"], f["amount"]) for f in row] == [
        ("301", "工资福利支出", 268.35),
        ("302", "商品和服务支出", 28.85),
    ]


def test_typo_and_empty_cells(corpus_db):
    typo = one(
        corpus_db,
        "unit like '昌吉州%' and table_number = '表2' and code = '208' and measure = '合计'",
    )
    assert typo["amount"] == 14.41 and typo["printed"] == "14。41" and "14。41" in typo["note"]
    # 000's 三公 table leaves 因公出国（境）费用 empty: no fact, not a zero.
    three = facts(corpus_db, "unit = '吉林市政务信息中心' and statement = '三公经费表'")
    assert [(f["item_key"], f["amount"]) for f in three] == [("三公经费", 0.1), ("公务接待费", 0.1)]


def test_three_public_table_with_items_as_columns(corpus_db):
    three = facts(corpus_db, "unit like '昌吉州%' and statement = '三公经费表'")
    assert [(f["item_key"], f["measure"], f["amount"]) for f in three] == [
        ("三公经费", "预算数", 2.17),
        ("因公出国（境）费", "预算数", 0.0),
        ("公务用车购置及运行费", "预算数", 2.17),
        ("公务用车购置费", "预算数", 0.0),
        ("公务用车运行费", "预算数", 2.0),
        ("公务接待费", "预算数", 0.17),
    ]


def test_header_contradicting_its_sums_is_relabelled(corpus_db):
    rows = facts(corpus_db, "unit like '吉林省%' and table_number = '公开05表' and code = '201'")
    assert [(f["measure"], f["amount"]) for f in rows] == [
        ("合计", 42557.12),
        ("基本支出", 263.51),
        ("人员经费", 234.66),
        ("公用经费", 28.85),
        ("项目支出", 42293.61),
    ]
    assert "the table's sums place it under 基本支出" in rows[1]["note"]


def test_projects_and_forms(corpus_db):
    project = one(
        corpus_db,
        "unit = '中共吉林市委办公室' and statement = '项目支出表' and item = '市委无线网络覆盖建设' and measure = '合计'",
    )
    assert project["amount"] == 4450.0
    firewall = facts(corpus_db, "unit like '临江市%' and item = '防火墙' and measure like '%数'")
    assert {(f["measure"], f["amount"]) for f in firewall} >= {
        ("年初预算数", 8.7),
        ("全年执行数", 8.7),
    }
    network = one(
        corpus_db,
        "unit like '吉林省%' and item = '吉林省电子政务外网服务项目' and measure = '全年执行数'",
    )
    assert network["amount"] == 1432.94
    target = one(
        corpus_db,
        "unit = '吉林市政务信息中心' and item = '网络租用及设备维护费' and measure = '年度资金总额'",
    )
    assert target["amount"] == 46.2


def test_unplaced_rows_are_recorded(corpus_db):
    rows = list(corpus_db.query("select * from unplaced where document_id = 1"))
    assert [json.loads(r["cells"]) for r in rows] == [["", "", "118.0", "107.1", "10.9"]]
    assert rows[0]["statement"] == "基本支出表" and "no subject name" in rows[0]["reason"]


def test_every_fact_traces_to_its_segment(corpus_db):
    orphans = corpus_db.execute(
        "select count(*) from facts f left join segments s on s.id = f.segment_id where s.id is null"
    ).fetchone()[0]
    assert orphans == 0
    wrong_row = corpus_db.execute(
        "select count(*) from facts f join segments s on s.id = f.segment_id "
        "where f.source = 'table' and (f.row < 1 or f.row > s.row_count)"
    ).fetchone()[0]
    assert wrong_row == 0


def test_fact_count_is_stable_across_rebuilds(tmp_path, corpus_db):
    build([CORPUS], tmp_path / "again.db")
    import sqlite_utils

    again = sqlite_utils.Database(tmp_path / "again.db")
    query = "select document_id, statement, code, item, measure, amount, row, line from facts order by id"
    assert list(again.query(query)) == list(corpus_db.query(query))
    assert again["facts"].count == corpus_db["facts"].count == 1344


def test_yuan_tables_are_converted():
    table = Table(
        title="基本支出表",
        unit="元",
        statement="基本支出表",
        header=[["科目编码", "科目名称", "合计", "人员经费", "公用经费"]],
        rows=[["30217", "公务接待费", "12,345.00", "", "12,345.00"]],
        row_lines=[10],
    )
    result = table_to_facts(table, "预算")
    assert [(f.measure, f.amount) for f in result.facts] == [("合计", 1.2345), ("公用经费", 1.2345)]


def _columns(*labels: str) -> list[Column]:
    return [Column(i, [label]) for i, label in enumerate(labels)]


def test_arithmetic_places_figures_of_a_short_row():
    columns = _columns("合计", "基本支出", "人员经费", "公用经费", "项目支出")
    placed = place_short_row(columns, [10.0, 10.0, 6.0, 4.0], "预算")
    assert [m for m, _ in placed] == ["合计", "基本支出", "人员经费", "公用经费"]
    assert all("arithmetic" in note for _, note in placed)


def test_arithmetic_that_cannot_decide_leaves_the_measure_open():
    columns = _columns("合计", "基本支出", "项目支出")
    placed = place_short_row(columns, [10.0, 10.0], "预算")
    assert placed[0][0] == "合计"
    assert placed[1] == (
        None,
        "column not determined: the table's arithmetic allows 基本支出 / 项目支出",
    )


def test_short_rows_in_a_table_use_the_arithmetic():
    table = Table(
        statement="一般公共预算支出表",
        header=[
            ["科目编码", "科目名称", "合计", "基本支出", "", "", "项目支出"],
            ["", "", "", "小计", "人员经费", "公用经费", ""],
        ],
        rows=[["201", "一般公共服务支出", "10", "10", "6", "4"], ["2010350", "事业运行", "7", "7"]],
        row_lines=[1, 2],
    )
    result = table_to_facts(table, "预算")
    first = [(f.measure, f.amount) for f in result.facts if f.row == 1]
    assert first == [("合计", 10.0), ("基本支出", 10.0), ("人员经费", 6.0), ("公用经费", 4.0)]
    # 7 and 7 under 合计/基本支出/人员经费/公用经费/项目支出: only 合计 = 项目支出 adds up.
    second = [(f.measure, f.amount) for f in result.facts if f.row == 2]
    assert second == [("合计", 7.0), ("项目支出", 7.0)]


def test_kb_facts_cli(corpus_db_path):
    result = CliRunner().invoke(
        cli, ["facts", "--db", str(corpus_db_path), "--code", "30217", "--json"]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert {(r["unit"], r["measure"], r["amount"]) for r in rows} == {
        ("吉林市政务信息中心", "合计", 0.1),
        ("吉林市政务信息中心", "公用经费", 0.1),
        ("昌吉州人民政府电子政务办公室", "合计", 0.17),
        ("昌吉州人民政府电子政务办公室", "公用经费", 0.17),
    }
    text = CliRunner().invoke(
        cli,
        [
            "facts",
            "--db",
            str(corpus_db_path),
            "--item",
            "公务接待费",
            "--unit",
            "中共吉林市委",
            "--statement",
            "情况说明",
        ],
    )
    assert "中共吉林市委办公室 2022预算" in text.output and "51.28 万元" in text.output
    as_csv = CliRunner().invoke(
        cli, ["facts", "--db", str(corpus_db_path), "--code", "201*", "--year", "2023", "--csv"]
    )
    lines = as_csv.output.splitlines()
    assert lines[0].startswith("id,unit,year,kind,statement")
    assert all(",2023," in line for line in lines[1:]) and len(lines) > 10
