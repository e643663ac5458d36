"""Planted errors: a correct disclosure (000's text, completed with the two tables it
leaves out) passes every check; one changed figure is caught by the check for it."""

from __future__ import annotations

import pytest
import sqlite_utils

from kb.build import build
from kb.checks import write_checks

from .conftest import SAMPLES

INCOME_TABLE = """二、2022 年收入预算总表

预算表 2

吉林市政务信息中心收入总表

单位：万元

科目编码	科目名称	合计	一般公共预算
**	栏次	1	2
	合计	1346.7	1346.7
201	一般公共服务支出	1317.9	1317.9
208	社会保障和就业支出	12.9	12.9
210	卫生健康支出	6.2	6.2
221	住房保障支出	9.7	9.7

"""
STATE_CAPITAL_TABLE = """九、2022 年国有资本经营预算支出表

预算表 9

吉林市政务信息中心本年国有资本经营预算支出表

单位：万元

科目编码	功能分类科目名称	合计	基本支出	项目支出
**	栏次	1	2	3

"""
PROJECT_CHAPTER = """十二、2022年项目支出预算情况

2022年项目支出1228.7万元。

第四部分 名词解释"""


def correct_text() -> str:
    """000 with its 收入总表 and 国有资本经营 table added: a disclosure with nothing wrong."""
    text = SAMPLES["000"].read_text("utf-8")
    spending = "三、2022 年支出预算总表\n\n预算表 3"
    text = text.replace(spending, INCOME_TABLE + spending, 1)
    projects = "十、2022 项目支出表\n\n预算表 10"
    text = text.replace(projects, STATE_CAPITAL_TABLE + projects, 1)
    return _with_project_chapter(text)


def _with_project_chapter(text: str) -> str:
    head, sep, tail = text.rpartition("第四部分 名词解释")
    return head + PROJECT_CHAPTER + tail if sep else text


def checked_text(tmp_path, text: str, name: str = "doc.txt") -> sqlite_utils.Database:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    db_path = tmp_path / "kb.db"
    build([path], db_path)
    db = sqlite_utils.Database(db_path)
    write_checks(db)
    return db


def statuses(db) -> dict[str, int]:
    return dict(db.execute("select status, count(*) from checks group by status").fetchall())


def failed_checks(db) -> set[str]:
    return {
        r[0] for r in db.execute("""select distinct "check" from checks where status = 'fail'""")
    }


def test_correct_document_has_no_failure(tmp_path):
    db = checked_text(tmp_path, correct_text())
    assert statuses(db) == {"pass": 205}
    project = next(db.query("""select * from checks where "check" = '项目支出表=情况说明'"""))
    assert (project["status"], project["found"], project["expected"]) == ("pass", 1228.7, 1228.7)


def test_real_correct_sample_has_no_failure(tmp_path):
    db = checked_text(tmp_path, SAMPLES["002"].read_text("utf-8"))
    assert "fail" not in statuses(db)


