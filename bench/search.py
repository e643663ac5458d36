"""Search benchmark: recall and precision against the substring truth, and latency.

For each query, the segments ``kb.search.search`` returns (``limit=None``) are compared with
the segments whose text contains every term of the query (``kb.search.matches``: the
substring truth, after folding away spaces, quotes and brackets), and search is timed
(median and p95 of repeated runs) for a ranked top 20 and for the full result set.

Two corpora: the 5 samples (``corpus/``), and a generated one of ``--segments`` segments
(default 200,000) made by copying the samples' segments with other unit names, years and
amounts, written straight into a database with the build's schema and indexes.

``--compare`` also measures the other designs considered (the first version's jieba index,
jieba search-mode words on both sides, the trigram index alone with bm25 ordering, and the
trigram index with a scan for two-character terms), and ``--write`` puts the figures in the
``## Search`` section of docs/benchmarks.md.

    .venv/bin/python bench/search.py [--segments 200000] [--runs 20] [--compare] [--write]
"""

from __future__ import annotations

import argparse
import gc
import json
import multiprocessing
import os
import random
import re
import shlex
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.build import build  # noqa: E402
from kb.index import create_indexes, search_text  # noqa: E402
from kb.index.fold import fold  # noqa: E402
from kb.index.words import Segmenter, segmenter_for  # noqa: E402
from kb.search import (  # noqa: E402
    contains,
    fts_match,
    query_terms,
    search,
    search_ids,
    substring_truth,
)
from kb.store import schema as kb_schema  # noqa: E402

QUERIES = [
    "公务接待费",
    "三公经费",
    "“三公”经费",
    "因公出国（境）费",
    "因公出国境费用",
    "住房公积金",
    "预算",
    "总预算",
    "经费支出",
    "网络安全",
    "政府采购",
    "机关运行经费",
    "基本支出",
    "项目支出",
    "绩效",
    "支出",
    "吉林市政务信息中心",
    "昌吉州人民政府电子政务办公室",
    "吉林省政务服务和数字化建设服务中心",
    "临江市",
    "三公经费 临江市",
    "费",
]
TOP = 20
DOCS = ROOT / "docs" / "benchmarks.md"
INTRO = [
    "Recall and precision are measured against the substring truth (`kb.search.matches`: "
    "every whitespace-separated term of the query, folded — NFKC, case-folded, without "
    "spaces, line breaks, quotes and brackets — is a substring of the folded segment text). "
    "Latency: `top 20` is a ranked top 20, `full` the whole ranked result set; `ids` is "
    "`search_ids()`, `hits` is `search()` (rows read, snippets made), in one process with a "
    "warm page cache, median and p95 of repeated runs. `费` (one character) is shown but "
    "left out of the minimum recall.",
]
OUTRO = [
    "Decision: the pair indexes in priority order. They are the only design that gives a "
    "ranked top 20 in a few milliseconds however common the term (`预算`, `支出`: ~100,000 "
    "hits), because the walk stops after a few dozen candidates; bm25 over every hit, with "
    "any index, costs in proportion to the hits. Recall and precision are 100% for every "
    "query, as for the trigram designs; jieba misses strings it cuts differently in "
    "different contexts (`经费支出`, `因公出国（境）费`, `临江市` inside other unit names). "
    "`segments_fts` (trigram) stays as the exact index for `fts_match` and Datasette and for "
    "confirming full result sets.",
    "",
    "Ranking (`kb.search`): outright matches first — the query in a glossary term, then in a "
    "table title, then in a heading, shorter heads (exact matches) and newer years first; "
    "then passing mentions — glossary definitions, paragraphs, tables — short texts and "
    "newer years first, the first 100 re-ordered within each kind by bm25's term-frequency "
    "part (idf is the same for every hit of a query). The static part of that order is the "
    "rowid of the pair indexes, so no hit is scored unless it is among the first 100.",
    "",
    "A full result set with `search()` costs about 20 µs a hit (reading the row, making the "
    "snippet); `search_ids()` gives the same ranked ids in about 0.5 µs a hit.",
    "",
]

