"""Words on a page to text lines that keep their positions, and lines to gap-separated chunks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from operator import itemgetter
from statistics import median

from pdfplumber.utils import cluster_objects

Y_TOLERANCE = 3  # as pdfplumber's extract_text
CJK_ONLY = re.compile(r"^[\u4e00-\u9fff]+$")
CJK_CHAR = re.compile(r"[\u3400-\u9fff]")
CHUNK_GAP = 1.0  # a gap wider than this many character heights separates two cells


@dataclass
class Chunk:
    """Words of one line that sit close together: a cell when the line is a table row."""

    text: str
    x0: float
    x1: float

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class Slot:
    """The x-range of a table column found from word positions."""

    x0: float
    x1: float

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class PageLine:
    number: int  # 1-based, in the page's text
    words: list[dict] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(w["text"] for w in self.words)

    @property
    def top(self) -> float:
        return min(w["top"] for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w["bottom"] for w in self.words)

    @property
    def x0(self) -> float:
        return min(w["x0"] for w in self.words)

    @property
    def x1(self) -> float:
        return max(w["x1"] for w in self.words)

    @property
    def em(self) -> float:
        return median(w["bottom"] - w["top"] for w in self.words)

    def chunks(self) -> list[Chunk]:
        gap = CHUNK_GAP * self.em
        chunks: list[Chunk] = []
        for word in self.words:
            if chunks and word["x0"] - chunks[-1].x1 < gap:
                last = chunks[-1]
                joiner = " " if word["x0"] - last.x1 > 0.25 * self.em else ""
                last.text += joiner + word["text"]
                last.x1 = max(last.x1, word["x1"])
            else:
                chunks.append(Chunk(word["text"], word["x0"], word["x1"]))
        return chunks


def words_to_lines(words: list[dict]) -> list[PageLine]:
    """Cluster words into lines by their top, as pdfplumber's extract_text does; then join
    a line without Chinese (figures, quotes) to the line of Chinese above it when they share
    most of their height and no horizontal space: digits set in another font and sitting
    lower (Arial among FangSong, printed 11 points down) belong to the sentence they
    interrupt."""
    clusters = [
        sorted(c, key=itemgetter("x0"))
        for c in cluster_objects(words, itemgetter("top"), Y_TOLERANCE)
    ]
    joined: list[list[dict]] = []
    for cluster in clusters:
        if joined and _interleaved(joined[-1], cluster):
            joined[-1] = sorted(joined[-1] + cluster, key=itemgetter("x0"))
        else:
            joined.append(cluster)
    return [PageLine(number, cluster) for number, cluster in enumerate(joined, start=1)]


OVERLAP = 0.5  # share of the shorter line's height two pieces of one line have in common


def _interleaved(upper: list[dict], lower: list[dict]) -> bool:
    top = max(min(w["top"] for w in upper), min(w["top"] for w in lower))
    bottom = min(max(w["bottom"] for w in upper), max(w["bottom"] for w in lower))
    height = min(
        max(w["bottom"] for w in upper) - min(w["top"] for w in upper),
        max(w["bottom"] for w in lower) - min(w["top"] for w in lower),
    )
    if height <= 0 or bottom - top < OVERLAP * height:
        return False
    if _chinese(upper) == _chinese(lower):
        return False  # only figures or quotes interrupting Chinese text; header rows stay apart
    return not any(
        min(a["x1"], b["x1"]) - max(a["x0"], b["x0"]) > 1.0 for a in upper for b in lower
    )


def _chinese(words: list[dict]) -> bool:
    return any(CJK_CHAR.search(w["text"]) for w in words)


def join_stacked_characters(lines: list[PageLine]) -> list[PageLine]:
    """Vertical text printed a character a line (绩/效/指/标) as one line (绩效指标)."""
    joined: list[PageLine] = []
    for line in lines:
        previous = joined[-1] if joined else None
        if previous is not None and _single_character(line) and _stacks_on(previous, line):
            last = previous.words[-1]
            word = line.words[0]
            previous.words[-1] = {
                **last,
                "text": last["text"] + word["text"],
                "x0": min(last["x0"], word["x0"]),
                "x1": max(last["x1"], word["x1"]),
                "bottom": word["bottom"],
            }
        else:
            joined.append(PageLine(line.number, list(line.words)))
    return joined


def _single_character(line: PageLine) -> bool:
    return len(line.words) == 1 and len(line.words[0]["text"]) == 1


def _stacks_on(upper: PageLine, lower: PageLine) -> bool:
    """The upper line is a character (or a column of them) right above this one."""
    if len(upper.words) != 1:
        return False
    above, below = upper.words[0], lower.words[0]
    if not CJK_ONLY.match(above["text"] + below["text"]):
        return False
    if above["x1"] - above["x0"] > 1.3 * (below["x1"] - below["x0"]):
        return False  # a word, not a column of single characters
    centres = abs(above["x0"] + above["x1"] - below["x0"] - below["x1"]) / 2
    return centres <= 0.35 * lower.em and below["top"] - above["bottom"] < lower.em
