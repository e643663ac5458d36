"""Arithmetic within one row of a table, and the balance of the 收支 tables.

合计 = 基本支出 + 项目支出 (+ 经营/上缴/对附属单位补助支出 where the table has them);
基本支出 = 人员经费 + 公用经费; 收入总计 = 支出总计; 本年支出合计 = the 类 lines.
"""

from __future__ import annotations

from .lines import (
    TableLine,
    coded_lines,
    expense_classes,
    measures_of,
    normal_name,
    plain_name,
    spending_total,
    table_to_lines,
)
from .load import DocumentData, TableData
from .model import PASS, UNVERIFIABLE, CheckResult, FactRow, compare, of_fact, total_of

SPENDING_TABLES = ("支出总表", "一般公共预算支出表", "政府性基金", "国有资本经营")
PART_MEASURES = (
    "基本支出",
    "项目支出",
    "事业单位经营支出",
    "经营支出",
    "上缴上级支出",
    "对附属单位补助支出",
)
STAFF_PARTS = ("人员经费", "公用经费")
BALANCE_TABLES = ("收支总表", "财政拨款收支总表")
_CIRCULAR = "该行有空白格，抽取程序按表内算术补定了栏目，表内算术核对不独立"


def document_to_row_checks(document: DocumentData) -> list[CheckResult]:
    results: list[CheckResult] = []
    for table in document.tables:
        if table.statement in SPENDING_TABLES or table.statement == "基本支出表":
            results.extend(table_to_row_checks(table))
        if table.statement in BALANCE_TABLES:
            results.extend(table_to_balance_checks(table))
    return results


def table_to_row_checks(table: TableData) -> list[CheckResult]:
    lines = table_to_lines(table)
    measures = measures_of(lines)
    results: list[CheckResult] = []
    parts = [m for m in PART_MEASURES if m in measures]
    staff = [m for m in STAFF_PARTS if m in measures]
    basic_total = "合计" if table.statement == "基本支出表" else "基本支出"
    for line in _checked_lines(lines):
        if (
            table.statement != "基本支出表"
            and parts
            and "合计" in line.values
            and line.printed(parts)
        ):
            results.append(_row_sum(line, "合计=基本+项目", "合计", parts))
        if staff and basic_total in line.values and line.printed(staff):
            results.append(_row_sum(line, "基本=人员+公用", basic_total, staff))
    return results


def _checked_lines(lines: list[TableLine]) -> list[TableLine]:
    """Coded lines, the 合计 line and other labelled lines; not the uncoded repeats of a coded line."""
    coded_names = {normal_name(line.item) for line in coded_lines(lines).values()}
    return [
        line
        for line in lines
        if line.code or line.is_total or normal_name(line.item) not in coded_names
    ]


def _row_sum(line: TableLine, check: str, total: str, parts: list[str]) -> CheckResult:
    where = f"{line.table.name}“{line.name}”行"
    found = line.figure(total, f"{where}{_measure_word(total)}")
    summed = total_of(
        [line.figure(p, p) for p in parts],
        "+".join(parts) + "之和",
        note=_parts_note(line, parts),
    )
    circular = _CIRCULAR if any(f.placed_by_arithmetic for f in line.facts) else None
    result = compare(
        check, line.name, found, summed, statement=line.table.statement, unverifiable=circular
    )
    if any(f.relabelled for f in line.facts):
        result.detail += "（该表栏目标题错位，栏目已按表内算术校正。）"
    return result


def _measure_word(measure: str) -> str:
    return "合计" if measure == "合计" else measure


def _parts_note(line: TableLine, parts: list[str]) -> str:
    shown = []
    for part in parts:
        fact = line.values.get(part)
        shown.append(f"{part}{fact.amount:g}" if fact else f"{part}空白")
    return "（" + "、".join(shown) + "）"


def table_to_balance_checks(table: TableData) -> list[CheckResult]:
    results: list[CheckResult] = []
    facts = table.facts
    pairs = (
        ("收入总计与支出总计", ("收入总计",), ("支出总计",)),
        ("本年收入合计与本年支出合计", ("本年收入合计", "本年收入"), ("本年支出合计", "本年支出")),
    )
    for subject, income_names, expense_names in pairs:
        income = _first(facts, income_names)
        expense = _first(facts, expense_names)
        if subject.startswith("收入总计") and (income is None or expense is None):
            both = [f for f in facts if plain_name(f.item) == "总计"]
            if len(both) >= 2:
                income, expense = both[0], both[1]
        if income is None or expense is None:
            continue
        results.append(
            compare(
                "收入总计=支出总计",
                subject,
                of_fact(expense, f"{table.name}{_side_name(expense, '支出')}"),
                of_fact(income, f"{table.name}{_side_name(income, '收入')}"),
                statement=table.statement,
            )
        )
    results.extend(_expense_classes(table))
    return results


def _side_name(fact: FactRow, side: str) -> str:
    item = fact.item or ""
    return item if side in item else f"{side}方{item}"


def _first(facts: list[FactRow], names: tuple[str, ...]) -> FactRow | None:
    return next((f for f in facts if plain_name(f.item) in names), None)


def _expense_classes(table: TableData) -> list[CheckResult]:
    """本年支出合计 = the 类 lines of the expense side."""
    total = spending_total(table)
    classes = expense_classes(table)
    if total is None or not classes:
        return []
    found = of_fact(total, f"{table.name}{total.item}")
    summed = total_of(
        [of_fact(f, f.item or "") for f in classes], f"支出方{len(classes)}个功能分类科目之和"
    )
    result = compare(
        "合计=各类之和", total.item or "本年支出合计", found, summed, statement=table.statement
    )
    if table.unplaced_beyond([total.amount]) and result.status != PASS:
        result.status = UNVERIFIABLE
        result.detail += "表中另有抽取程序未能识别科目的行，可能含未计入的数。"
    return [result]
