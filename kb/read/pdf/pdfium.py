"""A page's characters and drawing through PDFium (pypdfium2), as a pdfplumber page.

pdfminer's parse of a page's content stream is nearly all the cost of reading a PDF with
pdfplumber; PDFium reads the same page about forty times faster. ``PdfiumPage`` builds the
objects pdfplumber's algorithms work on — characters with pdfminer's boxes, and every
path split into lines, rectangles and curves the way pdfminer's converter splits them —
from PDFium, so that ``page.page_to_layout`` (words, pdfplumber's table finder, the grids)
runs on it unchanged. Measured on the twelve shared PDFs: the same tables on every table
page, about a fifth of the CPU (docs/benchmarks.md, PDF).

A character's box is pdfminer's: left, right and bottom from PDFium's loose box, top the
bottom less the font size (PDFium's loose top is the font's ascent, which breaks the line
clustering). Spaces PDFium generates are dropped, as pdfminer has none there.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from types import SimpleNamespace

import pypdfium2.raw as pdfium_c
from pdfplumber.page import DerivedPage

Obj = dict
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1, 0, 0, 1, 0, 0)
MAX_FORM_DEPTH = 4


def _rotation(page) -> tuple[float, float, float, float]:
    """The rotation pdfminer puts in front of a page's CTM (0, 90, 180, 270 degrees)."""
    return {0: (1, 0, 0, 1), 90: (0, -1, 1, 0), 180: (-1, 0, 0, -1), 270: (0, 1, -1, 0)}[
        page.get_rotation() % 360
    ]


def _display(page) -> tuple[Callable[[float, float], tuple[float, float]], float, float]:
    """PDF user space to pdfplumber's (x, top) on the page as displayed, and its size."""
    x0, y0, x1, y1 = page.get_mediabox()
    rotation = page.get_rotation() % 360
    if rotation == 90:
        return (lambda x, y: (y - y0, x - x0)), y1 - y0, x1 - x0
    if rotation == 180:
        return (lambda x, y: (x1 - x, y - y0)), x1 - x0, y1 - y0
    if rotation == 270:
        return (lambda x, y: (y1 - y, x1 - x)), y1 - y0, x1 - x0
    return (lambda x, y: (x - x0, y1 - y)), x1 - x0, y1 - y0


def _compose(first: Matrix, then: Matrix) -> Matrix:
    a, b, c, d, e, f = first
    A, B, C, D, E, F = then
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return (round(a * x + c * y + e, 2), round(b * x + d * y + f, 2))


def page_chars(page, textpage) -> list[Obj]:
    """Every character as pdfplumber gives it (text, x0, x1, top, bottom, upright, matrix)."""
    to_display, _, _ = _display(page)
    ra, rb, rc, rd = _rotation(page)
    raw = textpage.raw
    rect, matrix = pdfium_c.FS_RECTF(), pdfium_c.FS_MATRIX()
    by_object: dict[int, tuple[bool, tuple, float]] = {}
    chars: list[Obj] = []
    for index in range(pdfium_c.FPDFText_CountChars(raw)):
        code = pdfium_c.FPDFText_GetUnicode(raw, index)
        if code in (10, 13, 32) and pdfium_c.FPDFText_IsGenerated(raw, index) == 1:
            continue
        if not pdfium_c.FPDFText_GetLooseCharBox(raw, index, rect):
            continue
        key = ctypes.cast(pdfium_c.FPDFText_GetTextObject(raw, index), ctypes.c_void_p).value
        info = by_object.get(key)
        if info is None:
            info = (True, (1, 0, 0, 1), 0.0)
            if pdfium_c.FPDFText_GetMatrix(raw, index, matrix):
                a, b, c, d = matrix.a, matrix.b, matrix.c, matrix.d
                a2, b2 = a * ra + b * rc, a * rb + b * rd
                c2, d2 = c * ra + d * rc, c * rb + d * rd
                straight = abs(b2) < 1e-6 and abs(c2) < 1e-6
                size = pdfium_c.FPDFText_GetFontSize(raw, index) * abs(d2) if straight else 0.0
                info = (
                    0 < a2 * d2 and b2 * c2 <= 0,
                    (a2, b2, c2, d2),
                    size,
                )  # upright as pdfminer's
            by_object[key] = info
        left, top_point = to_display(rect.left, rect.top)
        right, bottom_point = to_display(rect.right, rect.bottom)
        x0, x1 = min(left, right), max(left, right)
        top, bottom = min(top_point, bottom_point), max(top_point, bottom_point)
        if info[2] > 0:
            top = bottom - info[2]
        chars.append({
            "object_type": "char", "text": chr(code) if 0 < code < 0x110000 else "\ufffd",
            "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
            "width": x1 - x0, "height": bottom - top, "upright": info[0], "matrix": info[1],
        })  # fmt: skip
    return chars


def _color(get, obj) -> tuple[float, float, float] | None:
    r, g, b, a = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    if not get(obj, r, g, b, a):
        return None
    return (r.value / 255, g.value / 255, b.value / 255)


