"""What every check is built from: printed figures, their rounding, and one result row.

A ``Figure`` is a number a check compares: one printed cell, a blank cell read as 0,
or a sum of several. It carries the facts it was made of, so a result can say which
printed numbers it rests on and how far their rounding lets them drift.

Tolerance: a printed figure rounded to 0.01 万元 may be off by 0.005, one rounded to
0.1 万元 by 0.05. A comparison passes when the difference is within the sum of the
rounding of every printed figure involved (a blank cell and a printed 0 are an exact 0:
disclosures print 0 for "none"). The rule used is written into each result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..facts.model import PLACED_BY_ARITHMETIC, RELABELLED_BY_SUMS, UNIT_CONVERTED
from ..vocabulary import NARRATIVE

PASS = "pass"
FAIL = "fail"
UNVERIFIABLE = "unverifiable"
STATUSES = (PASS, FAIL, UNVERIFIABLE)

EPSILON = 1e-6
_NUMBER = re.compile(r"\d[\d,，]*(?:[.。]\s?(\d+))?")
_UNIT_IN_WAN = {"万元": 1.0, "元": 1e-4, "千元": 0.1, "亿元": 1e4}


@dataclass(frozen=True)
class FactRow:
    """One row of the facts table, with the section of its segment."""

    id: int
    document_id: int
    statement: str | None
    code: str | None
    item: str | None
    measure: str | None
    amount: float
    source: str
    segment_id: int | None
    page: int | None = None
    row: int | None = None
    note: str | None = None
    line: int | None = None
    item_key: str | None = None
    printed: str | None = None
    table_unit: str | None = None
    flags: tuple[str, ...] = ()  # how the figure was read (kb.facts.model)
    section: str | None = None

    @property
    def placed_by_arithmetic(self) -> bool:
        return PLACED_BY_ARITHMETIC in self.flags

    @property
    def relabelled(self) -> bool:
        """The table's printed header contradicted its sums; the column was corrected."""
        return RELABELLED_BY_SUMS in self.flags

    @property
    def unit_misprinted(self) -> bool:
        """A narrative figure printed in 元 (perhaps a misprint among 万元 figures) and converted."""
        return UNIT_CONVERTED in self.flags


def precision_of(fact: FactRow) -> float:
    """The rounding step of a printed figure, in 万元."""
    printed = fact.printed or ""
    numbers = list(_NUMBER.finditer(printed))
    decimals = len(numbers[-1].group(1) or "") if numbers else 2
    unit = 1.0
    if fact.source in ("table", "ocr") and fact.statement != NARRATIVE:
        unit = _UNIT_IN_WAN.get(fact.table_unit or "万元", 1.0)
    elif printed.rstrip().endswith("元") and not printed.rstrip().endswith("万元"):
        unit = 1e-4
    if unit == 1.0:
        # 万元 figures are printed to 0.01 with trailing zeros dropped (118 万元), or to 0.1.
        step = 0.1 if decimals == 1 else 10.0 ** -max(decimals, 2)
    else:
        step = 10.0**-decimals * unit
    return step


@dataclass
class Figure:
    """A number a check compares, with the printed facts it rests on."""

    value: float
    label: str  # how the detail sentence names it: 一般公共预算支出表中基本支出合计
    facts: tuple[FactRow, ...] = ()
    blanks: int = 0  # cells left blank and read as 0
    open: bool = False  # rests on a figure the extraction could not place
    note: str | None = None  # said after the number in the detail

    @property
    def slack(self) -> float:
        """Half the rounding step of every printed non-zero figure it is made of (a printed 0 is exact)."""
        return sum(precision_of(f) / 2 for f in self.facts if f.amount)

    @property
    def printed_count(self) -> int:
        return len(self.facts)


def blank(label: str) -> Figure:
    return Figure(0.0, label, blanks=1, note="（空白，按0计）")


def of_fact(fact: FactRow, label: str) -> Figure:
    return Figure(fact.amount, label, facts=(fact,))


def total_of(figures: list[Figure], label: str, note: str | None = None) -> Figure:
    return Figure(
        round(sum(f.value for f in figures), 6),
        label,
        facts=tuple(fact for f in figures for fact in f.facts),
        blanks=sum(f.blanks for f in figures),
        open=any(f.open for f in figures),
        note=note,
    )


