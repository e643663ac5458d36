"""Amounts that the narrative (情况说明) paragraphs of a disclosure state in their fixed phrasings.

Disclosures restate their tables in prose: 2022年“三公”经费预算数为51.28万元; 年初预算为 9.55 万元，
支出决算为 11.33 万元; 公用经费14.82万元，主要包括：办公费1.15万元、…. Each printed number with a
money unit is found first; then the words to its left, back to the last punctuation mark, are read
from right to left: a linking verb (为/是/各), a change verb (增加/减少) with its comparison (比上年…),
a measure word (预算数/决算/年初预算/合计), a year, and what remains is the item. When nothing remains
(…（项）。年初预算为 1.35 万元) the item is the subject of the clause before. Every amount returned is a
number printed in the paragraph; nothing is added up, guessed or carried from elsewhere.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

from ..vocabulary import CHANGE, CHANGE_FROM_BUDGET, SPELLED, own_measure
from .model import UNIT_CONVERTED, UNIT_KEPT_AS_WAN, UNITLESS


@dataclass
class NarrativeAmount:
    item: str  # the subject as printed, without quotes, spaces or 类/款/项 markers
    # 预算数 | 决算数 | 年初预算 | 合计 | 比上年增减 | 比年初预算增减 | 项目金额 | 资产价值, or None
    measure: str | None
    amount: float  # in 万元; signed for the change measures (减少 is negative)
    unit_printed: str  # 万元, 万, 元, 亿元, 千元, or "" when no unit is printed
    phrase: str  # the exact matched text from the paragraph
    start: int  # offset of phrase in the paragraph text
    year: int | None  # the year the phrase (or the subject it continues) states
    note: str | None = None
    flag: str | None = None  # how the amount was read (kb.facts.model flags), when it is not plain
    # 类/款/项 names down to the deepest level named; a level the sentence skips is "".
    classification: tuple[str, ...] = ()


# Full-width digits and point map one character to one, so offsets in the copy match the text.
_FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")
_QUOTES_AND_SPACE = re.compile(r"[\s“”\"'‘’「」『』、]")

# --- the pieces a phrase is built from -------------------------------------------------------

# 1,346.7 | 1346.7 | 2180. 66 (split by extraction) | 14。41 (a misprinted point) | 0
NUMBER = r"\d{1,3}(?:[,，]\d{3})+(?:\. ?\d+)?|\d+(?:\. ?\d+|。\d+)?"
# A bare 万 counts only where it ends the figure (170万，), not in 338万每年.
UNIT = r"万元|亿元|千元|元|万(?=[，。；、,;）)（(\s]|$)"
# Number and unit on one line: a unit on a later line than its number is a table cell.
_AMOUNT = re.compile(rf"(?<![\d.])(?P<number>{NUMBER})[ \t\u3000]*(?P<unit>{UNIT})")
# 2022年预算数为2.7，比上年… prints no unit; only a measure word plus 为 makes it an amount.
_UNITLESS = re.compile(
    rf"(?:预算数|决算数|年初预算|决算|预算)\s*为\s*(?P<number>{NUMBER})(?=\s*[，。；,;]|\s*$)"
)
_UNIT_FACTOR = {"万元": 1.0, "万": 1.0, "亿元": 10000.0, "千元": 0.1}

# Limits and thresholds, not amounts: <=30万元, 不高于3万元, 单位价值200万元（含）以上.
_BOUND_BEFORE = re.compile(
    r"(?:<=|>=|[<>≤≥=≦≧]|不高于|不超过|不低于|不少于|低于|高于|超过|控制在)\s*$"
)
_BOUND_AFTER = re.compile(r"\s*(?:[（(]含[）)])?\s*(?:以上|以下|以内)")
_BOUND_REACH = 16  # characters before a figure that can hold its bound word (不超过, <=)

# Clause breaks. A comma between digits groups thousands, 。 between digits is a misprinted
# point, 收、支 is one subject, and a full stop after a list number (1.) is not a break.
_DELIMITER = re.compile(
    r"(?<!\d)[，,]|[，,](?!\d{3}(?!\d))|(?<!\d)。|。(?!\d)|[；;：:\n\t|!?！？]|(?<!收)、|(?<!\d)\.(?!\d)"
)

# Words before the item: list numbers (1. （二） 3、), connectives (其中, 主要原因是), 与…相比.
_LEAD = re.compile(
    r"\s+|其中|主要包括|包括|主要用于以下方面|主要用于|另外|此外|以及|主要原因[是为]?|原因是|主要是"
    r"|本年度|本单位|本部门|我单位|我部门|共?涉及(?:资金?)?|与[^，。]*?相比"
    r"|[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|\d{1,2}\s*[.．、](?!\d)"
    r"|\d{1,2}(?=[\u4e00-\u9fff])(?![年月日个项人辆台套万元])"
)
# The reporting body before its figures: 昌吉州人民政府电子政务办公室政府采购预算113.36万元.
_BODY = re.compile(
    r"[^，。、\d]{0,20}?(?:省|市|州|县|区|中共)[^，。、\d]{0,20}?(?:办公室|中心|管理局|局|委员会)(?=..)"
)
# Verbs between item and number: 为, 是, 各, 均为, 共计.
_GLUE_END = re.compile(r"(?:(?:均|各|分别)?[为是]|各|均|共计|共|(?<![合总])计|达)\s*$")
_CHANGE_END = re.compile(r"(增加|减少|增长|下降|降低|压减|缩减|节约|节支|超支|增|减)了?\s*$")
_DECREASE = {"减少", "下降", "降低", "压减", "缩减", "节约", "节支", "减"}
_COMPARISON = re.compile(r"(?:比|较)(?!例|重)[^比较]*$")
_YEAR = re.compile(r"(\d{4})\s*年度?(?!\s*\d{1,2}\s*月|底|末|初)")
_YEAR_ONLY = re.compile(r"\s*(\d{4})\s*年度?\s*")

# (words ending the item, measure they state, whether they stay part of the item name).
# 一般公共预算 / 政府性基金预算 / 国有资本经营预算 name a fund, not a measure.
_MEASURE_SUFFIXES: tuple[tuple[re.Pattern[str], str | None, bool], ...] = (
    (re.compile(r"年初预算数?$"), "年初预算", False),
    (re.compile(r"(?:支出)?决算数?$"), "决算数", False),
    (re.compile(r"总预算$"), "预算数", True),
    (
        re.compile(r"(?<!公共)(?<!基金)(?<!经营)预算(?:总额|金额|数|安排规模|安排)?$"),
        "预算数",
        False,
    ),
    (re.compile(r"总计$"), "合计", True),
    (re.compile(r"(?:金额)?合计$|总额$"), "合计", False),
    (re.compile(r"价值$"), "资产价值", False),
    (re.compile(r"(?<![预决])数$"), None, False),  # “三公”经费数为 — 数 is "the figure of"
)
_LABEL_AMOUNT = re.compile(r"金额$")  # 金额：8.7万元 or 金额40万元 under a project name
_GENERIC = {"收入", "支出", "收支"}  # too bare to stand without their measure word: 支出预算
_LEVELS = ("类", "款", "项")
_LEVEL_MARK = re.compile(r"[（(]([类款项])[）)]")
_FEE_SUFFIX = re.compile(r"((?<!缴)费)(?:财政拨款)?(?:支出)?$")  # 机关运行经费支出 → 机关运行经费
_PURCHASE_SUFFIX = re.compile(r"^(政府采购.*?)支出$")  # 政府采购货物支出 → 政府采购货物
_COUNT_END = re.compile(r"\d+(?:\.\d+)?\s*(?:辆|台（套）|台|套|平方米|人次|人|个|项)$")
_STOP = re.compile(r"^(?:投入|占|完成|增长|下降|目标|超过|不|约|仅|每年|连续|合同期限)")


class _Subject(NamedTuple):
    item: str
    classification: tuple[str, ...]
    year: int | None


class _Reading(NamedTuple):
    subject: _Subject | None  # None: the clause names no item, continue the one before
    measure: str | None
    change: int  # 0, or +1 / -1 for 增加 / 减少
    year: int | None
    offset: int  # where the phrase starts in the left context


class _Token(NamedTuple):
    start: int
    end: int
    number: str
    unit: str
    bound: bool  # a limit or threshold, not an amount


class _Clauses:
    """The paragraph cut at punctuation, to find the clause around a position."""

    def __init__(self, text: str):
        self.text = text
        cuts = [m.span() for m in _DELIMITER.finditer(text)]
        self.starts = [0] + [end for _, end in cuts]
        self.ends = [start for start, _ in cuts] + [len(text)]

    def index(self, position: int) -> int:
        return bisect_right(self.starts, position) - 1

    def text_of(self, index: int) -> str:
        return self.text[self.starts[index] : self.ends[index]]

    def delimiter_before(self, index: int) -> str:
        return self.text[self.ends[index - 1] : self.starts[index]] if index > 0 else ""


def parse_number(printed: str) -> float:
    """'1,346.7', '1，346.7', '14。41', '１３４６．７', '11.33 ' → float."""
    text = re.sub(r"\s+", "", printed.translate(_FULLWIDTH))
    return float(text.replace(",", "").replace("，", "").replace("。", "."))


def paragraph_to_amounts(text: str, kind: str | None = None) -> list[NarrativeAmount]:
    """kind is the document's 预算 or 决算; it decides the default measure (预算数 or 决算数) when a phrase gives none."""
    norm = text.translate(_FULLWIDTH)
    clauses = _Clauses(norm)
    tokens = _find_tokens(norm)
    units = _Units(norm, tokens)
    default = own_measure(kind)
    subjects: dict[int, _Subject] = {}  # clause index → subject of its latest amount
    token_end: dict[int, int] = {}  # clause index → end of its latest number
    found: list[NarrativeAmount] = []
    for token in tokens:
        index = clauses.index(token.start)
        start = max(clauses.starts[index], token_end.get(index, 0))
        token_end[index] = token.end
        if token.bound:
            continue
        left, back = norm[start : token.start], index
        # 金额：8.7万元 — the words naming the figure sit before the colon.
        if not left.strip() and index > 0 and index - 1 not in token_end:
            if clauses.delimiter_before(index) in ("：", ":"):
                back = index - 1
                start = clauses.starts[back]
                left = norm[start : token.start]
        reading = _read_left(left)
        if reading is None:
            continue
        subject = reading.subject or subjects.get(index) or _subject_before(clauses, back, subjects)
        if subject is None:
            continue
        year = reading.year or subject.year
        if year is None and back > 0 and (only := _YEAR_ONLY.fullmatch(clauses.text_of(back - 1))):
            year = int(only.group(1))  # 2021年度，机关运行经费支出604.51万元
        subject = subject._replace(year=year)
        subjects[index] = subject
        amount, note, flag = _amount_in_wan(token, units)
        measure = reading.measure or (None if reading.change else default)
        phrase_start = start + reading.offset
        found.append(
            NarrativeAmount(
                item=subject.item,
                measure=measure,
                amount=-amount if reading.change < 0 else amount,
                unit_printed=token.unit,
                phrase=text[phrase_start : token.end],
                start=phrase_start,
                year=year,
                note=note,
                flag=flag,
                classification=subject.classification,
            )
        )
    return found


