"""When a unit listed has several documents of a year and kind — a 部门 budget and its
organ's 单位 budget, a file published twice, the unit under another name — the answer
lists one of them (``questions.figures.DOCUMENT_COPIES``) and says so."""

from __future__ import annotations

MAX_NOTED = 3


def note_document_copies(answer, vocab) -> None:
    shown = {(r.get("unit"), r.get("year"), r.get("kind")) for r in answer.records()}
    several = list(dict.fromkeys(vocab.copies[key] for key in shown if key in vocab.copies))
    if not several:
        return
    said = "；".join(
        f"{names} {year}年{kind}有 {n} 份文件（{scopes}）"
        for names, year, kind, n, scopes in sorted(several)[:MAX_NOTED]
    )
    more = f"等 {len(several)} 处" if len(several) > MAX_NOTED else ""
    answer.notes.append(
        f"{said}{more}：列出部门文件的数字，单位（本级）文件的不列；同一范围的文件数字相同的只列一次，"
        "不同的都列出。"
    )
