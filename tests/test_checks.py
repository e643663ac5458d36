"""Checks on the five samples: the contradictions they really contain are found, the
figures that agree pass, and what cannot be seen is left unverifiable."""

from __future__ import annotations

import json
import shutil

import pytest
import sqlite_utils

from kb.checks import CHECK_NAMES, CHECKS, write_checks

from .conftest import SAMPLES


@pytest.fixture(scope="module")
def checked(corpus_db_path, tmp_path_factory) -> sqlite_utils.Database:
    """The corpus database with the checks written (on a copy: the shared one stays as built)."""
    path = tmp_path_factory.mktemp("checks") / "kb.db"
    shutil.copy(corpus_db_path, path)
    db = sqlite_utils.Database(path)
    write_checks(db)
    return db


def doc_id(db: sqlite_utils.Database, key: str) -> int:
    return db.execute(
        "select id from documents where filename = ?", [SAMPLES[key].name]
    ).fetchone()[0]


def rows(db, key: str, check: str | None = None, **where) -> list[dict]:
    sql = "select * from checks where document_id = ?"
    params: list = [doc_id(db, key)]
    if check:
        sql += ' and "check" = ?'
        params.append(check)
    for column, value in where.items():
        sql += f' and "{column}" = ?'
        params.append(value)
    return list(db.query(sql + " order by id", params))


def one(db, key: str, check: str, **where) -> dict:
    found = rows(db, key, check, **where)
    assert len(found) == 1, found
    return found[0]


def counts(db, key: str) -> dict[str, int]:
    found = db.execute(
        "select status, count(*) from checks where document_id = ? group by status",
        [doc_id(db, key)],
    ).fetchall()
    return {"pass": 0, "fail": 0, "unverifiable": 0} | dict(found)


def failing(db, key: str) -> list[tuple[str, str]]:
    return [(r["check"], r["subject"]) for r in rows(db, key, status="fail")]


# --- 004 (昌吉州): the 基本支出 total of 表5 is 144.06 where every other source says 144.96 ---


def test_004_basic_total_contradiction(checked):
    row = one(checked, "004", "一般公共预算支出表=基本支出表", subject="基本支出合计")
    assert (row["status"], row["found"], row["expected"], row["difference"]) == (
        "fail",
        144.06,
        144.96,
        -0.9,
    )
    assert (
        row["detail"]
        == "一般公共预算支出表（表5）中基本支出合计为144.06万元，而基本支出表（表6）合计为144.96万元，相差0.90万元。"
    )
    assert row["statement"] == "一般公共预算支出表" and row["family"] == "跨表"
    assert row["tolerance"] == pytest.approx(0.010001) and "舍入误差之和0.010万元" in row["rule"]
    facts = json.loads(row["facts"])
    printed = checked.execute(
        f"select printed from facts where id in ({','.join('?' * len(facts))}) order by id", facts
    ).fetchall()
    assert sorted(p for (p,) in printed) == ["144.06", "144.96"]

    table3 = one(checked, "004", "支出总表=一般公共预算支出表", subject="合计（基本支出）")
    assert (table3["status"], table3["found"], table3["expected"], table3["difference"]) == (
        "fail",
        144.96,
        144.06,
        0.9,
    )
    row_sum = [r for r in rows(checked, "004", "合计=基本+项目", status="fail")]
    assert [
        (r["statement"], r["subject"], r["found"], r["expected"], r["difference"]) for r in row_sum
    ] == [("一般公共预算支出表", "合计", 314.96, 314.06, 0.9)]
    narrative = one(checked, "004", "一般公共预算支出表=情况说明", subject="基本支出")
    assert (narrative["status"], narrative["found"], narrative["expected"]) == (
        "fail",
        144.06,
        144.96,
    )
    said = one(checked, "004", "基本支出表=情况说明", subject="一般公共预算基本支出")
    assert (said["status"], said["found"], said["expected"], said["difference"]) == (
        "pass",
        144.96,
        144.96,
        0.0,
    )
    basic = one(checked, "004", "支出总表=情况说明", subject="基本支出")
    assert (basic["status"], basic["found"]) == ("pass", 144.96)


