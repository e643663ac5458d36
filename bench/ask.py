"""Ask benchmark: questions per second and p95 latency on a 2,000-document knowledge base.

The database is generated from the five samples: each copy renames its unit (a new
region name in place of 吉林市 / 吉林省 / 临江市 / 昌吉州) and shifts every year by 0–3, so
there are 100 regions × 4 years × 5 layouts = 2,000 distinct documents; it is built with
``kb.build.build`` and cached under /tmp (rebuilt when the samples, the generator or
the package version change).

Each run is a new process (so imports and loading the vocabulary count) that answers the
question set — one question of every family, with the generated units — through the JSON
API (Flask's test client: parse, SQL, shaping and JSON), several rounds, and, in the same
process, the baseline: a bare ``select`` of the same fact rows by id on a new read-only
connection per question. Figures are medians over runs. A second measurement runs
``kb ask QUESTION --json`` as a whole process per question against a process that opens
the database and selects the same rows.

Follow-ups: four conversations of 3–4 turns, each later turn asked with the context of
the answer before it (``/ask.json?q=…&context=…``); their p50 and p95 are reported too.

    .venv/bin/python bench/ask.py [--runs 5] [--rounds 20] [--copies 400] [--rebuild]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
GENERATOR_VERSION = "1"
REGIONS = {  # sample -> the region its unit name starts with, and its suffix
    "000": ("吉林", "市"),
    "001": ("吉林", "市"),
    "002": ("吉林", "省"),
    "003": ("临江", "市"),
    "004": ("昌吉", "州"),
}
NAME_CHARS = "安宁和兴华永泰丰德福康嘉庆盛顺通远昌隆富"
YEAR = __import__("re").compile(r"(?<!\d)(20[12]\d)(?!\d)")


def region_names(count: int) -> list[str]:
    names = [a + b for a in NAME_CHARS for b in NAME_CHARS if a != b]
    return names[:count]


def vary(text: str, old: str, new: str, shift: int) -> str:
    text = text.replace(old, new)
    return YEAR.sub(lambda m: str(int(m.group(1)) + shift), text) if shift else text


def make_corpus(folder: Path, copies: int) -> int:
    samples = sorted((ROOT / "corpus").glob("*.txt"))
    names = region_names((copies + 3) // 4)
    count = 0
    for index in range(copies):
        name, shift = names[index // 4], index % 4
        for sample in samples:
            region, suffix = REGIONS[sample.name[:3]]
            text = sample.read_text("utf-8")
            varied = vary(text, region + suffix, name + suffix, shift)
            if sample.name.startswith("004"):
                varied = varied.replace("昌吉回族自治州", name + "自治州")
            (folder / f"{index:03d}_{sample.name}").write_text(varied, "utf-8")
            count += 1
    return count


def cached_database(copies: int, rebuild: bool = False) -> Path:
    import kb
    from kb.build import build

    digest = hashlib.sha256()
    for sample in sorted((ROOT / "corpus").glob("*.txt")):
        digest.update(sample.read_bytes())
    digest.update(f"{GENERATOR_VERSION}:{copies}:{kb.__version__}".encode())
    path = Path(tempfile.gettempdir()) / f"kb-ask-bench-{copies * 5}-{digest.hexdigest()[:12]}.db"
    if path.exists() and not rebuild:
        bring_up_to_date(path)
        return path
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        files = make_corpus(corpus, copies)
        print(f"building {files} documents into {path} …", file=sys.stderr)
        start = time.perf_counter()
        build([corpus], path, workers=os.cpu_count() or 1)
        print(f"built in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    return path


def bring_up_to_date(path: Path) -> None:
    """A cached database built by an earlier version: the indexes and the picks
    (``figures``) this version of kb build writes, added (with their statistics)."""
    import sqlite_utils

    from kb.checks.writer import create_check_indexes
    from kb.store.code_names import write_code_names
    from kb.store.figures import VERSION as FIGURES_VERSION
    from kb.store.figures import VERSION_KEY as FIGURES_VERSION_KEY
    from kb.store.figures import write_figures
    from kb.store.schema import create_table_indexes

    database = sqlite_utils.Database(path)
    tables = ("facts", "segments", "checks")
    before = {index.name for t in tables for index in database[t].indexes}
    create_table_indexes(database)
    create_check_indexes(database)
    for table in tables:
        for index in database[table].indexes:
            if index.name not in before:
                database.execute(f"analyze [{index.name}]")  # as kb build's ANALYZE
    if not database["code_names"].exists():
        write_code_names(database)
    written = database.execute(
        "select value from build_info where key = ?", [FIGURES_VERSION_KEY]
    ).fetchone()
    if written != (FIGURES_VERSION,):  # none, or an older version's
        started = time.perf_counter()
        write_figures(database)
        database.execute("analyze figures")
        print(f"figures picked in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    database.conn.commit()
    database.close()


def questions(db: Path) -> list[str]:
    import sqlite3

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    unit = {}
    for sample, pattern in (
        ("jilin_centre", "%政务信息中心"),
        ("cpc", "中共%委办公室"),
        ("province", "%省政务服务和数字化建设服务中心"),
        ("changji", "%电子政务办公室"),
    ):
        unit[sample] = conn.execute(
            "select unit from documents where unit like ? order by unit limit 1 offset 7",
            (pattern,),
        ).fetchone()[0]
    conn.close()
    return [
        "公务接待费 by unit 2022",
        "2022年各单位公务接待费",
        f"{unit['jilin_centre']} 2022 项目支出",
        f"{unit['changji']}的住房公积金是多少",
        "三公经费 by year",
        f"{unit['cpc']}历年三公经费",
        "2022年哪个单位基本支出最多",
        "公务接待费前5名",
        "2010350 by unit",
        "30217 2022",
        f"2023年{unit['province']}三公经费预算和决算",
        f"{unit['jilin_centre']}2022年支出按功能分类",
    ]


def conversations(db: Path) -> list[list[str]]:
    """Follow-ups: each conversation's later turns carry the answer before's context."""
    qs = questions(db)
    cpc = qs[5].removesuffix("历年三公经费")
    return [
        ["公务接待费 by unit 2022", "那2023年呢", "前3名", "加起来多少"],
        [qs[5], "其中公务接待费呢", "换成决算"],
        ["2022年各单位公务接待费", "只看吉林市的单位", "按从小到大排"],
        [f"{cpc} 2022 项目支出", "那基本支出呢", "去年呢"],
    ]


def follow_ups(client, db: Path, rounds: int) -> list[float]:
    latencies = []
    for _ in range(rounds):
        for turns in conversations(db):
            context = None
            for turn, question in enumerate(turns):
                params = {"q": question, **({"context": context} if context else {})}
                t = time.perf_counter()
                data = client.get("/ask.json", query_string=params).get_json()
                if turn:
                    latencies.append(time.perf_counter() - t)
                context = data.get("context") or context
    return latencies


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


# --- one run, in its own process ------------------------------------------------------------

BASELINE_SQL = "select * from facts where id in (select value from json_each(?))"


def worker(db: Path, rounds: int) -> dict:
    started = time.perf_counter()
    from kb.store.connect import connect_readonly as connect
    from kb.web.ask.app import create_app

    app = create_app({"DATABASE": str(db), "TESTING": True})
    client = app.test_client()
    qs = questions(db)
    first = time.perf_counter()
    response = client.get("/ask.json", query_string={"q": qs[0]})
    assert response.status_code == 200
    first_answer = time.perf_counter() - first
    ids: dict[str, list[int]] = {}
    rows: dict[str, int] = {}
    latencies: list[float] = []
    loop_start = time.perf_counter()
    for _ in range(rounds):
        for q in qs:
            t = time.perf_counter()
            response = client.get("/ask.json", query_string={"q": q})
            latencies.append(time.perf_counter() - t)
            data = response.get_json()
            assert response.status_code == 200 and data["rows"], (q, data.get("summary"))
            ids[q] = [s["fact_id"] for row in data["sources"] for s in row if "fact_id" in s]
            rows[q] = len(data["rows"])
    loop = time.perf_counter() - loop_start
    follow = follow_ups(client, db, rounds)
    base_latencies: list[float] = []
    base_start = time.perf_counter()
    for _ in range(rounds):
        for q in qs:
            t = time.perf_counter()
            conn = connect(db)
            fetched = conn.execute(BASELINE_SQL, [json.dumps(ids[q])]).fetchall()
            conn.close()
            base_latencies.append(time.perf_counter() - t)
            assert len(fetched) == len(set(ids[q]))
    base_loop = time.perf_counter() - base_start
    count = rounds * len(qs)
    return {
        "questions": count,
        "process_to_first_answer_s": first - started + first_answer,
        "first_answer_s": first_answer,
        "qps": count / loop,
        "p50_ms": percentile(latencies, 0.5) * 1000,
        "p95_ms": percentile(latencies, 0.95) * 1000,
        "follow_up_p50_ms": percentile(follow, 0.5) * 1000,
        "follow_up_p95_ms": percentile(follow, 0.95) * 1000,
        "follow_ups": len(follow),
        "baseline_qps": count / base_loop,
        "baseline_p95_ms": percentile(base_latencies, 0.95) * 1000,
        "rows": rows,
        "per_question_ms": {
            q: statistics.median(latencies[i :: len(qs)]) * 1000 for i, q in enumerate(qs)
        },
    }


CLI_BASELINE = (
    "import sqlite3, sys; c = sqlite3.connect('file:' + sys.argv[1] + '?mode=ro', uri=True); "
    "c.execute(sys.argv[2], [sys.argv[3]]).fetchall()"
)


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--rounds", type=int, default=20, help="times the question set is asked per run"
    )
    parser.add_argument(
        "--copies", type=int, default=400, help="copies of the 5 samples (400: 2,000 documents)"
    )
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached database")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.rounds), ensure_ascii=False))
        return
    db = cached_database(args.copies, args.rebuild)
    import sqlite3

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    documents, facts = conn.execute(
        "select (select count(*) from documents), (select count(*) from facts)"
    ).fetchone()
    conn.close()
    runs = []
    for _ in range(args.runs):
        out = subprocess.run(
            [sys.executable, __file__, "--worker", str(db), "--rounds", str(args.rounds)],
            check=True,
            capture_output=True,
            text=True,
        )
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))

    def median(key: str) -> float:
        return statistics.median(r[key] for r in runs)

    qs = questions(db)
    cli, base = [], []
    from kb.ask.answer import ask
    from kb.store.connect import connect_readonly as connect

    conn = connect(db)
    for q in qs:
        ids = [
            s["fact_id"]
            for row in ask(conn, q, db_path=str(db)).sources
            for s in row
            if "fact_id" in s
        ]
        command = [sys.executable, "-m", "kb.ask.cli", q, "--db", str(db), "--json"]
        cli.append(statistics.median(timed(command) for _ in range(args.runs)))
        baseline = [sys.executable, "-c", CLI_BASELINE, str(db), BASELINE_SQL, json.dumps(ids)]
        base.append(statistics.median(timed(baseline) for _ in range(args.runs)))
    conn.close()

    print(f"database: {documents} documents, {facts} facts ({db})")
    print(
        f"runs: {args.runs} processes × {args.rounds} rounds × {len(qs)} questions; medians over runs"
    )
    print()
    print("| measure | ask (/ask.json) | baseline (bare select of the same rows) | ratio |")
    print("| --- | ---: | ---: | ---: |")
    print(
        f"| questions per second (warm) | {median('qps'):.1f} | {median('baseline_qps'):.1f} | "
        f"{median('baseline_qps') / median('qps'):.1f} |"
    )
    print(
        f"| p95 latency, ms (warm) | {median('p95_ms'):.1f} | {median('baseline_p95_ms'):.2f} | "
        f"{median('p95_ms') / median('baseline_p95_ms'):.0f} |"
    )
    print(f"| p50 latency, ms (warm) | {median('p50_ms'):.1f} | | |")
    print(
        f"| follow-up turns (with context), p95 ms (p50) | {median('follow_up_p95_ms'):.1f} "
        f"({median('follow_up_p50_ms'):.1f}) | | |"
    )
    print(f"| process start to first answer, s | {median('process_to_first_answer_s'):.2f} | | |")
    print(
        f"| whole process per question (`kb ask --json`), median s | {statistics.median(cli):.2f} | "
        f"{statistics.median(base):.3f} | {statistics.median(cli) / statistics.median(base):.1f} |"
    )
    print()
    print("| question | rows | median ms (warm) | `kb ask` process s |")
    print("| --- | ---: | ---: | ---: |")
    for i, q in enumerate(qs):
        ms = statistics.median(r["per_question_ms"][q] for r in runs)
        print(f"| {q} | {runs[0]['rows'][q]} | {ms:.1f} | {cli[i]:.2f} |")


if __name__ == "__main__":
    main()
