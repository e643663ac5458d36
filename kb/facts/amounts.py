"""Printed figures to numbers in 万元: separators, typos and units as disclosures print them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import MISPRINTED_POINT

FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－", "0123456789.,-")
NUMBER = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
DASHES = {"―", "—", "-", "--", "－", "/", "／", "…", "——"}
TO_WAN = {"万元": 1.0, "元": 1 / 10000, "千元": 1 / 10, "亿元": 10000.0}


@dataclass(frozen=True)
class Amount:
    value: float  # in the unit printed
    note: str | None = None  # how a misprinted figure was read

    @property
    def flags(self) -> tuple[str, ...]:
        return (MISPRINTED_POINT,) if self.note else ()


def parse_amount(text: str) -> Amount | None:
    """The number a cell prints, or None for an empty cell, a dash, a percentage or text."""
    raw = text.strip()
    if not raw or raw in DASHES:
        return None
    compact = raw.translate(FULL_WIDTH).replace(" ", "").replace("，", ",")
    note = None
    if "。" in compact and re.fullmatch(r"\d+。\d+", compact):
        # 004 prints 14。41 where every other figure of the row says 14.41.
        compact = compact.replace("。", ".")
        note = f"read {raw} as {compact}"
    if not NUMBER.match(compact):
        return None
    return Amount(float(compact.replace(",", "")), note)


def is_amount(text: str) -> bool:
    return parse_amount(text) is not None


def to_wan(value: float, unit: str | None) -> float:
    return round(value * TO_WAN.get(unit or "万元", 1.0), 6)


def unit_in_text(text: str) -> str | None:
    """A unit named in a label such as 项目资金（万元） or 金额单位：元."""
    match = re.search(r"(?:单位\s*[：:]\s*|[（(]\s*)(万元|千元|亿元|元)\s*[）)]?", text)
    return match.group(1) if match else None


def table_unit(table) -> str | None:
    """The unit a table prints its figures in: its caption's, else one named in a note or
    a header cell (项目资金（万元）)."""
    if table.unit:
        return table.unit
    for text in [*table.notes, *(c for r in table.header for c in r)]:
        unit = unit_in_text(text)
        if unit:
            return unit
    return None
