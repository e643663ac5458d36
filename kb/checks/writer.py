"""The checks and budget_vs_actual tables and the check_summary view, written into a
freshly built database (dropped and recreated: running it twice gives the same rows)."""

from __future__ import annotations

import json

import sqlite_utils

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


def write_checks(db: sqlite_utils.Database) -> None:
    """Read documents, segments and facts from db; write checks, budget_vs_actual, check_summary.

    One transaction (a savepoint when called inside the build's own transaction).
    """
    with db.atomic():
        _write(db)


def _write(db: sqlite_utils.Database) -> None:
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
    conn = db.conn
    pairs = budget_actual_ids(conn.execute("select id, unit, year, kind from documents").fetchall())
    extra: dict[int, list[CheckResult]] = {}
    cross: list[BudgetActual] = []
    for budget_id, actual_id in pairs:
        budget_doc, actual_doc = iter_documents(conn, [budget_id]), iter_documents(conn, [actual_id])
        planned, spent = next(budget_doc), next(actual_doc)
        cross.extend(documents_to_cross_pairs(planned, spent))
        extra.setdefault(actual_id, []).extend(initial_budget_checks(planned, spent))
    check_count = budget_count = 0
    for document in iter_documents(conn):
        results = [*document_to_checks(document), *extra.get(document.id, [])]
        db[CHECKS_TABLE].insert_all(
            (check_row(check_count + n, document, r) for n, r in enumerate(results, 1)), batch_size=500
        )
        check_count += len(results)
        own = document_to_pairs(document)
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
