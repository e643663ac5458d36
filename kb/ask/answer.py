"""Answering a question: parse it, let its question type (``kb.ask.questions``) run and
shape the result, for the web page, the JSON API, the CSV download and the terminal alike.

``ask(conn, question)`` never raises for anything a user can type: a question it cannot
interpret comes back with ``status`` 422 and suggestions built from the database's own
items and units; an empty one with 400.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass, field
from urllib.parse import quote

from ..index.words import segmenter_for
from ..vocabulary import THREE_PUBLIC_ITEMS, TOTALS
from . import aliases
from .check_flags import flag_failed_checks
from .conversation import from_token, to_token
from .describe import describe
from .document_copies import note_document_copies
from .interpretation import MAX_QUESTION, Interpretation
from .ocr_flags import flag_ocr_rows
from .parser import parse
from .questions import BY_NAME, MAX_ROWS
from .totals import add_total
from .vocab import Vocabulary, for_database, question_key

log = logging.getLogger(__name__)

LABELS = {
    "unit": "单位",
    "province": "省份",
    "city": "城市",
    "sector": "行业",
    "year": "年度",
    "kind": "文件",
    "item": "项目",
    "code": "科目编码",
    "level": "级次",
    "amount": "金额（万元）",
    "measure": "口径（列）",
    "statement": "来源表",
    "source": "出处",
    "note": "说明",
    "fact_id": "事实编号",
    "budget": "预算数（万元）",
    "actual": "决算数（万元）",
    "category": "所属类别",
    "difference": "差额（决算−预算）",
    "execution_rate": "执行率（%）",
    "gap": "差额（实为−应为）",
    "budget_from": "预算数出处",
    "actual_from": "决算数出处",
    "check": "检查",
    "subject": "对象",
    "expected": "应为",
    "found": "实为",
    "status": "结果",
    "detail": "详情",
    "section": "章节",
    "snippet": "摘录",
    "segment_id": "段落编号",
    "check_id": "检查编号",
    "ocr": "识别方式",
}


@dataclass
class Answer:
    question: str
    interpretation: Interpretation
    template: str | None = None
    sql: str | None = None
    params: dict = field(default_factory=dict)  # the SQL's named parameters and their values
    columns: list[str] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)
    sources: list[list[dict]] = field(default_factory=list)
    chart: dict | None = None
    summary: str | None = None
    notes: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    status: int = 200
    error: str | None = None
    hints: dict | None = None  # units and items the database knows, when it cannot answer
    context: str | None = None  # this turn's frame, for a follow-up (kb.ask.conversation)
    choices: list[str] = field(default_factory=list)  # a clarifying question's answers
    labels_override: dict = field(default_factory=dict)  # column labels a question names
    total: float | None = None  # 加起来多少: the figures summed

    @property
    def labels(self) -> list[str]:
        return [self.labels_override.get(c) or LABELS.get(c, c) for c in self.columns]

    @property
    def understood(self) -> bool:
        return self.status < 400

    def records(self) -> list[dict]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def to_dict(self) -> dict:
        return {
            "question": self.question,
            "interpretation": self.interpretation.to_dict(),
            "template": self.template,
            "sql": self.sql,
            "params": self.params,
            "columns": self.columns,
            "column_labels": self.labels,
            "rows": self.rows,
            "sources": self.sources,
            "summary": self.summary,
            "chart": self.chart,
            "notes": self.notes,
            "suggestions": self.suggestions,
            "status": self.status,
            "error": self.error,
            "hints": self.hints,
            "context": self.context,
            "choices": self.choices,
            "total": self.total,
        }


class Links:
    """Where a fact, segment or check row is shown in Datasette."""

    def __init__(self, base: str = "/", database: str = "kb"):
        self.base = base if base.endswith("/") else base + "/"
        self.database = quote(database)

    def row(self, table: str, row_id) -> str:
        return f"{self.base}{self.database}/{table}/{row_id}"

    def fact(self, fact: dict) -> dict:
        source = {
            "fact_id": fact["id"],
            "url": self.row("facts", fact["id"]),
            "statement": fact.get("statement"),
            "source": fact.get("source"),
            "page": fact.get("page"),
            "line": fact.get("line"),
            "row": fact.get("row"),
            "segment_id": fact.get("segment_id"),
            "segment_url": self.row("segments", fact["segment_id"])
            if fact.get("segment_id")
            else None,
        }
        return source


def ask(
    conn: sqlite3.Connection,
    question: str | None,
    *,
    db_path: str | None = None,
    vocab: Vocabulary | None = None,
    links: Links | None = None,
    max_rows: int = MAX_ROWS,
    context: str | None = None,
) -> Answer:
    """Answer a question; with ``context`` (the ``context`` of the answer before) it may be
    a follow-up."""
    links = links or Links()
    try:
        vocab = vocab or for_database(conn, db_path)
    except sqlite3.Error as error:
        log.warning("reading the vocabulary failed: %s", error)
        interp = Interpretation(question=str(question or "")[:MAX_QUESTION], problem="database")
        return Answer(interp.question, interp, status=503, error=f"数据库不可用：{error}")
    frame = from_token(context)
    interp = parse(question, vocab, frame)
    answer = Answer(interp.question, interp, template=interp.template)
    if context and frame is None:
        answer.notes.append("上一轮对话的上下文无法读取，按新问题理解。")
    answer.notes.extend(interp.notes)
    if interp.problem:
        answer.context = context if frame else None  # the conversation goes on from before
        _problem(answer, vocab)
        if answer.choices:  # the item named next, typed or picked, completes this question
            answer.context = to_token(interp, asks_item=True)
        return answer
    answer.context = to_token(interp)  # again below, with the years the answer shows
    try:
        BY_NAME[interp.template].run(conn, answer, links, max_rows)
    except sqlite3.Error as error:
        log.warning("answering %r failed: %s", interp.question, error)
        answer.status, answer.error = 503, f"查询失败：{error}"
        return answer
    if answer.status >= 400:
        return _problem(answer, vocab)
    if {"unit", "year", "kind"} <= set(answer.columns):
        note_document_copies(answer, vocab)
    if len(answer.sources) == len(answer.rows):
        flag_ocr_rows(conn, answer)
        if interp.template != "checks":
            flag_failed_checks(conn, answer, links)
    if interp.total:
        add_total(answer)
    if "year" in answer.columns:
        years = [r["year"] for r in answer.records() if isinstance(r.get("year"), int)]
        answer.context = to_token(interp, years)
    if not answer.rows and interp.checks == "missing":
        answer.summary = "没有文件缺少所问的表格（按每个文件的必备表格检查）。"
    elif not answer.rows:
        answer.summary = "没有找到符合条件的数字。"
        answer.suggestions = _suggestions(interp, vocab, conn)
        _missing_codes(conn, answer)
    return answer


def _missing_codes(conn: sqlite3.Connection, answer: Answer) -> None:
    """A subject code nothing is filed under: said so, with the codes beside it that are."""
    for item in answer.interpretation.items:
        if item.family != "code":
            continue
        code = item.label
        if conn.execute("select 1 from facts where code = ? limit 1", [code]).fetchone():
            continue
        answer.summary = f"数据库中没有科目编码 {code} 的数字。"
        nearby = [
            f"{row[0]} {row[1]} by unit"
            for row in conn.execute(
                "select code, min(item) from facts where code like ? and length(code) = ?"
                " and code <> ? group by code order by code limit 5",
                [code[: max(3, len(code) - 2)] + "%", len(code), code],
            )
        ]
        answer.suggestions = nearby + [s for s in answer.suggestions if not s.startswith(code)]


# --- when it cannot answer ------------------------------------------------------------------


def _problem(answer: Answer, vocab: Vocabulary) -> Answer:
    interp = answer.interpretation
    answer.status = 400 if interp.problem == "empty" else 422
    answer.template = None
    interp.description = describe(interp)
    answer.summary = interp.description
    answer.suggestions = _suggestions(interp, vocab)
    answer.hints = hints(vocab)
    answer.choices = clarifying_choices(interp, vocab)
    if answer.choices:
        answer.summary = interp.description = "要问哪个项目？请选一个："
    return answer


CHOICE_ITEMS = ("三公经费", "公务接待费", "支出合计", "基本支出", "项目支出")


def clarifying_choices(interp: Interpretation, vocab: Vocabulary) -> list[str]:
    """A question that says how (对比, 执行率, 排名, 按年度, 加起来) but not what: the
    question again with each of the common items, to choose with one click."""
    wants = interp.side == "both" or interp.rate or interp.order or interp.limit or interp.group
    if interp.problem != "not_understood" or interp.items or not wants:
        return []
    known = [label for label in CHOICE_ITEMS if vocab.lookup(question_key(label))]
    return [f"{label} {interp.question}" for label in known]


def example_questions(vocab: Vocabulary) -> list[str]:
    """Questions built from what the database holds."""
    unit, year = vocab.example or (vocab.units[0] if vocab.units else "吉林市政务信息中心", 2022)
    latest = vocab.years[-1] if vocab.years else year
    return [
        f"公务接待费 by unit {latest}",
        f"{latest}年各单位三公经费",
        f"{unit} {year} 项目支出",
        "三公经费 by year",
        f"{latest}年哪个单位基本支出最多",
        "公务接待费前5名",
        f"{unit}{year}年支出按功能分类",
        f"{unit}{year}年三公经费预算和决算",
    ]


def hints(vocab: Vocabulary, limit: int = 12) -> dict[str, list[str]]:
    """Some of the units and the most common items the database knows."""
    items = list(THREE_PUBLIC_ITEMS) + list(TOTALS)
    items += [
        k
        for k in vocab.common_items
        if k not in items and k not in aliases.IGNORED_ITEMS and len(k) <= 12
    ]
    return {"units": vocab.units[:limit], "items": items[: limit + 8]}


def _words(chunk: str, vocab: Vocabulary) -> set[str]:
    """The words of text the parser did not recognise, cut by jieba with the budget
    dictionary and the database's unit names (so 差旅经费 gives 差旅 and 经费, not 旅经);
    character pairs when jieba finds no word of two or more characters."""
    folded = question_key(chunk)
    if not folded:
        return set()
    words = {w for w in segmenter_for(tuple(vocab.units)).words(folded) if len(w) >= 2}
    return words or {folded[i : i + 2] for i in range(max(len(folded) - 1, 1))}


def _similar_names(interp: Interpretation, vocab: Vocabulary) -> list[str]:
    """Items and units whose names share a word with the text the parser did not recognise."""
    names: list[str] = []
    for chunk in interp.unrecognised:
        pieces = _words(chunk, vocab)
        for surface, keys in vocab.items.items():
            if any(p and p in surface for p in pieces):
                names.extend(
                    n for n in (vocab.item_names.get(k, k) for k in sorted(keys)) if n not in names
                )
            if len(names) >= 8:
                break
        for unit in vocab.units:
            if (
                any(p and len(p) == 2 and p in question_key(unit) for p in pieces)
                and unit not in names
            ):
                names.append(unit)
            if len(names) >= 12:
                break
    return names


def _suggestions(interp: Interpretation, vocab: Vocabulary, conn=None) -> list[str]:
    questions = []
    year = interp.years[-1] if interp.years else (vocab.years[-1] if vocab.years else None)
    for name in _similar_names(interp, vocab):
        if name in vocab.units:
            questions.append(f"{name} {year or ''} 项目支出".replace("  ", " "))
        else:
            questions.append(f"{name} by unit {year or ''}".strip())
    if interp.items and not questions:
        label = interp.items[0].label
        questions.append(f"{label} by unit")
        if interp.units:
            questions.append(f"{interp.units[0]} {label}")
    questions += [example for example in example_questions(vocab) if example not in questions]
    return questions[:12]
