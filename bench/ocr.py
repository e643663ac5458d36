"""OCR speed and memory: `kb build` of image-only PDFs with 1 and 2 workers.

The PDFs are pages of the published PDFs turned into pictures of themselves (as the OCR
tests make them: tests/ocr_pages.py): a 基本支出 table, a 三公 table and a 三公 paragraph
of 12 (clean, 200 dpi) and a 基本支出 and a 三公 table of 11 (turned 0.6° and speckled),
each set twice (the second copy speckled or clean in turn). Whole processes, medians of
--runs; the same pages as text PDFs are built in the same run as the baseline.

    .venv/bin/python bench/ocr.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.ingest import run  # noqa: E402
from tests.ocr_pages import image_pdf, text_pdf  # noqa: E402

SHARED = ROOT.parent / "shared" / "pdf"
SETS = {"wuxi": ("12-", [19, 23, 36]), "changsha": ("11-", [19, 21])}
MANIFEST = """files:
  wuxi.pdf: {unit: 无锡市发展和改革委员会, year: 2025, kind: 预算}
  wuxi-2.pdf: {unit: 无锡市发展和改革委员会（副本）, year: 2025, kind: 预算}
  changsha.pdf: {unit: 长沙市公安局, year: 2025, kind: 预算}
  changsha-2.pdf: {unit: 长沙市公安局（副本）, year: 2025, kind: 预算}
"""


def make(folder: Path) -> tuple[Path, Path, int]:
    text, scans = folder / "text", folder / "scans"
    text.mkdir()
    scans.mkdir()
    pages = 0
    for name, (prefix, numbers) in SETS.items():
        text_pdf(next(SHARED.glob(f"{prefix}*.pdf")), numbers, text / f"{name}.pdf")
        text_pdf(next(SHARED.glob(f"{prefix}*.pdf")), numbers, text / f"{name}-2.pdf")
        noisy = name == "changsha"
        image_pdf(
            text / f"{name}.pdf", scans / f"{name}.pdf", skew=0.6 if noisy else 0, speckle=noisy
        )
        image_pdf(text / f"{name}.pdf", scans / f"{name}-2.pdf", speckle=not noisy)
        pages += 2 * len(numbers)
    for target in (text, scans):
        (target / "manifest.yml").write_text(MANIFEST, "utf-8")
    return text, scans, pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.1f}; {time.strftime('%Y-%m-%d %H:%M')}")
    with tempfile.TemporaryDirectory() as tmp:
        text, scans, pages = make(Path(tmp))
        results = {}
        for label, folder, workers in (
            ("text layer", text, 2),
            ("OCR", scans, 1),
            ("OCR", scans, 2),
        ):
            db = Path(tmp) / "kb.db"
            command = [
                "kb",
                "build",
                str(folder),
                "--db",
                str(db),
                "--quiet",
                "--full",
                "--workers",
                str(workers),
            ]
            results[(label, workers)] = [run(command) for _ in range(args.runs)]
    print(f"load average at end: {os.getloadavg()[0]:.1f}")
    print(f"\n{pages} pages in 4 files\n")
    print(
        "| build | workers | wall s | CPU s | CPU s/page | pages/s | peak MB writer / largest worker |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for (label, workers), runs in results.items():
        wall = statistics.median(r.wall for r in runs)
        cpu = statistics.median(r.cpu for r in runs)
        own = statistics.median(r.own_mb for r in runs)
        workers_mb = statistics.median(r.children_mb for r in runs)
        print(
            f"| {label} | {workers} | {wall:.1f} | {cpu:.1f} | {cpu / pages:.2f} | {pages / wall:.2f} | {own:.0f} / {workers_mb:.0f} |"
        )
    one = statistics.median(r.wall for r in results[("OCR", 1)])
    two = statistics.median(r.wall for r in results[("OCR", 2)])
    print(f"\nOCR: 2 workers {one / two:.2f}× faster than 1")


if __name__ == "__main__":
    main()
