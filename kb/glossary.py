"""Glossary terms (名词解释): numbered items of a term and its definition."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Line

GLOSSARY_PART = re.compile(r"名词解释")
ITEM = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d{1,2}\s*[、.．])\s*(.+)$")
BOLD_TERM = re.compile(r"^\*\*(.+?)\*\*\s*[：:]?\s*(.*)$")
PLAIN_TERM = re.compile(r"^([^：:。，,]{1,30}?)\s*[：:]\s*(.*)$")


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

    def add(self, line: Line, text: str) -> None:
        raw = line.text.strip().replace("\u3000", " ")
        item = ITEM.match(raw)
        if item:
            term, definition = _split_term(item.group(1))
            if term:
                self.items.append(GlossaryItem(text, line.number, line.page, term, definition))
                return
        last = self.items[-1] if self.items else None
        if last is not None and last.term and not _ends_sentence(last.definition or ""):
            last.definition = (last.definition or "") + text
            return
        self.items.append(GlossaryItem(text, line.number, line.page))

    def finish(self) -> list[GlossaryItem]:
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
