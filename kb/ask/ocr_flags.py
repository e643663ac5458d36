"""Figures read by OCR are never shown as plain facts: an answer resting on one gets a
column saying so (识别自扫描件，已核对 / 未能核对) and a note."""

from __future__ import annotations

import sqlite3

from ..vocabulary import OCR_UNVERIFIED as UNVERIFIED
from ..vocabulary import OCR_VERIFIED as VERIFIED

COLUMN = "ocr"


def flag_ocr_rows(conn: sqlite3.Connection, answer) -> None:
    ids = sorted({s["fact_id"] for row in answer.sources for s in row if s.get("fact_id")})
    if not ids:
        return
    read = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        try:
            found = conn.execute(
                f"select id, verified from facts where source = 'ocr' and id in ({marks})", chunk
            )
            read.update(found.fetchall())
        except sqlite3.OperationalError:
            return  # a database built before OCR (no verified column) has no OCR figures
    if not read:
        return
    labels = []
    for row_sources in answer.sources:
        states = [read[s["fact_id"]] for s in row_sources if s.get("fact_id") in read]
        labels.append(UNVERIFIED if any(not v for v in states) else VERIFIED if states else "")
        for source in row_sources:
            if source.get("fact_id") in read:
                source["ocr"] = VERIFIED if read[source["fact_id"]] else UNVERIFIED
    answer.columns.append(COLUMN)
    for row, label in zip(answer.rows, labels, strict=False):
        row.append(label)
    unverified = labels.count(UNVERIFIED)
    if unverified:
        answer.notes.append(
            f"{unverified} 行的数字识别自扫描件，未能由表内勾稽核对，请对照原件使用。"
        )
    else:
        answer.notes.append("部分数字识别自扫描件，已由表内勾稽核对。")
