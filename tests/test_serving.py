"""The served site against what a public site meets (issue 17's probes, pinned): no pointer
out of SQLite, no spreadsheet formula in a download, a 4xx with the reason for every
malformed parameter instead of a 500, load shed with a fast 503, no server path shown,
and a database file written with the user's umask."""

from __future__ import annotations

import asyncio
import csv
import io
import os
import stat

import pytest
from datasette.app import Datasette

from kb.build import build
from kb.web.plugins import hardening
from kb.web.serve import datasette_options

from .conftest import CORPUS


@pytest.fixture(scope="module")
def loop():
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


@pytest.fixture(scope="module")
def ds(corpus_db_path, loop) -> Datasette:
    ds = Datasette(immutables=[str(corpus_db_path)], **datasette_options())
    loop.run_until_complete(ds.invoke_startup())
    return ds


@pytest.fixture(scope="module")
def get(ds, loop):
    def fetch(path: str, params: dict | None = None):
        return loop.run_until_complete(ds.client.get(path, params=params))

    return fetch


@pytest.mark.parametrize(
    "sql", ["select fts3_tokenizer('simple')", "select fts3_tokenizer('simple', x'00')"]
)
def test_no_pointer_leaves_sqlite(get, sql):
    response = get("/kb.json", {"sql": sql})
    assert response.status_code == 400
    assert response.json()["rows"] == [] and "$base64" not in response.text
    assert response.json()["error"] == "user-defined function raised exception"


def test_downloads_carry_no_formula(get):
    sql = "select '=1+1' as a, '+SUM(A1)' as b, '-2+3' as c, '@cmd' as d, char(9) || 'x' as e, 'ok' as f"
    body = get("/kb.excel", {"sql": sql}).content.decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(body)))
    assert row == {
        "a": "'=1+1",
        "b": "'+SUM(A1)",
        "c": "'-2+3",
        "d": "'@cmd",
        "e": "'\tx",
        "f": "ok",
    }


@pytest.mark.parametrize(
    ("path", "params", "status", "says"),
    [
        ("/kb/-/document/" + "9" * 30, None, 404, ""),
        ("/kb/-/document/1", {"fact": "9" * 30}, 400, "?fact= must be a whole number"),
        ("/kb/-/document/1", {"row": "²"}, 400, "?row= must be a whole number"),
        ("/kb/-/document/1", {"segment": "-1"}, 400, "?segment= must be a whole number"),
        ("/kb/-/search", {"q": "三公", "_size": "²"}, 400, "_size must be a positive whole number"),
        ("/kb/-/search", {"q": " ".join(["公"] * 60)}, 400, "too many words"),
        ("/kb/-/search", {"q": "公" * 5_000}, 400, "The search is too long"),
        ("/-/search", {"q": "公" * 5_000}, 400, "The search is too long"),
        ("/kb/facts", {"_sort": "nonexistent"}, 400, "Cannot sort table by nonexistent"),
        ("/kb/facts", {"_sort_desc": "\x00"}, 400, "control characters"),
        ("/kb/facts", {"_facet": "\x00"}, 400, "control characters"),
        ("/kb/facts", {"_where": "\x00"}, 400, "control characters"),
        ("/kb/-/unit/" + "9" * 18, None, 404, "Unit not found"),
    ],
)
def test_a_malformed_request_gets_a_4xx_with_the_reason(get, path, params, status, says):
    response = get(path, params)
    assert response.status_code == status, response.text[:300]
    assert says in response.text


def test_no_server_path_is_shown(get, corpus_db_path):
    response = get("/-/databases.json")
    assert response.status_code == 200
    assert [d["name"] for d in response.json()] == ["kb"]
    assert "path" not in response.json()[0]
    assert str(corpus_db_path.parent) not in response.text


def test_load_beyond_the_queue_gets_a_fast_503(corpus_db_path, monkeypatch):
    monkeypatch.setattr(hardening, "MAX_ACTIVE", 1)
    monkeypatch.setattr(hardening, "QUEUE_SECONDS", 0.05)
    loop = asyncio.new_event_loop()
    try:
        ds = Datasette(immutables=[str(corpus_db_path)], **datasette_options())
        loop.run_until_complete(ds.invoke_startup())
        slow = (
            "with recursive n(i) as (select 1 union all select i + 1 from n where i < 300000)"
            " select count(*) from n"
        )

        async def both():
            return await asyncio.gather(
                ds.client.get("/kb.json", params={"sql": slow}),
                ds.client.get("/kb/facts.json"),
            )

        first, second = loop.run_until_complete(both())
    finally:
        loop.close()
    assert first.status_code == 200
    assert second.status_code == 503 and second.headers["retry-after"] == "2"


