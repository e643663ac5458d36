"""The version of the pipeline that turns a file into rows: what a cached result and a
cluster worker must share with the build.

It is a hash of the sources of every stage a file goes through (reading, segmenting,
facts, rows, checks, and the vocabulary and data they read) and of the versions of the
libraries that read PDFs, recognise text in images and cut words, so editing any of them, or upgrading pdfplumber,
makes every cached result stale. The modules that only serve a built database (search,
ask, web) are left out: changing them rebuilds nothing.
"""

from __future__ import annotations

import functools
import hashlib
from importlib import metadata
from pathlib import Path

import kb

PACKAGE = Path(kb.__file__).parent
SERVING = ("ask", "search", "web")  # read a built database, never write one
LIBRARIES = (
    "pdfplumber",
    "pdfminer.six",
    "pypdfium2",
    "jieba",
    "sqlite-utils",
    "rapidocr",
    "onnxruntime",
)


@functools.cache
def pipeline_version() -> str:
    digest = hashlib.sha256(kb.__version__.encode())
    for path in sorted(_sources()):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    for name in LIBRARIES:
        digest.update(f"{name}={_installed(name)}".encode())
    return digest.hexdigest()[:16]


def _sources() -> list[Path]:
    return [
        path
        for path in PACKAGE.rglob("*")
        if path.is_file()
        and path.suffix in (".py", ".csv", ".gz", ".json", ".txt", ".yml", ".yaml")
        and path.relative_to(PACKAGE).parts[0] not in SERVING
        and "__pycache__" not in path.parts
    ]


def _installed(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"
