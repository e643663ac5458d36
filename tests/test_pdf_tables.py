"""PDF tables on small drawn fixtures: split codes, units, empty cells, page breaks, rotation."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.build import path_to_document
from kb.model import Document, Table
from kb.read.pdf.codes import join_split_codes
from kb.read.pdf.grid import Grid, header_length, join_cell_lines


@pytest.fixture(scope="module")
def drawn(tmp_path_factory) -> dict[str, Document]:
    pytest.importorskip("reportlab", reason="reportlab draws the PDF fixtures (test extra)")
    from .pdf_fixtures.draw import build_fixtures

    paths = build_fixtures(tmp_path_factory.mktemp("pdf_fixtures"))
    readable = ("split_codes", "units", "empty_cells", "two_pages", "rotated")
    return {name: path_to_document(paths[name]) for name in readable}


def only_tables(document: Document) -> list[Table]:
    return [s.table for s in document.segments if s.table is not None]


def test_function_codes_split_over_class_columns_are_joined(drawn):
    function, economic = only_tables(drawn["split_codes"])
    assert (function.number, function.title, function.unit) == (
        "公开05表",
        "一般公共预算支出表",
        "万元",
    )
    assert function.header == [
        ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
        ["类/款/项"],
    ]
    assert function.rows == [
        ["", "合计", "12.50", "10.00", "2.50"],
        ["201", "一般公共服务支出", "12.50", "10.00", "2.50"],
        ["20103", "政府办公厅（室）及相关机构事务", "12.50", "10.00", "2.50"],
        # 项 printed alone: 类 and 款 are carried down from the rows above.
        ["2010350", "事业运行", "10.00", "10.00", ""],
        ["2010399", "其他政府办公厅（室）及相关机构事务支出", "2.50", "", "2.50"],
    ]
    assert economic.title == "一般公共预算基本支出表"
    assert economic.rows == [
        ["302", "商品和服务支出", "8.20"],
        ["30201", "办公费", "5.00"],
        ["30217", "公务接待费", "3.20"],
    ]
    assert economic.row_pages == [2, 2, 2]


def test_each_table_keeps_its_own_unit(drawn):
    document = drawn["units"]
    basic, san_gong = only_tables(document)
    assert (basic.title, basic.unit) == ("2023年部门基本支出预算表", "元")
    assert basic.notes == ["编制部门：测试区万里街道办事处"]
    assert basic.rows[1] == ["公务接待费", "13,500", "", "13,500"]
    assert (san_gong.title, san_gong.unit, san_gong.statement) == (
        "2023年部门“三公”经费预算表",
        "万元",
        "三公经费表",
    )
    meta = document.metadata
    assert (meta.unit, meta.year, meta.kind, meta.scope) == (
        "测试区万里街道办事处",
        2023,
        "预算",
        "部门",
    )


def test_three_level_heading_with_vertical_text(drawn):
    san_gong = only_tables(drawn["units"])[1]
    assert san_gong.header == [
        ["合计", "“三公”经费", "“三公”经费", "“三公”经费", "“三公”经费", "“三公”经费"],
        [
            "",
            "因公出国（境）费",
            "公务用车购置及运行费",
            "公务用车购置及运行费",
            "公务用车购置及运行费",
            "公务接待费",
        ],
        ["", "", "小计", "购置费", "运行费"],
    ]
    assert san_gong.rows == [["22.91", "0", "21.56", "", "21.56", "1.35"]]


def test_vanished_empty_cells_stay_in_their_columns(drawn):
    """No ruling lines: figures are placed by where they sit, empty cells kept."""
    [table] = only_tables(drawn["empty_cells"])
    assert (table.title, table.unit) == ("“三公”经费支出预算表", "万元")
    assert table.header == [
        ["", "", "公务用车购置及运行费", "公务用车购置及运行费", "公务用车购置及运行费"],
        ["合计", "因公出国（境）费", "小计", "购置费", "运行费", "公务接待费"],
    ]
    assert table.rows == [
        ["12.00", "", "5.00", "", "5.00", "7.00"],
        ["8.00", "3.00", "", "", "", "5.00"],
    ]
    assert [s.text for s in drawn["empty_cells"].segments if s.kind == "paragraph"] == [
        "注：本表为空的单元格表示没有该项支出。"
    ]


def test_table_over_two_pages_is_joined(drawn):
    document = drawn["two_pages"]
    [table] = only_tables(document)
    assert table.header == [["科目编码", "科目名称", "金额"]]  # repeated on page 2, dropped
    assert len(table.rows) == 30
    assert table.rows[23] == ["30224", "支出项目24", "24.00"]
    assert table.rows[24] == ["30225", "支出项目25", "25.00"]
    assert table.row_pages == [1] * 24 + [2] * 6
    assert table.row_lines[:2] == [4, 5] and table.row_lines[24] == 2
    # Page numbers stay in the text lines but are no paragraph of their own.
    assert any(line.text == "- 1 -" and line.page == 1 for line in document.lines)
    assert [s.text for s in document.segments if s.kind == "paragraph"] == [
        "注：本表反映一般公共预算基本支出情况。"
    ]


def test_rotated_pages_read_like_upright_ones(drawn):
    sideways, turned = only_tables(drawn["rotated"])
    expected = [["公务接待费", "5.80", "0.90"], ["因公出国（境）费", "30.00", "4.69"]]
    for table, page in ((sideways, 1), (turned, 2)):
        assert table.header == [["项目", "预算数", "决算数"]]
        assert table.rows == expected
        assert table.unit == "万元"
        assert table.row_pages == [page, page]
    assert sideways.title == "财政拨款“三公”经费支出决算表"
    assert turned.title == "一般公共预算财政拨款“三公”经费支出决算表"


# -- the steps on their own ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("因公\n出国\n（境\n）费", "因公出国（境）费"),
        ("合\n计", "合计"),
        ("收 入 总 计", "收入总计"),
        ("16476.\n85", "16476.85"),
        ("部门： 江苏省人民检察院", "部门：江苏省人民检察院"),
        ("中共西安市委宣传部 201001", "中共西安市委宣传部 201001"),
        ("Service\nFee", "Service Fee"),
    ],
)
def test_cell_lines_are_joined(text, joined):
    assert join_cell_lines(text) == joined


def test_header_ends_at_first_figure_but_not_at_column_numbers():
    rows = [["项目", "预算数"], ["栏 次", "1"], ["合计", "12.00"]]
    assert header_length(rows) == 2
    assert header_length([["项目名称", "绩效目标"], ["目标1", "完成"]]) == 0


def _grid(rows: list[list[str]], header: int) -> Grid:
    width = len(rows[0])
    return Grid(
        rows,
        [0.0] * len(rows),
        [0.0] * len(rows),
        [float(i) for i in range(width)],
        (0, 0, 1, 1),
        header=header,
    )


def test_codes_without_headings_are_found_from_the_body():
    grid = _grid(
        [
            ["**", "**", "**", "**", "1"],
            ["201", "", "", "一般公共服务支出", "3.00"],
            ["", "11", "", "纪检监察事务", "3.00"],
            ["201", "11", "99", "其他纪检监察事务支出", "3.00"],
        ],
        header=1,
    )
    joined = join_split_codes(grid)
    assert [row[:2] for row in joined.rows[1:]] == [
        ["201", "一般公共服务支出"],
        ["20111", "纪检监察事务"],
        ["2011199", "其他纪检监察事务支出"],
    ]
    assert joined.columns == [0.0, 3.0, 4.0]


def test_line_numbers_are_not_codes():
    """A 收支总表's 行次 column (1, 2 … 31) is not a 款 column."""
    grid = _grid(
        [
            ["项目", "行次", "决算数"],
            ["一、一般公共预算财政拨款收入", "1", "1668.14"],
            ["二、政府性基金预算财政拨款收入", "2", "0.00"],
        ],
        header=1,
    )
    assert join_split_codes(grid) is grid


def test_fixture_folder_is_code_only():
    folder = Path(__file__).parent / "pdf_fixtures"
    assert not list(folder.glob("*.pdf")), "fixtures are drawn at test time, never committed"


def test_vertical_text_outside_a_table_is_one_line():
    from kb.read.pdf.lines import PageLine, join_stacked_characters

    def word(text: str, x0: float, top: float) -> dict:
        return {"text": text, "x0": x0, "x1": x0 + 11, "top": top, "bottom": top + 11}

    lines = [
        PageLine(1, [word("绩", 79.2, 56.5)]),
        PageLine(3, [word("效", 82.1, 69.7)]),
        PageLine(4, [word("指", 82.1, 83.3)]),
        PageLine(6, [word("标", 82.1, 97.0)]),
        PageLine(7, [word("注：本表为空。", 60, 130)]),
    ]
    joined = join_stacked_characters(lines)
    assert [(line.number, line.text) for line in joined] == [(1, "绩效指标"), (7, "注：本表为空。")]
