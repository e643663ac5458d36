from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlite_utils

from kb.build import build, document_to_prepared, path_to_document, write_database
from kb.model import Document

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED_PDF = ROOT.parent / "shared" / "pdf"
SHARED_CRAWL = ROOT.parent / "shared" / "crawl"
SAMPLES = {
    "000": CORPUS / "000_054c417f28db0ed0.txt",
    "001": CORPUS / "001_e88a6b11ccaf76e8.txt",
    "002": CORPUS / "002_2626e36b3619c519.txt",
    "003": CORPUS / "003_3479dfe61d264c74.txt",
    "004": CORPUS / "004_231b7f738c597de2.txt",
}


def dump_database(path) -> list[str]:
    """The database as SQL, apart from how long each file took to read (files.seconds)."""
    conn = sqlite3.connect(":memory:")
    source = sqlite3.connect(path)
    try:
        source.backup(conn)
        conn.execute("update files set seconds = null")
        return list(conn.iterdump())
    finally:
        source.close()
        conn.close()


@pytest.fixture
def db() -> sqlite_utils.Database:
    """An empty in-memory database, as in sqlite-utils' own tests."""
    return sqlite_utils.Database(memory=True)


@pytest.fixture(scope="session")
def documents():
    """Each sample read into the document model, keyed by its number."""
    return {key: path_to_document(path) for key, path in SAMPLES.items()}


@pytest.fixture(scope="session")
def corpus_db_path(tmp_path_factory) -> Path:
    """The knowledge base built from corpus/, once per test session."""
    path = tmp_path_factory.mktemp("kb") / "kb.db"
    build([CORPUS], path)
    return path


@pytest.fixture(scope="session")
def corpus_db(corpus_db_path) -> sqlite_utils.Database:
    return sqlite_utils.Database(corpus_db_path)


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    """A scratch copy of corpus/ that a test may add bad files to."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


@dataclass
class SharedPdfs:
    documents: dict[str, Document]  # by the file's two-digit prefix
    db_path: Path  # the knowledge base built from them


@pytest.fixture(scope="session")
def shared_pdfs(tmp_path_factory) -> SharedPdfs:
    """The twelve published PDFs of ../shared/pdf read once per test session (in two
    processes), and the knowledge base built from those same documents."""
    if not SHARED_PDF.is_dir():
        pytest.skip(f"{SHARED_PDF} is absent: the twelve published PDFs are not in this checkout")
    paths = sorted(SHARED_PDF.glob("*.pdf"))
    with ProcessPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
        documents = list(pool.map(path_to_document, map(str, paths)))
    db_path = tmp_path_factory.mktemp("pdf") / "pdf.db"
    write_database((document_to_prepared(d) for d in documents), db_path)
    return SharedPdfs({path.name[:2]: d for path, d in zip(paths, documents, strict=True)}, db_path)


@pytest.fixture(scope="session")
def dask_scheduler(tmp_path_factory) -> Iterator[str]:
    """The address of a Dask cluster: KB_DASK_SCHEDULER when CI has started one (.ci/run),
    else a scheduler and two workers on loopback for this session."""
    if os.environ.get("KB_DASK_SCHEDULER"):
        yield os.environ["KB_DASK_SCHEDULER"]
        return
    from kb.batch.local_cluster import local_cluster

    with local_cluster(tmp_path_factory.mktemp("dask"), workers=2) as address:
        yield address
