"""Performance forms (绩效目标表, 绩效自评表): a project's money rows as facts.

These tables are forms, not grids: the project is named in a 项目名称 cell, the money
sits in rows labelled 年度资金总额 / 其中：当年财政拨款 / 其他资金, and 决算 forms add
columns 年初预算数 / 全年预算数 / 全年执行数 (followed by 分值, 执行率, 得分, which are
not money). Image tables come out as fragments, so cells are read in order.
"""

from __future__ import annotations

import re

from ..model import Table
from ..vocabulary import despace
from .amounts import DASHES, parse_amount, table_unit, to_wan, unit_in_text
from .labels import clean_item
from .model import Fact, TableFacts

PROJECT = re.compile(r"^(?:政策[（(]项目[）)]|项目)名称$")
MONEY = re.compile(
    r"^(?:其中[：:])?(年度资金总[额和]|当年财政拨款|财政拨款|上年结转资金|其他资金|计划实施期资金总额)[：:]?(.*)$"
)
COLUMN = re.compile(r"^(?:年初预算数|全年预算数|全年执行数|分值|执行率|得分)$")
TOTALS = {"年度资金总额", "年度资金总和"}


def form_to_facts(table: Table, kind: str | None) -> TableFacts:
    result = TableFacts()
    rows = table.header + table.rows
    offset = len(table.header)
    cells = [(r, c, despace(cell)) for r, row in enumerate(rows) for c, cell in enumerate(row)]
    project = _project(cells)
    columns = _columns(cells)
    for index, (r, c, text) in enumerate(cells):
        money = MONEY.match(text)
        if not money or r < offset:
            continue
        label, inline = money.group(1), money.group(2)
        if inline and parse_amount(inline):
            _add(result, table, project, label, inline, r - offset + 1, c)
            continue
        figures = _following_figures(cells, index, r)
        for position, (fr, fc, figure) in enumerate(figures):
            # Fragment tables (image tables) have no header rows and no real columns.
            column = _column_for(columns, fc, position, fragments=not table.header)
            if column is not None and not re.search(r"预算数|执行数", column):
                continue  # 分值, 执行率, 得分 are scores, not money
            measure = (
                label if column is None else (column if label in TOTALS else f"{label}·{column}")
            )
            _add(result, table, project, measure, figure, fr - offset + 1, fc)
    return result


def form_unit(table: Table) -> str | None:
    """The table's unit, or one a cell names (项目资金（元）, 金额（万元）)."""
    unit = table_unit(table)
    if unit:
        return unit
    for row in table.header + table.rows:
        for cell in row:
            unit = unit_in_text(cell) if re.search(r"资金|金额|预算", cell) else None
            if unit:
                return unit
    return None


def _project(cells: list[tuple[int, int, str]]) -> str | None:
    for index, (_r, _c, text) in enumerate(cells):
        if PROJECT.match(text):
            for _r, _c2, following in cells[index + 1 : index + 4]:
                if following and not PROJECT.match(following):
                    return clean_item(following)
    return None


def _columns(cells: list[tuple[int, int, str]]) -> list[tuple[int, str]]:
    """The money column labels with their column index, in reading order."""
    return [(c, text) for _r, c, text in cells if COLUMN.match(text)][:6]


def _following_figures(cells, index: int, row: int) -> list[tuple[int, int, str]]:
    """Figures after a money label: in its row for grids, up to the next label for fragments."""
    figures = []
    for r, c, text in cells[index + 1 :]:
        if text and parse_amount(text) is None and text not in DASHES and not text.endswith("%"):
            break
        if r != row:
            break
        figures.append((r, c, text))
    return figures


def _column_for(
    columns: list[tuple[int, str]], col: int, position: int, fragments: bool
) -> str | None:
    if not columns:
        return None
    if fragments:
        return columns[position][1] if position < len(columns) else "(extra)"
    for index, label in columns:
        if index == col:
            return label
    return "(unlabelled)"


def _add(
    result: TableFacts, table: Table, project, measure: str, text: str, row: int, col: int
) -> None:
    amount = parse_amount(text)
    if amount is None or not project:
        return
    fact = Fact(
        statement=table.statement,
        item=project,
        measure=measure,
        amount=to_wan(amount.value, form_unit(table)),
        row=row,
        line=table.line_of(row),
        printed=text,
        item_key=project,
        column=col,
    )
    for flag in amount.flags:
        fact.flag(flag, amount.note)
    result.facts.append(fact)
