"""The disclosure vocabulary: one place for the words every stage shares.

Statements (the standard tables and how their titles are spelled), the “三公” items and
their printed variants, measures (the columns a figure is printed under), subject-code
levels and systems, and which statement and measure answer a question about an item, a
total or a code. Facts, the narrative reader, checks, the Datasette plugins and the
question app all read these names from here, so an item has one canonical key everywhere.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# --- statements ----------------------------------------------------------------------------


class Statement(NamedTuple):
    name: str  # the value of segments.statement and facts.statement
    label: str  # how a reader knows the table
    required: tuple[str, ...] = ()  # the document kinds (预算, 决算) that must publish it
    continued: bool = False  # printed in pieces (one per page) that are one table


STATEMENTS: tuple[Statement, ...] = (
    Statement("收支总表", "收支总表", ("预算", "决算"), True),
    Statement("收入总表", "收入总表", ("预算", "决算"), True),
    Statement("支出总表", "支出总表", ("预算", "决算"), True),
    Statement("财政拨款收支总表", "财政拨款收支总表", ("预算", "决算"), True),
    Statement("一般公共预算支出表", "一般公共预算支出表", ("预算", "决算"), True),
    Statement("基本支出表", "基本支出表", ("预算", "决算"), True),
    Statement("三公经费表", "“三公”经费支出表", ("预算", "决算")),
    Statement("政府性基金", "政府性基金预算支出表", ("预算", "决算"), True),
    Statement("国有资本经营", "国有资本经营预算支出表", ("预算", "决算"), True),
    Statement("项目支出表", "项目支出表", ("预算",)),
    Statement("绩效目标表", "项目支出绩效目标表"),
    Statement("绩效自评表", "项目支出绩效自评表"),
    Statement("机关运行经费表", "机关运行经费表"),
    Statement("政府采购表", "政府采购表"),
)
STATEMENT_NAMES: tuple[str, ...] = tuple(s.name for s in STATEMENTS)
REQUIRED: dict[str, tuple[str, ...]] = {
    kind: tuple(s.name for s in STATEMENTS if kind in s.required) for kind in ("预算", "决算")
}
CONTINUED = frozenset(s.name for s in STATEMENTS if s.continued)
THREE_PUBLIC_TABLE = "三公经费表"
PROJECT_TABLE = "项目支出表"
FORMS = frozenset({"绩效目标表", "绩效自评表"})
# Amounts read from the 情况说明 (narrative) carry this in place of a statement.
NARRATIVE = "情况说明"

# (statement, pattern over the title with spaces removed), most specific first.
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
    """Which standard table a table is, from its title or, failing that, its header."""
    compact = re.sub(r"\s+", "", title or "")
    for name, pattern in TITLE_RULES:
        if pattern.search(compact):
            return name
    words = re.sub(r"\s+", "", "".join(cell for row in header or [] for cell in row))
    for name, needles in HEADER_RULES:
        if all(needle in words for needle in needles):
            return name
    return None


def statement_label(statement: str | None) -> str:
    labels = {s.name: s.label for s in STATEMENTS}
    return labels.get(statement or "", statement or "表格")


# --- the “三公” items ------------------------------------------------------------------------

THREE_PUBLIC = "三公经费"
# What a share (占比) is computed against, and the family of item that can be its part.
SHARE_WHOLES = {THREE_PUBLIC: "three_public", "支出合计": "total"}
ABROAD = "因公出国（境）费"
CARS = "公务用车购置及运行费"
PURCHASE = "公务用车购置费"
RUNNING = "公务用车运行费"
RECEPTION = "公务接待费"
# The 三公 total and its parts; 公务用车购置及运行费 = 购置费 + 运行费.
THREE_PUBLIC_ITEMS: tuple[str, ...] = (THREE_PUBLIC, ABROAD, CARS, PURCHASE, RUNNING, RECEPTION)
CAR_PARTS = (PURCHASE, RUNNING)
THREE_PUBLIC_PARTS: dict[str, tuple[str, ...]] = {
    THREE_PUBLIC: THREE_PUBLIC_ITEMS,
    CARS: (CARS, *CAR_PARTS),
}

# A word in a 三公 table's column or row label that names its item, tried in order:
# 机关运行 before 运行, 购置及运行 before 购置. 会议费, 培训费 and 机关运行经费 are printed
# beside the 三公 items in many tables; they are items of their own.
TABLE_LABELS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (item, re.compile(pattern))
    for item, pattern in (
        ("机关运行经费", r"机关运行"),
        (ABROAD, r"出国"),
        (CARS, r"购置(?:及|和|与)运行"),
        (PURCHASE, r"购置"),
        (RUNNING, r"运行"),
        (RECEPTION, r"接待"),
        ("会议费", r"会议"),
        ("培训费", r"培训"),
        (THREE_PUBLIC, r"三公"),
    )
)
# How each 三公 item is spelled in prose, in THREE_PUBLIC_ITEMS order (购置及运行 before 购置).
SPELLINGS: tuple[tuple[str, str], ...] = (
    (THREE_PUBLIC, r"三公经费"),
    (ABROAD, r"因公出国[（(]?境[）)]?费用?"),
    (CARS, r"公务用车购置及运行(?:维护)?费用?"),
    (PURCHASE, r"公务用车购置(?:费用?)?"),
    (RUNNING, r"公务用车运行(?:维护)?费用?"),
    (RECEPTION, r"公务接待费用?"),
)
SPELLED = re.compile("|".join(f"(?:{pattern})" for _, pattern in SPELLINGS))
_QUOTES_AND_SPACE = re.compile(r"[\s“”\"'‘’「」『』、]")
TOTAL_LABELS = frozenset({"合计", "小计", "总计"})


def despace(text: str | None) -> str:
    """Text without whitespace: cells and labels compared as printed, spacing aside."""
    return re.sub(r"\s+", "", text or "")


def three_public_label(label: str) -> str | None:
    """The item a 三公 table's column or row label names (三公经费合计 → 三公经费)."""
    label = despace(label).replace("\u201c", "").replace("\u201d", "")
    if label in TOTAL_LABELS or re.fullmatch(r"三公经费合计|“?三公”?经费", label):
        return THREE_PUBLIC if "三公" in label else None
    for item, pattern in TABLE_LABELS:
        if pattern.search(label):
            return item
    return None


