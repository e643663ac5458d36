"""A table row's subject: its code (类/款/项 cells joined) and its item name, cleaned of
list numbering (一、 （二） 3.) and 其中."""

from __future__ import annotations

import re

from ..vocabulary import despace
from .columns import Group

NUMBERING = re.compile(
    r"^(?:其中[：:]?|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[、.．](?!\d))+"
)
CODE = re.compile(r"^(\d{3}(?:\d{2}){0,2})$")
CODE_PREFIX = re.compile(r"^(\d{3}(?:\d{2}){0,2})\s*(\D.*)$")


def clean_item(text: str) -> str:
    text = despace(text).replace("**", "")
    return NUMBERING.sub("", text) or text


def join_code(parts: list[str]) -> str | None:
    """类/款/项 parts (201 03 50) join into one code; two classifications side by side
    (30217 | 50206) keep the first."""
    parts = [p for p in parts if p]
    if not parts:
        return None
    if len(parts) > 1 and len(parts[0]) == 3 and all(len(p) == 2 for p in parts[1:]):
        return "".join(parts)
    return parts[0]


def row_label(group: Group, row: list[str]) -> tuple[str | None, str | None]:
    """The (code, item) a row of a group is about, joining 类/款/项 code cells."""
    code = join_code([despace(row[c.index]) for c in group.codes if c.index < len(row)])
    names = [row[c.index] for c in group.names if c.index < len(row) and row[c.index].strip()]
    item = clean_item(names[-1]) if names else None
    if item and not code:
        prefixed = CODE_PREFIX.match(despace(names[-1]))
        if prefixed:
            code, item = prefixed.group(1), clean_item(prefixed.group(2))
    if code and not CODE.match(code):
        # A label printed in the code column (合计, 人员经费合计) names the row.
        item = item or clean_item(code)
        code = None
    return code, item