def test_004_class_201_basic_versus_its_items(checked):
    """表3 and 表5 print 201/20103 as all 基本支出 (276.26) while their 项 rows split 106.26 / 170."""
    for statement in ("支出总表", "一般公共预算支出表"):
        found = {
            r["subject"]: (r["status"], r["found"], r["expected"], r["difference"])
            for r in rows(checked, "004", "款=项之和", statement=statement)
            if r["subject"].startswith("20103")
        }
        assert found == {
            "20103政府办公厅（室）及相关机构事务（合计）": ("pass", 276.26, 276.26, 0.0),
            "20103政府办公厅（室）及相关机构事务（基本支出）": ("fail", 276.26, 106.26, 170.0),
            "20103政府办公厅（室）及相关机构事务（项目支出）": ("fail", 0.0, 170.0, -170.0),
        }
        total = {
            r["subject"]: (r["status"], r["found"], r["expected"])
            for r in rows(checked, "004", "合计=各类之和", statement=statement)
        }
        assert total["合计（合计）"] == ("pass", 314.96, 314.96)
        assert total["合计（项目支出）"] == ("fail", 170.0, 0.0)
        # The 201 row itself adds up: 276.26 = 276.26 + (blank).
        own = one(
            checked, "004", "合计=基本+项目", statement=statement, subject="201一般公共服务支出"
        )
        assert (own["status"], own["found"], own["expected"]) == ("pass", 276.26, 276.26)
    detail = one(
        checked,
        "004",
        "款=项之和",
        statement="一般公共预算支出表",
        subject="20103政府办公厅（室）及相关机构事务（基本支出）",
    )["detail"]
    assert "2010350事业运行106.26、2010399其他政府（室）及相关机构事务支出空白" in detail


def test_004_three_public_table_subtotal(checked):
    cars = one(
        checked,
        "004",
        "三公合计=分项",
        statement="三公经费表",
        subject="公务用车购置及运行费（预算数）",
    )
    assert (cars["status"], cars["found"], cars["expected"], cars["difference"]) == (
        "fail",
        2.17,
        2.0,
        0.17,
    )
    total = one(
        checked, "004", "三公合计=分项", statement="三公经费表", subject="三公经费（预算数）"
    )
    assert (total["status"], total["found"], total["expected"], total["difference"]) == (
        "fail",
        2.17,
        2.34,
        -0.17,
    )
    assert "错在公务用车购置及运行费一栏" in total["detail"]
    said = one(checked, "004", "三公合计=分项", statement="情况说明", subject="三公经费（预算数）")
    assert (said["status"], said["found"], said["expected"]) == ("pass", 2.17, 2.17)
    against = {
        r["subject"]: (r["status"], r["found"], r["expected"])
        for r in rows(checked, "004", "三公表=情况说明")
    }
    assert against == {
        "三公经费（预算数）": ("pass", 2.17, 2.17),
        "因公出国（境）费（预算数）": ("pass", 0.0, 0.0),
        "公务用车购置费（预算数）": ("pass", 0.0, 0.0),
        "公务用车运行费（预算数）": ("pass", 2.0, 2.0),
        "公务接待费（预算数）": ("pass", 0.17, 0.17),
    }


def test_004_unit_misprint_is_read_as_wan(checked):
    row = one(checked, "004", "支出总表=情况说明", subject="支出预算")
    assert (row["status"], row["found"], row["expected"]) == ("pass", 314.96, 314.96)
    assert "单位印作“元”" in row["detail"]


def test_004_failures_and_counts(checked):
    assert counts(checked, "004") == {"pass": 219, "fail": 15, "unverifiable": 0}
    assert ("必备表格", "国有资本经营预算支出表") in failing(checked, "004")
    empty = one(checked, "004", "必备表格", subject="政府性基金预算支出表")
    assert (empty["status"], empty["presence"]) == ("pass", "empty")


