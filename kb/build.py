"""Files to one SQLite knowledge base, built in a temporary file and renamed into place."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from . import __version__, db
from .errors import KBError, UnreadableFile
from .manifest import Manifest
from .model import Document
from .read import SUPPORTED, path_to_document
from .tokens import Segmenter

DEFAULT_CORPUS = Path("corpus")


@dataclass
class FileReport:
    path: str
    status: str  # built | duplicate | error
    reason: str | None = None
    layout: str | None = None
    segments: int = 0
    tables: int = 0
    terms: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass
class BuildReport:
    files: list[FileReport] = field(default_factory=list)

    @property
    def built(self) -> list[FileReport]:
        return [f for f in self.files if f.status == "built"]

    @property
    def errors(self) -> list[FileReport]:
        return [f for f in self.files if f.status == "error"]


class NothingBuilt(KBError):
    pass


def collect_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, and supported files found recursively in folders named, in a stable order."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(
                p for p in sorted(path.rglob("*")) if p.is_file() and p.suffix.lower() in SUPPORTED
            )
        else:
            found.append(path)
    seen: set[Path] = set()
    unique = []
    for path in found:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def _read_one(path: Path, overrides: dict) -> Document | UnreadableFile:
    try:
        return path_to_document(path, overrides)
    except UnreadableFile as error:
        return error


def _read_all(
    paths: list[Path], manifest: Manifest, workers: int, progress: Callable[[Path], None] | None
) -> Iterator[tuple[Path, Document | UnreadableFile]]:
    """Read files in input order; with workers > 1, in that many processes."""
    if workers <= 1 or len(paths) <= 1:
        for path in paths:
            result = _read_one(path, manifest.overrides_for(path))
            if progress:
                progress(path)
            yield path, result
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(_read_one, p, manifest.overrides_for(p)) for p in paths]
        for future in as_completed(futures):
            if progress:
                progress(paths[futures.index(future)])
        for path, future in zip(paths, futures, strict=True):
            yield path, future.result()


def read_documents(
    paths: list[Path],
    manifest: Manifest,
    progress: Callable[[Path], None] | None = None,
    workers: int = 1,
) -> tuple[list[Document], BuildReport]:
    report = BuildReport()
    documents: list[Document] = []
    seen: dict[str, str] = {}
    for path, result in _read_all(paths, manifest, workers, progress):
        if isinstance(result, UnreadableFile):
            report.files.append(FileReport(str(path), "error", result.reason))
        else:
            document = result
            if document.sha256 in seen:
                report.files.append(
                    FileReport(str(path), "duplicate", f"same content as {seen[document.sha256]}")
                )
            else:
                seen[document.sha256] = str(path)
                documents.append(document)
                report.files.append(
                    FileReport(
                        str(path),
                        "built",
                        layout=document.layout,
                        segments=len(document.segments),
                        tables=len(document.tables),
                        terms=len(document.glossary),
                        warnings=document.warnings,
                    )
                )
    return documents, report


def build(
    paths: Iterable[str | Path],
    db_path: str | Path,
    manifest_path: str | Path | None = None,
    progress: Callable[[Path], None] | None = None,
    workers: int = 1,
) -> BuildReport:
    """Read every file and write the database atomically; bad files are reported, not fatal."""
    paths = collect_paths(paths)
    manifest = Manifest.load(manifest_path, paths)
    documents, report = read_documents(paths, manifest, progress, workers)
    if not documents:
        raise NothingBuilt("nothing could be built: " + _reasons(report))
    write_database(documents, Path(db_path))
    return report


def write_database(documents: list[Document], db_path: Path) -> None:
    units = tuple(sorted({d.metadata.unit for d in documents if d.metadata.unit}))
    segmenter = Segmenter(units)
    texts = [db.search_texts(d, segmenter) for d in documents]
    db_path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(prefix=db_path.name + ".", suffix=".tmp", dir=db_path.parent)
    os.close(handle)
    try:
        database = sqlite_utils.Database(tmp_name)
        with database.conn:
            db.create_schema(database)
            db.write_documents(database, documents, texts)
            db.finish(database, segmenter, {"kb_version": __version__})
        database.execute("VACUUM")
        database.close()
        os.replace(tmp_name, db_path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def _reasons(report: BuildReport) -> str:
    if not report.files:
        return "no supported files (.txt, .pdf) were found"
    return "; ".join(f"{f.path}: {f.reason}" for f in report.files)
