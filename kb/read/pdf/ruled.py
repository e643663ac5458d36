"""Tables drawn with ruling lines: pdfplumber's cells to a ``Grid`` of logical columns.

pdfplumber's lines strategy gives the cells of a ruled table as rectangles. Edges
that do not line up make extra grid columns (a heading's frame a point off its
column's frame); a column only exists where some cell starts, so those collapse.
Merged heading cells are repeated across the columns they span so that every column
carries its full heading path; cells merged down a column stay empty below the label.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from operator import itemgetter

from pdfplumber.page import Page
from pdfplumber.table import Table as PlumberTable

from .grid import Grid, header_length, is_caption_row, is_figure, join_cell_lines

TOLERANCE = 1.5  # points within which two cell edges are the same rule
LINE_TOLERANCE = 3  # as pdfplumber's y_tolerance: characters this close share a line
SPACE_GAP = 3  # as its x_tolerance: a wider gap between characters is a space
MIN_ROWS = 2
MIN_COLUMNS = 2


@dataclass
class _Cell:
    r0: int
    r1: int
    c0: int
    c1: int
    text: str


def page_to_ruled_grids(page: Page) -> list[Grid]:
    """Every table on the page that has ruling lines, as grids, top to bottom."""
    grids = []
    for table in page.filter(_visible).find_tables():
        grid = table_to_grid(table, page.chars)
        if grid is not None:
            grids.append(grid)
    return sorted(grids, key=lambda g: (g.bbox[1], g.bbox[0]))


def _visible(obj: dict) -> bool:
    """White boxes (Word's cell backgrounds, highlight behind text) are not ruling lines."""
    kind = obj.get("object_type")
    if kind == "rect" and obj.get("fill") and not obj.get("stroke"):
        return not _is_white(obj.get("non_stroking_color"))
    if kind in ("line", "curve") and obj.get("stroke") and not obj.get("fill"):
        return not _is_white(obj.get("stroking_color"))
    return True


def _is_white(color: object) -> bool:
    if isinstance(color, int | float):
        return color >= 0.99
    if isinstance(color, tuple | list) and color and all(isinstance(c, int | float) for c in color):
        if len(color) == 4:  # CMYK: white has no ink
            return all(c <= 0.01 for c in color)
        return all(c >= 0.99 for c in color)
    return False


def table_to_grid(table: PlumberTable, chars: list[dict]) -> Grid | None:
    xs = _bounds([c[0] for c in table.cells] + [c[2] for c in table.cells])
    ys = _bounds([c[1] for c in table.cells] + [c[3] for c in table.cells])
    if len(xs) < 2 or len(ys) < 2:
        return None
    cells = _cells_with_text(table, xs, ys, chars)
    n_rows = len(ys) - 1
    n_columns = len(xs) - 1
    first = 0
    while first < n_rows:
        starting = [c for c in cells if c.r0 == first]
        widest = max((c.c1 - c.c0 for c in starting), default=0)
        texts = [c.text for c in sorted(starting, key=lambda c: c.c0)]
        if any(texts) and not is_caption_row(texts, widest >= 0.6 * n_columns):
            break
        first += 1  # its words stay page text, read as the caption above the table
    body = [c for c in cells if c.r0 >= first]
    if not any(c.text for c in body):
        return None
    starts = _column_starts(body)
    if len(starts) < MIN_COLUMNS:
        return None
    rows, spans, tops, bottoms = _rows(body, starts, first, n_rows, ys)
    if len(rows) < MIN_ROWS or not any(cell for row in rows for cell in row):
        return None
    header = header_length(rows)
    _fill_header_spans(rows, spans, header)
    x0, top, x1, bottom = table.bbox
    top = ys[first] if first < len(ys) else top
    return Grid(
        rows=rows,
        row_tops=tops,
        row_bottoms=bottoms,
        columns=[xs[s] for s in starts],
        bbox=(x0, top, x1, bottom),
        header=header,
        ruled=True,
    )


def _column_starts(cells: list[_Cell]) -> list[int]:
    """Grid columns where a logical column starts.

    A column exists where some cell starts. Word draws some tables with cell edges
    that wander from row to row (a figure in one sub-cell here, in the next there);
    two neighbouring columns that some cell spans, that never both hold text in one
    row, and that do not both have a heading, are one column.
    """
    figures = [c.r0 for c in cells if is_figure(c.text)]
    first_body = min(figures) if figures else max(c.r1 for c in cells)
    starts = sorted({c.c0 for c in cells})
    used = {s: {c.r0 for c in cells if c.c0 == s and c.text} for s in starts}
    headed = {s: any(r < first_body for r in used[s]) for s in starts}
    merged = [starts[0]]
    rows_used, group_headed = set(used[starts[0]]), headed[starts[0]]
    for start in starts[1:]:
        bridged = any(c.c0 < start < c.c1 for c in cells)
        if bridged and not rows_used & used[start] and not (group_headed and headed[start]):
            rows_used |= used[start]
            group_headed = group_headed or headed[start]
        else:
            merged.append(start)
            rows_used, group_headed = set(used[start]), headed[start]
    return merged


def _bounds(values: list[float]) -> list[float]:
    """Sorted distinct edge positions, merging those within the tolerance."""
    bounds: list[float] = []
    for value in sorted(values):
        if not bounds or value - bounds[-1] > TOLERANCE:
            bounds.append(value)
    return bounds


def _index(bounds: list[float], value: float) -> int:
    index = bisect_right(bounds, value + TOLERANCE) - 1
    return max(0, min(index, len(bounds) - 1))


def _cells_with_text(
    table: PlumberTable, xs: list[float], ys: list[float], chars: list[dict]
) -> list[_Cell]:
    cells = []
    owner: dict[tuple[int, int], int] = {}
    for bbox in table.cells:
        cell = _Cell(
            _index(ys, bbox[1]), _index(ys, bbox[3]), _index(xs, bbox[0]), _index(xs, bbox[2]), ""
        )
        cell.r1 = max(cell.r1, cell.r0 + 1)
        cell.c1 = max(cell.c1, cell.c0 + 1)
        for r in range(cell.r0, cell.r1):
            for c in range(cell.c0, cell.c1):
                owner.setdefault((r, c), len(cells))
        cells.append(cell)
    x_min, y_min, x_max, y_max = xs[0], ys[0], xs[-1], ys[-1]
    members: dict[int, list[dict]] = {}
    for char in chars:
        h = (char["x0"] + char["x1"]) / 2
        v = (char["top"] + char["bottom"]) / 2
        if not (x_min <= h < x_max and y_min <= v < y_max):
            continue
        key = (bisect_right(ys, v) - 1, bisect_right(xs, h) - 1)
        if key in owner:
            members.setdefault(owner[key], []).append(char)
    for index, found in members.items():
        cells[index].text = join_cell_lines(_chars_to_text(found))
    return cells


def _chars_to_text(chars: list[dict]) -> str:
    """A cell's characters as lines of text (as extract_text, without its word machinery)."""
    lines: list[list[dict]] = []
    for char in sorted(chars, key=itemgetter("top")):
        if lines and char["top"] - lines[-1][-1]["top"] <= LINE_TOLERANCE:
            lines[-1].append(char)
        else:
            lines.append([char])
    texts = []
    for line in lines:
        text = ""
        previous = None
        for char in sorted(line, key=itemgetter("x0")):
            if previous is not None and char["x0"] - previous["x1"] > SPACE_GAP:
                text += " "
            text += char["text"]
            previous = char
        texts.append(text)
    return "\n".join(texts)


def _rows(
    cells: list[_Cell], starts: list[int], first: int, n_rows: int, ys: list[float]
) -> tuple[list[list[str]], list[list[tuple[int, int, str]]], list[float], list[float]]:
    """Cell texts by grid row and logical column, dropping rows with nothing in them."""
    rows: list[list[str]] = []
    spans: list[list[tuple[int, int, str]]] = []
    tops: list[float] = []
    bottoms: list[float] = []
    by_row: dict[int, list[_Cell]] = {}
    for cell in cells:
        by_row.setdefault(cell.r0, []).append(cell)
    for r in range(first, n_rows):
        row = [""] * len(starts)
        row_spans = []
        for cell in sorted(by_row.get(r, []), key=lambda c: c.c0):
            lc0 = bisect_right(starts, cell.c0) - 1
            lc1 = max(lc0 + 1, bisect_right(starts, cell.c1 - 1))
            if cell.text:
                row[lc0] = f"{row[lc0]} {cell.text}".strip()
                row_spans.append((lc0, lc1, cell.text))
        if any(row):
            rows.append(row)
            spans.append(row_spans)
            tops.append(ys[r])
            bottoms.append(ys[r + 1])
    return rows, spans, tops, bottoms


def _fill_header_spans(
    rows: list[list[str]], spans: list[list[tuple[int, int, str]]], header: int
) -> None:
    """Repeat a merged heading across every column it spans."""
    for row, row_spans in zip(rows[:header], spans[:header], strict=True):
        for lc0, lc1, text in row_spans:
            for column in range(lc0 + 1, lc1):
                if not row[column]:
                    row[column] = text
