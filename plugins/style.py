"""The knowledge base's stylesheet (``plugins/kb.css``), served at ``/-/kb.css`` and added
to every page."""

from __future__ import annotations

from pathlib import Path

from datasette import hookimpl
from datasette.utils.asgi import Response

CSS = Path(__file__).with_name("kb.css")


async def stylesheet():
    return Response(CSS.read_text("utf-8"), content_type="text/css; charset=utf-8")


@hookimpl
def register_routes():
    return [(r"^/-/kb\.css$", stylesheet)]


@hookimpl
def extra_css_urls(datasette):
    return [datasette.urls.path("/-/kb.css")]