_FUND_PREFIX = re.compile(r"^(?:一般公共预算|财政拨款)+|（含[^）]*）$")
_MEASURE_SUFFIX = re.compile(r"(?:预算|决算)?(?:财政拨款)?(?:支出)?(?:预算|决算)?(?:数)?$")
_SPELLED_EXACTLY = tuple((canonical, re.compile(pattern)) for canonical, pattern in SPELLINGS)


def canonical_item(item: str) -> str:
    """One key per 三公 item (因公出国(境)费用 → 因公出国（境）费, 公务用车运行维护费 →
    公务用车运行费, 公务接待费支出 → 公务接待费); other items are tidied only."""
    text = _QUOTES_AND_SPACE.sub("", item).replace("(", "（").replace(")", "）")
    # 一般公共预算“三公”经费, 公务接待费（含外事接待）, 公务接待费财政拨款支出
    core = _MEASURE_SUFFIX.sub("", _FUND_PREFIX.sub("", text))
    for canonical, pattern in _SPELLED_EXACTLY:
        if pattern.fullmatch(core):
            return canonical
    return text


def table_item_key(item: str | None) -> str | None:
    """A table row's item key: the 三公 item it spells (基本支出表's 30231 公务用车运行维护费
    is 公务用车运行费), else the item as printed."""
    if not item:
        return item
    canonical = canonical_item(item)
    return canonical if canonical in THREE_PUBLIC_ITEMS else item


# --- measures ------------------------------------------------------------------------------

BUDGET = "预算数"
ACTUAL = "决算数"
HALVES = (BUDGET, ACTUAL)
INITIAL_BUDGET = "年初预算"
CHANGE = "比上年增减"
CHANGE_FROM_BUDGET = "比年初预算增减"
# Changes, not amounts: a figure under these is used only when asked for.
DELTA_MEASURES = (CHANGE, CHANGE_FROM_BUDGET)
BUDGET_MEASURES = (INITIAL_BUDGET, BUDGET, "年初预算数", "全年预算数")
ACTUAL_MEASURES = (ACTUAL, "全年执行数")
# Column names of a table's total across tables and 预算/决算 (read as one 合计).
TOTAL_MEASURES = ("合计", "本年支出合计", "本年收入合计", "项目支出合计", "本年支出", "总计")


def own_measure(kind: str | None) -> str | None:
    """The measure a document's own figures carry: 决算数 in a 决算, 预算数 in a 预算."""
    if kind and "决算" in kind:
        return ACTUAL
    if kind and "预算" in kind:
        return BUDGET
    return None


# A year a column label names: 2022年预算数, 上年预算数, 本年决算数.
WHEN = re.compile(
    r"^(?:(?P<year>(?:19|20)\d{2})\s*年度?|(?P<last>上年度?|上一年度?|去年)|(?P<this>本年度?|当年|今年))"
)
PERCENT = re.compile(r"[%％]|百分比|比例|比率|增长率|增幅|降幅|占比")


def normalise_measure(label: str, kind: str | None, year: int | None = None) -> str | None:
    """Column labels as one vocabulary: 2022年预算数 in a 2022 document is its 预算数; in a
    2023 document it is the 2022年预算数, and so is 上年预算数 (a figure of another year
    is never this year's)."""
    label = despace(label)
    if not label:
        return None
    when = WHEN.match(label)
    measure = _measure_word(label[when.end() :] if when else label, kind)
    if when is None or measure not in (BUDGET, ACTUAL, "全年预算数", "全年执行数"):
        return measure if measure else label
    if when.group("this"):
        return measure
    printed = int(when.group("year")) if when.group("year") else (year - 1 if year else None)
    if printed is None:
        return f"上年{measure}"
    return (
        measure
        if printed == year or (year is None and when.group("year"))
        else f"{printed}年{measure}"
    )


