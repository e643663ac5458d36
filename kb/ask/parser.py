"""From a question to an interpretation: what item (or subject code), which units and
years, which measure, how grouped or ranked, and which question type answers it.

The question is folded (NFKC, lower case, no quotes); years, top-N and subject codes
are read with patterns; the rest is covered, longest reading first, by the
vocabulary's surfaces (keywords, aliases, unit names and parts, regions, item names).
What no reading covers is reported as not recognised. Nothing here touches SQL: the
question types (``kb.ask.questions``) say which of them answers an interpretation.
"""

from __future__ import annotations

import datetime
import itertools
import re
import unicodedata

from ..vocabulary import (
    LEVEL_NAMES,
    SHARE_WHOLES,
    THREE_PUBLIC_ITEMS,
    THREE_PUBLIC_PARTS,
    TOTALS,
)
from . import aliases
from .conversation import follow, says_follow_up, stands_alone
from .describe import describe
from .interpretation import MAX_QUESTION, UNIT_LIKE, Interpretation, Item, missing_places
from .questions import choose
from .questions.share import part_and_whole
from .typos import one_edit_away
from .vocab import Vocabulary, question_form, question_key

SEPARATOR = "|"

YEAR_RANGE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*年?\s*(?:-|–|—|~|～|至|到|to)\s*((?:19|20)\d{2})(?!\d)\s*(?:年度|年)?"
)
YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)\s*(?:年度|年)?")
# 99999年, 202年: a year no disclosure can have, said so rather than dropped
IMPOSSIBLE_YEAR = re.compile(r"(?<![\d.])(\d{1,3}|\d{5,})\s*(?:年度|年)")
CHINESE_YEAR = re.compile(r"([〇零○一二三四五六七八九]{4})\s*(?:年度|年)")
TOP_N = re.compile(
    r"(?:前|top\s*|最(?:多|高|大)的\s*)(\d{1,3}|[一二三四五六七八九十两]{1,3})\s*(?:名|位|个|家)?"
)
BOTTOM_N = re.compile(
    r"(?:后|bottom\s*|最(?:少|低|小)的\s*)(\d{1,3}|[一二三四五六七八九十两]{1,3})\s*(?:名|位|个|家)"
)
# A subject code stands alone: 100万元, 99999年 or 300人 are not codes.
CODE = re.compile(
    r"(?<![\d.])(\d{3}|\d{5}|\d{7})(?![\d.])(?!\s*(?:年|月|日|万|元|亿|千|%|％|个|人|次|名))"
)
NUMBER = re.compile(r"\d+(?:\.\d+)?")
CJK = re.compile(r"[\u4e00-\u9fff]")

# --- reading ---------------------------------------------------------------------------


def clean(question: str | None) -> str:
    """The question without control characters, whitespace runs collapsed."""
    if not question:
        return ""
    kept = "".join(
        " " if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in str(question)
    )
    return re.sub(r"\s+", " ", kept).strip()


def chinese_number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    digits = aliases.CHINESE_DIGITS
    if any(c not in digits for c in text):
        return None
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (digits[tens] if tens else 1) * 10 + (digits[ones] if ones else 0)
    value = 0
    for c in text:
        value = value * 10 + digits[c]
    return value


def _blank(text: str, match: re.Match) -> str:
    return text[: match.start()] + f" {SEPARATOR} " + text[match.end() :]


def parse(question: str | None, vocab: Vocabulary, frame: dict | None = None) -> Interpretation:
    """The interpretation of a question; with ``frame`` (the turn before, kb.ask.conversation)
    a follow-up keeps what it does not change."""
    raw = "" if question is None else str(question)
    text = clean(raw[: MAX_QUESTION * 4])
    if len(text) > MAX_QUESTION or len(raw) > MAX_QUESTION * 4:
        interp = Interpretation(question=text[:MAX_QUESTION] + "…", problem="too_long")
        interp.description = describe(interp)
        return interp
    interp = Interpretation(question=text)
    if not text:
        interp.problem = "empty"
        interp.description = describe(interp)
        return interp
    work = question_form(text)
    work = _read_patterns(work, interp)
    _read_words(work, interp, vocab)
    if frame and (
        frame.get("asks_item") or says_follow_up(interp.question) or not stands_alone(interp)
    ):
        follow(interp, frame, set(vocab.units))
    elif interp.relative_year and interp.years:
        interp.years = sorted({y + interp.relative_year for y in interp.years})
    elif interp.relative_year:  # 去年各单位三公经费: counted from today
        year = datetime.date.today().year + interp.relative_year
        interp.years = [year]
        interp.notes.append(f"“去年/明年”按今天的日期理解为 {year} 年。")
    _settle(interp, vocab)
    interp.template = choose(interp, vocab)
    interp.description = describe(interp)
    return interp


