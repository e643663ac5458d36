"""Landscape tables printed sideways on a portrait page, turned back upright.

A page with ``/Rotate`` is already turned by pdfminer (its characters come out
upright). A page whose content itself is drawn rotated gives characters with
``upright=False``; when most of a page's characters are like that, every object is
turned a quarter so the text runs left to right and the table readers work unchanged.
"""

from __future__ import annotations

from typing import Any

from pdfplumber.page import DerivedPage, Page

Obj = dict[str, Any]


class RotatedPage(DerivedPage):
    """A page's objects turned a quarter turn, so that sideways text reads left to right."""

    def __init__(self, parent: Page, counterclockwise: bool):
        super().__init__(parent)
        x0, y0, x1, y1 = parent.bbox
        width, height = x1 - x0, y1 - y0
        self.bbox = (0, 0, height, width)
        offset = (x0, y0)
        self._turned = {
            kind: [_turn(obj, width, height, offset, counterclockwise) for obj in objs]
            for kind, objs in parent.objects.items()
        }

    @property
    def objects(self) -> dict[str, list[Obj]]:
        return self._turned


def upright_page(page: Page) -> Page:
    """The page itself, or a turned copy when most of its text runs up or down the page."""
    chars = page.chars
    sideways = [c for c in chars if not c.get("upright", True)]
    if not chars or len(sideways) * 2 <= len(chars):
        return page
    # In PDF space (y up) text reading bottom to top has a positive matrix b.
    upward = sum(1 for c in sideways if c.get("matrix", (1, 0))[1] > 0)
    return RotatedPage(page, counterclockwise=upward * 2 >= len(sideways))


def _turn(
    obj: Obj, width: float, height: float, offset: tuple[float, float], counterclockwise: bool
) -> Obj:
    turned = dict(obj)
    x0, x1 = obj["x0"] - offset[0], obj["x1"] - offset[0]
    top, bottom = obj["top"] - offset[1], obj["bottom"] - offset[1]
    if counterclockwise:  # text reads upward: page bottom becomes the left edge
        turned.update(x0=height - bottom, x1=height - top, top=x0, bottom=x1)
        point = _ccw_point(height, offset)
    else:  # text reads downward: page top becomes the left edge
        turned.update(x0=top, x1=bottom, top=width - x1, bottom=width - x0)
        point = _cw_point(width, offset)
    turned["width"] = turned["x1"] - turned["x0"]
    turned["height"] = turned["bottom"] - turned["top"]
    turned["y0"] = width - turned["bottom"]
    turned["y1"] = width - turned["top"]
    turned["doctop"] = obj.get("doctop", obj["top"]) - obj["top"] + turned["top"]
    if "pts" in obj:
        turned["pts"] = [point(p) for p in obj["pts"]]
    if obj.get("object_type") == "char":
        turned["upright"] = not obj.get("upright", True)
    return turned


def _ccw_point(height: float, offset: tuple[float, float]):
    return lambda p: (height - (p[1] - offset[1]), p[0] - offset[0])


def _cw_point(width: float, offset: tuple[float, float]):
    return lambda p: (p[1] - offset[1], width - (p[0] - offset[0]))
