"""Pages without usable text read from their pixels: rapidocr (PP-OCR models that ship in
its wheel, run by onnxruntime; nothing is downloaded) on a PDFium rendering.

An OCR'd page becomes a pdfplumber page like any other (``OcrPage``): each text box the
recogniser returns becomes characters spread over the box, and the ruling lines found in
the image become lines, so ``page_to_layout`` finds its tables, rows and headings the way
it does on a text page. What only OCR knows is kept beside the layout: every box's text
and the recogniser's confidence, so each figure read from it can say how sure it is
(``kb.facts.ocr``).

Settings measured on the shared PDFs rendered as images (docs/ocr.md): 200 dpi, the
0/180° line classifier off (it turns noisy ``0.00`` upside down), no downsampling
(``max_side_len`` 4000), one onnxruntime thread per worker process, and a page skewed by
more than 0.15° straightened before it is read.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import time
import unicodedata
from collections import Counter
from dataclasses import replace
from types import SimpleNamespace

from pdfplumber.page import DerivedPage

from ...model import OcrBox
from ...progress import report_progress
from .image_rules import estimate_skew, find_rules, straighten, to_gray
from .page import PageLayout, page_to_layout
from .pdfium import Obj, _shape
from .triage import PageTriage

log = logging.getLogger("kb.ocr")

DPI = 200
SKEW_LIMIT = 0.15  # degrees: below this a page is read as it is
MAX_SKEW = 2.0


class OcrUnavailable(RuntimeError):
    pass


@functools.cache
def engine():
    """The recogniser of this process, its models loaded now so a bad install fails here."""
    try:
        import rapidocr
        from rapidocr import RapidOCR
    except ImportError as error:  # pragma: no cover - a dependency of the package
        raise OcrUnavailable(f"rapidocr is not installed ({error})") from None
    models = os.path.join(os.path.dirname(rapidocr.__file__), "models")
    recogniser = RapidOCR(
        params={
            "Global.log_level": "error",
            "Global.use_cls": False,
            "Global.max_side_len": 4000,
            "Det.model_path": os.path.join(models, "PP-OCRv6_det_small.onnx"),
            "Rec.model_path": os.path.join(models, "PP-OCRv6_rec_small.onnx"),
            "Cls.model_path": os.path.join(models, "ch_ppocr_mobile_v2.0_cls_mobile.onnx"),
            "EngineConfig.onnxruntime.intra_op_num_threads": 1,
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
        }
    )
    recogniser._load_det_model()
    recogniser._load_rec_model()
    return recogniser


def render(page, dpi: int = DPI):
    """The page as displayed, as an RGB array, and the pixels per point."""
    import numpy as np

    scale = dpi / 72
    bitmap = page.render(scale=scale)
    image = np.asarray(bitmap.to_pil().convert("RGB"))
    bitmap.close()
    return image, scale


def read_boxes(image, scale: float) -> list[OcrBox]:
    """Every text box on the image, in points, amounts with broken separators repaired."""
    result = engine()(image)
    if result.boxes is None:
        return []
    boxes = []
    for quad, text, score in zip(result.boxes, result.txts, result.scores, strict=True):
        xs, ys = [float(p[0]) / scale for p in quad], [float(p[1]) / scale for p in quad]
        text = unicodedata.normalize("NFKC", text).strip()
        if text:
            boxes.append(OcrBox(text, round(float(score), 4), min(xs), min(ys), max(xs), max(ys)))
    return repair_amounts(boxes)


AMOUNT = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?%?")
BROKEN_AMOUNT = re.compile(r"-?[\d,.:]*[.,:][\d,.:]*")
SETTLED = 0.8  # share of a page's amounts that must show one number of decimals


def repair_amounts(boxes: list[OcrBox]) -> list[OcrBox]:
    """Amounts the recogniser read with their separators wrong (``3,636..01``, ``1,438,15``,
    ``0:00``): on a page whose amounts print one number of decimals, the digits are read
    with that many decimals. The digits are the recogniser's own; the figure is flagged
    (``kb.facts.ocr``) and trusted only if the table's arithmetic bears it out."""
    decimals = Counter(
        len(match.group(1)) for b in boxes if (match := AMOUNT.fullmatch(b.text)) and match.group(1)
    )
    if not decimals:
        return boxes
    places, count = decimals.most_common(1)[0]
    if places not in (1, 2) or count < SETTLED * sum(decimals.values()):
        return boxes
    repaired = []
    for box in boxes:
        digits = re.sub(r"\D", "", box.text)
        if (
            not AMOUNT.fullmatch(box.text)
            and BROKEN_AMOUNT.fullmatch(box.text)
            and len(digits) > places
        ):
            sign = "-" if box.text.startswith("-") else ""
            text = f"{sign}{int(digits[:-places]):,}.{digits[-places:]}"
            box = replace(box, text=text, repaired_from=box.text)
        repaired.append(box)
    return repaired


