"""An interpretation in words, for the answer page, the API and the terminal."""

from __future__ import annotations

from ..vocabulary import TOTALS
from .interpretation import MAX_QUESTION, UNIT_LIKE, Interpretation, Item, missing_places
from .questions import BY_NAME
from .vocab import question_key


def describe(interp: Interpretation) -> str:
    """The interpretation in words, for the answer page."""
    if interp.problem == "empty":
        return "没有输入问题。"
    if interp.problem == "too_long":
        return f"问题太长（最多 {MAX_QUESTION} 个字）。"
    if interp.problem == "unknown_unit":
        return (
            "数据库中没有问题里的单位："
            + "、".join(c for c in interp.unrecognised if UNIT_LIKE.search(question_key(c)))
            + "。"
        )
    if interp.problem == "relative_year":
        return "“去年”“明年”是相对于哪一年？上一问没有限定年度，请说出年份，如“那2023年呢”。"
    if interp.problem == "bad_year":
        return f"没有 {'、'.join(interp.bad_years)} 年的数据：年度应为四位数，如 2022。"
    if interp.problem == "bad_limit":
        return "名次至少为 1：请问“前5名”“前3名”这样的名次。"
    if interp.problem == "no_place":
        places = [t["text"] for t in interp.unit_terms]
        return missing_places(places) + "，无法回答。"
    if interp.problem == "no_checks":
        return "这是关于检查结果的问题，但数据库中还没有检查结果（checks 表）。"
    if interp.template is None:
        return "没有理解这个问题。"
    if interp.template == "search":
        return "不是关于数字的问题（或没有识别出项目），按全文检索回答。"
    parts = []
    units = "、".join(interp.units) if interp.units else "所有单位"
    years = _years(interp.years)
    if interp.template == "checks":
        what = BY_NAME["checks"].how(interp)
        subject = f"，涉及“{interp.items[0].label}”" if interp.items else ""
        return f"{units}{years}的{what}{subject}（来自 checks 表）。"
    if interp.items:
        parts.append("项目：" + _items_words(interp.items))
    elif interp.template == "breakdown":
        parts.append("项目：支出合计")
    parts.append(f"单位：{units}")
    parts.append(f"年度：{years.strip() or '所有年度'}")
    parts.append("口径：" + _measure_words(interp))
    how = BY_NAME[interp.template].how(interp)
    parts.append(f"方式：{how}")
    if interp.kind:
        parts.append(f"文件：仅{interp.kind}文件")
    return "；".join(parts) + "。"


def _years(years: list[int]) -> str:
    if not years:
        return ""
    if len(years) > 2 and years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}—{years[-1]}年"
    return "、".join(str(y) for y in years) + "年"


def _items_words(items: list[Item]) -> str:
    """The items, each family explained once."""
    words = []
    for family in ("three_public", "total", "code", "generic"):
        labels = "、".join(i.label for i in items if i.family == family)
        if not labels:
            continue
        if family == "three_public":
            words.append(f"{labels}（“三公”经费：取三公经费表，没有该表的单位取情况说明）")
        elif family == "total":
            words.append(f"{labels}（支出总表等表合计行的同名列；没有这些表时取情况说明）")
        elif family == "code":
            words.append(f"科目编码 {labels}")
        else:
            words.append(labels)
    return "；".join(words)


def _measure_words(interp: Interpretation) -> str:
    if interp.template == "compare":
        return "预算数（预算文件或决算文件的预算数列）对决算数"
    if interp.measure == "比上年增减":
        return "比上年增减"
    if interp.measure in TOTALS:
        columns = "或".join(TOTALS[interp.measure].measures)
        return f"{columns}列"
    if interp.measure:
        return f"“{interp.measure}”列"
    if interp.side in ("预算数", "决算数") and any(
        i.family == "three_public" for i in interp.items
    ):
        return interp.side
    if any(i.family == "three_public" for i in interp.items):
        return "预算文件取预算数，决算文件取决算数"
    return "各表的合计列（预算文件为预算数，决算文件为决算数）"
