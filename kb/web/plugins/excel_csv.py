"""An Excel-friendly download: ``.excel`` is CSV in UTF-8 with a byte-order mark.

Excel opens a plain UTF-8 CSV (Datasette's ``.csv``) as if it were in the local code page
and garbles Chinese; with a BOM it reads it right. The download has every row the page's
filters select (not just the page shown: the query is run again without its ``limit``,
up to ``MAX_ROWS``), the columns shown (the table's hidden columns are left out), CRLF
line ends, a ``.csv`` file name, and text that a spreadsheet would run as a formula made
inert (``kb.store.export``).
"""

from __future__ import annotations

import re
import sqlite3
from urllib.parse import quote

from datasette import hookimpl
from datasette.utils import sqlite_timelimit
from datasette.utils.asgi import Response

from ...store.export import csv_text
from ..html import hidden_columns

MAX_ROWS = 500_000
TIME_LIMIT_MS = 30_000
_LIMIT = re.compile(r"\s+limit\s+\d+(\s+offset\s+\d+)?\s*$", re.IGNORECASE)


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bytes):
        return f"<binary: {len(value)} bytes>"
    if isinstance(value, dict) and "value" in value:  # an expanded foreign key
        return value["value"]
    return value


def _all_rows(conn, sql: str, params) -> tuple[list[str], list[tuple]]:
    with sqlite_timelimit(conn, TIME_LIMIT_MS):
        cursor = conn.execute(sql, params)
        return [c[0] for c in cursor.description], cursor.fetchall()


async def render_excel(
    datasette, request, database, table, query_name, columns, rows, data, view_name
):
    db = datasette.get_database(database)
    query = (data or {}).get("query") or {}
    sql, params = query.get("sql"), query.get("params") or {}
    if sql and view_name == "table":
        # a table's own filters (Datasette wrote the SQL): the whole selection, with a
        # time limit of its own (Datasette's execute only lets a query lower its limit)
        whole = _LIMIT.sub("", sql) + f" limit {MAX_ROWS + 1}"
        try:
            columns, rows = await db.execute_fn(lambda conn: _all_rows(conn, whole, params))
        except sqlite3.OperationalError as error:
            if "interrupted" not in str(error):
                raise
            return Response.text(
                f"The export took longer than {TIME_LIMIT_MS // 1000} s: filter the table first.",
                status=400,
            )
    elif sql:  # SQL the user wrote: Datasette's own time limit
        results = await db.execute(sql, params, truncate=False)
        columns, rows = list(results.columns), [tuple(r) for r in results.rows]
    if sql:
        if len(rows) > MAX_ROWS:
            return Response.text(
                f"More than {MAX_ROWS:,} rows: filter the table first.", status=400
            )
    hidden = set(hidden_columns(datasette, database, table, request))
    keep = [i for i, c in enumerate(columns) if c not in hidden]
    body = csv_text(
        [columns[i] for i in keep], ([_cell(row[i]) for i in keep] for row in rows), bom=True
    )
    name = (table or query_name or database) + ".csv"
    return Response(
        body.encode("utf-8"),
        content_type="text/csv; charset=utf-8",
        headers={
            "content-disposition": (
                f'attachment; filename="{name.encode("ascii", "replace").decode().replace("?", "_")}"; '
                f"filename*=UTF-8''{quote(name)}"
            )
        },
    )


@hookimpl
def register_output_renderer(datasette):
    return {"extension": "excel", "render": render_excel}
