"""Building the knowledge base: contents, determinism, bad input, atomicity."""

from __future__ import annotations

import asyncio
import json

import pytest
import sqlite_utils

from kb.build import NothingBuilt, build

from .conftest import CORPUS, SAMPLES, dump_database


def test_documents_table(corpus_db):
    rows = list(
        corpus_db.query(
            "select filename, unit, year, kind, scope, format from documents order by id"
        )
    )
    assert [r["filename"] for r in rows] == sorted(p.name for p in SAMPLES.values())
    assert rows[0] == {
        "filename": "000_054c417f28db0ed0.txt",
        "unit": "吉林市政务信息中心",
        "year": 2022,
        "kind": "预算",
        "scope": "单位",
        "format": "text",
    }


def test_segments_and_glossary_tables(corpus_db):
    counts = dict(
        corpus_db.execute(
            "select d.filename, count(*) from glossary g join documents d on d.id = g.document_id group by 1"
        ).fetchall()
    )
    assert list(counts.values()) == [7, 17, 13, 10, 6]
    kinds = {r[0] for r in corpus_db.execute("select distinct kind from segments")}
    assert kinds == {"heading", "paragraph", "table", "glossary"}
    basic = next(
        corpus_db.query(
            "select * from segments where statement = '基本支出表' and unit = '吉林市政务信息中心'"
        )
    )
    assert basic["table_number"] == "预算表6" and basic["table_unit"] == "万元"
    rows = json.loads(basic["rows"])
    lines = json.loads(basic["row_lines"])
    assert len(rows) == len(lines) == basic["row_count"]
    row = rows.index(["30217", "公务接待费", "0.1", "", "0.1"])
    assert (
        SAMPLES["000"].read_text("utf-8").splitlines()[lines[row] - 1]
        == "30217\t公务接待费\t0.1\t\t0.1"
    )


def test_full_text_index_is_registered(corpus_db):
    assert corpus_db["segments"].detect_fts() == "segments_fts"
    assert corpus_db["glossary"].detect_fts() == "glossary_fts"


def test_rebuild_gives_the_same_database(tmp_path, corpus_db_path):
    again = tmp_path / "again.db"
    build([CORPUS], again)
    assert dump_database(again) == dump_database(corpus_db_path)


def test_same_content_twice_is_one_document(tmp_path, corpus_copy):
    (corpus_copy / "copy_of_000.txt").write_bytes(SAMPLES["000"].read_bytes())
    report = build([corpus_copy], tmp_path / "kb.db")
    assert [f.status for f in report.files].count("duplicate") == 1
    assert sqlite_utils.Database(tmp_path / "kb.db")["documents"].count == 5


def test_gb18030_copy_builds_like_the_original(tmp_path):
    utf8 = tmp_path / "utf8"
    gbk = tmp_path / "gbk"
    utf8.mkdir()
    gbk.mkdir()
    name = SAMPLES["000"].name
    (utf8 / name).write_bytes(SAMPLES["000"].read_bytes())
    (gbk / name).write_bytes(SAMPLES["000"].read_text("utf-8").encode("gb18030"))
    build([utf8], tmp_path / "a.db")
    build([gbk], tmp_path / "b.db")
    query = "select kind, section, text, header, rows from segments order by id"
    a = sqlite_utils.Database(tmp_path / "a.db")
    b = sqlite_utils.Database(tmp_path / "b.db")
    assert list(a.query(query)) == list(b.query(query))
    assert next(b.query("select encoding from documents"))["encoding"] == "gb18030"


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("garbage.txt", bytes(range(256)) * 40, "binary data"),
        ("empty.txt", b"", "empty file"),
        ("truncated.txt", "吉林市政务信息中心".encode()[:-1], "truncated"),
        ("truncated.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>", "truncated PDF"),
        ("fake.pdf", b"this is not a pdf at all", "not a PDF"),
    ],
)
def test_unreadable_files_are_reported_and_skipped(tmp_path, corpus_copy, name, data, reason):
    (corpus_copy / name).write_bytes(data)
    report = build([corpus_copy], tmp_path / "kb.db")
    (error,) = report.errors
    assert error.path.endswith(name) and reason in error.reason
    assert len(report.built) == 5


def test_nothing_buildable_leaves_the_old_database_alone(tmp_path):
    target = tmp_path / "kb.db"
    target.write_bytes(b"previous build")
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    with pytest.raises(NothingBuilt, match="empty.txt: empty file"):
        build([bad], target)
    assert target.read_bytes() == b"previous build"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("kb.db.")] == []


def test_manifest_overrides_detected_metadata(tmp_path, corpus_copy):
    (corpus_copy / "manifest.yml").write_text(
        "files:\n  000_054c417f28db0ed0.txt:\n    unit: 测试单位\n    year: 2031\n", "utf-8"
    )
    build([corpus_copy], tmp_path / "kb.db")
    row = next(
        sqlite_utils.Database(tmp_path / "kb.db").query(
            "select unit, year from documents where id = 1"
        )
    )
    assert row == {"unit": "测试单位", "year": 2031}


def test_database_is_servable_by_plain_datasette(corpus_db_path):
    from datasette.app import Datasette

    async def fetch():
        ds = Datasette([str(corpus_db_path)], immutables=[])
        tables = await ds.client.get(f"/{corpus_db_path.stem}.json")
        search = await ds.client.get(
            f"/{corpus_db_path.stem}/segments.json",
            params={"_search": "公务接待费", "_shape": "array"},
        )
        return tables, search

    tables, search = asyncio.run(fetch())
    assert tables.status_code == 200
    names = {t["name"] for t in tables.json()["tables"]}
    assert {"documents", "segments", "glossary"} <= names
    assert search.status_code == 200
    assert search.json()  # the jieba index holds 公务接待费 as one token


def test_parallel_build_gives_the_same_database(tmp_path, corpus_db_path):
    parallel = tmp_path / "parallel.db"
    build([CORPUS], parallel, workers=2)
    assert dump_database(parallel) == dump_database(corpus_db_path)