# --- the generated corpus ----------------------------------------------------------------

REGIONS = [
    "长春市", "吉林市", "四平市", "辽源市", "通化市", "白山市", "松原市", "白城市", "延边州",
    "梅河口市", "公主岭市", "昌吉州", "乌鲁木齐市", "伊犁州", "哈密市", "临江市", "集安市",
    "珲春市", "敦化市", "德惠市", "榆树市", "舒兰市", "磐石市", "桦甸市", "蛟河市", "洮南市",
    "大安市", "双辽市", "扶余市", "和龙市", "图们市", "龙井市", "延吉市", "阜康市", "奇台县",
]  # fmt: skip
AGENCIES = [
    "政务服务和数字化建设管理局", "政务信息中心", "财政局", "教育局", "卫生健康委员会",
    "人民政府电子政务办公室", "农业农村局", "住房和城乡建设局", "市场监督管理局", "医疗保障局",
    "自然资源局", "生态环境局", "交通运输局", "水利局", "审计局", "统计局", "民政局", "司法局",
    "人力资源和社会保障局", "应急管理局", "文化广播电视和旅游局", "林业局", "商务局", "信访局",
    "机关事务管理局", "大数据中心", "档案馆", "公共资源交易中心",
]  # fmt: skip
AMOUNT = re.compile(r"\d[\d,]*\.\d+")
YEAR = re.compile(r"20[12]\d")


class Variant:
    """One copy of a sample document: another unit (in another region), year and amounts."""

    def __init__(self, doc: dict, unit: str, region: str, delta: int, factor: float):
        self.doc, self.unit, self.region, self.delta, self.factor = doc, unit, region, delta, factor

    def _amount(self, match: re.Match) -> str:
        text = match.group()
        decimals = len(text) - text.index(".") - 1
        value = float(text.replace(",", "")) * self.factor
        return f"{value:,.{decimals}f}" if "," in text else f"{value:.{decimals}f}"

    def vary(self, text: str | None) -> str | None:
        if not text:
            return text
        text = text.replace(self.doc["unit"], self.unit)
        if self.doc["region"] and self.region != self.doc["region"]:
            text = text.replace(self.doc["region"], self.region)
        if self.delta:
            text = YEAR.sub(lambda m: str(int(m.group()) + self.delta), text)
        return AMOUNT.sub(self._amount, text)


