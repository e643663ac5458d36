"""The "三公" table printed with its items as columns: 合计 | 因公出国（境）费 |
公务用车购置及运行费 {小计, 购置费, 运行费} | 公务接待费, and for 决算 both a 预算数 and
a 决算数 half. Column order differs by region and some add 会议费 and 培训费.

Extractions drop the blank cells under merged header cells, so the upper header row
can be shorter than the table. The columns are therefore read in order: a column whose
lower label names a child (购置费, 运行费) is that child; any other column takes the
next item of the upper row.
"""

from __future__ import annotations

import re

from .amounts import parse_amount, to_wan
from .columns import compact
from .facts import Fact, TableFacts, _table_unit, normalise_measure
from .model import Table

ITEMS = (
    ("因公出国（境）费", r"出国"),
    ("公务用车购置及运行费", r"购置(?:及|和|与)运行|车购置及"),
    ("公务用车购置费", r"购置"),
    ("公务用车运行费", r"运行"),
    ("公务接待费", r"接待"),
    ("会议费", r"会议"),
    ("培训费", r"培训"),
    ("三公经费", r"^(?:合计|总计|三公经费合计|“?三公”?经费)$"),
)
CHILDREN = {"公务用车购置费", "公务用车运行费"}
HALVES = re.compile(r"预算数?|决算数?")


def three_public_item(label: str) -> str | None:
    label = compact(label).replace("\u201c", "").replace("\u201d", "")
    for item, pattern in ITEMS:
        if re.search(pattern, label):
            return item
    return None


def _header_roles(header: list[list[str]]) -> tuple[list[str], list[str], list[str]]:
    """(halves row, item row, child row) picked out of the header by what they say."""
    halves: list[str] = []
    items: list[str] = []
    children: list[str] = []
    for row in header:
        cells = [compact(c) for c in row]
        if any(HALVES.fullmatch(c) for c in cells if c) and not items:
            halves = cells
        elif any(three_public_item(c) not in (None, "三公经费") for c in cells) and not items:
            items = cells
        elif items and not children:
            children = cells
    return halves, items, children


def column_items(header: list[list[str]], width: int, kind: str | None) -> list[tuple[str, str | None]]:
    """(item, measure) for each column."""
    halves, items, children = _header_roles(header)
    upper = [c for c in items if c]
    pointer = 0
    half = normalise_measure("决算数" if kind == "决算" else "预算数", kind)
    resolved = []
    for col in range(width):
        if col < len(halves) and halves[col]:
            half = normalise_measure(halves[col], kind)
            if pointer >= len(upper) and upper:
                pointer = 0  # the second half repeats the items
        child = three_public_item(children[col]) if col < len(children) and children[col] else None
        if child in CHILDREN:
            resolved.append((child, half))
            continue
        if pointer < len(upper):
            resolved.append((three_public_item(upper[pointer]) or upper[pointer], half))
            pointer += 1
        else:
            resolved.append(("", half))
    return resolved


def three_public_columns_to_facts(table: Table, kind: str | None) -> TableFacts:
    result = TableFacts()
    width = max([len(r) for r in table.header + table.rows] + [0])
    items = column_items(table.header, width, kind)
    unit = _table_unit(table)
    for number, row in enumerate(table.rows, start=1):
        for col, cell in enumerate(row):
            amount = parse_amount(cell)
            if amount is None:
                continue
            item, measure = items[col] if col < len(items) else ("", None)
            if not item:
                note = "figure under no item column of the 三公 table"
                result.facts.append(_fact(table, None, measure, amount, unit, number, cell, col, note))
                continue
            result.facts.append(_fact(table, item, measure, amount, unit, number, cell, col, amount.note))
    return result


def _fact(table, item, measure, amount, unit, number, cell, col, note) -> Fact:
    line = table.row_lines[number - 1] if number - 1 < len(table.row_lines) else None
    pages = getattr(table, "row_pages", None) or []
    return Fact(
        statement=table.statement,
        item=item,
        measure=measure,
        amount=to_wan(amount.value, unit),
        row=number,
        line=line,
        page=pages[number - 1] if number - 1 < len(pages) else None,
        printed=cell,
        note=note,
        item_key=item,
        column=col,
    )
