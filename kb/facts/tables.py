"""Tables to facts: one row per printed figure, with its subject, column and source row.

Every layout reader yields the same Table; this module is the one normaliser they
share. Figures are never invented: an empty cell is no fact, a figure whose column
cannot be decided keeps ``measure`` None with a note, and a row without any label is
reported as unplaced instead of being guessed at. Performance forms (``forms``) and
三公 tables whose columns are its items (``three_public``) have readers of their own.
"""

from __future__ import annotations

from ..model import Table
from ..vocabulary import (
    FORMS,
    THREE_PUBLIC,
    THREE_PUBLIC_TABLE,
    code_system,
    normalise_measure,
    table_item_key,
    three_public_label,
)
from .amounts import parse_amount, table_unit, to_wan
from .columns import Group, classify_columns, columns_to_groups
from .forms import form_to_facts
from .labels import row_label
from .model import LABEL_FROM_LEFT, Fact, TableFacts, Unplaced
from .placement import place_short_row, placement_flag, repair_measures
from .three_public import three_public_columns_to_facts

Label = tuple[str | None, str | None]  # (code, item)


def table_to_facts(table: Table, kind: str | None, year: int | None = None) -> TableFacts:
    if table.statement in FORMS:
        return form_to_facts(table, kind)
    if table.statement == THREE_PUBLIC_TABLE:
        by_columns = three_public_columns_to_facts(table, kind, year)
        if by_columns is not None:
            return by_columns
    groups = columns_to_groups(classify_columns(table.header, table.rows))
    result = TableFacts()
    unit = table_unit(table)
    for number, row in enumerate(table.rows, start=1):
        # A total printed across groups (支出合计 under one group, its figure under the
        # next) lends its label to the group on its right that has figures but none.
        borrowed: Label | None = None
        for group in groups:
            borrowed = _group_row_to_facts(
                table, group, row, number, (unit, kind, year), result, borrowed
            )
    repair_measures(table, result.facts)
    if table.statement == THREE_PUBLIC_TABLE:
        _three_public_item_keys(result.facts)
    return result


def _three_public_item_keys(facts: list[Fact]) -> None:
    """A 三公 table whose rows are its items (000): 合计 is the 三公 total."""
    for fact in facts:
        item = fact.item or ""
        fact.item_key = three_public_label(item) or (
            THREE_PUBLIC if item in ("合计", "总计") else item
        )


def _group_row_to_facts(
    table: Table,
    group: Group,
    row: list[str],
    number: int,
    document: tuple[str | None, str | None, int | None],
    result: TableFacts,
    borrowed: Label | None = None,
) -> Label | None:
    """Facts of one group of one row; returns the row's label when it has no figures
    (for the next group to borrow). ``document``: the table's unit, the document's kind
    and year."""
    unit, kind, year = document
    code, item = row_label(group, row)
    cells = [
        (column, row[column.index] if column.index < len(row) else "") for column in group.values
    ]
    figures = [(column, cell, parse_amount(cell)) for column, cell in cells]
    figures = [(column, cell, amount) for column, cell, amount in figures if amount is not None]
    if not figures:
        return (code, item) if (code or item) else None
    from_left = not item and not code and borrowed is not None
    if from_left:
        code, item = borrowed
    if not item and not code:
        result.unplaced.append(Unplaced(number, row, "row has figures but no subject name or code"))
        return None
    width = max(c.index for c in group.values) + 1
    short = len(row) < width and len(figures) < len(group.values)
    if short:
        placed = place_short_row(group.values, [f[2].value for f in figures], kind)
    else:
        placed = [(normalise_measure(f[0].measure_label, kind, year), None) for f in figures]
    for (column, cell, amount), (measure, note) in zip(figures, placed, strict=True):
        fact = Fact(
            statement=table.statement,
            item=item,
            measure=measure,
            amount=to_wan(amount.value, unit),
            code=code,
            code_system=code_system(code),
            row=number,
            line=table.line_of(number),
            page=table.page_of(number),
            printed=cell,
            item_key=table_item_key(item),
            column=column.index,
        )
        if short:
            fact.flag(placement_flag(measure), note)
        for amount_flag in amount.flags:
            fact.flag(amount_flag, amount.note)
        if from_left:
            fact.flag(LABEL_FROM_LEFT, "label printed in the column group to the left")
        result.facts.append(fact)
    return None
