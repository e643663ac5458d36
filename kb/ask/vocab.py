"""The names a question can use, read from the database once per database file.

Units by their full names, by recognisable parts (any run of four or more characters
of a name, e.g. 政务信息中心, 吉林市委办公室), by region (吉林市, 新疆维吾尔自治区 → every
unit there, as ``kb.units`` resolved it) and by sector (公安局 → every 公安 unit); items by their canonical item_key (the printed name,
except for the 三公 family, whose printed variants are aliases) and the aliases in
``aliases.py``; the keywords of ``aliases.py``.
Every surface is folded the way the parser folds a question.
"""

from __future__ import annotations

import functools
import re
import sqlite3
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..units.divisions import divisions
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
    "sector": 4,
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
    # (printed unit, year, kind) → (its names, year, kind, documents, scopes) where a unit has
    # several documents of a year and kind (kb.ask.document_copies)
    copies: dict[tuple, tuple] = field(default_factory=dict)

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

    @functools.cached_property
    def common_items(self) -> list[str]:
        """The item keys, the most printed first (for hints and the chips' suggestions)."""
        return sorted(self.item_counts, key=lambda k: (-self.item_counts[k], k))


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

    documents = {row[1] for row in conn.execute("pragma table_info(documents)")}
    units = _units(conn, documents)
    vocab.units = sorted(units)
    vocab.example = conn.execute(
        "select d.unit, d.year from documents d join ("
        "  select document_id, count(*) as n from facts group by document_id"
        ") c on c.document_id = d.id"
        " where d.unit is not null and d.year is not null order by c.n desc, d.id limit 1"
    ).fetchone()
    vocab.copies = _copies(conn, documents)
    vocab.years = [
        row[0]
        for row in conn.execute(
            "select distinct year from documents where year is not null order by year"
        )
    ]
    parts: dict[str, set[str]] = {}
    names = _names_of_one_unit(units)
    for unit in units:
        vocab.add(unit, Entry("unit", names.get(unit, (unit,)), PRIORITY["unit"]))
        name = question_key(unit)
        for start in range(len(name)):
            for end in range(start + MIN_PART, len(name) + 1):
                if end - start < len(name):
                    parts.setdefault(name[start:end], set()).add(unit)
    for part, members in parts.items():
        vocab.add(part, Entry("unit_part", tuple(sorted(members)), PRIORITY["unit_part"]))
    for role, surfaces in (("region", region_surfaces(units)), ("sector", sector_surfaces(units))):
        for surface, members in surfaces.items():
            vocab.add(surface, Entry(role, tuple(sorted(members)), PRIORITY[role]))

    # item_key is the printed item except for the 三公 family's canonical names, whose
    # printed variants are in the aliases; reading keys alone uses the item_key index
    # (a scan for the printed names costs ~0.5 s on 2,000 documents).
    for item_key, count in conn.execute(_item_key_counts(tables)):
        vocab.item_counts[item_key] = count
        vocab.item_names[item_key] = item_key
        if _useful_item(item_key):
            vocab.items.setdefault(question_key(item_key), set()).add(item_key)
    for surface, keys in vocab.items.items():
        vocab.add(surface, Entry("item", tuple(sorted(keys)), PRIORITY["item"]))
    return vocab


def _item_key_counts(tables: set[str]) -> str:
    """The facts per item key: counted by the build when it wrote facet_counts (a national
    database has millions of facts), else counted here."""
    if "facet_counts" in tables:
        return (
            "select value, count from facet_counts where table_name = 'facts'"
            " and filter_column = '' and column_name = 'item_key'"
        )
    return "select item_key, count(*) from facts where item_key is not null group by item_key"


def _copies(conn: sqlite3.Connection, columns: set[str]) -> dict[tuple, tuple]:
    unit = "coalesce(unit_id, unit)" if "unit_id" in columns else "unit"
    scope = "coalesce(scope, '范围未注明')" if "scope" in columns else "'范围未注明'"
    found = {}
    for names, year, kind, count, scopes in conn.execute(
        f"select group_concat(distinct unit), year, kind, count(*), group_concat({scope}, '、')"
        f" from documents where unit is not null group by {unit}, year, kind having count(*) > 1"
    ):
        for name in names.split(","):
            found[(name, year, kind)] = (names.replace(",", "/"), year, kind, count, scopes)
    return found


def _names_of_one_unit(units: dict[str, dict]) -> dict[str, tuple[str, ...]]:
    """Every printed name of a unit that kb.units found under others (中共江苏省委办公厅,
    中国共产党江苏省委员会办公厅, 江苏省委办公厅: one unit_id) → all of them, the asked one
    first: a unit's years are its years under any name."""
    by_id: dict[object, list[str]] = {}
    for name, place in units.items():
        if place.get("unit_id") is not None:
            by_id.setdefault(place["unit_id"], []).append(name)
    return {
        name: (name, *sorted(n for n in group if n != name))
        for group in by_id.values()
        if len(group) > 1
        for name in group
    }


