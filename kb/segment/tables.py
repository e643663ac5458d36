"""Turn a block of rows into a Table: caption, number, unit, header rows and body rows."""

from __future__ import annotations

import re

from ..model import Table
from ..read.captions import ISSUER, TABLE_NUMBER, UNIT, YEAR_NOTE, is_caption_line
from ..read.layouts import TableBlock, is_number
from ..vocabulary import classify_statement

COLUMN_NUMBERS = re.compile(r"^(?:栏次|行次|\*+|\d{1,2}|[类款项])$")


def block_to_table(block: TableBlock, caption: list[str], heading: str | None) -> Table:
    """Build a table from its rows and the caption lines printed above it."""
    rows = [row for row in block.rows]
    row_lines = list(block.row_lines)
    row_pages: list[int | None] = list(block.row_pages) or [None] * len(rows)
    caption = list(block.caption) + list(caption)
    # Some extractions put the caption in the table's first rows (001, 004).
    while rows and _is_caption_row(rows[0]):
        caption.extend(cell for cell in rows[0] if cell)
        rows.pop(0)
        row_lines.pop(0)
        row_pages.pop(0)
    table = Table()
    for text in caption:
        _read_caption(table, text)
    header_count = _header_length(rows)
    table.header = [_trim(r) for r in rows[:header_count]]
    body = list(
        zip(rows[header_count:], row_lines[header_count:], row_pages[header_count:], strict=True)
    )
    body = [(r, n, p) for r, n, p in body if any(cell for cell in r)]
    # Body rows keep trailing empty cells: they say where a figure is not.
    table.rows = [list(r) for r, _, _ in body]
    table.row_lines = [n for _, n, _ in body]
    table.row_pages = [p for _, _, p in body if p is not None]
    if table.title is None and heading and heading.rstrip().endswith("表"):
        table.title = re.sub(r"^[一二三四五六七八九十]+、\s*", "", heading).strip()
    table.statement = classify_statement(table.title or "", table.header + table.rows[:3])
    return table


def _trim(row: list[str]) -> list[str]:
    row = list(row)
    while row and not row[-1]:
        row.pop()
    return row


def _is_caption_row(row: list[str]) -> bool:
    cells = [c for c in row if c]
    return bool(cells) and len(cells) <= 3 and all(is_caption_line(c) for c in cells)


def _read_caption(table: Table, text: str) -> None:
    text = text.strip().lstrip("-").strip()
    unit = UNIT.search(text)
    if unit:
        table.unit = unit.group(1)
        text = text[: unit.start()].strip()
        if not text:
            return
    compact = re.sub(r"\s+", "", text)
    if TABLE_NUMBER.match(compact):
        table.number = table.number or compact
    elif ISSUER.match(text) or YEAR_NOTE.match(compact):
        table.notes.append(text)
    elif table.title is None:
        table.title = compact
    else:
        table.notes.append(text)


def _header_length(rows: list[list[str]]) -> int:
    """Header rows are those above the first row that carries a figure.

    Rows of column numbers (栏次 1 2 3, ** ** 1 2) belong to the header too.
    """
    numbering_rows = []
    for index, row in enumerate(rows):
        if _is_column_number_row(row):
            numbering_rows.append(index)
            continue
        if any(is_number(cell) and not _is_code(cell) for cell in row[1:]):
            return index
        # A subject code followed by its name is a body row even when its figures
        # are all three-digit integers that look like codes themselves.
        labelled = [cell for cell in row if cell]
        if (
            len(labelled) >= 2
            and _is_code(labelled[0])
            and any(not is_number(c) for c in labelled[1:])
        ):
            return index
    # No figures at all: an empty table or a text form. Its header runs to the row
    # of column numbers when there is one, else it is the first row.
    return numbering_rows[-1] + 1 if numbering_rows else min(1, len(rows))


def _is_column_number_row(row: list[str]) -> bool:
    cells = [c for c in row if c]
    return (
        bool(cells)
        and all(COLUMN_NUMBERS.match(c) for c in cells)
        and sum(1 for c in cells if c.isdigit()) >= 2
    )


def _is_code(cell: str) -> bool:
    return bool(re.fullmatch(r"\d{3}(?:\d{2}){0,2}", cell))
