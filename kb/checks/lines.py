"""A table's facts as lines: one per printed subject row, with its figures by column.

Column names differ by table and by 预算/决算 (合计, 本年支出合计, 项目支出合计); they are
read as one canonical 合计 here. A blank cell in a column the table has is read as 0;
a line holding a figure whose column the extraction could not decide is ``open`` and
nothing is concluded from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..vocabulary import TOTAL_MEASURES
from .load import TableData
from .model import FactRow, Figure, blank, of_fact

TOTAL_ITEM = re.compile(r"^(?:合计|总计|本年支出合计|本年收入合计|支出合计|收入合计)$")
CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
_CLASS_EXCLUDED = re.compile(r"合计|总计|结转|结余|年末|年初|本年支出|上缴|弥补|分配")
_DECORATION = re.compile(r"[\s“”\"'‘’]|[（(][类款项][）)]")
_NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[、.．])"
)


def canonical_measure(measure: str | None) -> str | None:
    if measure in TOTAL_MEASURES:
        return "合计"
    return measure


def plain_name(text: str | None) -> str:
    """A printed label without spaces, quotes, numbering or 类/款/项 marks."""
    name = _DECORATION.sub("", text or "").replace("(", "（").replace(")", "）")
    return _NUMBERING.sub("", name)


def normal_name(text: str | None) -> str:
    """A subject name for matching across tables and prose: plain, and without a final 支出."""
    name = plain_name(text)
    return re.sub(r"支出$", "", name) or name


@dataclass
class TableLine:
    table: TableData
    row: int
    code: str | None
    item: str | None
    facts: list[FactRow] = field(default_factory=list)
    values: dict[str, FactRow] = field(default_factory=dict)
    open: bool = False  # a figure of the line has no column

    @property
    def name(self) -> str:
        if self.code and self.item:
            return f"{self.code}{self.item}"
        return self.item or self.code or f"第{self.row}行"

    @property
    def is_total(self) -> bool:
        return not self.code and bool(TOTAL_ITEM.match(normal_name(self.item) or ""))

    def figure(self, measure: str, label: str) -> Figure:
        fact = self.values.get(measure)
        figure = of_fact(fact, label) if fact else blank(label)
        figure.open = self.open
        return figure

    def printed(self, measures: tuple[str, ...] | list[str]) -> bool:
        return any(m in self.values for m in measures)


def table_to_lines(table: TableData) -> list[TableLine]:
    lines: dict[tuple[int | None, int, str | None, str | None], TableLine] = {}
    for fact in table.facts:
        key = (fact.segment_id, fact.row or 0, fact.code, fact.item)
        line = lines.setdefault(key, TableLine(table, fact.row or 0, fact.code, fact.item))
        line.facts.append(fact)
        measure = canonical_measure(fact.measure)
        if measure is None:
            line.open = True
        elif measure not in line.values:
            line.values[measure] = fact
        elif abs(line.values[measure].amount - fact.amount) > 1e-9:
            line.open = True  # two different figures claim the same column
    return list(lines.values())


def measures_of(lines: list[TableLine]) -> list[str]:
    seen: dict[str, None] = {}
    for line in lines:
        for measure in line.values:
            seen.setdefault(measure, None)
    return list(seen)


def total_line(lines: list[TableLine]) -> TableLine | None:
    totals = [line for line in lines if line.is_total]
    return totals[0] if totals else None


def coded_lines(lines: list[TableLine]) -> dict[str, TableLine]:
    """Lines by subject code; a code printed twice with different figures is left open."""
    by_code: dict[str, TableLine] = {}
    for line in lines:
        if not line.code or not CODE.match(line.code):
            continue
        first = by_code.get(line.code)
        if first is None:
            by_code[line.code] = line
        elif {m: f.amount for m, f in first.values.items()} != {
            m: f.amount for m, f in line.values.items()
        }:
            first.open = True
    return by_code


def lines_by_name(lines: list[TableLine]) -> dict[str, TableLine]:
    """Coded lines by their normalised name; a name on lines with different figures is dropped."""
    found: dict[str, TableLine] = {}
    dropped: set[str] = set()
    for line in coded_lines(lines).values():
        name = normal_name(line.item)
        if not name:
            continue
        other = found.get(name)
        if other is not None and _totals(other) != _totals(line):
            dropped.add(name)
        found.setdefault(name, line)
    return {name: line for name, line in found.items() if name not in dropped}


def _totals(line: TableLine) -> float | None:
    fact = line.values.get("合计") or next(iter(line.values.values()), None)
    return fact.amount if fact else None


def expense_classes(table: TableData, prefer: str | None = None) -> list[FactRow]:
    """The 类 lines on the expense side of a 收支 table, one fact each."""
    chosen: dict[tuple[int | None, str | None], FactRow] = {}
    for fact in table.facts:
        item = fact.item or ""
        if not item.endswith("支出") or _CLASS_EXCLUDED.search(item):
            continue
        key = (fact.row, fact.item)
        if key not in chosen or (
            prefer and prefer in (fact.measure or "") and prefer not in (chosen[key].measure or "")
        ):
            chosen[key] = fact
    return list(chosen.values())


def spending_total(table: TableData, prefer: str | None = None) -> FactRow | None:
    facts = [f for f in table.facts if plain_name(f.item) in ("本年支出合计", "本年支出")]
    preferred = [f for f in facts if prefer and prefer in (f.measure or "")]
    return (preferred or facts or [None])[0]
