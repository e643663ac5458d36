"""Benchmark the PDF reader against bare pdfplumber text extraction.

Reads the disclosure PDFs in ../shared/pdf (or --pdf-dir) and reports pages per
second for (a) pdfplumber's ``extract_text()`` over every page and (b) our reader
(``path_to_document``: text, tables, segments, metadata) over the same files, with
the cost ratio b/a, in wall-clock and in CPU seconds (the CPU ratio holds when other
work shares the machine). Each figure is the median of --runs runs; the two
readers alternate run by run.

    .venv/bin/python bench/pdf.py [--runs 3] [--workers 1] [--pdf-dir DIR]

With --workers N both sides read files in N processes, as ``kb build --workers N``.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DIR = ROOT.parent / "shared" / "pdf"


def plain_text(path: str) -> int:
    """(a) pdfplumber alone: extract_text on every page; returns the page count."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()
        return len(pdf.pages)


def our_reader(path: str) -> int:
    """(b) the whole reading pipeline; returns the page count."""
    from kb.build import path_to_document

    return path_to_document(path).pages or 0


def timed_run(
    reader: Callable[[str], int], paths: list[str], workers: int
) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (this process and its workers) and pages read."""
    start, cpu_start = time.perf_counter(), _cpu()
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            pages = sum(pool.map(reader, paths))
    else:
        pages = sum(reader(p) for p in paths)
    return time.perf_counter() - start, _cpu() - cpu_start, pages


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pdf-dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    paths = sorted(str(p) for p in args.pdf_dir.glob("*.pdf"))
    if not paths:
        print(f"no PDFs in {args.pdf_dir}", file=sys.stderr)
        return 1
    readers = {"pdfplumber extract_text": plain_text, "kb path_to_document": our_reader}
    wall: dict[str, list[float]] = {name: [] for name in readers}
    cpu: dict[str, list[float]] = {name: [] for name in readers}
    pages = 0
    # Alternate the two readers so that load from other work on the machine hits both.
    for _ in range(args.runs):
        for name, reader in readers.items():
            seconds, cpu_seconds, pages = timed_run(reader, paths, args.workers)
            wall[name].append(seconds)
            cpu[name].append(cpu_seconds)
    print(f"{len(paths)} PDFs, {pages} pages, {args.workers} worker(s), median of {args.runs} runs")
    print(f"{'reader':<26}{'seconds':>10}{'pages/s':>10}{'CPU s':>10}")
    medians = {}
    for name in readers:
        medians[name] = statistics.median(wall[name])
        cpu_median = statistics.median(cpu[name])
        print(f"{name:<26}{medians[name]:>10.2f}{pages / medians[name]:>10.1f}{cpu_median:>10.2f}")
    plain, ours = (statistics.median(cpu[name]) for name in readers)
    wall_plain, wall_ours = medians.values()
    print(f"{'ratio b/a':<26}{wall_ours / wall_plain:>10.2f}{'':>10}{ours / plain:>10.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
