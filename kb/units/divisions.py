"""China's administrative divisions, province → prefecture → county → township, read from
the list that ships with the product (``kb/data/divisions.csv.gz``; its sources, vintage
and licences are in ``kb/data/divisions.SOURCE.md``). Nothing is fetched.

Only full names (昌吉回族自治州, 吉林市) and suffixed short forms (昌吉州, 木垒县) are
matched; bare stems (吉林, 普陀) never are, since they collide: 吉林 is a 省 and a 市."""

from __future__ import annotations

import csv
import functools
import gzip
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "divisions.csv.gz"
MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str  # 省 | 市 | 区县 | 乡镇街道
    parent: str
    status: str  # current | former | nbs2023
    years: str

    def valid_in(self, year: int | None) -> bool:
        """Whether the name was in use in ``year`` (one year's grace: the yearly lists lag)."""
        if year is None or self.status != "former":
            return True
        match = re.match(r"(\d{4})(?:-(\d{4}))?", self.years)
        return bool(match) and int(match[1]) <= year <= int(match[2] or match[1]) + 1


class Divisions:
    """Provinces, cities and counties at once; towns (nine in ten rows) when first asked for."""

    def __init__(self, rows: list[dict[str, str]], town_rows=None):
        self.by_code: dict[str, list[Division]] = defaultdict(list)
        self.names: dict[str, list[Division]] = defaultdict(list)  # 省, 市, 区县
        self._towns: dict[str, dict[str, list[Division]]] | None = None
        self._town_rows = town_rows or (lambda: [])
        self.bare: dict[str, list[Division]] = defaultdict(list)
        self.forms: dict[str, list[str]] = defaultdict(list)  # code → its names (省, 市, 区县)
        self._add(rows)
        self.longest = max(map(len, self.names))

    @property
    def towns(self) -> dict[str, dict[str, list[Division]]]:
        if self._towns is None:
            self._towns = defaultdict(lambda: defaultdict(list))
            self._add(self._town_rows())
        return self._towns

    def _add(self, rows) -> None:
        for row in rows:
            division = Division(
                row["code"] or row["alt_code"],
                row["name"],
                row["level"],
                row["parent_code"],
                row["status"],
                row["years"],
            )
            self.by_code[division.code].append(division)
            for form in [row["name"], *filter(None, row["short_names"].split("|"))]:
                if division.level == "乡镇街道":
                    self._towns[division.parent][form].append(division)
                else:
                    self.names[form].append(division)
                    self.forms[division.code].append(form)
            if row["bare_name"] and division.level in ("省", "市") and division.status == "current":
                self.bare[row["bare_name"]].append(division)

    def get(self, code: str) -> Division | None:
        rows = self.by_code.get(code, [])
        return next((d for d in rows if d.status == "current"), rows[0] if rows else None)

    @functools.lru_cache(maxsize=8192)  # noqa: B019 - one instance per process
    def path(self, division: Division) -> tuple[Division, ...]:
        """The division and its ancestors, province first."""
        chain = [division]
        while chain[-1].parent and (parent := self.get(chain[-1].parent)):
            chain.append(parent)
        return tuple(reversed(chain))

    def path_names(self, division: Division) -> str:
        return "/".join(d.name for d in self.path(division))

    def is_under(self, division: Division, ancestor: Division) -> bool:
        return any(d.code == ancestor.code for d in self.path(division)[:-1])

    def name_at(
        self, text: str, start: int, under: list[Division] | None
    ) -> tuple[str, list[Division]] | None:
        """The longest division name (省, 市 or 区县) at ``text[start:]``, limited to the
        divisions under one of ``under`` when given."""
        for size in range(min(self.longest, len(text) - start), 1, -1):
            found = self.names.get(text[start : start + size])
            if found and under is not None:
                found = [d for d in found if any(self.is_under(d, u) for u in under)]
            if found:
                return text[start : start + size], found
        return None

    def town_at(
        self, text: str, start: int, counties: list[Division]
    ) -> tuple[str, list[Division]] | None:
        """The longest town name under one of ``counties`` at ``text[start:]``."""
        for size in range(min(12, len(text) - start), 1, -1):
            surface = text[start : start + size]
            found = [t for c in counties for t in self.towns.get(c.code, {}).get(surface, [])]
            if found:
                return surface, found
        return None


TOWN = ",乡镇街道,"


@functools.cache
def _lines() -> tuple[list[str], list[str], list[str]]:
    """The header, the rows above township level and the township rows, unparsed."""
    with gzip.open(DATA, "rt", encoding="utf-8", newline="") as source:
        header, *lines = source.read().splitlines()
    return [header], [x for x in lines if TOWN not in x], [x for x in lines if TOWN in x]


@functools.cache
def divisions() -> Divisions:
    header, regions, towns = _lines()
    return Divisions(list(csv.DictReader(header + regions)), lambda: csv.DictReader(header + towns))
