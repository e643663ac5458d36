"""Change against the year before: ``公务接待费比上年增长多少``, ``2023年三公经费同比变化``,
``official reception change from last year``.

Each figure is picked as every figure question picks it (``figures``). The year before
comes, in this order, from the same unit's document of the year before (same kind: a
budget against the budget before), or from the document's own column for the year before
(a two-year 三公 table: ``2019年预算数``, ``上年预算数``). The change and its percentage
are computed from the two figures; the document's printed 比上年增减 is shown beside
them, and a computed change that disagrees with it is said. Without a figure for the
year before there is no change: the row says so rather than guess.
"""

from __future__ import annotations

import json
from dataclasses import replace

from ...vocabulary import CHANGE
from ..interpretation import Interpretation
from .base import MAX_ROWS, Query, amount, execute, money
from .charts import MAX_BARS, series
from .figures import FigureQuestion

# The same document's figures for the year before and its printed change, for the items
# and documents of the picked figures (no user text: keys, ids and measure names).
SAME_DOCUMENT_SQL = """select f.id, f.document_id, f.item_key, f.statement, f.measure, f.amount,
       f.source, f.segment_id, f.page, f.line, f.row
from facts f
where f.document_id in (select value from json_each(:documents))
  and f.item_key in (select value from json_each(:keys))
  and f.measure in (select value from json_each(:measures))
  and f.amount is not null and f.entity is null
order by f.id"""

TOLERANCE = 0.005  # 万元: printed figures are rounded to 0.01


def previous_columns(year: int, kind: str | None) -> list[str]:
    """A document's own columns for the year before: 2019年预算数, 上年预算数 …"""
    sides = ["预算数", "决算数"] if kind is None else (["决算数"] if kind == "决算" else ["预算数"])
    return [f"{prefix}{side}" for side in sides for prefix in (f"{year - 1}年", "上年")]


