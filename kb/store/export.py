"""The one CSV writer of every download and export: UTF-8 (with a BOM for Excel when
asked), and text cells that a spreadsheet would run as a formula made inert."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def safe_cell(value):
    """Keep spreadsheet programs from reading a text cell as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(out, header: Sequence[str], rows: Iterable[Sequence], *, bom: bool = False) -> None:
    """Write a header and rows to a text stream (lines end with CRLF, as RFC 4180 says)."""
    if bom:
        out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])


def csv_text(header: Sequence[str], rows: Iterable[Sequence], *, bom: bool = False) -> str:
    buffer = io.StringIO()
    write_csv(buffer, header, rows, bom=bom)
    return buffer.getvalue()
