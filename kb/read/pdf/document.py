"""PDFs: pages to page-numbered lines and blocks, with clear errors for bad files.

Each page is read once: its words give the text lines, its ruling lines (or, without
them, the positions of its words) give the tables. The blocks that come out are the
same ``TextBlock``/``TableBlock`` the text readers produce, so segmentation, metadata
and search treat a PDF like any other source.

Pages are read through PDFium (``pdfium.PdfiumPage``: pdfplumber's algorithms on PDFium's
objects, about five times less CPU than pdfminer's parse). pdfplumber with pdfminer reads
a file PDFium cannot open, and is the reference the tests compare with
(``KB_PDF_ENGINE=pdfplumber`` or ``engine="pdfplumber"`` chooses it).
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from contextlib import contextmanager

from ...errors import UnreadableFile
from ...model import Line
from ..layouts import Block
from .continued import layouts_to_blocks
from .page import PageLayout, page_to_layout
from .pdfium import PdfiumPage
from .triage import triage_to_warnings

NO_TEXT = "no text layer (scanned?)"
ENCRYPTED = "encrypted PDF (password protected)"


ENGINES = ("pdfium", "pdfplumber")


def pdf_to_blocks(
    data: bytes, path: str, engine: str | None = None
) -> tuple[list[Line], list[Block], int, list[str]]:
    """Return (lines, blocks in reading order, page count, warnings); lines carry their
    1-based page, warnings name the pages that could not be read (scans, undecodable fonts)."""
    data = _from_header(data, path)
    engine = engine or os.environ.get("KB_PDF_ENGINE") or "pdfium"
    layouts = _pdfium_layouts(data, path) if engine == "pdfium" else None
    if layouts is None:
        layouts = _plumber_layouts(data, path)
    lines = [line for layout in layouts for line in layout.lines]
    if not any(line.text.strip() for line in lines):
        raise UnreadableFile(path, NO_TEXT)
    warnings = triage_to_warnings([layout.triage for layout in layouts if layout.triage])
    return lines, layouts_to_blocks(layouts), len(layouts), warnings


def _from_header(data: bytes, path: str) -> bytes:
    """The file from its %PDF header on (some are saved with a few bytes before it)."""
    start = data.find(b"%PDF-", 0, 1024)
    if start < 0:
        raise UnreadableFile(path, "not a PDF (no %PDF header)")
    if b"%%EOF" not in data[-2048:]:
        raise UnreadableFile(path, "truncated PDF (no %%EOF marker at the end)")
    return data[start:]


def _pdfium_layouts(data: bytes, path: str) -> list[PageLayout] | None:
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
                layouts.append(page_to_layout(PdfiumPage(page, textpage, index + 1), index + 1))
            finally:
                textpage.close()
                page.close()
        return layouts
    except pdfium.PdfiumError:
        return None
    finally:
        document.close()


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
