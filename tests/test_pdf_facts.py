"""Facts from the twelve published PDFs: the 三公 table, 30217 公务接待费 and the
收支总表 totals, each with the page it is printed on (figures read from the rendered
pages; expected/pdf_facts.json; see tests/test_pdf.py for the cells themselves)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlite_utils

from .conftest import SHARED_PDF
from .expected.facts_snapshot import lines_of, read_snapshot

pytestmark = pytest.mark.skipif(
    not SHARED_PDF.is_dir(), reason="../shared/pdf is not beside the repository"
)

EXPECTED = json.loads((Path(__file__).parent / "expected" / "pdf_facts.json").read_text("utf-8"))
SAN_GONG = {
    key: (page, [tuple(f) for f in facts]) for key, (page, facts) in EXPECTED["san_gong"].items()
}
RECEPTION = EXPECTED["reception"]
TOTALS = EXPECTED["totals"]


@pytest.fixture(scope="module")
def pdf_db(shared_pdfs) -> sqlite_utils.Database:
    """The twelve PDFs built once per test session (tests/conftest.py)."""
    return sqlite_utils.Database(shared_pdfs.db_path)


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
    assert (first["page"], round(first["amount"], 4), first["code_system"]) == (
        page,
        amount,
        "经济分类",
    )
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


def test_every_fact_is_as_expected(shared_pdfs):
    """The facts of the twelve PDFs, line for line, against expected/pdf_all_facts.tsv (its
    module says how to rewrite it after a change meant to alter facts)."""
    got, expected = lines_of(shared_pdfs.db_path), read_snapshot()
    missing, extra = sorted(set(expected) - set(got)), sorted(set(got) - set(expected))
    assert (missing[:20], extra[:20]) == ([], [])
    assert len(got) == len(expected)