def _find_tokens(norm: str) -> list[_Token]:
    tokens = [
        _Token(m.start(), m.end(), m.group("number"), m.group("unit"), _is_bound(norm, m))
        for m in _AMOUNT.finditer(norm)
    ]
    if any(t.unit in ("万元", "万") for t in tokens):  # a unitless figure is read as its neighbours
        taken = {t.start for t in tokens}
        for m in _UNITLESS.finditer(norm):
            if m.start("number") not in taken:
                tokens.append(
                    _Token(m.start("number"), m.end("number"), m.group("number"), "", False)
                )
    return sorted(tokens)


def _is_bound(norm: str, match: re.Match[str]) -> bool:
    """A limit, not an amount; looks only near the figure, so a long paragraph reads in
    linear time."""
    before = _BOUND_BEFORE.search(norm, max(0, match.start() - _BOUND_REACH), match.start())
    return bool(before or _BOUND_AFTER.match(norm, match.end()))


def _skip_lead(text: str, position: int = 0) -> int:
    while (m := _LEAD.match(text, position)) and m.end() > position:
        position = m.end()
    return position


def _read_left(left: str) -> _Reading | None:
    """The item, measure and change stated by the words left of a number (None: not an amount)."""
    label = left.rstrip().endswith(("：", ":"))
    offset = _skip_lead(left)
    if body := _BODY.match(left, offset):
        offset = _skip_lead(left, body.end())
    words = _GLUE_END.sub("", left[offset:].rstrip(" \t\u3000：:"))
    change, measure, kept = 0, None, ""
    if verb := _CHANGE_END.search(words):
        change = -1 if verb.group(1) in _DECREASE else 1
        words = _GLUE_END.sub("", words[: verb.start()])
        comparison = _COMPARISON.search(words)
        measure = CHANGE_FROM_BUDGET if comparison and "年初预算" in comparison.group() else CHANGE
        words = _GLUE_END.sub("", words[: comparison.start()] if comparison else words)
        words = _strip_measure(words, label)[0]  # 年预算减少: 预算 names no item
    else:
        words, measure, kept = _strip_measure(words, label)
    year = None
    if years := list(_YEAR.finditer(words)):
        year = int(years[-1].group(1))
        words = words[years[-1].end() :]
    words = words[_skip_lead(words) :]
    if _STOP.match(words):
        return None
    item, classification = _clean_item(words + (kept if words.strip() in _GENERIC else ""))
    subject = _Subject(item, classification, year) if len(item) >= 2 else None
    return _Reading(subject, measure, change, year, offset)


