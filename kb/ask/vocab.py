"""The names a question can use, read from the database once per database file.

Units by their full names, by recognisable parts (any run of four or more characters
of a name, e.g. 政务信息中心, 吉林市委办公室) and by region (吉林市 → every unit whose
documents give that region); items by their canonical item_key (the printed name,
except for the 三公 family, whose printed variants are aliases) and the aliases in
``aliases.py``; the keywords of ``aliases.py``.
Every surface is folded the way the parser folds a question.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..vocabulary import THREE_PUBLIC_ITEMS, TOTALS
from . import aliases

QUOTES = re.compile(r"[\u201c\u201d\u2018\u2019\"'`「」『』《》〈〉]")
SPACE = re.compile(r"\s+")
MIN_PART = 4  # characters of a unit name that identify it
MAX_SURFACE = 48


def question_form(text: str) -> str:
    """NFKC, lower case, no quotes: the form questions and names are compared in."""
    return QUOTES.sub("", unicodedata.normalize("NFKC", text)).lower()


def question_key(text: str) -> str:
    """The question form without spaces: how a surface is looked up."""
    return SPACE.sub("", question_form(text))


# Roles, in the order they win when two readings cover the same characters.
PRIORITY = {
    "keyword": 0,
    "alias": 1,
    "unit": 2,
    "item": 3,
    "region": 4,
    "unit_part": 5,
    "filler": 6,
}


@dataclass(frozen=True)
class Entry:
    role: str  # keyword role (group, rank, …) or alias, unit, item, region, unit_part, filler
    value: object
    priority: int


@dataclass
class Vocabulary:
    surfaces: dict[str, list[Entry]] = field(default_factory=dict)
    units: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    items: dict[str, set[str]] = field(default_factory=dict)  # folded surface -> item_keys
    item_names: dict[str, str] = field(default_factory=dict)  # item_key -> display name
    item_counts: dict[str, int] = field(default_factory=dict)  # item_key -> facts
    longest: int = 2
    has_checks: bool = False
    example: tuple[str, int] | None = None  # the unit and year with the most figures

    def add(self, surface: str, entry: Entry) -> None:
        key = question_key(surface)
        if not key or len(key) > MAX_SURFACE:
            return
        entries = self.surfaces.setdefault(key, [])
        if entry not in entries:
            entries.append(entry)
        self.longest = max(self.longest, len(key))

    def lookup(self, surface: str) -> list[Entry]:
        return self.surfaces.get(surface, [])


def _useful_item(name: str) -> bool:
    if not name or name in aliases.IGNORED_ITEMS:
        return False
    folded = question_key(name)
    if len(folded) < 2 or len(folded) > MAX_SURFACE:
        return False
    return bool(re.search(r"[\u4e00-\u9fff]", folded))


def load(conn: sqlite3.Connection) -> Vocabulary:
    vocab = Vocabulary()
    for surface, (role, value) in aliases.KEYWORDS.items():
        kind = "filler" if role == "filler" else "keyword"
        vocab.add(surface, Entry(role, value, PRIORITY[kind]))
    for surface, label in aliases.ALIASES.items():
        vocab.add(surface, Entry("alias", label, PRIORITY["alias"]))
    for label in (*THREE_PUBLIC_ITEMS, *TOTALS, *set(aliases.ALIASES.values())):
        vocab.add(label, Entry("alias", label, PRIORITY["alias"]))
    tables = {
        row[0]
        for row in conn.execute("select name from sqlite_master where type in ('table', 'view')")
    }
    vocab.has_checks = "checks" in tables

    units: dict[str, str | None] = {}
    for unit, region in conn.execute(
        "select unit, max(region) from documents where unit is not null and unit <> '' group by unit"
    ):
        units[unit] = region
    vocab.units = sorted(units)
    vocab.example = conn.execute(
        "select d.unit, d.year from documents d join ("
        "  select document_id, count(*) as n from facts group by document_id"
        ") c on c.document_id = d.id"
        " where d.unit is not null and d.year is not null order by c.n desc, d.id limit 1"
    ).fetchone()
    vocab.years = [
        row[0]
        for row in conn.execute(
            "select distinct year from documents where year is not null order by year"
        )
    ]
    parts: dict[str, set[str]] = {}
    regions: dict[str, set[str]] = {}
    for unit, region in units.items():
        vocab.add(unit, Entry("unit", (unit,), PRIORITY["unit"]))
        name = question_key(unit)
        for start in range(len(name)):
            for end in range(start + MIN_PART, len(name) + 1):
                if end - start < len(name):
                    parts.setdefault(name[start:end], set()).add(unit)
        if region:
            regions.setdefault(region, set()).add(unit)
    for part, members in parts.items():
        vocab.add(part, Entry("unit_part", tuple(sorted(members)), PRIORITY["unit_part"]))
    for region, members in regions.items():
        vocab.add(region, Entry("region", tuple(sorted(members)), PRIORITY["region"]))

    # item_key is the printed item except for the 三公 family's canonical names, whose
    # printed variants are in the aliases; reading keys alone uses the item_key index
    # (a scan for the printed names costs ~0.5 s on 2,000 documents).
    for item_key, count in conn.execute(
        "select item_key, count(*) from facts where item_key is not null group by item_key"
    ):
        vocab.item_counts[item_key] = count
        vocab.item_names[item_key] = item_key
        if _useful_item(item_key):
            vocab.items.setdefault(question_key(item_key), set()).add(item_key)
    for surface, keys in vocab.items.items():
        vocab.add(surface, Entry("item", tuple(sorted(keys)), PRIORITY["item"]))
    return vocab


_CACHE: dict[tuple, Vocabulary] = {}
_LOCK = threading.Lock()


def for_database(conn: sqlite3.Connection, path: str | Path | None) -> Vocabulary:
    """The vocabulary of the database at ``path``, loaded once per version of the file."""
    if path is None:
        return load(conn)
    try:
        stat = Path(path).stat()
        key = (str(Path(path).resolve()), stat.st_mtime_ns, stat.st_size)
    except OSError:
        return load(conn)
    with _LOCK:
        cached = _CACHE.get(key)
    if cached is not None:
        return cached
    vocab = load(conn)
    with _LOCK:
        for old in [k for k in _CACHE if k[0] == key[0]]:
            del _CACHE[old]
        _CACHE[key] = vocab
    return vocab