def _units(conn: sqlite3.Connection, columns: set[str]) -> dict[str, dict]:
    """Each printed unit name with where it is, what kind of department, and which unit it
    is (kb.units); ``columns``: the documents table's."""
    place = [
        c for c in ("level", "province", "city", "district", "sector", "unit_id") if c in columns
    ]
    sql = "select unit{} from documents where unit is not null and unit <> ''".format(
        "".join(f", {c}" for c in place)
    )
    units: dict[str, dict] = {}
    for unit, *values in conn.execute(sql):
        units.setdefault(unit, {}).update({c: v for c, v in zip(place, values, strict=True) if v})
    return units


# A place name means its own government's units: 吉林省 its provincial departments,
# 吉林市 the city's, 普陀区 the district's and its 街道.
OWN_PLACE = {"省": "province", "市": "city", "区县": "district", "乡镇街道": "district"}


def region_surfaces(units: dict[str, dict]) -> dict[str, set[str]]:
    """Every province, city and county name (吉林市, 新疆维吾尔自治区, 昌吉州, 北京) → the
    units of that place's government; a place with none maps to no units, so a question
    about it can say so."""
    table = divisions()
    places: dict[str, set[str]] = {}
    for division_list in table.names.values():
        for division in division_list:
            if division.status == "current" and division.level in ("省", "市", "区县"):
                for form in table.forms[division.code]:
                    if len(form) >= 3 or division.level == "省":
                        places.setdefault(form, set())
    for stem, province in _province_stems(table).items():
        places.setdefault(stem, set())
        places[province] = places.setdefault(province, set())
    for unit, place in units.items():
        column = OWN_PLACE.get(place.get("level") or "")
        for division in table.names.get(place.get(column or "") or "", []):
            for form in table.forms[division.code]:
                places.setdefault(form, set()).add(unit)
    for stem, province in _province_stems(table).items():
        places[stem] = places[province] | places.get(_place_stems(table).get(stem, ""), set())
    for stem, name in _place_stems(table).items():
        if places.get(name) and stem not in places:
            places[stem] = places[name]  # 临江 → 临江市, when only one place is so called
    return places


@functools.cache
def _place_stems(table) -> dict[str, str]:
    """临江 → 临江市: a city's or county's name without its suffix, when no other place
    has that stem."""
    found: dict[str, set[str]] = {}
    for division_list in table.names.values():
        for division in division_list:
            if division.level in ("市", "区县") and division.status == "current":
                stem = re.sub(r"(?:市|区|县|盟|旗|地区)$", "", division.name)
                if len(stem) >= 2 and stem != division.name:
                    found.setdefault(stem, set()).add(division.name)
    return {stem: next(iter(names)) for stem, names in found.items() if len(names) == 1}


@functools.cache
def _province_stems(table) -> dict[str, str]:
    """北京 → 北京市, 新疆 → 新疆维吾尔自治区: provinces are named without their suffix."""
    stems = {}
    for division_list in table.names.values():
        for division in division_list:
            if division.level == "省" and division.status == "current":
                stem = re.sub(
                    r"(?:壮族|回族|维吾尔)?(?:自治区|特别行政区|省|市)$", "", division.name
                )
                if len(stem) >= 2 and not table.names.get(stem):
                    stems[stem] = division.name
    return stems


SECTOR_WORDS = ("", "局", "厅", "委", "委员会", "部门", "系统", "单位")


def sector_surfaces(units: dict[str, dict]) -> dict[str, set[str]]:
    """公安, 公安局, 公安部门, 信访局 … → the units of that sector."""
    surfaces: dict[str, set[str]] = {}
    for unit, place in units.items():
        sector = place.get("sector")
        if not sector:
            continue
        for name in {sector, sector.split("（")[0], *sector.split("/")}:
            for word in SECTOR_WORDS:
                if len(name + word) >= 2:
                    surfaces.setdefault(name + word, set()).add(unit)
    return surfaces


_CACHE: dict[tuple, Vocabulary] = {}
MAX_CACHED = 4  # vocabularies kept (a test run opens many small databases; a server one)
_LOCK = threading.Lock()


def for_database(conn: sqlite3.Connection, path: str | Path | None) -> Vocabulary:
    """The vocabulary of the database at ``path``, loaded once per version of the file."""
    if path is None:
        return load(conn)
    try:
        stat = Path(path).stat()
    except OSError:
        return load(conn)
    # The file, not its name: the served file's hard link (web/plugins/generation.py) and
    # the path it was pinned from share one entry; a rebuild renamed over it is a new file.
    key = (stat.st_dev, stat.st_ino, stat.st_mtime_ns, stat.st_size)
    with _LOCK:
        cached = _CACHE.get(key)
    if cached is not None:
        return cached
    vocab = load(conn)
    with _LOCK:
        while len(_CACHE) >= MAX_CACHED:
            del _CACHE[next(iter(_CACHE))]
        _CACHE[key] = vocab
    return vocab
