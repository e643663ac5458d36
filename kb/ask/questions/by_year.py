"""An item over the years: ``三公经费 by year``, ``吉林市政务信息中心历年项目支出``."""

from __future__ import annotations

from ..interpretation import Interpretation
from .figures import FigureQuestion, unit_chart, year_chart


class ByYearQuestion(FigureQuestion):
    name = "by_year"
    slots = (*FigureQuestion.slots, "group")
    order = "order by label_rank, year, unit, kind\nlimit :limit"

    def recognises(self, interp: Interpretation) -> bool:
        return bool(interp.items) and interp.group == "year"

    def how(self, interp: Interpretation) -> str:
        return "按年度列出（趋势）"

    def chart(self, interp: Interpretation, results: list[dict]) -> dict | None:
        if len(results) < 2:
            return None
        years = sorted({r["year"] for r in results if r["year"] is not None})
        return (
            year_chart(interp, results, years)
            if len(years) > 1
            else unit_chart(interp, results, years)
        )


QUESTION = ByYearQuestion()
