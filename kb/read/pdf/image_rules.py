"""The ruling lines of a page image and its skew, for pages read by OCR.

Rules are found by morphological opening of the binarised image with a long thin
kernel (longer than any stroke of a character, so glyphs vanish and rules stay). A short
vertical run counts as a rule only where it meets a horizontal rule, as cell borders do:
the vertical strokes of CJK characters otherwise become dozens of false columns. The
skew is the angle whose horizontal projection is sharpest (rows of text and rules line
up); measured on the shared PDFs rendered and rotated by 0.5–1°, it finds the angle to
0.02°.
"""

from __future__ import annotations

Rule = tuple[float, float, float, float]  # x0, top, x1, bottom in pixels


def to_gray(image):
    import cv2

    return cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)


def estimate_skew(gray, limit: float = 2.0) -> float:
    """The angle (degrees, counter-clockwise) the page's content is turned by."""
    import cv2
    import numpy as np

    half = cv2.resize(gray, (gray.shape[1] // 2, gray.shape[0] // 2), interpolation=cv2.INTER_AREA)
    ink = cv2.adaptiveThreshold(
        half, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15
    )
    height, width = ink.shape

    def sharpness(angle: float) -> float:
        turn = cv2.getRotationMatrix2D((width / 2, height / 2), -angle, 1.0)
        profile = (
            cv2.warpAffine(ink, turn, (width, height), flags=cv2.INTER_NEAREST)
            .sum(1)
            .astype(np.float64)
        )
        return float(((profile[1:] - profile[:-1]) ** 2).sum())

    best = max(np.arange(-limit, limit + 1e-6, 0.1), key=sharpness)
    return float(max(np.arange(best - 0.1, best + 0.1001, 0.02), key=sharpness))


def straighten(image, angle: float):
    """The image turned back by ``angle`` degrees, white where nothing was."""
    import cv2

    height, width = image.shape[:2]
    turn = cv2.getRotationMatrix2D((width / 2, height / 2), -angle, 1.0)
    return cv2.warpAffine(
        image, turn, (width, height), flags=cv2.INTER_CUBIC, borderValue=(255, 255, 255)
    )


def _segments(mask, horizontal: bool) -> list[tuple[float, float, float]]:
    """Connected runs of a mask: (position across, start, end along)."""
    import cv2

    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    found = []
    for index in range(1, count):
        x, y, w, h, _ = stats[index]
        found.append((y + h / 2, x, x + w) if horizontal else (x + w / 2, y, y + h))
    return found


def _clusters(segments, tolerance: float) -> list[tuple[float, list[tuple[float, float]]]]:
    """Runs at about the same position as one rule: (mean position, its pieces)."""
    groups: list[tuple[list[float], list[tuple[float, float]]]] = []
    for position, start, end in sorted(segments):
        if groups and position - groups[-1][0][-1] <= tolerance:
            groups[-1][0].append(position)
            groups[-1][1].append((start, end))
        else:
            groups.append(([position], [(start, end)]))
    return [(sum(p) / len(p), pieces) for p, pieces in groups]


def _merged(pieces: list[tuple[float, float]], gap: float) -> list[tuple[float, float]]:
    merged: list[list[float]] = []
    for start, end in sorted(pieces):
        if merged and start - merged[-1][1] <= gap:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]


def find_rules(gray, dpi: float) -> list[Rule]:
    """The page's horizontal and vertical rules, in pixels."""
    import cv2

    ink = cv2.adaptiveThreshold(
        gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15
    )
    across = cv2.getStructuringElement(cv2.MORPH_RECT, (max(20, int(dpi * 0.35)), 1))
    down = cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(12, int(dpi * 0.12))))
    tolerance = max(3.0, dpi / 40)
    rows = [
        (y, pieces)
        for y, pieces in _clusters(
            _segments(cv2.morphologyEx(ink, cv2.MORPH_OPEN, across), True), tolerance
        )
        if sum(b - a for a, b in pieces) > dpi * 0.5
    ]
    touch = max(2.5, dpi / 60)

    def meets_a_row(x: float, y: float) -> bool:
        return any(
            abs(ry - y) <= touch and any(a - touch <= x <= b + touch for a, b in p)
            for ry, p in rows
        )

    verticals = [
        (x, top, bottom, meets_a_row(x, top) + meets_a_row(x, bottom))
        for x, top, bottom in _segments(cv2.morphologyEx(ink, cv2.MORPH_OPEN, down), False)
    ]
    verticals = [v for v in verticals if v[3] >= 1]
    ys = sorted(y for y, _ in rows)
    row_height = (
        sorted(b - a for a, b in zip(ys, ys[1:], strict=False))[len(ys) // 2 - 1]
        if len(ys) > 2
        else dpi * 0.2
    )
    columns = []
    for x, pieces in _clusters([(x, a, b) for x, a, b, _ in verticals], tolerance):
        closed = any(n == 2 and abs(vx - x) <= tolerance for vx, _, _, n in verticals)
        if closed or sum(b - a for a, b in pieces) >= 2 * row_height:
            columns.append((x, pieces))
    if len(rows) < 2 or len(columns) < 2:
        return []
    rules = [(a, y, b, y) for y, pieces in rows for a, b in _merged(pieces, tolerance)]
    rules += [(x, a, x, b) for x, pieces in columns for a, b in _merged(pieces, tolerance)]
    return rules
