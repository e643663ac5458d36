"""Is a file a 部门/单位 预算 or 决算 disclosure? Decided from what it contains.

A crawl brings notices, rules, government budget reports, annual reports, templates and
landing pages under budget file names. A disclosure is recognised by its title (部门预算,
单位决算, 预算公开 … on its cover), by a 目录 part that names one, or, for a file of tables
alone, by carrying most of the standard statements. Anything else is not a disclosure, and
the reason names what it looks like, quoting its title.
"""

from __future__ import annotations

import re

from ..model import Document, Line, Verdict
from ..read.html import Page

CORE = frozenset(
    {
        "收支总表",
        "收入总表",
        "支出总表",
        "财政拨款收支总表",
        "一般公共预算支出表",
        "基本支出表",
        "三公经费表",
        "政府性基金",
        "项目支出表",
    }
)
TABLES_ALONE = 6  # core statements a file of tables alone must carry (non-disclosures reach 5)
TITLE = re.compile(r"(?:部门|单位)\s*(?:综合)?\s*(?:预算|决算)|(?:预算|决算)\s*(?:信息)?公开")
PART = re.compile(r"^第[一二三四五六七八九十]+部分.{0,40}(?:部门|单位)\s*(?:综合)?\s*(?:预算|决算)")
TOC = re.compile(r"^目\s*录$")
PLACEHOLDER = re.compile(r"[XxＸｘ]{2,}\s*(?:局|委|办|中心|万元|%|％)|[XxＸｘ]{3}")
DOCUMENT_NUMBER = re.compile(r"[〔\[［【(（]\s*(?:19|20)\d{2}\s*[〕\]］】)）]\s*\d+\s*号")
# (what a title word says the file is, the words)
NOT_DISCLOSURES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(words))
    for kind, words in (
        ("a statistics bulletin", r"公报"),
        (
            "a government budget report",
            r"执行情况|预算草案|决算草案|市本级|全市|全省|全区|全县|区域绩效",
        ),
        (
            "an annual report on government information disclosure",
            r"信息公开工作|政府信息公开.{0,6}年度报告",
        ),
        ("a performance evaluation report", r"绩效评价|评价报告|自评报告"),
        ("an inspection notice", r"巡察|巡视"),
        ("a work summary", r"工作总结|工作要点|工作计划"),
        ("an application form", r"申请表|登记表|报名表"),
        ("a notice", r"通知|通告|公告|温馨提示|函$"),
        ("rules", r"办法|细则|规定|制度|条例|规程|指引"),
        ("a guide", r"指南|手册"),
        ("a statistics bulletin", r"统计"),
        ("a report", r"报告"),
    )
)
COVER_LINES = 15
CJK = re.compile(r"[\u4e00-\u9fff]")


def title_lines(document: Document) -> list[str]:
    """The cover: the first short lines of the first page with text, up to its 目录."""
    first_page = next((ln.page for ln in document.lines if ln.text.strip()), None)
    lines: list[str] = []
    for line in document.lines:
        text = " ".join(line.text.split())
        if not text or line.page != first_page:
            continue
        if TOC.match(text.replace(" ", "")) or len(lines) >= COVER_LINES:
            break
        if len(text) <= 40 and not re.search(r"[，。；]", text) and len(CJK.findall(text)) >= 4:
            lines.append(text)
    return lines


def _part_heading(lines: list[Line]) -> bool:
    pages = sorted({ln.page for ln in lines if ln.text.strip() and ln.page is not None})[:2]
    head = [ln for ln in lines if ln.page in pages] if pages else lines[:200]
    return any(PART.match(ln.text.replace(" ", "")) for ln in head)


def _statements(document: Document) -> set[str]:
    return {t.statement for t in document.tables if t.statement in CORE}


def _quoted(lines: list[str]) -> str:
    return "“" + "".join(lines[:2])[:60] + "”" if lines else "(no title on its first page)"


def document_to_verdict(document: Document, page: Page | None = None) -> Verdict:
    cover = title_lines(document)
    text = "\n".join(ln.text for ln in document.lines)
    statements = _statements(document)
    titled = any(TITLE.search(line.replace(" ", "")) for line in cover)
    placeholders = len(PLACEHOLDER.findall(text))
    if placeholders >= 5 and (titled or len(statements) >= TABLES_ALONE):
        return Verdict(
            False, f"a blank template ({placeholders} placeholders such as XX局): {_quoted(cover)}"
        )
    if page is not None and page.tables == 0 and len(statements) < TABLES_ALONE:
        return _html_without_tables(page, cover)
    excluded = _excluded(cover, titled)
    if excluded and len(statements) < TABLES_ALONE:
        return Verdict(
            False, f"{excluded}: {_quoted(cover)}, not a 部门/单位 预算 or 决算 disclosure"
        )
    if titled:
        titles = [line for line in cover if TITLE.search(line.replace(" ", ""))]
        return Verdict(True, f"a disclosure: {_quoted(titles)}")
    if _part_heading(document.lines):
        return Verdict(True, "a disclosure: its 目录 names a 部门/单位 预算 or 决算 part")
    if len(statements) >= TABLES_ALONE:
        return Verdict(
            True,
            f"a disclosure's tables ({len(statements)} of the standard statements) without a cover",
        )
    found = (
        f"only {len(statements)} of the standard statements"
        if statements
        else "no budget statements"
    )
    return Verdict(False, f"no 部门/单位 预算 or 决算 title and {found}: {_quoted(cover)}")


def _excluded(cover: list[str], titled: bool) -> str | None:
    """What the cover's words say the file is, when that is not a disclosure."""
    joined = "".join(line.replace(" ", "") for line in cover[:6])
    for kind, words in NOT_DISCLOSURES:
        if words.search(joined) and not (
            titled and kind in ("a report", "a statistics bulletin", "rules")
        ):
            return kind
    if DOCUMENT_NUMBER.search(joined) and not titled:
        return "a government document (it has a document number)"
    return None


def _html_without_tables(page: Page, cover: list[str]) -> Verdict:
    title = page.title or (cover[0] if cover else "")
    attachments = list(dict.fromkeys(link.text or link.href for link in page.attachments))
    if len(attachments) >= 3:
        listed = "、".join(attachments[:3])
        return Verdict(
            False, f"an HTML index page listing {len(attachments)} documents ({listed} …)"
        )
    if attachments:
        return Verdict(
            False, f"an HTML page (“{title}”) that links to the document itself: {attachments[0]}"
        )
    return Verdict(False, f"an HTML page without budget tables: “{title}”")
