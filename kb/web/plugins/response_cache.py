"""Pages kept in memory: the served database does not change while the server runs
(``generation.py`` pins it), so a page asked for again is the same page. A table page with
facets costs ~175 ms of CPU; from the cache it costs well under one.

Only GET requests answered 200, without cookies either way, up to ``MAX_BODY`` bytes
each and ``MAX_BYTES`` in all (least recently used first out).
"""

from __future__ import annotations

from collections import OrderedDict

from datasette import hookimpl

MAX_BODY = 2 << 20
MAX_BYTES = 64 << 20


class ResponseCache:
    def __init__(self, max_bytes: int = MAX_BYTES):
        self.max_bytes = max_bytes
        self.size = 0
        self.pages: OrderedDict[tuple, tuple[dict, bytes]] = OrderedDict()

    def get(self, key: tuple):
        page = self.pages.get(key)
        if page is not None:
            self.pages.move_to_end(key)
        return page

    def put(self, key: tuple, start: dict, body: bytes) -> None:
        if key in self.pages or len(body) > MAX_BODY:
            return
        self.pages[key] = (start, body)
        self.size += len(body)
        while self.size > self.max_bytes:
            _, (_, old) = self.pages.popitem(last=False)
            self.size -= len(old)


def _cacheable(scope) -> bool:
    return (
        scope["type"] == "http"
        and scope.get("method") == "GET"
        and not any(name == b"cookie" for name, _ in scope.get("headers", []))
    )


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        cache = ResponseCache()

        async def cached(scope, receive, send):
            if not _cacheable(scope):
                return await app(scope, receive, send)
            key = (scope.get("root_path", ""), scope.get("path"), scope.get("query_string", b""))
            page = cache.get(key)
            if page is not None:
                start, body = page
                await send(start)
                return await send({"type": "http.response.body", "body": body})
            seen: dict = {"chunks": [], "size": 0}

            async def keep(message):
                if message["type"] == "http.response.start":
                    seen["start"] = message
                elif message["type"] == "http.response.body" and seen["size"] <= MAX_BODY:
                    seen["chunks"].append(message.get("body", b""))
                    seen["size"] += len(message.get("body", b""))
                await send(message)

            await app(scope, receive, keep)
            start = seen.get("start")
            if (
                start
                and start["status"] == 200
                and not any(name == b"set-cookie" for name, _ in start.get("headers", []))
            ):
                cache.put(key, start, b"".join(seen["chunks"]))

        return cached

    return wrap
