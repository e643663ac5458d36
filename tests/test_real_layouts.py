"""Figures right in the layouts a real crawl brings: a 三公 table of two years, items with
suffixes, the 情况说明's own sentence forms, rows per subordinate unit, and a disclosure
published as an HTML page."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
import sqlite_utils

from kb.ask import ask
from kb.build import build
from kb.store import connect_readonly

from .conftest import SAMPLES

# Enough rows of tab-separated cells for the text to be read as the tsv layout.
BASIC = """一般公共预算基本支出表
单位：万元
科目编码\t科目名称\t合计\t人员经费\t公用经费
\t合计\t10\t6\t4
301\t工资福利支出\t6\t6\t
30101\t基本工资\t3\t3\t
30102\t津贴补贴\t3\t3\t
302\t商品和服务支出\t4\t\t4
30201\t办公费\t2\t\t2
30217\t公务接待费\t2\t\t2
"""

TWO_YEARS = (
    """吉林市测试局2023年部门预算
第一部分 部门概况
一、主要职能
负责测试工作。
第二部分 2023年部门预算表
“三公”经费支出预算表
单位：万元
项目\t上年预算数\t本年预算数\t比上年增减\t增减%
合计\t10.5\t8.2\t-2.3\t-21.9
因公出国（境）费\t2\t1\t-1\t-50
公务接待费支出\t3.5\t2.2\t-1.3\t-37.1
公务用车购置及运行费\t5\t5\t0\t0
"""
    + BASIC
    + """第三部分 情况说明
三、“三公”经费情况
（二）公务接待费。2023 年预算数 2.2 万元，主要用于接待上级检查。
"""
)

SUBORDINATES = (
    """吉林市汇总局2023年部门预算
第一部分 部门概况
一、主要职能
负责汇总工作。
第二部分 2023年部门预算表
“三公”经费支出预算表
单位：万元
单位名称\t合计\t因公出国（境）费\t公务接待费
吉林市汇总局（本级）\t5\t2\t3
吉林市汇总局下属中心\t4\t1\t3
合计\t9\t3\t6
"""
    + BASIC
)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("layouts")
    (folder / "two_years.txt").write_text(TWO_YEARS, "utf-8")
    (folder / "subordinates.txt").write_text(SUBORDINATES, "utf-8")
    db_path = folder / "kb.db"
    build([folder], db_path)
    return db_path


def facts(db_path: Path, unit: str) -> set[tuple]:
    rows = sqlite_utils.Database(db_path).query(
        "select statement, item_key, measure, amount, entity from facts where unit = ?", [unit]
    )
    return {
        (r["statement"], r["item_key"], r["measure"], round(r["amount"], 4), r["entity"])
        for r in rows
    }


def test_a_column_of_last_year_is_last_years_figure(built):
    got = facts(built, "吉林市测试局")
    assert ("三公经费表", "公务接待费", "预算数", 2.2, None) in got
    assert ("三公经费表", "公务接待费", "2022年预算数", 3.5, None) in got
    assert ("三公经费表", "三公经费", "预算数", 8.2, None) in got
    # the percentage column is not money
    assert not [f for f in got if f[3] in (-21.9, -50.0, -37.1)]


def test_the_question_app_gives_this_years_figure(built):
    answer = ask(connect_readonly(built), "2023年公务接待费", db_path=str(built))
    assert [row[5] for row in answer.rows if row[0] == "吉林市测试局"] == [2.2]


def test_the_narrative_sentence_form_is_read(built):
    got = facts(built, "吉林市测试局")
    assert ("情况说明", "公务接待费", "预算数", 2.2, None) in got


def test_rows_per_subordinate_unit_are_entities_and_not_the_departments_figure(built):
    got = facts(built, "吉林市汇总局")
    assert ("三公经费表", "公务接待费", "预算数", 6.0, None) in got
    assert ("三公经费表", "公务接待费", "预算数", 3.0, "吉林市汇总局下属中心") in got
    answer = ask(connect_readonly(built), "2023年各单位公务接待费", db_path=str(built))
    assert {row[0]: row[5] for row in answer.rows}["吉林市汇总局"] == 6.0
    assert len([row for row in answer.rows if row[0] == "吉林市汇总局"]) == 1


def _as_html(text: str) -> str:
    """A text disclosure as a government site would publish it: paragraphs and tables."""
    out = ["<html><head><meta charset='utf-8'><title>公开</title></head><body>"]
    table: list[str] = []
    for line in text.splitlines():
        if "\t" in line:
            cells = "".join(f"<td>{html.escape(c)}</td>" for c in line.split("\t"))
            table.append(f"<tr>{cells}</tr>")
            continue
        if table:
            out.append("<table>" + "".join(table) + "</table>")
            table = []
        out.append(f"<p>{html.escape(line)}</p>")
    if table:
        out.append("<table>" + "".join(table) + "</table>")
    return "\n".join(out + ["</body></html>"])


def test_a_disclosure_published_as_html_gives_the_same_figures(tmp_path):
    text = SAMPLES["000"].read_text("utf-8")
    (tmp_path / "page.html").write_text(_as_html(text), "utf-8")
    build([tmp_path / "page.html"], tmp_path / "html.db")
    build([SAMPLES["000"]], tmp_path / "text.db")
    query = "select statement, code, item_key, measure, round(amount, 4) from facts where source = 'table'"
    from_html = sorted(
        sqlite_utils.Database(tmp_path / "html.db").execute(query).fetchall(), key=str
    )
    from_text = sorted(
        sqlite_utils.Database(tmp_path / "text.db").execute(query).fetchall(), key=str
    )
    assert from_html == from_text
    document = next(
        sqlite_utils.Database(tmp_path / "html.db").query(
            "select unit, year, kind, format from documents"
        )
    )
    assert document == {
        "unit": "吉林市政务信息中心",
        "year": 2022,
        "kind": "预算",
        "format": "html",
    }