# --- 001 (中共吉林市委办公室): 卫生健康 and 住房保障 under 项目支出 in 支出总表, 基本支出 in 表5 ---


def test_001_health_spending_in_different_columns(checked):
    found = {
        r["subject"]: (r["status"], r["found"], r["expected"], r["difference"])
        for r in rows(checked, "001", "支出总表=一般公共预算支出表")
        if r["status"] == "fail"
    }
    assert found == {
        "210卫生健康支出（基本支出）": ("fail", 0.0, 43.52, -43.52),
        "210卫生健康支出（项目支出）": ("fail", 43.52, 0.0, 43.52),
        "2101101行政单位医疗（基本支出）": ("fail", 0.0, 43.52, -43.52),
        "2101101行政单位医疗（项目支出）": ("fail", 43.52, 0.0, 43.52),
        "221住房保障支出（基本支出）": ("fail", 0.0, 67.82, -67.82),
        "221住房保障支出（项目支出）": ("fail", 67.82, 0.0, 67.82),
        "2210201住房公积金（基本支出）": ("fail", 0.0, 67.82, -67.82),
        "2210201住房公积金（项目支出）": ("fail", 67.82, 0.0, 67.82),
    }
    detail = one(
        checked, "001", "支出总表=一般公共预算支出表", subject="210卫生健康支出（基本支出）"
    )["detail"]
    assert (
        detail
        == "支出总表“210卫生健康支出”行基本支出为空白（按0计），而一般公共预算支出表（预算表5）同一行基本支出为43.52万元，相差43.52万元。"
    )
    agree = one(checked, "001", "支出总表=一般公共预算支出表", subject="合计（基本支出）")
    assert (agree["status"], agree["found"], agree["expected"]) == ("pass", 943.25, 943.25)
    # Its own 合计 row no longer adds up over the 类 rows.
    total = one(checked, "001", "合计=各类之和", statement="支出总表", subject="合计（基本支出）")
    assert (total["status"], total["found"], total["expected"], total["difference"]) == (
        "fail",
        943.25,
        831.91,
        111.34,
    )


def test_001_missing_tables_and_narrative_three_public(checked):
    missing = {r["subject"] for r in rows(checked, "001", "必备表格", status="fail")}
    assert missing == {
        "基本支出表",
        "“三公”经费支出表",
        "政府性基金预算支出表",
        "国有资本经营预算支出表",
    }
    toc = {r["subject"] for r in rows(checked, "001", "目录所列表格", status="fail")}
    assert toc == {"基本支出表", "“三公”经费支出表", "政府性基金预算支出表"}
    three = one(checked, "001", "三公合计=分项")
    assert (three["status"], three["statement"], three["found"], three["expected"]) == (
        "pass",
        "情况说明",
        51.28,
        51.28,
    )
    table = one(checked, "001", "三公表=情况说明")
    assert (table["status"], table["found"], table["expected"]) == ("unverifiable", 51.28, None)
    assert "未公开“三公”经费支出表" in table["detail"]
    assert counts(checked, "001") == {"pass": 163, "fail": 17, "unverifiable": 1}


def test_001_duplicated_class_rows_agree(checked):
    repeats = rows(checked, "001", "重复行一致")
    assert len(repeats) == 5 and {r["status"] for r in repeats} == {"pass"}
    row_sum = one(checked, "001", "合计=基本+项目", statement="一般公共预算支出表", subject="合计")
    assert (row_sum["status"], row_sum["found"], row_sum["expected"]) == ("pass", 6677.45, 6677.45)


# --- 000 (吉林市政务信息中心): arithmetic all agrees; two tables of its contents are missing ---


