"""Stage 3, facts: a document's segments to normalised figures in 万元.

Tables go through the table normaliser (``tables``, with ``columns`` for what each
column holds, ``labels`` for a row's subject, ``placement`` for columns only arithmetic
can decide, ``three_public`` and ``forms`` for their own table shapes); paragraphs
through the narrative reader (``narrative``). The two readers are kept apart; this module
routes segments to them and gives narrative amounts the fact shape.
"""

from __future__ import annotations

from ..model import Document, Segment
from ..vocabulary import NARRATIVE, canonical_item
from .model import FLAGS, Fact, TableFacts, Unplaced
from .narrative import NarrativeAmount, paragraph_to_amounts
from .ocr import mark_ocr_facts
from .tables import table_to_facts

__all__ = [
    "FLAGS",
    "Fact",
    "TableFacts",
    "Unplaced",
    "document_to_facts",
    "segment_to_facts",
    "table_to_facts",
]


def document_to_facts(document: Document) -> list[TableFacts]:
    """The facts of each segment of the document, in segment order (those of pages read
    by OCR marked as such)."""
    meta = document.metadata
    facts = [segment_to_facts(segment, meta.kind, meta.year) for segment in document.segments]
    mark_ocr_facts(document, facts)
    return facts


def segment_to_facts(segment: Segment, kind: str | None, year: int | None = None) -> TableFacts:
    if segment.kind == "table" and segment.table is not None:
        result = table_to_facts(segment.table, kind, year)
        for fact in result.facts:
            fact.page = fact.page if fact.page is not None else segment.page
        return result
    if segment.kind == "paragraph" and segment.section != "目录":
        return TableFacts(
            facts=[_narrative_fact(a, segment) for a in paragraph_to_amounts(segment.text, kind)]
        )
    return TableFacts()


def _narrative_fact(amount: NarrativeAmount, segment: Segment) -> Fact:
    fact = Fact(
        statement=NARRATIVE,
        item=amount.item,
        measure=amount.measure,
        amount=round(amount.amount, 6),
        source="narrative",
        line=segment.line,
        page=segment.page_at(amount.start),
        printed=amount.phrase,
        item_key=canonical_item(amount.item),
    )
    if amount.flag:
        fact.flag(amount.flag, amount.note)
    return fact
