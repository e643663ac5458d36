"""Blocks to segments: headings with their section path, paragraphs, tables, glossary terms."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Line, Segment
from ..read.captions import CN_NUM, clean_text, heading_level, is_caption_line
from ..read.layouts import Block, TableBlock
from .glossary import GLOSSARY_PART, GLOSSARY_TITLE, GlossaryReader
from .tables import block_to_table

TOC_TITLE = re.compile(r"^目\s*录$")
# Dot leaders and the page number of a contents line: 第一部分 部门概况 ……… 3
TOC_LEADER = re.compile(r"[\s.…·．。\-—_]*\d*\s*$")
LIST_ITEM = re.compile(r"^\s*[-•]\s+\S")
SENTENCE_END = "。！？；：:…"


@dataclass
class _State:
    segments: list[Segment] = field(default_factory=list)
    sections: dict[int, str] = field(default_factory=dict)
    paragraph: list[Line] = field(default_factory=list)
    pending_caption: list[Line] = field(default_factory=list)
    in_toc: bool = False
    toc_first_part: str | None = None
    toc_lines: list[Line] = field(default_factory=list)
    glossary: GlossaryReader | None = None
    glossary_level: int = 1
    last_heading: str | None = None

    @property
    def section(self) -> str:
        return " > ".join(self.sections[k] for k in sorted(self.sections))


def blocks_to_segments(blocks: list[Block]) -> list[Segment]:
    state = _State()
    for block in blocks:
        if isinstance(block, TableBlock):
            _flush_toc(state)  # a contents page holds no tables
            _flush_paragraph(state, keep_captions=True)
            _add_table(state, block)
        else:
            _add_line(state, block.line)
    _flush_paragraph(state)
    _flush_glossary(state)
    _flush_toc(state)
    for position, segment in enumerate(state.segments, start=1):
        segment.position = position
    return state.segments


def _add_line(state: _State, line: Line) -> None:
    text = clean_text(line.text)
    for step in (_in_toc, _blank, _toc_title, _list_item, _glossary):
        if step(state, line, text):
            return
    level = heading_level(text)
    if level is not None and not _continues_paragraph(state, text):
        _flush_paragraph(state)
        _add_heading(state, line, text, level)
    elif _continues_paragraph(state, text):
        state.paragraph.append(line)
    else:
        _flush_paragraph(state)
        state.paragraph = [line]


# Each step below takes a line when it is of its kind (returns True), or leaves it.


def _in_toc(state: _State, line: Line, text: str) -> bool:
    if not state.in_toc:
        return False
    if _is_toc_end(state, text) or _is_sentence(text):
        _flush_toc(state)
        return False
    if text:
        state.toc_lines.append(line)
    return True


def _blank(state: _State, line: Line, text: str) -> bool:
    if text:
        return False
    # A blank line ends a paragraph unless the sentence visibly continues.
    if state.paragraph and _ends_sentence(state.paragraph[-1].text):
        _flush_paragraph(state)
    return True


def _toc_title(state: _State, line: Line, text: str) -> bool:
    if not TOC_TITLE.match(text.replace(" ", "")):
        return False
    _flush_paragraph(state)
    state.in_toc = True
    state.toc_lines = [line]
    return True


def _list_item(state: _State, line: Line, text: str) -> bool:
    if not LIST_ITEM.match(line.text):
        return False
    # Markdown list items (a table list under 第二部分) are content, not headings.
    if not (state.paragraph and LIST_ITEM.match(state.paragraph[-1].text)):
        _flush_paragraph(state)
    state.paragraph.append(line)
    return True


def _glossary(state: _State, line: Line, text: str) -> bool:
    """Part headings around the 名词解释, its title, and its terms."""
    level = heading_level(text)
    if state.glossary is not None and level is not None and level <= state.glossary_level:
        if not re.search(r"[：:]", text):
            _flush_glossary(state)  # the next part or chapter after the glossary
    if level == 1 or (level is not None and GLOSSARY_PART.search(text) and state.glossary is None):
        _flush_paragraph(state)
        _flush_glossary(state)
        _add_heading(state, line, text, level)
        if GLOSSARY_PART.search(text):
            state.glossary = GlossaryReader()
            state.glossary_level = level
        return True
    if state.glossary is None and GLOSSARY_TITLE.match(text.replace(" ", "")):
        _flush_paragraph(state)
        _add_heading(state, line, text, 2)
        state.glossary = GlossaryReader()
        state.glossary_level = 1
        return True
    if state.glossary is not None:
        state.glossary.add(line, text)
        return True
    return False


def _continues_paragraph(state: _State, text: str) -> bool:
    if not state.paragraph:
        return False
    previous = clean_text(state.paragraph[-1].text)
    if _ends_sentence(previous) or len(previous) < 15 or LIST_ITEM.match(state.paragraph[-1].text):
        return False
    if is_caption_line(previous) or is_caption_line(text):
        return False
    return heading_level(text) is None and not re.match(
        rf"^(?:[{CN_NUM}]+、|[（(][{CN_NUM}\d]+[）)]|\d+[、.．])", text
    )


def _ends_sentence(text: str) -> bool:
    text = clean_text(text)
    return not text or text[-1] in SENTENCE_END


def _is_toc_end(state: _State, text: str) -> bool:
    """The body starts where the first part listed in the contents is printed again."""
    entry = TOC_LEADER.sub("", text).replace(" ", "")
    if heading_level(entry) != 1:
        return False
    if state.toc_first_part is None:
        state.toc_first_part = entry
        return False
    return entry == state.toc_first_part


def _is_sentence(text: str) -> bool:
    """Contents lines never end a sentence; prose does (PDFs without 第X部分 parts)."""
    return len(text) > 20 and text.endswith("。")


def _flush_toc(state: _State) -> None:
    if state.toc_lines:
        first = state.toc_lines[0]
        text = "\n".join(clean_text(ln.text) for ln in state.toc_lines)
        state.segments.append(Segment("paragraph", text, "目录", first.number, first.page))
    state.toc_lines = []
    state.in_toc = False


def _add_heading(state: _State, line: Line, text: str, level: int) -> None:
    for deeper in [k for k in state.sections if k >= level]:
        del state.sections[deeper]
    state.sections[level] = text
    state.last_heading = text
    state.segments.append(
        Segment("heading", text, state.section, line.number, line.page, level=level)
    )


def _flush_paragraph(state: _State, keep_captions: bool = False) -> None:
    lines, state.paragraph = state.paragraph, []
    if keep_captions:
        # Caption lines directly above a table belong to the table.
        while (
            lines and is_caption_line(clean_text(lines[-1].text)) and len(state.pending_caption) < 6
        ):
            state.pending_caption.insert(0, lines.pop())
        for earlier in reversed(_trailing_caption_paragraphs(state)):
            state.pending_caption.insert(0, earlier)
    if not lines:
        return
    joiner = "\n" if LIST_ITEM.match(lines[0].text) else ""
    pieces = [clean_text(ln.text) for ln in lines]
    text = joiner.join(pieces)
    segment = Segment("paragraph", text, state.section, lines[0].number, lines[0].page)
    offset = 0
    for line, piece in zip(lines, pieces, strict=True):
        if line.page is not None and line.page != segment.page_at(offset):
            segment.page_starts.append((offset, line.page))
        offset += len(piece) + len(joiner)
    state.segments.append(segment)


def _trailing_caption_paragraphs(state: _State) -> list[Line]:
    """Caption lines separated by blank lines were stored as one-line paragraphs."""
    taken: list[Line] = []
    while (
        state.segments
        and state.segments[-1].kind == "paragraph"
        and state.segments[-1].section == state.section
        and is_caption_line(state.segments[-1].text)
        and len(taken) < 6
    ):
        segment = state.segments.pop()
        taken.insert(0, Line(segment.text, segment.line, segment.page))
    return taken


def _add_table(state: _State, block: TableBlock) -> None:
    if not any(cell for row in block.rows for cell in row) and not block.caption:
        return  # a stray empty cell, not a table
    caption = [clean_text(ln.text) for ln in state.pending_caption]
    first_line = state.pending_caption[0].number if state.pending_caption else block.line
    state.pending_caption = []
    table = block_to_table(block, caption, state.last_heading)
    text = _table_text(table)
    state.segments.append(
        Segment("table", text, state.section, first_line, block.page, table=table)
    )


def _table_text(table) -> str:
    parts = [p for p in (table.number, table.title) if p]
    rows = table.header + table.rows
    parts.extend(" ".join(cell for cell in row if cell) for row in rows)
    return "\n".join(p for p in parts if p)


def _flush_glossary(state: _State) -> None:
    if state.glossary is None:
        return
    for item in state.glossary.finish():
        if item.term is None:
            state.segments.append(
                Segment("paragraph", item.text, state.section, item.line, item.page)
            )
        else:
            state.segments.append(
                Segment(
                    "glossary",
                    f"{item.term}：{item.definition}",
                    state.section,
                    item.line,
                    item.page,
                    term=item.term,
                    definition=item.definition,
                )
            )
    state.glossary = None
