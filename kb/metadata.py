"""Who published a disclosure, for which year, and whether it is a 预算 or a 决算.

Read from the content only: crawled file names are often wrong. The unit is the
publishing unit named on the cover or in the title, never its 主管部门.
"""

from __future__ import annotations

import re
from collections import Counter

from .model import Metadata, Segment

UNIT_SUFFIX = (
    r"(?:办公室|办公厅|中心|委员会|局|厅|部|院|处|所|站|馆|队|会|政府|办事处|街道|委|署|社|校|园)"
)
YEAR_KIND = re.compile(
    r"(?P<year>(?:19|20)\d{2})\s*年\s*度?\s*(?P<scope>部门|单位)?\s*(?:（单位）|\(单位\))?"
    r"\s*(?:综合)?\s*(?P<kind>预算|决算)"
)
SCOPE_KIND = re.compile(r"(?<![（(])(?P<scope>部门|单位)(?P<kind>预算|决算)")
COVER_TITLE = re.compile(
    rf"^(?P<unit>\S.{{1,40}}?{UNIT_SUFFIX})\s*(?:(?:19|20)\d{{2}}\s*年\s*度?)?\s*"
    r"(?:部门|单位)?\s*(?:综合)?\s*(?:预算|决算)(?:公开)?(?:表|报告|说明)?$"
)
STANDALONE_UNIT = re.compile(rf"^(?P<unit>[\u4e00-\u9fff（）()]{{4,40}}{UNIT_SUFFIX})$")
PART_ONE_UNIT = re.compile(rf"^第一部分\s*(?P<unit>\S{{2,40}}?{UNIT_SUFFIX})\s*(?:概况|基本情况)")
INCLUDED_UNIT = re.compile(
    rf"(?:纳入|根据上述职责[，,])(?P<unit>[\u4e00-\u9fff（）()]{{4,40}}?{UNIT_SUFFIX})"
    r"(?:部门|单位|本级)?(?:内设|(?:19|20)\d{2}\s*年)"
)
REGION = re.compile(r"^(?:中共)?(?P<region>[\u4e00-\u9fff]{2,8}?(?:自治区|自治州|省|市|州|盟|县|区|旗))")
GENERIC = re.compile(r"^(?:本|该|我|各)")
COVER_LINES = 25


def segments_to_metadata(segments: list[Segment]) -> Metadata:
    texts = [s.text for s in segments if s.kind in ("heading", "paragraph")]
    cover = [t for s in segments[:COVER_LINES] if s.kind in ("heading", "paragraph") for t in s.text.split("\n")]
    meta = Metadata()
    meta.unit = _unit(cover, texts)
    meta.year, meta.kind = _year_and_kind(cover, texts)
    meta.scope = _scope(segments)
    meta.region = _region(meta.unit)
    meta.title = _title(meta)
    return meta


def _unit(cover: list[str], texts: list[str]) -> str | None:
    for text in cover:
        match = COVER_TITLE.match(text.replace(" ", ""))
        if match and not GENERIC.match(match.group("unit")):
            return match.group("unit")
    for index, text in enumerate(cover):
        compact = text.replace(" ", "")
        match = STANDALONE_UNIT.match(compact)
        nearby = "".join(cover[max(0, index - 2) : index + 3])
        if match and re.search(r"预算|决算", nearby) and not compact.startswith("第"):
            return match.group("unit")
    for text in texts:
        match = PART_ONE_UNIT.match(text.replace(" ", ""))
        if match and match.group("unit") not in ("部门", "单位"):
            return match.group("unit")
    counts = Counter(
        m.group("unit") for t in texts for m in INCLUDED_UNIT.finditer(t.replace(" ", ""))
    )
    return counts.most_common(1)[0][0] if counts else None


def _year_and_kind(cover: list[str], texts: list[str]) -> tuple[int | None, str | None]:
    for text in cover:
        match = YEAR_KIND.search(text.replace(" ", ""))
        if match:
            return int(match.group("year")), match.group("kind")
    # A cover that splits "2023 年度 / unit / 部门决算" over lines.
    joined = "".join(cover).replace(" ", "")
    match = YEAR_KIND.search(joined) or re.search(
        r"(?P<year>(?:19|20)\d{2})年度?[\u4e00-\u9fff（）]{2,40}?(?:部门|单位)(?P<kind>预算|决算)",
        joined,
    )
    if match:
        return int(match.group("year")), match.group("kind")
    votes: Counter[tuple[int, str]] = Counter()
    for text in texts:
        for m in YEAR_KIND.finditer(text.replace(" ", "")):
            votes[(int(m.group("year")), m.group("kind"))] += 1
    if votes:
        (year, kind), _ = votes.most_common(1)[0]
        return year, kind
    return None, None


def _scope(segments: list[Segment]) -> str | None:
    candidates = [s.text for s in segments if s.kind == "heading"]
    candidates += [s.text for s in segments[:COVER_LINES] if s.kind == "paragraph"]
    for text in candidates:
        match = SCOPE_KIND.search(text.replace(" ", ""))
        if match:
            return match.group("scope")
    return None


def _region(unit: str | None) -> str | None:
    if not unit:
        return None
    match = REGION.match(unit)
    return match.group("region") if match else None


def _title(meta: Metadata) -> str | None:
    if not meta.unit:
        return None
    year = f"{meta.year}年" if meta.year else ""
    return f"{meta.unit}{year}{meta.scope or ''}{meta.kind or ''}"
