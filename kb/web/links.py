"""URLs of the knowledge base's own pages: a document with a segment, row or fact
highlighted, and its source file."""

from __future__ import annotations

from urllib.parse import urlencode


def document_url(
    datasette,
    database: str,
    document_id: int,
    *,
    segment: int | None = None,
    row: int | None = None,
    fact: int | None = None,
) -> str:
    """The document page, with the segment (and table row) to highlight and jump to."""
    path = datasette.urls.database(database) + f"/-/document/{int(document_id)}"
    query = {k: v for k, v in (("segment", segment), ("row", row), ("fact", fact)) if v is not None}
    url = path + ("?" + urlencode(query) if query else "")
    if segment is not None:
        url += f"#s{int(segment)}" + (f"-r{int(row)}" if row is not None else "")
    return url


def source_url(datasette, database: str, document_id: int, page: int | None = None) -> str:
    """The document's source file (a PDF opens at ``page``)."""
    url = datasette.urls.database(database) + f"/-/source/{int(document_id)}"
    return url + (f"#page={int(page)}" if page else "")
