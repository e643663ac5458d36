"""Tables to facts: one row per printed figure, with its subject, column and source row.

Every layout reader yields the same Table; this module is the one normaliser they
share. Figures are never invented: an empty cell is no fact, a figure whose column
cannot be decided keeps ``measure`` None with a note, and a row without any label is
reported as unplaced instead of being guessed at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .amounts import parse_amount, to_wan, unit_in_text
from .columns import Group, classify_columns, columns_to_groups, compact
from .model import Table
from .placement import place_short_row, repair_measures

NUMBERING = re.compile(
    r"^(?:其中[：:]?|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[、.．](?!\d))+"
)
CODE = re.compile(r"^(\d{3}(?:\d{2}){0,2})$")
CODE_PREFIX = re.compile(r"^(\d{3}(?:\d{2}){0,2})\s*(\D.*)$")
FORM_STATEMENTS = {"绩效目标表", "绩效自评表"}


@dataclass
class Fact:
    statement: str | None
    item: str | None
    measure: str | None
    amount: float
    code: str | None = None
    code_system: str | None = None
    source: str = "table"
    row: int | None = None  # 1-based body row of the table
    line: int | None = None  # source line of that row (text files)
    page: int | None = None
    printed: str = ""  # the figure as printed
    note: str | None = None
    item_key: str | None = None  # the item's canonical spelling, for grouping
    column: int | None = None  # the table column the figure sits in
    entity: str | None = None  # the subordinate unit a row is about, in tables that list them


@dataclass
class Unplaced:
    row: int
    cells: list[str]
    reason: str


@dataclass
class TableFacts:
    facts: list[Fact] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)


def clean_item(text: str) -> str:
    text = compact(text).replace("**", "")
    return NUMBERING.sub("", text) or text


def code_system(code: str | None) -> str | None:
    if not code:
        return None
    return "经济分类" if code[0] in "35" else "功能分类"


def normalise_measure(label: str, kind: str | None) -> str | None:
    """Column labels as one vocabulary: 2022 年预算数 and 预算数 are the same measure."""
    label = compact(label)
    if not label:
        return None
    if re.fullmatch(r"(?:\d{4}年)?(?:预算数?|年初预算数?)", label) or label == "全年预算数":
        return "预算数" if "全年" not in label else "全年预算数"
    if re.fullmatch(r"(?:\d{4}年)?决算数?|全年执行数|支出决算", label):
        return "决算数" if "执行" not in label else "全年执行数"
    if label in ("金额", "决算金额", "预算金额"):
        return "决算数" if kind == "决算" else "预算数"
    if label in ("合计", "总计"):
        return "合计"
    return label


def table_to_facts(table: Table, kind: str | None, year: int | None = None) -> TableFacts:
    if table.statement in FORM_STATEMENTS:
        from .forms import form_to_facts

        return form_to_facts(table, kind)
    if table.statement == "三公经费表":
        from .three_public import three_public_columns_to_facts

        by_columns = three_public_columns_to_facts(table, kind, year)
        if by_columns is not None:
            return by_columns
    columns = classify_columns(table.header, table.rows)
    groups = columns_to_groups(columns)
    result = TableFacts()
    unit = _table_unit(table)
    for number, row in enumerate(table.rows, start=1):
        # A total printed across groups (支出合计 under one group, its figure under the
        # next) lends its label to the group on its right that has figures but none.
        borrowed: tuple[str | None, str | None] | None = None
        for group in groups:
            borrowed = _group_row_to_facts(table, group, row, number, unit, kind, result, borrowed)
    repair_measures(table, result.facts)
    if table.statement == "三公经费表":
        _three_public_item_keys(result.facts)
    return result


def _three_public_item_keys(facts: list[Fact]) -> None:
    """A 三公 table whose rows are its items (000): 合计 is the 三公 total."""
    from .three_public import three_public_item

    for fact in facts:
        item = fact.item or ""
        fact.item_key = three_public_item(item) or ("三公经费" if item in ("合计", "总计") else item)


def _table_unit(table: Table) -> str | None:
    if table.unit:
        return table.unit
    for text in [*table.notes, *(c for r in table.header for c in r)]:
        unit = unit_in_text(text)
        if unit:
            return unit
    return None


def _join_code(parts: list[str]) -> str | None:
    """类/款/项 parts (201 03 50) join into one code; two classifications side by side
    (30217 | 50206) keep the first."""
    parts = [p for p in parts if p]
    if not parts:
        return None
    if len(parts) > 1 and len(parts[0]) == 3 and all(len(p) == 2 for p in parts[1:]):
        return "".join(parts)
    return parts[0]


def row_label(group: Group, row: list[str]) -> tuple[str | None, str | None]:
    """The (code, item) a row of a group is about, joining 类/款/项 code cells."""
    code = _join_code([compact(row[c.index]) for c in group.codes if c.index < len(row)])
    names = [row[c.index] for c in group.names if c.index < len(row) and row[c.index].strip()]
    item = clean_item(names[-1]) if names else None
    if item and not code:
        prefixed = CODE_PREFIX.match(compact(names[-1]))
        if prefixed:
            code, item = prefixed.group(1), clean_item(prefixed.group(2))
    if code and not CODE.match(code):
        # A label printed in the code column (合计, 人员经费合计) names the row.
        item = item or clean_item(code)
        code = None
    return code, item


def _group_row_to_facts(
    table: Table,
    group: Group,
    row: list[str],
    number: int,
    unit: str | None,
    kind: str | None,
    result: TableFacts,
    borrowed: tuple[str | None, str | None] | None = None,
) -> tuple[str | None, str | None] | None:
    """Facts of one group of one row; returns the row's label when it has no figures
    (for the next group to borrow)."""
    code, item = row_label(group, row)
    cells = [(column, row[column.index] if column.index < len(row) else "") for column in group.values]
    figures = [(column, cell, parse_amount(cell)) for column, cell in cells]
    figures = [(column, cell, amount) for column, cell, amount in figures if amount is not None]
    if not figures:
        return (code, item) if (code or item) else None
    line = table.row_lines[number - 1] if number - 1 < len(table.row_lines) else None
    page = table.row_pages[number - 1] if number - 1 < len(getattr(table, "row_pages", []) or []) else None
    label_note = None
    if not item and not code and borrowed:
        code, item = borrowed
        label_note = "label printed in the column group to the left"
    if not item and not code:
        result.unplaced.append(Unplaced(number, row, "row has figures but no subject name or code"))
        return None
    width = max(c.index for c in group.values) + 1
    if len(row) < width and len(figures) < len(group.values):
        placed = place_short_row(group.values, [f[2].value for f in figures], kind)
    else:
        placed = [(normalise_measure(f[0].measure_label, kind), None) for f in figures]
    for (column, cell, amount), (measure, note) in zip(figures, placed, strict=True):
        notes = [n for n in (note, amount.note, label_note) if n]
        result.facts.append(
            Fact(
                statement=table.statement,
                item=item,
                measure=measure,
                amount=to_wan(amount.value, unit),
                code=code,
                code_system=code_system(code),
                row=number,
                line=line,
                page=page,
                printed=cell,
                note="; ".join(notes) or None,
                item_key=item,
                column=column.index,
            )
        )
    return None


