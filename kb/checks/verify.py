"""Whether the table arithmetic bears out each figure read by OCR: one that a passing check
rests on and no failing check does is verified; any other is not (a failing sum cannot say
which of its figures was misread, so none of them is trusted)."""

from __future__ import annotations

from ..store import DocumentRows
from .model import FAIL, PASS

OCR = "ocr"


def verify_ocr_facts(rows: DocumentRows, checks: list[dict]) -> None:
    """Set ``verified`` (1 or 0) on the document's OCR facts from its own checks' results;
    the checks cite facts by their number in ``rows.facts``, from 1."""
    if not any(fact["source"] == OCR for fact in rows.facts):
        return
    passed: set[int] = set()
    failed: set[int] = set()
    for check in checks:
        if check["status"] == PASS:
            passed.update(check["facts"])
        elif check["status"] == FAIL:
            failed.update(check["facts"])
    for number, fact in enumerate(rows.facts, 1):
        if fact["source"] == OCR:
            fact["verified"] = int(number in passed and number not in failed)
