"""Scanned pages read by OCR: pages of the published PDFs turned into pictures of
themselves (one set clean at 200 dpi, one turned 0.6° and speckled like a scan) must give
the figures their text layer gives, on the same page and row; every figure read by OCR says
so and how sure it is; one the table arithmetic bears out is verified, and no verified
figure differs from the text layer's. A digit painted over in the image comes out
unverified. The models come from the rapidocr wheel: nothing is downloaded."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import sqlite_utils

from kb.build import build

from .conftest import SHARED_PDF
from .ocr_pages import Plant, image_pdf, text_pdf

pytestmark = pytest.mark.skipif(
    not SHARED_PDF.is_dir(), reason="../shared/pdf is not beside the repository"
)

# Pages of two published PDFs: a 基本支出 table, a 三公 table, the 三公 paragraph.
PAGES = {"wuxi.pdf": ("12-", [19, 23, 36]), "changsha.pdf": ("11-", [19, 21])}
MANIFEST = """files:
  wuxi.pdf: {unit: 无锡市发展和改革委员会, year: 2025, kind: 预算, scope: 部门}
  changsha.pdf: {unit: 长沙市公安局, year: 2025, kind: 预算, scope: 部门}
"""
PLANTED = Plant(page=1, printed="768.85", instead="798.85")  # 30101 基本工资 of 无锡


def _folder(root: Path, name: str) -> Path:
    folder = root / name
    folder.mkdir()
    (folder / "manifest.yml").write_text(MANIFEST, "utf-8")
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, sqlite_utils.Database]:
    root = tmp_path_factory.mktemp("ocr")
    text, scans, planted = _folder(root, "text"), _folder(root, "scans"), _folder(root, "planted")
    for name, (prefix, pages) in PAGES.items():
        text_pdf(next(SHARED_PDF.glob(f"{prefix}*.pdf")), pages, text / name)
    image_pdf(text / "wuxi.pdf", scans / "wuxi.pdf")
    image_pdf(text / "changsha.pdf", scans / "changsha.pdf", skew=0.6, speckle=True)
    image_pdf(text / "wuxi.pdf", planted / "wuxi.pdf", plant=PLANTED)
    (planted / "manifest.yml").write_text(
        MANIFEST.splitlines()[0] + "\n" + MANIFEST.splitlines()[1] + "\n", "utf-8"
    )
    databases = {}
    for folder in (text, scans, planted):
        build([folder], root / f"{folder.name}.db", folder / "manifest.yml", workers=2)
        databases[folder.name] = sqlite_utils.Database(root / f"{folder.name}.db")
    return databases


FIGURES = """
select d.filename, f.page, f.row, f.statement, f.measure, coalesce(f.code, f.item_key, f.item) as subject,
       f.amount, f.source, f.confidence, f.verified
from facts f join documents d on d.id = f.document_id
where f.statement != '情况说明'
"""


def _figures(db: sqlite_utils.Database) -> dict[tuple, dict]:
    """Figures by file, page, row, statement, column and subject (its code, or its item with
    full-width brackets as OCR reads them)."""
    figures = {}
    for r in db.query(FIGURES):
        key = (
            r["filename"],
            r["page"],
            r["row"],
            r["statement"],
            r["measure"],
            unicodedata.normalize("NFKC", r["subject"] or ""),
        )
        assert key not in figures, key
        figures[key] = r
    return figures


def test_scans_give_the_figures_of_the_text_layer_on_the_same_page_and_row(built):
    text, scans = _figures(built["text"]), _figures(built["scans"])
    assert len(text) > 100
    found = [
        key for key, fact in text.items() if key in scans and scans[key]["amount"] == fact["amount"]
    ]
    assert len(found) / len(text) >= 0.99, sorted(set(text) - set(found))[:10]


def test_every_ocr_figure_says_so_and_how_sure_it_is(built):
    rows = list(built["scans"].query("select source, confidence, verified from facts"))
    assert rows and {r["source"] for r in rows} == {"ocr"}
    assert all(0 < r["confidence"] <= 1 for r in rows)
    assert {r["verified"] for r in rows} == {0, 1}
    text_sources = {r["source"] for r in built["text"].query("select distinct source from facts")}
    assert "ocr" not in text_sources


def test_no_verified_figure_differs_from_the_text_layer(built):
    text = _figures(built["text"])
    for database in ("scans", "planted"):
        verified = [(key, f) for key, f in _figures(built[database]).items() if f["verified"]]
        assert len(verified) > 50
        wrong = [
            (key, f["amount"], text.get(key, {}).get("amount"))
            for key, f in verified
            if text.get(key, {}).get("amount") != f["amount"]
        ]
        assert wrong == []


def test_a_digit_painted_over_comes_out_unverified(built):
    rows = list(
        built["planted"].query(
            "select amount, verified, code from facts where code = '30101' and amount = 798.85"
        )
    )
    assert rows and all(r["verified"] == 0 for r in rows)
    clean = list(
        built["scans"].query(
            "select amount, verified from facts f join documents d on d.id = f.document_id"
            " where code = '30101' and d.filename = 'wuxi.pdf'"
        )
    )
    assert {(r["amount"], r["verified"]) for r in clean} == {(768.85, 1)}


def test_ocr_pages_are_named_and_their_text_is_searchable(built):
    db = built["scans"]
    warnings = [r["warnings"] for r in db.query("select warnings from documents order by filename")]
    assert warnings[0].startswith("pages 1, 2 are read by OCR") and warnings[1].startswith(
        "pages 1, 2, 3 are read by OCR"
    )
    hits = db.execute(
        "select count(*) from segments_fts join segments s on s.id = segments_fts.rowid where segments_fts match ?",
        ['"工资福利支出"'],
    ).fetchone()[0]
    assert hits >= 2


def test_without_ocr_a_scan_is_reported_not_read(tmp_path, built):
    scans = tmp_path / "scans"
    scans.mkdir()
    image_pdf(
        Path(built["text"].conn.execute("select path from documents limit 1").fetchone()[0]),
        scans / "a.pdf",
    )
    (scans / "b.txt").write_text(
        (Path(__file__).parent.parent / "corpus" / "000_054c417f28db0ed0.txt").read_text("utf-8"),
        "utf-8",
    )
    build([scans], tmp_path / "kb.db", ocr=False)
    reason = (
        sqlite_utils.Database(tmp_path / "kb.db")
        .execute("select reason from files where path like '%a.pdf'")
        .fetchone()[0]
    )
    assert reason == "no text layer (scanned?); OCR was off"


def test_the_models_come_from_the_wheel_with_no_network():
    script = (
        "import socket\n"
        "def refuse(*a, **k): raise OSError('no network in this test')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "import numpy as np\n"
        "from PIL import Image, ImageDraw, ImageFont\n"
        "from kb.read.pdf.ocr import engine\n"
        "image = Image.new('RGB', (400, 80), 'white')\n"
        "ImageDraw.Draw(image).text((10, 20), '2811.70', fill='black', font=ImageFont.load_default(size=36))\n"
        "print(engine()(np.asarray(image)).txts)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert "2811.70" in out.stdout
