"""Provenance: every fact and segment links to its source.

* ``/{db}/-/document/{id}``: a page per document that shows the source as the knowledge
  base holds it: headings, paragraphs, glossary terms and every table (header and body
  rows), each with its source line (text files) or page (PDFs, linked to the PDF at that
  page). ``?segment=S&row=R`` highlights a segment or one table row and the URL's
  ``#sS-rR`` scrolls to it; ``?fact=F`` does the same for a fact and also marks the
  figure itself. The page lists the document's statements (tables) and its facts.
* ``/{db}/-/source/{id}``: the document's source file, read-only, inline (a PDF opens at
  ``#page=N``). Only the file recorded in ``documents.path`` for that id is ever served:
  the request names a document id, never a path.
* Cells that link there: ``facts.source`` (table and row, or 情况说明 and line),
  ``segments.line``/``segments.page``, ``glossary.segment_id``, ``unplaced.line``,
  ``documents.title`` and ``documents.path``, and a ``fact_id`` column of a query.
"""

from __future__ import annotations

import json
from urllib.parse import quote

from datasette import hookimpl
from datasette.utils.asgi import BadRequest, NotFound, Response
from markupsafe import Markup, escape

from ..databases import database_file, ensure_kb_table, is_kb_database, resolve_source
from ..html import amount_html, cell_value, format_amount, highlight_html
from ..links import document_url, source_url

CONTENT_TYPES = {".pdf": "application/pdf", ".txt": "text/plain", ".md": "text/markdown"}


def _link(href: str, text: str, title: str = "") -> Markup:
    title_attr = f' title="{escape(title)}"' if title else ""
    return Markup(f'<a class="kb-source-link" href="{escape(href)}"{title_attr}>{escape(text)}</a>')


def _where(page, line) -> str:
    if page:
        return f"第{page}页"
    if line:
        return f"第{line}行"
    return "原文"


def _fact_cell(datasette, database, row) -> Markup | None:
    document_id = cell_value(row, "document_id")
    if document_id is None:
        return None
    segment, table_row, fact_id = (
        cell_value(row, "segment_id"),
        cell_value(row, "row"),
        cell_value(row, "id"),
    )
    page, line = cell_value(row, "page"), cell_value(row, "line")
    if cell_value(row, "source") == "narrative" or cell_value(row, "statement") == "情况说明":
        text = f"情况说明 · {_where(page, line)}"
    else:
        table = cell_value(row, "table_number") or cell_value(row, "statement") or "表"
        text = f"{table} · 第{table_row}行" if table_row else str(table)
    href = document_url(
        datasette, database, document_id, segment=segment, row=table_row, fact=fact_id
    )
    return _link(href, text + " ↗", "在原文中查看 show in the source")


def _segment_cell(datasette, database, row, column) -> Markup | None:
    document_id, segment_id = cell_value(row, "document_id"), cell_value(row, "id")
    value = cell_value(row, column)
    if document_id is None or segment_id is None or value is None:
        return None
    if column == "page":
        links = _link(
            document_url(datasette, database, document_id, segment=segment_id), f"第{value}页"
        )
        pdf = source_url(datasette, database, document_id, page=value)
        return (
            links + Markup(" ") + _link(pdf, "PDF ↗", "打开 PDF 的这一页 open the PDF at this page")
        )
    return _link(
        document_url(datasette, database, document_id, segment=segment_id), f"第{value}行 ↗"
    )


async def _fact_id_cell(datasette, database, fact_id) -> Markup | None:
    db = datasette.get_database(database)
    fact = (
        await db.execute(
            "select id, document_id, segment_id, row from facts where id = ?", [fact_id]
        )
    ).first()
    if fact is None:
        return None
    href = document_url(
        datasette,
        database,
        fact["document_id"],
        segment=fact["segment_id"],
        row=fact["row"],
        fact=fact["id"],
    )
    return _link(href, f"{fact_id} 原文 ↗", "在原文中查看 show in the source")


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if table is None and column == "fact_id" and isinstance(value, int):
        # a canned query's (or SQL's) link to a fact's source

        async def fact_link():
            if not await is_kb_database(datasette, database):
                return None
            return await _fact_id_cell(datasette, database, value)

        return fact_link
    wanted = {
        "facts": ("source",),
        "segments": ("line", "page"),
        "glossary": ("segment_id",),
        "unplaced": ("line",),
        "documents": ("title", "path"),
    }
    if table not in wanted or column not in wanted[table] or value is None:
        return None

    async def inner():
        if not await is_kb_database(datasette, database):
            return None
        if table == "facts":
            return _fact_cell(datasette, database, row)
        if table == "segments":
            return _segment_cell(datasette, database, row, column)
        if table == "documents":
            document_id = cell_value(row, "id")
            if document_id is None:
                return None
            if column == "title":
                return _link(document_url(datasette, database, document_id), str(value))
            return _link(
                source_url(datasette, database, document_id), str(value), "源文件 source file"
            )
        # glossary.segment_id and unplaced.line: the segment (and row) in its document
        document_id = cell_value(row, "document_id")
        segment = cell_value(row, "segment_id")
        if document_id is None or segment is None:
            return None
        table_row = cell_value(row, "row") if table == "unplaced" else None
        text = f"第{value}行 ↗" if table == "unplaced" else f"{segment} 原文 ↗"
        return _link(
            document_url(datasette, database, document_id, segment=segment, row=table_row), text
        )

    return inner


