"""Figures read from a page's pixels: marked ``source='ocr'`` with the recogniser's
confidence (the lowest score of the text boxes holding its digits, or of the page's boxes
when none holds them whole), and flagged when its separators were repaired, so that nothing
read by OCR is ever shown as a plain fact. Whether a figure is
right is for the table arithmetic to say (``kb.checks.verify``)."""

from __future__ import annotations

import re

from ..model import Document, OcrBox
from .model import OCR_REPAIRED, TableFacts

OCR = "ocr"
_NOT_FIGURE = re.compile(r"[^\d.\-]")


def mark_ocr_facts(document: Document, facts: list[TableFacts]) -> None:
    for extracted in facts:
        for fact in extracted.facts:
            boxes = document.ocr.get(fact.page) if fact.page is not None else None
            if boxes is None:
                continue
            fact.source = OCR
            holding = _holding(fact.printed, boxes)
            scores = [b.score for b in holding or boxes]
            fact.confidence = round(min(scores), 3) if scores else None
            repaired = [b for b in holding if b.repaired_from]
            if repaired:
                fact.flag(
                    OCR_REPAIRED,
                    f"识别为“{repaired[0].repaired_from}”，按本页的小数位数读作{repaired[0].text}",
                )


def _holding(printed: str, boxes: list[OcrBox]) -> list[OcrBox]:
    """The boxes a figure's digits were read from (none when no box holds them whole)."""
    digits = _NOT_FIGURE.sub("", printed or "")
    return [b for b in boxes if digits and digits in _NOT_FIGURE.sub("", b.text)]
