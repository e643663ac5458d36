"""Columns that table pages do not show.

Datasette 0.65 has no metadata setting that hides a column (``columns`` only describes
them), so a table's ``plugins: {budget-kb: {hidden_columns: [...]}}`` configuration is read
here and passed to ``templates/_table.html``, which leaves those columns out of the HTML
table before Datasette's own ``_table.html`` draws it (the ``kb_without_cells`` filter
drops their cells). They are still in JSON and Datasette's CSV (``search_text`` is what
the search box searches: the folded text); the Excel download leaves them out too.
Asking for a column explicitly with ``?_col=`` shows it.
"""

from __future__ import annotations

from datasette import hookimpl

from ..html import hidden_columns


def without_cells(rows, hidden):
    """Table rows (lists of cells with a ``column``) without the hidden columns' cells."""
    if not hidden:
        return rows
    kept = []
    for row in rows:
        cells = [cell for cell in row if cell["column"] not in hidden]
        # Datasette's rows are Row objects (iterable cells that also look up by column)
        kept.append(type(row)(cells) if hasattr(row, "cells") else cells)
    return kept


@hookimpl
def prepare_jinja2_environment(env):
    env.filters["kb_without_cells"] = without_cells


@hookimpl
def extra_template_vars(database, table, request, datasette):
    return {"kb_hidden_columns": hidden_columns(datasette, database, table, request)}
