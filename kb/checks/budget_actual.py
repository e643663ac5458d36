"""Budget against actual: what was planned and what was spent, side by side.

Three sources, each row saying which (``basis``):
- 决算情况说明: a 决算 document's sentences 年初预算为A万元，支出决算为B万元 (and “三公”
  经费 预算为A万元，支出决算为B万元): the budget and the actual of the same subject in
  the same paragraph, paired in the order printed;
- 决算表格 / 绩效自评表: a 决算 table row printing both a 预算数 and a 决算数 (the
  “三公” table's two halves; a 绩效自评表's 全年预算数 and 全年执行数);
- 预算与决算文件: the same unit's 预算 and 决算 documents of the same year, both in the
  knowledge base: their 一般公共预算支出表 lines (by subject code and the 合计 line)
  and their “三公” figures.

Where the 决算 prints its own execution rate (完成年初预算的X%) it is checked against
决算 ÷ 预算 (执行率=决算/预算); where the unit's 预算 document is present, the 决算's
年初预算 is checked against it (年初预算=预算文件).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..vocabulary import ACTUAL_MEASURES, BUDGET_MEASURES, HALVES
from .across import Tables
from .lines import coded_lines, lines_by_name, normal_name
from .load import DocumentData
from .model import (
    FAIL,
    PASS,
    UNVERIFIABLE,
    CheckResult,
    FactRow,
    compare,
    of_fact,
    precision_of,
    wan,
)
from .narrative import role_of
from .three_public import item_of, narrative_items, table_items

_RATE = re.compile(r"^[^。；;]{0,30}?完成(?:年初)?预算(?:数)?的\s*(\d+(?:\.\d+)?)\s*[%％]")


@dataclass
class BudgetActual:
    unit: str | None
    year: int | None
    item: str
    budget: float
    actual: float
    budget_measure: str
    actual_measure: str
    basis: str  # 决算情况说明 | 决算表格 | 绩效自评表 | 预算与决算文件
    statement: str | None
    document_id: int  # the 决算 document
    budget_document_id: int
    budget_fact_id: int | None
    actual_fact_id: int | None
    segment_id: int | None
    page: int | None
    code: str | None = None
    item_key: str | None = None
    stated_rate: float | None = None

    @property
    def difference(self) -> float:
        return round(self.actual - self.budget, 6)

    @property
    def execution_rate(self) -> float | None:
        return round(self.actual / self.budget * 100, 2) if self.budget else None

    @property
    def detail(self) -> str:
        text = f"{self.item}：{self.budget_measure}{wan(self.budget)}，{self.actual_measure}{wan(self.actual)}"
        text += (
            f"，{'超出' if self.difference > 0 else '结余'}{wan(abs(self.difference))}"
            if self.difference
            else "，二者相同"
        )
        rate = self.execution_rate
        text += f"，执行率{rate:.2f}%" if rate is not None else "，预算为0，无执行率"
        if self.stated_rate is not None:
            text += f"（文件称完成预算的{self.stated_rate:g}%）"
        return text + "。"

    def to_row(self) -> dict:
        return {
            "unit": self.unit,
            "year": self.year,
            "item": self.item,
            "item_key": self.item_key,
            "code": self.code,
            "budget": round(self.budget, 6),
            "actual": round(self.actual, 6),
            "difference": self.difference,
            "execution_rate": self.execution_rate,
            "stated_rate": self.stated_rate,
            "budget_measure": self.budget_measure,
            "actual_measure": self.actual_measure,
            "basis": self.basis,
            "statement": self.statement,
            "document_id": self.document_id,
            "budget_document_id": self.budget_document_id,
            "budget_fact_id": self.budget_fact_id,
            "actual_fact_id": self.actual_fact_id,
            "segment_id": self.segment_id,
            "page": self.page,
            "detail": self.detail,
        }


def document_to_pairs(document: DocumentData) -> list[BudgetActual]:
    """The budget/actual pairs a 决算 document prints itself."""
    if document.kind != "决算":
        return []
    return [*_narrative_pairs(document), *_table_pairs(document)]


def _pair(
    document: DocumentData, budget: FactRow, actual: FactRow, basis: str, item: str
) -> BudgetActual:
    return BudgetActual(
        unit=document.unit,
        year=document.year,
        item=item,
        budget=budget.amount,
        actual=actual.amount,
        budget_measure=budget.measure or "",
        actual_measure=actual.measure or "",
        basis=basis,
        statement=actual.statement,
        document_id=document.id,
        budget_document_id=document.id,
        budget_fact_id=budget.id,
        actual_fact_id=actual.id,
        segment_id=actual.segment_id,
        page=actual.page,
        code=actual.code,
        item_key=item_of(actual) or actual.item_key,
    )


def _narrative_pairs(document: DocumentData) -> list[BudgetActual]:
    texts = {p.segment_id: p.text for p in document.paragraphs}
    pairs: list[BudgetActual] = []
    pending: dict[tuple[int | None, str], FactRow] = {}
    offsets: dict[int | None, int] = {}
    for fact in document.narrative:
        key = (fact.segment_id, fact.item_key or fact.item or "")
        text = texts.get(fact.segment_id or -1, "")
        at = text.find(fact.printed or "", offsets.get(fact.segment_id, 0)) if fact.printed else -1
        if at >= 0:
            offsets[fact.segment_id] = at + len(fact.printed or "")
        if fact.measure in ("年初预算", "预算数"):
            pending[key] = fact
        elif fact.measure == "决算数" and key in pending:
            budget = pending.pop(key)
            pair = _pair(document, budget, fact, "决算情况说明", fact.item or "")
            pair.item_key = item_of(fact) or fact.item_key
            if at >= 0 and (rate := _RATE.match(text[at + len(fact.printed or "") :])):
                pair.stated_rate = float(rate.group(1))
            pairs.append(pair)
    return pairs


def _table_pairs(document: DocumentData) -> list[BudgetActual]:
    pairs: list[BudgetActual] = []
    for table in document.tables:
        rows: dict[tuple[int | None, str], dict[str, FactRow]] = {}
        for fact in table.facts:
            key = (fact.row, item_of(fact) or fact.item or "")
            rows.setdefault(key, {}).setdefault(fact.measure or "", fact)
        basis = "绩效自评表" if table.statement == "绩效自评表" else "决算表格"
        for (_row, item), measures in rows.items():
            budget = next(
                (measures[m] for m in ("全年预算数", *BUDGET_MEASURES) if m in measures), None
            )
            actual = next((measures[m] for m in ACTUAL_MEASURES if m in measures), None)
            if budget is not None and actual is not None:
                pairs.append(_pair(document, budget, actual, basis, item))
    return pairs


def documents_to_cross_pairs(
    budget_doc: DocumentData, actual_doc: DocumentData
) -> list[BudgetActual]:
    """A unit's 预算 and 决算 of the same year, subject by subject."""
    pairs: list[BudgetActual] = []
    planned, spent = Tables(budget_doc), Tables(actual_doc)
    lines_b = planned.lines.get("一般公共预算支出表", [])
    lines_a = spent.lines.get("一般公共预算支出表", [])
    matched = []
    if (tb := planned.total("一般公共预算支出表")) and (ta := spent.total("一般公共预算支出表")):
        for measure, item in (
            ("合计", "一般公共预算支出合计"),
            ("基本支出", "基本支出"),
            ("项目支出", "项目支出"),
        ):
            if measure in tb.values and measure in ta.values:
                matched.append((tb.values[measure], ta.values[measure], item, None))
    codes_b = coded_lines(lines_b)
    for code, line in coded_lines(lines_a).items():
        if code in codes_b and "合计" in line.values and "合计" in codes_b[code].values:
            matched.append(
                (codes_b[code].values["合计"], line.values["合计"], line.item or code, code)
            )
    for item, budget, actual in _three_public_pairs(budget_doc, actual_doc):
        matched.append((budget, actual, item, None))
    for budget, actual, item, code in matched:
        pair = _pair(actual_doc, budget, actual, "预算与决算文件", item)
        pair.budget_document_id = budget_doc.id
        pair.budget_measure = "预算数"
        pair.actual_measure = "决算数"
        pair.code = code
        pairs.append(pair)
    return pairs


