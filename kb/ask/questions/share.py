"""A part against its whole, per document: ``公务接待费占三公经费的比例``,
``各单位基本支出占支出合计的比重``. Both figures are picked as every figure question picks
them (``figures``), in the same document; the share is computed, both figures shown and
linked, and a document without one of them gets no share."""

from __future__ import annotations

from ...vocabulary import SHARE_WHOLES as WHOLES
from ...vocabulary import THREE_PUBLIC, THREE_PUBLIC_PARTS, TOTALS
from ..interpretation import Interpretation
from .base import amount
from .figures import FigureQuestion


def part_and_whole(interp: Interpretation):
    """(part, whole) when the question names a part of a whole it can compute against."""
    if len(interp.items) != 2:
        return None
    first, second = interp.items
    for part, whole in ((first, second), (second, first)):
        if whole.label not in WHOLES or part.family != WHOLES[whole.label]:
            continue
        if whole.label == THREE_PUBLIC and part.label in THREE_PUBLIC_PARTS[THREE_PUBLIC][1:]:
            return part, whole
        if whole.label == "支出合计" and part.label in TOTALS and part.label != whole.label:
            return part, whole
    return None


class ShareQuestion(FigureQuestion):
    name = "share"
    order = "order by unit, year, kind, label_rank\nlimit :limit"

    def recognises(self, interp: Interpretation) -> bool:
        return interp.share and part_and_whole(interp) is not None

    def how(self, interp: Interpretation) -> str:
        part, whole = part_and_whole(interp)
        return f"{part.label}占{whole.label}的比例（%），每个文件两数相除"

    def shape(self, conn, answer, results: list[dict], links) -> None:
        part, whole = part_and_whole(answer.interpretation)
        by_document: dict[int, dict[str, dict]] = {}
        for r in results:
            by_document.setdefault(r["document_id"], {})[r["label"]] = r
        answer.columns = ["unit", "year", "kind", "part", "whole", "share"]
        shares = []
        for figures in by_document.values():
            top, bottom = figures.get(part.label), figures.get(whole.label)
            if not top or not bottom:
                continue
            share = round(top["amount"] / bottom["amount"] * 100, 2) if bottom["amount"] else None
            shares.append(share)
            answer.rows.append(
                [
                    top["unit"],
                    top["year"],
                    top["kind"],
                    amount(top["amount"]),
                    amount(bottom["amount"]),
                    share,
                ]
            )
            answer.sources.append([links.fact(top), links.fact(bottom)])
        answer.labels_override = {
            "part": f"{part.label}（万元）",
            "whole": f"{whole.label}（万元）",
            "share": "占比（%）",
        }
        missing = len(by_document) - len(answer.rows)
        if missing:
            answer.notes.append(f"{missing} 个文件缺少其中一个数字，没有计算占比。")
        answer.summary = (
            f"{len(answer.rows)} 个文件：{part.label}占{whole.label}的比例。"
            if answer.rows
            else None
        )


QUESTION = ShareQuestion()
