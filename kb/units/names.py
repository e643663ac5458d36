"""A unit's name as printed, taken apart: the scope marker (本级, 汇总), the organ prefix
that comes before the region (中共, 政协, 共青团), and the organ's key form, so that
中共吉林市委办公室, 吉林市委办公室 and 中国共产党吉林市委员会办公室 are one unit."""

from __future__ import annotations

import re
import unicodedata

SCOPE = re.compile(
    r"(?:[（(](?P<tag>本级|汇总|部门汇总|部门|单位|机关本级)[)）]|(?P<bare>机关本级|部门本级|本级|部门汇总))$"
)
SCOPES = {"部门": "部门汇总", "汇总": "部门汇总", "机关本级": "本级", "部门本级": "本级"}
ORGAN_PREFIXES = (
    ("中国共产党", "中共"),
    ("中共", "中共"),
    ("中国人民政治协商会议", "政协"),
    ("政协", "政协"),
    ("中国共产主义青年团", "共青团"),
    ("共青团", "共青团"),
)
# Long official forms → the short forms of the key (the printed name is kept as it is).
KEY_FORMS = (
    ("人民代表大会常务委员会", "人大常委会"),
    ("人民代表大会", "人大"),
    ("中国人民政治协商会议", "政协"),
    ("发展改革委员会", "发展和改革委员会"),
    ("人力资源社会保障", "人力资源和社会保障"),
    ("住房城乡建设", "住房和城乡建设"),
    ("卫生和计划生育委员会", "卫生健康委员会"),
)


def clean(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).strip()
    return re.sub(r"\s+", "", text).replace("(", "（").replace(")", "）")


def split_scope(name: str) -> tuple[str, str | None]:
    """The name without its scope marker, and the scope (本级, 部门汇总, 单位) if marked."""
    match = SCOPE.search(name)
    if not match:
        return name, None
    tag = match["tag"] or match["bare"]
    return name[: match.start()], SCOPES.get(tag, tag)


def split_organ_prefix(name: str) -> tuple[str, str]:
    """The name without 中共/政协/共青团 in front, and which of them it was."""
    for prefix, tag in ORGAN_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :], tag
    return name, ""


def organ_key(organ: str) -> str:
    """The organ in its key form: 委员会办公室 → 委办公室, long forms shortened."""
    key = re.sub(r"^委员会", "委", organ)
    for long, short in KEY_FORMS:
        key = key.replace(long, short)
    return key
