"""Snippets that highlight the query's words in the original text, not the tokenised one."""

from __future__ import annotations

from .tokens import DECORATION

OPEN, CLOSE = "【", "】"


def _normalised_with_positions(text: str) -> tuple[str, list[int]]:
    """The normalised text and, for each of its characters, its index in the original."""
    chars: list[str] = []
    positions: list[int] = []
    for index, char in enumerate(text):
        if not DECORATION.fullmatch(char):
            chars.append(char)
            positions.append(index)
    return "".join(chars), positions


def find_spans(text: str, needles: list[str]) -> list[tuple[int, int]]:
    """Original-text spans of every occurrence of each normalised needle."""
    flat, positions = _normalised_with_positions(text)
    spans = []
    for needle in filter(None, needles):
        start = flat.find(needle)
        while start != -1:
            end = start + len(needle) - 1
            spans.append((positions[start], positions[end] + 1))
            start = flat.find(needle, start + 1)
    return _merge(sorted(spans))


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def snippet(text: str, needles: list[str], width: int = 60, open_: str = OPEN, close: str = CLOSE) -> str:
    """A window of the text around the first match, with every match in it marked."""
    text = " ".join(text.split())
    spans = find_spans(text, needles)
    if not spans:
        return text[:width * 2] + ("…" if len(text) > width * 2 else "")
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
