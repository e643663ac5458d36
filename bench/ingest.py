"""Ingestion speed at scale: `kb build` against bare text extraction, on real PDFs.

For each set of files, every figure a whole process, the median of --runs runs, the
baselines measured in the same run:

- pdfplumber: pdfplumber's ``extract_text()`` on every page of every PDF, 2 processes
- pypdfium2:  PDFium's text of every page of every PDF, 2 processes
- build 2 / build 1: ``kb build --full --workers 2`` / ``--workers 1`` (a new database)
- unchanged: ``kb build`` again over the database just built (nothing new to read)
- one changed: ``kb build`` after one file's bytes changed (one file read again)
- dask: ``kb build --full --scheduler`` on a scheduler and two single-threaded workers
  started on loopback for the run (kb.batch.local_cluster; with --dask)

Sets: the twelve PDFs of ../shared/pdf; the same twelve repeated --copies times (each
copy made distinct by a comment after %%EOF, so every copy is read and found to be a
copy); the 61 files of ../shared/crawl (the baselines read its PDFs only).

CPU is user + system time of the process and every process it waited for; peak memory
is the largest resident set of the writer (the kb process) and of any worker. Then a
projection to 20 M pages a year from the measured per-page costs.

    .venv/bin/python bench/ingest.py [--runs 3] [--copies 5] [--dask] [--sets pdf,copies,crawl]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"
PAGES_A_YEAR = 20_000_000

PLUMBER = """
import sys
from concurrent.futures import ProcessPoolExecutor
def read(path):
    import pdfplumber
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()
with ProcessPoolExecutor(2) as pool:
    list(pool.map(read, sys.argv[1:]))
"""
PDFIUM = """
import sys
from concurrent.futures import ProcessPoolExecutor
def read(path):
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(path)
    for index in range(len(pdf)):
        page = pdf[index]
        text = page.get_textpage()
        text.get_text_range()
        text.close()
        page.close()
    pdf.close()
with ProcessPoolExecutor(2) as pool:
    list(pool.map(read, sys.argv[1:]))
"""


@dataclass
class Run:
    wall: float
    cpu: float  # the process and every process it waited for
    own_cpu: float  # the process alone (for a build: the writer)
    own_mb: float
    children_mb: float


# A command run under this launcher reports its own CPU and peak memory (for kb build:
# the writer) and those of every process it waited for (the workers, the baseline's pool).
LAUNCHER = """
import os, resource, runpy, sys
command = sys.argv[1:]
try:
    if command[0] == "kb":
        from kb.cli import cli
        cli.main(command[1:], standalone_mode=False)
    else:
        sys.argv = ["-c", *command[1:]]
        exec(compile(command[0], "<bench>", "exec"), sys.modules["__main__"].__dict__)
finally:
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    os.write(int(os.environ["BENCH_REPORT_FD"]), f"{me.ru_utime + me.ru_stime} {children.ru_utime + children.ru_stime} {me.ru_maxrss} {children.ru_maxrss}".encode())
"""


def run(command: list[str]) -> Run:
    """One whole process: wall time, CPU and peak memory, its own and its workers'."""
    read, write = os.pipe()
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", LAUNCHER, *command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        pass_fds=(write,),
        check=True,
        env={**os.environ, "BENCH_REPORT_FD": str(write)},
    )
    wall = time.perf_counter() - start
    os.close(write)
    with os.fdopen(read) as report:
        own_cpu, workers_cpu, own_kb, workers_kb = report.read().split()
    return Run(
        wall,
        float(own_cpu) + float(workers_cpu),
        float(own_cpu),
        int(own_kb) / 1024,
        int(workers_kb) / 1024,
    )


def pages_of(paths: list[Path]) -> int:
    import pypdfium2 as pdfium

    total = 0
    for path in paths:
        try:
            pdf = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError:
            continue
        total += len(pdf)
        pdf.close()
    return total


def is_pdf(path: Path) -> bool:
    with open(path, "rb") as file:
        return file.read(1024).find(b"%PDF-") >= 0


def make_copies(folder: Path, copies: int) -> None:
    for index in range(copies):
        for pdf in sorted((SHARED / "pdf").glob("*.pdf")):
            (folder / f"{index:02d}_{pdf.name}").write_bytes(
                pdf.read_bytes() + f"\n% copy {index}\n%%EOF\n".encode()
            )


def median(runs: list[Run], field: str) -> float:
    return statistics.median(getattr(r, field) for r in runs)


