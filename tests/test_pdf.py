"""Reading PDFs: the twelve published disclosures in ../shared/pdf, and files that cannot be read.

The expected figures were read by eye from the rendered pages (pdftoppm) and
checked against ``pdftotext -layout``; the page of each is pinned with it.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from kb.build import bytes_to_document, path_to_document
from kb.errors import UnreadableFile
from kb.model import Document, Table
from kb.read.pdf import pdf_to_lines

from .conftest import SHARED_PDF

# key: (unit as on the cover, fiscal year, kind, scope, pages)
METADATA = {
    "01": ("江苏省人民检察院", 2019, "预算", "部门", 33),
    "02": ("中共江苏省委办公厅", 2018, "预算", "部门", 15),
    "03": ("西安市人力资源和社会保障局", 2020, "预算", "部门", 64),
    "04": ("中共西安市委宣传部", 2021, "预算", "部门", 44),
    "05": ("西安市卫生健康委员会", 2022, "决算", "部门", 171),
    "06": ("上海市普陀区人民政府万里街道办事处", 2023, "预算", "部门", 35),
    "07": ("上海市普陀区规划和自然资源局", 2024, "决算", "部门", 30),
    "08": ("国家信访局", 2024, "决算", "部门", 50),
    "09": ("佛山市轨道交通局", 2019, "决算", "部门", 31),
    "10": ("上海市财政局", 2025, "预算", "单位", 21),
    "11": ("长沙市公安局", 2025, "预算", "部门", 53),
    "12": ("无锡市发展和改革委员会", 2025, "预算", "部门", 41),
}
COVER_PAGE = 1  # every cover names the unit and the year on page 1

# The 三公 table: page, unit, heading path of each column, body rows.
SAN_GONG = {
    "01": (20, "万元", [
        "合计",
        "“三公”经费 > 小计",
        "“三公”经费 > 因公出国（境）费",
        "“三公”经费 > 公务用车购置及运行维护费 > 小计",
        "“三公”经费 > 公务用车购置及运行维护费 > 公务用车购置费",
        "“三公”经费 > 公务用车购置及运行维护费 > 公务用车运行维护费",
        "“三公”经费 > 公务接待费",
        "会议费",
        "培训费",
    ], [["1276.7", "418.26", "80", "237", "", "237", "101.26", "158.44", "700"]]),
    "02": (11, "万元", [
        "合计",
        "“三公”经费 > 小计",
        "“三公”经费 > 因公出国（境）费",
        "“三公”经费 > 公务用车购置及运行维护费 > 小计",
        "“三公”经费 > 公务用车购置及运行维护费 > 公务用车购置费",
        "“三公”经费 > 公务用车购置及运行维护费 > 公务用车运行维护费",
        "“三公”经费 > 公务接待费",
        "会议费",
        "培训费",
    ], [["1,471.70", "508.20", "70.00", "411.20", "", "411.20", "27.00", "933.50", "30.00"]]),
    "05": (161, "万元", [
        "项目 > 栏次",
        "财政拨款安排的“三公”经费 > 小计 > 1",
        "财政拨款安排的“三公”经费 > 因公出国（境）费用 > 2",
        "财政拨款安排的“三公”经费 > 公务用车购置及运行维护费 > 小计 > 3",
        "财政拨款安排的“三公”经费 > 公务用车购置及运行维护费 > 公务用车购置费 > 4",
        "财政拨款安排的“三公”经费 > 公务用车购置及运行维护费 > 公务用车运行维护费 > 5",
        "财政拨款安排的“三公”经费 > 公务接待费 > 6",
        "会议费 > 7",
        "培训费 > 8",
    ], [
        ["预算数", "593.46", "", "591.60", "136.48", "455.12", "1.86", "86.81", "2,795.78"],
        ["决算数", "587.55", "", "587.44", "136.48", "450.96", "0.11", "86.81", "2,795.78"],
    ]),
    "06": (28, "万元", [
        "2023年“三公”经费预算数 > 合计",
        "2023年“三公”经费预算数 > 因公出国(境)费",
        "2023年“三公”经费预算数 > 公务接待费",
        "2023年“三公”经费预算数 > 公务用车购置及运行费 > 小计",
        "2023年“三公”经费预算数 > 公务用车购置及运行费 > 购置费",
        "2023年“三公”经费预算数 > 公务用车购置及运行费 > 运行费",
        "2023年机关运行经费预算数",
    ], [["22.91", "0", "1.35", "21.56", "0", "21.56", "786.09"]]),
    "07": (17, "万元", [
        "财政拨款“三公”经费 > 合计 > 预算数",
        "财政拨款“三公”经费 > 合计 > 决算数",
        "财政拨款“三公”经费 > 因公出国（境）费 > 预算数",
        "财政拨款“三公”经费 > 因公出国（境）费 > 决算数",
        "财政拨款“三公”经费 > 公务用车购置及运行维护费 > 小计 > 预算数",
        "财政拨款“三公”经费 > 公务用车购置及运行维护费 > 小计 > 决算数",
        "财政拨款“三公”经费 > 公务用车购置及运行维护费 > 公务用车购置费 > 预算数",
        "财政拨款“三公”经费 > 公务用车购置及运行维护费 > 公务用车购置费 > 决算数",
        "财政拨款“三公”经费 > 公务用车购置及运行维护费 > 公务用车运行维护费 > 预算数",
        "财政拨款“三公”经费 > 公务用车购置及运行维护费 > 公务用车运行维护费 > 决算数",
        "财政拨款“三公”经费 > 公务接待费 > 预算数",
        "财政拨款“三公”经费 > 公务接待费 > 决算数",
    ], [["2.85", "0.39", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "2.85", "0.39"]]),
    "08": (15, "万元", [
        "预算数 > 合计 > 1",
        "预算数 > 因公出国（境）费 > 2",
        "预算数 > 公务用车购置及运行维护费 > 小计 > 3",
        "预算数 > 公务用车购置及运行维护费 > 公务用车购置费 > 4",
        "预算数 > 公务用车购置及运行维护费 > 公务用车运行维护费 > 5",
        "预算数 > 公务接待费 > 6",
        "决算数 > 合计 > 7",
        "决算数 > 因公出国（境）费 > 8",
        "决算数 > 公务用车购置及运行维护费 > 小计 > 9",
        "决算数 > 公务用车购置及运行维护费 > 公务用车购置费 > 10",
        "决算数 > 公务用车购置及运行维护费 > 公务用车运行维护费 > 11",
        "决算数 > 公务接待费 > 12",
    ], [["76.43", "30.00", "40.63", "", "40.63", "5.80", "46.21", "4.69", "40.61", "", "40.61", "0.90"]]),
    "09": (21, "万元", [
        "预算数 > 合计 > 1",
        "预算数 > 因公出国（境）费 > 2",
        "预算数 > 公务用车购置及运行费 > 小计 > 3",
        "预算数 > 公务用车购置及运行费 > 公务用车购置费 > 4",
        "预算数 > 公务用车购置及运行费 > 公务用车运行费 > 5",
        "预算数 > 公务接待费 > 6",
        "决算数 > 合计 > 7",
        "决算数 > 因公出国（境）费 > 8",
        "决算数 > 公务用车购置及运行费 > 小计 > 9",
        "决算数 > 公务用车购置及运行费 > 公务用车购置费 > 10",
        "决算数 > 公务用车购置及运行费 > 公务用车运行费 > 11",
        "决算数 > 公务接待费 > 12",
    ], [["0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.16", "0.00", "0.00", "0.00", "0.00", "0.16"]]),
    "10": (20, "万元", [
        "“三公”经费预算数 > 合计",
        "“三公”经费预算数 > 因公出国(境)费",
        "“三公”经费预算数 > 公务接待费",
        "“三公”经费预算数 > 公务用车购置及运行费 > 小计",
        "“三公”经费预算数 > 公务用车购置及运行费 > 购置费",
        "“三公”经费预算数 > 公务用车购置及运行费 > 运行费",
        "机关运行经费预算数",
    ], [["346.30", "288.70", "25.40", "32.20", "", "32.20", "2,517.78"]]),
    "11": (21, "万元", [
        "部门名称",
        "三公经费预（决）算数（财政拨款） > 小计",
        "三公经费预（决）算数（财政拨款） > 公务接待费",
        "三公经费预（决）算数（财政拨款） > 因公出国（境）费",
        "三公经费预（决）算数（财政拨款） > 公务用车购置及运行费",
        "三公经费预（决）算数（财政拨款） > 其中：公务用车购置",
        "三公经费预（决）算数（财政拨款） > 其中：公务用车运行费",
    ], [
        ["合计", "458.50", "28.50", "30.00", "400.00", "150.00", "250.00"],
        ["106_长沙市公安局", "458.50", "28.50", "30.00", "400.00", "150.00", "250.00"],
    ]),
    "12": (23, "万元", [
        "“三公”经费合计",
        "因公出国（境）费",
        "公务用车购置及运行维护费 > 小计",
        "公务用车购置及运行维护费 > 公务用车购置费",
        "公务用车购置及运行维护费 > 公务用车运行维护费",
        "公务接待费",
        "会议费",
        "培训费",
    ], [["38.27", "23.27", "2.80", "0.00", "2.80", "12.20", "7.37", "22.21"]]),
}

# 西安's 三公 tables compare two years and the change, one row per subordinate unit.
XIAN_FUND = "一般公共预算拨款安排的“三公”经费预算"


def xian_paths(years: list[str], abroad: str, car: str, purchases: list[str], running: str) -> list[str]:
    paths = ["单位编码", "单位名称"]
    for year, purchase in zip(years, purchases, strict=True):
        fund = f"{year} > {XIAN_FUND}"
        paths += [
            f"{year} > 合计",
            f"{fund} > 小计",
            f"{fund} > {abroad}",
            f"{fund} > 公务接待费",
            f"{fund} > {car} > 小计",
            f"{fund} > {car} > {purchase}",
            f"{fund} > {car} > {running}",
            f"{year} > 会议费",
            f"{year} > 培训费",
        ]
    return paths


XIAN_SAN_GONG = {
    "03": (49, "万元", 14, xian_paths(
        ["2019年", "2020年", "增减变化情况"],
        "因公出国（境）",
        "公务用车购置及运行维护费",
        ["公务用车购置", "公务用车购置", "公务用车购置经费"],
        "公务用车运行维护费",
    ), [
        ["", "合计", "267.78", "66.57", "25.00", "3.57", "38.00", "0.00", "38.00", "70.45",
         "130.76", "178.34", "29.30", "0.00", "3.30", "26.00", "0.00", "26.00", "37.55",
         "111.49", "-89.44", "-37.27", "-25.00", "-0.27", "-12.00", "0.00", "-12.00",
         "-32.90", "-19.27"],
        ["242", "西安市人力资源和社会保障局", "267.78", "66.57", "25.00", "3.57", "38.00",
         "0.00", "38.00", "70.45", "130.76", "178.34", "29.30", "0.00", "3.30", "26.00",
         "0.00", "26.00", "37.55", "111.49", "-89.44", "-37.27", "-25.00", "-0.27", "-12.00",
         "0.00", "-12.00", "-32.90", "-19.27"],
        ["242001", "西安市人力资源和社会保障局", "117.00", "39.00", "25.00", "2.00", "12.00",
         "0.00", "12.00", "36.00", "42.00", "79.00", "14.00", "0.00", "2.00", "12.00", "0.00",
         "12.00", "13.00", "52.00", "-38.00", "-25.00", "-25.00", "0.00", "0.00", "0.00",
         "0.00", "-23.00", "10.00"],
    ]),
    "04": (41, "元", 4, xian_paths(
        ["2020年", "2021年", "增减变化情况"],
        "因公出国（境）费用",
        "公务用车购置及运行费",
        ["公务用车购置费"] * 3,
        "公务用车运行费",
    ), [
        ["", "合计", "827,400.00", "160,000.00", "0.00", "80,000.00", "80,000.00", "0.00",
         "80,000.00", "462,000.00", "205,400.00", "1,171,100.00", "65,100.00", "0.00",
         "65,100.00", "0.00", "0.00", "0.00", "320,000.00", "1,096,000.00", "343,700.00",
         "-94,900.00", "0.00", "-14,900.00", "-80,000.00", "0.00", "-80,000.00",
         "-142,000.00", "890,600.00"],
    ]),
}

# The 30217 公务接待费 row of the first 基本支出表 that has one: page, title, unit, row.
RECEPTION = {
    "01": (17, "财政拨款基本支出预算表（经济科目）", "万元", ["30217", "公务接待费", "33.26"]),
    "02": (8, "财政拨款基本支出预算表", "万元", ["30217", "公务接待费", "27.00"]),
    "03": (40, "2020年部门综合预算一般公共预算基本支出明细表（按支出经济分类科目）", "万元",
           ["30217", "公务接待费", "50206", "公务接待费", "3.3", "0", "3.3", ""]),
    "04": (31, "2021年部门综合预算一般公共预算基本支出明细表（按支出经济分类科目-不含上年结转）",
           "元", ["30217", "公务接待费", "50206", "公务接待费", "5,100.00", "0.00", "5,100.00", ""]),
    "05": (157, "一般公共预算财政拨款基本支出决算表", "万元",
           ["30302", "退休费", "87.95", "30217", "公务接待费", "0.06", "31099", "其他资本性支出", ""]),
    "06": (27, "2023年部门一般公共预算基本支出部门预算经济分类预算表", "元",
           ["30217", "公务接待费", "13,500", "", "13,500"]),
    "07": (16, "一般公共预算财政拨款基本支出决算表", "万元",
           ["30302", "退休费", "67.96", "30217", "公务接待费", "0.39"]),
    "08": (12, "一般公共预算财政拨款基本支出决算表", "万元",
           ["30302", "退休费", "257.54", "30217", "公务接待费", "0.90", "31019", "其他交通工具购置", ""]),
    "09": (18, "一般公共预算财政拨款基本支出决算表", "万元",
           ["30302", "退休费", "0.00", "30217", "公务接待费", "0.16"]),
    "10": (18, "2025年预算单位一般公共预算基本支出部门预算经济分类预算表", "元",
           ["30217", "公务接待费", "191,000", "", "191,000"]),
    "11": (20, "2025年一般公共预算基本支出情况表", "万元", ["30217", "公务接待费", "28.50", "", "28.50"]),
    "12": (19, "财政拨款基本支出表（经济科目）", "万元", ["30217", "公务接待费", "12.20", "", "12.20"]),
}

# The 收支总表's closing row: first page of the table, page of the row, unit, row.
TOTALS = {
    "01": (14, 14, "万元", ["收入合计", "24,169.74", "支出合计", "", "", "24,169.74"]),
    "02": (3, 3, "万元", ["收入合计", "24,458.43", "支出合计", "", "", "24,458.43"]),
    "03": (29, 29, "万元", ["收入总计", "182157.13", "支出总计", "182157.13", "支出总计",
                           "182157.13", "支出总计", "182157.13"]),
    "04": (16, 18, "元", ["收入总计", "258596001.79", "支出总计", "258596001.79", "支出总计",
                         "258596001.79", "支出总计", "258596001.79"]),
    "05": (146, 146, "万元", ["总计", "30", "2,480,372.70", "总计", "60", "2,480,372.70"]),
    "06": (10, 10, "元", ["收入总计", "164,978,640", "支出总计", "164,978,640"]),
    "07": (7, 7, "万元", ["总计", "9859.38", "总计", "9859.38"]),
    "08": (7, 7, "万元", ["总计", "31", "22,066.59", "总计", "62", "22,066.59"]),
    "09": (5, 7, "万元", ["总计", "26", "1668.14", "总计", "52", "1668.14"]),
    "10": (7, 7, "元", ["收入总计", "171,915,169", "支出总计", "171,915,169", "102,464,260",
                       "25,177,779", "44,273,130"]),
    "11": (13, 13, "万元", ["收入总计", "68,632.12", "支出总计", "68,632.12"]),
    "12": (11, 11, "万元", ["收入总计", "9,947.88", "支出总计", "9,947.88"]),
}


def _read(path: str) -> Document:
    return path_to_document(path)


@pytest.fixture(scope="module")
def real() -> dict[str, Document]:
    """The twelve disclosures read once, two at a time (about 20 s on two cores)."""
    if not SHARED_PDF.is_dir():
        pytest.skip(f"{SHARED_PDF} is absent: the twelve published PDFs are not in this checkout")
    paths = {path.name[:2]: str(path) for path in sorted(SHARED_PDF.glob("*.pdf"))}
    assert sorted(paths) == sorted(METADATA)
    with ProcessPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
        return dict(zip(paths, pool.map(_read, paths.values()), strict=True))


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
    cover = "".join(line.text for line in document.lines if line.page == COVER_PAGE).replace(" ", "")
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
