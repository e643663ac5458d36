"""The ``units`` table: one row per real-world unit across every document, with the names it
was printed under (``unit_aliases``) and its parent department where a department's own
document lists it among its units. Rebuilt whole at the end of every build (it is small:
one row per unit). Documents, facts and checks carry the unit's columns themselves."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

import sqlite_utils

from .resolve import resolve, unit_id

UNITS_SCHEMA = {
    "id": int,
    "name": str,
    "key": str,
    "status": str,
    "level": str,
    "province": str,
    "city": str,
    "district": str,
    "town": str,
    "division_code": str,
    "sector": str,
    "sector_id": str,
    "parent_id": int,
    "parent_name": str,
    "document_count": int,
    "first_year": int,
    "last_year": int,
    "candidates": str,
    "basis": str,
}
ALIASES_SCHEMA = {"unit_id": int, "alias": str, "documents": int}
PLACE = ("level", "province", "city", "district")


@dataclass
class _Unit:
    row: dict
    names: Counter = field(default_factory=Counter)
    years: set[int] = field(default_factory=set)
    parents: set[tuple[int, str]] = field(default_factory=set)


def write_units(db: sqlite_utils.Database) -> None:
    units = _units_of_documents(db)
    _add_members(db, units)
    for name in ("unit_aliases", "units"):
        if db[name].exists():
            db[name].drop()
    db["units"].create(UNITS_SCHEMA, pk="id")
    db["unit_aliases"].create(ALIASES_SCHEMA, foreign_keys=[("unit_id", "units", "id")])
    ordered = [units[i] for i in sorted(units)]  # the same rows in every build
    db["units"].insert_all((_finished(u) for u in ordered), batch_size=500)
    db["unit_aliases"].insert_all(
        (
            {"unit_id": u.row["id"], "alias": alias, "documents": count}
            for u in ordered
            for alias, count in sorted(u.names.items())
        ),
        batch_size=500,
    )
    for table in ("units", "unit_aliases"):
        for column in ("province", "city", "sector", "level") if table == "units" else ("alias",):
            db[table].create_index([column], if_not_exists=True)


def _units_of_documents(db: sqlite_utils.Database) -> dict[int, _Unit]:
    units: dict[int, _Unit] = {}
    documents = db.execute(
        "select unit, year, unit_id, unit_key, unit_status, unit_resolution, "
        "level, province, city, district, sector from documents "
        "where unit_id is not null order by year desc, unit"
    ).fetchall()
    for unit, year, uid, key, status, resolution, *place in documents:
        extra = json.loads(resolution or "{}")
        if uid not in units:
            units[uid] = _Unit(
                {
                    "id": uid,
                    "name": unit,
                    "key": key,
                    "status": status,
                    **dict(zip([*PLACE, "sector"], place, strict=True)),
                    "town": extra.get("town"),
                    "division_code": extra.get("division_code"),
                    "sector_id": extra.get("sector_id"),
                    "parent_id": None,
                    "parent_name": extra.get("parent_name"),
                    "candidates": json.dumps(extra.get("candidates") or [], ensure_ascii=False),
                    "basis": json.dumps(extra.get("basis") or [], ensure_ascii=False),
                }
            )
        units[uid].names[unit] += 1
        if year:
            units[uid].years.add(year)
    return units


def _add_members(db: sqlite_utils.Database, units: dict[int, _Unit]) -> None:
    """Each unit a department's document lists is that department's: the unit learns its
    parent (and a unit with no document of its own gets a row)."""
    listings = db.execute(
        "select unit_id, unit, year, members, province, city from documents"
        " where members is not null order by unit_id, year, unit"
    ).fetchall()
    for parent_id, parent, year, members, province, city in listings:
        evidence = "".join(filter(None, (province, city)))
        for member in json.loads(members):
            resolution = resolve(member, year, evidence)
            if resolution.id == parent_id or resolution.scope == "本级":
                continue  # the department itself (本级)
            if resolution.id not in units:
                units[resolution.id] = _Unit(_member_row(resolution))
            units[resolution.id].names[resolution.name] += 0
            units[resolution.id].parents.add((parent_id, parent))


def _member_row(resolution) -> dict:
    return {
        "id": resolution.id,
        "name": resolution.name,
        "key": resolution.key,
        "status": resolution.status,
        "level": resolution.level,
        "province": resolution.province,
        "city": resolution.city,
        "district": resolution.district,
        "sector": resolution.sector.name if resolution.sector else None,
        "town": resolution.town,
        "division_code": resolution.division_code,
        "sector_id": resolution.sector.id if resolution.sector else None,
        "parent_id": None,
        "parent_name": None,
        "candidates": json.dumps(resolution.candidates, ensure_ascii=False),
        "basis": json.dumps(
            [*resolution.basis, "named in its department's list of units"], ensure_ascii=False
        ),
    }


def _finished(unit: _Unit) -> dict:
    row = dict(unit.row)
    if len({p for p, _ in unit.parents}) == 1:
        row["parent_id"], row["parent_name"] = next(iter(unit.parents))
    elif unit.parents:  # recorded, not guessed
        basis = json.loads(row["basis"])
        basis.append(
            "listed by several departments: " + "、".join(sorted(n for _, n in unit.parents))
        )
        row["basis"] = json.dumps(basis, ensure_ascii=False)
    row["document_count"] = sum(unit.names.values())
    row["first_year"] = min(unit.years, default=None)
    row["last_year"] = max(unit.years, default=None)
    return row


__all__ = ["unit_id", "write_units"]
