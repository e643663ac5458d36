"""A table as read from one PDF page: cells by row and logical column, with positions.

Both table readers (ruling lines in ``pdf_tables``, word positions in ``pdf_columns``)
produce a ``Grid``; later steps join split codes, join tables over pages and turn grids
into ``TableBlock``s without caring which reader found them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..captions import UNIT
from ..layouts import is_number

BBox = tuple[float, float, float, float]

CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
CJK_SPACE = re.compile(rf"(?<=[{CJK}])[ \t]+(?=[{CJK}])")

COLUMN_NUMBER = re.compile(r"^(?:栏次|行次|\*+|\d{1,2}|[类款项]|[A-Za-z])$")
ISSUER_CELL = re.compile(
    r"^(?:编制部门|编制单位|填报单位|部门名称|单位名称|预算单位|预算主管部门|主管部门|部门|单位)"
    r"(?:（单位）)?\s*[：:]"
)
TABLE_NUMBER_CELL = re.compile(r"^(?:预算表\s*\d+|公开\s*\d+\s*表|附?表\s*\d+(?:[-－]\d+)?)$")
TITLE_CELL = re.compile(r"^[^，。；]{2,80}表(?:（[^）]*）|\([^)]*\))?$")


@dataclass
class Grid:
    """Rows of cell texts; ``header`` leading rows are column headings."""

    rows: list[list[str]]
    row_tops: list[float]
    row_bottoms: list[float]
    columns: list[float]  # left edge of each logical column
    bbox: BBox
    header: int = 0
    ruled: bool = True

    @property
    def width(self) -> int:
        return len(self.columns)


def join_cell_lines(text: str) -> str:
    """Cell text broken over lines (wrapped, or stacked one character a line) as one string."""
    parts = [p.strip() for p in text.replace("\u3000", " ").split("\n")]
    joined = ""
    for part in parts:
        if not part:
            continue
        # Only two Latin words broken over lines need a space between them.
        if (
            joined
            and joined[-1].isascii()
            and joined[-1].isalpha()
            and part[0].isascii()
            and part[0].isalpha()
        ):
            joined += " "
        joined += part
    # Letter-spaced headings (合 计, 项 目): Chinese has no spaces between words.
    joined = CJK_SPACE.sub("", joined)
    return re.sub(r"[ \t]{2,}", " ", joined)


def is_figure(cell: str) -> bool:
    text = cell.strip()
    return bool(text) and text not in {"-", "—"} and is_number(text)


def is_column_number_row(row: list[str]) -> bool:
    """A row of column numbers or markers (栏次 1 2 3, ** ** 1 2, 类 款 项)."""
    cells = [c.replace(" ", "") for c in row if c]
    return bool(cells) and all(COLUMN_NUMBER.match(c) for c in cells)


def header_length(rows: list[list[str]]) -> int:
    """Header rows are the rows above the first row with a figure after its first cell.

    A table without figures (a text form) gets no header: nothing tells it apart.
    """
    for index, row in enumerate(rows):
        if is_column_number_row(row):
            continue
        if any(is_figure(cell) for cell in row[1:]) or (len(row) > 1 and is_figure(row[0])):
            return index
    return 0


def is_caption_cell(text: str) -> bool:
    compact = re.sub(r"\s+", "", text)
    return bool(
        UNIT.search(compact)
        or ISSUER_CELL.match(compact)
        or TABLE_NUMBER_CELL.match(compact)
        or re.match(r"^[（(]\d{4}年度?[）)]$", compact)
    )


def is_caption_row(cells: list[str], spans_width: bool) -> bool:
    """A row printed inside a table's frame that is really its caption (title, unit, issuer)."""
    texts = [c for c in cells if c.strip()]
    if not texts or len(texts) > 4 or any(is_figure(c) for c in texts):
        return False
    if any(is_caption_cell(c) for c in texts):
        return all(is_caption_cell(c) or not _looks_like_heading(c) for c in texts)
    return spans_width and len(texts) == 1 and bool(TITLE_CELL.match(re.sub(r"\s+", "", texts[0])))


def _looks_like_heading(text: str) -> bool:
    """Column headings next to a caption cell would make it a header row after all."""
    return bool(re.search(r"合计|小计|预算数|决算数|金额|科目|项目|支出|收入", text))
