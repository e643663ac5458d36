"""An item across units: ``公务接待费 by unit 2022``, ``2022年各单位公务接待费``, or an item
asked without naming a unit."""

from __future__ import annotations

from ..interpretation import Interpretation
from .figures import FigureQuestion


class ByUnitQuestion(FigureQuestion):
    name = "by_unit"
    slots = (*FigureQuestion.slots, "group")
    order = "order by label_rank, unit, year, kind\nlimit :limit"

    def recognises(self, interp: Interpretation) -> bool:
        return bool(interp.items) and (interp.group == "unit" or not interp.units)

    def how(self, interp: Interpretation) -> str:
        return "按单位列出"


QUESTION = ByUnitQuestion()
