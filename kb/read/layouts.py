"""Recognise how a text extraction laid out its tables, and cut lines into blocks.

Four layouts occur in real extractions:

- ``tsv``: one table row per line, cells separated by tabs;
- ``markdown``: pipe tables (``| a | b |``) with a ``|---|`` separator row;
- ``tab_cells``: one cell per line with a leading tab, rows separated by blank lines;
- ``cells``: one cell (or a fragment of one) per line with nothing marking rows or
  cells, as Word produces for tables embedded as images.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Line

LAYOUTS = ("tsv", "markdown", "tab_cells", "cells")
IMAGE_MARK = re.compile(r"\[image:[^\]]*\]")
PART_HEADING = re.compile(r"^\s*第[一二三四五六七八九十]+部分")
MARKDOWN_RULE = re.compile(r"^\|?[\s:|-]+\|?$")
NUMBER = re.compile(r"^[-+]?\d[\d,，]*(?:[.。]\d+)?%?$")


@dataclass
class TextBlock:
    line: Line


@dataclass
class TableBlock:
    rows: list[list[str]]
    row_lines: list[int]
    page: int | None
    line: int
    fragments: bool = False  # rows were reconstructed from loose fragments
    caption: list[str] = field(default_factory=list)
    row_pages: list[int] = field(default_factory=list)  # page of each row (PDFs)


Block = TextBlock | TableBlock


def detect_layout(lines: list[Line]) -> str:
    pipe = sum(1 for ln in lines if ln.text.lstrip().startswith("|"))
    leading_tab = sum(1 for ln in lines if ln.text.startswith("\t") and "\t" not in ln.text[1:])
    inner_tab = sum(1 for ln in lines if "\t" in ln.text.strip("\t") or ln.text.count("\t") > 1)
    if pipe >= 10 and pipe >= inner_tab:
        return "markdown"
    if leading_tab >= 20 and leading_tab > inner_tab:
        return "tab_cells"
    if inner_tab >= 10:
        return "tsv"
    return "cells"


def lines_to_blocks(lines: list[Line], layout: str) -> list[Block]:
    reader = {
        "tsv": _tsv_blocks,
        "markdown": _markdown_blocks,
        "tab_cells": _tab_cell_blocks,
        "cells": _fragment_blocks,
    }[layout]
    return reader(lines)


def clean_cell(cell: str) -> str:
    return " ".join(cell.replace("**", "").split())


def _tsv_blocks(lines: list[Line]) -> list[Block]:
    blocks: list[Block] = []
    current: TableBlock | None = None
    for line in lines:
        if "\t" in line.text:
            cells = [clean_cell(c) for c in line.text.split("\t")]
            if current is None:
                current = TableBlock([], [], line.page, line.number)
                blocks.append(current)
            current.rows.append(cells)
            current.row_lines.append(line.number)
        else:
            current = None
            blocks.append(TextBlock(line))
    return blocks


def _markdown_blocks(lines: list[Line]) -> list[Block]:
    blocks: list[Block] = []
    current: TableBlock | None = None
    for line in lines:
        text = line.text.strip()
        if text.startswith("|"):
            if MARKDOWN_RULE.match(text):
                continue
            inner = text[1:-1] if text.endswith("|") and len(text) > 1 else text[1:]
            cells = [clean_cell(c) for c in inner.split("|")]
            if current is None:
                current = TableBlock([], [], line.page, line.number)
                blocks.append(current)
            current.rows.append(cells)
            current.row_lines.append(line.number)
        else:
            current = None
            blocks.append(TextBlock(line))
    return blocks


def _tab_cell_blocks(lines: list[Line]) -> list[Block]:
    """Cells are lines that start with a tab; a blank line closes a row."""
    blocks: list[Block] = []
    current: TableBlock | None = None
    row: list[str] = []
    row_line = 0

    def close_row() -> None:
        nonlocal row
        if current is not None and row:
            current.rows.append(row)
            current.row_lines.append(row_line)
        row = []

    for line in lines:
        if line.text.startswith("\t"):
            if current is None:
                current = TableBlock([], [], line.page, line.number)
                blocks.append(current)
            if not row:
                row_line = line.number
            row.append(clean_cell(line.text))
        elif not line.text.strip():
            close_row()
        else:
            close_row()
            current = None
            blocks.append(TextBlock(line))
    close_row()
    return blocks


def _fragment_blocks(lines: list[Line]) -> list[Block]:
    """Tables embedded as images come out as loose fragments after an image mark.

    A table runs from its image mark to the next mark or the next part heading.
    Rows are rebuilt from the one regularity left: a label followed by its figures.
    """
    blocks: list[Block] = []
    fragments: list[Line] | None = None

    def close_table() -> None:
        if fragments:
            blocks.append(_fragments_to_table(fragments))

    for line in lines:
        if IMAGE_MARK.search(line.text):
            close_table()
            fragments = []
            rest = IMAGE_MARK.sub("", line.text).strip()
            if rest:
                fragments.append(Line(rest, line.number, line.page))
        elif fragments is not None and not PART_HEADING.match(line.text):
            if line.text.strip():
                fragments.append(Line(line.text.strip(), line.number, line.page))
        else:
            close_table()
            fragments = None
            blocks.append(TextBlock(line))
    close_table()
    return blocks


def _fragments_to_table(fragments: list[Line]) -> TableBlock:
    caption_end = _caption_length(fragments)
    caption = "".join(f.text for f in fragments[:caption_end])
    caption = re.sub(r"^附件\s*[\d-]*", "", caption)
    table = TableBlock([], [], fragments[0].page, fragments[0].number, fragments=True)
    table.caption = [caption] if caption else []
    row: list[str] = []
    previous_numeric = False
    for fragment in fragments[caption_end:]:
        numeric = is_number(fragment.text) or fragment.text in {"―", "—", "-"}
        if row and not numeric and previous_numeric:
            table.rows.append(row)
            row = []
        if not row:
            table.row_lines.append(fragment.number)
        row.append(fragment.text)
        previous_numeric = numeric
    if row:
        table.rows.append(row)
    return table


def _caption_length(fragments: list[Line]) -> int:
    """The title fragments: up to a closing （…年度） or the fragment that ends in 表."""
    text = ""
    end = 0
    for index, fragment in enumerate(fragments[:15]):
        text += fragment.text
        if text.endswith("表"):
            end = index + 1
        elif end and re.search(r"[（(]\s*\d{4}\s*年度?\s*[）)]$", text):
            return index + 1
        elif end and not re.match(r"^[（(\d年度）)]+$", fragment.text):
            return end
    return end


def is_number(text: str) -> bool:
    return bool(NUMBER.match(text.strip().replace(" ", "")))
