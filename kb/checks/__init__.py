"""Checks: where a disclosure contradicts itself, what it leaves out, and budget against actual.

``write_checks(db)`` runs every check on a built database and writes the ``checks``
table, the ``budget_vs_actual`` table and the ``check_summary`` view. A build runs a
document's own checks where it was read (``rows_to_checks``), writes them with its rows
(``CheckIds``) and adds what needs two documents at the end (``finish_checks``).
``CHECKS`` lists the check names (the values of ``checks.check``) with their Chinese
labels; the names are stable. One module per family: ``within`` and ``hierarchy``
(arithmetic inside a table), ``across`` (the same figure in different tables),
``three_public`` and ``narrative`` (the 情况说明 against the tables and itself),
``completeness`` (which tables are published), ``budget_actual`` (预算 against 决算).
"""

from __future__ import annotations

from .model import FAIL, PASS, STATUSES, UNVERIFIABLE, CheckResult
from .names import CHECK_NAMES, CHECKS, CheckName
from .run import document_to_checks, documents_to_outcome
from .writer import (
    CheckIds,
    DocumentChecks,
    create_check_tables,
    finish_checks,
    rows_to_checks,
    write_checks,
)

__all__ = [
    "CHECKS",
    "CheckIds",
    "DocumentChecks",
    "create_check_tables",
    "finish_checks",
    "rows_to_checks",
    "CHECK_NAMES",
    "FAIL",
    "PASS",
    "STATUSES",
    "UNVERIFIABLE",
    "CheckName",
    "CheckResult",
    "document_to_checks",
    "documents_to_outcome",
    "write_checks",
]
