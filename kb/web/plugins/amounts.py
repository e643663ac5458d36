"""Amounts are shown in 万元.

Every ``facts.amount`` is in 万元 (tables printed in 元 are converted by ``kb build``;
``table_unit`` says what the table printed and ``printed`` the figure as printed).
Datasette's ``units`` metadata goes through pint, which has no 万元, so this hook formats
the cell instead: ``1,346.7 万元``. Only the HTML changes; JSON and CSV keep the number. A
figure read by OCR says so beside it (识别自扫描件，已核对 / 未能核对).

The same applies to the money columns of canned queries and SQL on a knowledge base
(``amount``, ``budget``, ``actual``, ``difference``).
"""

from __future__ import annotations

from datasette import hookimpl
from markupsafe import Markup, escape

from ...vocabulary import OCR_VERIFIED, ocr_label
from ..databases import is_kb_database
from ..html import format_amount

AMOUNT_COLUMNS = frozenset({"amount"})


def _column(row, name: str):
    try:
        return row[name]
    except (KeyError, IndexError):
        return None  # a query or a column selection without it


# Money columns of the canned queries in metadata.yml (``table`` is None for a query).
QUERY_AMOUNT_COLUMNS = frozenset({"amount", "budget", "actual", "difference"})


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if value is None or isinstance(value, str | bytes):
        return None
    if not (table == "facts" and column in AMOUNT_COLUMNS) and not (
        table is None and column in QUERY_AMOUNT_COLUMNS
    ):
        return None

    async def inner():
        if not await is_kb_database(datasette, database):
            return None
        label = (
            ocr_label(_column(row, "source"), _column(row, "verified"))
            if table == "facts"
            else None
        )
        flag = ""
        if label is not None:
            css = "kb-ocr" if label == OCR_VERIFIED else "kb-ocr kb-ocr-unverified"
            flag = f' <small class="{css}">{escape(label)}</small>'
        return Markup(
            f'<span class="kb-amount" data-amount="{escape(value)}">{escape(format_amount(value))}'
            f"&nbsp;<small>万元</small>{flag}</span>"
        )

    return inner
