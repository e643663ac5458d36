"""Steps 1–5, per file, in a worker: a file to its rows and checks, or what it is and why
it is not ingested."""

from __future__ import annotations

import hashlib
import json
import os
import re
import zlib
from dataclasses import dataclass
from pathlib import Path

from ..batch import Input
from ..checks import rows_to_checks
from ..errors import UnreadableFile
from ..facts import document_to_facts
from ..model import Document
from ..read import bytes_to_source, path_to_source, preload
from ..read.manifest import Manifest
from ..read.sniff import OTHER, sniff
from ..segment import source_to_document
from ..store import document_to_rows
from .report import INGESTED, NOT_DISCLOSURE, UNREADABLE, FileReport, Prepared

REQUIRED_METADATA = ("unit", "year", "kind")
_FIELD_WORDS = {"unit": "publishing unit", "year": "fiscal year", "kind": "kind (预算 or 决算)"}
SHINGLE = 8  # characters of text whose hashes fingerprint a document
SAMPLE = 8  # one shingle hash in this many is kept


def path_to_document(path: str | Path, overrides: dict | None = None) -> Document:
    """Steps 1 and 2: a file to its segmented document."""
    return source_to_document(path_to_source(path), overrides)


def bytes_to_document(data: bytes, path: str, overrides: dict | None = None) -> Document:
    return source_to_document(bytes_to_source(data, path), overrides)


def document_to_prepared(document: Document, report: FileReport | None = None) -> Prepared:
    """Steps 3–5 for a disclosure (or the reason it is not ingested)."""
    report = report or FileReport(
        document.path, INGESTED, sha256=document.sha256, format=document.format
    )
    report.pages, report.layout, report.warnings = (
        document.pages,
        document.layout,
        document.warnings,
    )
    report.segments, report.tables = len(document.segments), len(document.tables)
    report.terms = len(document.glossary)
    verdict = document.verdict
    if verdict is not None and not verdict.disclosure:
        report.status, report.reason = NOT_DISCLOSURE, verdict.reason
        return Prepared(report)
    missing = [name for name in REQUIRED_METADATA if getattr(document.metadata, name) in (None, "")]
    if missing:
        report.status = UNREADABLE
        report.reason = (
            f"a disclosure, but its {' and '.join(_FIELD_WORDS[m] for m in missing)} cannot be read from it; "
            "name it in manifest.yml to ingest it"
        )
        return Prepared(report)
    meta = document.metadata
    report.status, report.reason = INGESTED, verdict.reason if verdict else None
    rows = document_to_rows(document, document_to_facts(document))
    return Prepared(
        report,
        rows,
        rows_to_checks(rows),
        document.content_key,
        identity_key(meta.unit, meta.year, meta.kind, meta.scope),
        frozenset(_line_hashes(document)),
    )


def path_to_prepared(item: Input, manifest: Manifest, ocr: bool = True) -> Prepared:
    """Steps 1–5: a file to its rows, or what it is and why it is not ingested."""
    path = item.path
    overrides = manifest.overrides_for(path)
    report = FileReport(str(path), UNREADABLE, settings=settings_key(overrides, ocr))
    if item.problem:
        report.reason = item.problem
        return Prepared(report)
    try:
        report.mtime_ns = os.stat(path).st_mtime_ns
        data = path.read_bytes()
    except OSError as error:
        report.reason = f"cannot read file ({error.strerror})"
        return Prepared(report)
    report.sha256, report.size = hashlib.sha256(data).hexdigest(), len(data)
    report.format = sniff(data)[0] if data.strip() else OTHER
    try:
        document = source_to_document(bytes_to_source(data, str(path), ocr), overrides)
    except UnreadableFile as error:
        report.reason = error.reason
        return Prepared(report)
    return document_to_prepared(document, report)


@dataclass
class Task:
    """Steps 1–5 for one input (a picklable callable for the engines)."""

    manifest: Manifest
    ocr: bool = True  # read pages without usable text by OCR

    def __post_init__(self) -> None:
        preload()  # before the engine forks its workers

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        preload()  # on a cluster worker, which forks a process per file

    def __call__(self, item: Input) -> Prepared:
        return path_to_prepared(item, self.manifest, self.ocr)


def settings_key(overrides: dict, ocr: bool = True) -> str | None:
    """What the manifest says of a file (and OCR turned off), as a short hash (None when
    it says nothing and OCR is on)."""
    settings = {**overrides, **({} if ocr else {"ocr": False})}
    if not settings:
        return None
    text = json.dumps(settings, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def identity_key(unit: str | None, year, kind, scope) -> tuple:
    """Which disclosure a document is: two with the same key are one disclosure."""
    return (re.sub(r"\s+", "", unit or ""), year, kind, scope)


def _line_hashes(document: Document) -> set[int]:
    """A fingerprint of the text without its figures and layout: sampled hashes of its
    8-character pieces, so a copy typeset with other line breaks or with changed figures
    shares most of them."""
    text = re.sub(r"[\s\d.,，%]+", "", "".join(line.text for line in document.lines))
    hashes = set()
    for start in range(len(text) - SHINGLE + 1):
        value = zlib.crc32(text[start : start + SHINGLE].encode("utf-8"))
        if value % SAMPLE == 0:
            hashes.add(value)
    return hashes