# (what is changed, from, to, the checks that must now fail)
PLANTED = [
    (
        "row total",
        "2080505\t机关事业单位基本养老保险缴费支出\t12.9\t12.9",
        "2080505\t机关事业单位基本养老保险缴费支出\t13.9\t12.9",
        {"合计=基本+项目", "款=项之和", "支出总表=一般公共预算支出表"},
    ),
    (
        "basic split",
        "2010350\t事业运行\t89.2\t89.2\t78.3\t10.9",
        "2010350\t事业运行\t89.2\t89.2\t77.3\t10.9",
        {"基本=人员+公用"},
    ),
    (
        "class vs items",
        "20805\t行政事业单位养老支出\t12.9\t12.9",
        "20805\t行政事业单位养老支出\t12.0\t12.0",
        {"类=款之和", "款=项之和"},
    ),
    (
        "total vs classes",
        "\t合计\t1346.7\t118.0\t1228.7",
        "\t合计\t1356.7\t128.0\t1228.7",
        {"合计=各类之和", "支出总表=一般公共预算支出表", "支出总表=情况说明"},
    ),
    ("income vs expense", "支 出 总 计\t1346.7", "支 出 总 计\t1345.7", {"收入总计=支出总计"}),
    (
        "repeated row",
        "\n\t社会保障和就业支出\t12.9\t12.9\t12.9",
        "\n\t社会保障和就业支出\t12.5\t12.5\t12.5",
        {"重复行一致"},
    ),
    (
        "appropriation table",
        "（十）卫生健康支出\t6.2",
        "（十）卫生健康支出\t7.2",
        {"财政拨款收支总表=一般公共预算支出表", "合计=各类之和"},
    ),
    (
        "summary table",
        "十、卫生健康支出\t6.2",
        "十、卫生健康支出\t7.2",
        {"收支总表=支出总表", "合计=各类之和"},
    ),
    (
        "basic table",
        "30101\t基本工资\t46.6\t46.6\t\n",
        "30101\t基本工资\t47.6\t47.6\t\n",
        {"合计=各类之和"},
    ),
    (
        "project table",
        "合计\t\t\t\t1228.7\t1228.7",
        "合计\t\t\t\t1238.7\t1238.7",
        {"项目支出表=一般公共预算支出表", "项目支出表=情况说明"},
    ),
    ("三公 total", "合 计\t0.1", "合 计\t0.3", {"三公合计=分项", "三公表=情况说明"}),
    (
        "三公 narrative",
        "“三公”经费预算数为0.1万元",
        "“三公”经费预算数为0.5万元",
        {"三公表=情况说明"},
    ),
    (
        "basic narrative",
        "2022年一般公共预算基本支出118万元",
        "2022年一般公共预算基本支出119万元",
        {"基本支出表=情况说明", "情况说明合计=分项"},
    ),
    (
        "general narrative",
        "一般公共服务（类）支出1317.9万元",
        "一般公共服务（类）支出1318.9万元",
        {"一般公共预算支出表=情况说明"},
    ),
    (
        "spending narrative",
        "基本支出 118 万元",
        "基本支出 128 万元",
        {"支出总表=情况说明", "情况说明合计=分项"},
    ),
    (
        "summary narrative",
        "2022 年收支总预算 1346.7 万元",
        "2022 年收支总预算 1356.7 万元",
        {"收支总表=情况说明"},
    ),
    (
        "appropriation narrative",
        "2022 年财政拨款收支总预算 1346.7 万元",
        "2022 年财政拨款收支总预算 1356.7 万元",
        {"财政拨款收支总表=情况说明"},
    ),
    (
        "fund narrative",
        "2022年政府性基金预算支出0万元",
        "2022年政府性基金预算支出5万元",
        {"政府性基金=情况说明"},
    ),
    (
        "capital narrative",
        "2022年国有资本经营预算支出0万元",
        "2022年国有资本经营预算支出3万元",
        {"国有资本经营=情况说明"},
    ),
    (
        "narrative split",
        "人员经费107.1万元，主要包括基本工资",
        "人员经费107.5万元，主要包括基本工资",
        {"情况说明合计=分项", "基本支出表=情况说明"},
    ),
]


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> tuple[sqlite_utils.Database, dict[str, int]]:
    """Every planted variant as one document of one knowledge base (one build for all)."""
    folder = tmp_path_factory.mktemp("planted")
    text = correct_text()
    manifest = ["files:"]
    for number, (name, old, new, _expected) in enumerate(PLANTED):
        assert old in text, name
        (folder / f"{number:02d}.txt").write_text(text.replace(old, new, 1), "utf-8")
        # each variant as a unit of its own: one unit's versions of a disclosure are copies
        manifest.append(f"  {number:02d}.txt:\n    unit: 变体{number:02d}单位")
    (folder / "manifest.yml").write_text("\n".join(manifest) + "\n", "utf-8")
    db_path = folder / "kb.db"
    build([folder], db_path, workers=2)
    db = sqlite_utils.Database(db_path)
    write_checks(db)
    ids = {
        PLANTED[int(r["filename"][:2])][0]: r["id"]
        for r in db.query("select id, filename from documents")
    }
    return db, ids


@pytest.mark.parametrize(
    ("name", "expected"), [(p[0], p[3]) for p in PLANTED], ids=[p[0] for p in PLANTED]
)
def test_planted_error_is_caught(planted, name, expected):
    db, ids = planted
    failed = {
        r[0]
        for r in db.execute(
            """select distinct "check" from checks where status = 'fail' and document_id = ?""",
            [ids[name]],
        )
    }
    assert expected <= failed


def test_basic_table_against_general_table(tmp_path):
    """The whole 基本支出表 moved up by 1: consistent within itself, not with 表5 and the narrative."""
    text = correct_text()
    for old, new in (
        ("30101\t基本工资\t46.6\t46.6\t\n", "30101\t基本工资\t47.6\t47.6\t\n"),
        ("\t合计\t118.0\t107.1\t10.9\n", "\t合计\t119.0\t108.1\t10.9\n"),
        ("\t\t118.0\t107.1\t10.9\n", "\t\t119.0\t108.1\t10.9\n"),
    ):
        assert old in text
        text = text.replace(old, new, 1)
    db = checked_text(tmp_path, text)
    failed = failed_checks(db)
    assert {"一般公共预算支出表=基本支出表", "基本支出表=情况说明"} <= failed
    assert "合计=各类之和" not in failed and "基本=人员+公用" not in failed
    row = next(
        db.query(
            """select * from checks where "check" = '一般公共预算支出表=基本支出表' and status = 'fail'"""
        )
    )
    assert (
        row["detail"]
        == "一般公共预算支出表（预算表5）中基本支出合计为118.00万元，而基本支出表（预算表6）合计为119.00万元，相差1.00万元。"
    )


