"""Draw the PDF fixtures: each one isolates a quirk seen in real disclosures.

Text uses reportlab's built-in ``STSong-Light`` CID font, so no font file is needed.
``build_fixtures(folder)`` writes every fixture and returns their paths by name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

FONT = "STSong-Light"
SIZE = 9
WIDTH, HEIGHT = A4
FIGURE = re.compile(r"^-?[\d,]+(?:\.\d+)?$")


@dataclass
class Cell:
    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    vertical: bool = False  # one character a line, as narrow heading cells print


def _canvas(path: Path, **kwargs) -> Canvas:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    canvas = Canvas(str(path), pagesize=A4, **kwargs)
    canvas.setFont(FONT, SIZE)
    return canvas


class Sheet:
    """Draw in top-down coordinates on a page of the given height (A4 by default)."""

    def __init__(self, canvas: Canvas, height: float = HEIGHT):
        self.canvas = canvas
        self.height = height

    def text(
        self, x: float, top: float, text: str, size: float = SIZE, align: str = "left"
    ) -> None:
        self.canvas.setFont(FONT, size)
        y = self.height - top - size
        draw = {
            "left": self.canvas.drawString,
            "right": self.canvas.drawRightString,
            "center": self.canvas.drawCentredString,
        }[align]
        draw(x, y, text)

    def grid(
        self,
        x: float,
        top: float,
        widths: list[float],
        heights: list[float],
        cells: list[Cell],
        ruled: bool = True,
    ) -> None:
        xs = [x]
        for width in widths:
            xs.append(xs[-1] + width)
        ys = [top]
        for height in heights:
            ys.append(ys[-1] + height)
        for cell in cells:
            x0, x1 = xs[cell.col], xs[cell.col + cell.colspan]
            y0, y1 = ys[cell.row], ys[cell.row + cell.rowspan]
            if ruled:
                self.canvas.rect(x0, self.height - y1, x1 - x0, y1 - y0, stroke=1, fill=0)
            self._cell_text(cell, x0, x1, y0, y1)

    def _cell_text(self, cell: Cell, x0: float, x1: float, y0: float, y1: float) -> None:
        if not cell.text:
            return
        if cell.vertical:
            lines = list(cell.text)
            start = (y0 + y1) / 2 - len(lines) * (SIZE + 2) / 2
            for index, char in enumerate(lines):
                self.text((x0 + x1) / 2, start + index * (SIZE + 2), char, align="center")
            return
        middle = (y0 + y1) / 2 - SIZE / 2
        if FIGURE.match(cell.text):
            self.text(x1 - 3, middle, cell.text, align="right")
        else:
            self.text((x0 + x1) / 2, middle, cell.text, align="center")


def rows_to_cells(rows: list[list[str]], first_row: int = 0) -> list[Cell]:
    return [
        Cell(first_row + r, c, text) for r, row in enumerate(rows) for c, text in enumerate(row)
    ]


def _cover(sheet: Sheet, unit: str, title: str) -> None:
    sheet.text(WIDTH / 2, 250, unit, size=22, align="center")
    sheet.text(WIDTH / 2, 300, title, size=18, align="center")
    sheet.canvas.showPage()


# -- split codes ------------------------------------------------------------------------

CODE_ROWS = [
    ["", "", "", "合计", "12.50", "10.00", "2.50"],
    ["201", "", "", "一般公共服务支出", "12.50", "10.00", "2.50"],
    ["201", "03", "", "政府办公厅（室）及相关机构事务", "12.50", "10.00", "2.50"],
    ["", "", "50", "事业运行", "10.00", "10.00", ""],
    ["201", "03", "99", "其他政府办公厅（室）及相关机构事务支出", "2.50", "", "2.50"],
]
ECONOMIC_ROWS = [
    ["302", "", "商品和服务支出", "8.20"],
    ["", "01", "办公费", "5.00"],
    ["302", "17", "公务接待费", "3.20"],
]


def draw_split_codes(path: Path) -> None:
    canvas = _canvas(path)
    sheet = Sheet(canvas)
    _cover(sheet, "测试市财政局", "2024年部门预算")
    sheet.text(60, 60, "公开05表")
    sheet.text(WIDTH / 2, 80, "一般公共预算支出表", size=14, align="center")
    sheet.text(60, 105, "部门：测试市财政局")
    sheet.text(WIDTH - 60, 105, "单位：万元", align="right")
    heading = [
        Cell(0, 0, "科目编码", colspan=3),
        Cell(0, 3, "科目名称", rowspan=2),
        Cell(0, 4, "合计", rowspan=2),
        Cell(0, 5, "基本支出", rowspan=2),
        Cell(0, 6, "项目支出", rowspan=2),
        Cell(1, 0, "类"),
        Cell(1, 1, "款"),
        Cell(1, 2, "项"),
    ]
    widths = [30, 30, 30, 190, 60, 60, 60]
    sheet.grid(60, 120, widths, [18] * 7, heading + rows_to_cells(CODE_ROWS, 2))
    sheet.text(60, 260, "公开06表")
    sheet.text(WIDTH / 2, 280, "一般公共预算基本支出表", size=14, align="center")
    sheet.text(WIDTH - 60, 305, "单位：万元", align="right")
    heading = [
        Cell(0, 0, "经济分类科目编码", colspan=2),
        Cell(0, 2, "科目名称", rowspan=2),
        Cell(0, 3, "金额", rowspan=2),
        Cell(1, 0, "类"),
        Cell(1, 1, "款"),
    ]
    sheet.grid(60, 320, [45, 45, 190, 80], [18] * 5, heading + rows_to_cells(ECONOMIC_ROWS, 2))
    canvas.showPage()
    canvas.save()


# -- each table its own unit --------------------------------------------------------------


def draw_units(path: Path) -> None:
    canvas = _canvas(path)
    sheet = Sheet(canvas)
    _cover(sheet, "测试区万里街道办事处", "2023年度部门预算")
    sheet.text(WIDTH / 2, 60, "2023年部门基本支出预算表", size=14, align="center")
    sheet.text(60, 85, "编制部门：测试区万里街道办事处")
    sheet.text(WIDTH - 60, 85, "单位：元", align="right")
    rows = [
        ["经济分类科目名称", "合计", "人员经费", "公用经费"],
        ["工资福利支出", "1,234,500", "1,234,500", ""],
        ["公务接待费", "13,500", "", "13,500"],
    ]
    sheet.grid(60, 100, [175, 100, 100, 100], [18] * 3, rows_to_cells(rows))
    sheet.text(60, 170, "注：本表金额单位为元。")
    sheet.text(WIDTH / 2, 220, "2023年部门“三公”经费预算表", size=14, align="center")
    sheet.text(60, 245, "编制部门：测试区万里街道办事处 单位：万元")
    # Three heading levels, 合计 printed vertically in a narrow cell.
    heading = [
        Cell(0, 0, "合计", rowspan=3, vertical=True),
        Cell(0, 1, "“三公”经费", colspan=5),
        Cell(1, 1, "因公出国（境）费", rowspan=2),
        Cell(1, 2, "公务用车购置及运行费", colspan=3),
        Cell(1, 5, "公务接待费", rowspan=2),
        Cell(2, 2, "小计"),
        Cell(2, 3, "购置费"),
        Cell(2, 4, "运行费"),
    ]
    body = rows_to_cells([["22.91", "0", "21.56", "", "21.56", "1.35"]], 3)
    sheet.grid(60, 260, [30, 100, 80, 70, 70, 90], [18, 18, 18, 18], heading + body)
    canvas.showPage()
    canvas.save()


# -- vanished empty cells: a table with no ruling lines ---------------------------------


def draw_empty_cells(path: Path) -> None:
    canvas = _canvas(path)
    sheet = Sheet(canvas)
    sheet.text(WIDTH / 2, 60, "“三公”经费支出预算表", size=14, align="center")
    sheet.text(WIDTH - 60, 85, "单位：万元", align="right")
    heading = [
        Cell(0, 0, "合计", rowspan=2, vertical=True),
        Cell(0, 1, "因公出国（境）费", rowspan=2),
        Cell(0, 2, "公务用车购置及运行费", colspan=3),
        Cell(0, 5, "公务接待费", rowspan=2),
        Cell(1, 2, "小计"),
        Cell(1, 3, "购置费"),
        Cell(1, 4, "运行费"),
    ]
    body = [
        ["12.00", "", "5.00", "", "5.00", "7.00"],
        ["8.00", "3.00", "", "", "", "5.00"],
    ]
    sheet.grid(
        60,
        100,
        [60, 90, 70, 70, 70, 70],
        [16, 16, 16, 16],
        heading + rows_to_cells(body, 2),
        ruled=False,
    )
    sheet.text(60, 180, "注：本表为空的单元格表示没有该项支出。")
    canvas.showPage()
    canvas.save()


# -- a table continued over two pages ------------------------------------------------------

LONG_ROWS = [[f"3020{i}" if i < 10 else f"302{i}", f"支出项目{i}", f"{i}.00"] for i in range(1, 31)]


def draw_two_pages(path: Path) -> None:
    canvas = _canvas(path)
    sheet = Sheet(canvas)
    header = [["科目编码", "科目名称", "金额"]]
    sheet.text(WIDTH / 2, 60, "一般公共预算基本支出表", size=14, align="center")
    sheet.text(WIDTH - 60, 85, "单位：万元", align="right")
    sheet.grid(60, 100, [100, 250, 125], [20] * 25, rows_to_cells(header + LONG_ROWS[:24]))
    sheet.text(WIDTH / 2, HEIGHT - 40, "- 1 -", align="center")
    canvas.showPage()
    # The heading row is printed again on the second page; no caption is.
    sheet.grid(60, 60, [100, 250, 125], [20] * 7, rows_to_cells(header + LONG_ROWS[24:]))
    sheet.text(60, 210, "注：本表反映一般公共预算基本支出情况。")
    sheet.text(WIDTH / 2, HEIGHT - 40, "- 2 -", align="center")
    canvas.showPage()
    canvas.save()


# -- rotated pages ----------------------------------------------------------------------

ROTATED_ROWS = [
    ["项目", "预算数", "决算数"],
    ["公务接待费", "5.80", "0.90"],
    ["因公出国（境）费", "30.00", "4.69"],
]


def _sideways_table(canvas: Canvas, title: str) -> None:
    """A landscape table drawn a quarter turn anticlockwise on a portrait page."""
    canvas.saveState()
    canvas.translate(WIDTH, 0)
    canvas.rotate(90)
    sheet = Sheet(canvas, height=WIDTH)  # the landscape page is WIDTH high
    sheet.text(HEIGHT / 2, 60, title, size=14, align="center")
    sheet.text(HEIGHT - 80, 90, "单位：万元", align="right")
    sheet.grid(80, 105, [300, 200, 200], [20] * 3, rows_to_cells(ROTATED_ROWS))
    canvas.restoreState()


def draw_rotated(path: Path) -> None:
    canvas = _canvas(path)
    # Content drawn rotated: its characters come out with upright=False.
    _sideways_table(canvas, "财政拨款“三公”经费支出决算表")
    canvas.showPage()
    # The same drawing on a page turned by /Rotate 90, which pdfminer turns back itself.
    canvas.setPageRotation(90)
    _sideways_table(canvas, "一般公共预算财政拨款“三公”经费支出决算表")
    canvas.showPage()
    canvas.save()


# -- files that cannot be read --------------------------------------------------------------


def draw_encrypted(path: Path) -> None:
    canvas = _canvas(path, encrypt=StandardEncryption("secret", ownerPassword="owner"))
    Sheet(canvas).text(60, 60, "加密的文件")
    canvas.showPage()
    canvas.save()


def draw_no_text(path: Path) -> None:
    """A scan: only shapes, no characters."""
    canvas = _canvas(path)
    for row in range(10):
        canvas.rect(60, HEIGHT - 100 - row * 20, 400, 20, stroke=1, fill=row % 2)
    canvas.showPage()
    canvas.save()


def write_truncated(path: Path, source: Path) -> None:
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def write_not_pdf(path: Path) -> None:
    path.write_text("这不是PDF文件，只是改了后缀名。\n", encoding="utf-8")


def build_fixtures(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = {
        name: folder / f"{name}.pdf"
        for name in (
            "split_codes",
            "units",
            "empty_cells",
            "two_pages",
            "rotated",
            "encrypted",
            "no_text",
            "truncated",
            "not_pdf",
        )
    }
    draw_split_codes(paths["split_codes"])
    draw_units(paths["units"])
    draw_empty_cells(paths["empty_cells"])
    draw_two_pages(paths["two_pages"])
    draw_rotated(paths["rotated"])
    draw_encrypted(paths["encrypted"])
    draw_no_text(paths["no_text"])
    write_truncated(paths["truncated"], paths["split_codes"])
    write_not_pdf(paths["not_pdf"])
    return paths