def _strip_measure(words: str, label: bool) -> tuple[str, str | None, str]:
    """Split a trailing measure word off the item: (item words, measure, the words removed)."""
    words = words.rstrip()
    measure: str | None = None
    removed = ""
    for pattern, stated, keep in _MEASURE_SUFFIXES:
        if m := pattern.search(words):
            measure = measure or stated
            if keep:
                break
            removed = m.group() + removed
            words = words[: m.start()].rstrip()
    # 金额 names a project's figure only as a label: 防火墙 金额：8.7万元, or alone after one.
    if (m := _LABEL_AMOUNT.search(words)) and (label or not words[: m.start()].strip()):
        measure = measure or "项目金额"
        removed = m.group() + removed
        words = words[: m.start()]
    return words, measure, removed


def _clean_item(words: str) -> tuple[str, tuple[str, ...]]:
    """Item name without decoration, and the 类/款/项 names when the words carry them."""
    text = _QUOTES_AND_SPACE.sub("", words)
    parts = _LEVEL_MARK.split(text)
    classification: tuple[str, ...] = ()
    if len(parts) > 1:
        # A name of one character is a fragment of a name broken across lines: 事\n务（款）.
        named = {
            level: name
            for name, level in zip(parts[0:-1:2], parts[1::2], strict=True)
            if len(name) >= 2
        }
        deepest = max((_LEVELS.index(level) for level in named), default=-1)
        classification = tuple(named.get(level, "") for level in _LEVELS[: deepest + 1])
        text = (named[_LEVELS[deepest]] if deepest >= 0 else "") + parts[-1]
    else:  # a 类/款/项 name is printed as the subject code list has it; elsewhere 支出 is the verb
        text = _PURCHASE_SUFFIX.sub(r"\1", _FEE_SUFFIX.sub(r"\1", text))
    if (m := SPELLED.search(text)) and m.end() == len(text):
        text = m.group()  # 一般公共预算“三公”经费 → 三公经费
    return text, classification


