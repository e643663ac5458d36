"""Build benchmark: whole-process `kb build` time over the sample corpus.

Runs `kb build` as a user would (a new process each time, so jieba's start-up and the
Python import cost count), takes the median of several runs, and sets it against a
baseline measured in the same run: a process that starts Python, imports the package
and reads and decodes the same files. The ratio is the figure to watch; absolute seconds depend on the machine.

    .venv/bin/python bench/build.py [--runs 5] [--copies 20]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The floor no build can go under: start Python, import the package (and jieba),
# read and decode every file.
BASELINE = (
    "import sys, pathlib, kb.build; "
    "[p.read_bytes().decode('utf-8') for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.txt'))]"
)


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def make_corpus(folder: Path, copies: int) -> int:
    """The samples, and copies made distinct by a trailing comment line (distinct sha256)."""
    count = 0
    for index in range(copies):
        for sample in sorted((ROOT / "corpus").glob("*.txt")):
            data = sample.read_bytes() + f"\n（副本 {index}）\n".encode()
            (folder / f"{index:03d}_{sample.name}").write_bytes(data)
            count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--copies", type=int, default=20, help="copies of the 5 samples")
    args = parser.parse_args()
    kb = str(Path(sys.executable).parent / "kb")
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        rows = []
        for label, copies in (("5 samples", 1), (f"{args.copies}× samples", args.copies)):
            corpus = tmp_path / f"corpus{copies}"
            corpus.mkdir()
            files = make_corpus(corpus, copies) if copies > 1 else 5
            if copies == 1:
                for sample in (ROOT / "corpus").glob("*.txt"):
                    shutil.copy(sample, corpus)
            db = tmp_path / "kb.db"
            for workers in (1, 2):
                build = [
                    kb,
                    "build",
                    str(corpus),
                    "--db",
                    str(db),
                    "--quiet",
                    "--full",
                    "--workers",
                    str(workers),
                ]
                baseline = [sys.executable, "-c", BASELINE, str(corpus)]
                base_times = [timed(baseline) for _ in range(args.runs)]
                build_times = [timed(build) for _ in range(args.runs)]
                base, median = statistics.median(base_times), statistics.median(build_times)
                rows.append((label, files, workers, base, median, median / base, files / median))
    print(
        f"{'corpus':<14}{'files':>6}{'workers':>8}{'baseline s':>12}{'build s':>9}{'ratio':>8}{'files/s':>9}"
    )
    for label, files, workers, base, median, ratio, rate in rows:
        print(
            f"{label:<14}{files:>6}{workers:>8}{base:>12.3f}{median:>9.3f}{ratio:>8.1f}{rate:>9.1f}"
        )


if __name__ == "__main__":
    main()
