"""What a public site meets, answered with a 4xx or a fast 503 instead of a 500 or a long
wait:

* a request whose URL holds a NUL or another control character is refused (400) before
  it reaches SQLite, which would fail on it with a 500 (``_facet``, ``_where``, ``_sort``);
* Datasette's own errors that are the request's fault (a ``_sort`` by a column that does
  not exist, a number too large for SQLite) become 400s with the reason;
* at most ``MAX_ACTIVE`` requests are worked on at once; one more waits up to
  ``QUEUE_SECONDS`` for its turn and then gets 503 with ``Retry-After`` (a 2-core server
  under 200 clients answers or sheds load, and nobody waits 19 s);
* ``fts3_tokenizer()``, which returns a pointer into the server's memory (and with two
  arguments registers one), is disabled on every connection;
* ``/-/databases.json`` does not show where the database file is on the server's disk.
"""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
from urllib.parse import unquote_to_bytes

from datasette import hookimpl
from datasette.utils.asgi import Response

MAX_ACTIVE = 16
QUEUE_SECONDS = 2.0
RETRY_AFTER = "2"
CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CLIENT_ERRORS = (
    re.compile(r"^Cannot sort table by "),
    re.compile(r"null character"),
    re.compile(r"too large to convert to SQLite INTEGER|int too large"),
    re.compile(r"^Invalid _sort|^Invalid _facet|^Invalid _where"),
)


def _fts3_tokenizer_disabled(*args):
    raise sqlite3.OperationalError("fts3_tokenizer() is disabled on this server")


@hookimpl
def prepare_connection(conn):
    for arguments in (1, 2):
        conn.create_function("fts3_tokenizer", arguments, _fts3_tokenizer_disabled)


def bad_characters(scope) -> bool:
    raw = unquote_to_bytes(scope.get("query_string", b"")) + unquote_to_bytes(
        scope.get("raw_path") or scope.get("path", "").encode("utf-8", "surrogatepass")
    )
    return bool(CONTROL.search(raw))


async def _send_text(send, status: int, text: str, headers: list | None = None) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"text/plain; charset=utf-8"), *(headers or [])],
        }
    )
    await send({"type": "http.response.body", "body": text.encode("utf-8")})


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        state: dict = {}

        async def guarded(scope, receive, send):
            if scope["type"] != "http":
                return await app(scope, receive, send)
            if bad_characters(scope):
                return await _send_text(send, 400, "Bad request: control characters in the URL")
            gate = state.setdefault("gate", asyncio.Semaphore(MAX_ACTIVE))
            try:
                await asyncio.wait_for(gate.acquire(), QUEUE_SECONDS)
            except TimeoutError:
                return await _send_text(
                    send,
                    503,
                    "The server is busy: try again in a moment",
                    [(b"retry-after", RETRY_AFTER.encode())],
                )
            try:
                return await app(scope, receive, send)
            finally:
                gate.release()

        return guarded

    return wrap


@hookimpl
def handle_exception(datasette, request, exception):
    message = str(exception)
    if not isinstance(exception, OverflowError) and not any(
        p.search(message) for p in CLIENT_ERRORS
    ):
        return None

    async def inner():
        if request.path.endswith(".json"):
            body = {"ok": False, "error": message, "status": 400, "title": "Bad request"}
            return Response.json(body, status=400)
        html = await datasette.render_template(
            "error.html",
            {"ok": False, "error": message, "status": 400, "title": "Bad request"},
            request=request,
        )
        return Response.html(html, status=400)

    return inner


async def databases_json(datasette, request):
    """Datasette's list of databases, without their paths on the server."""
    listed = [
        {
            "name": name,
            "route": database.route,
            "size": database.size,
            "is_mutable": database.is_mutable,
            "is_memory": database.is_memory,
            "hash": database.hash,
        }
        for name, database in datasette.databases.items()
        if name != "_internal"
    ]
    return Response(json.dumps(listed), content_type="application/json; charset=utf-8")


@hookimpl
def register_routes():
    return [(r"^/-/databases\.json$", databases_json)]