# --- the document page -----------------------------------------------------------------


def _json_list(text) -> list:
    if not text:
        return []
    try:
        value = json.loads(text)
    except ValueError:
        return []
    return value if isinstance(value, list) else []


MAX_DIGITS = 18  # SQLite integers are 64-bit


def _int_arg(request, name: str) -> int | None:
    """A whole-number query parameter; anything else in it is the request's mistake."""
    value = request.args.get(name)
    if not value:
        return None
    if not (value.isascii() and value.isdigit() and len(value) <= MAX_DIGITS):
        raise BadRequest(f"?{name}= must be a whole number of at most {MAX_DIGITS} digits")
    return int(value)


def _mark_cells(cells: list[str], printed: str | None) -> list[dict]:
    wanted = (printed or "").strip()
    return [{"text": c, "marked": bool(wanted) and str(c).strip() == wanted} for c in cells]


def _paragraph_html(text: str, printed: str | None) -> Markup:
    if printed:
        return highlight_html(text, printed.replace(" ", ""))
    return escape(text)


async def document_page(datasette, request):
    database = request.url_vars["database"]
    document_id = int(request.url_vars["document_id"])
    await ensure_kb_table(datasette, request, database, "documents")
    db = datasette.get_database(database)
    document = (await db.execute("select * from documents where id = ?", [document_id])).first()
    if document is None:
        raise NotFound("Document not found")
    document = dict(document)

    focus_fact = None
    fact_id = _int_arg(request, "fact")
    if fact_id is not None:
        row = (
            await db.execute(
                "select * from facts where id = ? and document_id = ?", [fact_id, document_id]
            )
        ).first()
        focus_fact = dict(row) if row else None
    focus_segment = _int_arg(request, "segment")
    focus_row = _int_arg(request, "row")
    if focus_fact:
        focus_segment = focus_fact["segment_id"]
        focus_row = focus_fact["row"]
    printed = focus_fact["printed"] if focus_fact else None

    terms = {
        r["segment_id"]: r
        for r in (
            await db.execute(
                "select segment_id, term, definition from glossary where document_id = ?",
                [document_id],
            )
        ).rows
    }
    segments = []
    for seg in (
        await db.execute(
            """select id, kind, section, page, line, position, level, text, table_title,
                      table_number, statement, table_unit, header, rows, row_lines, row_count
               from segments where document_id = ? order by position, id""",
            [document_id],
        )
    ).rows:
        seg = dict(seg)
        focused = seg["id"] == focus_segment
        seg["anchor"] = f"s{seg['id']}"
        seg["where"] = _where(seg["page"], seg["line"])
        seg["pdf_url"] = (
            source_url(datasette, database, document_id, page=seg["page"]) if seg["page"] else None
        )
        seg["focused"] = focused and focus_row is None
        if seg["kind"] == "table":
            lines = _json_list(seg["row_lines"])
            seg["header_rows"] = _json_list(seg["header"])
            seg["body_rows"] = [
                {
                    "number": i,
                    "anchor": f"s{seg['id']}-r{i}",
                    "line": lines[i - 1] if i - 1 < len(lines) else None,
                    "focused": focused and focus_row == i,
                    "cells": _mark_cells(cells, printed if focused and focus_row == i else None),
                }
                for i, cells in enumerate(_json_list(seg["rows"]), start=1)
            ]
            seg["width"] = max(
                [len(r) for r in seg["header_rows"]]
                + [len(r["cells"]) for r in seg["body_rows"]]
                + [1]
            )
        elif seg["kind"] == "glossary" and seg["id"] in terms:
            seg["term"] = terms[seg["id"]]["term"]
            seg["definition"] = terms[seg["id"]]["definition"]
        else:
            seg["html"] = _paragraph_html(seg["text"] or "", printed if focused else None)
        segments.append(seg)

    facts = [
        dict(f)
        for f in (
            await db.execute(
                """select * from facts where document_id = ? order by segment_id, row, id""",
                [document_id],
            )
        ).rows
    ]
    by_statement: dict[str, list[dict]] = {}
    for fact in facts:
        fact["href"] = document_url(
            datasette,
            database,
            document_id,
            segment=fact["segment_id"],
            row=fact["row"],
            fact=fact["id"],
        )
        fact["amount_display"] = amount_html(
            fact["amount"], fact.get("source"), fact.get("verified")
        )
        by_statement.setdefault(fact["statement"] or "其他", []).append(fact)
    fact_counts = {}
    for fact in facts:
        fact_counts[fact["segment_id"]] = fact_counts.get(fact["segment_id"], 0) + 1
    statements = [
        {**s, "facts": fact_counts.get(s["id"], 0)} for s in segments if s["kind"] == "table"
    ]

    completeness, failures = await _document_checks(db, document_id)
    source_file = resolve_source(
        document["path"], database_file(datasette, database), document["sha256"]
    )
    context = {
        "completeness": completeness,
        "failures": failures,
        "checks_href": datasette.urls.table(database, "checks") + f"?document_id={document_id}",
        "database": database,
        "document": document,
        "segments": segments,
        "statements": statements,
        "facts_by_statement": list(by_statement.items()),
        "fact_total": len(facts),
        "focus_fact": focus_fact,
        "focus_anchor": (
            f"s{focus_segment}" + (f"-r{focus_row}" if focus_row else "") if focus_segment else None
        ),
        "focus_amount": format_amount(focus_fact["amount"]) if focus_fact else None,
        "source_href": source_url(datasette, database, document_id) if source_file else None,
        "row_href": datasette.urls.row(database, "documents", str(document_id)),
        "facts_href": datasette.urls.table(database, "facts") + f"?document_id={document_id}",
        "segments_href": datasette.urls.table(database, "segments") + f"?document_id={document_id}",
    }
    return Response.html(
        await datasette.render_template("kb_document.html", context, request=request)
    )


