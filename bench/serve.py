"""Serving under load: `kb serve` on loopback, hit by 1, 50 and 200 concurrent clients.

Each client (an asyncio task, all in one process: client and server share this 2-core
machine) loops over a mix of the site's pages for ``--seconds``: answers (`/ask.json`),
the facts table with three facets, search everything, and a document page. Reported per
kind of page: requests, errors (5xx other than 503, and failed connections), fast 503s
(the bounded queue shedding load), p50 and p95 latency of the answered requests, and
requests per second. Loopback only, a fixed number of clients, nothing else is touched.

    .venv/bin/python bench/serve.py [--clients 1,50,200] [--seconds 60] [--db kb.db]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.web.inspect import current_inspect_file  # noqa: E402
from kb.web.serve import datasette_command  # noqa: E402

PAGES = {
    "ask": [
        "/ask.json?q=公务接待费 by unit 2022",
        "/ask.json?q=吉林市政务信息中心 2022 项目支出",
        "/ask.json?q=2022年各单位三公经费",
    ],
    "facets": ["/kb/facts?_facet=unit&_facet=year&_facet=statement"],
    "search": ["/-/search?q=三公经费", "/kb/-/search?q=公务接待费"],
    "document": ["/kb/-/document/1", "/kb/-/unit/11327117416903"],
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int) -> subprocess.Popen:
    """The server kb serve starts: the database's table counts from its inspect file."""
    inspect_file, _ = current_inspect_file(db)
    server = subprocess.Popen(
        datasette_command(str(db), "127.0.0.1", port, str(inspect_file)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/-/versions.json", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start")


async def client(base: str, stop: float, results: dict, offset: int) -> None:
    urls = [(kind, url) for kind, urls in PAGES.items() for url in urls]
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        for kind, url in itertools.islice(itertools.cycle(urls), offset, None):
            if time.monotonic() >= stop:
                return
            started = time.monotonic()
            try:
                response = await http.get(url)
                status = response.status_code
            except httpx.HTTPError:
                status = 0
            results[kind].append((status, time.monotonic() - started))


async def load(base: str, clients: int, seconds: float) -> dict:
    results: dict = defaultdict(list)
    stop = time.monotonic() + seconds
    await asyncio.gather(*(client(base, stop, results, i) for i in range(clients)))
    return results


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def report(clients: int, seconds: float, results: dict) -> None:
    for kind in PAGES:
        rows = results.get(kind, [])
        answered = [t for s, t in rows if 200 <= s < 400]
        errors = sum(1 for s, _ in rows if s == 0 or (s >= 500 and s != 503))
        shed = sum(1 for s, _ in rows if s == 503)
        print(
            f"| {clients} | {kind} | {len(rows)} | {errors} | {shed} | "
            f"{percentile(answered, 0.5) * 1000:.0f} | {percentile(answered, 0.95) * 1000:.0f} | "
            f"{max(answered, default=0) * 1000:.0f} | {len(answered) / seconds:.1f} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", default="1,50,200")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            from kb.build import build

            db = Path(tmp) / "kb.db"
            build([ROOT / "corpus"], db)
        port = free_port()
        server = start_server(db, port)
        try:
            print(
                f"load average at start: {os.getloadavg()[0]:.1f}; {time.strftime('%Y-%m-%d %H:%M')}"
            )
            print(f"{args.seconds:g} s per run, loopback, client and server on this machine\n")
            print(
                "| clients | page | requests | errors | 503 | p50 ms | p95 ms | max ms | answered/s |"
            )
            print("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
            for clients in map(int, args.clients.split(",")):
                results = asyncio.run(load(f"http://127.0.0.1:{port}", clients, args.seconds))
                report(clients, args.seconds, results)
        finally:
            server.terminate()
            server.wait()
    print(f"\nload average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
