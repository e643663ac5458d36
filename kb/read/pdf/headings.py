"""Column headings of a table without ruling lines, rebuilt from where they sit.

A heading over several columns (公务用车购置及运行费 over 小计/购置费/运行费) is
often narrower than the columns it spans, and a heading of a cell two rows high is
printed half-way down, between the lines of its neighbours. So a heading's share of
the width runs half-way to the nearest headings beside it (on any line it overlaps
in height); when two or more side-by-side headings sit below it inside that share,
it spans their columns. The other headings label one column each: pieces stacked in
one column (a label wrapped over lines, or printed a character a line) are joined.
"""

from __future__ import annotations

from dataclasses import dataclass

from .grid import is_column_number_row, join_cell_lines
from .lines import Chunk, PageLine, Slot


@dataclass
class _Heading:
    chunk: Chunk
    line: int  # index of its line among the heading lines
    top: float
    bottom: float
    first: int = -1  # columns it labels, first to last
    last: int = -1
    spanning: bool = False


def headings_to_rows(
    lines: list[PageLine], chunks: list[list[Chunk]], slots: list[Slot]
) -> list[list[str]]:
    """Header rows over the columns; ``slots`` gains a column for a heading over no figure."""
    numbers = []  # rows of column numbers (栏次 1 2 3) go last
    headings: list[_Heading] = []
    for index, (line, line_chunks) in enumerate(zip(lines, chunks, strict=True)):
        if is_column_number_row([c.text for c in line_chunks]):
            numbers.append(line_chunks)
            continue
        headings += [_Heading(c, index, line.top, line.bottom) for c in line_chunks]
    for heading in headings:
        heading.spanning = len(_columns_of(_under(heading, headings))) >= 2
    _place_labels([h for h in headings if not h.spanning], slots)
    for heading in sorted((h for h in headings if h.spanning), key=lambda h: -h.top):
        under = _under(heading, headings)
        heading.first = min(h.first for h in under)
        heading.last = max(h.last for h in under)
    rows = _spanning_rows(headings, len(slots))
    labels = _label_row(headings, len(slots))
    if any(labels):
        rows.append(labels)
    for line_chunks in numbers:
        row = [""] * len(slots)
        for chunk in line_chunks:
            row[slot_of(chunk, slots)] = chunk.text
        rows.append(row)
    return rows


def slot_of(chunk: Chunk, slots: list[Slot]) -> int:
    """The column a chunk overlaps most, or the nearest."""
    best = max(range(len(slots)), key=lambda i: _overlap(chunk, slots[i]))
    if _overlap(chunk, slots[best]) > 0:
        return best
    return min(range(len(slots)), key=lambda i: abs(slots[i].center - chunk.center))


def _overlap(chunk: Chunk, slot: Slot) -> float:
    return min(chunk.x1, slot.x1) - max(chunk.x0, slot.x0)


def _share(heading: _Heading, headings: list[_Heading]) -> tuple[float, float]:
    """Half-way to the nearest headings left and right that overlap it in height."""
    beside = [
        h
        for h in headings
        if h is not heading and h.top < heading.bottom and h.bottom > heading.top
    ]
    x0, x1 = heading.chunk.x0, heading.chunk.x1
    left = max((h.chunk.x1 for h in beside if h.chunk.x1 <= x0 + 1), default=None)
    right = min((h.chunk.x0 for h in beside if h.chunk.x0 >= x1 - 1), default=None)
    return (
        (left + x0) / 2 if left is not None else float("-inf"),
        (x1 + right) / 2 if right is not None else float("inf"),
    )


def _under(heading: _Heading, headings: list[_Heading]) -> list[_Heading]:
    left, right = _share(heading, headings)
    return [
        h
        for h in headings
        if h.top > heading.top + 1 and h.line > heading.line and left <= h.chunk.center <= right
    ]


def _columns_of(headings: list[_Heading]) -> list[list[_Heading]]:
    """Headings grouped into side-by-side columns (stacked pieces share a group)."""
    groups: list[list[_Heading]] = []
    for heading in sorted(headings, key=lambda h: h.chunk.x0):
        if groups and heading.chunk.x0 < max(h.chunk.x1 for h in groups[-1]):
            groups[-1].append(heading)
        else:
            groups.append([heading])
    return groups


def _place_labels(labels: list[_Heading], slots: list[Slot]) -> None:
    """Each column label to the nearest column; of two labels there, the farther gets a new one."""
    groups = _columns_of(labels)
    claimed: dict[int, tuple[float, list[_Heading]]] = {}
    extra: list[list[_Heading]] = []
    for group in groups:
        centre = sum(h.chunk.center for h in group) / len(group)
        nearest = min(range(len(slots)), key=lambda i: abs(slots[i].center - centre))
        distance = abs(slots[nearest].center - centre)
        if nearest not in claimed:
            claimed[nearest] = (distance, group)
        elif distance < claimed[nearest][0]:
            extra.append(claimed[nearest][1])
            claimed[nearest] = (distance, group)
        else:
            extra.append(group)
    slot_of_group = {id(group): slots[i] for i, (_, group) in claimed.items()}
    for group in extra:
        slot = Slot(min(h.chunk.x0 for h in group), max(h.chunk.x1 for h in group))
        slots.append(slot)
        slot_of_group[id(group)] = slot
    slots.sort(key=lambda s: s.x0)
    index = {id(slot): i for i, slot in enumerate(slots)}
    for group in groups:
        column = index[id(slot_of_group[id(group)])]
        for heading in group:
            heading.first = heading.last = column


def _spanning_rows(headings: list[_Heading], width: int) -> list[list[str]]:
    rows = []
    for line in sorted({h.line for h in headings if h.spanning}):
        row = [""] * width
        for heading in (h for h in headings if h.spanning and h.line == line):
            for column in range(heading.first, heading.last + 1):
                row[column] = heading.chunk.text
        rows.append(row)
    return rows


def _label_row(headings: list[_Heading], width: int) -> list[str]:
    pieces: list[list[_Heading]] = [[] for _ in range(width)]
    for heading in headings:
        if not heading.spanning:
            pieces[heading.first].append(heading)
    return [
        join_cell_lines("\n".join(h.chunk.text for h in sorted(p, key=lambda h: h.top)))
        for p in pieces
    ]
