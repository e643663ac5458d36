"""What a line of a disclosure looks like: a heading of some level, or a caption line
printed above a table (its number, title, unit, issuing unit or year).

Both the readers (to tell a PDF table's caption from page text) and the segmenter (to
build sections and give a table its caption) decide by these shapes.
"""

from __future__ import annotations

import re

CN_NUM = "一二三四五六七八九十"
HEADING_PATTERNS = (
    (1, re.compile(rf"^第[{CN_NUM}]+部分")),
    (2, re.compile(rf"^[{CN_NUM}]+、")),
    (3, re.compile(rf"^[（(][{CN_NUM}]+[）)]")),
    (4, re.compile(r"^\d{1,2}\s*[、.．](?!\d)")),
)
MAX_HEADING = 60

TABLE_NUMBER = re.compile(
    r"^(?:预算表\s*\d+|公开\s*\d+\s*表|表\s*\d+(?:[-－]\d+)?|附表\s*\d+|[\w（）()]{0,8}表\s*\d+)$"
)
UNIT = re.compile(r"(?:金额)?单位\s*[：:]\s*(万元|千元|亿元|元)")
ISSUER = re.compile(r"^(?:编制部门|编制单位|部门|单位名称|预算单位)(?:（单位）)?\s*[：:]")
TITLE = re.compile(r"^[^，。；]{2,60}(?:表|表（[^）]*）|表\([^)]*\))$")
YEAR_NOTE = re.compile(r"^[（(]\s*\d{4}\s*年度?\s*[）)]$")


def clean_text(text: str) -> str:
    text = text.replace("\u3000", " ").replace("**", "").strip()
    text = re.sub(r"\s{2,}", " ", text)
    return re.sub(r"^[-•]\s+", "", text)


def heading_level(text: str) -> int | None:
    if not text or len(text) > MAX_HEADING or text[-1] in "。；，,;":
        return None
    for level, pattern in HEADING_PATTERNS:
        if pattern.match(text):
            # A numbered item that is a whole sentence with figures is a paragraph.
            if level == 4 and re.search(r"\d+(?:\.\d+)?\s*万元", text):
                return None
            return level
    return None


def is_caption_line(text: str) -> bool:
    text = text.strip().lstrip("-").strip()
    if not text or len(text) > 80:
        return False
    return bool(
        TABLE_NUMBER.match(text)
        or UNIT.search(text)
        or ISSUER.match(text)
        or YEAR_NOTE.match(text)
        or (TITLE.match(text) and not re.match(r"^[一二三四五六七八九十]+、", text))
    )
