"""加起来多少: the figures of an answer summed — only when they are one item's, so that a
三公 total is never added to its own parts, and each figure is counted once."""

from __future__ import annotations

from collections import Counter

from .questions.base import money


def add_total(answer) -> None:
    if "amount" not in answer.columns or not answer.rows:
        answer.notes.append("这个回答没有可以相加的金额。")
        return
    records = answer.records()
    if (answer.template or "").startswith("projects"):
        _add_projects(answer, records)
        return
    items = {r.get("item") for r in records}
    if len(items) > 1:
        answer.notes.append(
            "回答中有不同的项目（"
            + "、".join(sorted(map(str, items)))
            + "），不能相加；请只问一个项目。"
        )
        return
    rows = Counter((r.get("unit"), r.get("year"), r.get("kind")) for r in records)
    twice = sorted(f"{u} {y}年{k}" for (u, y, k), n in rows.items() if n > 1)
    if twice:  # two documents of one unit and year with different figures (figures.py)
        answer.notes.append(
            "不能相加：" + "、".join(twice) + " 有两份文件、数字不同，不知道哪一个算数。"
        )
        return
    amounts = [r["amount"] for r in records if isinstance(r.get("amount"), int | float)]
    answer.total = round(sum(amounts), 6)
    units = len({r.get("unit") for r in records})
    years = sorted({r.get("year") for r in records if r.get("year")})
    span = f"{years[0]}—{years[-1]}年" if len(years) > 1 else (f"{years[0]}年" if years else "")
    answer.summary = (
        f"合计 {money(answer.total)} 万元：{next(iter(items))}，{units} 个单位{('，' + span) if span else ''}，"
        f"{len(amounts)} 个数字相加。"
    )


def _add_projects(answer, records: list[dict]) -> None:
    """A unit's projects are parts of one 项目支出: they add up (each project once)."""
    amounts = [r["amount"] for r in records if isinstance(r.get("amount"), int | float)]
    answer.total = round(sum(amounts), 6)
    units = sorted({str(r.get("unit")) for r in records})
    answer.summary = (
        f"合计 {money(answer.total)} 万元：{'、'.join(units)} 的 {len(amounts)} 个项目相加"
        "（所列项目之和，不是文件的项目支出合计）。"
    )