def test_000_only_completeness_fails(checked):
    assert sorted(failing(checked, "000")) == [
        ("必备表格", "国有资本经营预算支出表"),
        ("必备表格", "收入总表"),
        ("目录所列表格", "国有资本经营预算支出表"),
        ("目录所列表格", "收入总表"),
    ]
    assert counts(checked, "000") == {"pass": 191, "fail": 4, "unverifiable": 0}
    basic = one(checked, "000", "一般公共预算支出表=基本支出表", subject="基本支出合计")
    assert (basic["status"], basic["found"], basic["expected"]) == ("pass", 118.0, 118.0)
    # figures printed to 0.1 万元: each may be off by 0.05
    assert basic["tolerance"] == pytest.approx(0.100001)
    three = one(checked, "000", "三公表=情况说明")
    assert (three["status"], three["found"], three["expected"]) == ("pass", 0.1, 0.1)
    said = one(checked, "000", "基本支出表=情况说明", subject="一般公共预算基本支出")
    assert (said["status"], said["found"], said["expected"]) == ("pass", 118.0, 118.0)
    # 201 is printed twice (with and without its code); counted once, compared with its twin
    twin = one(checked, "000", "重复行一致", subject="201一般公共服务支出（合计）")
    assert (twin["status"], twin["found"], twin["expected"]) == ("pass", 1317.9, 1317.9)
    cls = one(
        checked,
        "000",
        "类=款之和",
        statement="一般公共预算支出表",
        subject="201一般公共服务支出（合计）",
    )
    assert (cls["status"], cls["found"], cls["expected"]) == ("pass", 1317.9, 1317.9)
    assert "未列款级科目" in cls["detail"]


# --- 002 (吉林省 决算): everything agrees; budget against actual from its own sentences ---


def test_002_agrees(checked):
    assert failing(checked, "002") == []
    assert counts(checked, "002") == {"pass": 247, "fail": 0, "unverifiable": 5}
    rate = one(checked, "002", "执行率=决算/预算", subject="一般公共预算财政拨款支出")
    assert (rate["status"], rate["found"], rate["expected"]) == ("pass", 639.93, 639.93)
    zero = one(checked, "002", "执行率=决算/预算", subject="其他网信事务支出")
    assert (zero["status"], zero["found"]) == ("unverifiable", 46890.0)
    basic = one(checked, "002", "一般公共预算支出表=基本支出表", subject="基本支出合计")
    assert (basic["status"], basic["found"], basic["expected"]) == ("pass", 297.2, 297.2)
    assert "表中未印合计数" in basic["detail"]
    empty = {
        r["subject"]: (r["status"], r["presence"])
        for r in rows(checked, "002", "必备表格")
        if r["presence"] != "present"
    }
    assert empty == {
        "“三公”经费支出表": ("pass", "empty"),
        "政府性基金预算支出表": ("pass", "empty"),
        "国有资本经营预算支出表": ("pass", "empty"),
    }


def test_002_budget_vs_actual(checked):
    pairs = {
        r["item"]: (
            r["budget"],
            r["actual"],
            r["difference"],
            r["execution_rate"],
            r["stated_rate"],
            r["basis"],
        )
        for r in checked.query(
            "select * from budget_vs_actual where document_id = ?", [doc_id(checked, "002")]
        )
    }
    assert pairs["住房公积金"] == (9.55, 11.33, 1.78, 118.64, 118.64, "决算情况说明")
    assert pairs["一般公共预算财政拨款支出"] == (
        6655.58,
        42590.81,
        35935.23,
        639.93,
        639.93,
        "决算情况说明",
    )
    assert pairs["其他网信事务支出"][3] is None  # 年初预算 0: no rate
    assert pairs["吉林省电子政务外网服务项目"] == (
        1436.23,
        1432.94,
        -3.29,
        99.77,
        None,
        "绩效自评表",
    )
    assert pairs["三公经费"][:2] == (0.0, 0.0)
    row = next(checked.query("select * from budget_vs_actual where item = '住房公积金'"))
    assert (row["unit"], row["year"], row["budget_measure"], row["actual_measure"]) == (
        "吉林省政务服务和数字化建设服务中心",
        2023,
        "年初预算",
        "决算数",
    )
    assert (
        row["detail"]
        == "住房公积金：年初预算9.55万元，决算数11.33万元，超出1.78万元，执行率118.64%（文件称完成预算的118.64%）。"
    )


# --- 003 (临江市 决算): its tables are in an attachment the text does not contain ---