def _note(interp: Interpretation, text: str, role: str, value: object = None) -> None:
    interp.recognised.append({"text": text.strip(), "as": role, "value": value})


def _read_patterns(work: str, interp: Interpretation) -> str:
    years: list[int] = []
    while match := YEAR_RANGE.search(work):
        first, last = sorted((int(match.group(1)), int(match.group(2))))
        span = list(range(first, min(last, first + 30) + 1))
        years.extend(span)
        _note(interp, match.group(0), "years", span)
        work = _blank(work, match)
    while match := YEAR.search(work):
        years.append(int(match.group(1)))
        _note(interp, match.group(0), "year", int(match.group(1)))
        work = _blank(work, match)
    while match := CHINESE_YEAR.search(work):
        value = int(
            "".join(
                str(aliases.CHINESE_DIGITS.get(c, 0)) for c in match.group(1).replace("○", "〇")
            )
        )
        if 1900 <= value <= 2099:
            years.append(value)
            _note(interp, match.group(0), "year", value)
        work = _blank(work, match)
    while match := IMPOSSIBLE_YEAR.search(work):
        interp.bad_years.append(match.group(1))
        _note(interp, match.group(0), "year", match.group(1))
        work = _blank(work, match)
    interp.years = sorted(set(years))
    for pattern, order in ((TOP_N, "desc"), (BOTTOM_N, "asc")):
        while match := pattern.search(work):
            number = chinese_number(match.group(1))
            if number:
                interp.limit = min(number, 1000)
                interp.order = order
                _note(interp, match.group(0), "limit", interp.limit)
            elif number == 0:  # 前0名: nothing to list; said, not ignored
                interp.problem = "bad_limit"
                interp.notes.append(f"“{match.group(0)}”：名次至少为 1，例如前5名。")
                _note(interp, match.group(0), "limit", 0)
            work = _blank(work, match)
    while match := CODE.search(work):
        code = match.group(1)
        interp.items.append(Item(label=code, family="code", keys=[code], matched=code))
        _note(interp, code, "code", code)
        work = _blank(work, match)
    return work


def _read_words(spaced: str, interp: Interpretation, vocab: Vocabulary) -> None:
    """Cover the folded question with readings, longest first. Readings are looked up
    without spaces; what is reported keeps the question's own spacing."""
    positions = [i for i, c in enumerate(spaced) if not c.isspace()]
    work = "".join(spaced[i] for i in positions)

    def original(start: int, end: int) -> str:
        return spaced[positions[start] : positions[end - 1] + 1]

    breaks = frozenset(
        n
        for n, (before, after) in enumerate(itertools.pairwise(positions), 1)
        if after > before + 1
    )
    chosen, covered = _cover(work, vocab, breaks)
    for start, end, entry in chosen:
        _apply(interp, entry, original(start, end), vocab)
    for start, end in _free_runs(work, covered):
        for chunk in original(start, end).split():
            if not re.search(r"[\w\u4e00-\u9fff]", chunk):
                continue
            corrected = one_edit_away(chunk, vocab)
            if corrected is None:
                interp.unrecognised.append(chunk)
                continue
            surface, entry = corrected
            interp.notes.append(f"“{chunk}”按“{surface}”理解（拼写相近）。")
            _apply(interp, entry, chunk, vocab)


def _readings(
    work: str, vocab: Vocabulary, breaks: frozenset[int] = frozenset()
) -> list[tuple[int, int, object]]:
    """Every (start, end, entry) where a surface of the vocabulary occurs."""
    found = []
    for start in range(len(work)):
        if work[start] == SEPARATOR:
            continue
        for length in range(min(vocab.longest, len(work) - start), 0, -1):
            surface = work[start : start + length]
            entries = vocab.lookup(surface) if SEPARATOR not in surface else None
            if entries and _inside_a_word(work, start, start + length, breaks):
                continue  # “of” in “official”
            if entries:
                found.append((start, start + length, min(entries, key=lambda e: e.priority)))
    return found