def test_the_database_file_takes_the_umask(tmp_path):
    previous = os.umask(0o022)
    try:
        build([CORPUS], tmp_path / "kb.db")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "kb.db").stat().st_mode) == 0o644


def test_a_rebuild_does_not_split_the_site(tmp_path):
    """Datasette and the question app keep serving the file the server started with, so a
    link from an answer opens the figure the answer showed."""
    db_path = tmp_path / "kb.db"
    build([CORPUS], db_path)
    loop = asyncio.new_event_loop()
    try:
        ds = Datasette(immutables=[str(db_path)], **datasette_options())
        loop.run_until_complete(ds.invoke_startup())

        def fetch(path, params=None):
            return loop.run_until_complete(ds.client.get(path, params=params)).json()

        question = {"q": "公务接待费 by unit 2022"}
        answer = fetch("/ask.json", question)
        fact_id = answer["sources"][0][0]["fact_id"]
        before = fetch(f"/kb/facts/{fact_id}.json?_shape=objects")["rows"][0]
        assert before["amount"] == answer["rows"][0][answer["columns"].index("amount")]

        build([next(CORPUS.glob("004_*"))], db_path)  # a new file renamed over the path
        assert fetch("/ask.json", question) == answer
        assert fetch(f"/kb/facts/{fact_id}.json?_shape=objects")["rows"][0] == before
        database = ds.get_database("kb")
        fresh = database.connect()  # a connection made after the rebuild
        assert fresh.execute("select count(*) from documents").fetchone() == (5,)
        fresh.close()
        assert fetch("/-/databases.json")[0]["name"] == "kb"
    finally:
        loop.close()


def test_a_page_asked_for_again_comes_from_memory():
    from kb.web.plugins import response_cache

    calls = []

    async def app(scope, receive, send):
        calls.append(scope["path"])
        status = 404 if scope["path"] == "/missing" else 200
        await send({"type": "http.response.start", "status": status, "headers": []})
        await send({"type": "http.response.body", "body": scope["path"].encode()})

    cached = response_cache.asgi_wrapper(datasette=None)(app)

    def get(path, method="GET", headers=()):
        sent = []

        async def send(message):
            sent.append(message)

        scope = {
            "type": "http",
            "method": method,
            "path": path,
            "query_string": b"",
            "headers": list(headers),
        }
        asyncio.run(cached(scope, None, send))
        return sent[0]["status"], sent[1]["body"]

    assert get("/kb/facts") == get("/kb/facts") == (200, b"/kb/facts")
    assert get("/missing") == get("/missing") == (404, b"/missing")
    get("/kb/facts", method="POST")
    get("/kb/facts", headers=[(b"cookie", b"ds_actor=x")])
    assert calls == ["/kb/facts", "/missing", "/missing", "/kb/facts", "/kb/facts"]

    small = response_cache.ResponseCache(max_bytes=10)
    small.put(("a",), {}, b"123456")
    small.put(("b",), {}, b"123456")
    assert small.get(("a",)) is None and small.get(("b",)) == ({}, b"123456")


def test_the_pinned_file_goes_when_the_server_shuts_down(tmp_path):
    db_path = tmp_path / "kb.db"
    build([CORPUS], db_path)
    loop = asyncio.new_event_loop()
    try:
        ds = Datasette(immutables=[str(db_path)], **datasette_options())
        loop.run_until_complete(ds.invoke_startup())
        links = list(tmp_path.glob(".kb.db.served-by-*"))
        assert [link.name for link in links] == [f".kb.db.served-by-{os.getpid()}"]
        assert links[0].stat().st_ino == db_path.stat().st_ino
        messages = iter([{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}])
        sent = []

        async def receive():
            return next(messages)

        async def send(message):
            sent.append(message["type"])

        loop.run_until_complete(ds.app()({"type": "lifespan"}, receive, send))
    finally:
        loop.close()
    assert "lifespan.shutdown.complete" in sent
    assert list(tmp_path.glob(".kb.db.served-by-*")) == []


