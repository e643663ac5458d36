"""Every check of every document, and the budget/actual pairs, from loaded documents."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .across import document_to_cross_checks
from .budget_actual import (
    BudgetActual,
    document_to_pairs,
    documents_to_cross_pairs,
    initial_budget_checks,
    pairs_to_rate_checks,
)
from .completeness import document_to_completeness_checks
from .hierarchy import document_to_hierarchy_checks
from .load import DocumentData
from .model import CheckResult, FactRow
from .names import CHECK_NAMES
from .narrative import document_to_narrative_checks
from .three_public import document_to_three_public_checks
from .within import document_to_row_checks


@dataclass
class Outcome:
    checks: list[tuple[DocumentData, CheckResult]] = field(default_factory=list)
    pairs: list[BudgetActual] = field(default_factory=list)


def document_to_checks(document: DocumentData) -> list[CheckResult]:
    """All checks of one document, on its own."""
    results = [
        *document_to_completeness_checks(document),
        *document_to_row_checks(document),
        *document_to_hierarchy_checks(document),
        *document_to_cross_checks(document),
        *document_to_three_public_checks(document),
        *document_to_narrative_checks(document),
        *pairs_to_rate_checks(document_to_pairs(document), facts_by_id(document)),
    ]
    order = {name: index for index, name in enumerate(CHECK_NAMES)}
    return sorted(results, key=lambda r: order.get(r.check, len(order)))


def facts_by_id(document: DocumentData) -> dict[int, FactRow]:
    facts = {f.id: f for f in document.narrative}
    for table in document.tables:
        facts.update({f.id: f for f in table.facts})
    return facts


def unit_key(unit: str | None) -> str:
    return re.sub(r"\s+", "", unit or "")


def documents_to_outcome(documents: list[DocumentData]) -> Outcome:
    outcome = Outcome()
    extra: dict[int, list[CheckResult]] = {}
    for document in documents:
        outcome.pairs.extend(document_to_pairs(document))
    for budget_doc, actual_doc in budget_actual_documents(documents):
        outcome.pairs.extend(documents_to_cross_pairs(budget_doc, actual_doc))
        extra.setdefault(actual_doc.id, []).extend(initial_budget_checks(budget_doc, actual_doc))
    for document in documents:
        outcome.checks.extend((document, r) for r in document_to_checks(document))
        outcome.checks.extend((document, r) for r in extra.get(document.id, []))
    return outcome


def budget_actual_documents(
    documents: list[DocumentData],
) -> list[tuple[DocumentData, DocumentData]]:
    """(预算, 决算) documents of the same unit and year."""
    by_id = {d.id: d for d in documents}
    keys = [(d.id, d.unit, d.year, d.kind) for d in documents]
    return [(by_id[b], by_id[a]) for b, a in budget_actual_ids(keys)]


def budget_actual_ids(
    documents: list[tuple[int, str | None, int | None, str | None]],
) -> list[tuple[int, int]]:
    """(预算 id, 决算 id) of the same unit and year, from (id, unit, year, kind) rows."""
    groups: dict[tuple[str, int], dict[str, list[int]]] = {}
    for document_id, unit, year, kind in documents:
        if kind in ("预算", "决算") and unit and year:
            groups.setdefault((unit_key(unit), year), {}).setdefault(kind, []).append(document_id)
    return [
        (budget_id, actual_id)
        for kinds in groups.values()
        for budget_id in kinds.get("预算", [])
        for actual_id in kinds.get("决算", [])
    ]