def generate(sample_db: Path, out: Path, segments: int, seed: int = 8) -> dict:
    """Write a database of at least ``segments`` segments varied from the sample database."""
    started = time.perf_counter()
    source = sqlite3.connect(sample_db)
    source.row_factory = sqlite3.Row
    docs = [dict(r) for r in source.execute("select * from documents order by id")]
    by_doc: dict[int, list[dict]] = {}
    for row in source.execute("select * from segments order by id"):
        by_doc.setdefault(row["document_id"], []).append(dict(row))
    glossary = {r["segment_id"]: dict(r) for r in source.execute("select * from glossary")}
    per_copy = sum(len(v) for v in by_doc.values())
    copies = -(-segments // per_copy)
    rng = random.Random(seed)
    units = [(region + agency, region) for region in REGIONS for agency in AGENCIES]
    rng.shuffle(units)

    out.unlink(missing_ok=True)
    database = sqlite_utils.Database(out)
    kb_schema.create_schema(database)
    conn = database.conn
    doc_columns = list(kb_schema.DOCUMENTS)
    segment_columns = list(kb_schema.SEGMENTS)
    glossary_columns = list(kb_schema.GLOSSARY)
    insert = "insert into {} ({}) values ({})"
    doc_sql = insert.format("documents", ",".join(doc_columns), ",".join("?" * len(doc_columns)))
    seg_sql = insert.format(
        "segments", ",".join(segment_columns), ",".join("?" * len(segment_columns))
    )
    gl_sql = insert.format(
        "glossary", ",".join(glossary_columns), ",".join("?" * len(glossary_columns))
    )
    segment_id = glossary_id = document_id = 0
    with conn:
        for copy in range(copies):
            for doc in docs:
                document_id += 1
                keep = copy == 0 or rng.random() < 0.03
                unit, region = (
                    (doc["unit"], doc["region"])
                    if keep
                    else units[(copy * 7 + doc["id"]) % len(units)]
                )
                variant = Variant(
                    doc, unit, region, 0 if keep else rng.randint(-3, 2), rng.uniform(0.3, 3.0)
                )
                year = (doc["year"] or 2022) + variant.delta
                new_doc = dict(doc)
                new_doc.update(
                    id=document_id,
                    path=f"generated/{copy:04d}/{doc['filename']}",
                    sha256=f"{document_id:064x}",
                    title=variant.vary(doc["title"]),
                    unit=unit,
                    region=region,
                    year=year,
                    segment_count=len(by_doc.get(doc["id"], [])),
                )
                conn.execute(doc_sql, [new_doc.get(c) for c in doc_columns])
                seg_rows, gl_rows = [], []
                for old in by_doc.get(doc["id"], []):
                    segment_id += 1
                    row = dict(old)
                    for column in ("text", "section", "table_title", "header", "rows"):
                        row[column] = variant.vary(row[column])
                    row.update(id=segment_id, document_id=document_id, unit=unit, year=year)
                    row["search_text"] = search_text(row["text"] or "")
                    seg_rows.append([row.get(c) for c in segment_columns])
                    term = glossary.get(old["id"])
                    if term is not None:
                        glossary_id += 1
                        g = dict(term)
                        g.update(
                            id=glossary_id,
                            document_id=document_id,
                            segment_id=segment_id,
                            term=variant.vary(g["term"]),
                            definition=variant.vary(g["definition"]),
                            unit=unit,
                            year=year,
                        )
                        g["search_text"] = search_text(f"{g['term']} {g['definition']}")
                        gl_rows.append([g.get(c) for c in glossary_columns])
                conn.executemany(seg_sql, seg_rows)
                conn.executemany(gl_sql, gl_rows)
        database["build_info"].insert_all(
            {"key": k, "value": v}
            for k, v in {"kb_version": "bench", "generated_from": str(sample_db)}.items()
        )
        create_indexes(database)
        kb_schema.create_table_indexes(database)
    conn.commit()
    database.close()
    return {
        "segments": segment_id,
        "documents": document_id,
        "seconds": time.perf_counter() - started,
    }


# --- the designs compared ----------------------------------------------------------------


def _confirmed(conn: sqlite3.Connection, ids: list[int], terms: list[str]) -> list[int]:
    """The ids whose folded text holds every term, in the given order."""
    found = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        sql = f"select id, search_text from segments where id in ({','.join('?' * len(chunk))})"
        found.update(conn.execute(sql, chunk).fetchall())
    return [i for i in ids if contains(found.get(i) or "", terms)]


def chosen(conn: sqlite3.Connection, query: str, limit: int | None) -> list[int]:
    return search_ids(conn, query, limit)


def chosen_hits(conn: sqlite3.Connection, query: str, limit: int | None) -> list[int]:
    return [hit.segment_id for hit in search(conn, query, limit)]


def _jieba_ids(conn, query, limit, cut: Callable[[str], list[str]]) -> list[int]:
    """The first version: FTS5 AND of jieba words, bm25 order, then confirmed."""
    terms = query_terms(query)
    tokens = [t for term in terms for t in cut(term)]
    if not tokens:
        return []
    expression = " AND ".join('"' + t.replace('"', '""') + '"' for t in dict.fromkeys(tokens))
    sql = (
        "select j.rowid from bench_jieba j join segments s on s.id = j.rowid"
        " where bench_jieba match ? order by bm25(bench_jieba), s.id"
    )
    cursor = conn.execute(sql, (expression,))
    out: list[int] = []
    while limit is None or len(out) < limit:
        batch = [r[0] for r in cursor.fetchmany(200)]
        if not batch:
            break
        out.extend(_confirmed(conn, batch, terms))
    return out if limit is None else out[:limit]


def _segmenter(conn: sqlite3.Connection) -> Segmenter:
    """jieba with the database's unit names, as the first version's search loaded it."""
    return segmenter_for(
        tuple(
            r[0]
            for r in conn.execute(
                "select distinct unit from documents where unit is not null order by unit"
            )
        )
    )


def jieba_first_version(conn: sqlite3.Connection, query: str, limit: int | None) -> list[int]:
    return _jieba_ids(conn, query, limit, _segmenter(conn).query_tokens)


def jieba_search_mode(conn: sqlite3.Connection, query: str, limit: int | None) -> list[int]:
    return _jieba_ids(conn, query, limit, _segmenter(conn).words)


def trigram_bm25(conn: sqlite3.Connection, query: str, limit: int | None) -> list[int]:
    """segments_fts alone (exact, fts_match), every hit scored by bm25."""
    expression = fts_match(conn, query)
    if expression is None:
        return []
    sql = "select rowid from segments_fts where segments_fts match ? order by bm25(segments_fts)"
    if limit is not None:
        sql += f" limit {int(limit)}"
    return [r[0] for r in conn.execute(sql, (expression,))]


def trigram_scan(conn: sqlite3.Connection, query: str, limit: int | None) -> list[int]:
    """segments_fts for terms of 3+ characters; shorter terms by scanning search_text."""
    terms = query_terms(query)
    if not terms:
        return []
    long_terms = [t for t in terms if len(t) >= 3]
    short = [t for t in terms if len(t) < 3]
    if long_terms:
        expression = " AND ".join('"' + t + '"' for t in long_terms)
        sql = (
            "select rowid from segments_fts where segments_fts match ? order by bm25(segments_fts)"
        )
        ids = [r[0] for r in conn.execute(sql, (expression,))]
        ids = _confirmed(conn, ids, terms) if short else ids
    else:
        where = " and ".join("instr(search_text, ?)" for _ in short)
        ids = [r[0] for r in conn.execute(f"select id from segments where {where}", short)]
    return ids if limit is None else ids[:limit]


def _jieba_chunk(args):
    words, texts = args
    segmenter = Segmenter(words)
    return [
        " ".join(t for t in segmenter.tokenizer.cut_for_search(fold(x), HMM=False) if t.strip())
        for x in texts
    ]


def add_jieba_index(db_path: Path) -> float:
    """The first version's index (jieba search-mode words of every text), as a side table."""
    started = time.perf_counter()
    conn = sqlite3.connect(db_path)
    words = tuple(
        r[0] for r in conn.execute("select distinct unit from documents where unit is not null")
    )
    rows = conn.execute("select id, text from segments order by id").fetchall()
    chunks = [rows[i : i + 5000] for i in range(0, len(rows), 5000)]
    with multiprocessing.Pool(2) as pool:
        results = pool.map(_jieba_chunk, [(words, [t or "" for _, t in c]) for c in chunks])
    conn.execute("drop table if exists bench_jieba")
    conn.execute("create virtual table bench_jieba using fts5(words, content='')")
    for chunk, tokens in zip(chunks, results, strict=True):
        conn.executemany(
            "insert into bench_jieba(rowid, words) values (?, ?)",
            zip((i for i, _ in chunk), tokens, strict=True),
        )
    conn.commit()
    conn.close()
    return time.perf_counter() - started


# --- measuring ---------------------------------------------------------------------------


def timings(fn, runs: int) -> tuple[float, float]:
    fn()  # warm caches
    # Objects made before (the truth's folded texts, jieba's dictionary) are frozen, so the
    # garbage collector costs a run what it would cost a fresh process.
    gc.collect()
    gc.freeze()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    gc.unfreeze()
    samples.sort()
    p95 = samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]
    return statistics.median(samples), p95


