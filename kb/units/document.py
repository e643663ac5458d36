"""A document's unit, resolved where the document is read: its printed name (found in the
document's content by ``kb.segment.metadata``), the year, and the document's opening
text as evidence for a name that fits several places."""

from __future__ import annotations

import json
import re

from ..model import Document, Table
from .members import INTRODUCTION, text_to_members
from .resolve import Resolution, resolve

EVIDENCE_SEGMENTS = 40  # the cover and the 概况: where a document says where it is


def document_to_unit(document: Document) -> Resolution | None:
    meta = document.metadata
    if not meta.unit:
        return None
    opening = [s.text for s in document.segments[:EVIDENCE_SEGMENTS] if s.kind != "table"]
    evidence = "".join(opening) + (meta.region or "")
    return resolve(meta.unit, meta.year, evidence)


def document_to_members(document: Document) -> list[str]:
    """The units a department's document says it is made of: listed in the sentence, or
    in the 单位名称 column of the table right after it."""
    stream: list[str] = []
    introduced = False
    for segment in document.segments:
        if segment.table is not None:
            names = _name_column(segment.table) if introduced else []
            stream.append("、".join(names) + "。")
            introduced = False
        elif segment.kind in ("paragraph", "heading"):
            stream.append(segment.text)
            introduced = bool(INTRODUCTION.search(re.sub(r"\s+", "", segment.text)))
    return text_to_members("\n".join(stream))


def _name_column(table: Table) -> list[str]:
    for header in table.header:
        for column, cell in enumerate(header):
            if "单位名称" in cell:
                return [row[column] for row in table.rows if len(row) > column and row[column]]
    return []


def unit_columns(resolution: Resolution | None) -> dict:
    """The unit's columns on a document's, a fact's or a check's row."""
    if resolution is None:
        return dict.fromkeys(UNIT_COLUMNS)
    return {
        "unit_id": resolution.id,
        "level": resolution.level,
        "province": resolution.province,
        "city": resolution.city,
        "district": resolution.district,
        "sector": resolution.sector.name if resolution.sector else None,
    }


def resolution_columns(resolution: Resolution | None, members: list[str]) -> dict:
    """What the document row keeps of its unit's resolution, for the ``units`` table."""
    if resolution is None:
        return {"unit_key": None, "unit_status": None, "unit_resolution": None, "members": None}
    return {
        "unit_key": resolution.key,
        "unit_status": resolution.status,
        "unit_resolution": json.dumps(
            {
                "town": resolution.town,
                "division_code": resolution.division_code,
                "sector_id": resolution.sector.id if resolution.sector else None,
                "scope": resolution.scope,
                "organ": resolution.organ,
                "parent_name": resolution.parent_name,
                "candidates": resolution.candidates,
                "basis": resolution.basis,
            },
            ensure_ascii=False,
        ),
        "members": json.dumps(members, ensure_ascii=False) if members else None,
    }


UNIT_COLUMNS = ("unit_id", "level", "province", "city", "district", "sector")