def _measure_word(label: str, kind: str | None) -> str | None:
    if re.fullmatch(r"预算数?|年初预算数?", label) or label == "全年预算数":
        return BUDGET if "全年" not in label else "全年预算数"
    if re.fullmatch(r"决算数?|全年执行数|支出决算", label):
        return ACTUAL if "执行" not in label else "全年执行数"
    if label in ("金额", "决算金额", "预算金额"):
        return ACTUAL if kind == "决算" else BUDGET
    if label in ("合计", "总计"):
        return "合计"
    return None


# --- subject codes -------------------------------------------------------------------------

FUNCTION = "功能分类"
ECONOMIC = "经济分类"
LEVEL_NAMES = {3: "类", 5: "款", 7: "项"}
CODE_LEVELS: dict[str, tuple[int, ...]] = {FUNCTION: (3, 5, 7), ECONOMIC: (3, 5)}


def code_system(code: str | None) -> str | None:
    """功能分类 codes start 2xx; 经济分类 codes 3xx (部门) and 5xx (政府)."""
    if not code:
        return None
    return ECONOMIC if code[0] in "35" else FUNCTION


# --- which statement and measure answer a question ----------------------------------------

# An item's figure: the first statement in this order that prints it.
ITEM_STATEMENTS = (
    "支出总表",
    "一般公共预算支出表",
    "基本支出表",
    "项目支出表",
    "财政拨款收支总表",
    "收支总表",
    "收入总表",
    "政府性基金",
    "国有资本经营",
    THREE_PUBLIC_TABLE,
    "绩效目标表",
    "绩效自评表",
    NARRATIVE,
)
# A 三公 figure: the 三公 table, else the 情况说明; never the 基本支出表 (whose 30217
# 公务接待费 is only the basic-expenditure part).
THREE_PUBLIC_STATEMENTS = (THREE_PUBLIC_TABLE, NARRATIVE)
# A total (支出合计, 基本支出 …): a column of one of these tables' 合计 row.
TOTAL_STATEMENTS = ("支出总表", "一般公共预算支出表", "基本支出表", "项目支出表", NARRATIVE)
# Spending by subject code, per code system.
CODE_STATEMENTS: dict[str, tuple[str, ...]] = {
    FUNCTION: ("支出总表", "一般公共预算支出表", "财政拨款收支总表", "收支总表", "项目支出表"),
    ECONOMIC: ("基本支出表", "一般公共预算支出表", "项目支出表", "支出总表"),
}
# The column that answers: [document kind or None, measure], first match wins.
ITEM_MEASURES: tuple[tuple[str | None, str], ...] = (
    (None, "合计"),
    (None, "本年支出合计"),
    (None, "项目支出合计"),
    ("预算", BUDGET),
    ("决算", ACTUAL),
    ("决算", "全年执行数"),
    ("预算", "年度资金总额"),
    (None, ACTUAL),
    (None, BUDGET),
    (None, INITIAL_BUDGET),
    (None, "全年预算数"),
    (None, "年度资金总额"),
    (None, "项目金额"),
    (None, "本年收入合计"),
    (None, "资产价值"),
)
THREE_PUBLIC_MEASURES: tuple[tuple[str | None, str], ...] = (
    ("预算", BUDGET),
    ("决算", ACTUAL),
    (None, ACTUAL),
    (None, BUDGET),
)
# Summing spending by code: one column per document, the first of these it prints.
CODE_MEASURES = ("合计", "本年支出合计", ACTUAL, BUDGET, "项目支出合计")


class Total(NamedTuple):
    measures: tuple[str, ...]  # columns of a table's 合计 row that hold it
    narrative: tuple[str, ...]  # item keys of the 情况说明 that state it


# Totals that are columns of a table's 合计 row (支出总表: 合计 | 基本支出 | 项目支出), or,
# when a document has no such table, the narrative's item of the same name.
TOTALS: dict[str, Total] = {
    "支出合计": Total(("合计", "本年支出合计"), ("本年支出合计", "本年支出", "支出预算")),
    "基本支出": Total(("基本支出",), ("基本支出",)),
    "项目支出": Total(("项目支出", "项目支出合计"), ("项目支出",)),
    "人员经费": Total(("人员经费",), ("人员经费",)),
    "公用经费": Total(("公用经费",), ("公用经费",)),
}
# Item keys of a table's total row.
TOTAL_ROW_KEYS = ("合计", "本年支出合计", "支出合计", "总计")


def rank_sql(column: str, values: tuple[str, ...]) -> str:
    """A SQL expression ranking a column by a tuple of this module's constants (never
    user text) in order; anything else ranks last."""
    whens = " ".join(f"when '{v}' then {i}" for i, v in enumerate(values))
    return f"case {column} {whens} else {len(values)} end"


# --- figures read by OCR --------------------------------------------------------------------

OCR_VERIFIED = "识别自扫描件，已核对"
OCR_UNVERIFIED = "识别自扫描件，未能核对"


def ocr_label(source: str | None, verified) -> str | None:
    """What a figure read by OCR must say of itself wherever it is shown (None for a
    figure of a text layer)."""
    if source != "ocr":
        return None
    return OCR_VERIFIED if verified else OCR_UNVERIFIED