def measure(db_path: Path, designs: dict, runs: int, full_runs: int) -> dict:
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    folded = [(i, fold(t or "")) for i, t in conn.execute("select id, text from segments")]
    results: dict[str, dict] = {}
    for name, fn in designs.items():
        print(f"  {name}", flush=True)
        per_query = {}
        for query in QUERIES:
            truth = substring_truth(conn, query, folded)
            found = fn(conn, query, None)
            hits = set(found)
            assert len(hits) == len(found), f"{name} {query}: duplicates"
            correct = len(hits & truth)
            per_query[query] = {
                "truth": len(truth),
                "found": len(hits),
                "recall": correct / len(truth) if truth else 1.0,
                "precision": correct / len(hits) if hits else 1.0,
                "top": timings(lambda fn=fn, q=query: fn(conn, q, TOP), runs),
                "full": timings(lambda fn=fn, q=query: fn(conn, q, None), full_runs),
            }
        results[name] = per_query
    conn.close()
    return results


CHOSEN = "chosen: search_ids()"
CHOSEN_HITS = "chosen: search() (Hit objects, snippets)"
DESIGNS = {
    CHOSEN: "the ranked ids: pair indexes walked in priority order (search_heads, then "
    "search_bodies), candidates confirmed; without a limit, confirmed against segments_fts",
    CHOSEN_HITS: "the same, plus reading each hit's row and making its snippet",
    "jieba, first version": "FTS5 over jieba search-mode words, AND of the query's jieba "
    "words (precise mode), bm25 over every hit, confirmed",
    "jieba, search-mode both sides": "the same index, AND of the query's search-mode words "
    "(words and sub-words)",
    "trigram + bm25": "segments_fts alone with fts_match (exact; terms under 3 characters "
    "as the OR of the trigrams they begin), bm25 over every hit",
    "trigram + scan": "segments_fts for terms of 3+ characters, a scan of search_text "
    "(instr) for shorter terms, bm25",
}


