"""A file on disk to a segmented Document: the first step of every build."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .errors import UnreadableFile
from .layout import detect_layout, lines_to_blocks
from .metadata import segments_to_metadata
from .model import Document, Metadata
from .pdf import pdf_to_blocks
from .segment import blocks_to_segments
from .text import bytes_to_text, text_to_lines

TEXT_SUFFIXES = {".txt", ".text"}
PDF_SUFFIXES = {".pdf"}
SUPPORTED = TEXT_SUFFIXES | PDF_SUFFIXES


def path_to_document(path: str | Path, overrides: dict | None = None) -> Document:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFile(str(path), f"cannot read file ({error.strerror})") from None
    return bytes_to_document(data, str(path), overrides)


def bytes_to_document(data: bytes, path: str, overrides: dict | None = None) -> Document:
    sha256 = hashlib.sha256(data).hexdigest()
    if path.lower().endswith(".pdf") or data.startswith(b"%PDF"):
        lines, blocks, pages = pdf_to_blocks(data, path)
        fmt, encoding, layout = "pdf", None, "pdf"
    else:
        text, encoding = bytes_to_text(data, path)
        lines, pages, fmt = text_to_lines(text), None, "text"
        layout = detect_layout(lines)
        blocks = lines_to_blocks(lines, layout)
    segments = blocks_to_segments(blocks)
    document = Document(
        path=path,
        sha256=sha256,
        format=fmt,
        layout=layout,
        encoding=encoding,
        pages=pages,
        lines=lines,
        segments=segments,
    )
    document.metadata = segments_to_metadata(segments)
    _apply_overrides(document.metadata, overrides or {})
    for field_name in ("unit", "year", "kind"):
        if getattr(document.metadata, field_name) is None:
            document.warnings.append(f"could not detect {field_name}; add it to the manifest")
    return document


def _apply_overrides(metadata: Metadata, overrides: dict) -> None:
    for key, value in overrides.items():
        if hasattr(metadata, key):
            setattr(metadata, key, value)
