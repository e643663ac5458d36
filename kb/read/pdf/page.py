"""One PDF page to its text lines and tables, in reading order (top to bottom).

Tables with ruling lines are found first; the words inside them leave the text.
Among the remaining lines, runs of figures in columns are read as tables by word
position. Every other line is text, numbered as in the page's plain text so that a
table row and a paragraph both point at the line of the page they came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pdfplumber.page import Page

from ...model import Line, OcrBox
from .grid import BBox, Grid
from .lines import PageLine, join_stacked_characters, words_to_lines
from .rotate import upright_page
from .ruled import page_to_ruled_grids
from .triage import PageTriage, page_to_triage
from .unruled import lines_to_grids


@dataclass
class PageTable:
    grid: Grid
    page: int
    row_lines: list[int]

    @property
    def top(self) -> float:
        return self.grid.bbox[1]


@dataclass
class PageText:
    line: Line
    top: float


@dataclass
class PageLayout:
    number: int
    lines: list[Line] = field(default_factory=list)  # every line of the page's text
    items: list[PageText | PageTable] = field(default_factory=list)  # reading order
    triage: PageTriage | None = None
    ocr: list[OcrBox] | None = None  # the text boxes, when the page was read by OCR


def page_to_layout(page: Page, number: int) -> PageLayout:
    triage = page_to_triage(number, page.chars, page.images, page.width, page.height)
    page = upright_page(page)
    words = page.extract_words()
    lines = words_to_lines(words)
    layout = PageLayout(number, [Line(ln.text, ln.number, number) for ln in lines], triage=triage)
    grids = page_to_ruled_grids(page)
    free = join_stacked_characters(_free_lines(lines, [g.bbox for g in grids]))
    word_grids, taken = lines_to_grids(free)
    grids += word_grids
    items: list[PageText | PageTable] = [
        PageText(Line(ln.text, ln.number, number), ln.top) for ln in free if ln.number not in taken
    ]
    items += [PageTable(g, number, _row_lines(g, lines)) for g in grids]
    layout.items = sorted(items, key=lambda item: item.top)
    return layout


def _inside(word: dict, box: BBox) -> bool:
    h = (word["x0"] + word["x1"]) / 2
    v = (word["top"] + word["bottom"]) / 2
    return box[0] - 1 <= h <= box[2] + 1 and box[1] - 1 <= v <= box[3] + 1


def _free_lines(lines: list[PageLine], boxes: list[BBox]) -> list[PageLine]:
    """The lines, or parts of lines, outside every table."""
    if not boxes:
        return lines
    free = []
    for line in lines:
        words = [w for w in line.words if not any(_inside(w, box) for box in boxes)]
        if words:
            free.append(PageLine(line.number, words))
    return free


def _row_lines(grid: Grid, lines: list[PageLine]) -> list[int]:
    """For each row of the grid, the page line it is printed on (its first, if several)."""
    numbers = []
    for top, bottom in zip(grid.row_tops, grid.row_bottoms, strict=True):
        inside = [
            ln.number
            for ln in lines
            if top - 1 <= (ln.top + ln.bottom) / 2 <= bottom + 1
            and ln.x1 >= grid.bbox[0]
            and ln.x0 <= grid.bbox[2]
        ]
        if inside:
            numbers.append(inside[0])
        else:
            nearest = min(lines, key=lambda ln: abs(ln.top - top), default=None)
            numbers.append(nearest.number if nearest else 0)
    return numbers
