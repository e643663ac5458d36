"""Stage 2, segment: blocks to a Document of segments, with its metadata.

``segmenter`` builds headings with their section path, paragraphs, tables and glossary
terms; ``tables`` gives each table its caption, number, unit, header and statement;
``glossary`` reads 名词解释 terms; ``metadata`` reads the unit, year, 预算/决算 and
部门/单位 from the content (never from file names); ``disclosure`` decides whether the file
is a budget or final-account disclosure at all.
"""

from __future__ import annotations

import hashlib

from ..model import Document, Metadata, Verdict
from ..read import Source
from .disclosure import document_to_verdict
from .metadata import segments_to_metadata
from .segmenter import blocks_to_segments

__all__ = [
    "blocks_to_segments",
    "document_to_verdict",
    "segments_to_metadata",
    "source_to_document",
]


def source_to_document(source: Source, overrides: dict | None = None) -> Document:
    """The segmented document; ``overrides`` (from a manifest) replace detected metadata."""
    segments = blocks_to_segments(source.blocks)
    document = Document(
        path=source.path,
        sha256=source.sha256,
        format=source.format,
        layout=source.layout,
        encoding=source.encoding,
        pages=source.pages,
        lines=source.lines,
        segments=segments,
        warnings=list(source.warnings),
        ocr=dict(source.ocr),
    )
    document.metadata = segments_to_metadata(segments)
    _apply_overrides(document.metadata, overrides or {})
    for field_name in ("unit", "year", "kind"):
        if getattr(document.metadata, field_name) is None:
            document.warnings.append(f"could not detect {field_name}; add it to the manifest")
    document.verdict = document_to_verdict(document, source.page)
    if not document.verdict.disclosure and all(
        (overrides or {}).get(f) for f in ("unit", "year", "kind")
    ):
        # the manifest names the file's unit, year and kind: its author says it is one
        document.verdict = Verdict(
            True, f"a disclosure by the manifest (read alone: {document.verdict.reason})"
        )
    document.content_key = content_key(source)
    return document


def content_key(source: Source) -> str:
    """A hash of the text as read: the same for copies that differ only in encoding, byte
    order mark, line ends or trailing spaces."""
    text = "\n".join(" ".join(line.text.split()) for line in source.lines if line.text.strip())
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _apply_overrides(metadata: Metadata, overrides: dict) -> None:
    for key, value in overrides.items():
        if hasattr(metadata, key):
            setattr(metadata, key, value)
