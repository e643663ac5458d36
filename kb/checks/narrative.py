"""The narrative (情况说明) against the tables it restates, and against itself.

Each chapter of the 情况说明 restates one table: 三、支出预算情况 the 支出总表, 五、一般公共
预算拨款情况 the 一般公共预算支出表, 六、基本支出情况 the 基本支出表, and so on. A
sentence's figure is compared with the table figure its subject names: a total (支出预算,
一般公共预算拨款), 基本支出, 项目支出, 人员经费, 公用经费, or a subject printed in the
table (一般公共服务支出, 事业运行, 基本工资). Figures of other measures (比上年增减,
年初预算) and subjects the table does not print are not compared.
"""

from __future__ import annotations

import re

from .across import Tables, basic_table_part, basic_table_total
from .lines import TableLine, lines_by_name, normal_name, table_to_lines, total_line
from .load import DocumentData, TableData
from .model import PASS, CheckResult, FactRow, Figure, blank, compare, of_fact, total_of

SECTION_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (statement, re.compile(pattern))
    for statement, pattern in (
        ("三公经费表", r"三公"),
        ("基本支出表", r"基本支出"),
        ("项目支出表", r"项目支出(?:预算|决算)?情况"),
        ("政府性基金", r"政府性基金"),
        ("国有资本经营", r"国有资本"),
        ("财政拨款收支总表", r"财政拨款收(?:入)?支"),
        ("一般公共预算支出表", r"一般公共预算"),
        ("收支总表", r"收(?:入)?支(?:出)?(?:预算|决算)?总体|收支总体|收入支出决算总体"),
        ("支出总表", r"支出(?:预算|决算)"),
        ("收支总表", r"收入(?:预算|决算)"),
    )
)
SPENDING_TABLES = ("支出总表", "一般公共预算支出表", "政府性基金", "国有资本经营")

_FUND = r"(?:一般公共预算(?:财政拨款|当年拨款|拨款)?)?"
ROLES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (role, re.compile(pattern))
    for role, pattern in (
        ("基本支出", rf"^{_FUND}基本支出(?:预算|决算)?$"),
        ("项目支出", rf"^{_FUND}项目支出(?:预算|决算)?$"),
        ("人员经费", r"^人员经费(?:支出)?$"),
        ("公用经费", r"^公用经费(?:支出)?$"),
        ("总计", r"收(?:入)?支(?:出)?总(?:预算|计)$"),
        ("收入合计", r"^(?:本年)?收入(?:预算|决算|合计)?$"),
        ("支出合计", r"^(?:本年)?支出(?:预算|决算|合计|总计)?$"),
        ("支出合计", r"^一般公共预算(?:财政拨款|当年拨款)?(?:拨款)?(?:支出)?(?:合计)?$"),
    )
)
_UNIT_MISPRINT = "（情况说明将单位印作“元”，按万元读则相符）"


def section_to_statement(section: str | None) -> str | None:
    """The table a chapter of the 情况说明 restates (None outside the 情况说明)."""
    parts = (section or "").split(" > ")
    if len(parts) < 2 or "说明" not in parts[0]:
        return None
    for statement, pattern in SECTION_RULES:
        if pattern.search(parts[1]):
            return statement
    return None


def role_of(item: str | None, statement: str | None) -> str | None:
    text = re.sub(r"[\s“”\"]", "", item or "")
    for role, pattern in ROLES:
        if pattern.search(text):
            if (
                role == "支出合计"
                and text.startswith("一般公共预算")
                and statement != "一般公共预算支出表"
            ):
                continue  # 一般公共预算拨款 in a 收支 chapter is income, named as such
            return role
    return None


def own_measure(fact: FactRow, document: DocumentData) -> bool:
    return fact.measure in (document.measure, "合计")


def document_to_narrative_checks(document: DocumentData) -> list[CheckResult]:
    tables = Tables(document)
    results: list[CheckResult] = []
    for fact in document.narrative:
        statement = section_to_statement(fact.section)
        if statement is None or statement == "三公经费表" or not own_measure(fact, document):
            continue
        table = document.main_table(statement)
        if table is None:
            continue
        target = _table_figure(document, tables, table, fact)
        if target is not None:
            results.append(_against(f"{statement}=情况说明", statement, target, fact))
    results.extend(document_to_inner_checks(document))
    return results