def test_facets_of_a_whole_table_come_from_the_builds_counts(corpus_db_path, tmp_path, monkeypatch):
    """A page with no filter reads its facets from facet_counts (here made wrong on purpose
    to show where they come from); a filtered page is counted by Datasette."""
    import shutil
    import sqlite3

    from kb.web.plugins import facet_counts

    db_path = tmp_path / "kb.db"
    shutil.copyfile(corpus_db_path, db_path)
    conn = sqlite3.connect(db_path)
    truth = dict(conn.execute("select unit, count(*) from facts group by unit").fetchall())
    stored = dict(
        conn.execute(
            "select value, count from facet_counts where table_name = 'facts'"
            " and filter_column = '' and column_name = 'unit'"
        ).fetchall()
    )
    assert stored == truth  # what the build wrote
    conn.execute("update facet_counts set count = count + 1000 where column_name = 'unit'")
    conn.commit()
    conn.close()
    loop = asyncio.new_event_loop()
    try:
        ds = Datasette(immutables=[str(db_path)], **datasette_options())
        loop.run_until_complete(ds.invoke_startup())

        def facet(path):
            data = loop.run_until_complete(ds.client.get(path)).json()
            return {r["value"]: r["count"] for r in data["facet_results"]["unit"]["results"]}, data

        whole, data = facet("/kb/facts.json?_size=0")
        assert whole == {unit: count + 1000 for unit, count in truth.items()}
        assert data["suggested_facets"]  # a small table still gets suggestions
        # within one year: counted within the year too (made wrong the same way)
        in_2022 = {
            u: c
            for u, c in truth.items()
            if u not in ("吉林省政务服务和数字化建设服务中心", "临江市政务服务和数字化建设管理局")
        }
        filtered, _ = facet("/kb/facts.json?_size=0&year=2022")
        assert filtered == {u: c + 1000 for u, c in in_2022.items()}
        # two filters: counted by Datasette, right
        filtered, _ = facet("/kb/facts.json?_size=0&year=2022&kind=预算")
        assert filtered == in_2022
        monkeypatch.setattr(facet_counts, "LARGE", 10)
        _, data = facet("/kb/facts.json?_size=0&kind=预算")
        assert data["suggested_facets"] == []  # more rows than LARGE: none suggested
    finally:
        loop.close()


def test_the_question_vocabulary_is_read_at_startup(tmp_path):
    """The first question does not wait for the vocabulary (seconds on a national
    database): it is read when the server starts, for the pinned file the app reads."""
    from kb.ask import vocab

    db = tmp_path / "kb.db"
    build([CORPUS], db)
    key = (db.stat().st_dev, db.stat().st_ino)
    vocab._CACHE.clear()
    ds = Datasette(immutables=[str(db)], **datasette_options())
    asyncio.run(ds.invoke_startup())
    loaded = [v for k, v in vocab._CACHE.items() if k[:2] == key]
    assert len(loaded) == 1 and "吉林市政务信息中心" in loaded[0].units
    response = asyncio.run(ds.client.get("/ask.json", params={"q": "公务接待费 by unit 2022"}))
    assert response.status_code == 200
    assert [v for k, v in vocab._CACHE.items() if k[:2] == key] == loaded  # not read again


def test_table_counts_and_hash_come_from_an_inspect_file_made_once_per_file(tmp_path):
    """kb serve gives Datasette the table counts and hash (--inspect-file), worked out once
    per database file, not at a reader's first page; a new build gets new ones."""
    import json
    import sqlite3

    from datasette.inspect import inspect_hash

    from kb.web.inspect import current_inspect_file
    from kb.web.serve import datasette_command

    db = tmp_path / "kb.db"
    build([CORPUS], db)
    path, written = current_inspect_file(db)
    assert written and path.name == ".kb.db.inspect.json"
    data = json.loads(path.read_text("utf-8"))
    conn = sqlite3.connect(db)
    facts = conn.execute("select count(*) from facts").fetchone()[0]
    conn.close()
    assert data["kb"]["tables"]["facts"] == {"count": facts}
    assert data["kb"]["tables"]["documents"] == {"count": 5}
    assert data["kb"]["hash"] == inspect_hash(db)
    assert current_inspect_file(db) == (path, False)  # the same file: not counted again
    assert "--inspect-file" in datasette_command(str(db), "127.0.0.1", 8001, str(path))

    data["kb"]["tables"]["facts"]["count"] = 123456789  # what Datasette shows is the file's
    ds = Datasette(immutables=[str(db)], inspect_data=data, **datasette_options())
    tables = asyncio.run(ds.client.get("/kb.json")).json()["tables"]
    assert {t["name"]: t["count"] for t in tables}["facts"] == 123456789

    build([CORPUS], db)  # a new file renamed over the path
    path, written = current_inspect_file(db)
    assert written and json.loads(path.read_text("utf-8"))["kb"]["tables"]["facts"] == {
        "count": facts
    }