def measure(label: str, folder: Path, work: Path, runs: int, scheduler: str | None) -> dict:
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    pdfs = [str(p) for p in files if is_pdf(p)]
    db = work / f"{label}.db"
    # OCR is left out: the baselines read text layers only (bench/ocr.py measures OCR)
    build = ["kb", "build", str(folder), "--db", str(db), "--quiet", "--full", "--no-ocr"]
    commands = {
        "pdfplumber": [PLUMBER, *pdfs],
        "pypdfium2": [PDFIUM, *pdfs],
        "build 2": [*build, "--workers", "2"],
        "build 1": [*build, "--workers", "1"],
    }
    if scheduler:
        commands["dask"] = [*build, "--scheduler", scheduler]
    results: dict[str, list[Run]] = {name: [] for name in commands}
    for _ in range(runs):  # alternate the commands run by run, so load changes hit them alike
        for name, command in commands.items():
            results[name].append(run(command))
    again = ["kb", "build", str(folder), "--db", str(db), "--quiet", "--workers", "2", "--no-ocr"]
    run([*build, "--workers", "2"])
    results["unchanged"] = [run(again) for _ in range(runs)]
    changed = []
    victim = next(p for p in files if is_pdf(p))
    original = victim.read_bytes()
    for index in range(runs):
        victim.write_bytes(original + f"\n% edit {index}\n%%EOF\n".encode())
        changed.append(run(again))
    victim.write_bytes(original)
    results["one changed"] = changed
    return {
        "label": label,
        "files": len(files),
        "pdfs": len(pdfs),
        "pages": pages_of([Path(p) for p in pdfs]),
        "runs": results,
    }


def report(measured: list[dict]) -> None:
    print(
        "| set | files | PDF pages | what | wall s | CPU s | ms CPU/page | pages/s | × pdfplumber | own CPU s | peak MB own / largest worker |"
    )
    print("| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for m in measured:
        base = median(m["runs"]["pdfplumber"], "wall")
        for name, runs in m["runs"].items():
            wall, cpu = median(runs, "wall"), median(runs, "cpu")
            print(
                f"| {m['label']} | {m['files']} | {m['pages']} | {name} | {wall:.2f} | {cpu:.2f} | "
                f"{1000 * cpu / m['pages']:.1f} | {m['pages'] / wall:.0f} | {wall / base:.2f} | "
                f"{median(runs, 'own_cpu'):.2f} | {median(runs, 'own_mb'):.0f} / {median(runs, 'children_mb'):.0f} |"
            )
    print()
    for m in measured:
        one, two = median(m["runs"]["build 1"], "wall"), median(m["runs"]["build 2"], "wall")
        unchanged = median(m["runs"]["unchanged"], "wall")
        print(
            f"{m['label']}: 2 workers {one / two:.2f}× faster than 1; unchanged rebuild {100 * unchanged / two:.1f}% of the build"
        )
    project(measured)


def project(measured: list[dict]) -> None:
    """20 M pages a year: reading is spread over the workers, writing is one process.

    Reading costs the workers' CPU per page of the largest set; writing the writer's CPU
    per page beyond what an unchanged rebuild costs (starting, planning), taken from the
    set where it is highest (copies are read but not written, so a set of copies
    understates it)."""
    biggest = max(measured, key=lambda m: m["pages"])
    runs = biggest["runs"]["build 1"]
    read_ms = 1000 * (median(runs, "cpu") - median(runs, "own_cpu")) / biggest["pages"]
    write_ms = max(
        1000
        * (median(m["runs"]["build 1"], "own_cpu") - median(m["runs"]["unchanged"], "own_cpu"))
        / m["pages"]
        for m in measured
    )
    print(
        f"\nProjection: {read_ms:.1f} ms CPU/page reading (workers, '{biggest['label']}'), {write_ms:.1f} ms/page writing (the one writer):"
    )
    writer_hours = PAGES_A_YEAR * write_ms / 1000 / 3600
    print("| machines × 2 cores | reading h | writer h | wall h (the larger) |")
    print("| ---: | ---: | ---: | ---: |")
    for machines in (1, 4, 10, 25, 50, 100):
        reading = PAGES_A_YEAR * read_ms / 1000 / 3600 / (machines * 2 * 0.9)
        print(
            f"| {machines} | {reading:.1f} | {writer_hours:.1f} | {max(reading, writer_hours):.1f} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--copies", type=int, default=5)
    parser.add_argument("--dask", action="store_true", help="also build on a local Dask cluster")
    parser.add_argument("--sets", default="pdf,copies,crawl")
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.1f}; {time.strftime('%Y-%m-%d %H:%M')}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        sets = {}
        for name in args.sets.split(","):
            folder = work / name
            folder.mkdir()
            if name == "pdf":
                for pdf in (SHARED / "pdf").glob("*.pdf"):
                    shutil.copy2(pdf, folder)
            elif name == "copies":
                make_copies(folder, args.copies)
            elif name == "crawl":
                for file in (SHARED / "crawl").iterdir():
                    if file.is_file() and not file.name.startswith("."):
                        shutil.copy2(file, folder)
            sets[
                {
                    "pdf": "12 PDFs",
                    "copies": f"12 PDFs × {args.copies}",
                    "crawl": "crawl (61 files)",
                }[name]
            ] = folder
        measured = []
        if args.dask:
            from kb.batch.local_cluster import local_cluster

            with local_cluster(work / "dask", workers=2) as scheduler:
                for label, folder in sets.items():
                    measured.append(measure(label, folder, work, args.runs, scheduler))
        else:
            for label, folder in sets.items():
                measured.append(measure(label, folder, work, args.runs, None))
    print(f"load average at end: {os.getloadavg()[0]:.1f}")
    report(measured)


if __name__ == "__main__":
    main()