class ChangeQuestion(FigureQuestion):
    name = "change"
    order = "order by label_rank, unit, kind, year\nlimit :limit"

    def recognises(self, interp: Interpretation) -> bool:
        return interp.change and bool(interp.items)

    def how(self, interp: Interpretation) -> str:
        return "比上年变化 = 本年数 − 上年数（上年数取该单位上一年的同类文件，或文件自己的上年列）"

    def query(
        self, interp: Interpretation, max_rows: int = MAX_ROWS, figures: bool = False
    ) -> Query:
        """The figures of the years asked and each one's year before, from the facts: a year
        before is found by the unit's identity (``unit_key``), which the build's picks lack."""
        years = sorted({y for year in interp.years for y in (year - 1, year)})
        return super().query(replace(interp, years=years, measure=None), max_rows)

    def shape(self, conn, answer, results: list[dict], links) -> None:
        interp = answer.interpretation
        asked = set(interp.years)
        figures: dict[tuple, list[dict]] = {}
        for r in results:  # a unit by its identity (kb.units): a renamed unit's year before
            figures.setdefault((r["label"], r["unit_key"], r["kind"], r["year"]), []).append(r)
        current = [r for r in results if not asked or r["year"] in asked]
        same_document = self._same_document(conn, interp, current)
        answer.columns = [
            "unit",
            "item",
            "kind",
            "year",
            "amount",
            "previous",
            "previous_from",
            "change",
            "change_pct",
            "printed_change",
            "note",
        ]
        answer.labels_override = {
            "amount": "本年数（万元）",
            "previous": "上年数（万元）",
            "previous_from": "上年数出处",
            "change": "增减额（万元）",
            "change_pct": "增减率（%）",
            "printed_change": "文件所列比上年增减（万元）",
        }
        computed = disagreeing = 0
        for r in current:
            before = figures.get((r["label"], r["unit_key"], r["kind"], (r["year"] or 0) - 1), [])
            own = same_document.get((r["document_id"], r["label"]), {})
            previous, previous_from, note = self._previous(r, before, own)
            change = pct = None
            if previous is not None:
                change = round(r["amount"] - previous["amount"], 6)
                pct = round(change / previous["amount"] * 100, 2) if previous["amount"] else None
                computed += 1
            printed = own.get("printed")
            if change is not None and printed and abs(printed["amount"] - change) > TOLERANCE:
                note = f"与文件所列比上年增减 {money(printed['amount'])} 不一致"
                disagreeing += 1
            answer.rows.append(
                [
                    r["unit"],
                    r["label"],
                    r["kind"],
                    r["year"],
                    amount(r["amount"]),
                    amount(previous["amount"]) if previous else None,
                    previous_from,
                    change,
                    pct,
                    amount(printed["amount"]) if printed else None,
                    note,
                ]
            )
            sources = [{**links.fact(r), "side": "本年"}]
            if previous:
                sources.append({**links.fact(previous), "side": "上年"})
            if printed:
                sources.append({**links.fact(printed), "side": "比上年增减"})
            answer.sources.append(sources)
        self._say(answer, current, computed, disagreeing)
        answer.chart = self._chart(answer)

    def _same_document(self, conn, interp: Interpretation, rows: list[dict]) -> dict:
        """Per document: its column for the year before and its printed change."""
        if not rows:
            return {}
        keys = sorted({k for i in interp.items for k in i.keys})
        measures = {CHANGE}
        for r in rows:
            if r["year"]:
                measures.update(previous_columns(r["year"], r["kind"]))
        params = {
            "documents": json.dumps(sorted({r["document_id"] for r in rows})),
            "keys": json.dumps(keys, ensure_ascii=False),
            "measures": json.dumps(sorted(measures), ensure_ascii=False),
        }
        label_of = {k: i.label for i in interp.items for k in i.keys}
        picked_by = {(r["document_id"], r["label"]): r for r in rows}
        found: dict[tuple, dict] = {}
        for fact in execute(conn, SAME_DOCUMENT_SQL, params):
            key = (fact["document_id"], label_of.get(fact["item_key"]))
            picked = picked_by.get(key)
            if picked is None:
                continue
            slot = "printed" if fact["measure"] == CHANGE else "previous"
            same_table = fact["statement"] == picked["statement"]
            if slot == "previous" and not same_table:
                continue  # a column for the year before is read beside its own year's only
            own = found.setdefault(key, {})
            if slot not in own or (same_table and own[slot]["statement"] != picked["statement"]):
                own[slot] = {**fact, "unit": picked["unit"], "year": picked["year"]}
        return found

    @staticmethod
    def _previous(row: dict, before: list[dict], own: dict):
        """The figure for the year before, where it is from, and a note when there is none."""
        amounts = {b["amount"] for b in before}
        if len(amounts) == 1:
            b = before[0]
            named = f"（{b['unit']}）" if b["unit"] != row["unit"] else ""
            return b, f"{b['year']}年{b['kind']}文件{named}·{b['statement']}·{b['measure']}", ""
        if len(amounts) > 1:
            return None, None, f"{row['year'] - 1}年有 {len(before)} 份文件，数字不同，没有计算"
        if own.get("previous"):
            p = own["previous"]
            return p, f"本文件·{p['statement']}·{p['measure']}", ""
        return None, None, f"知识库中没有{row['year'] - 1 if row['year'] else '上'}年的数字"

    @staticmethod
    def _chart(answer) -> dict | None:
        records = [r for r in answer.records() if r["previous"] is not None][:MAX_BARS]
        if not records:
            return None
        several = len({r["item"] for r in records}) > 1
        return {
            "type": "bar",
            "title": "比上年变化",
            "labels": [
                f"{r['unit']} {r['year']}" + (f" {r['item']}" if several else "") for r in records
            ],
            "datasets": [
                series("上年数", [r["previous"] for r in records], 0, "bar"),
                series("本年数", [r["amount"] for r in records], 1, "bar"),
            ],
        }

    @staticmethod
    def _say(answer, rows: list[dict], computed: int, disagreeing: int) -> None:
        if not rows:
            return
        if len(rows) == 1:
            r = answer.records()[0]
            if r["change"] is not None:
                answer.summary = (
                    f"{r['unit']} {r['year']}年{r['kind']} {r['item']} {money(r['amount'])} 万元，"
                    f"上年 {money(r['previous'])} 万元，增减 {money(r['change'])} 万元"
                    + (f"（{r['change_pct']}%）" if r["change_pct"] is not None else "")
                    + "。"
                )
            elif r["printed_change"] is not None:
                answer.summary = (
                    f"{r['unit']} {r['year']}年{r['kind']} {r['item']} {money(r['amount'])} 万元；"
                    f"知识库中没有上年的数字，文件所列比上年增减 {money(r['printed_change'])} 万元。"
                )
            else:
                answer.summary = (
                    f"{r['unit']} {r['year']}年{r['kind']} {r['item']} {money(r['amount'])} 万元；"
                    "知识库中没有上年的数字，文件也没有列出比上年增减，无法计算变化。"
                )
        else:
            answer.summary = f"{len(rows)} 行，其中 {computed} 行有上年数、计算了增减。"
        if computed < len(rows):
            answer.notes.append(
                "没有上年数的行不计算增减：知识库中没有该单位上一年的同类文件，文件中也没有上年列"
                "（文件所列“比上年增减”照原样列出）。"
            )
        if disagreeing:
            answer.notes.append(
                f"{disagreeing} 行计算出的增减与文件所列比上年增减不一致，请看原文。"
            )


QUESTION = ChangeQuestion()