def _subject_before(
    clauses: _Clauses, index: int, subjects: dict[int, _Subject]
) -> _Subject | None:
    """The subject a clause without its own item continues: the last amount's, or a heading's."""
    for k in range(index - 1, max(index - 5, -1), -1):
        if k in subjects:
            return subjects[k]
        text = clauses.text_of(k).strip()
        if not text or "%" in text or "％" in text:  # 占 9%, 增长 5%: skip over ratios
            continue
        return _heading_subject(text)
    return None


def _heading_subject(text: str) -> _Subject | None:
    """A clause that only names something (7. 住房保障（类）…住房公积金（项）) as a subject."""
    # 2.车辆1辆，价值28.96万元; 二级项目共17项，金额合计…
    words = _GLUE_END.sub("", _COUNT_END.sub("", text[_skip_lead(text) :]))
    if re.search(r"[\d为是]", words) or _STOP.match(words):
        return None
    item, classification = _clean_item(words)
    return _Subject(item, classification, None) if 2 <= len(item) <= 40 else None


class _Units:
    """The units the paragraph's figures are printed in, per sentence and in all."""

    def __init__(self, norm: str, tokens: list[_Token]):
        self.stops = [m.start() for m in re.finditer("。", norm)]
        self.by_sentence: dict[int, Counter[str]] = {}
        self.all: Counter[str] = Counter()
        for token in tokens:
            if not token.bound and token.unit:
                self.by_sentence.setdefault(self.sentence(token), Counter())[token.unit] += 1
                self.all[token.unit] += 1

    def sentence(self, token: _Token) -> int:
        return bisect_right(self.stops, token.start)

    def others(self, token: _Token) -> Counter[str]:
        """Units of the other figures in the token's sentence, or in the paragraph."""
        mine = Counter({token.unit: 1}) if not token.bound and token.unit else Counter()
        near = self.by_sentence.get(self.sentence(token), Counter()) - mine
        return near or (self.all - mine)


def _amount_in_wan(token: _Token, units: _Units) -> tuple[float, str | None, str | None]:
    """(amount in 万元, note, flag)."""
    value = parse_number(token.number)
    if token.unit == "":
        return value, "no unit printed; read as 万元 like the paragraph's other figures", UNITLESS
    if token.unit != "元":
        return round(value * _UNIT_FACTOR[token.unit], 8), None, None
    # 支出决算为 11.33 元 among 万元 figures is a misprint of 万元: keep the printed number.
    near = units.others(token)
    if near and set(near) <= {"万元", "万"}:
        note = "unit printed as 元 among 万元 figures, looks like a misprint; amount kept as 万元"
        return value, note, UNIT_KEPT_AS_WAN
    return round(value / 10000, 8), "unit printed as 元; converted to 万元", UNIT_CONVERTED
