"""Snippets that highlight the query's words in the original text, not the folded one.

A term is found in the original text by a regular expression that allows, between its
characters, anything folding ignores (spaces, line breaks, quotes, brackets) and accepts for
each character every character that folds to it (full-width forms, capitals). When that
cannot find what the folded text holds (characters that fold to several), the text is
folded character by character and the positions mapped back.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..index.fold import fold, fold_char

OPEN, CLOSE = "【", "】"
PAIRS = {
    "“": "”",
    "‘": "’",
    "（": "）",
    "(": ")",
    "【": "】",
    "[": "]",
    "《": "》",
    "〈": "〉",
    "「": "」",
    "『": "』",
}
CLOSERS = {close: open_ for open_, close in PAIRS.items()}

_IDENTITY_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xAC00, 0xD7A3))


@lru_cache(maxsize=1)
def _reverse_fold() -> tuple[str, dict[str, str]]:
    """A regex class of the characters folding removes, and for each folded character the
    class of the (BMP) characters that fold to it."""
    ignored: list[int] = []
    sources: dict[str, list[int]] = {}
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF or any(lo <= code <= hi for lo, hi in _IDENTITY_RANGES):
            continue
        folded = fold_char(chr(code))
        if folded == "":
            ignored.append(code)
        elif len(folded) == 1 and folded != chr(code):
            sources.setdefault(folded, []).append(code)
    classes = {char: _char_class([ord(char), *codes]) for char, codes in sources.items()}
    return _char_class(ignored), classes


def _char_class(codes: list[int]) -> str:
    codes = sorted(set(codes))
    parts = []
    start = prev = codes[0]
    for code in [*codes[1:], None]:
        if code is not None and code == prev + 1:
            prev = code
            continue
        parts.append(f"\\U{start:08x}" if start == prev else f"\\U{start:08x}-\\U{prev:08x}")
        if code is not None:
            start = prev = code
    return "[" + "".join(parts) + "]"


@lru_cache(maxsize=256)
def _pattern(needle: str) -> re.Pattern:
    ignored, classes = _reverse_fold()
    between = ignored + "*"
    parts = [classes.get(char) or re.escape(char) for char in needle]
    return re.compile("(?=(" + between.join(parts) + "))")


def _folded_with_positions(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, its index in the original."""
    chars: list[str] = []
    positions: list[int] = []
    for index, char in enumerate(text):
        for folded in fold_char(char):
            chars.append(folded)
            positions.append(index)
    return "".join(chars), positions


def find_spans(text: str, needles: list[str]) -> list[tuple[int, int]]:
    """Original-text spans of every occurrence of each needle (folded terms)."""
    needles = [n for n in dict.fromkeys(fold(n) for n in needles) if n]
    spans = []
    missed = False
    for needle in needles:
        found = [m.span(1) for m in _pattern(needle).finditer(text)]
        missed = missed or not found
        spans.extend(found)
    if missed and any(needle in fold(text) for needle in needles):
        flat, positions = _folded_with_positions(text)
        spans = []
        for needle in needles:
            start = flat.find(needle)
            while start != -1:
                spans.append((positions[start], positions[start + len(needle) - 1] + 1))
                start = flat.find(needle, start + 1)
    return _merge(sorted(_balance(text, span) for span in spans))


def _balance(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """Widen a span by the quote or bracket that pairs with one inside it: “三公”经费 is
    marked as 【“三公”经费】, not “【三公”经费】."""
    start, end = span
    inside = text[start:end]
    if start > 0 and text[start - 1] in PAIRS and PAIRS[text[start - 1]] in inside:
        closer = PAIRS[text[start - 1]]
        if inside.count(closer) > inside.count(text[start - 1]):
            start -= 1
    if end < len(text) and text[end] in CLOSERS and CLOSERS[text[end]] in inside:
        opener = CLOSERS[text[end]]
        if inside.count(opener) > inside.count(text[end]):
            end += 1
    return start, end


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, needles: list[str], open_: str = OPEN, close: str = CLOSE) -> str:
    """The whole text with every match marked."""
    out = []
    cursor = 0
    for start, end in find_spans(text, needles):
        out.append(text[cursor:start] + open_ + text[start:end] + close)
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


def snippet(
    text: str, needles: list[str], width: int = 60, open_: str = OPEN, close: str = CLOSE
) -> str:
    """A window of the text around the first match, with every match in it marked."""
    text = " ".join(text.split())
    spans = find_spans(text, needles)
    if not spans:
        return text[: width * 2] + ("…" if len(text) > width * 2 else "")
    first = spans[0][0]
    start = max(0, first - width // 2)
    end = min(len(text), start + width * 2)
    out = ["…" if start > 0 else ""]
    cursor = start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        out.append(text[cursor:span_start] + open_ + text[span_start:span_end] + close)
        cursor = span_end
    out.append(text[cursor:end] + ("…" if end < len(text) else ""))
    return "".join(out)
