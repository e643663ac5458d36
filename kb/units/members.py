"""The units a department's document says it is made of (“纳入本部门2025年部门汇总预算
编制范围的预算单位共计4家，具体包括：A（本级），B，C”), so a subordinate 单位 learns its
部门 from what the department printed, not from its name."""

from __future__ import annotations

import re

INTRODUCTION = re.compile(
    r"(?:纳入|部门决算包括|预算单位构成)[^。：:]{0,60}?(?:单位|部门)[^。：:]{0,30}?(?:包括|如下)[^：:。]{0,12}[：:]"
)
NUMBERED = re.compile(r"(?:^|(?<=[^\d]))\d{1,2}[.．、]?(?=[\u4e00-\u9fff])")
TABLE_HEADINGS = re.compile(r"序号|单位名称|拟变动情况|备注")
NOTE = re.compile(r"[（(](?:下属[^）)]*|机关|本部)[）)]$|医疗保险职能.*$")
UNIT_END = re.compile(
    r"(?:局|厅|委员会|办公室|办公厅|中心|院|所|队|站|馆|校|学校|学院|大学|部|会|团|社|台|（本级）|本级|本部)$"
)
INTERNAL = re.compile(r"内设|机构设置|职责分工")
STOP = re.compile(r"[。；;]|[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分")


def text_to_members(text: str) -> list[str]:
    """The unit names listed after a department's “…单位包括：”, in order, as printed
    (notes such as （下属事业单位） dropped; （本级） kept: it names the department itself)."""
    text = re.sub(r"\s+", "", text)
    members: list[str] = []
    for match in INTRODUCTION.finditer(text):
        if INTERNAL.search(match[0]):
            continue  # 内设机构: the department's own offices, not units with budgets
        listing = STOP.split(text[match.end() : match.end() + 600], maxsplit=1)[0]
        listing = TABLE_HEADINGS.sub("", listing)
        parts = (
            NUMBERED.split(listing) if NUMBERED.match(listing) else re.split(r"[、，,]", listing)
        )
        for part in parts:
            name = _member_name(part)
            if name and name not in members:
                members.append(name)
    return members


def _member_name(part: str) -> str | None:
    name = re.sub(r"预算不单列.*$|并入本级.*$", "", part).strip(" 　.．、，,")
    if name.endswith(("（本级）", "本级")):
        return name if len(name) >= 6 else None
    name = NOTE.sub("", name).strip()
    if len(name) < 4 or len(name) > 40 or not UNIT_END.search(name):
        return None
    if re.search(r"\d|决算|预算|共计|具体", name):
        return None
    return name
