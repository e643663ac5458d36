"""Glossary terms (名词解释): numbered items of a term and its definition."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Line

GLOSSARY_PART = re.compile(r"名词解释")
# A line that is only the glossary's title (PDFs print it without a part number).
GLOSSARY_TITLE = re.compile(
    r"^(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分)?\s*(?:专业)?名词解释$"
)
ITEM = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]、?|\d{1,2}\s*[、.．])\s*(.+)$"
)
# An unnumbered term opening its line: 财政拨款收入：指财政当年拨付的资金。
UNNUMBERED = re.compile(
    r"^([^：:。，,；;“”\s（(][^：:。，,；;“”\s]{1,14})[：:]\s*((?:指|是|反映|包括|即).*)$"
)
BOLD_TERM = re.compile(r"^\*\*(.+?)\*\*\s*[：:]?\s*(.*)$")
PLAIN_TERM = re.compile(r"^([^：:。，,]{1,48}?)\s*[：:]\s*(.*)$")


@dataclass
class GlossaryItem:
    text: str
    line: int
    page: int | None
    term: str | None = None
    definition: str | None = None


class GlossaryReader:
    """Collects the lines of a 名词解释 part into terms, joining broken definitions."""

    def __init__(self) -> None:
        self.items: list[GlossaryItem] = []
        self.pending: tuple[Line, str, str] | None = None  # a numbered term broken before its colon

    def add(self, line: Line, text: str) -> None:
        raw = line.text.strip().replace("\u3000", " ")
        if self.pending is not None:
            first, body, first_text = self.pending
            self.pending = None
            term, definition = _split_term(body + raw)
            if term:
                self.items.append(
                    GlossaryItem(first_text + text, first.number, first.page, term, definition)
                )
                return
            self.items.append(GlossaryItem(first_text, first.number, first.page))
        item = ITEM.match(raw)
        if item:
            term, definition = _split_term(item.group(1))
            if term:
                self.items.append(GlossaryItem(text, line.number, line.page, term, definition))
                return
            if not re.search(r"[。；]$", raw):
                self.pending = (line, item.group(1), text)
                return
        last = self.items[-1] if self.items else None
        if last is not None and last.term and not _ends_sentence(last.definition or ""):
            last.definition = (last.definition or "") + text
            return
        unnumbered = UNNUMBERED.match(raw.replace("**", ""))
        if unnumbered:
            term, definition = unnumbered.group(1), unnumbered.group(2)
            self.items.append(GlossaryItem(text, line.number, line.page, term, definition))
            return
        self.items.append(GlossaryItem(text, line.number, line.page))

    def finish(self) -> list[GlossaryItem]:
        if self.pending is not None:
            first, _body, first_text = self.pending
            self.items.append(GlossaryItem(first_text, first.number, first.page))
            self.pending = None
        return self.items


def _split_term(body: str) -> tuple[str | None, str | None]:
    bold = BOLD_TERM.match(body)
    if bold:
        return bold.group(1).strip(), bold.group(2).replace("**", "").strip()
    plain = PLAIN_TERM.match(body.replace("**", ""))
    if plain:
        return plain.group(1).strip(), plain.group(2).strip()
    return None, None


def _ends_sentence(text: str) -> bool:
    return bool(text) and text.rstrip()[-1] in "。！？"
