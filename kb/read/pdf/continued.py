"""Pages to one stream of blocks: page furniture dropped, captions taken, tables joined.

The caption lines just above a table (table number, title, 编制部门, 单位：元) go
into its ``TableBlock.caption``, so each table keeps its own unit whatever state
the segmenter is in (a 目录 page that never closes would otherwise swallow them).

A table that runs on over a page break starts the next page with no caption of its
own and the same columns; its rows join the table above (a repeated heading is
dropped). Page numbers and running headers between the two parts would hide the
break, so they are dropped from the blocks first (they stay in the document's lines).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from ..captions import (
    ISSUER,
    TABLE_NUMBER,
    UNIT,
    YEAR_NOTE,
    clean_text,
    heading_level,
    is_caption_line,
)
from ..layouts import Block, TableBlock, TextBlock
from .codes import join_split_codes
from .grid import ISSUER_CELL, Grid
from .page import PageLayout, PageTable, PageText

PAGE_NUMBER = re.compile(
    r"^(?:[-—–\s]*\d{1,4}[-—–\s]*|第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)$"
)
COLUMN_TOLERANCE = 6.0  # points a column may move between the two pages of one table
RUNNING_MIN_PAGES = 3
MAX_CAPTION_LINES = 6
TITLE_END = re.compile(r"表(?:[（(][^）)]*[）)])?$")
TAIL = 8  # characters of a title's last line that cannot name a table alone (支出预算表, 算表)
LISTED = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")


@dataclass
class _Joined:
    grid: Grid
    page: int
    row_lines: list[int]
    row_pages: list[int] = field(default_factory=list)
    caption: list[str] = field(default_factory=list)


def layouts_to_blocks(layouts: list[PageLayout]) -> list[Block]:
    running = _running_lines(layouts)
    blocks: list[TextBlock | _Joined] = []
    for layout in layouts:
        page_start = len(blocks)
        # The table that ended the previous page, if nothing followed it there.
        previous = blocks[-1] if blocks and isinstance(blocks[-1], _Joined) else None
        # The cover is never running furniture, even when its unit heads every page.
        furniture = running if layout.number > 1 else set()
        for item in _without_furniture(layout.items, furniture):
            if isinstance(item, PageText):
                blocks.append(TextBlock(item.line))
                continue
            caption, issuers = _take_caption(blocks, item.page)
            if (
                previous is not None
                and len(blocks) == page_start
                and (not caption or _compact([caption]) == _compact([previous.caption]))
                and _continues(previous.grid, item.grid)
            ):
                _append(previous, item)  # a repeated caption and 部门 line are dropped
                continue
            blocks.extend(issuers)
            pages = [item.page] * len(item.row_lines)
            blocks.append(_Joined(item.grid, item.page, list(item.row_lines), pages, caption))
    return [_to_block(b) if isinstance(b, _Joined) else b for b in blocks]


def _running_lines(layouts: list[PageLayout]) -> set[str]:
    """Texts printed at the top or bottom of many pages: running headers and footers."""
    counts: Counter[str] = Counter()
    for layout in layouts:
        edge_texts = {
            _shape(item.line.text)
            for item in (layout.items[:1] + layout.items[-1:])
            if isinstance(item, PageText)
        }
        counts.update(edge_texts)
    needed = max(RUNNING_MIN_PAGES, len(layouts) // 3)
    return {text for text, count in counts.items() if count >= needed and text}


def _shape(text: str) -> str:
    """Running headers repeat exactly; a caption (表1, 表2 …) is never one."""
    return "" if is_caption_line(text) else re.sub(r"\s+", "", text)


def _is_furniture(item: PageText | PageTable, running: set[str]) -> bool:
    if not isinstance(item, PageText):
        return False
    text = item.line.text.strip()
    return not text or bool(PAGE_NUMBER.match(text)) or _shape(text) in running


def _without_furniture(
    items: list[PageText | PageTable], running: set[str]
) -> list[PageText | PageTable]:
    items = list(items)
    while items and _is_furniture(items[0], running):
        items.pop(0)
    while items and _is_furniture(items[-1], running):
        items.pop()
    return items


def _take_caption(
    blocks: list[TextBlock | _Joined], page: int
) -> tuple[list[str], list[TextBlock]]:
    """Pop the caption lines printed just above a table on its page.

    Lines that only name the issuing unit in a form ``block_to_table`` does not know
    (部门名称：…) stay text, placed after the caption.
    """
    caption: list[str] = []
    issuers: list[TextBlock] = []
    while blocks and len(caption) + len(issuers) < MAX_CAPTION_LINES:
        block = blocks[-1]
        if not isinstance(block, TextBlock) or block.line.page != page:
            break
        text = block.line.text.strip()
        wrapped = _wrapped_caption(blocks, page)
        if not wrapped and heading_level(clean_text(text)) is not None:
            break  # a part or section heading stays a heading
        if wrapped:
            caption.insert(0, wrapped)
            blocks.pop()
        elif is_caption_line(text):
            caption.insert(0, text)
        elif ISSUER_CELL.match(re.sub(r"\s+", "", text)) and len(text) <= 60:
            issuers.insert(0, block)
        else:
            break
        blocks.pop()
    return _nearest_title_first(caption), issuers


def _nearest_title_first(caption: list[str]) -> list[str]:
    """Of two title lines (a part title over the table's own), the nearer one names the table."""
    titles = [i for i, text in enumerate(caption) if _is_title(text)]
    if len(titles) < 2:
        return caption
    nearest = caption[titles[-1]]
    rest = [text for i, text in enumerate(caption) if i != titles[-1]]
    rest.insert(titles[0], nearest)
    return rest


def _is_title(text: str) -> bool:
    compact = re.sub(r"\s+", "", text)
    return not (
        UNIT.search(compact)
        or TABLE_NUMBER.match(compact)
        or ISSUER.match(compact)
        or YEAR_NOTE.match(compact)
    )


def _wrapped_caption(blocks: list[TextBlock | _Joined], page: int) -> str | None:
    """A title too long for one line: the last two lines make a caption only together, or
    the lower is only the title's tail (…“三公”经费、会议费、培训费 / 支出预算表, or a
    numbered heading 十一、一般公共预算“三公”经费…支出预 / 算表)."""
    lines = [b.line for b in blocks[-2:] if isinstance(b, TextBlock) and b.line.page == page]
    if len(lines) < 2:
        return None
    upper, lower = (re.sub(r"\s+", "", line.text) for line in lines)
    if is_caption_line(upper) or re.search(r"[。；！？]$", upper):
        return None
    tail = len(lower) <= TAIL and TITLE_END.search(lower)
    if not tail and (is_caption_line(lower) or heading_level(clean_text(upper))):
        return None
    joined = LISTED.sub("", upper) + lower
    return joined if is_caption_line(joined) and TITLE_END.search(joined) else None


def _continues(above: Grid, below: Grid) -> bool:
    if above.width != below.width or above.ruled != below.ruled:
        return False
    tolerance = COLUMN_TOLERANCE if below.ruled else 3 * COLUMN_TOLERANCE
    # Pages may sit a few points apart: compare where columns are relative to the first.
    shift = below.columns[0] - above.columns[0]
    if any(
        abs(b - a - shift) > tolerance for a, b in zip(above.columns, below.columns, strict=True)
    ):
        return False
    return True


def _repeated_header(above: Grid, below: Grid) -> int:
    """How many of the lower part's first rows repeat the table's header."""
    count = above.header
    if count and _compact(below.rows[:count]) == _compact(above.rows[:count]):
        return count
    return 0


def _compact(rows: list[list[str]]) -> list[list[str]]:
    return [[re.sub(r"\s+", "", c) for c in row] for row in rows]


def _append(joined: _Joined, part: PageTable) -> None:
    grid = part.grid
    skip = _repeated_header(joined.grid, grid)
    joined.grid = replace(
        joined.grid,
        rows=joined.grid.rows + grid.rows[skip:],
        row_tops=joined.grid.row_tops + grid.row_tops[skip:],
        row_bottoms=joined.grid.row_bottoms + grid.row_bottoms[skip:],
    )
    joined.row_lines += part.row_lines[skip:]
    joined.row_pages += [part.page] * (len(part.row_lines) - skip)


def _to_block(joined: _Joined) -> TableBlock:
    grid = join_split_codes(joined.grid)
    first_line = joined.row_lines[0] if joined.row_lines else 0
    return TableBlock(
        rows=grid.rows,
        row_lines=joined.row_lines,
        page=joined.page,
        line=first_line,
        caption=joined.caption,
        row_pages=joined.row_pages,
    )
