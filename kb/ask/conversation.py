"""A conversation without server state: every answer carries its interpretation's frame
as a self-contained token (``context``); a follow-up question edits that frame.

A question that names an item and a unit, year or grouping stands on its own. Anything
less (``那2023年呢``, ``其中因公出国呢``, ``只看吉林市的单位``, ``按从小到大排``,
``前3名``, ``换成决算``, ``加起来多少``, ``what about 2021?``) keeps what the frame holds
and changes only what it says. The token is data, not code: items are looked up again,
units kept only when the database has them, and a token that cannot be read is said so
and ignored.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import zlib
from dataclasses import asdict, fields

from ..vocabulary import SHARE_WHOLES
from .interpretation import Interpretation, Item

VERSION = 1
SLOTS = (
    "items",
    "units",
    "unit_terms",
    "years",
    "side",
    "kind",
    "measure",
    "group",
    "order",
    "limit",
    "code_system",
    "level",
    "checks",
    "detail",
    "rate",
    "projects",
    "share",
    "change",
)
MAX_TOKEN = 8000
ITEM_FIELDS = {f.name for f in fields(Item)}


def frame_of(interp: Interpretation) -> dict:
    frame = {slot: getattr(interp, slot) for slot in SLOTS}
    frame["items"] = [asdict(i) for i in interp.items]
    return frame


def to_token(
    interp: Interpretation, shown_years: list[int] | None = None, asks_item: bool = False
) -> str:
    """The frame, and the years the answer showed (what 去年 is counted from); ``asks_item``:
    the answer asked which item, so the next question completes this one whatever it says."""
    frame = {"v": VERSION, **frame_of(interp), "shown_years": sorted(set(shown_years or []))}
    if asks_item:
        frame["asks_item"] = True
    data = json.dumps(frame, ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(zlib.compress(data.encode("utf-8"), 9)).decode().rstrip("=")


def from_token(token: str | None) -> dict | None:
    """The frame a token holds; None for no token or one that cannot be read."""
    if not token or len(token) > MAX_TOKEN:
        return None
    try:
        data = zlib.decompress(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        frame = json.loads(data.decode("utf-8"))
    except (binascii.Error, zlib.error, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(frame, dict) or frame.get("v") != VERSION:
        return None
    return frame


FOLLOW_UP = re.compile(
    r"^\s*(?:那么?|那个|还有|另外|其中)|呢\s*[?？。]?\s*$|^\s*(?:and|what about|how about)\b", re.I
)


def says_follow_up(question: str) -> bool:
    """那……呢, 其中……, what about …: a follow-up whatever else it names."""
    return bool(FOLLOW_UP.search(question))


def stands_alone(interp: Interpretation) -> bool:
    return bool(interp.items) and bool(interp.units or interp.years or interp.group)


def follow(interp: Interpretation, frame: dict, known_units: set[str]) -> None:
    """Fill what a follow-up does not say from the frame before it."""
    said = {slot for slot in SLOTS if getattr(interp, slot) not in (None, [], False)}
    if interp.unit_terms:  # 只看北京市的单位 with no unit there is said, not inherited
        said |= {"units", "unit_terms"}
    if interp.side in ("预算数", "决算数") and "kind" not in said:
        said.add("kind")  # 换成决算: the side decides which documents
    for slot in SLOTS:
        if slot in said or slot not in frame:
            continue
        value = frame[slot]
        if slot == "items":
            value = [Item(**{k: v for k, v in i.items() if k in ITEM_FIELDS}) for i in value or []]
        elif slot == "units":
            value = [u for u in value or [] if u in known_units]
        elif slot == "unit_terms" and "units" in said:
            continue
        setattr(interp, slot, value)
    if interp.share and "share" not in said and "items" in said:
        _keep_the_whole(interp, frame)
    if interp.relative_year:
        base = interp.years or [y for y in frame.get("shown_years") or [] if isinstance(y, int)]
        if base:
            interp.years = sorted({y + interp.relative_year for y in base})
        else:  # 去年 of no year: asked back, not answered for every year
            interp.problem = "relative_year"
    interp.follows = True


def _keep_the_whole(interp: Interpretation, frame: dict) -> None:
    """那项目支出呢 after 基本支出占支出合计: a new part of the same whole."""
    wholes = [i for i in frame.get("items") or [] if i.get("label") in SHARE_WHOLES]
    if len(interp.items) == 1 and wholes and interp.items[0].label not in SHARE_WHOLES:
        whole = wholes[0]
        interp.items.append(Item(**{k: v for k, v in whole.items() if k in ITEM_FIELDS}))
