"""The checks and budget_vs_actual tables and the check_summary view, written into a
freshly built database (dropped and recreated: running it twice gives the same rows)."""

from __future__ import annotations

import json

import sqlite_utils

from ..errors import failure_reason
from .budget_actual import (
    BudgetActual,
    document_to_pairs,
    documents_to_cross_pairs,
    initial_budget_checks,
)
from .load import DocumentData, iter_documents
from .model import CheckResult
from .names import FAMILIES
from .run import budget_actual_ids, document_to_checks

CHECKS_TABLE = "checks"
BUDGET_TABLE = "budget_vs_actual"
SUMMARY_VIEW = "check_summary"

CHECKS_SCHEMA = {
    "id": int,
    "document_id": int,
    "unit": str,
    "year": int,
    "kind": str,
    "check": str,
    "family": str,
    "statement": str,
    "subject": str,
    "expected": float,
    "found": float,
    "difference": float,
    "tolerance": float,
    "status": str,
    "presence": str,
    "detail": str,
    "rule": str,
    "segment_id": int,
    "page": int,
    "line": int,
    "facts": str,
}
BUDGET_SCHEMA = {
    "id": int,
    "unit": str,
    "year": int,
    "item": str,
    "item_key": str,
    "code": str,
    "budget": float,
    "actual": float,
    "difference": float,
    "execution_rate": float,
    "stated_rate": float,
    "budget_measure": str,
    "actual_measure": str,
    "basis": str,
    "statement": str,
    "document_id": int,
    "budget_document_id": int,
    "budget_fact_id": int,
    "actual_fact_id": int,
    "segment_id": int,
    "page": int,
    "detail": str,
}
SUMMARY_SQL = f"""
create view {SUMMARY_VIEW} as
select d.id as document_id, d.unit, d.year, d.kind, d.title,
  sum(c.status = 'pass') as passed,
  sum(c.status = 'fail') as failed,
  sum(c.status = 'unverifiable') as unverifiable,
  group_concat(case when c."check" = '必备表格' and c.presence = 'missing' then c.subject end, '、') as tables_missing,
  group_concat(case when c."check" = '必备表格' and c.presence = 'empty' then c.subject end, '、') as tables_empty,
  group_concat(case when c.status = 'fail' then c."check" || '：' || c.detail end, char(10)) as failures
from documents d left join {CHECKS_TABLE} c on c.document_id = d.id
group by d.id
"""


def write_checks(db: sqlite_utils.Database) -> dict[int, str]:
    """Read documents, segments and facts from db; write checks, budget_vs_actual, check_summary.

    One transaction (a savepoint when called inside the build's own transaction). A
    document whose checks fail to run is left without them; the returned mapping says
    which, and why, so one malformed table costs only its document's checks.
    """
    with db.atomic():
        return _write(db)


def _create(db: sqlite_utils.Database) -> None:
    db.execute(f"drop view if exists {SUMMARY_VIEW}")
    for name in (CHECKS_TABLE, BUDGET_TABLE):
        if db[name].exists():
            db[name].drop()
    foreign = [("document_id", "documents", "id"), ("segment_id", "segments", "id")]
    db[CHECKS_TABLE].create(CHECKS_SCHEMA, pk="id", foreign_keys=foreign)
    db[BUDGET_TABLE].create(
        BUDGET_SCHEMA,
        pk="id",
        foreign_keys=[*foreign, ("budget_document_id", "documents", "id")],
    )


def _cross_documents(conn, failed: dict[int, str]) -> tuple[dict[int, list[CheckResult]], list[BudgetActual]]:
    """What a unit's 预算 and 决算 of one year say against each other."""
    extra: dict[int, list[CheckResult]] = {}
    cross: list[BudgetActual] = []
    pairs = budget_actual_ids(conn.execute("select id, unit, year, kind from documents").fetchall())
    for budget_id, actual_id in pairs:
        try:
            planned = next(iter_documents(conn, [budget_id]))
            spent = next(iter_documents(conn, [actual_id]))
            found = documents_to_cross_pairs(planned, spent)
            checks = initial_budget_checks(planned, spent)
        except Exception as error:  # one document's checks never sink the build
            failed.setdefault(actual_id, failure_reason(error))
            continue
        cross.extend(found)
        extra.setdefault(actual_id, []).extend(checks)
    return extra, cross


def _write(db: sqlite_utils.Database) -> dict[int, str]:
    _create(db)
    conn = db.conn
    failed: dict[int, str] = {}
    extra, cross = _cross_documents(conn, failed)
    check_count = budget_count = 0
    for document in iter_documents(conn):
        try:
            results = [*document_to_checks(document), *extra.get(document.id, [])]
            own = document_to_pairs(document)
        except Exception as error:
            failed[document.id] = failure_reason(error)
            continue
        db[CHECKS_TABLE].insert_all(
            (check_row(check_count + n, document, r) for n, r in enumerate(results, 1)), batch_size=500
        )
        check_count += len(results)
        db[BUDGET_TABLE].insert_all(
            (budget_row(budget_count + n, p) for n, p in enumerate(own, 1)), batch_size=500
        )
        budget_count += len(own)
    db[BUDGET_TABLE].insert_all(
        (budget_row(budget_count + n, p) for n, p in enumerate(cross, 1)), batch_size=500
    )
    for columns in (["document_id"], ["check"], ["status"], ["unit", "year"], ["segment_id"]):
        db[CHECKS_TABLE].create_index(columns)
    for columns in (["unit", "year"], ["document_id"], ["item_key"], ["code"]):
        db[BUDGET_TABLE].create_index(columns)
    db.execute(SUMMARY_SQL)
    return failed


def check_row(number: int, document: DocumentData, result: CheckResult) -> dict:
    return {
        "id": number,
        "document_id": document.id,
        "unit": document.unit,
        "year": document.year,
        "kind": document.kind,
        "check": result.check,
        "family": FAMILIES.get(result.check),
        "statement": result.statement,
        "subject": result.subject,
        "expected": result.expected,
        "found": result.found,
        "difference": result.difference,
        "tolerance": result.tolerance,
        "status": result.status,
        "presence": result.presence,
        "detail": result.detail,
        "rule": result.rule,
        "segment_id": result.segment_id,
        "page": result.page,
        "line": result.line,
        "facts": json.dumps(result.facts) if result.facts else None,
    }


def budget_row(number: int, pair: BudgetActual) -> dict:
    return {"id": number, **pair.to_row()}
