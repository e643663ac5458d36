"""Which ingested file a new one copies, and the fingerprints that let a later update
tell (the ``fingerprints`` table, one row per document)."""

from __future__ import annotations

import array
import sqlite3

from .prepare import identity_key
from .report import Prepared

SAME_DISCLOSURE = (
    0.8  # share of their text fingerprints two copies of one disclosure have in common
)
FINGERPRINTS = {"document_id": int, "content_key": str, "lines": bytes}


class Copies:
    """Which ingested file a new one copies: the same bytes, the same text, or the same
    disclosure (unit, year, kind and scope) with most of its text the same."""

    def __init__(self) -> None:
        self.by_sha: dict[str, str] = {}
        self.by_text: dict[str, str] = {}
        self.by_identity: dict[tuple, list[tuple[str, frozenset[int]]]] = {}

    def original_of(self, prepared: Prepared) -> tuple[str, str] | None:
        report = prepared.report
        if report.sha256 in self.by_sha:
            return self.by_sha[report.sha256], "the same bytes as"
        if prepared.content_key in self.by_text:
            return self.by_text[
                prepared.content_key
            ], "the same text (another encoding or line ends) as"
        for path, lines in self.by_identity.get(prepared.identity, []):
            shared = len(lines & prepared.lines) / max(1, min(len(lines), len(prepared.lines)))
            if shared >= SAME_DISCLOSURE and prepared.lines:
                return (
                    path,
                    f"another copy of the same disclosure ({shared:.0%} of its text the same, figures aside) as",
                )
        return None

    def add(self, prepared: Prepared) -> None:
        self._add(
            prepared.report.path,
            prepared.report.sha256,
            prepared.content_key,
            prepared.identity,
            prepared.lines,
        )

    def _add(
        self,
        path: str,
        sha256: str | None,
        content_key: str | None,
        identity,
        lines: frozenset[int],
    ) -> None:
        if sha256:
            self.by_sha.setdefault(sha256, path)
        if content_key:
            self.by_text.setdefault(content_key, path)
        if identity:
            self.by_identity.setdefault(identity, []).append((path, lines))

    @classmethod
    def from_database(cls, conn: sqlite3.Connection) -> Copies:
        """The originals a database already holds, in the order they were written."""
        copies = cls()
        rows = conn.execute(
            "select f.path, f.sha256, p.content_key, d.unit, d.year, d.kind, d.scope, p.lines"
            " from files f join documents d on d.id = f.document_id"
            " left join fingerprints p on p.document_id = d.id"
            " where f.status = 'ingested' order by f.document_id"
        )
        for path, sha256, content_key, unit, year, kind, scope, lines in rows:
            copies._add(
                path, sha256, content_key, identity_key(unit, year, kind, scope), unpack(lines)
            )
        return copies


def fingerprint_row(document_id: int, prepared: Prepared) -> dict:
    return {
        "document_id": document_id,
        "content_key": prepared.content_key,
        "lines": pack(prepared.lines),
    }


def pack(lines: frozenset[int]) -> bytes:
    return array.array("I", sorted(lines)).tobytes()


def unpack(data: bytes | None) -> frozenset[int]:
    if not data:
        return frozenset()
    values = array.array("I")
    values.frombytes(data)
    return frozenset(values)
