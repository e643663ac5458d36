"""Which standard disclosure table a table is, from its title or, failing that, its header.

Titles differ by region and by 预算/决算 (收支总表, 收入支出决算总表, 单位收支总体情况表),
so each statement is recognised by the words that distinguish it, most specific first.
"""

from __future__ import annotations

import re

STATEMENTS = (
    "收支总表",
    "收入总表",
    "支出总表",
    "财政拨款收支总表",
    "一般公共预算支出表",
    "基本支出表",
    "三公经费表",
    "政府性基金",
    "国有资本经营",
    "项目支出表",
    "绩效目标表",
    "绩效自评表",
    "机关运行经费表",
    "政府采购表",
)

# The standard tables a 预算 disclosure must publish (a 决算 has no 项目支出表).
REQUIRED_BUDGET = STATEMENTS[:10]
REQUIRED_FINAL = STATEMENTS[:9]

# (statement, pattern over the title with spaces removed), tried in order.
TITLE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("三公经费表", r"三公"),
        ("绩效自评表", r"自评"),
        ("绩效目标表", r"绩效"),
        ("基本支出表", r"基本支出"),
        ("政府性基金", r"政府性基金"),
        ("国有资本经营", r"国有资本经营"),
        ("机关运行经费表", r"机关运行经费"),
        ("政府采购表", r"政府采购"),
        ("项目支出表", r"项目支出|专项业务经费"),
        ("财政拨款收支总表", r"财政拨款收(?:入)?支(?:出)?(?:预算|决算)?总(?:表|体)"),
        ("收支总表", r"收(?:入)?支(?:出)?(?:预算|决算)?总(?:表|体)"),
        ("一般公共预算支出表", r"一般公共预算(?:财政拨款)?(?:当年拨款)?支出"),
        ("收入总表", r"收入(?:预算|决算)?(?:总表|总体|表)"),
        ("支出总表", r"支出(?:预算|决算)?(?:总表|总体|表)"),
    )
)

# For tables printed without a title: words their header rows always carry.
HEADER_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("项目支出表", ("项目名称", "项目单位")),
    ("绩效目标表", ("一级指标", "二级指标")),
    ("绩效目标表", ("任务名称",)),
    ("收入总表", ("本年收入", "上年结转")),
    ("基本支出表", ("经济分类",)),
    ("一般公共预算支出表", ("功能分类", "人员经费", "公用经费")),
    ("支出总表", ("功能分类", "基本支出", "项目支出")),
)


def classify_statement(title: str, header: list[list[str]] | None = None) -> str | None:
    compact = re.sub(r"\s+", "", title or "")
    for name, pattern in TITLE_RULES:
        if pattern.search(compact):
            return name
    words = re.sub(r"\s+", "", "".join(cell for row in header or [] for cell in row))
    for name, needles in HEADER_RULES:
        if all(needle in words for needle in needles):
            return name
    return None
