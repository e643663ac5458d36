"""Which standard tables a disclosure publishes, prints empty, or leaves out.

预算 and 决算 公开 each have a required set of tables (an empty table must still be
published, with a note saying there was no such money). A table the document's own
table of contents (or its list of tables) names but the body does not contain is a
finding of its own. Tables a document says it publishes as an attachment (详见附件)
cannot be seen here and are left unverifiable.
"""

from __future__ import annotations

import re

from ..vocabulary import REQUIRED, classify_statement, statement_label
from .load import DocumentData, Paragraph
from .model import FAIL, PASS, UNVERIFIABLE, CheckResult
from .narrative import section_to_statement

PRESENT, EMPTY, MISSING = "present", "empty", "missing"
_KEYWORDS = {"政府性基金": "政府性基金", "国有资本经营": "国有资本", "三公经费表": "三公"}
_NONE_SAID = re.compile(r"无|未安排|没有|空表|不涉及|(?<![\d.])0(?:\.0+)?\s*万元")
_ATTACHMENT = re.compile(r"(?:详)?见附件")
_LISTED_LINE = re.compile(r"表(?:[（(][^）)]{0,12}[）)])?$")


def presence_of(document: DocumentData, statement: str) -> str:
    tables = [t for t in document.tables if t.statement == statement]
    if not tables:
        return MISSING
    return EMPTY if all(t.is_empty for t in tables) else PRESENT


def says_none(document: DocumentData, statement: str) -> bool:
    """Does the document say it has no money of this kind (so an empty table is explained)?

    Its 情况说明 chapter on the table states only zeros, or a sentence naming the kind
    of money says 无 / 未安排 / 空表; a chapter stating a non-zero figure says otherwise.
    """
    keyword = _KEYWORDS.get(statement)
    if keyword is None:
        return False
    stated = [
        f.amount
        for f in document.narrative
        if section_to_statement(f.section) == statement and f.measure in (document.measure, "合计")
    ]
    if any(abs(amount) > 1e-9 for amount in stated):
        return False
    return bool(stated) or any(
        keyword in p.text and _NONE_SAID.search(p.text)
        for p in document.paragraphs
        if p.kind == "paragraph"
    )


def attachment_said(document: DocumentData) -> bool:
    return any(_ATTACHMENT.search(p.text) and len(p.text) < 60 for p in document.paragraphs)


def listed_tables(document: DocumentData) -> dict[str, Paragraph]:
    """Standard tables named by the table of contents or a list of tables, with where."""
    listed: dict[str, Paragraph] = {}
    for paragraph in document.paragraphs:
        if "说明" in paragraph.section.split(" > ")[0] or "名词" in paragraph.section:
            continue
        toc = paragraph.section.startswith("目录") or paragraph.text.startswith(("目 录", "目录"))
        lines = paragraph.text.splitlines() if toc else [paragraph.text]
        for line in lines:
            line = line.strip().lstrip("-•· ").strip()
            if not line or len(line) > 40 or not _LISTED_LINE.search(line):
                continue
            statement = classify_statement(line)
            if statement:
                listed.setdefault(statement, paragraph)
    return listed


def document_to_completeness_checks(document: DocumentData) -> list[CheckResult]:
    kind = document.kind if document.kind in REQUIRED else None
    listed = listed_tables(document)
    attached = attachment_said(document)
    results: list[CheckResult] = []
    for statement in REQUIRED.get(kind or "", ()):
        results.append(_required(document, statement, kind or "", statement in listed, attached))
    for statement, where in listed.items():
        results.append(_listed(document, statement, where, attached))
    return results


def _required(
    document: DocumentData, statement: str, kind: str, listed: bool, attached: bool
) -> CheckResult:
    label = statement_label(statement)
    presence = presence_of(document, statement)
    table = document.main_table(statement)
    if presence == PRESENT and table is not None:
        status, detail = PASS, f"已公开{table.name}，表中有数据。"
    elif presence == EMPTY and table is not None:
        if says_none(document, statement):
            status, detail = PASS, f"{table.name}为空表，文件说明本年无此项收支。"
        else:
            status, detail = (
                UNVERIFIABLE,
                f"{table.name}为空表，文件未说明原因，无法判断是否应有数据。",
            )
    elif attached:
        status = UNVERIFIABLE
        detail = f"正文中未见{label}；文件称表格详见附件，附件不在本库中，无法确认是否公开。"
    else:
        status = FAIL
        detail = f"{kind}公开应包含{label}，文件中未见该表。"
        if listed:
            detail += "文件目录列有此表。"
        if says_none(document, statement):
            detail += "情况说明称无此项收支，但按规定无数据也应公开空表并说明。"
    return CheckResult(
        check="必备表格",
        status=status,
        subject=label,
        detail=detail,
        statement=statement,
        segment_id=table.segment_id if table else None,
        page=table.page if table else None,
        line=table.line if table else None,
        presence=presence,
    )


def _listed(
    document: DocumentData, statement: str, where: Paragraph, attached: bool
) -> CheckResult:
    label = statement_label(statement)
    presence = presence_of(document, statement)
    table = document.main_table(statement)
    if presence != MISSING and table is not None:
        status, detail = PASS, f"目录所列{label}在正文中可见（{table.name}）。"
    elif attached:
        status = UNVERIFIABLE
        detail = f"文件列有{label}，并称表格详见附件；附件不在本库中，无法确认。"
    else:
        status, detail = FAIL, f"文件目录列有{label}，正文中却没有该表。"
    return CheckResult(
        check="目录所列表格",
        status=status,
        subject=label,
        detail=detail,
        statement=statement,
        segment_id=table.segment_id if table else where.segment_id,
        page=table.page if table else where.page,
        line=table.line if table else where.line,
        presence=presence,
    )
