"""Compact table cells on the ``segments`` page.

A table segment keeps its cells as JSON (``header``, ``rows``, ``row_lines``); shown raw they
make every row of the HTML table screens tall. On table pages they are summarised (the
header's first row, the number of rows and the first one, the range of source lines) with a
link to the table on its document page. JSON, CSV and the row page's JSON keep them whole.
"""

from __future__ import annotations

import json

from datasette import hookimpl
from markupsafe import Markup, escape

from ..databases import is_kb_database
from ..html import cell_value
from ..links import document_url

PREVIEW = 60


def _cells(text) -> list:
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return []
    return value if isinstance(value, list) else []


def _preview(cells: list) -> str:
    text = " | ".join(str(c) for c in cells if str(c).strip())
    return text if len(text) <= PREVIEW else text[:PREVIEW] + "…"


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if (
        table != "segments"
        or column not in ("header", "rows", "row_lines")
        or not isinstance(value, str)
    ):
        return None

    async def inner():
        if not await is_kb_database(datasette, database):
            return None
        data = _cells(value)
        if column == "row_lines":
            numbers = [n for n in data if isinstance(n, int)]
            return f"{numbers[0]}–{numbers[-1]}" if numbers else ""
        if column == "header":
            first = data[0] if data and isinstance(data[0], list) else []
            return Markup('<span class="kb-cells" title="{}">{}</span>').format(
                f"{len(data)} 行表头", _preview(first)
            )
        first = data[0] if data and isinstance(data[0], list) else []
        document_id, segment_id = cell_value(row, "document_id"), cell_value(row, "id")
        summary = escape(f"{len(data)} 行：{_preview(first)}")
        if document_id is None or segment_id is None:
            return summary
        href = document_url(datasette, database, document_id, segment=segment_id)
        return summary + Markup(' <a class="kb-source-link" href="{}">表格 ↗</a>').format(href)

    return inner
