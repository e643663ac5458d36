"""Page triage: which pages are scans, blank, or text whose fonts do not decode, named in
the document's warnings (and, for OCR, in the order they come)."""

from __future__ import annotations

import pytest

from kb.build import path_to_document
from kb.read import path_to_source
from kb.read.pdf.document import _plumber_layouts
from kb.read.pdf.triage import BLANK, GARBLED, IMAGE, TEXT, page_to_triage, triage_to_warnings
from kb.segment import source_to_document

from .conftest import ROOT

CRAWL = ROOT.parent / "shared" / "crawl"
needs_crawl = pytest.mark.skipif(
    not CRAWL.is_dir(), reason="../shared/crawl is not beside the repository"
)


def _chars(text: str) -> list[dict]:
    return [{"text": t} for t in text]


def _image(share: float) -> dict:
    return {"x0": 0, "x1": 100 * share, "top": 0, "bottom": 100}


def test_rules_of_triage():
    assert page_to_triage(1, _chars("2022年部门预算" * 3), [], 100, 100).state == TEXT
    assert page_to_triage(2, _chars("  "), [], 100, 100).state == BLANK
    scan = page_to_triage(3, _chars("12"), [_image(0.9)], 100, 100)
    assert (scan.state, scan.chars, scan.image_cover) == (IMAGE, 2, 0.9)
    assert (
        page_to_triage(4, _chars("预算" * 20), [_image(0.9)], 100, 100).state == TEXT
    )  # text over a background
    assert page_to_triage(5, _chars(""), [_image(0.3)], 100, 100).state == BLANK  # a logo
    undecoded = [{"text": "(cid:17)"}] * 3 + _chars("预算" * 10)
    assert page_to_triage(6, undecoded, [], 100, 100).state == GARBLED
    assert (
        page_to_triage(7, _chars("\ufffd" + "预算" * 10), [], 100, 100).state == TEXT
    )  # one in 21
    pages = [page_to_triage(n, _chars(""), [_image(1)], 10, 10) for n in (1, 6)]
    assert triage_to_warnings(pages) == [
        "pages 1, 6 are an image without a text layer (scanned?): not read"
    ]


@needs_crawl
def test_a_cover_pasted_as_an_image_is_named_in_the_warnings():
    path = next(CRAWL.glob("04_*"))
    unread = source_to_document(path_to_source(path, ocr=False))
    assert "page 1 is an image without a text layer (scanned?): not read" in unread.warnings
    document = path_to_document(path)
    assert document.warnings == [
        "page 1 is read by OCR (an image, or text that does not decode): figures checked where the tables allow"
    ]
    assert "2017年部门预算" in [box.text for box in document.ocr[1]]
    assert (
        document.metadata.unit == "江苏省人民检察院"
    )  # from the tables, the cover being a picture


@needs_crawl
def test_pdfium_and_pdfplumber_agree_on_the_scanned_pages():
    path = next(CRAWL.glob("45_*"))
    document = source_to_document(path_to_source(path, ocr=False))
    assert "pages 1, 6 are an image without a text layer (scanned?): not read" in document.warnings
    plumber = {
        layout.number: layout.triage.state
        for layout in _plumber_layouts(path.read_bytes(), str(path))
    }
    assert [n for n, state in plumber.items() if state == IMAGE] == [1, 6]
    assert len(plumber) == document.pages
