"""PDFs: pages to page-numbered lines and blocks, with clear errors for bad files.

Each page is read once: its words give the text lines, its ruling lines (or, without
them, the positions of its words) give the tables. The blocks that come out are the
same ``TextBlock``/``TableBlock`` the text readers produce, so segmentation, metadata
and search treat a PDF like any other source.

Pages are read through PDFium (``pdfium.PdfiumPage``: pdfplumber's algorithms on PDFium's
objects, about five times less CPU than pdfminer's parse). pdfplumber with pdfminer reads
a file PDFium cannot open, and is the reference the tests compare with
(``KB_PDF_ENGINE=pdfplumber`` or ``engine="pdfplumber"`` chooses it). A page triage finds
without usable text (a scan, fonts without a Unicode map) is read from its pixels by OCR
(``ocr``) into the same layout.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

from ...errors import UnreadableFile, failure_reason
from ...model import Line, OcrBox
from ..layouts import Block
from .continued import layouts_to_blocks
from .ocr import page_to_ocr_layout
from .page import PageLayout, page_to_layout
from .pdfium import PdfiumPage
from .triage import OCR_STATES, triage_to_warnings

NO_TEXT = "no text layer (scanned?)"
ENCRYPTED = "encrypted PDF (password protected)"


ENGINES = ("pdfium", "pdfplumber")


@dataclass
class PdfContent:
    lines: list[Line]  # every line, with its 1-based page
    blocks: list[Block]  # in reading order
    pages: int
    warnings: list[str]  # the pages read by OCR or not read at all (scans, undecodable fonts)
    ocr: dict[int, list[OcrBox]]  # the text boxes of the pages read by OCR


def pdf_to_blocks(
    data: bytes, path: str, engine: str | None = None, ocr: bool = True
) -> PdfContent:
    """A PDF's lines and blocks. Pages without usable text are read by OCR (through PDFium)
    unless ``ocr`` is off."""
    data = _from_header(data, path)
    engine = engine or os.environ.get("KB_PDF_ENGINE") or "pdfium"
    layouts = _pdfium_layouts(data, path, ocr) if engine == "pdfium" else None
    if layouts is None:
        layouts = _plumber_layouts(data, path)
    lines = [line for layout in layouts for line in layout.lines]
    if not any(line.text.strip() for line in lines):
        raise UnreadableFile(
            path, NO_TEXT if ocr or not _scanned(layouts) else f"{NO_TEXT}; OCR was off"
        )
    warnings = triage_to_warnings(
        [layout.triage for layout in layouts if layout.triage], _ocr_pages(layouts)
    )
    ocr = {layout.number: layout.ocr for layout in layouts if layout.ocr is not None}
    return PdfContent(lines, layouts_to_blocks(layouts), len(layouts), warnings, ocr)


def _scanned(layouts: list[PageLayout]) -> bool:
    return any(layout.triage and layout.triage.state in OCR_STATES for layout in layouts)


def _ocr_pages(layouts: list[PageLayout]) -> list[int]:
    return [layout.number for layout in layouts if layout.ocr is not None]


def _from_header(data: bytes, path: str) -> bytes:
    """The file from its %PDF header on (some are saved with a few bytes before it)."""
    start = data.find(b"%PDF-", 0, 1024)
    if start < 0:
        raise UnreadableFile(path, "not a PDF (no %PDF header)")
    if b"%%EOF" not in data[-2048:]:
        raise UnreadableFile(path, "truncated PDF (no %%EOF marker at the end)")
    return data[start:]


def _pdfium_layouts(data: bytes, path: str, ocr: bool = True) -> list[PageLayout] | None:
    """Every page through PDFium; None when PDFium cannot read the file (pdfplumber then
    tries, and says what is wrong with it)."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise UnreadableFile(path, ENCRYPTED) from None
        return None
    try:
        layouts = []
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            try:
                layout = page_to_layout(PdfiumPage(page, textpage, index + 1), index + 1)
                layouts.append(_read_pixels(page, layout, path, len(document)) if ocr else layout)
            finally:
                textpage.close()
                page.close()
        return layouts
    except pdfium.PdfiumError:
        return None
    finally:
        document.close()


def _read_pixels(page, layout: PageLayout, path: str, pages: int) -> PageLayout:
    """The page read by OCR when triage found no usable text on it."""
    if layout.triage is None or layout.triage.state not in OCR_STATES:
        return layout
    try:
        return page_to_ocr_layout(page, layout.triage, path, pages)
    except MemoryError:
        raise  # the build reports a file over its memory cap
    except Exception as error:  # one page OCR cannot read costs only that page
        layout.triage = replace(layout.triage, failure=failure_reason(error))
        return layout


def _plumber_layouts(data: bytes, path: str) -> list[PageLayout]:
    layouts: list[PageLayout] = []
    with _open(data, path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            layouts.append(_read_page(page, number, path))
            page.close()
    return layouts


def pdf_to_lines(data: bytes, path: str) -> tuple[list[Line], int]:
    """Return (lines, page count): the text alone, as plain extraction gives it."""
    lines: list[Line] = []
    with _open(data, path) as pdf:
        for page_number, page in enumerate(pdf.pages, start=1):
            text = _guard(path, page.extract_text) or ""
            for number, raw in enumerate(text.split("\n"), start=1):
                lines.append(Line(raw.rstrip(), number, page_number))
            page.close()
        pages = len(pdf.pages)
    if not any(line.text.strip() for line in lines):
        raise UnreadableFile(path, NO_TEXT)
    return lines, pages


@contextmanager
def _open(data: bytes, path: str) -> Iterator:
    import pdfplumber

    if not data.startswith(b"%PDF"):
        raise UnreadableFile(path, "not a PDF (no %PDF header)")
    if b"%%EOF" not in data[-2048:]:
        raise UnreadableFile(path, "truncated PDF (no %%EOF marker at the end)")
    pdf = _guard(path, lambda: pdfplumber.open(io.BytesIO(data)))
    try:
        _guard(path, lambda: pdf.pages)
        yield pdf
    finally:
        pdf.close()


def _read_page(page, number: int, path: str) -> PageLayout:
    _guard(path, lambda: page.objects)  # parse the page's content stream (cached)
    return page_to_layout(page, number)


def _guard(path: str, action):
    """Run a pdfminer step, turning its many error types into UnreadableFile."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        return action()
    except (UnreadableFile, MemoryError):
        raise  # a memory cap is the build's to report
    except Exception as error:  # pdfminer raises many unrelated types on broken files
        # pdfplumber wraps pdfminer's errors in PdfminerException(original).
        cause = error.args[0] if error.args and isinstance(error.args[0], Exception) else error
        if isinstance(cause, MemoryError):
            raise cause from None
        if isinstance(cause, PDFEncryptionError | PDFPasswordIncorrect):
            raise UnreadableFile(path, ENCRYPTED) from None
        message = str(cause).lower()
        if "password" in message or "encrypt" in message:
            raise UnreadableFile(path, ENCRYPTED) from None
        if isinstance(cause, PDFSyntaxError):
            raise UnreadableFile(path, f"damaged PDF ({cause})") from None
        raise UnreadableFile(path, f"damaged PDF ({type(cause).__name__}: {cause})") from None
