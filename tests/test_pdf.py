"""Reading PDFs: the twelve published disclosures in ../shared/pdf, and files that cannot be read.

The expected tables are kept beside the tests (``expected/pdf_tables.json``): read by eye
from the rendered pages (pdftoppm) and checked against ``pdftotext -layout``, each with
the page it is printed on.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb.build import bytes_to_document, path_to_document
from kb.errors import UnreadableFile
from kb.model import Document, Table
from kb.read.pdf import pdf_to_lines

EXPECTED = json.loads((Path(__file__).parent / "expected" / "pdf_tables.json").read_text("utf-8"))
METADATA = EXPECTED["metadata"]
SAN_GONG = EXPECTED["san_gong"]
XIAN_SAN_GONG = EXPECTED["xian_san_gong"]
RECEPTION = EXPECTED["reception"]
TOTALS = EXPECTED["totals"]
COVER_PAGE = 1  # every cover names the unit and the year on page 1


@pytest.fixture(scope="module")
def real(shared_pdfs) -> dict[str, Document]:
    """The twelve disclosures, read once per test session (tests/conftest.py)."""
    assert sorted(shared_pdfs.documents) == sorted(METADATA)
    return shared_pdfs.documents


def column_paths(table: Table) -> list[str]:
    """Each column's heading path, top to bottom: what a later step reads the columns by."""
    width = max(len(row) for row in table.header + table.rows)
    paths = []
    for column in range(width):
        path: list[str] = []
        for row in table.header:
            cell = row[column] if column < len(row) else ""
            if cell and (not path or path[-1] != cell):
                path.append(cell)
        paths.append(" > ".join(path))
    return paths


def tables_on(document: Document, page: int, statement: str) -> list[Table]:
    return [
        s.table
        for s in document.segments
        if s.table is not None and s.page == page and s.table.statement == statement
    ]


@pytest.mark.parametrize("key", sorted(METADATA))
def test_metadata_from_the_cover(real, key):
    unit, year, kind, scope, pages = METADATA[key]
    document = real[key]
    meta = document.metadata
    assert (meta.unit, meta.year, meta.kind, meta.scope) == (unit, year, kind, scope)
    assert (document.format, document.layout, document.pages) == ("pdf", "pdf", pages)
    cover = "".join(line.text for line in document.lines if line.page == COVER_PAGE).replace(
        " ", ""
    )
    assert unit in cover and str(year) in cover
    assert document.warnings == []


@pytest.mark.parametrize("key", sorted(SAN_GONG))
def test_san_gong_table(real, key):
    page, unit, paths, rows = SAN_GONG[key]
    [table] = tables_on(real[key], page, "三公经费表")
    assert table.unit == unit
    assert column_paths(table) == paths
    assert table.rows == rows
    assert table.row_pages == [page] * len(rows)


@pytest.mark.parametrize("key", sorted(XIAN_SAN_GONG))
def test_san_gong_table_by_unit_and_year(real, key):
    page, unit, row_count, paths, rows = XIAN_SAN_GONG[key]
    [table] = tables_on(real[key], page, "三公经费表")
    assert (table.number, table.unit) == ("表13", unit)
    assert column_paths(table) == paths
    assert len(table.rows) == row_count
    assert table.rows[: len(rows)] == rows


def test_san_gong_table_found_once_per_document(real):
    for key, document in real.items():
        pages = [s.page for s in document.segments if s.table and s.table.statement == "三公经费表"]
        expected = (SAN_GONG.get(key) or XIAN_SAN_GONG[key])[0]
        assert pages == [expected], key


@pytest.mark.parametrize("key", sorted(RECEPTION))
def test_basic_expenditure_reception_row(real, key):
    page, title, unit, row = RECEPTION[key]
    found = [
        (s.table, table_page)
        for s in real[key].segments
        if s.table is not None and s.table.statement == "基本支出表"
        for cells, table_page in zip(s.table.rows, s.table.row_pages, strict=True)
        if cells == row
    ]
    table, row_page = found[0]
    assert (row_page, table.title, table.unit) == (page, title, unit)


@pytest.mark.parametrize("key", sorted(TOTALS))
def test_income_and_expenditure_totals(real, key):
    page, row_page, unit, row = TOTALS[key]
    table = next(s.table for s in real[key].segments if s.table and s.table.statement == "收支总表")
    first_page = next(s.page for s in real[key].segments if s.table is table)
    assert (first_page, table.unit) == (page, unit)
    index = table.rows.index(row)
    assert table.row_pages[index] == row_page


def test_table_over_pages_is_one_table(real):
    """05's 收入决算表 runs over pages 147-149 under one caption."""
    [table] = [
        s.table for s in real["05"].segments if s.table is not None and s.table.number == "公开02表"
    ]
    assert table.title == "收入决算表"
    assert sorted(set(table.row_pages)) == [147, 148, 149]
    assert table.row_pages == sorted(table.row_pages)
    assert len(table.row_lines) == len(table.rows) == len(table.row_pages)


def test_shanghai_units_per_table(real):
    """上海 prints its 基本支出 tables in 元 and its 三公 table in 万元."""
    for key in ("06", "10"):
        units = {s.table.statement: s.table.unit for s in real[key].segments if s.table is not None}
        assert units["基本支出表"] == "元"
        assert units["三公经费表"] == "万元"


# -- files that cannot be read ------------------------------------------------------------

UNREADABLE = {
    "encrypted": "encrypted PDF (password protected)",
    "no_text": "no text layer (scanned?)",
    "truncated": "truncated PDF",
    "not_pdf": "not a PDF",
}


@pytest.fixture(scope="module")
def fixtures(tmp_path_factory) -> dict[str, Path]:
    pytest.importorskip("reportlab", reason="reportlab draws the PDF fixtures (test extra)")
    from .pdf_fixtures.draw import build_fixtures

    return build_fixtures(tmp_path_factory.mktemp("pdf_fixtures"))


@pytest.mark.parametrize("name", sorted(UNREADABLE))
def test_unreadable_files_say_why(fixtures, name):
    path = fixtures[name]
    with pytest.raises(UnreadableFile) as raised:
        path_to_document(path)
    assert UNREADABLE[name] in raised.value.reason
    assert raised.value.path == str(path)


def test_truncated_bytes_without_a_suffix(fixtures):
    data = fixtures["split_codes"].read_bytes()
    with pytest.raises(UnreadableFile, match="truncated PDF"):
        bytes_to_document(data[:-200], "upload")


def test_plain_lines_keep_their_pages(fixtures):
    lines, pages = pdf_to_lines(fixtures["split_codes"].read_bytes(), "split_codes.pdf")
    assert pages == 2
    assert [ln.text for ln in lines if ln.page == 1] == ["测试市财政局", "2024年部门预算"]
