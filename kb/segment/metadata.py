"""Who published a disclosure, for which year, and whether it is a 预算 or a 决算.

Read from the content only: crawled file names are often wrong. The unit is the
publishing unit named on the cover or in the title, never its 主管部门.
"""

from __future__ import annotations

import re
from collections import Counter

from ..model import Metadata, Segment

UNIT_SUFFIX = (
    r"(?:办公室|办公厅|中心|委员会|局|厅|部|院|处|所|站|馆|队|会|政府|办事处|街道|委|署|社|校|园)"
)
YEAR_KIND = re.compile(
    r"(?P<year>(?:19|20)\d{2})\s*年\s*度?\s*(?:[省市区县]级|本级)?\s*(?P<scope>部门|单位)?"
    r"\s*(?:（单位）|\(单位\))?\s*(?:综合)?\s*(?P<kind>预算|决算)"
)
SCOPE_KIND = re.compile(r"(?<![（(])(?P<scope>部门|单位)(?P<kind>预算|决算)")
COVER_TITLE = re.compile(
    rf"^(?:(?:19|20)\d{{2}}年度?)?(?P<unit>(?!第[一二三四五六七八九十]+部分)\S.{{1,40}}?{UNIT_SUFFIX})\s*(?:(?:19|20)\d{{2}}\s*年\s*度?)?\s*"
    r"(?:部门|单位)?\s*(?:综合)?\s*(?:预算|决算)(?:公开)?(?:表|报告|说明)?$"
)
STANDALONE_UNIT = re.compile(
    rf"^(?P<unit>[\u4e00-\u9fff（）()]{{4,40}}{UNIT_SUFFIX})(?:[（(](?:汇总|本级|部门汇总)[）)])?$"
)
# A cover that labels its unit: 部 门:中共江苏省委办公厅, 预算单位：上海市财政局.
COVER_LABEL = re.compile(
    r"(?:预算主管部门|预算单位|部门名称|单位名称|编制部门|编制单位|部门|单位)\s*[:：]\s*"
    rf"(?P<unit>[\u4e00-\u9fff（）()]{{2,40}}{UNIT_SUFFIX})(?=$|[^\u4e00-\u9fff（）()])"
)
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
    cover = [t for s in _cover_segments(segments) for t in s.text.split("\n")]
    meta = Metadata()
    notes = [n for s in segments if s.table is not None for n in s.table.notes]
    meta.unit = _unit(cover, texts, notes)
    meta.year, meta.kind = _year_and_kind(cover, texts)
    meta.scope = _scope(segments)
    meta.region = _region(meta.unit)
    meta.title = _title(meta)
    return meta


def _unit(cover: list[str], texts: list[str], notes: list[str]) -> str | None:
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
    # A unit's name broken over two cover lines (上海市普陀区规划和自然 / 资源局).
    for index in range(len(cover) - 1):
        compact = (cover[index] + cover[index + 1]).replace(" ", "")
        match = STANDALONE_UNIT.match(compact)
        nearby = "".join(cover[index : index + 4])
        if match and re.search(r"预算|决算", nearby) and not compact.startswith("第"):
            return match.group("unit")
    for text in cover:
        match = COVER_LABEL.search(text.replace(" ", ""))
        if match:
            return match.group("unit")
    for text in texts:
        match = PART_ONE_UNIT.match(text.replace(" ", ""))
        if match and match.group("unit") not in ("部门", "单位"):
            return match.group("unit")
    counts = Counter(
        m.group("unit") for t in texts for m in INCLUDED_UNIT.finditer(t.replace(" ", ""))
    )
    if counts:
        return counts.most_common(1)[0][0]
    # Last, the unit each table names in its caption (编制单位：上海市财政局).
    issuers = Counter(
        m.group("unit")
        for note in notes
        for m in [COVER_LABEL.search(note.replace(" ", ""))]
        if m
    )
    return issuers.most_common(1)[0][0] if issuers else None


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


def _cover_segments(segments: list[Segment]) -> list[Segment]:
    """A PDF's cover is its first page with text; a text file's, its first segments."""
    prose = [s for s in segments[:COVER_LINES] if s.kind in ("heading", "paragraph")]
    first_page = next((s.page for s in prose if s.page is not None), None)
    if first_page is None:
        return prose
    return [s for s in prose if s.page == first_page]


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