def _chars(query: str) -> int:
    return sum(len(t) for t in query_terms(query))


def _ms(pair: tuple[float, float]) -> str:
    return f"{pair[0]:.1f} / {pair[1]:.1f}"


def summary(results: dict, corpus: str) -> list[str]:
    lines = [
        f"**{corpus}: every design** — recall and precision: the lowest over the queries of "
        "two or more characters; latency: the slowest query's median / p95, ms",
        "",
        "| design | min recall | min precision | top 20 | full result set |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, per_query in results.items():
        rows = [r for q, r in per_query.items() if _chars(q) >= 2]
        top = max(per_query.values(), key=lambda r: r["top"][0])["top"]
        full = max(per_query.values(), key=lambda r: r["full"][0])["full"]
        lines.append(
            f"| {name} | {min(r['recall'] for r in rows):.2%} | {min(r['precision'] for r in rows):.2%} "
            f"| {_ms(top)} | {_ms(full)} |"
        )
    return [*lines, ""]


def chosen_table(results: dict, corpus: str) -> list[str]:
    ids, hits = results[CHOSEN], results.get(CHOSEN_HITS, {})
    lines = [
        f"**{corpus}: the chosen design, per query** — latency median / p95, ms",
        "",
        "| query | chars | truth | found | recall | precision | top 20 ids | top 20 hits | full ids | full hits |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for query, r in ids.items():
        h = hits.get(query)
        lines.append(
            f"| {query} | {_chars(query)} | {r['truth']:,} | {r['found']:,} | {r['recall']:.2%} "
            f"| {r['precision']:.2%} | {_ms(r['top'])} | {_ms(h['top']) if h else '–'} "
            f"| {_ms(r['full'])} | {_ms(h['full']) if h else '–'} |"
        )
    return [*lines, ""]


def comparison_table(results: dict, corpus: str) -> list[str]:
    names = list(results)
    lines = [
        f"**{corpus}: recall per query and design** (top-20 median ms in brackets)",
        "",
        "| query | " + " | ".join(names) + " |",
        "| --- |" + " ---: |" * len(names),
    ]
    for query in QUERIES:
        cells = [
            f"{results[n][query]['recall']:.1%} ({results[n][query]['top'][0]:.1f})" for n in names
        ]
        lines.append(f"| {query} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def write_section(lines: list[str]) -> None:
    text = DOCS.read_text("utf-8") if DOCS.exists() else "# Benchmarks\n"
    section = "## Search\n\n" + "\n".join(lines).rstrip() + "\n"
    match = re.search(r"^## Search\n.*?(?=^## |\Z)", text, flags=re.S | re.M)
    if match:
        text = (
            text[: match.start()]
            + section
            + ("\n" if match.end() < len(text) else "")
            + text[match.end() :]
        )
    else:
        text = text.rstrip() + "\n\n" + section
    DOCS.write_text(text, "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--segments", type=int, default=200_000, help="size of the generated corpus"
    )
    parser.add_argument("--runs", type=int, default=20, help="timed runs of each top-20 search")
    parser.add_argument("--full-runs", type=int, default=10, help="timed runs of each full search")
    parser.add_argument("--compare", action="store_true", help="also measure the other designs")
    parser.add_argument(
        "--write", action="store_true", help="write the figures to docs/benchmarks.md"
    )
    parser.add_argument("--keep", type=Path, help="keep the generated database at this path")
    args = parser.parse_args()
    command = ".venv/bin/python bench/search.py " + shlex.join(sys.argv[1:])

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        sample = tmp_path / "sample.db"
        build([ROOT / "corpus"], sample)
        large = args.keep or tmp_path / "generated.db"
        generated = generate(sample, large, args.segments)
        print(
            f"generated {generated['segments']:,} segments in {generated['documents']:,} documents "
            f"in {generated['seconds']:.1f} s",
            flush=True,
        )
        notes = [
            f"Generated corpus: {generated['segments']:,} segments, {generated['documents']:,} documents, "
            f"written with indexes in {generated['seconds']:.1f} s; "
            f"database {large.stat().st_size / 2**20:.0f} MiB."
        ]
        designs: dict = {CHOSEN: chosen, CHOSEN_HITS: chosen_hits}
        if args.compare:
            for path in (sample, large):
                seconds = add_jieba_index(path)
                notes.append(f"jieba index for {path.name}: {seconds:.1f} s (2 processes).")
            designs.update(
                {
                    "jieba, first version": jieba_first_version,
                    "jieba, search-mode both sides": jieba_search_mode,
                    "trigram + bm25": trigram_bm25,
                    "trigram + scan": trigram_scan,
                }
            )
        sizes = []
        for label, path in (("5 samples", sample), ("generated", large)):
            conn = sqlite3.connect(path)
            for table_name in ("segments_fts", "search_heads", "search_bodies", "bench_jieba"):
                try:
                    size = conn.execute(
                        f"select sum(length(block)) from {table_name}_data"
                    ).fetchone()[0]
                except sqlite3.OperationalError:
                    continue
                sizes.append(f"{label} {table_name}: {size / 2**20:.1f} MiB")
            conn.close()
        notes.append("Index sizes: " + "; ".join(sizes) + ".")
        lines = [f"Command: `{command}`", "", *INTRO, "", *notes, "", "Designs measured:", ""]
        lines += [f"- **{name}**: {DESIGNS[name]}" for name in designs]
        lines.append("")
        report = {}
        load_before = os.getloadavg()[0]
        for label, path in (
            ("5 samples", sample),
            (f"generated ({generated['segments']:,} segments)", large),
        ):
            print(f"measuring {label} …", flush=True)
            report[label] = measure(path, designs, args.runs, args.full_runs)
        lines.insert(
            lines.index("Designs measured:"),
            f"Load average (1 min) when measuring started / ended: {load_before:.1f} / "
            f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other work was running).\n",
        )
        for label, results in report.items():
            lines += summary(results, label)
        for label, results in report.items():
            lines += chosen_table(results, label)
        if args.compare:
            for label, results in report.items():
                lines += comparison_table(results, label)
        lines += OUTRO
        print("\n".join(lines))
        if args.write:
            write_section(lines)
            print(f"wrote {DOCS}")
        (tmp_path / "report.json").write_text(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