def _inside_a_word(work: str, start: int, end: int, breaks: frozenset[int]) -> bool:
    """A Latin surface that runs on into a Latin word on either side (``breaks``: where
    the question had a space)."""
    latin = re.compile(r"[a-z]")
    touches = (start > 0 and start not in breaks and latin.match(work[start - 1])) or (
        end < len(work) and end not in breaks and latin.match(work[end])
    )
    return bool(touches and latin.match(work[start]) and latin.match(work[end - 1]))


def _cover(
    work: str, vocab: Vocabulary, breaks: frozenset[int] = frozenset()
) -> tuple[list[tuple[int, int, object]], list[bool]]:
    """Readings that do not overlap and cover the most characters (各城市|公安局 rather
    than 各城|市公安局), then the fewest and highest-priority readings, in text order."""
    starting: dict[int, list[tuple[int, int, object]]] = {}
    for reading in _readings(work, vocab, breaks):
        starting.setdefault(reading[0], []).append(reading)
    # best[i]: (characters covered, -readings, -priority) and the readings, from i on
    best: list[tuple[tuple[int, int, int], list]] = [((0, 0, 0), [])] * (len(work) + 1)
    for i in range(len(work) - 1, -1, -1):
        choice = best[i + 1]
        for start, end, entry in starting.get(i, []):
            (covered, count, priority), rest = best[end]
            score = (covered + end - start, count - 1, priority - entry.priority)
            if score > choice[0]:
                choice = (score, [(start, end, entry), *rest])
        best[i] = choice
    chosen = best[0][1]
    covered = [False] * len(work)
    for start, end, _ in chosen:
        covered[start:end] = [True] * (end - start)
    return chosen, covered


def _free_runs(work: str, covered: list[bool]) -> list[tuple[int, int]]:
    """Runs of characters no reading covers (separators aside)."""
    runs, start = [], None
    for i in range(len(work) + 1):
        free = i < len(work) and not covered[i] and work[i] != SEPARATOR
        if free and start is None:
            start = i
        elif not free and start is not None:
            runs.append((start, i))
            start = None
    return runs


def _apply(interp: Interpretation, entry, surface: str, vocab: Vocabulary) -> None:
    role, value = entry.role, entry.value
    if role in ("unit", "unit_part", "region", "sector"):
        units = list(value)
        interp.unit_terms.append({"text": surface, "units": units, "as": role})
        interp.units = units_of_terms(interp.unit_terms)
        _note(interp, surface, role, units if len(units) != 1 else units[0])
        if role == "unit" and len(units) > 1:  # one unit under several names (vocab.py)
            interp.notes.append(
                f"“{units[0]}”在知识库中也名为" + "、".join(units[1:]) + "（同一单位），一并列出。"
            )
    elif role == "alias":
        interp.items.append(resolve_label(str(value), surface, vocab))
        _note(interp, surface, "item", value)
    elif role == "item":
        interp.items.append(resolve_keys(list(value), surface, vocab))
        _note(interp, surface, "item", interp.items[-1].label)
    else:
        role_as, shown = KEYWORD_ROLES.get(role, _filler)(interp, value)
        _note(interp, surface, role_as, shown)


GROUP_NAMES = {
    "unit": "按单位",
    "year": "按年度",
    "city": "按城市",
    "province": "按省份",
    "sector": "按行业",
}


def units_of_terms(terms: list[dict]) -> list[str]:
    """Units named (in full or in part) are one list; a region or sector narrows it, and
    with no unit named, regions and sectors narrow each other (北京市 + 公安局; 吉林市 +
    政务服务和数字化建设服务中心 is no unit when 吉林市 has none of that name)."""
    named = [t["units"] for t in terms if t["as"] in ("unit", "unit_part")]
    filters = [set(t["units"]) for t in terms if t["as"] in ("region", "sector")]
    if named:
        candidates = list(dict.fromkeys(u for units in named for u in units))
    elif filters:
        candidates = [u for t in terms if t["as"] in ("region", "sector") for u in t["units"]]
        candidates = list(dict.fromkeys(candidates))
    else:
        return []
    return [u for u in candidates if all(u in f for f in filters)]


def _group(interp: Interpretation, value) -> tuple[str, object]:
    interp.group = str(value)
    return "group", GROUP_NAMES.get(str(value))


def _which(interp: Interpretation, value) -> tuple[str, object]:
    interp.group = interp.group or "unit"
    return "which", None


def _rank(interp: Interpretation, value) -> tuple[str, object]:
    interp.order = str(value)
    return "rank", "从低到高" if value == "asc" else "从高到低"


def _compare(interp: Interpretation, value) -> tuple[str, object]:
    interp.side = "both"
    return "compare", None