def _shape(
    kind: str, points, fill: bool, stroke: bool, fill_color, stroke_color, height: float
) -> Obj:
    xs, tops = [p[0] for p in points], [p[1] for p in points]
    x0, x1, top, bottom = min(xs), max(xs), min(tops), max(tops)
    return {
        "object_type": kind, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
        "width": x1 - x0, "height": bottom - top, "y0": height - bottom, "y1": height - top,
        "pts": points, "fill": fill, "stroke": stroke,
        "non_stroking_color": fill_color, "stroking_color": stroke_color,
    }  # fmt: skip


def _is_rect(points) -> bool:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points[:4]
    return (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
        y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
    )


class _Paths:
    """The page's painted paths as pdfminer's converter splits them: a subpath of one
    segment is a line, a closed axis-aligned four-segment one a rect, any other a curve;
    and where its images are."""

    def __init__(self, page):
        self.to_display, _, self.height = _display(page)
        self.shapes: dict[str, list[Obj]] = {"line": [], "rect": [], "curve": [], "image": []}
        self.x, self.y = ctypes.c_float(), ctypes.c_float()
        self.matrix = pdfium_c.FS_MATRIX()
        self.fill_mode, self.stroke = ctypes.c_int(), ctypes.c_int()
        raw = page.raw
        self.walk(
            lambda j: pdfium_c.FPDFPage_GetObject(raw, j),
            pdfium_c.FPDFPage_CountObjects(raw),
            0,
            IDENTITY,
        )

    def _matrix(self, obj, outer: Matrix) -> Matrix:
        m = self.matrix
        pdfium_c.FPDFPageObj_GetMatrix(obj, m)
        return _compose((m.a, m.b, m.c, m.d, m.e, m.f), outer)

    def walk(self, get, count: int, depth: int, outer: Matrix) -> None:
        for index in range(count):
            obj = get(index)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH:
                self.walk(
                    lambda j, form=obj: pdfium_c.FPDFFormObj_GetObject(form, j),
                    pdfium_c.FPDFFormObj_CountObjects(obj),
                    depth + 1,
                    self._matrix(obj, outer),
                )
            elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                self.path(obj, outer)
            elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                self.image(obj, outer)

    def image(self, obj, outer: Matrix) -> None:
        """Where an image is painted (its bounds, through the forms it sits in)."""
        left, bottom, right, top = (ctypes.c_float() for _ in range(4))
        if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            return
        corners = [
            self.to_display(*_apply(outer, x.value, y.value))
            for x in (left, right)
            for y in (bottom, top)
        ]
        xs, tops = [p[0] for p in corners], [p[1] for p in corners]
        self.shapes["image"].append(
            {
                "object_type": "image",
                "x0": min(xs),
                "x1": max(xs),
                "top": min(tops),
                "bottom": max(tops),
            }
        )

    def path(self, obj, outer: Matrix) -> None:
        pdfium_c.FPDFPath_GetDrawMode(obj, self.fill_mode, self.stroke)
        fill, stroke = self.fill_mode.value != 0, bool(self.stroke.value)
        if not fill and not stroke:
            return  # a clipping path paints nothing, and pdfminer has no object for it
        fill_color = _color(pdfium_c.FPDFPageObj_GetFillColor, obj) if fill else None
        stroke_color = _color(pdfium_c.FPDFPageObj_GetStrokeColor, obj) if stroke else None
        for ops, points in self.subpaths(obj, self._matrix(obj, outer)):
            if ops == "ml":
                kind = "line"
            elif ops in ("mlll", "mllll") and _is_rect(points):
                kind, points = "rect", points[:4]
            elif len(points) >= 2:
                kind = "curve"
            else:
                continue
            self.shapes[kind].append(
                _shape(kind, points, fill, stroke, fill_color, stroke_color, self.height)
            )

    def subpaths(self, obj, matrix: Matrix) -> list[tuple[str, list[tuple[float, float]]]]:
        found: list[tuple[list[str], list[tuple[float, float]]]] = []
        for index in range(pdfium_c.FPDFPath_CountSegments(obj)):
            segment = pdfium_c.FPDFPath_GetPathSegment(obj, index)
            pdfium_c.FPDFPathSegment_GetPoint(segment, self.x, self.y)
            point = self.to_display(*_apply(matrix, self.x.value, self.y.value))
            kind = pdfium_c.FPDFPathSegment_GetType(segment)
            if kind == pdfium_c.FPDF_SEGMENT_MOVETO or not found:
                found.append((["m"], [point]))
            else:
                found[-1][0].append("l" if kind == pdfium_c.FPDF_SEGMENT_LINETO else "c")
                found[-1][1].append(point)
        return [("".join(ops), points) for ops, points in found]


class PdfiumPage(DerivedPage):
    """Enough of a pdfplumber page for ``page_to_layout``: its objects come from PDFium."""

    def __init__(self, page, textpage, number: int):
        _, width, height = _display(page)
        box = (0, 0, width, height)
        parent = SimpleNamespace(
            pdf=None, page_obj=None, page_number=number, initial_doctop=0,
            rotation=page.get_rotation(), mediabox=box, cropbox=box, bbox=box,
        )  # fmt: skip
        parent.root_page = parent
        super().__init__(parent)
        self.bbox = box
        self._objects = {"char": page_chars(page, textpage), **_Paths(page).shapes}

    @property
    def objects(self) -> dict[str, list[Obj]]:
        return self._objects

    def close(self) -> None:
        self._objects = {}
