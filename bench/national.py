"""Serving a national-scale database: ≥ 50,000 documents and ≥ 10 M facts, one client.

The database is generated from the 2,000-document knowledge base of bench/ask.py (the
five samples varied, built by `kb build`): its documents, units and facts copied
``--copies`` times (25: 50,000 documents, 13.4 M facts), each copy's units renamed
(“兴华市政务信息中心” → “兴华市政务信息中心·7”) and its ids moved past the ones before.
Segments, search indexes and checks stay those of the first 2,000 documents (search is
measured at scale in bench/search.py). Cached under /tmp.

`kb serve` serves it on loopback; one client asks each page ``--requests`` times, every
request with a cookie so the page cache (plugins/response_cache.py) is bypassed: these
are the costs of a page asked for the first time. Reported per page: p50, p95, max.

    .venv/bin/python bench/national.py [--copies 25] [--requests 20]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlite_utils  # noqa: E402

from bench.ask import bring_up_to_date, cached_database  # noqa: E402
from bench.serve import free_port, percentile, start_server  # noqa: E402
from kb.store.facet_counts import write_facet_counts  # noqa: E402
from kb.store.figures import write_figures  # noqa: E402
from kb.store.schema import create_table_indexes  # noqa: E402

GENERATOR_VERSION = "4"  # 2: facet_counts; 3: item_key counted; 4: counts within a value
# (newer build outputs — indexes, figures — are added to a database generated before them)
UNIT_STEP = 1 << 48  # unit ids are 48-bit hashes: each copy's ids above the last's
PAGES = {
    "facts, 3 facets": "/kb/facts?_facet=unit&_facet=year&_facet=statement",
    "facts filtered by year, 3 facets": "/kb/facts?year=2022&_facet=unit&_facet=year&_facet=statement",
    "facts, default facets": "/kb/facts",
    "facts by year and statement, 3 facets": "/kb/facts?year=2022&statement=三公经费表"
    "&_facet=unit&_facet=year&_facet=statement",
    "facts of one unit, 3 facets": "/kb/facts?unit=兴华市政务信息中心·7"
    "&_facet=unit&_facet=year&_facet=statement",
    "units": "/kb/units",
    "ask: 公务接待费 by unit 2022": "/ask.json?q=公务接待费 by unit 2022",
    "ask: 兴华市政务信息中心 2022 项目支出": "/ask.json?q=兴华市政务信息中心 2022 项目支出",
    "ask: 2022年公务接待费前10名": "/ask.json?q=2022年公务接待费前10名",
    "ask: 公务接待费前10名 (every year)": "/ask.json?q=公务接待费前10名",
    "ask: 兴华市政务信息中心·7 历年三公经费": "/ask.json?q=兴华市政务信息中心·7 历年三公经费",
    "search everything: 三公经费": "/kb/-/search?q=三公经费",
    "document page": "/kb/-/document/1",
    "database page (table counts)": "/kb",
}


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"pragma table_info({table})")]


def generate(source: Path, target: Path, copies: int) -> None:
    partial = target.with_suffix(".partial")
    shutil.copyfile(source, partial)
    conn = sqlite3.connect(partial)
    conn.execute("pragma journal_mode = off")
    conn.execute("pragma synchronous = off")
    documents, facts = conn.execute(
        "select max(id), (select max(id) from facts) from documents"
    ).fetchone()
    indexes = conn.execute(
        "select name, sql from sqlite_master where type = 'index' and tbl_name in"
        " ('facts', 'documents', 'units', 'unit_aliases') and sql is not null"
    ).fetchall()
    for name, _ in indexes:
        conn.execute(f"drop index {name}")
    for copy in range(1, copies):
        suffix = f"·{copy}"
        doc_cols = columns(conn, "documents")
        values = {c: c for c in doc_cols}
        values.update(
            id=f"id + {copy * documents}",
            unit=f"unit || '{suffix}'",
            title=f"title || '{suffix}'",
            sha256=f"sha256 || '{suffix}'",
            path=f"path || '{suffix}'",
            unit_id=f"unit_id + {copy * UNIT_STEP}",
        )
        _copy(conn, "documents", doc_cols, values, f"id <= {documents}")
        fact_cols = columns(conn, "facts")
        values = {c: c for c in fact_cols}
        values.update(
            id=f"id + {copy * facts}",
            document_id=f"document_id + {copy * documents}",
            unit=f"unit || '{suffix}'",
            unit_id=f"unit_id + {copy * UNIT_STEP}",
        )
        _copy(conn, "facts", fact_cols, values, f"id <= {facts}")
        unit_cols = columns(conn, "units")
        values = {c: c for c in unit_cols}
        values.update(id=f"id + {copy * UNIT_STEP}", name=f"name || '{suffix}'")
        _copy(conn, "units", unit_cols, values, f"id < {UNIT_STEP}")
        conn.commit()
        print(f"  copy {copy + 1}/{copies}", file=sys.stderr, flush=True)
    for _, sql in indexes:
        conn.execute(sql)
    conn.commit()
    conn.close()
    database = sqlite_utils.Database(partial)
    create_table_indexes(database)  # the indexes of this version of kb build
    write_facet_counts(database)  # as kb build does
    write_figures(database)
    database.execute("analyze")
    database.conn.commit()
    database.close()
    os.replace(partial, target)


def _copy(conn, table: str, cols: list[str], values: dict, where: str) -> None:
    names = ", ".join(f'"{c}"' for c in cols)
    selected = ", ".join(values[c] if values[c] != c else f'"{c}"' for c in cols)
    conn.execute(f"insert into {table} ({names}) select {selected} from {table} where {where}")


def national_database(copies: int) -> Path:
    source = cached_database(400)
    name = f"kb-national-{copies}-{source.stem[-12:]}-{GENERATOR_VERSION}"
    target = Path(tempfile.gettempdir()) / name / "kb.db"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        print(f"generating {target} …", file=sys.stderr)
        started = time.perf_counter()
        generate(source, target, copies)
        print(f"generated in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    else:  # generated by an earlier version: what kb build writes now, added
        bring_up_to_date(target)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=25)
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    db = national_database(args.copies)
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    documents, facts, units = conn.execute(
        "select (select count(*) from documents), (select count(*) from facts),"
        " (select count(*) from units)"
    ).fetchone()
    conn.close()
    port = free_port()
    server = start_server(db, port)
    print(f"load average at start: {os.getloadavg()[0]:.1f}; {time.strftime('%Y-%m-%d %H:%M')}")
    print(
        f"database: {documents:,} documents, {facts:,} facts, {units:,} units, "
        f"{db.stat().st_size / 2**30:.1f} GB\n"
    )
    print("| page | requests | p50 ms | p95 ms | max ms | statuses |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    try:
        with httpx.Client(
            base_url=f"http://127.0.0.1:{port}", timeout=120, cookies={"kb_bench": "uncached"}
        ) as client:
            for name, url in PAGES.items():
                times, statuses = [], set()
                for _ in range(args.requests):
                    started = time.perf_counter()
                    statuses.add(client.get(url).status_code)
                    times.append(time.perf_counter() - started)
                print(
                    f"| {name} | {len(times)} | {statistics.median(times) * 1000:.0f} | "
                    f"{percentile(times, 0.95) * 1000:.0f} | {max(times) * 1000:.0f} | "
                    f"{', '.join(map(str, sorted(statuses)))} |"
                )
    finally:
        server.terminate()
        server.wait()
    print(f"\nload average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
