"""Check rows as a report a reader can follow, one document at a time, or as JSON."""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass, field

from .load import connection_to_documents
from .names import CHECK_NAMES
from .run import documents_to_outcome
from .writer import CHECKS_TABLE, stored_check_row

STATUS_WORDS = {"pass": "通过", "fail": "不符", "unverifiable": "无法核对"}
PRESENCE_MARKS = {"present": "✓", "empty": "○空表", "missing": "✗缺失"}


@dataclass
class DocumentReport:
    document_id: int
    unit: str | None
    year: int | None
    kind: str | None
    filename: str | None
    rows: list[dict] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(r["status"] for r in self.rows)
        return {status: counted.get(status, 0) for status in STATUS_WORDS}

    def to_dict(self, statuses: tuple[str, ...]) -> dict:
        return {
            "document_id": self.document_id,
            "unit": self.unit,
            "year": self.year,
            "kind": self.kind,
            "filename": self.filename,
            "counts": self.counts,
            "tables": {r["subject"]: r["presence"] for r in self.rows if r["check"] == "必备表格"},
            "checks": [r for r in self.rows if r["status"] in statuses],
        }


def connection_to_rows(conn: sqlite3.Connection) -> list[dict]:
    """The stored checks, or, for a database built before checks existed, checks run now."""
    has_table = conn.execute(
        "select 1 from sqlite_master where type = 'table' and name = ?", (CHECKS_TABLE,)
    ).fetchone()
    if has_table:
        conn.row_factory = sqlite3.Row
        try:
            return [dict(r) for r in conn.execute(f"select * from {CHECKS_TABLE} order by id")]
        finally:
            conn.row_factory = None
    outcome = documents_to_outcome(connection_to_documents(conn))
    return [stored_check_row(n, d, r) for n, (d, r) in enumerate(outcome.checks, 1)]


def rows_to_reports(
    conn: sqlite3.Connection,
    rows: list[dict],
    unit: str | None = None,
    year: int | None = None,
    check: str | None = None,
) -> list[DocumentReport]:
    reports: dict[int, DocumentReport] = {}
    for document_id, d_unit, d_year, d_kind, filename in conn.execute(
        "select id, unit, year, kind, filename from documents order by id"
    ):
        if unit and unit not in (d_unit or ""):
            continue
        if year and d_year != year:
            continue
        reports[document_id] = DocumentReport(document_id, d_unit, d_year, d_kind, filename)
    for row in rows:
        report = reports.get(row["document_id"])
        if report is not None and (not check or row["check"] == check):
            report.rows.append(row)
    return list(reports.values())


def report_to_text(report: DocumentReport, show: tuple[str, ...]) -> str:
    title = f"{report.unit or '（单位不详）'} {report.year or ''}年{report.kind or ''}"
    lines = [f"{title}  [{report.filename}, 文件 {report.document_id}]"]
    tables = [r for r in report.rows if r["check"] == "必备表格"]
    if tables:
        marks = "  ".join(
            f"{r['subject']}{PRESENCE_MARKS.get(r['presence'] or '', '')}" for r in tables
        )
        lines.append(f"  表格：{marks}")
    counts = report.counts
    lines.append("  检查：" + "，".join(f"{STATUS_WORDS[s]} {counts[s]}" for s in STATUS_WORDS))
    order = {name: index for index, name in enumerate(CHECK_NAMES)}
    for status in ("fail", "unverifiable", "pass"):
        if status not in show:
            continue
        chosen = sorted(
            (r for r in report.rows if r["status"] == status),
            key=lambda r: order.get(r["check"], 99),
        )
        if not chosen:
            continue
        lines.append(f"  {STATUS_WORDS[status]}：")
        for row in chosen:
            where = _where(row)
            lines.append(f"    [{row['check']}] {row['detail']}{where}")
    if "pass" not in show:
        passed = Counter(r["check"] for r in report.rows if r["status"] == "pass")
        if passed:
            lines.append(
                "  通过："
                + "、".join(
                    f"{name}×{count}"
                    for name, count in sorted(
                        passed.items(), key=lambda item: order.get(item[0], 99)
                    )
                )
            )
    return "\n".join(lines)


def _where(row: dict) -> str:
    if row.get("page"):
        return f"（第{row['page']}页）"
    if row.get("line"):
        return f"（原文第{row['line']}行）"
    return ""
