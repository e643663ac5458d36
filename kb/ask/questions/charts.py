"""Chart.js chart data shared by the question types."""

from __future__ import annotations

from collections import OrderedDict

from ..interpretation import Interpretation

PALETTE = [
    "#3366cc",
    "#dc3912",
    "#ff9900",
    "#109618",
    "#990099",
    "#0099c6",
    "#dd4477",
    "#66aa00",
    "#b82e2e",
    "#316395",
]
MAX_LINES = 12
MAX_BARS = 40


def series(name: str, data: list, index: int, kind: str) -> dict:
    colour = PALETTE[index % len(PALETTE)]
    dataset = {"label": name, "data": data, "backgroundColor": colour, "borderColor": colour}
    if kind == "line":
        dataset["fill"] = False
        dataset["tension"] = 0.1
    return dataset


def biggest(groups: OrderedDict, limit: int) -> tuple[OrderedDict, str | None]:
    """The ``limit`` groups with the largest amounts, in their order, and a note if cut."""
    if len(groups) <= limit:
        return groups, None

    def size(rows: dict) -> float:
        return max((abs(r["amount"] or 0) for r in rows.values()), default=0)

    keep = set(sorted(groups, key=lambda k: size(groups[k]), reverse=True)[:limit])
    kept = OrderedDict((k, v) for k, v in groups.items() if k in keep)
    return kept, f"图中只画出金额最大的 {limit} 个（共 {len(groups)} 个），表格列出全部。"


def chart_title(interp: Interpretation) -> str:
    what = "、".join(i.label for i in interp.items) or "支出"
    return f"{what}（万元）"
