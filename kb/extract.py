"""A document's segments to facts: its tables through the table normaliser, its
paragraphs through the narrative reader. The two readers are kept apart; this module
only routes segments to them and gives narrative amounts the fact shape."""

from __future__ import annotations

from .facts import Fact, TableFacts, table_to_facts
from .model import Segment
from .narrative import canonical_item, paragraph_to_amounts

NARRATIVE = "情况说明"


def segment_to_facts(segment: Segment, kind: str | None, year: int | None = None) -> TableFacts:
    if segment.kind == "table" and segment.table is not None:
        result = table_to_facts(segment.table, kind, year)
        for fact in result.facts:
            fact.page = fact.page if fact.page is not None else segment.page
        return result
    if segment.kind == "paragraph" and segment.section != "目录":
        return TableFacts(facts=[_narrative_fact(a, segment) for a in paragraph_to_amounts(segment.text, kind)])
    return TableFacts()


def _narrative_fact(amount, segment: Segment) -> Fact:
    return Fact(
        statement=NARRATIVE,
        item=amount.item,
        measure=amount.measure,
        amount=round(amount.amount, 6),
        source="narrative",
        line=segment.line,
        page=segment.page,
        printed=amount.phrase,
        note=amount.note,
        item_key=canonical_item(amount.item),
    )
