"""Who published a disclosure, for which year, and whether it is a 预算 or a 决算.

Read from the content only: crawled file names are often wrong. The unit is the
publishing unit named on the cover or in the title, never its 主管部门.
"""

from __future__ import annotations

import re
from collections import Counter

from ..model import Metadata, Segment

UNIT_SUFFIX = (
    r"(?:办公室|办公厅|中心|委员会|局|厅|部|院|处|所|站|馆|队|会|政府|办事处|街道|委|署|社|校|园"
    r"|大学|学院|中学|小学|学校|幼儿园)"
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
REGION = re.compile(
    r"^(?:中共|中国共产党)?(?P<region>[\u4e00-\u9fff]{2,8}?(?:自治区|自治州|省|市|州|盟|县|区|旗))"
)
# The 情况说明's first sentence: 江苏省政协办公厅 2019 年度收入、支出预算总计 13,377.11 万元.
INTRO_UNIT = re.compile(
    rf"^(?P<unit>[\u4e00-\u9fff（）()]{{4,40}}?{UNIT_SUFFIX})(?:（本级）|\(本级\))?\s*(?:19|20)\d{{2}}\s*年度?"
    r"(?:部门|单位)?(?:收入|收支|支出)"
)
TITLE_YEAR = re.compile(r"(?:19|20)\d{2}(?=\s*年)")
PLACEHOLDER = re.compile(r"[XxＸｘ]{2,}")
MAX_WINDOW = 3  # cover lines a title may be broken over
# A publication date a cover prints after its title (2024 年 8 月, 二〇二五年七月).
DATE = re.compile(
    r"(?:(?:19|20)\d{2}|[〇零○一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月(?:\s*[\d一二三四五六七八九十]{1,3}\s*日)?\s*$"
)
GENERIC = re.compile(r"^(?:本|该|我|各)")
COVER_LINES = 25


def segments_to_metadata(segments: list[Segment]) -> Metadata:
    texts = [s.text for s in segments if s.kind in ("heading", "paragraph")]
    cover = [DATE.sub("", t) for s in _cover_segments(segments) for t in s.text.split("\n")]
    tables = [s.table for s in segments if s.table is not None]
    notes = [n for t in tables for n in t.notes]
    titles = [t.title for t in tables if t.title]
    meta = Metadata()
    meta.unit = _unit(cover, texts, notes)
    meta.year, meta.kind = _year_and_kind(cover, texts)
    if meta.year is None or meta.kind is None:
        year, kind = _year_and_kind_of_tables(titles + notes)
        meta.year, meta.kind = meta.year or year, meta.kind or kind
    meta.scope = _scope(segments) or _scope_of_tables(notes)
    meta.region = _region(meta.unit)
    meta.title = _title(meta)
    return meta


NAME = re.compile(r"^[\u4e00-\u9fff（）()]+$")
LISTED = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．])"
)


def _usable(unit: str | None) -> bool:
    return (
        bool(unit)
        and bool(NAME.match(unit))
        and not GENERIC.match(unit)
        and not PLACEHOLDER.search(unit)
    )


def _cover_title(cover: list[str]) -> str | None:
    """The unit of a cover title such as 江苏省人民检察院 2019 年度部门预算, also when it is
    broken over two or three lines (2018 年度江苏省高级 / 人民法院预算公开); the longest."""
    found: list[tuple[int, int, str]] = []
    for size in range(1, MAX_WINDOW + 1):
        for index in range(len(cover) - size + 1):
            window = cover[index : index + size]
            if size > 1 and any(
                LISTED.match(line.strip()) or len(line.strip()) > 30 for line in window
            ):
                continue  # contents entries and sentences are not a title broken over lines
            match = COVER_TITLE.match("".join(window).replace(" ", ""))
            if match and _usable(match.group("unit")):
                found.append((-len(match.group("unit")), index, match.group("unit")))
    return min(found)[2] if found else None


def _standalone(cover: list[str]) -> str | None:
    """A unit's name on a line of its own near 预算/决算, or broken over two lines
    (上海市普陀区规划和自然 / 资源局)."""
    for size in (1, 2):
        for index in range(len(cover) - size + 1):
            compact = "".join(cover[index : index + size]).replace(" ", "")
            match = STANDALONE_UNIT.match(compact)
            nearby = "".join(cover[max(0, index - 2) : index + size + 2])
            if (
                match
                and re.search(r"预算|决算", nearby)
                and not compact.startswith("第")
                and _usable(match.group("unit"))
            ):
                return match.group("unit")
    return None


def _most_common(pattern: re.Pattern[str], texts: list[str], search: bool = True) -> str | None:
    counts = Counter(
        m.group("unit")
        for t in texts
        for m in (
            [pattern.search(t.replace(" ", ""))] if search else pattern.finditer(t.replace(" ", ""))
        )
        if m and _usable(m.group("unit"))
    )
    return counts.most_common(1)[0][0] if counts else None


def _unit(cover: list[str], texts: list[str], notes: list[str]) -> str | None:
    unit = _cover_title(cover) or _standalone(cover)
    if unit:
        return unit
    for text in cover:
        match = COVER_LABEL.search(text.replace(" ", ""))
        if match and _usable(match.group("unit")):
            return match.group("unit")
    for text in texts:
        match = PART_ONE_UNIT.match(text.replace(" ", ""))
        if match and match.group("unit") not in ("部门", "单位") and _usable(match.group("unit")):
            return match.group("unit")
    # Then what the body says: 纳入…编制范围的单位, the 情况说明's first sentence, and
    # last the unit each table names in its caption (编制单位：上海市财政局).
    return (
        _most_common(INCLUDED_UNIT, texts, search=False)
        or _most_common(INTRO_UNIT, texts)
        or _most_common(COVER_LABEL, notes)
    )


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
    # 第一部分 部门概况 / 单位概况 in the 目录 or as a heading.
    for text in candidates:
        match = re.search(r"(部门|单位)(?:概况|基本情况|主要职责)", text.replace(" ", ""))
        if match:
            return match.group(1)
    return None


def _year_and_kind_of_tables(titles: list[str]) -> tuple[int | None, str | None]:
    """A file of tables alone: the year its titles print (2019年政府采购预算表), the kind
    most of them name (收支预算总表 … 预算)."""
    years = Counter(int(y) for t in titles for y in TITLE_YEAR.findall(t.replace(" ", "")))
    kinds = Counter(
        k
        for t in titles
        for k in re.findall(r"预算|决算", t)
        if not re.search(r"预算.{0,4}决算|决算.{0,4}预算", t)
    )
    year = years.most_common(1)[0][0] if len(years) == 1 else None
    kind = (
        kinds.most_common(1)[0][0]
        if kinds
        and (len(kinds) == 1 or kinds.most_common(2)[1][1] * 3 < kinds.most_common(1)[0][1])
        else None
    )
    return year, kind


def _scope_of_tables(notes: list[str]) -> str | None:
    """部门：… in the tables' captions."""
    labelled = [n for n in notes if re.match(r"^\s*(?:编制)?部\s*门\s*[：:]", n)]
    return "部门" if labelled else None


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
