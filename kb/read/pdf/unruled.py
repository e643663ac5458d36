"""Tables without ruling lines: rows and columns from where the words sit.

Plain text loses empty cells (``1,471.70 508.20 70.00`` under six headings); word
positions keep them. A run of lines whose gap-separated chunks carry figures is a
table body; the figure-free lines just above it are its headings (``pdf_headings``).
Columns are the x-ranges the body's chunks occupy, plus a column for any heading
over no figure at all (a column empty in every row). Each chunk goes to the column
it overlaps, so an empty cell stays an empty string in its place.
"""

from __future__ import annotations

import re

from ..captions import is_caption_line
from .grid import Grid, header_length, is_caption_cell, is_figure, join_cell_lines
from .headings import headings_to_rows, slot_of
from .lines import Chunk, PageLine, Slot

MIN_BODY_ROWS = 2
MAX_HEADER_LINES = 8
MAX_LINE_GAP = 2.5  # line spacing, in character heights, that still joins two table lines
SENTENCE = re.compile(r"[。；！？]$|[，。；]")
DOT_LEADER = re.compile(r"^[.·…。\s]{4,}$")


def lines_to_grids(lines: list[PageLine]) -> tuple[list[Grid], set[int]]:
    """Tables found among text lines, and the numbers of the lines they took."""
    grids: list[Grid] = []
    taken: set[int] = set()
    chunks = [[c for c in line.chunks() if not DOT_LEADER.match(c.text)] for line in lines]
    index = 0
    while index < len(lines):
        if not _is_row(chunks[index]):
            index += 1
            continue
        end = index + 1
        while (
            end < len(lines)
            and _near(lines[end - 1], lines[end])
            and (_is_row(chunks[end]) or _is_wrapped_label(chunks[end], chunks[index]))
        ):
            end += 1
        while end > index and not _is_row(chunks[end - 1]):
            end -= 1
        rows = sum(1 for i in range(index, end) if _is_row(chunks[i]))
        if rows < MIN_BODY_ROWS:
            index = end if end > index else index + 1
            continue
        start = index
        while (
            start > 0
            and index - start < MAX_HEADER_LINES
            and _near(lines[start - 1], lines[start])
            and _is_heading_line(lines[start - 1], chunks[start - 1])
        ):
            start -= 1
        grid = _grid(lines[start:end], chunks[start:end])
        if grid is not None:
            grids.append(grid)
            taken.update(line.number for line in lines[start:end])
        index = end
    return grids, taken


def _is_row(chunks: list[Chunk]) -> bool:
    figures = sum(1 for c in chunks if is_figure(c.text))
    return len(chunks) >= 2 and figures >= 1 and (figures >= 2 or len(chunks) >= 3)


def _is_wrapped_label(chunks: list[Chunk], first_row: list[Chunk]) -> bool:
    """A label too long for its cell continues alone on the next line, left of the figures."""
    if len(chunks) != 1 or is_figure(chunks[0].text) or SENTENCE.search(chunks[0].text):
        return False
    first_figure = min((c.x0 for c in first_row if is_figure(c.text)), default=0.0)
    return chunks[0].x1 < first_figure


def _is_heading_line(line: PageLine, chunks: list[Chunk]) -> bool:
    text = line.text
    if not chunks or SENTENCE.search(text) or is_caption_line(text):
        return False
    if any(is_caption_cell(c.text) for c in chunks):
        return False
    return all(len(c.text) <= 24 for c in chunks)


def _near(upper: PageLine, lower: PageLine) -> bool:
    return lower.top - upper.bottom < MAX_LINE_GAP * max(upper.em, lower.em)


def _grid(lines: list[PageLine], chunks: list[list[Chunk]]) -> Grid | None:
    cells = [[c.text for c in line] for line in chunks]
    first_body = header_length(cells)
    heading = chunks[:first_body]
    body = chunks[first_body:]
    slots = _slots(body)
    if not slots:
        return None
    header_rows = headings_to_rows(lines[:first_body], heading, slots)
    if len(slots) < 2:
        return None
    body_rows, tops, bottoms = _body_rows(lines[first_body:], body, slots)
    header_tops = [lines[0].top] * len(header_rows)
    header_bottoms = [lines[first_body - 1].bottom if first_body else lines[0].top] * len(
        header_rows
    )
    return Grid(
        rows=header_rows + body_rows,
        row_tops=header_tops + tops,
        row_bottoms=header_bottoms + bottoms,
        columns=[s.x0 for s in slots],
        bbox=(
            min(line.x0 for line in lines),
            lines[0].top,
            max(line.x1 for line in lines),
            lines[-1].bottom,
        ),
        header=len(header_rows),
        ruled=False,
    )


def _slots(body: list[list[Chunk]]) -> list[Slot]:
    """Column x-ranges: the body's chunks, merged where they overlap."""
    slots: list[Slot] = []
    for chunk in sorted((c for row in body for c in row), key=lambda c: c.x0):
        if slots and chunk.x0 <= slots[-1].x1:
            slots[-1].x1 = max(slots[-1].x1, chunk.x1)
        else:
            slots.append(Slot(chunk.x0, chunk.x1))
    return slots


def _body_rows(
    lines: list[PageLine], body: list[list[Chunk]], slots: list[Slot]
) -> tuple[list[list[str]], list[float], list[float]]:
    rows: list[list[str]] = []
    tops: list[float] = []
    bottoms: list[float] = []
    for line, chunks in zip(lines, body, strict=True):
        cells = [""] * len(slots)
        for chunk in chunks:
            i = slot_of(chunk, slots)
            cells[i] = f"{cells[i]} {chunk.text}".strip()
        if rows and not _is_row(chunks) and len(chunks) == 1:
            previous = rows[-1]
            i = slot_of(chunks[0], slots)
            previous[i] = join_cell_lines(f"{previous[i]}\n{chunks[0].text}")
            bottoms[-1] = line.bottom
            continue
        rows.append(cells)
        tops.append(line.top)
        bottoms.append(line.bottom)
    return rows, tops, bottoms
