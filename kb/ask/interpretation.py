"""What a question was understood to ask: the slots every question type reads.

``Item`` is one thing asked about (a 三公 item, a total, a subject code or any item key of
the facts); ``Interpretation`` holds the items, units, years, measure, grouping, order and
limit read from a question, the question type chosen (``template``) and its description.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

MAX_QUESTION = 200
# What an unrecognised chunk looks like when it names a unit the database does not have.
UNIT_LIKE = re.compile(
    r"[\u4e00-\u9fff（）()]{2,}(?:办公室|办公厅|中心|委员会|管理局|局|厅|部|院|处|所|站|馆|队|政府|办事处"
    r"|街道|委|署|社|校|园)$"
)


@dataclass
class Item:
    label: str  # canonical name shown to the user
    family: str  # three_public | total | generic | code
    keys: list[str]  # item_keys (or, for totals, the narrative's item_keys; for codes the code)
    matched: str  # the text it was read from
    measures: list[str] = field(default_factory=list)  # totals: columns of the 合计 row


@dataclass
class Interpretation:
    question: str
    template: str | None = None
    items: list[Item] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    unit_terms: list[dict] = field(default_factory=list)  # {"text", "units", "as"}
    years: list[int] = field(default_factory=list)
    bad_years: list[str] = field(default_factory=list)  # 99999年: no such year
    side: str | None = None  # 预算数 | 决算数 asked for
    kind: str | None = None  # 预算 | 决算 documents only
    measure: str | None = None  # a column asked for (比上年增减, or a total used as a column)
    group: str | None = None  # unit | year
    order: str | None = None  # desc | asc
    limit: int | None = None
    code_system: str | None = None  # 功能分类 | 经济分类 (breakdown)
    level: int | None = None  # 3 | 5 | 7
    checks: str | None = None  # any | fail | missing
    define: bool = False
    detail: bool = False  # 明细, 构成: a breakdown, of the 三公 items or by subject code
    relative_year: int = 0  # 去年 -1, 明年 +1: against the years before (a follow-up)
    total: bool = False  # 加起来多少, 合计: the figures summed
    rate: bool = False  # 执行率: 决算数 ÷ 预算数 beside the two
    projects: bool = False  # 有哪些项目, 项目清单: the rows of the 项目支出表
    share: bool = False  # 占比: a part against its whole
    change: bool = False  # 比上年, 同比, change from last year: against the year before
    follows: bool = False  # a follow-up: what it does not say comes from the turn before
    recognised: list[dict] = field(default_factory=list)  # {"text", "as", "value"}
    unrecognised: list[str] = field(default_factory=list)
    problem: str | None = None  # empty | too_long | not_understood | no_checks | database
    notes: list[str] = field(default_factory=list)
    description: str = ""  # the interpretation in words (kb.ask.describe)

    @property
    def item(self) -> Item | None:
        return self.items[0] if self.items else None

    @property
    def families(self) -> set[str]:
        return {i.family for i in self.items}

    def to_dict(self) -> dict:
        return asdict(self)


def missing_places(places: list[str]) -> str:
    """北京市 → 知识库中没有北京市的单位; 上海市 + 公安局 → 知识库中没有上海市公安局."""
    if len(places) == 1:
        return f"知识库中没有{places[0]}的单位"
    return f"知识库中没有{''.join(places)}（{'且'.join(places)}）的单位"
