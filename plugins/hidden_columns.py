"""Columns that table pages do not show.

Datasette 0.65 has no metadata setting that hides a column (``columns`` only describes
them), so a table's ``plugins: {budget-kb: {hidden_columns: [...]}}`` metadata is read here
and passed to the repository's ``templates/_table.html``, which leaves those columns out
of the HTML table (table and row pages). They are still in JSON and Datasette's CSV
(``search_text`` is what the search box searches: the folded text); the Excel download
leaves them out too. Asking for a column explicitly with ``?_col=`` shows it.
"""

from __future__ import annotations

from datasette import hookimpl

from kb.serve import hidden_columns


@hookimpl
def extra_template_vars(database, table, request, datasette):
    return {"kb_hidden_columns": hidden_columns(datasette, database, table, request)}
