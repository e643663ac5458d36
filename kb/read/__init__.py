"""Stage 1, read: a file's bytes to its lines and blocks (text rows and table rows).

What a file is comes from its bytes (``sniff``). Text extractions are decoded
(``decode``) and cut into blocks by their table layout (``layouts``); PDFs are read page by
page (``pdf``); HTML pages give their text and data tables (``html``). All give a ``Source``:
the lines with their numbers and pages, and the blocks the segmenter turns into
headings, paragraphs, tables and glossary terms. ``captions`` holds the shapes of
headings and table captions that both this stage and the next recognise; ``manifest``
the per-file metadata overrides.
"""

from __future__ import annotations

import hashlib
import importlib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UnreadableFile
from ..model import Line, OcrBox
from .decode import bytes_to_text, text_to_lines
from .html import Page, html_to_blocks
from .layouts import Block, detect_layout, lines_to_blocks
from .sniff import HTML, OTHER, PDF, TEXT, sniff

# Files the source route serves back (web.databases.resolve_source).
SUPPORTED = {".txt", ".text", ".pdf", ".html", ".htm"}


@dataclass
class Source:
    """A file as read: its lines and blocks, and how it was read."""

    path: str
    sha256: str
    format: str  # pdf | html | text
    layout: str  # tsv | markdown | tab_cells | cells | pdf | html
    encoding: str | None
    pages: int | None
    lines: list[Line]
    blocks: list[Block]
    page: Page | None = None  # an HTML page's title and links
    warnings: list[str] = field(default_factory=list)  # what could not be read, and where
    ocr: dict[int, list[OcrBox]] = field(
        default_factory=dict
    )  # pages read by OCR: their text boxes


def preload() -> None:
    """Load the PDF reader (pdfplumber, pdfminer, PDFium: a fifth of a second) before
    workers are forked, so each starts with it; a build with nothing to read never does."""
    importlib.import_module(f"{__name__}.pdf")


def path_to_source(path: str | Path, ocr: bool = True) -> Source:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFile(str(path), f"cannot read file ({error.strerror})") from None
    return bytes_to_source(data, str(path), ocr)


def bytes_to_source(data: bytes, path: str, ocr: bool = True) -> Source:
    """The file's lines and blocks, read by what its bytes are (a ``.pdf`` that is an HTML
    page is read as HTML); UnreadableFile says why when it cannot be read. PDF pages
    without usable text are read by OCR unless ``ocr`` is off."""
    sha256 = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise UnreadableFile(path, "empty file")
    fmt, what = sniff(data)
    if fmt == PDF:
        from .pdf import pdf_to_blocks  # loaded on first use (see preload)

        pdf = pdf_to_blocks(data, path, ocr=ocr)
        return Source(
            path,
            sha256,
            PDF,
            PDF,
            None,
            pdf.pages,
            pdf.lines,
            pdf.blocks,
            warnings=pdf.warnings,
            ocr=pdf.ocr,
        )
    if fmt == OTHER:
        raise UnreadableFile(path, f"{what}: not a PDF, HTML page or text that kb reads")
    text, encoding = bytes_to_text(data, path)
    if fmt == HTML:
        lines, blocks, page = html_to_blocks(text)
        if page.is_error_page(" ".join(line.text for line in lines)):
            raise UnreadableFile(
                path,
                f"an HTML error page (“{page.title or lines[0].text}”) saved in place of a document",
            )
        return Source(path, sha256, HTML, HTML, encoding, None, lines, blocks, page)
    if path.lower().endswith(".pdf"):
        excerpt = " ".join(text.split())[:40]
        raise UnreadableFile(
            path, f"not a PDF (no %PDF header): {len(data)} bytes of text, “{excerpt}”"
        )
    lines = text_to_lines(text)
    layout = detect_layout(lines)
    return Source(path, sha256, TEXT, layout, encoding, None, lines, lines_to_blocks(lines, layout))
