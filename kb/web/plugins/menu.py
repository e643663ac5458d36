"""Links in Datasette's menu: the search-everything page and the question app."""

from __future__ import annotations

from datasette import hookimpl

# The question app is mounted at /ask/ (plugins/ask_mount.py, its own developer's).
ASK_PATH = "/ask/"


@hookimpl
def menu_links(datasette):
    return [
        {"href": datasette.urls.path("/-/search"), "label": "全文检索 Search everything"},
        {"href": datasette.urls.path(ASK_PATH), "label": "问答 Ask a question"},
    ]
