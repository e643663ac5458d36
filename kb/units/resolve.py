"""Who published a document: a unit's printed name resolved to one real-world unit, with
its level, region and sector, by reading the name, never by guessing.

The region is read left to right from the start of the name (after 中共/政协): each
further division must lie under the one before (上海市 → 普陀区 → 万里街道). A name that
fits several places (普陀区 is in 上海 and in 舟山) keeps every candidate: the fields they
agree on are filled, the rest stay empty, the candidates are listed and the unit is
``ambiguous`` until the document's own text or the year narrows it. Every decision is
written to ``basis``."""

from __future__ import annotations

import csv
import functools
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from .divisions import MUNICIPALITIES, Division, divisions
from .names import clean, organ_key, split_organ_prefix, split_scope
from .sectors import CENTRAL_PREFIX, CENTRAL_VERTICAL, Sector, classify, sector_by_id

CENTRAL_UNITS = Path(__file__).resolve().parent.parent / "data" / "central_units.csv"
CONNECTORS = (
    "人民政府",
    "政府",
)  # 普陀区人民政府万里街道办事处: a town after its county's government


@dataclass
class Resolution:
    name: str  # as printed, without the scope marker
    key: str = ""
    status: str = "unresolved"  # resolved | ambiguous | unresolved
    level: str | None = None  # 中央 | 省 | 市 | 区县 | 乡镇街道
    province: str | None = None
    city: str | None = None
    district: str | None = None
    town: str | None = None
    division_code: str | None = None
    sector: Sector | None = None
    organ: str = ""
    scope: str | None = None  # 本级 | 部门汇总 | 单位, when the name says so
    parent_name: str | None = None
    candidates: list[str] = field(default_factory=list)
    basis: list[str] = field(default_factory=list)

    @property
    def id(self) -> int:
        return unit_id(self.key)


def unit_id(key: str) -> int:
    """A unit's id, the same in every build and on every machine (48 bits: safe in JSON)."""
    return int(hashlib.sha1(key.encode("utf-8")).hexdigest()[:12], 16)


@functools.cache
def central_units() -> dict[str, dict[str, str]]:
    with open(CENTRAL_UNITS, encoding="utf-8", newline="") as rows:
        return {row["name"]: row for row in csv.DictReader(rows)}


def resolve(name: str, year: int | None = None, evidence: str = "") -> Resolution:
    """Resolve a printed unit name; ``evidence`` (the document's opening text) may settle
    which of several places with the same name is meant."""
    printed, scope = split_scope(clean(name))
    text, prefix = split_organ_prefix(printed)
    result = Resolution(name=printed, scope=scope)
    if text in central_units():
        return _central_unit(result, text, central_units()[text])
    found, organ_start = _region_chain(text, year, result)
    central = _central(text, result)
    if central and not found:
        found = _region_inside(text, result, vertical=central == "vertical")
    if len({d.code for d in found}) > 1 and evidence:
        found = _narrow(found, evidence, result)
    result.organ = text[organ_start:]
    _place(result, found, central)
    _identity(result, text, prefix)
    return result


def _central_unit(result: Resolution, text: str, row: dict[str, str]) -> Resolution:
    result.level = "中央" if row["kind"].startswith(("中央", "国务院", "国家")) else "省"
    result.province, result.city = row["province"] or None, row["city"] or None
    result.district = row["district"] or None
    result.parent_name = row["parent"] or None
    result.sector = sector_by_id(row["sector_id"]) or classify(text, text)
    result.organ, result.key, result.status = text, f"central|{text}", "resolved"
    result.basis.append(f"central_units.csv: {row['kind']}, under {row['parent']}")
    return result


def _region_chain(text: str, year: int | None, result: Resolution) -> tuple[list[Division], int]:
    """The divisions named at the start of ``text`` (the deepest link's candidates) and
    where the organ begins."""
    table = divisions()
    found: list[Division] = []
    position = 0
    while match := table.name_at(text, position, found or None):
        surface, candidates = match
        found = _in_use(surface, candidates, year, result)
        position += len(surface)
        result.basis.append(f"{surface} → {' | '.join(map(table.path_names, found))}")
    if found and all(d.level == "区县" for d in found):
        for start in _after_connector(text, position):
            if town := table.town_at(text, start, found):
                surface, towns = town
                found = _in_use(surface, towns, year, result)
                result.basis.append(f"{surface} → {' | '.join(map(table.path_names, found))}")
                return found, start  # the town's name stays in the organ: 万里街道办事处
    return found, position


