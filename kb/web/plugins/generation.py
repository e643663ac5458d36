"""One database generation per server.

``kb build`` replaces ``kb.db`` by renaming a new file over it. A server that opened the
old file keeps it in the connections it has, but opens the new one in every connection
it makes later (Datasette opens them lazily, per thread; the question app per request),
so one page could show the old file and a link from it open the new one: another unit's
figure under the same fact id.

At startup every immutable database file is pinned: a hard link to it is made beside it
(``.kb.db.served-by-<pid>``), and from then on every connection, Datasette's and the
question app's, opens the link — the very file the server started with, whatever is
renamed over the path. Restart the server to serve a new build. The link goes when the
server shuts down (ASGI lifespan), or, after a crash, when the next server starts. Where no link can be made
(a read-only folder, another file system) the path is served as it is.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
from pathlib import Path

from datasette import hookimpl

from ...processes import is_alive
from ..databases import ORIGINAL_PATH

LINK = re.compile(r"^\.(?P<name>.+)\.served-by-(?P<pid>\d+)$")
LINKS: list[Path] = []  # made by this process


def pin(database) -> None:
    path = getattr(database, "path", None)
    if database.is_mutable or database.is_memory or not path or hasattr(database, ORIGINAL_PATH):
        return
    original = Path(path)
    _remove_stale_links(original)
    link = original.with_name(f".{original.name}.served-by-{os.getpid()}")
    try:
        link.unlink(missing_ok=True)
        os.link(original, link)
    except OSError:
        return
    LINKS.append(link)
    atexit.register(_unlink, link)
    setattr(database, ORIGINAL_PATH, path)
    database.path = str(link)


def _unlink(link: Path) -> None:
    with contextlib.suppress(OSError):
        link.unlink()


def _remove_stale_links(original: Path) -> None:
    for link in original.parent.glob(f".{original.name}.served-by-*"):
        match = LINK.match(link.name)
        if match and match["name"] == original.name and not is_alive(int(match["pid"])):
            _unlink(link)


@hookimpl
def startup(datasette):
    for database in datasette.databases.values():
        pin(database)


@hookimpl
def asgi_wrapper(datasette):
    """Remove the links when the server shuts down: uvicorn ends on SIGTERM by raising the
    signal again after its shutdown, so atexit handlers do not run."""

    def wrap(app):
        async def watched(scope, receive, send):
            if scope["type"] != "lifespan":
                return await app(scope, receive, send)

            async def receive_and_watch():
                message = await receive()
                if message["type"] == "lifespan.shutdown":
                    for link in LINKS:
                        _unlink(link)
                return message

            return await app(scope, receive_and_watch, send)

        return watched

    return wrap
