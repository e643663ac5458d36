"""Which column a figure belongs to when position cannot tell: the table's own arithmetic.

One-cell-per-line extractions drop empty cells, so a row of three columns may print two
figures. The standard tables obey fixed sums (合计 = 基本支出 + 项目支出, 基本支出 =
人员经费 + 公用经费); every order-preserving way of putting the figures into the
columns is tried, and a figure gets a column only when all the ways that satisfy the
sums agree on it. Otherwise its measure stays open and a note says which columns fit.
"""

from __future__ import annotations

from itertools import combinations

from ..model import Table
from ..vocabulary import despace, normalise_measure
from .columns import Column
from .model import COLUMN_OPEN, PLACED_BY_ARITHMETIC, RELABELLED_BY_SUMS, Fact

RELATIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("合计", ("基本支出", "项目支出")),
    ("基本支出", ("人员经费", "公用经费")),
    ("合计", ("人员经费", "公用经费")),
)
CANONICAL = {
    "一般公共预算支出表": ("合计", "基本支出", "人员经费", "公用经费", "项目支出"),
    "基本支出表": ("合计", "人员经费", "公用经费"),
}
MAX_COMBINATIONS = 5000


def tolerance(count: int) -> float:
    """Figures are rounded to 0.01 万元; a sum of n of them may be off by n × 0.005."""
    return 0.005 * (count + 1) + 1e-9


def _holds(values: dict[str, float], labels: set[str]) -> bool:
    for total, parts in RELATIONS:
        if total in labels and all(p in labels for p in parts):
            if total == "合计" and "基本支出" in labels and parts == ("人员经费", "公用经费"):
                continue  # 合计 also holds 项目支出 when the table has one
            if abs(values.get(total, 0.0) - sum(values.get(p, 0.0) for p in parts)) > tolerance(
                len(parts)
            ):
                return False
    return True


Placement = tuple[str | None, str]  # (measure, or None when undecided; the note saying how)


def place_short_row(
    columns: list[Column], numbers: list[float], kind: str | None
) -> list[Placement]:
    """(measure, note) for each figure of a row that printed fewer figures than columns;
    the fact's flag follows: ``placed_by_arithmetic`` with a measure, ``column_open``
    without (``placement_flag``)."""
    labels = [normalise_measure(c.measure_label, kind) or "" for c in columns]
    label_set = {label for label in labels if label}
    fits: list[tuple[int, ...]] = []
    for count, positions in enumerate(combinations(range(len(columns)), len(numbers))):
        if count > MAX_COMBINATIONS:
            break
        values = {labels[p]: n for p, n in zip(positions, numbers, strict=True)}
        if _holds(values, label_set):
            fits.append(positions)
    placed: list[Placement] = []
    for index in range(len(numbers)):
        options = sorted({labels[fit[index]] for fit in fits})
        if len(options) == 1:
            placed.append(
                (
                    options[0],
                    "column placed by the table's arithmetic (cells missing in the source)",
                )
            )
        elif options:
            placed.append(
                (
                    None,
                    "column not determined: the table's arithmetic allows " + " / ".join(options),
                )
            )
        else:
            placed.append(
                (None, "column not determined: no placement satisfies the table's arithmetic")
            )
    return placed


def placement_flag(measure: str | None) -> str:
    return PLACED_BY_ARITHMETIC if measure else COLUMN_OPEN


def repair_measures(table: Table, facts: list[Fact]) -> None:
    """Relabel a table whose printed header contradicts its own sums.

    002's 公开05表 prints 小计/人员经费 one column left of the figures they name; its
    figures satisfy 基本支出 = 人员经费 + 公用经费 only under the standard column order.
    """
    canonical = CANONICAL.get(table.statement or "")
    if not canonical or not facts:
        return
    columns = sorted({f.column for f in facts if f.column is not None})
    if len(columns) != len(canonical):
        return
    rows: dict[int, dict[int, float]] = {}
    for fact in facts:
        rows.setdefault(fact.row or 0, {})[fact.column] = fact.amount
    label_set = set(canonical)

    def satisfied(labels: dict[int, str]) -> int:
        count = 0
        for values in rows.values():
            named = {labels[c]: v for c, v in values.items() if c in labels}
            count += _holds(named, label_set)
        return count

    printed = {c: despace(next(f.measure or "" for f in facts if f.column == c)) for c in columns}
    standard = dict(zip(columns, canonical, strict=True))
    if printed == standard or satisfied(standard) <= satisfied(printed):
        return
    for fact in facts:
        new = standard[fact.column]
        if new != fact.measure:
            note = f"column printed as {fact.measure or '(no label)'}; the table's sums place it under {new}"
            fact.flag(RELABELLED_BY_SUMS, note)
            fact.measure = new
