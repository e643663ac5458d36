"""Units ranked by an item: ``公务接待费前5名``, ``2022年哪个单位基本支出最多``."""

from __future__ import annotations

from ..interpretation import Interpretation
from .base import amount
from .charts import MAX_BARS, chart_title, series
from .figures import FigureQuestion, figure_words

ORDERS = {
    "desc": "order by amount desc, unit, year, kind\nlimit :limit",
    "asc": "order by amount asc, unit, year, kind\nlimit :limit",
}


class RankingQuestion(FigureQuestion):
    name = "ranking"
    slots = (*FigureQuestion.slots, "order", "limit")

    def recognises(self, interp: Interpretation) -> bool:
        return bool(interp.items) and bool(interp.order or interp.limit)

    def orders(self) -> dict[str, str]:
        return {f"ranking_{direction}": clause for direction, clause in ORDERS.items()}

    def order_clause(self, interp: Interpretation) -> str:
        return ORDERS["asc" if interp.order == "asc" else "desc"]

    def limit(self, interp: Interpretation, max_rows: int) -> int:
        return min(interp.limit, max_rows) if interp.limit else max_rows

    def how(self, interp: Interpretation) -> str:
        direction = "从低到高" if interp.order == "asc" else "从高到低"
        return direction + "排名" + (f"，前 {interp.limit} 名" if interp.limit else "")

    def summary(self, interp: Interpretation, results: list[dict]) -> str | None:
        if len(results) <= 1:
            return super().summary(interp, results)
        word = "最少" if interp.order == "asc" else "最多"
        return f"{word}的是 {figure_words(results[0])}；共 {len(results)} 行。"

    def chart(self, interp: Interpretation, results: list[dict]) -> dict | None:
        if len(results) < 2:
            return None
        labels_many = len({r["label"] for r in results}) > 1
        years = {r["year"] for r in results if r["year"] is not None}
        shown = results[:MAX_BARS]
        x = [
            r["unit"]
            + (f"（{r['year']}）" if len(years) > 1 else "")
            + (f" {r['label']}" if labels_many else "")
            for r in shown
        ]
        return {
            "type": "bar",
            "title": chart_title(interp),
            "labels": x,
            "datasets": [series("金额（万元）", [amount(r["amount"]) for r in shown], 0, "bar")],
            "note": f"图中只画出前 {MAX_BARS} 名，表格列出全部。"
            if len(results) > MAX_BARS
            else None,
        }


QUESTION = RankingQuestion()
