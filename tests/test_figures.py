"""The build's picks (``figures``, kb/store/figures.py) answer exactly as the facts do: the
same rows, figures and sources for every question they serve, on the samples and on the
twelve published PDFs; questions they cannot serve (a column, a side, codes, totals) are
still answered from the facts."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
import sqlite_utils

from kb.ask import ask
from kb.store.connect import connect_readonly
from kb.store.figures import write_figures

FROM_FIGURES = [
    "公务接待费 by unit 2022",
    "2022年各单位公务接待费",
    "公务接待费 by unit",
    "三公经费 by year",
    "公务接待费前5名",
    "公务接待费 2022 前2名",
    "2023年各单位三公经费",
    "按从小到大排列2022年公务接待费",
    "三公经费明细 2022",
    "吉林市 公务接待费 2022",
    "吉林市政务信息中心 公务接待费",
    "中共吉林市委办公室 三公经费",
    "各城市公务接待费",
    "公务接待费 by city 2022",
    "各行业三公经费",
    "住房公积金 by unit",
    "差旅费前3名",
    "2022年各单位财政拨款收入",
    "财政拨款（补助） by unit",  # two keys: the pick among them
    "公务接待费占三公经费的比例",
    "official reception by unit 2022",
    "办公费 by year",
    "2010350 by unit",  # a code
    "201 by unit 2022",
    "30217 2022",
]
FROM_FACTS = [
    "三公经费 预算数 by unit",  # a side: the pick changes
    "公务接待费 决算",
    "公务接待费 比上年增减 by unit",
    "项目支出 by unit",  # a total
    "基本支出前3名",
]
PDF_QUESTIONS = [
    "公务接待费 by unit",
    "各城市三公经费",
    "三公经费明细",
    "公务接待费前3名",
    "西安市各部门公务接待费",
    "国家信访局历年三公经费",
    "住房公积金 by unit",
    "办公费前5名",
    "因公出国（境）费 by unit",
]


def without_figures(path, tmp_path):
    copy = tmp_path / "no-figures.db"
    shutil.copyfile(path, copy)
    conn = sqlite3.connect(copy)
    conn.execute("drop table figures")
    conn.commit()
    conn.close()
    return copy


def answers(db_path, questions) -> dict[str, object]:
    conn = connect_readonly(db_path)
    try:
        return {q: ask(conn, q, db_path=str(db_path)) for q in questions}
    finally:
        conn.close()


def test_the_build_writes_each_documents_figure_per_item(corpus_db_path):
    db = sqlite_utils.Database(corpus_db_path)
    rows = db.execute(
        "select unit, year, amount, fact_id from figures where item_key = '公务接待费'"
        " order by unit"
    ).fetchall()
    facts = {r[0]: r for r in db.execute("select id, statement, measure from facts")}
    assert [(u, y, a) for u, y, a, _ in rows] == [
        ("中共吉林市委办公室", 2022, 51.28),  # the 情况说明's: no 三公 table
        ("临江市政务服务和数字化建设管理局", 2021, 0.0),
        ("吉林市政务信息中心", 2022, 0.1),
        ("吉林省政务服务和数字化建设服务中心", 2023, 0.0),
        ("昌吉州人民政府电子政务办公室", 2022, 0.17),
    ]
    assert [facts[r[3]][1:] for r in rows] == [
        ("情况说明", "预算数"),
        ("情况说明", "决算数"),
        ("三公经费表", "预算数"),
        ("情况说明", "决算数"),
        ("三公经费表", "预算数"),
    ]


@pytest.mark.parametrize("questions", [FROM_FIGURES, FROM_FACTS], ids=["figures", "facts"])
def test_picks_answer_as_the_facts_do_on_the_samples(corpus_db_path, tmp_path, questions):
    picked = answers(corpus_db_path, questions)
    plain = answers(without_figures(corpus_db_path, tmp_path), questions)
    for question in questions:
        a, b = picked[question], plain[question]
        assert a.status == b.status == 200, question
        assert ("/figures" in a.template) == (questions is FROM_FIGURES), (question, a.template)
        assert "/figures" not in b.template
        assert (a.columns, a.rows, a.summary) == (b.columns, b.rows, b.summary), question
        assert a.rows or questions is FROM_FACTS, question
        assert [[s.get("fact_id") for s in row] for row in a.sources] == [
            [s.get("fact_id") for s in row] for row in b.sources
        ], question


def test_picks_answer_as_the_facts_do_on_the_published_pdfs(shared_pdfs, tmp_path):
    with_picks = tmp_path / "pdf.db"
    shutil.copyfile(shared_pdfs.db_path, with_picks)
    write_figures(sqlite_utils.Database(with_picks))
    picked = answers(with_picks, PDF_QUESTIONS)
    plain = answers(without_figures(with_picks, tmp_path), PDF_QUESTIONS)
    for question in PDF_QUESTIONS:
        a, b = picked[question], plain[question]
        assert "/figures" in a.template and a.rows, (question, a.template)
        assert (a.columns, a.rows, a.summary) == (b.columns, b.rows, b.summary), question


@pytest.fixture(scope="module")
def two_documents_a_year(tmp_path_factory):
    """Seven crawled files: 上海市普陀区人民政府办公室's 2025 部门 and 单位 budgets,
    江苏省人大常委会办公厅's 2019 budget published twice, and 江苏省委办公厅's 2017 and
    2018 budgets under three names (two files of 2017)."""
    from kb.build import build

    from .conftest import SHARED_CRAWL

    names = (
        "15_上海市普陀区人民政府办公室25年预算.pdf",
        "16_上海市普陀区人民政府办公室单位25年预算.pdf",
        "02_江苏省人大常委会2019年度部门预算公开.pdf",
        "03_江苏省人大常委会办公厅2019年部门预算公开表.pdf",
        "06_江苏省委办公厅2017年部门预算.pdf",
        "07_江苏省委办公厅2017年预算公开表格.pdf",
        "08_江苏省委办公厅2018年度部门预算公开表.pdf",
    )
    if not all((SHARED_CRAWL / n).is_file() for n in names):
        pytest.skip("the shared crawl is absent")
    path = tmp_path_factory.mktemp("copies") / "kb.db"
    build([SHARED_CRAWL / n for n in names], path, workers=2)
    return path


def test_one_unit_with_two_documents_a_year_is_listed_once(two_documents_a_year, tmp_path):
    """A 部门 budget and its organ's 单位 budget, or one budget published twice, give one
    row (the 部门's), said in a note, and a total counts it once — from the picks and from
    the facts alike."""
    questions = ["三公经费 by unit", "公务接待费 by unit", "三公经费前5名"]
    picked = answers(two_documents_a_year, questions)
    plain = answers(without_figures(two_documents_a_year, tmp_path), questions)
    for question in questions:
        a, b = picked[question], plain[question]
        assert "/figures" in a.template and "/figures" not in b.template
        assert (a.rows, a.summary, a.notes) == (b.rows, b.summary, b.notes), question
    rows = [(r["unit"], r["year"], r["amount"]) for r in picked["三公经费 by unit"].records()]
    assert rows == [
        ("上海市普陀区人民政府办公室", 2025, 867.5),
        ("中共江苏省委办公厅", 2018, 508.2),
        ("中国共产党江苏省委员会办公厅", 2017, 509.2),
        ("江苏省人大常委会办公厅", 2019, 767.6),
    ]
    notes = " ".join(picked["三公经费 by unit"].notes)
    assert "上海市普陀区人民政府办公室 2025年预算有 2 份文件（部门、单位）" in notes
    assert "江苏省人大常委会办公厅 2019年预算有 2 份文件" in notes
    conn = connect_readonly(two_documents_a_year)
    try:
        first = ask(conn, "普陀区各单位三公经费 2025", db_path=str(two_documents_a_year))
        total = ask(conn, "加起来多少", db_path=str(two_documents_a_year), context=first.context)
    finally:
        conn.close()
    assert total.total == 867.5  # not 1,735: the 单位 budget is the same money


def test_a_unit_under_several_names_is_one_unit(two_documents_a_year):
    """中共江苏省委办公厅 (2018), 中国共产党江苏省委员会办公厅 and 江苏省委办公厅 (2017) are
    one unit (kb.units): asked by any name, its years are all its years, and its change
    against the year before crosses the renaming."""
    db = str(two_documents_a_year)
    conn = connect_readonly(db)
    try:
        years = ask(conn, "中共江苏省委办公厅 三公经费 历年", db_path=db)
        change = ask(conn, "比上年呢", db_path=db, context=years.context)
    finally:
        conn.close()
    assert [(r["unit"], r["year"], r["amount"]) for r in years.records()] == [
        ("中国共产党江苏省委员会办公厅", 2017, 509.2),
        ("中共江苏省委办公厅", 2018, 508.2),
    ]
    assert "也名为中国共产党江苏省委员会办公厅、江苏省委办公厅（同一单位）" in years.notes[0]
    assert any("2017年预算有 2 份文件（部门、部门）" in n for n in years.notes)
    row = next(r for r in change.records() if r["year"] == 2018)
    assert (row["previous"], row["change"], row["change_pct"]) == (509.2, -1.0, -0.2)
    assert (
        row["previous_from"] == "2017年预算文件（中国共产党江苏省委员会办公厅）·三公经费表·预算数"
    )
