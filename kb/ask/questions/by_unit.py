"""An item across units: ``公务接待费 by unit 2022``, ``2022年各单位公务接待费``, or an item
asked without naming a unit."""

from __future__ import annotations

from ..interpretation import Interpretation
from .figures import FigureQuestion


class ByUnitQuestion(FigureQuestion):
    name = "by_unit"
    slots = (*FigureQuestion.slots, "group")
    order = "order by label_rank, unit, year, kind\nlimit :limit"
    by_place = {
        "city": "order by label_rank, province, city, unit, year, kind\nlimit :limit",
        "province": "order by label_rank, province, city, unit, year, kind\nlimit :limit",
        "sector": "order by label_rank, sector, province, city, unit, year, kind\nlimit :limit",
    }

    def recognises(self, interp: Interpretation) -> bool:
        grouped = interp.group in ("unit", *self.by_place)
        return bool(interp.items) and (grouped or not interp.units)

    def orders(self) -> dict[str, str]:
        return {self.name: self.order} | {f"{self.name}_{g}": o for g, o in self.by_place.items()}

    def order_clause(self, interp: Interpretation) -> str:
        return self.by_place.get(interp.group or "", self.order)

    def template_name(self, interp: Interpretation) -> str:
        return f"{self.name}_{interp.group}" if interp.group in self.by_place else self.name

    def how(self, interp: Interpretation) -> str:
        return {"city": "按城市列出", "province": "按省份列出", "sector": "按行业列出"}.get(
            interp.group or "", "按单位列出"
        )


QUESTION = ByUnitQuestion()