def _side(interp: Interpretation, value) -> tuple[str, object]:
    interp.side = "both" if interp.side not in (None, value) else str(value)
    return "side", value


def _measure(interp: Interpretation, value) -> tuple[str, object]:
    interp.measure = str(value)
    return "measure", value


def _code_system(interp: Interpretation, value) -> tuple[str, object]:
    if value:
        interp.code_system = str(value)
    else:
        interp.detail = True
    return "breakdown", value or "明细"


def _level(interp: Interpretation, value) -> tuple[str, object]:
    interp.level = int(value)
    return "level", LEVEL_NAMES.get(int(value))


def _checks(interp: Interpretation, value) -> tuple[str, object]:
    if value in ("fail", "missing") or interp.checks in ("fail", "missing"):
        interp.checks = interp.checks if interp.checks in ("fail", "missing") else str(value)
    else:
        interp.checks = "any"
    return "checks", {"fail": "未通过", "missing": "缺少的表格"}.get(str(value))


def _define(interp: Interpretation, value) -> tuple[str, object]:
    interp.define = True
    return "define", None


def _projects(interp: Interpretation, value) -> tuple[str, object]:
    interp.projects = True
    if not any(i.label == "项目支出" for i in interp.items):
        interp.items.append(known_item("项目支出", "项目"))
    return "projects", "项目支出表中的项目"


def _rate(interp: Interpretation, value) -> tuple[str, object]:
    interp.side, interp.rate = "both", True
    return "rate", "执行率 = 决算数 ÷ 预算数"


def _unsupported(interp: Interpretation, value) -> tuple[str, object]:
    interp.notes.append(f"暂不能计算“{value}”：下面只列出各自的金额，没有计算{value}。")
    return "unsupported", value


def _share(interp: Interpretation, value) -> tuple[str, object]:
    interp.share = True
    return "share", "占比"


def _change(interp: Interpretation, value) -> tuple[str, object]:
    interp.change = True
    return "change", "比上年变化"


def _relative_year(interp: Interpretation, value) -> tuple[str, object]:
    interp.relative_year += int(value)
    return "relative_year", int(value)


def _total(interp: Interpretation, value) -> tuple[str, object]:
    interp.total = True
    return "total", "合计"


def _filler(interp: Interpretation, value) -> tuple[str, object]:
    return "filler", None


# A keyword's role → what it sets in the interpretation, and how the reading is shown.
KEYWORD_ROLES = {
    "group": _group,
    "which": _which,
    "rank": _rank,
    "compare": _compare,
    "side": _side,
    "measure": _measure,
    "code_system": _code_system,
    "level": _level,
    "checks": _checks,
    "define": _define,
    "relative_year": _relative_year,
    "rate": _rate,
    "projects": _projects,
    "unsupported": _unsupported,
    "share": _share,
    "change": _change,
    "total": _total,
}


def known_item(label: str, matched: str) -> Item | None:
    """A 三公 item or a total by its canonical name; None for any other label."""
    if label in THREE_PUBLIC_ITEMS:
        return Item(label, "three_public", [label], matched)
    if label in TOTALS:
        total = TOTALS[label]
        return Item(label, "total", list(total.narrative), matched, list(total.measures))
    return None


def resolve_label(label: str, matched: str, vocab: Vocabulary) -> Item:
    known = known_item(label, matched)
    if known is not None:
        return known
    keys = {label} | vocab.items.get(question_key(label), set())
    for variant in aliases.ITEM_VARIANTS.get(label, ()):
        keys |= vocab.items.get(question_key(variant), set())
    return Item(label, "generic", sorted(keys), matched)


def resolve_keys(keys: list[str], matched: str, vocab: Vocabulary) -> Item:
    for key in keys:
        if key in THREE_PUBLIC_ITEMS:
            return resolve_label(key, matched, vocab)
    if len(keys) == 1 and keys[0] in TOTALS:
        return resolve_label(keys[0], matched, vocab)
    label = keys[0] if len(keys) == 1 else matched
    return Item(label, "generic", sorted(keys), matched)