@dataclass
class CheckResult:
    check: str
    status: str
    subject: str
    detail: str
    statement: str | None = None
    expected: float | None = None
    found: float | None = None
    tolerance: float | None = None
    rule: str | None = None
    segment_id: int | None = None
    page: int | None = None
    line: int | None = None
    facts: list[int] = field(default_factory=list)
    presence: str | None = None  # completeness only: present | empty | missing

    @property
    def difference(self) -> float | None:
        if self.expected is None or self.found is None:
            return None
        return round(self.found - self.expected, 6)


def wan(value: float) -> str:
    """An amount for a detail sentence: 144.06万元, 0.90万元, 0.0315万元."""
    text = f"{value:.2f}"
    if abs(value - round(value, 2)) > EPSILON:
        text = f"{value:.6f}".rstrip("0")
    return text + "万元"


def tolerance_rule(tolerance: float, count: int) -> str:
    if count == 0:
        return "所涉各数均为空白或0，须完全相等"
    return (
        f"|差额|≤所涉{count}个非零印刷数的舍入误差之和{tolerance:.3f}万元"
        "（0.01万元精度每数计0.005，0.1万元精度每数计0.05；空白和0按精确的0计）"
    )


def compare(
    check: str,
    subject: str,
    found: Figure,
    expected: Figure,
    *,
    statement: str | None = None,
    at: FactRow | None = None,
    unverifiable: str | None = None,
    at_least: bool = False,
) -> CheckResult:
    """found against expected within the rounding of both.

    at_least: found covers more than expected (all funds against 一般公共预算 only), so
    only found < expected is a contradiction; found ≥ expected cannot be verified.
    """
    facts = [*found.facts, *expected.facts]
    tolerance = round(found.slack + expected.slack + EPSILON, 6)
    rule = tolerance_rule(tolerance - EPSILON, sum(1 for f in facts if f.amount))
    difference = round(found.value - expected.value, 6)
    anchor = at or (
        found.facts[0] if found.facts else expected.facts[0] if expected.facts else None
    )
    if found.open or expected.open:
        unverifiable = unverifiable or "所涉数字中有抽取程序未能确定所在栏目的数"
    if unverifiable:
        status = UNVERIFIABLE
        detail = f"{_said(found)}，{_said(expected)}；{unverifiable}，无法核对。"
    elif abs(difference) <= tolerance:
        status = PASS
        detail = f"{_said(found)}，与{_said(expected)}一致"
        detail += (
            "。" if abs(difference) < EPSILON else f"（差额{wan(abs(difference))}在舍入容差内）。"
        )
    elif at_least and difference > 0:
        status = UNVERIFIABLE
        detail = (
            f"{_said(found)}，{_said(expected)}；前者含一般公共预算以外的资金，"
            f"多出{wan(difference)}属正常范围，无法逐项核对。"
        )
    else:
        status = FAIL
        detail = f"{_said(found)}，而{_said(expected)}，相差{wan(abs(difference))}。"
    return CheckResult(
        check=check,
        status=status,
        subject=subject,
        detail=detail,
        statement=statement,
        expected=round(expected.value, 6),
        found=round(found.value, 6),
        tolerance=tolerance,
        rule=rule,
        segment_id=anchor.segment_id if anchor else None,
        page=anchor.page if anchor else None,
        line=anchor.line if anchor else None,
        facts=[f.id for f in facts],
    )


def unverified(
    check: str, subject: str, found: Figure, reason: str, statement: str | None = None
) -> CheckResult:
    """A figure that has nothing to be compared with: why, in a sentence."""
    anchor = found.facts[0] if found.facts else None
    return CheckResult(
        check=check,
        status=UNVERIFIABLE,
        subject=subject,
        detail=f"{_said(found)}；{reason}，无法核对。",
        statement=statement,
        found=round(found.value, 6),
        segment_id=anchor.segment_id if anchor else None,
        page=anchor.page if anchor else None,
        line=anchor.line if anchor else None,
        facts=[f.id for f in found.facts],
    )


def _said(figure: Figure) -> str:
    if figure.blanks and not figure.facts:
        return (
            f"{figure.label}为空白（按0计）"
            if figure.blanks == 1
            else f"{figure.label}为0（各数均为空白）"
        )
    return f"{figure.label}为{wan(figure.value)}{figure.note or ''}"
