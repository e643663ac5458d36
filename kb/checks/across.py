"""The same figure in different tables of one document.

收支总表 and 支出总表 cover all funds; 一般公共预算支出表, 基本支出表 and (its
一般公共预算 column of) 财政拨款收支总表 cover 一般公共预算 only. When the document
shows money other than 一般公共预算 (政府性基金, 国有资本经营, 单位资金, carry-over …),
an all-funds figure may exceed its 一般公共预算 twin: only a smaller one is a
contradiction, a larger one is left unverifiable.
"""

from __future__ import annotations

import re

from .lines import (
    TableLine,
    coded_lines,
    expense_classes,
    lines_by_name,
    measures_of,
    normal_name,
    spending_total,
    table_to_lines,
    total_line,
)
from .load import DocumentData, TableData
from .model import (
    UNVERIFIABLE,
    CheckResult,
    FactRow,
    Figure,
    compare,
    of_fact,
    total_of,
    unverified,
)

_OTHER_FUNDS = re.compile(
    r"政府性基金|国有资本经营|财政专户|单位资金|事业收入|经营收入|上级补助|附属单位|其他收入|结转|结余|事业基金"
)
SPLIT = ("合计", "基本支出", "项目支出")


class Tables:
    """The lines of one document's standard tables, read once."""

    def __init__(self, document: DocumentData):
        self.document = document
        self.lines: dict[str, list[TableLine]] = {}
        self.tables: dict[str, TableData] = {}
        for statement in ("支出总表", "一般公共预算支出表", "基本支出表", "项目支出表"):
            table = document.main_table(statement)
            if table is not None and table.facts:
                self.tables[statement] = table
                self.lines[statement] = table_to_lines(table)

    def total(self, statement: str) -> TableLine | None:
        lines = self.lines.get(statement)
        return total_line(lines) if lines else None


def other_funds(document: DocumentData) -> bool:
    """Does the document show money other than the year's 一般公共预算?"""
    for statement in ("收支总表", "收入总表"):
        table = document.main_table(statement)
        for fact in table.facts if table else []:
            label = f"{fact.item or ''}{fact.measure or ''}"
            if (
                fact.amount > 0
                and _OTHER_FUNDS.search(label)
                and not (fact.item or "").endswith("支出")
            ):
                return True
    return False


def document_to_cross_checks(document: DocumentData) -> list[CheckResult]:
    tables = Tables(document)
    mixed = other_funds(document)
    return [
        *_total_vs_general(tables, mixed),
        *_summary_vs_total(document, tables),
        *_appropriation_vs_general(document, tables, mixed),
        *_general_vs_basic(tables),
        *_projects_vs_general(tables, mixed),
    ]


def _total_vs_general(tables: Tables, mixed: bool) -> list[CheckResult]:
    """支出总表 = 一般公共预算支出表, line by line and column by column."""
    if "支出总表" not in tables.lines or "一般公共预算支出表" not in tables.lines:
        return []
    total_lines, general_lines = tables.lines["支出总表"], tables.lines["一般公共预算支出表"]
    pairs: list[tuple[TableLine, TableLine]] = []
    if (a := total_line(total_lines)) and (b := total_line(general_lines)):
        pairs.append((a, b))
    total_codes = coded_lines(total_lines)
    for code, line in coded_lines(general_lines).items():
        if code in total_codes:
            pairs.append((total_codes[code], line))
    measures = [
        m for m in SPLIT if m in measures_of(total_lines) and m in measures_of(general_lines)
    ]
    results = []
    for mine, theirs in pairs:
        for measure in measures:
            if mine.printed([measure]) or theirs.printed([measure]):
                results.append(
                    compare(
                        "支出总表=一般公共预算支出表",
                        f"{theirs.name}（{measure}）",
                        mine.figure(measure, f"{mine.table.name}“{mine.name}”行{measure}"),
                        theirs.figure(measure, f"{theirs.table.name}同一行{measure}"),
                        statement="支出总表",
                        at_least=mixed,
                    )
                )
    return results


def code_names(document: DocumentData) -> dict[str, str]:
    """Subject name → code, from every coded line of the document's tables."""
    names: dict[str, str] = {}
    for table in document.tables:
        for fact in table.facts:
            if fact.code and fact.item:
                names.setdefault(normal_name(fact.item), fact.code)
    return names


def _class_line(
    statement_lines: list[TableLine], fact: FactRow, names: dict[str, str]
) -> TableLine | None:
    by_code = coded_lines(statement_lines)
    code = fact.code or names.get(normal_name(fact.item))
    if code and code in by_code:
        return by_code[code]
    classes = [line for line in statement_lines if line.code and len(line.code) == 3]
    return lines_by_name(classes).get(normal_name(fact.item))


def _summary_vs_total(document: DocumentData, tables: Tables) -> list[CheckResult]:
    summary = document.main_table("收支总表")
    if summary is None or "支出总表" not in tables.lines:
        return []
    return _lines_against(
        "收支总表=支出总表",
        summary,
        None,
        tables.lines["支出总表"],
        tables.total("支出总表"),
        mixed=False,
        names=code_names(document),
    )