def _against(check: str, statement: str, found: Figure, fact: FactRow) -> CheckResult:
    said = of_fact(fact, f"情况说明中{fact.item}")
    result = compare(check, fact.item or "", found, said, statement=statement, at=fact)
    if result.status != PASS and fact.unit_misprinted:
        misread = Figure(round(fact.amount * 10000, 6), said.label, note=_UNIT_MISPRINT)
        retry = compare(check, fact.item or "", found, misread, statement=statement, at=fact)
        if retry.status == PASS:
            retry.facts = result.facts
            return retry
    return result


def _table_figure(
    document: DocumentData, tables: Tables, table: TableData, fact: FactRow
) -> Figure | None:
    role = role_of(fact.item, table.statement)
    if table.is_empty and table.statement in SPENDING_TABLES:
        return blank(f"{table.name}（空表）")
    if table.statement in SPENDING_TABLES:
        return _spending_figure(table, role, fact)
    if table.statement == "基本支出表":
        if role in ("基本支出", "支出合计"):
            return basic_table_total(tables)
        if role in ("人员经费", "公用经费"):
            return basic_table_part(tables, role)
        return _named(table_to_lines(table), fact, table)
    if table.statement in ("收支总表", "财政拨款收支总表"):
        return _summary_figure(table, role, fact)
    if table.statement == "项目支出表" and role in ("项目支出", "支出合计"):
        total = total_line(table_to_lines(table))
        return (
            total.figure("合计", f"{table.name}合计") if total and "合计" in total.values else None
        )
    return None


def _spending_figure(table: TableData, role: str | None, fact: FactRow) -> Figure | None:
    lines = table_to_lines(table)
    total = total_line(lines)
    measure = {"支出合计": "合计"}.get(role or "", role)
    if measure in ("合计", "基本支出", "项目支出", "人员经费", "公用经费"):
        if total is None or measure not in total.values:
            return None
        return total.figure(measure, f"{table.name}中{_total_word(measure)}")
    if role is None:
        return _named(lines, fact, table)
    return None


def _total_word(measure: str) -> str:
    return "支出合计" if measure == "合计" else f"{measure}合计"


def _named(lines: list[TableLine], fact: FactRow, table: TableData) -> Figure | None:
    line = lines_by_name(lines).get(normal_name(fact.item))
    if line is None or not line.values:
        return None
    measure = "合计" if "合计" in line.values else next(iter(line.values))
    return line.figure(measure, f"{table.name}“{line.name}”行{measure}")


def _summary_figure(table: TableData, role: str | None, fact: FactRow) -> Figure | None:
    names = {
        "总计": ("收入总计", "总计"),
        "收入合计": ("本年收入合计", "本年收入"),
        "支出合计": ("本年支出合计", "本年支出"),
    }.get(role or "", (normal_name(fact.item), fact.item or ""))
    for name in names:
        match = next((f for f in table.facts if normal_name(f.item) == normal_name(name)), None)
        if match is not None:
            return of_fact(match, f"{table.name}“{match.item}”")
    return None


def document_to_inner_checks(document: DocumentData) -> list[CheckResult]:
    """Within one chapter of the 情况说明: 支出 = 基本 + 项目, 基本 = 人员 + 公用."""
    chapters: dict[str, dict[str, FactRow]] = {}
    for fact in document.narrative:
        statement = section_to_statement(fact.section)
        if statement not in (*SPENDING_TABLES, "基本支出表") or not own_measure(fact, document):
            continue
        role = role_of(fact.item, statement)
        if role in ("支出合计", "基本支出", "项目支出", "人员经费", "公用经费"):
            chapters.setdefault(fact.section or "", {}).setdefault(role, fact)
    results: list[CheckResult] = []
    for roles in chapters.values():
        for total, parts in (
            ("支出合计", ("基本支出", "项目支出")),
            ("基本支出", ("人员经费", "公用经费")),
        ):
            if total in roles and all(p in roles for p in parts):
                results.append(_inner(roles[total], [roles[p] for p in parts]))
    return results


def _inner(total: FactRow, parts: list[FactRow]) -> CheckResult:
    summed = total_of(
        [of_fact(p, p.item or "") for p in parts], "、".join(p.item or "" for p in parts) + "之和"
    )
    stated = of_fact(total, f"情况说明中{total.item}")
    result = compare(
        "情况说明合计=分项", total.item or "", stated, summed, statement="情况说明", at=total
    )
    if result.status != PASS and total.unit_misprinted:
        misread = Figure(
            round(total.amount * 10000, 6), stated.label, facts=(), note=_UNIT_MISPRINT
        )
        retry = compare(
            "情况说明合计=分项", total.item or "", misread, summed, statement="情况说明", at=total
        )
        if retry.status == PASS:
            retry.facts = result.facts
            return retry
    return result
