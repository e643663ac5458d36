"""Facts from the twelve published PDFs: the 三公 table, 30217 公务接待费 and the
收支总表 totals, each with the page it is printed on (figures read from the rendered
pages; see tests/test_pdf.py for the cells themselves)."""

from __future__ import annotations

import pytest
import sqlite_utils

from kb.build import build

from .conftest import SHARED_PDF

pytestmark = pytest.mark.skipif(not SHARED_PDF.is_dir(), reason="../shared/pdf is not beside the repository")

# file prefix: (page, [(item_key, measure, amount in 万元), ...]) of the document-level row
SAN_GONG = {
    "01": (20, [("三公经费", "预算数", 418.26), ("因公出国（境）费", "预算数", 80.0), ("公务用车运行费", "预算数", 237.0), ("公务接待费", "预算数", 101.26), ("会议费", "预算数", 158.44), ("培训费", "预算数", 700.0)]),
    "02": (11, [("三公经费", "预算数", 508.2), ("因公出国（境）费", "预算数", 70.0), ("公务接待费", "预算数", 27.0), ("会议费", "预算数", 933.5)]),
    "03": (49, [("三公经费", "预算数", 29.3), ("公务接待费", "预算数", 3.3), ("公务用车运行费", "预算数", 26.0), ("三公经费", "2019年预算数", 66.57), ("三公经费", "比上年增减", -37.27)]),
    # 04 prints its 三公 table in 元: 65,100.00 元 is 6.51 万元.
    "04": (41, [("三公经费", "预算数", 6.51), ("公务接待费", "预算数", 6.51), ("会议费", "预算数", 32.0), ("三公经费", "2020年预算数", 16.0)]),
    "05": (161, [("三公经费", "预算数", 593.46), ("三公经费", "决算数", 587.55), ("公务接待费", "预算数", 1.86), ("公务接待费", "决算数", 0.11), ("公务用车购置费", "决算数", 136.48)]),
    "06": (28, [("三公经费", "预算数", 22.91), ("公务接待费", "预算数", 1.35), ("公务用车运行费", "预算数", 21.56), ("机关运行经费", "预算数", 786.09)]),
    "07": (17, [("三公经费", "预算数", 2.85), ("三公经费", "决算数", 0.39), ("公务接待费", "预算数", 2.85), ("公务接待费", "决算数", 0.39)]),
    "08": (15, [("三公经费", "预算数", 76.43), ("三公经费", "决算数", 46.21), ("因公出国（境）费", "决算数", 4.69), ("公务接待费", "决算数", 0.9)]),
    "09": (21, [("三公经费", "预算数", 0.0), ("三公经费", "决算数", 0.16), ("公务接待费", "决算数", 0.16)]),
    "10": (20, [("三公经费", "预算数", 346.3), ("因公出国（境）费", "预算数", 288.7), ("公务接待费", "预算数", 25.4)]),
    "11": (21, [("三公经费", "预算数", 458.5), ("公务接待费", "预算数", 28.5), ("公务用车购置费", "预算数", 150.0)]),
    "12": (23, [("三公经费", "预算数", 38.27), ("公务接待费", "预算数", 12.2), ("培训费", "预算数", 22.21)]),
}
# 基本支出表 30217 公务接待费 (first table that prints it): page, measure, amount in 万元
RECEPTION = {
    "01": (17, "预算数", 33.26),
    "02": (8, "预算数", 27.0),
    "03": (40, "合计", 3.3),
    "04": (31, "合计", 0.51),  # 5,100.00 元
    "05": (157, "决算数", 0.06),
    "06": (27, "合计", 1.35),  # 13,500.00 元
    "07": (16, "决算数", 0.39),
    "08": (12, "决算数", 0.9),
    "09": (18, "决算数", 0.16),
    "10": (18, "合计", 19.1),  # 191,000.00 元
    "11": (20, "合计", 28.5),
    "12": (19, "合计", 12.2),
}
# 收支总表: page, and the closing total as printed there (收入 and 支出 sides agree);
# 04, 06 and 10 print theirs in 元 (258,596,001.79, 164,978,640 and 171,915,169).
TOTALS = {
    "01": (14, 24169.74), "02": (3, 24458.43), "03": (29, 182157.13), "04": (18, 25859.6002),
    "06": (10, 16497.864), "07": (7, 9859.38), "08": (7, 22066.59), "09": (7, 1668.14),
    "10": (7, 17191.5169), "11": (13, 68632.12), "12": (11, 9947.88),
}


@pytest.fixture(scope="module")
def pdf_db(tmp_path_factory) -> sqlite_utils.Database:
    path = tmp_path_factory.mktemp("pdf") / "pdf.db"
    build([SHARED_PDF], path, workers=2)
    return sqlite_utils.Database(path)


def _document(pdf_db, prefix: str) -> dict:
    (row,) = pdf_db.query("select * from documents where filename like ?", [f"{prefix}-%"])
    return row


@pytest.mark.parametrize("prefix", sorted(SAN_GONG))
def test_three_public_table_facts(pdf_db, prefix):
    page, expected = SAN_GONG[prefix]
    document = _document(pdf_db, prefix)
    facts = list(
        pdf_db.query(
            "select item_key, measure, amount, page from facts where document_id = ? "
            "and statement = '三公经费表' and entity is null",
            [document["id"]],
        )
    )
    assert {f["page"] for f in facts} == {page}
    got = {(f["item_key"], f["measure"], round(f["amount"], 2)) for f in facts}
    assert set(expected) <= got
    if document["kind"] == "决算":
        assert {"预算数", "决算数"} <= {f["measure"] for f in facts}


@pytest.mark.parametrize("prefix", sorted(RECEPTION))
def test_reception_in_the_basic_expenditure_table(pdf_db, prefix):
    page, measure, amount = RECEPTION[prefix]
    document = _document(pdf_db, prefix)
    first = next(
        pdf_db.query(
            "select page, measure, amount, code_system, item from facts where document_id = ? "
            "and statement = '基本支出表' and code = '30217' and measure = ? order by id",
            [document["id"], measure],
        )
    )
    assert (first["page"], round(first["amount"], 4), first["code_system"]) == (page, amount, "经济分类")
    assert first["item"] == "公务接待费"


@pytest.mark.parametrize("prefix", sorted(TOTALS))
def test_income_and_expenditure_totals(pdf_db, prefix):
    page, amount = TOTALS[prefix]
    document = _document(pdf_db, prefix)
    totals = list(
        pdf_db.query(
            "select item, amount, page from facts where document_id = ? and statement = '收支总表' "
            "and (item like '%总计' or item in ('收入合计', '支出合计', '总计')) and entity is null "
            "and measure not in ('人员经费', '公用经费', '项目支出')",
            [document["id"]],
        )
    )
    income = [t for t in totals if t["item"].startswith("收入") or t["item"] == "总计"]
    spending = [t for t in totals if t["item"].startswith("支出") or t["item"] == "总计"]
    assert income and spending
    assert {round(t["amount"], 4) for t in income + spending} == {amount}
    assert {t["page"] for t in totals} == {page}


def test_every_pdf_fact_has_a_page(pdf_db):
    missing = pdf_db.execute(
        "select count(*) from facts f join documents d on d.id = f.document_id "
        "where d.format = 'pdf' and f.page is null"
    ).fetchone()[0]
    assert missing == 0
    assert pdf_db.execute("select count(*) from segments where page is null").fetchone()[0] == 0