def _three_public_pairs(
    budget_doc: DocumentData, actual_doc: DocumentData
) -> list[tuple[str, FactRow, FactRow]]:
    def figures(document: DocumentData, half: str) -> dict[str, FactRow]:
        found: dict[str, FactRow] = {}
        table = document.main_table("三公经费表")
        if table is not None:
            found.update(
                {
                    item: fact
                    for (item, measure), fact in table_items(table).items()
                    if measure == half
                }
            )
        for fact in narrative_items(document):
            if fact.measure == half:
                found.setdefault(item_of(fact) or "", fact)
        return found

    planned, spent = figures(budget_doc, HALVES[0]), figures(actual_doc, HALVES[1])
    return [(item, planned[item], spent[item]) for item in planned if item in spent]


def pairs_to_rate_checks(pairs: list[BudgetActual], facts: dict[int, FactRow]) -> list[CheckResult]:
    """完成年初预算的X% against 决算 ÷ 预算."""
    return [_rate_check(p, facts) for p in pairs if p.stated_rate is not None]


def _rate_check(pair: BudgetActual, facts: dict[int, FactRow]) -> CheckResult:
    budget = facts.get(pair.budget_fact_id or -1)
    actual = facts.get(pair.actual_fact_id or -1)
    stated = pair.stated_rate or 0.0
    result = CheckResult(
        check="执行率=决算/预算",
        status=UNVERIFIABLE,
        subject=pair.item,
        detail="",
        statement="情况说明",
        found=stated,
        segment_id=pair.segment_id,
        page=pair.page,
        line=actual.line if actual else None,
        facts=[f for f in (pair.budget_fact_id, pair.actual_fact_id) if f],
    )
    said = f"情况说明称{pair.item}完成预算的{stated:g}%（{pair.budget_measure}{wan(pair.budget)}，{pair.actual_measure}{wan(pair.actual)}）"
    if not pair.budget:
        result.detail = f"{said}；预算为0，执行率无从计算，无法核对。"
        return result
    half_b = precision_of(budget) / 2 if budget else 0.005
    half_a = precision_of(actual) / 2 if actual else 0.005
    rate = pair.actual / pair.budget * 100
    low = (pair.actual - half_a) / (pair.budget + half_b) * 100
    high = (
        (pair.actual + half_a) / (pair.budget - half_b) * 100
        if pair.budget > half_b
        else float("inf")
    )
    decimals = len(str(stated).split(".")[1]) if "." in f"{stated:g}" else 0
    step = 10.0**-decimals / 2
    result.expected = round(rate, 2)
    result.tolerance = round(max(high - rate, rate - low) + step, 6)
    result.rule = (
        "执行率按决算数与预算数各自的舍入范围推算上下限，再加上所称百分数的舍入（单位：百分点）"
    )
    if low - step <= stated <= high + step:
        result.status = PASS
        result.detail = f"{said}，按决算÷预算计算为{rate:.2f}%，相符。"
    else:
        result.status = FAIL
        result.detail = (
            f"{said}，而按决算÷预算计算应为{rate:.2f}%，相差{abs(stated - rate):.2f}个百分点。"
        )
    return result


def initial_budget_checks(budget_doc: DocumentData, actual_doc: DocumentData) -> list[CheckResult]:
    """The 决算's 年初预算 sentences against the unit's own 预算 document."""
    planned = Tables(budget_doc)
    lines = planned.lines.get("一般公共预算支出表")
    if not lines:
        return []
    total = planned.total("一般公共预算支出表")
    named = lines_by_name(lines)
    name = planned.tables["一般公共预算支出表"].name
    results: list[CheckResult] = []
    for fact in actual_doc.narrative:
        if fact.measure != "年初预算":
            continue
        if (
            role_of(fact.item, "一般公共预算支出表") == "支出合计"
            and total is not None
            and "合计" in total.values
        ):
            figure = total.figure("合计", f"{budget_doc.year}年预算文件{name}支出合计")
        elif (line := named.get(normal_name(fact.item))) is not None and "合计" in line.values:
            figure = line.figure("合计", f"{budget_doc.year}年预算文件{name}“{line.name}”行合计")
        else:
            continue
        results.append(
            compare(
                "年初预算=预算文件",
                fact.item or "",
                of_fact(fact, f"决算情况说明中{fact.item}年初预算"),
                figure,
                statement="情况说明",
                at=fact,
            )
        )
    return results
