"""“三公”经费: its total against its parts, and the table against the 情况说明.

三公经费 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费, and 公务用车购置及运行费 =
公务用车购置费 + 公务用车运行费, in the table (for each of its 预算数/决算数 halves) and
in the 情况说明. Each item the 情况说明 states is compared with the same item and measure
in the table; a blank cell, or an empty table, reads as 0.
"""

from __future__ import annotations

from ..vocabulary import (
    ABROAD,
    CARS,
    HALVES,
    PURCHASE,
    RECEPTION,
    RUNNING,
    THREE_PUBLIC,
    THREE_PUBLIC_ITEMS,
)
from .load import DocumentData, TableData
from .model import PASS, CheckResult, FactRow, Figure, blank, compare, of_fact, total_of, unverified
from .narrative import section_to_statement

Items = dict[tuple[str, str], FactRow]  # (item, measure) → first fact


def item_of(fact: FactRow) -> str | None:
    return fact.item_key if fact.item_key in THREE_PUBLIC_ITEMS else None


def table_items(table: TableData) -> Items:
    found: Items = {}
    for fact in table.facts:
        item = item_of(fact)
        if item and fact.measure in HALVES:
            found.setdefault((item, fact.measure), fact)
    return found


def narrative_items(document: DocumentData) -> list[FactRow]:
    return [
        f
        for f in document.narrative
        if section_to_statement(f.section) == "三公经费表" and item_of(f) and f.measure in HALVES
    ]


def document_to_three_public_checks(document: DocumentData) -> list[CheckResult]:
    results: list[CheckResult] = []
    table = document.main_table("三公经费表")
    said = narrative_items(document)
    if table is not None:
        items = table_items(table)
        halves = [h for h in HALVES if any(m == h for _, m in items)]
        for half in halves:
            results.extend(_sums(items, half, table.name, "三公经费表"))
    first: Items = {}
    for fact in said:
        first.setdefault((item_of(fact) or "", fact.measure or ""), fact)
    for half in HALVES:
        results.extend(_sums(first, half, "情况说明", "情况说明", complete=True))
    results.extend(_table_vs_narrative(table, said))
    return results


def _figure(items: Items, item: str, half: str, label: str) -> Figure:
    fact = items.get((item, half))
    return of_fact(fact, label) if fact else blank(label)


def _sums(
    items: Items, half: str, where: str, statement: str, complete: bool = False
) -> list[CheckResult]:
    """三公经费 = its three parts; 公务用车购置及运行费 = 购置费 + 运行费."""
    has = {item for item, measure in items if measure == half}
    results: list[CheckResult] = []
    cars_split = PURCHASE in has and RUNNING in has
    if CARS in has and (PURCHASE in has or RUNNING in has):
        parts = [_figure(items, i, half, i) for i in (PURCHASE, RUNNING)]
        results.append(
            compare(
                "三公合计=分项",
                f"{CARS}（{half}）",
                _figure(items, CARS, half, f"{where}中{CARS}（{half}）"),
                total_of(parts, f"{PURCHASE}与{RUNNING}之和", note=_listing(parts)),
                statement=statement,
            )
        )
    needed = (ABROAD, RECEPTION) if complete else ()
    if THREE_PUBLIC not in has or not all(i in has for i in needed):
        return results
    if complete and CARS not in has and not cars_split:
        return results
    if CARS in has or not cars_split:
        cars = _figure(items, CARS, half, CARS)
    else:  # the 情况说明 names 购置费 and 运行费 but not their sum
        cars = total_of([_figure(items, i, half, i) for i in (PURCHASE, RUNNING)], CARS)
    parts = [_figure(items, ABROAD, half, ABROAD), cars, _figure(items, RECEPTION, half, RECEPTION)]
    result = compare(
        "三公合计=分项",
        f"{THREE_PUBLIC}（{half}）",
        _figure(items, THREE_PUBLIC, half, f"{where}中{THREE_PUBLIC}（{half}）"),
        total_of(parts, "三项之和", note=_listing(parts)),
        statement=statement,
    )
    if result.status != PASS and CARS in has and cars_split:
        alt = total_of([_figure(items, i, half, i) for i in (PURCHASE, RUNNING)], CARS)
        fixed = round(parts[0].value + alt.value + parts[2].value, 6)
        total = items.get((THREE_PUBLIC, half))
        if total and abs(fixed - total.amount) <= result.tolerance:
            result.detail += (
                f"若公务用车购置及运行费按购置费与运行费之和{alt.value:.2f}万元计，"
                "则三项之和与合计相符，错在公务用车购置及运行费一栏。"
            )
    results.append(result)
    return results


def _listing(parts: list[Figure]) -> str:
    return (
        "（"
        + "、".join(f"{p.label}{'空白' if not p.facts else f'{p.value:g}'}" for p in parts)
        + "）"
    )


def _table_vs_narrative(table: TableData | None, said: list[FactRow]) -> list[CheckResult]:
    if not said:
        return []
    if table is None:
        fact = said[0]
        reason = "文件未公开“三公”经费支出表"
        subject = f"{item_of(fact)}（{fact.measure}）"
        figure = of_fact(fact, f"情况说明中{fact.item}")
        return [unverified("三公表=情况说明", subject, figure, reason, "三公经费表")]
    items = table_items(table)
    results: list[CheckResult] = []
    seen: set[tuple[str, str, float]] = set()
    for fact in said:
        item = item_of(fact) or ""
        key = (item, fact.measure or "", fact.amount)
        if key in seen:
            continue
        seen.add(key)
        where = f"{table.name}（空表）" if table.is_empty else table.name
        found = _figure(items, item, fact.measure or "", f"{where}中{item}（{fact.measure}）")
        if (item, fact.measure) not in items and item == CARS and (PURCHASE, fact.measure) in items:
            found = total_of(
                [_figure(items, i, fact.measure or "", i) for i in (PURCHASE, RUNNING)],
                f"{where}中{PURCHASE}与{RUNNING}之和",
            )
        results.append(
            compare(
                "三公表=情况说明",
                f"{item}（{fact.measure}）",
                found,
                of_fact(fact, f"情况说明中{fact.item}（{fact.measure}）"),
                statement="三公经费表",
                at=fact,
            )
        )
    return results