def _after_connector(text: str, position: int) -> list[int]:
    starts = [position]
    starts += [position + len(c) for c in CONNECTORS if text.startswith(c, position)][:1]
    return starts


def _in_use(
    surface: str, candidates: list[Division], year: int | None, result: Resolution
) -> list[Division]:
    kept = [d for d in candidates if d.valid_in(year)] or candidates
    dropped = [d for d in candidates if d not in kept]
    if dropped:
        names = ", ".join(f"{divisions().path_names(d)} ({d.years})" for d in dropped)
        result.basis.append(f"{surface}: not in use in {year}: {names}")
    return kept


def _central(text: str, result: Resolution) -> str | None:
    """'prefix' for a central organ by name, 'vertical' for a centrally managed unit in a
    region (海关, 国家税务总局…税务局), else None."""
    if CENTRAL_VERTICAL.search(text) and not text.endswith(("学院", "学校")):
        result.basis.append("a centrally managed unit in a region")
        return "vertical"
    if CENTRAL_PREFIX.match(text):
        result.basis.append("a central organ by its name")
        return "prefix"
    return None


def _region_inside(text: str, result: Resolution, vertical: bool) -> list[Division]:
    table = divisions()
    for start in range(1, len(text) - 1):
        if match := table.name_at(text, start, None):
            result.basis.append(f"region inside the name: {match[0]}")
            return match[1]
    if vertical:  # 南京海关: a bare city name, taken only when it names one place
        for start in range(len(text) - 1):
            for size in (4, 3, 2):
                hits = table.bare.get(text[start : start + size], [])
                if len({h.code for h in hits}) == 1:
                    result.basis.append(f"bare name inside the name: {text[start : start + size]}")
                    return hits[:1]
    return []


def _narrow(found: list[Division], evidence: str, result: Resolution) -> list[Division]:
    """Keep the one candidate whose province or city the document names, if only one is."""
    table = divisions()
    named = [
        d for d in found if any(a.name in evidence for a in table.path(d)[:-1] if a.level != "区县")
    ]
    if len({d.code for d in named}) == 1:
        result.basis.append(f"the document names {table.path_names(named[0])}")
        return named
    return found


def _place(result: Resolution, found: list[Division], central: str | None) -> None:
    table = divisions()
    if not found:
        if central:
            result.level, result.status = "中央", "resolved"
        else:
            result.basis.append("no region in the name")
        return
    paths = [table.path(d) for d in found]

    def agreed(level: str) -> str | None:
        names = {next((d.name for d in path if d.level == level), None) for path in paths}
        return names.pop() if len(names) == 1 else None

    result.province, result.city = agreed("省"), agreed("市")
    result.district, result.town = agreed("区县"), agreed("乡镇街道")
    if result.province in MUNICIPALITIES and result.city is None:
        result.city = result.province  # a 直辖市 is its own city
    levels = {d.level for d in found}
    result.level = "中央" if central else (levels.pop() if len(levels) == 1 else None)
    if len({d.code for d in found}) > 1:
        result.status = "ambiguous"
        result.candidates = sorted({table.path_names(d) for d in found})
    else:
        result.status, result.division_code = "resolved", found[0].code


def _identity(result: Resolution, text: str, prefix: str) -> None:
    """The unit's key (division code | organ) and sector."""
    organ = organ_key(result.organ)
    region = text[: len(text) - len(result.organ)] if result.organ else text
    if prefix == "政协" or organ.startswith("政协"):  # 政协江苏省委员会办公厅 = 江苏省政协办公厅
        prefix, organ = "政协", "政协" + organ.removeprefix("政协").removeprefix("委")
    elif prefix == "共青团":
        organ = "共青团" + organ
    party = prefix == "中共" or organ.startswith("委")
    result.sector = classify(organ, prefix + text)
    if party and not organ.startswith("中共"):
        organ = "中共" + organ
    if result.status == "resolved":
        where = result.division_code or "central"
    else:
        where = f"?{region}" if region else "?"
    result.key = f"{where}|{organ or text}"
