"""The knowledge base's stylesheet (``kb/web/static/kb.css``), served at ``/-/kb.css`` and
added to every page."""

from __future__ import annotations

from importlib import resources

from datasette import hookimpl
from datasette.utils.asgi import Response

CSS = resources.files("kb.web").joinpath("static/kb.css")


async def stylesheet():
    return Response(CSS.read_text("utf-8"), content_type="text/css; charset=utf-8")


@hookimpl
def register_routes():
    return [(r"^/-/kb\.css$", stylesheet)]


@hookimpl
def extra_css_urls(datasette):
    return [datasette.urls.path("/-/kb.css")]