def test_003_tables_in_attachment_are_unverifiable(checked):
    required = rows(checked, "003", "必备表格")
    assert len(required) == 9 and {(r["status"], r["presence"]) for r in required} == {
        ("unverifiable", "missing")
    }
    assert "详见附件" in required[0]["detail"]
    inner = {
        r["subject"]: (r["status"], r["found"], r["expected"])
        for r in rows(checked, "003", "情况说明合计=分项")
    }
    assert inner == {
        "基本支出": ("pass", 721.41, 721.41),
        "一般公共预算财政拨款基本支出": ("pass", 721.33, 721.33),
    }
    assert counts(checked, "003") == {"pass": 7, "fail": 0, "unverifiable": 23}
    rate = one(checked, "003", "执行率=决算/预算", subject="一般公共预算财政拨款支出")
    assert (rate["status"], rate["found"], rate["expected"]) == ("pass", 279.93, 279.93)


# --- the tables as written ---


def test_check_names_are_documented_and_used(checked):
    used = {r[0] for r in checked.execute('select distinct "check" from checks')}
    assert used <= set(CHECK_NAMES)
    assert len(CHECK_NAMES) == len(set(CHECK_NAMES))
    assert all(c.label and c.family for c in CHECKS)
    assert {"三公合计=分项", "三公表=情况说明", "必备表格"} <= used


def test_every_row_is_well_formed(checked):
    for row in checked.query("select * from checks"):
        assert row["status"] in ("pass", "fail", "unverifiable")
        assert row["detail"] and row["detail"].endswith(("。", "）"))
        if row["expected"] is not None and row["found"] is not None:
            assert row["difference"] == pytest.approx(row["found"] - row["expected"], abs=1e-6)
            assert row["tolerance"] is not None and row["rule"]
            if row["status"] == "pass":
                assert abs(row["difference"]) <= row["tolerance"] + 1e-9
            if row["status"] == "fail":
                assert abs(row["difference"]) > row["tolerance"]
        if row["family"] == "完整性":
            assert row["presence"] in ("present", "empty", "missing")


def test_write_checks_is_idempotent(checked):
    before = list(
        checked.query('select "check", status, subject, found, expected from checks order by id')
    )
    pairs = checked.execute("select count(*) from budget_vs_actual").fetchone()
    write_checks(checked)
    assert (
        list(
            checked.query(
                'select "check", status, subject, found, expected from checks order by id'
            )
        )
        == before
    )
    assert checked.execute("select count(*) from budget_vs_actual").fetchone() == pairs


def test_summary_view_and_foreign_keys(checked):
    summary = {r["document_id"]: r for r in checked.query("select * from check_summary")}
    mine = summary[doc_id(checked, "001")]
    assert (mine["passed"], mine["failed"], mine["unverifiable"]) == (163, 17, 1)
    assert (
        mine["tables_missing"]
        == "基本支出表、“三公”经费支出表、政府性基金预算支出表、国有资本经营预算支出表"
    )
    assert "支出总表=一般公共预算支出表：支出总表“210卫生健康支出”行基本支出" in mine["failures"]
    assert (
        summary[doc_id(checked, "002")]["tables_empty"]
        == "“三公”经费支出表、政府性基金预算支出表、国有资本经营预算支出表"
    )
    keys = {(fk.column, fk.other_table) for fk in checked["checks"].foreign_keys}
    assert keys == {("document_id", "documents"), ("segment_id", "segments")}
    indexed = {tuple(i.columns) for i in checked["checks"].indexes}
    assert {("document_id",), ("check",), ("status", "document_id"), ("unit", "year")} <= indexed


def test_never_fails_on_figures_without_a_column(checked):
    """No failed check rests on a fact whose measure the extraction left open."""
    for row in checked.query(
        "select facts from checks where status = 'fail' and facts is not null"
    ):
        ids = json.loads(row["facts"])
        open_ = checked.execute(
            f"select count(*) from facts where measure is null and id in ({','.join('?' * len(ids))})",
            ids,
        ).fetchone()[0]
        assert open_ == 0
