"""What a build says about each file (a row of the ``files`` table) and what a worker
sends back for it."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..checks import DocumentChecks
from ..errors import KBError
from ..store import DocumentRows

INGESTED, DUPLICATE, NOT_DISCLOSURE, UNREADABLE = (
    "ingested",
    "duplicate",
    "not_disclosure",
    "unreadable",
)


@dataclass
class FileReport:
    """What became of one input file: a row of the ``files`` table."""

    path: str
    status: str  # ingested | duplicate | not_disclosure | unreadable
    reason: str | None = None
    sha256: str | None = None
    size: int | None = None
    format: str | None = None  # pdf | html | text | other
    pages: int | None = None
    seconds: float | None = None
    document_id: int | None = None
    duplicate_of: str | None = None
    mtime_ns: int | None = None  # when it was last changed, as read
    settings: str | None = None  # a hash of the manifest's fields for it
    layout: str | None = None
    segments: int = 0
    tables: int = 0
    terms: int = 0
    warnings: list[str] = field(default_factory=list)

    def row(self) -> dict:
        return {
            "path": self.path,
            "sha256": self.sha256,
            "size": self.size,
            "format": self.format,
            "status": self.status,
            "reason": self.reason,
            "document_id": self.document_id,
            "duplicate_of": self.duplicate_of,
            "pages": self.pages,
            "seconds": round(self.seconds, 3) if self.seconds is not None else None,
            "mtime_ns": self.mtime_ns,
            "settings": self.settings,
        }

    @classmethod
    def from_row(cls, row: dict) -> FileReport:
        """A file a previous build read, as its files row says."""
        names = ("path", "status", "reason", "sha256", "size", "format", "pages", "seconds",
                 "document_id", "duplicate_of", "mtime_ns", "settings")  # fmt: skip
        return cls(**{name: row.get(name) for name in names})


@dataclass
class BuildReport:
    files: list[FileReport] = field(default_factory=list)
    unchanged: int = 0  # files an update found as the database already had them
    removed: list[str] = field(default_factory=list)  # files an update found gone

    @property
    def built(self) -> list[FileReport]:
        return [f for f in self.files if f.status == INGESTED]

    @property
    def errors(self) -> list[FileReport]:
        return [f for f in self.files if f.status == UNREADABLE]


class NothingBuilt(KBError):
    pass


@dataclass
class Prepared:
    """What a worker sends back for one file."""

    report: FileReport
    rows: DocumentRows | None = None  # only for a disclosure that can be ingested
    checks: DocumentChecks | None = None  # its own checks, run where it was read
    content_key: str | None = None
    identity: tuple | None = None  # (unit, year, kind, scope)
    lines: frozenset[int] = frozenset()  # a fingerprint of its text, to find copies
