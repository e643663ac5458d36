"""Serve the question app (``kb.web.ask``) in Datasette's own process and port.

An ``asgi_wrapper`` sends ``/ask`` (and ``/ask/``), ``/ask.json``, ``/ask.csv`` and
``/ask/static/…`` to the Flask app, run as ASGI (``WsgiApp`` below, with asgiref's WSGI
environ); everything else goes to Datasette. The Flask app reads the database Datasette serves (the first file database,
or the one named in metadata: ``plugins: {ask_mount: {database: kb}}``) and links its
sources to Datasette's row pages on the same origin (``/kb/facts/<id>``).
"""

from __future__ import annotations

import asyncio
import io
import logging
import sqlite3

from datasette import hookimpl

from ...ask.vocab import for_database
from ...errors import KBError
from ...store.connect import connect_readonly
from ..ask.app import create_app

log = logging.getLogger(__name__)

ASK_PATHS = ("/ask", "/ask/", "/ask.json", "/ask.csv")
STATIC_PREFIX = "/ask/static/"


def is_ask_path(path: str) -> bool:
    return path in ASK_PATHS or path.startswith(STATIC_PREFIX)


def _database(datasette) -> tuple[str, str]:
    config = datasette.plugin_config("ask_mount") or {}
    wanted = config.get("database")
    for name, database in datasette.databases.items():
        if getattr(database, "is_memory", False) or not getattr(database, "path", None):
            continue
        if wanted is None or name == wanted:
            return name, database.path
    raise RuntimeError("ask_mount: Datasette serves no database file for the Ask app")


class WsgiApp:
    """A WSGI app as an ASGI app: the request read, the app run in a worker thread, the
    response sent whole (answers are small).

    ``asgiref.wsgi.WsgiToAsgi`` builds the WSGI environ (``build_environ``), but its own
    runner is not used: it runs the app with ``sync_to_async(thread_sensitive=True)`` and
    sends with ``AsyncToSync``, which under uvicorn with keep-alive connections fails on a
    later request with "CurrentThreadExecutor already quit or is broken".
    """

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    async def __call__(self, scope, receive, send):
        chunks = []
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        status, headers, body = await asyncio.to_thread(self.run, scope, b"".join(chunks))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    def run(self, scope, body: bytes):
        from asgiref.wsgi import WsgiToAsgiInstance

        instance = WsgiToAsgiInstance(self.wsgi_app)
        instance.scope = scope
        environ = instance.build_environ(scope, io.BytesIO(body))
        started: dict = {}
        parts: list[bytes] = []

        def start_response(status, headers, exc_info=None):
            started["status"] = int(status.split(" ", 1)[0])
            started["headers"] = [
                (k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers
            ]
            return parts.append

        result = self.wsgi_app(environ, start_response)
        try:
            for part in result:
                parts.append(part)
        finally:
            if hasattr(result, "close"):
                result.close()
        return started["status"], started["headers"], b"".join(parts)


def build_ask_app(datasette):
    name, path = _database(datasette)
    base = datasette.setting("base_url") or "/"
    return WsgiApp(
        create_app({"DATABASE": path, "DATASETTE_DATABASE": name, "DATASETTE_URL": base})
    )


def load_vocabulary(path: str) -> None:
    """Read the question app's vocabulary of ``path`` into its cache (kb.ask.vocab)."""
    conn = connect_readonly(path)
    try:
        for_database(conn, path)
    finally:
        conn.close()


@hookimpl(trylast=True)  # after generation.py has pinned the file the app will read
def startup(datasette):
    """Load the vocabulary before the first question: on a national database it takes
    seconds (every unit name and its parts), which the first asker would otherwise wait."""

    async def warm():
        try:
            _, path = _database(datasette)
            await asyncio.to_thread(load_vocabulary, path)
        except (RuntimeError, KBError, sqlite3.Error) as error:
            log.warning("ask_mount: vocabulary not preloaded: %s", error)

    return warm


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        state: dict = {}

        async def ask_or_datasette(scope, receive, send):
            if scope.get("type") == "http" and is_ask_path(scope.get("path", "")):
                if "app" not in state:
                    state["app"] = build_ask_app(datasette)
                await state["app"](scope, receive, send)
                return
            await app(scope, receive, send)

        return ask_or_datasette

    return wrap