def test_missing_table_listed_in_contents(tmp_path):
    text = correct_text()
    start = text.index("六、2022 年一般公共预算基本支出表\n\n预算表 6")
    end = text.index("七、2022 年一般公共预算“三公”经费支出表\n\n一般公共预算")
    db = checked_text(tmp_path, text[:start] + text[end:])
    rows = {
        (r["check"], r["subject"]): (r["status"], r["presence"])
        for r in db.query("select * from checks where status = 'fail'")
    }
    assert rows == {
        ("必备表格", "基本支出表"): ("fail", "missing"),
        ("目录所列表格", "基本支出表"): ("fail", "missing"),
    }


def test_within_rounding_passes(tmp_path):
    """0.1 万元 figures: 118.1 against 107.1 + 10.9 is within the rounding of three figures."""
    text = correct_text().replace(
        "2010350\t事业运行\t89.2\t89.2\t78.3\t10.9", "2010350\t事业运行\t89.2\t89.3\t78.3\t10.9", 1
    )
    db = checked_text(tmp_path, text)
    row = next(
        db.query(
            """select * from checks where "check" = '基本=人员+公用' and subject = '2010350事业运行'"""
        )
    )
    assert (row["status"], row["found"], row["expected"], row["tolerance"]) == (
        "pass",
        89.3,
        89.2,
        pytest.approx(0.150001),
    )
    assert "舍入容差内" in row["detail"] and "0.150万元" in row["rule"]


def test_execution_rate_misprint_is_caught(tmp_path):
    text = SAMPLES["002"].read_text("utf-8")
    old = "完成年初预算的 118.64%"
    assert old in text
    db = checked_text(tmp_path, text.replace(old, "完成年初预算的 128.64%", 1))
    row = next(
        db.query("""select * from checks where "check" = '执行率=决算/预算' and status = 'fail'""")
    )
    assert (row["subject"], row["found"], row["expected"]) == ("住房公积金", 128.64, 118.64)
    assert row["detail"].endswith("而按决算÷预算计算应为118.64%，相差10.00个百分点。")


def test_budget_and_final_account_of_one_unit_in_one_database(tmp_path):
    """000 relabelled (by manifest) as the 2023 预算 of 002's unit: the two are set side by side."""
    folder = tmp_path / "pair"
    folder.mkdir()
    for key in ("000", "002"):
        (folder / SAMPLES[key].name).write_text(SAMPLES[key].read_text("utf-8"), "utf-8")
    (folder / "manifest.yml").write_text(
        f"files:\n  {SAMPLES['000'].name}:\n    unit: 吉林省政务服务和数字化建设服务中心\n    year: 2023\n",
        "utf-8",
    )
    build([folder], folder / "kb.db")
    db = sqlite_utils.Database(folder / "kb.db")
    write_checks(db)
    cross = {
        (r["item"], r["code"]): (r["budget"], r["actual"], r["execution_rate"])
        for r in db.query("select * from budget_vs_actual where basis = '预算与决算文件'")
    }
    assert cross[("一般公共预算支出合计", None)] == (1346.7, 42590.81, 3162.61)
    assert cross[("基本支出", None)] == (118.0, 297.2, 251.86)
    assert cross[("事业运行", "2010350")] == (89.2, 45.84, 51.39)
    assert cross[("三公经费", None)] == (0.1, 0.0, 0.0)
    initial = {
        r["subject"]: (r["status"], r["found"], r["expected"])
        for r in db.query("""select * from checks where "check" = '年初预算=预算文件'""")
    }
    assert initial["一般公共预算财政拨款支出"] == ("fail", 6655.58, 1346.7)
    assert initial["住房公积金"] == ("fail", 9.55, 9.7)


def test_checks_run_in_the_workers_equal_checks_run_on_the_database(tmp_path):
    """A build runs each document's own checks where it was read and shifts their ids into
    place; running every check again on the finished database gives the same rows."""
    build([SAMPLES["003"], SAMPLES["004"]], tmp_path / "kb.db", workers=2)
    db = sqlite_utils.Database(tmp_path / "kb.db")
    statuses = "select status, count(*) from checks where document_id = ? group by status"
    assert dict(db.execute(statuses, [2]).fetchall()) == {"pass": 219, "fail": 15}
    built = {name: list(db[name].rows) for name in ("checks", "budget_vs_actual")}
    assert len(built["budget_vs_actual"]) == 17
    cited = db.execute(
        "select f.document_id, f.segment_id, c.segment_id from checks c, json_each(c.facts) j"
        " join facts f on f.id = j.value where c.document_id = 2 and c.status = 'fail'"
    ).fetchall()
    assert cited and all(document_id == 2 for document_id, _, _ in cited)
    write_checks(db)
    assert {name: list(db[name].rows) for name in ("checks", "budget_vs_actual")} == built
    assert db["check_summary"].exists()
