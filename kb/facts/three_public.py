"""The "三公" table printed with its items as columns: 合计 | 因公出国（境）费 |
公务用车购置及运行费 {小计, 购置费, 运行费} | 公务接待费, often with 会议费 and 培训费, and
with halves for 预算数 / 决算数 or for two years and their 增减. Column order differs
by region, and some tables list one row per subordinate unit.

Each column's item and measure are read from its header path (the labels above it,
top to bottom). When an extraction dropped the blank cells under merged header cells,
the upper header row is shorter than the table and the paths cannot be trusted; then
the columns are read in order: a column whose lower label names a child (购置费, 运行费)
is that child, any other column takes the next item of the upper row.
"""

from __future__ import annotations

import re

from ..model import Table
from ..vocabulary import (
    CAR_PARTS,
    CHANGE,
    PERCENT,
    THREE_PUBLIC,
    THREE_PUBLIC_ITEMS,
    TOTAL_LABELS,
    WHEN,
    despace,
    normalise_measure,
    three_public_label,
)
from .amounts import parse_amount, table_unit, to_wan
from .columns import classify_columns
from .model import NO_ITEM_COLUMN, Fact, TableFacts

HALVES = re.compile(r"预算数?|决算数?")
GRAND_TOTAL = "合计"  # 三公 plus 会议费 and 培训费, where a table prints both


def path_item(path: list[str], has_three_group: bool) -> str | None:
    """The item a column holds: the lowest label naming one; a bare 合计 is the table's total."""
    for label in reversed(path):
        if (
            despace(label) in TOTAL_LABELS
            or HALVES.fullmatch(despace(label))
            or re.fullmatch(r"\d{4}年", despace(label))
        ):
            continue
        item = three_public_label(label)
        if item:
            return item
    if path and any(despace(label) in TOTAL_LABELS for label in path):
        return GRAND_TOTAL if has_three_group else THREE_PUBLIC
    return None


def path_measure(path: list[str], kind: str | None, year: int | None) -> str | None:
    """The measure of a column from its heading path; None for a column of percentages.

    A column of another year (2019年, 上年) gives that year's measure (2019年预算数), never
    the document's own: two-year tables print last year's figure first."""
    default = normalise_measure("决算数" if kind == "决算" else "预算数", kind)
    for label in path:
        text = despace(label)
        if PERCENT.search(text):
            return None
        if re.search(r"增减|变化", text):
            return CHANGE
        when = WHEN.match(text)
        if when:
            measure = normalise_measure(text, kind, year)
            if measure and measure != text:
                return measure
            if not when.group("this"):
                other = normalise_measure(text[: when.end()] + default, kind, year)
                if other != default:
                    return other
            continue
        if "预" in text and "决" in text:
            continue  # 预（决）算数: the document's kind decides
        if "决算" in text:
            return "决算数"
        if "预算" in text and HALVES.search(text):
            return "预算数"
    return default


def three_public_columns_to_facts(
    table: Table, kind: str | None, year: int | None = None
) -> TableFacts | None:
    """Facts of a 三公 table whose columns are its items; None when its rows are the items."""
    columns = classify_columns(table.header, table.rows)
    values = [c for c in columns if c.role in ("value", "empty")]
    labels = [c for c in columns if c.role in ("name", "code", "attribute")]
    has_group = any("三公" in despace(label) for c in values for label in c.path[:-1])
    resolved = {
        c.index: (path_item(c.path, has_group), path_measure(c.path, kind, year)) for c in values
    }
    if sum(1 for item, _ in resolved.values() if item in THREE_PUBLIC_ITEMS) < 2:
        return None
    if _untrustworthy(table, resolved):
        width = max([len(r) for r in table.header + table.rows] + [0])
        resolved = dict(enumerate(column_items(table.header, width, kind)))
    result = TableFacts()
    unit = table_unit(table)
    for number, row in enumerate(table.rows, start=1):
        label = _row_label(row, labels)
        row_measure = (
            normalise_measure(label, kind) if label and HALVES.fullmatch(despace(label)) else None
        )
        entity = None if not label or row_measure or despace(label) in TOTAL_LABELS else label
        for col, cell in enumerate(row):
            amount = parse_amount(cell)
            if amount is None or col not in resolved or resolved[col][1] is None:
                continue
            item, measure = resolved[col]
            fact = _fact(
                table, item or None, row_measure or measure, amount, unit, number, cell, col
            )
            if not item:
                fact.flag(NO_ITEM_COLUMN, "figure under no item column of the 三公 table")
            for flag in amount.flags if item else ():
                fact.flag(flag, amount.note)
            fact.entity = entity
            result.facts.append(fact)
    return result


def _row_label(row: list[str], labels) -> str | None:
    texts = [row[c.index] for c in labels if c.index < len(row) and row[c.index].strip()]
    names = [t for t in texts if not re.fullmatch(r"\d+", despace(t))]
    if not names:
        return None
    return re.sub(r"^\d+[_\s]*", "", despace(names[-1]))


def _untrustworthy(table: Table, resolved: dict[int, tuple[str | None, str | None]]) -> bool:
    """Header paths fail when merged cells lost their blanks: the upper row is short,
    and a column with figures has no item or two columns claim one item and measure."""
    width = max([len(r) for r in table.rows] + [0])
    if not table.header or all(len(r) >= width for r in table.header):
        return False
    seen = set()
    for col, (item, measure) in resolved.items():
        has_figures = any(col < len(r) and parse_amount(r[col]) is not None for r in table.rows)
        if has_figures and (not item or (item, measure) in seen):
            return True
        seen.add((item, measure))
    return False


def _header_roles(header: list[list[str]]) -> tuple[list[str], list[str], list[str]]:
    """(halves row, item row, child row) picked out of the header by what they say."""
    halves: list[str] = []
    items: list[str] = []
    children: list[str] = []
    for row in header:
        cells = [despace(c) for c in row]
        if any(HALVES.fullmatch(c) for c in cells if c) and not items:
            halves = cells
        elif any(three_public_label(c) not in (None, THREE_PUBLIC) for c in cells) and not items:
            items = cells
        elif items and not children:
            children = cells
    return halves, items, children


def column_items(
    header: list[list[str]], width: int, kind: str | None
) -> list[tuple[str, str | None]]:
    """(item, measure) for each column, read in order (see the module docstring)."""
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
        child = three_public_label(children[col]) if col < len(children) and children[col] else None
        if child in CAR_PARTS:
            resolved.append((child, half))
            continue
        if pointer < len(upper):
            resolved.append((three_public_label(upper[pointer]) or THREE_PUBLIC, half))
            pointer += 1
        else:
            resolved.append(("", half))
    return resolved


def _fact(table: Table, item, measure, amount, unit, number: int, cell: str, col: int) -> Fact:
    return Fact(
        statement=table.statement,
        item=item,
        measure=measure,
        amount=to_wan(amount.value, unit),
        row=number,
        line=table.line_of(number),
        page=table.page_of(number),
        printed=cell,
        item_key=item,
        column=col,
    )
