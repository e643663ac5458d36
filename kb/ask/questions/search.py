"""Questions that are not about a figure: ``什么是三公经费``, or text naming no item —
answered by the library's full-text search (``kb.search``)."""

from __future__ import annotations

import logging

from ...search import search
from ..interpretation import Interpretation
from .base import QuestionType

log = logging.getLogger(__name__)
LIMIT = 20


class SearchQuestion(QuestionType):
    name = "search"
    slots = ("define", "unrecognised", "items", "units", "years")

    def recognises(self, interp: Interpretation) -> bool:
        if interp.define and not (interp.group or interp.order or interp.side):
            return True
        if interp.items or interp.code_system or interp.level:
            return False
        return bool(interp.units or interp.unrecognised or interp.define)

    def how(self, interp: Interpretation) -> str:
        return "全文检索"

    def run(self, conn, answer, links, max_rows: int) -> None:
        interp = answer.interpretation
        terms = list(interp.unrecognised)
        if interp.define or not terms:
            terms += [i.label for i in interp.items]
        if not terms and interp.units:
            terms = [interp.units[0]]
        text = " ".join(terms)
        answer.template = "search"
        answer.sql = None
        answer.params = {"query": text}
        hits = []
        if text:
            try:
                hits = search(
                    conn, text, limit=LIMIT * 5 if (interp.units or interp.years) else LIMIT
                )
            except Exception as error:  # the search index may be older or newer than this code
                log.warning("search %r failed: %s", text, error)
        if interp.units:
            hits = [h for h in hits if h.unit in interp.units]
        if interp.years:
            hits = [h for h in hits if h.year in interp.years]
        hits = hits[:LIMIT]
        answer.columns = ["unit", "year", "kind", "section", "snippet", "segment_id"]
        for h in hits:
            answer.rows.append(
                [h.unit, h.year, h.document_kind, h.section, h.snippet, h.segment_id]
            )
            answer.sources.append(
                [
                    {
                        "segment_id": h.segment_id,
                        "url": links.row("segments", h.segment_id),
                        "page": h.page,
                        "line": h.line,
                    }
                ]
            )
        if hits:
            answer.summary = f"没有识别出数字问题，按全文检索“{text}”找到 {len(hits)} 段。"
        else:
            interp.problem = "not_understood"
            interp.template = None
            answer.status = 422


QUESTION = SearchQuestion()