def box_to_chars(box: OcrBox) -> list[Obj]:
    """The box's text as characters spread over its width (a CJK character twice as wide
    as a digit), so that a box straddling a column rule splits at about the right place."""
    weights = [2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in box.text]
    unit = (box.x1 - box.x0) / max(sum(weights), 1)
    chars, x = [], box.x0
    for char, weight in zip(box.text, weights, strict=True):
        width = unit * weight
        if not char.isspace():
            chars.append({
                "object_type": "char", "text": char, "x0": x, "x1": x + width, "top": box.top,
                "bottom": box.bottom, "doctop": box.top, "width": width, "height": box.bottom - box.top,
                "upright": True, "matrix": (1, 0, 0, 1),
            })  # fmt: skip
        x += width
    return chars


class OcrPage(DerivedPage):
    """A page as OCR read it, for ``page_to_layout``: characters from the text boxes,
    lines from the rules found in the image."""

    def __init__(
        self, number: int, width: float, height: float, boxes: list[OcrBox], rules: list[Obj]
    ):
        box = (0, 0, width, height)
        parent = SimpleNamespace(
            pdf=None, page_obj=None, page_number=number, initial_doctop=0,
            rotation=0, mediabox=box, cropbox=box, bbox=box,
        )  # fmt: skip
        parent.root_page = parent
        super().__init__(parent)
        self.bbox = box
        chars = [char for b in boxes for char in box_to_chars(b)]
        self._objects = {"char": chars, "line": rules, "rect": [], "curve": [], "image": []}

    @property
    def objects(self) -> dict[str, list[Obj]]:
        return self._objects

    def close(self) -> None:
        self._objects = {}


def rule_objects(rules: list[tuple[float, float, float, float]], height: float) -> list[Obj]:
    """Rules (x0, top, x1, bottom in points) as the stroked lines pdfplumber's finder reads."""
    return [
        _shape("line", [(x0, top), (x1, bottom)], False, True, None, (0.0, 0.0, 0.0), height)
        for x0, top, x1, bottom in rules
    ]


def page_to_ocr_layout(page, triage: PageTriage, path: str, pages: int) -> PageLayout:
    """A PDFium page read from its pixels into the layout a text page gives."""
    started = time.monotonic()
    image, scale = render(page)
    gray = to_gray(image)
    angle = estimate_skew(gray, MAX_SKEW)
    if abs(angle) >= SKEW_LIMIT:
        image = straighten(image, angle)
        gray = to_gray(image)
    boxes = read_boxes(image, scale)
    height, width = image.shape[0] / scale, image.shape[1] / scale
    rules = [
        (x0 / scale, top / scale, x1 / scale, bottom / scale)
        for x0, top, x1, bottom in find_rules(gray, DPI)
    ]
    layout = page_to_layout(
        OcrPage(triage.number, width, height, boxes, rule_objects(rules, height)), triage.number
    )
    layout.triage, layout.ocr = triage, boxes
    report_progress()  # a page done: the file's time budget starts again
    log.info("  ocr  %s: page %d of %d, %d text boxes (%.1f s)", path, triage.number, pages, len(boxes),
             time.monotonic() - started)  # fmt: skip
    return layout
