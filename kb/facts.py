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


def table_to_facts(table: Table, kind: str | None) -> TableFacts:
    if table.statement in FORM_STATEMENTS:
        from .forms import form_to_facts

        return form_to_facts(table, kind)
    columns = classify_columns(table.header, table.rows)
    groups = columns_to_groups(columns)
    if table.statement == "三公经费表" and _is_column_item_table(table, groups):
        from .three_public import three_public_columns_to_facts

        return three_public_columns_to_facts(table, kind)
    result = TableFacts()
    unit = _table_unit(table)
    for number, row in enumerate(table.rows, start=1):
        for group in groups:
            _group_row_to_facts(table, group, row, number, unit, kind, result)
    repair_measures(table, result.facts)
    return result


def _is_column_item_table(table: Table, groups: list[Group]) -> bool:
    """三公 tables printed as one row of figures under item columns (002, 004)."""
    return all(not g.names and not g.codes for g in groups) or not table.rows


def _table_unit(table: Table) -> str | None:
    if table.unit:
        return table.unit
    for text in [*table.notes, *(c for r in table.header for c in r)]:
        unit = unit_in_text(text)
        if unit:
            return unit
    return None


def row_label(group: Group, row: list[str]) -> tuple[str | None, str | None]:
    """The (code, item) a row of a group is about, joining 类/款/项 code cells."""
    parts = [compact(row[c.index]) for c in group.codes if c.index < len(row)]
    code = "".join(p for p in parts if p) or None
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
) -> None:
    code, item = row_label(group, row)
    cells = [(column, row[column.index] if column.index < len(row) else "") for column in group.values]
    figures = [(column, cell, parse_amount(cell)) for column, cell in cells]
    figures = [(column, cell, amount) for column, cell, amount in figures if amount is not None]
    if not figures:
        return
    line = table.row_lines[number - 1] if number - 1 < len(table.row_lines) else None
    page = table.row_pages[number - 1] if number - 1 < len(getattr(table, "row_pages", []) or []) else None
    if not item and not code:
        result.unplaced.append(Unplaced(number, row, "row has figures but no subject name or code"))
        return
    width = max(c.index for c in group.values) + 1
    if len(row) < width and len(figures) < len(group.values):
        placed = place_short_row(group.values, [f[2].value for f in figures], kind)
    else:
        placed = [(normalise_measure(f[0].measure_label, kind), None) for f in figures]
    for (column, cell, amount), (measure, note) in zip(figures, placed, strict=True):
        notes = [n for n in (note, amount.note) if n]
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


