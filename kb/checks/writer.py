"""The checks and budget_vs_actual tables and the check_summary view, written into a
freshly built database (dropped and recreated: running it twice gives the same rows)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import sqlite_utils

from ..errors import failure_reason
from ..store import DocumentRows
from ..store.schema import UNIT_COLUMNS
from .budget_actual import (
    BudgetActual,
    document_to_pairs,
    documents_to_cross_pairs,
    initial_budget_checks,
)
from .load import DocumentData, iter_documents, rows_to_document
from .model import CheckResult
from .names import FAMILIES
from .run import budget_actual_ids, document_to_checks
from .verify import verify_ocr_facts

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
    **UNIT_COLUMNS,
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
        create_check_tables(db)
        failed: dict[int, str] = {}
        checks = CheckIds()
        for document in iter_documents(db.conn):
            try:
                rows, pairs = document_check_rows(document)
            except Exception as error:
                failed[document.id] = failure_reason(error)
                continue
            checks.insert(db, rows, pairs)
        failed.update(finish_checks(db, checks))
        return failed


def create_check_tables(db: sqlite_utils.Database) -> None:
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


def document_check_rows(document: DocumentData) -> tuple[list[dict], list[dict]]:
    """One document's own checks and budget/actual pairs, as rows without ids."""
    results = document_to_checks(document)
    pairs = document_to_pairs(document)
    return [check_row(0, document, r) for r in results], [budget_row(0, p) for p in pairs]


@dataclass
class DocumentChecks:
    """A document's own checks, computed where it was read: ids, segment ids and fact ids
    count within the document (document 0, segments and facts from 1) until written."""

    checks: list[dict] = field(default_factory=list)
    pairs: list[dict] = field(default_factory=list)
    failure: str | None = None  # why they could not run


def rows_to_checks(rows: DocumentRows) -> DocumentChecks:
    """The checks of one document from its prepared rows (which learn whether their OCR
    figures are borne out); a failure costs only these."""
    meta = rows.document
    document = DocumentData(
        0, meta["unit"], meta["year"], meta["kind"], meta["title"], meta["filename"]
    )
    try:
        checks, pairs = document_check_rows(
            rows_to_document(document, rows.segments, rows.facts, rows.unplaced)
        )
    except Exception as error:  # one document's checks never sink the build
        verify_ocr_facts(rows, [])  # unchecked: no figure read by OCR is trusted
        return DocumentChecks(failure=failure_reason(error))
    verify_ocr_facts(rows, checks)
    return DocumentChecks(checks, pairs)


class CheckIds:
    """Numbers check and budget_vs_actual rows as they are written."""

    def __init__(self) -> None:
        self.checks = 0
        self.pairs = 0

    def insert(self, db: sqlite_utils.Database, rows: list[dict], pairs: list[dict]) -> None:
        db[CHECKS_TABLE].insert_all(
            (
                {**r, "id": self.checks + n, "facts": _ids_json(r["facts"])}
                for n, r in enumerate(rows, 1)
            ),
            batch_size=500,
        )
        db[BUDGET_TABLE].insert_all(
            ({**p, "id": self.pairs + n} for n, p in enumerate(pairs, 1)), batch_size=500
        )
        self.checks += len(rows)
        self.pairs += len(pairs)

    def insert_document(
        self,
        db: sqlite_utils.Database,
        found: DocumentChecks,
        document_id: int,
        segments: int,
        facts: int,
    ) -> None:
        """A document's own checks, moved to where its rows were written: its id, and
        segment and fact ids past the ``segments`` and ``facts`` written before it."""

        def shift(value: int | None, offset: int) -> int | None:
            return None if value is None else value + offset

        rows = [
            {**r, "document_id": document_id, "segment_id": shift(r["segment_id"], segments),
             "facts": [i + facts for i in r["facts"]]}
            for r in found.checks
        ]  # fmt: skip
        pairs = [
            {**p, "document_id": document_id, "budget_document_id": document_id,
             "segment_id": shift(p["segment_id"], segments),
             "budget_fact_id": shift(p["budget_fact_id"], facts), "actual_fact_id": shift(p["actual_fact_id"], facts)}
            for p in found.pairs
        ]  # fmt: skip
        self.insert(db, rows, pairs)


def _ids_json(ids: list[int]) -> str | None:
    return json.dumps(ids) if ids else None


def finish_checks(db: sqlite_utils.Database, ids: CheckIds) -> dict[int, str]:
    """What needs two documents (a unit's 预算 and 决算 of one year), then the indexes and
    the summary view. Returns the documents whose cross checks could not run."""
    failed: dict[int, str] = {}
    conn = db.conn
    extra, cross = _cross_documents(conn, failed)
    by_id = {d.id: d for d in iter_documents(conn, list(extra))} if extra else {}
    ids.insert(
        db,
        [check_row(0, by_id[i], r) for i, results in extra.items() for r in results],
        [budget_row(0, p) for p in cross],
    )
    _checks_learn_units(db)
    create_check_indexes(db)
    db.execute(f"drop view if exists {SUMMARY_VIEW}")
    db.execute(SUMMARY_SQL)
    return failed


def _checks_learn_units(db: sqlite_utils.Database) -> None:
    """Each check carries its document's unit, region and sector (kb.units), for facets."""
    if "unit_id" not in db["documents"].columns_dict:
        return
    assignments = ", ".join(f"{c} = documents.{c}" for c in UNIT_COLUMNS)
    db.execute(
        f"update {CHECKS_TABLE} set {assignments} from documents"
        f" where documents.id = {CHECKS_TABLE}.document_id"
    )


def _cross_documents(
    conn, failed: dict[int, str]
) -> tuple[dict[int, list[CheckResult]], list[BudgetActual]]:
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
        "facts": list(result.facts),
    }


def stored_check_row(number: int, document: DocumentData, result: CheckResult) -> dict:
    """A check as the checks table holds it (its fact ids as JSON)."""
    row = check_row(number, document, result)
    return {**row, "facts": _ids_json(row["facts"])}


def budget_row(number: int, pair: BudgetActual) -> dict:
    return {"id": number, **pair.to_row()}


def create_check_indexes(db: sqlite_utils.Database) -> None:
    """The indexes readers filter checks by, created once all rows are in: status before
    document, so a document's failed checks are read without its others (kb.ask)."""
    for columns in (
        ["document_id"],
        ["check"],
        ["status", "document_id"],
        ["unit", "year"],
        ["segment_id"],
    ):
        db[CHECKS_TABLE].create_index(columns, if_not_exists=True)
    for columns in (["unit", "year"], ["document_id"], ["item_key"], ["code"]):
        db[BUDGET_TABLE].create_index(columns, if_not_exists=True)