async def _document_checks(db, document_id: int) -> tuple[list[dict], list[dict]]:
    """The document's table completeness and its failed checks, when the build wrote checks."""
    if not await db.table_exists("checks"):
        return [], []
    rows = (
        await db.execute(
            """select id, "check" as name, status, presence, statement, subject, found, expected,
                      difference, detail, segment_id
               from checks where document_id = ? and ("check" = '必备表格' or status = 'fail')
               order by id""",
            [document_id],
        )
    ).rows
    rows = [dict(r) for r in rows]
    return [r for r in rows if r["name"] == "必备表格"], [
        r for r in rows if r["name"] != "必备表格" and r["status"] == "fail"
    ]


async def source_file(datasette, request):
    """The source file recorded for a document; nothing else, read-only."""
    if request.method not in ("GET", "HEAD"):
        return Response.text("Method not allowed", status=405)
    database = request.url_vars["database"]
    document_id = int(request.url_vars["document_id"])
    await ensure_kb_table(datasette, request, database, "documents")
    db = datasette.get_database(database)
    document = (
        await db.execute(
            "select path, filename, encoding, sha256 from documents where id = ?", [document_id]
        )
    ).first()
    if document is None:
        raise NotFound("Document not found")
    path = resolve_source(document["path"], database_file(datasette, database), document["sha256"])
    if path is None:
        raise NotFound("The source file of this document is not available here")
    content_type = CONTENT_TYPES.get(path.suffix.lower(), "application/octet-stream")
    if content_type.startswith("text/"):
        content_type += f"; charset={document['encoding'] or 'utf-8'}"
    filename = document["filename"] or path.name
    return Response(
        path.read_bytes(),
        content_type=content_type,
        headers={
            "content-disposition": f"inline; filename*=UTF-8''{quote(filename)}",
            "x-content-type-options": "nosniff",
            "cache-control": "max-age=3600",
        },
    )


@hookimpl
def register_routes():
    return [
        (r"^/(?P<database>[^/]+)/-/document/(?P<document_id>[0-9]{1,18})$", document_page),
        (r"^/(?P<database>[^/]+)/-/source/(?P<document_id>[0-9]{1,18})$", source_file),
    ]
