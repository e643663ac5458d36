"""Stage 1, read: a file's bytes to its lines and blocks (text rows and table rows).

Text extractions are decoded (``decode``) and cut into blocks by their table layout
(``layouts``); PDFs are read page by page (``pdf``). Both give the same ``Source``:
the lines with their numbers and pages, and the blocks the segmenter turns into
headings, paragraphs, tables and glossary terms. ``captions`` holds the shapes of
headings and table captions that both this stage and the next recognise; ``manifest``
the per-file metadata overrides.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import UnreadableFile
from ..model import Line
from .decode import bytes_to_text, text_to_lines
from .layouts import Block, detect_layout, lines_to_blocks
from .pdf import pdf_to_blocks

TEXT_SUFFIXES = {".txt", ".text"}
PDF_SUFFIXES = {".pdf"}
SUPPORTED = TEXT_SUFFIXES | PDF_SUFFIXES


@dataclass
class Source:
    """A file as read: its lines and blocks, and how it was read."""

    path: str
    sha256: str
    format: str  # text | pdf
    layout: str  # tsv | markdown | tab_cells | cells | pdf
    encoding: str | None
    pages: int | None
    lines: list[Line]
    blocks: list[Block]


def path_to_source(path: str | Path) -> Source:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFile(str(path), f"cannot read file ({error.strerror})") from None
    return bytes_to_source(data, str(path))


def bytes_to_source(data: bytes, path: str) -> Source:
    sha256 = hashlib.sha256(data).hexdigest()
    if path.lower().endswith(".pdf") or data.startswith(b"%PDF"):
        lines, blocks, pages = pdf_to_blocks(data, path)
        return Source(path, sha256, "pdf", "pdf", None, pages, lines, blocks)
    text, encoding = bytes_to_text(data, path)
    lines = text_to_lines(text)
    layout = detect_layout(lines)
    return Source(path, sha256, "text", layout, encoding, None, lines, lines_to_blocks(lines, layout))