def _appropriation_vs_general(
    document: DocumentData, tables: Tables, mixed: bool
) -> list[CheckResult]:
    table = document.main_table("财政拨款收支总表")
    if table is None or "一般公共预算支出表" not in tables.lines:
        return []
    exact = any("一般公共预算" in (f.measure or "") for f in table.facts)
    return _lines_against(
        "财政拨款收支总表=一般公共预算支出表",
        table,
        "一般公共预算",
        tables.lines["一般公共预算支出表"],
        tables.total("一般公共预算支出表"),
        mixed=mixed and not exact,
        names=code_names(document),
    )


def _lines_against(
    check: str,
    table: TableData,
    prefer: str | None,
    other: list[TableLine],
    other_total: TableLine | None,
    mixed: bool,
    names: dict[str, str],
) -> list[CheckResult]:
    results: list[CheckResult] = []
    other_name = other[0].table.name if other else ""
    spending = spending_total(table, prefer)
    if spending is not None and other_total is not None:
        results.append(
            compare(
                check,
                spending.item or "本年支出合计",
                of_fact(spending, f"{table.name}{spending.item}"),
                other_total.figure("合计", f"{other_name}“合计”行合计"),
                statement=table.statement,
                at_least=mixed,
            )
        )
    for fact in expense_classes(table, prefer):
        line = _class_line(other, fact, names)
        found = of_fact(fact, f"{table.name}“{fact.item}”")
        if line is None:
            if fact.amount:
                reason = f"{other_name}中找不到同名的类级科目"
                results.append(unverified(check, fact.item or "", found, reason, table.statement))
            continue
        results.append(
            compare(
                check,
                line.name,
                found,
                line.figure("合计", f"{other_name}“{line.name}”行合计"),
                statement=table.statement,
                at_least=mixed,
            )
        )
    return results


def basic_table_total(tables: Tables) -> Figure | None:
    """The 基本支出表 total: its 合计 line, or the sum of its top-level economic classes."""
    lines = tables.lines.get("基本支出表")
    if not lines:
        return None
    name = tables.tables["基本支出表"].name
    total = total_line(lines)
    if total is not None and "合计" in total.values:
        return total.figure("合计", f"{name}合计")
    by_code = coded_lines(lines)
    top = [line for code, line in by_code.items() if len(code) == 3]
    if not top:
        return None
    parts = [_first_figure(line) for line in top]
    return total_of(parts, f"{name}各类经济科目之和", note="（表中未印合计数，按各类经济科目加总）")


def _first_figure(line: TableLine) -> Figure:
    """The line's 合计, else its first figure; a line whose figures have no column is an
    open (unverifiable) blank."""
    measure = "合计" if "合计" in line.values else next(iter(line.values), "合计")
    return line.figure(measure, line.name)


def basic_table_part(tables: Tables, part: str) -> Figure | None:
    """人员经费 or 公用经费 of the 基本支出表: its 合计 line, or a 人员经费合计 line."""
    lines = tables.lines.get("基本支出表")
    if not lines:
        return None
    label = f"{tables.tables['基本支出表'].name}{part}合计"
    total = total_line(lines)
    if total is not None and part in total.values:
        return total.figure(part, label)
    for line in lines:
        if normal_name(line.item) == f"{part}合计" and line.values:
            figure = _first_figure(line)
            figure.label = label
            return figure
    return None


def _general_vs_basic(tables: Tables) -> list[CheckResult]:
    general = tables.total("一般公共预算支出表")
    if general is None or "基本支出表" not in tables.lines:
        return []
    name = tables.tables["一般公共预算支出表"].name
    pairs = [("基本支出", basic_table_total(tables), "基本支出合计")]
    pairs += [
        (part, basic_table_part(tables, part), f"{part}合计") for part in ("人员经费", "公用经费")
    ]
    return [
        compare(
            "一般公共预算支出表=基本支出表",
            subject,
            general.figure(measure, f"{name}中{subject}"),
            expected,
            statement="一般公共预算支出表",
        )
        for measure, expected, subject in pairs
        if expected is not None and measure in general.values
    ]


def _projects_vs_general(tables: Tables, mixed: bool) -> list[CheckResult]:
    projects, general = tables.total("项目支出表"), tables.total("一般公共预算支出表")
    if projects is None or general is None or "合计" not in projects.values:
        return []
    if "项目支出" not in general.values:
        return []
    result = compare(
        "项目支出表=一般公共预算支出表",
        "项目支出合计",
        projects.figure("合计", f"{projects.table.name}合计"),
        general.figure("项目支出", f"{general.table.name}中项目支出合计"),
        statement="项目支出表",
        at_least=mixed,
    )
    if projects.open and result.status == UNVERIFIABLE:
        result.detail += "（项目支出表合计行有未定栏目的数。）"
    return [result]
