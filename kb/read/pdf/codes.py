"""Classification codes printed in 类/款/项 columns, joined back into one code cell.

Budget tables print a function code ``2010350`` as ``201 | 03 | 50`` under the
headings 类 款 项, and an economic code ``30217`` as ``302 | 17`` under 类 款.
Rows below a 类 row often leave the 类 cell empty (``| 02 | | 公安``); the code is
the one above it continued, so it is carried down.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .grid import Grid

LEVELS = ("类", "款", "项")
CLASS = re.compile(r"^\d{3}$")
PART = re.compile(r"^\d{2}$")


def join_split_codes(grid: Grid) -> Grid:
    """The grid with every 类/款(/项) column group joined into a single code column."""
    groups = _code_groups(grid)
    if not groups:
        return grid
    rows = []
    carried: dict[int, list[str]] = {start: ["", "", ""] for start, _ in groups}
    for index, row in enumerate(grid.rows):
        joined: list[str] = []
        column = 0
        for start, size in groups:
            joined.extend(row[column:start])
            parts = row[start : start + size]
            if index < grid.header:
                joined.append(_join_labels(parts))
            else:
                joined.append(_join_code(parts, carried[start]))
            column = start + size
        joined.extend(row[column:])
        rows.append(joined)
    drop = {start + k for start, size in groups for k in range(1, size)}
    columns = [x for i, x in enumerate(grid.columns) if i not in drop]
    return replace(grid, rows=rows, columns=columns)


def _code_groups(grid: Grid) -> list[tuple[int, int]]:
    """(first column, number of columns) of each split code."""
    groups = _groups_from_header(grid) or _groups_from_body(grid)
    body = grid.rows[grid.header :]
    return [
        (start, size)
        for start, size in groups
        if all(_fits(row[start : start + size]) for row in body)
    ]


def _fits(parts: list[str]) -> bool:
    """Code parts, or a label (合计) spanning the code columns with nothing beside it."""
    if all(_is_code_part(part, level) for level, part in enumerate(parts)):
        return True
    return not any(parts[1:])


def _groups_from_header(grid: Grid) -> list[tuple[int, int]]:
    groups: list[tuple[int, int]] = []
    for row in grid.rows[: grid.header]:
        cells = [c.replace(" ", "") for c in row]
        column = 0
        while column < len(cells) - 1:
            if cells[column] == "类" and cells[column + 1] == "款":
                size = 3 if column + 2 < len(cells) and cells[column + 2] == "项" else 2
                groups.append((column, size))
                column += size
            else:
                column += 1
        if groups:
            return groups
    return groups


def _groups_from_body(grid: Grid) -> list[tuple[int, int]]:
    """Without 类/款 headings: a column of 3-digit codes followed by columns of 2-digit ones."""
    body = grid.rows[grid.header :]
    width = grid.width
    for start in range(width - 1):
        classes = [row[start] for row in body if row[start]]
        if len(classes) < 2 or not all(CLASS.match(c) for c in classes):
            continue
        size = 1
        while start + size < width and size < 3:
            values = [row[start + size] for row in body if row[start + size]]
            if not values or not all(PART.match(v) for v in values):
                break
            size += 1
        if size >= 2:
            return [(start, size)]
    return []


def _is_code_part(cell: str, level: int) -> bool:
    return not cell or bool((CLASS if level == 0 else PART).match(cell.replace(" ", "")))


def _join_labels(parts: list[str]) -> str:
    labels: list[str] = []
    for part in parts:
        if part and part not in labels:
            labels.append(part)
    return "/".join(labels)


def _join_code(parts: list[str], carried: list[str]) -> str:
    parts = [p.replace(" ", "") for p in parts]
    if parts[0] and not CLASS.match(parts[0]):
        return parts[0]  # a label such as 合计 printed across the code columns
    deepest = max((k for k, p in enumerate(parts) if p), default=-1)
    if deepest < 0:
        return ""
    code = []
    for level in range(deepest + 1):
        if parts[level]:
            carried[level] = parts[level]
            code.append(parts[level])
        elif carried[level]:
            code.append(carried[level])
        else:
            return "".join(parts)  # nothing to carry: keep what is printed
    for lower in range(deepest + 1, len(carried)):
        carried[lower] = ""
    return "".join(code)