def _settle(interp: Interpretation, vocab: Vocabulary) -> None:
    """Combine what was read: drop repeats, turn totals named beside an item into the
    column asked for, and try the unrecognised text as part of an item name."""
    seen: dict[tuple, Item] = {}
    for item in interp.items:
        seen.setdefault((item.family, tuple(item.keys)), item)
    items = list(seen.values())
    if interp.detail and not interp.code_system:
        if [i.label for i in items] == ["项目支出"]:
            interp.projects = True  # 项目支出明细: the projects themselves
        elif items and all(i.family == "three_public" for i in items):
            # 三公经费明细: its parts, side by side
            labels = [p for i in items for p in THREE_PUBLIC_PARTS.get(i.label, (i.label,))]
            items = [resolve_label(label, label, vocab) for label in dict.fromkeys(labels)]
        else:
            interp.code_system = "功能分类"
    totals = [i for i in items if i.family == "total"]
    others = [i for i in items if i.family != "total"]
    if totals and (others or interp.code_system or interp.level):
        # "2010350 项目支出", "项目支出按功能分类": the total names a column
        interp.measure = interp.measure or totals[0].label
        items = others
    codes = [i for i in items if i.family == "code"]
    named = [i for i in items if i.family == "generic"]
    if codes and named:
        # “2010301 行政运行”: the name describes the code; the code alone decides
        items = [i for i in items if i.family != "generic"]
        interp.notes.append(
            "“"
            + "、".join(i.matched for i in named)
            + "”按科目编码 "
            + "、".join(c.label for c in codes)
            + " 的名称理解，只按编码查询。"
        )
    interp.items = items
    if interp.share and part_and_whole(interp) is None and len(items) == 1:
        _add_the_whole(interp, vocab)
    if interp.share and part_and_whole(interp) is None:
        interp.share = False
        interp.notes.append(
            "暂不能计算这个“占比”：可以问三公经费的一项占三公经费、或基本支出/项目支出占支出合计"
            "（如“公务接待费占三公经费的比例”）；下面只列出金额。"
        )
    if interp.bad_years:
        interp.problem = "bad_year"
        interp.notes.append("没有 " + "、".join(interp.bad_years) + " 年：年度应为四位数。")
    if not interp.items and interp.unrecognised and not interp.checks:
        guess = _partial_item(interp.unrecognised, vocab)
        if guess:
            chunk, item = guess
            interp.items.append(item)
            interp.unrecognised.remove(chunk)
            _note(interp, chunk, "item", item.label)
            interp.notes.append(
                f"“{chunk}”按项目“{item.label}”理解（数据库中唯一包含它的项目名称）"
            )
    places = [t["text"] for t in interp.unit_terms]
    if any(t["as"] in ("region", "sector") for t in interp.unit_terms) and not interp.units:
        interp.problem = "no_place"
        interp.notes.append(missing_places(places) + "。")
    unknown_units = [c for c in interp.unrecognised if UNIT_LIKE.search(question_key(c))]
    if unknown_units and not interp.units:
        unknown_units = _with_place(unknown_units, places, interp)
        interp.problem = "unknown_unit"
        interp.notes.append("数据库中没有这个单位：" + "、".join(unknown_units))
    if interp.side in ("预算数", "决算数") and not any(
        i.family == "three_public" for i in interp.items
    ):
        interp.kind = "预算" if interp.side == "预算数" else "决算"


def _add_the_whole(interp: Interpretation, vocab: Vocabulary) -> None:
    """基本支出占比, 公务接待费的比重: a part asked alone is a share of its own whole."""
    part = interp.items[0]
    for whole in SHARE_WHOLES:
        interp.items = [part, resolve_label(whole, whole, vocab)]
        if part_and_whole(interp) is not None:
            interp.notes.append(f"“占比”按{part.label}占{whole}的比例理解。")
            return
    interp.items = [part]


def _with_place(chunks: list[str], places: list[str], interp: Interpretation) -> list[str]:
    """长春市 + 财政局 → 长春市财政局: a unit the database does not have, named whole."""
    asked = question_key(interp.question)
    named = []
    for chunk in chunks:
        whole = next((p + chunk for p in places if question_key(p + chunk) in asked), chunk)
        if whole != chunk:
            interp.unrecognised[interp.unrecognised.index(chunk)] = whole
        named.append(whole)
    return named


def _partial_item(chunks: list[str], vocab: Vocabulary) -> tuple[str, Item] | None:
    """A chunk of three or more characters that is part of exactly one item's names."""
    for chunk in sorted(chunks, key=len, reverse=True):
        folded = question_key(chunk)
        if len(folded) < 3 or not CJK.search(folded):
            continue
        keys: set[str] = set()
        for surface, item_keys in vocab.items.items():
            if folded in surface:
                keys |= item_keys
                if len(keys) > 1:
                    break
        if len(keys) == 1:
            return chunk, resolve_keys(sorted(keys), chunk, vocab)
    return None
