"""What a page holds before it is read: text, nothing, a scan, or text that does not decode.

A page is read for its text and tables either way; what triage finds goes into the
document's warnings (and tells OCR which pages to read from their pixels). The
thresholds are measured on the shared PDFs and crawl (docs/benchmarks.md, triage):
every scanned page there has an image over at least half of it and fewer than twenty
characters, and no page with a real text layer does.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

TEXT, BLANK, IMAGE, GARBLED = "text", "blank", "image", "garbled"
OCR_STATES = (IMAGE, GARBLED)  # pages read from their pixels
IMAGE_COVER = 0.5  # share of the page one image covers on a scanned page
FEW_CHARS = 20  # a scanned page may carry a stamp or page number as text
GARBLED_SHARE = 0.1  # characters with no Unicode meaning, above which a page's text is not trusted


@dataclass(frozen=True)
class PageTriage:
    number: int
    state: str  # text | blank | image | garbled
    chars: int  # visible characters of its text layer
    image_cover: float  # the largest share of the page one image covers
    failure: str | None = None  # why OCR could not read it


def page_to_triage(
    number: int, chars: Iterable[dict], images: Iterable[dict], width: float, height: float
) -> PageTriage:
    texts = [c["text"] for c in chars if c["text"].strip()]
    area = max(width * height, 1.0)
    cover = max((_area(i) / area for i in images), default=0.0)
    bad = sum(1 for text in texts if _undecoded(text))
    if len(texts) < FEW_CHARS and cover >= IMAGE_COVER:
        state = IMAGE
    elif not texts:
        state = BLANK
    elif bad / len(texts) > GARBLED_SHARE:
        state = GARBLED
    else:
        state = TEXT
    return PageTriage(number, state, len(texts), round(min(cover, 1.0), 3))


def _area(image: dict) -> float:
    return max(image["x1"] - image["x0"], 0.0) * max(image["bottom"] - image["top"], 0.0)


def _undecoded(text: str) -> bool:
    """U+FFFD, a private-use or control character, or pdfminer's ``(cid:…)`` for a glyph
    whose font has no Unicode map."""
    if text.startswith("(cid:"):
        return True
    code = ord(text[0])
    return code == 0xFFFD or 0xE000 <= code <= 0xF8FF or code < 0x20


def triage_to_warnings(pages: list[PageTriage], read_by_ocr: list[int] = ()) -> list[str]:
    """A warning per kind of page without usable text, naming the pages and what was done."""
    warnings = []
    ocr = set(read_by_ocr)
    scanned = [p.number for p in pages if p.state == IMAGE]
    garbled = [p.number for p in pages if p.state == GARBLED]
    if read := [n for n in scanned + garbled if n in ocr]:
        warnings.append(
            f"{_pages(sorted(read))} read by OCR (an image, or text that does not decode): figures checked where the tables allow"
        )
    if scanned := [n for n in scanned if n not in ocr]:
        warnings.append(f"{_pages(scanned)} an image without a text layer (scanned?): not read")
    if garbled := [n for n in garbled if n not in ocr]:
        warnings.append(
            f"{_pages(garbled)} text in fonts without a Unicode map: its words and figures may be wrong"
        )
    for page in pages:
        if page.failure:
            warnings.append(f"page {page.number} could not be read by OCR ({page.failure})")
    return warnings


def _pages(numbers: list[int]) -> str:
    return (
        f"page {numbers[0]} is"
        if len(numbers) == 1
        else f"pages {', '.join(map(str, numbers))} are"
    )
