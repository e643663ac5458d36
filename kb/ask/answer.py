"""Answering a question: parse it, run its template, and shape the result for the web
page, the JSON API, the CSV download and the terminal alike.

``ask(conn, question)`` never raises for anything a user can type: a question it cannot
interpret comes back with ``status`` 422 and suggestions built from the database's own
items and units; an empty one with 400.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections import OrderedDict
from dataclasses import dataclass, field
from urllib.parse import quote

from . import aliases
from . import templates_sql as sqlt
from .parser import MAX_QUESTION, Interpretation, describe, parse
from .vocab import Vocabulary, compact, for_database

log = logging.getLogger(__name__)

LABELS = {
    "unit": "单位",
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
    "difference": "差额（决算−预算）",
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
}
STATUS_WORDS = {"fail": "未通过", "unverifiable": "无法核实", "pass": "通过"}
FACT_SOURCE_SQL = """select id, document_id, statement, source, segment_id, page, line, row, measure, amount
from facts
where id in (select value from json_each(?1))"""


@dataclass
class Answer:
    question: str
    interpretation: Interpretation
    template: str | None = None
    sql: str | None = None
    params: list = field(default_factory=list)
    param_names: list[str] = field(default_factory=list)
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

    @property
    def labels(self) -> list[str]:
        return [LABELS.get(c, c) for c in self.columns]

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
            "param_names": self.param_names,
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
            "segment_url": self.row("segments", fact["segment_id"]) if fact.get("segment_id") else None,
        }
        return source


def ask(
    conn: sqlite3.Connection,
    question: str | None,
    *,
    db_path: str | None = None,
    vocab: Vocabulary | None = None,
    links: Links | None = None,
    max_rows: int = sqlt.MAX_ROWS,
) -> Answer:
    links = links or Links()
    try:
        vocab = vocab or for_database(conn, db_path)
    except sqlite3.Error as error:
        log.warning("reading the vocabulary failed: %s", error)
        interp = Interpretation(question=str(question or "")[:MAX_QUESTION], problem="database")
        return Answer(interp.question, interp, status=503, error=f"数据库不可用：{error}")
    interp = parse(question, vocab)
    answer = Answer(interp.question, interp, template=interp.template)
    answer.notes.extend(interp.notes)
    if interp.problem:
        return _problem(answer, vocab)
    try:
        if interp.template == "search":
            _search(conn, answer, links)
        else:
            _run(conn, answer, links, max_rows)
    except sqlite3.Error as error:
        log.warning("answering %r failed: %s", interp.question, error)
        answer.status, answer.error = 503, f"查询失败：{error}"
        return answer
    if answer.status >= 400:
        return _problem(answer, vocab)
    if not answer.rows:
        answer.summary = "没有找到符合条件的数字。"
        answer.suggestions = _suggestions(interp, vocab, conn)
    return answer


# --- running templates -------------------------------------------------------------------


def _execute(conn: sqlite3.Connection, sql: str, params: list) -> list[dict]:
    cursor = conn.execute(sql, params)
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def _run(conn: sqlite3.Connection, answer: Answer, links: Links, max_rows: int) -> None:
    interp = answer.interpretation
    query = sqlt.build(interp, max_rows)
    answer.template = query.template
    answer.sql, answer.params = query.sql, query.params
    answer.param_names = [f"?{i} {name}" for i, name in enumerate(query.names[: len(query.params)], 1)]
    results = _execute(conn, query.sql, query.params)
    if interp.template == "checks":
        _shape_checks(answer, results, links)
    elif interp.template == "compare":
        _shape_compare(conn, answer, results, links)
    elif interp.template == "breakdown":
        _shape_breakdown(answer, results, links)
    else:
        _shape_items(answer, results, links)
    if len(results) >= max_rows:
        answer.notes.append(f"只显示前 {max_rows} 行。")


def _amount(value):
    return None if value is None else round(float(value), 6)


def _shape_items(answer: Answer, results: list[dict], links: Links) -> None:
    interp = answer.interpretation
    families = {i.label: i.family for i in interp.items}
    answer.columns = ["unit", "year", "kind", "item", "code", "amount", "measure", "statement",
                      "source", "note", "fact_id"]
    for r in results:
        family = families.get(r["label"], "generic")
        item = r["label"] if family in ("three_public", "total") else r["item"]
        note = ""
        if r["source"] == "narrative":
            note = ("三公经费表中没有此数，取自情况说明" if family == "three_public"
                    else "表格中没有此数，取自情况说明")
        answer.rows.append([r["unit"], r["year"], r["kind"], item, r["code"], _amount(r["amount"]),
                            r["measure"], r["statement"], r["source"], note, r["id"]])
        answer.sources.append([links.fact(r)])
    answer.summary = _item_summary(interp, results)
    answer.chart = _item_chart(interp, results)
    if any(r["source"] == "narrative" for r in results):
        answer.notes.append("标注“情况说明”的行：该文件的表格中没有这个数字，取自其文字说明。")


def _money(value) -> str:
    if value is None:
        return "—"
    text = f"{float(value):,.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _item_summary(interp: Interpretation, results: list[dict]) -> str | None:
    if not results:
        return None
    first = results[0]
    where = f"{first['statement']}·{first['measure']}"
    if first["source"] == "narrative":
        where += "，仅见于情况说明"
    head = f"{first['unit']} {first['year']}年{first['kind']}：{first['label']} {_money(first['amount'])} 万元（{where}）"
    if len(results) == 1:
        return head
    if interp.template == "ranking":
        word = "最少" if interp.order == "asc" else "最多"
        return f"{word}的是 {head}；共 {len(results)} 行。"
    units = len({r["unit"] for r in results})
    years = sorted({r["year"] for r in results if r["year"] is not None})
    span = f"{years[0]}—{years[-1]}年" if len(years) > 1 else (f"{years[0]}年" if years else "")
    return f"{units} 个单位，{span}，共 {len(results)} 行。"


PALETTE = ["#3366cc", "#dc3912", "#ff9900", "#109618", "#990099", "#0099c6", "#dd4477",
           "#66aa00", "#b82e2e", "#316395"]


def _series(name: str, data: list, index: int, kind: str) -> dict:
    colour = PALETTE[index % len(PALETTE)]
    series = {"label": name, "data": data, "backgroundColor": colour, "borderColor": colour}
    if kind == "line":
        series["fill"] = False
        series["tension"] = 0.1
    return series


MAX_LINES = 12
MAX_BARS = 40


def _biggest(groups: OrderedDict, limit: int) -> tuple[OrderedDict, str | None]:
    """The ``limit`` groups with the largest amounts, in their order, and a note if cut."""
    if len(groups) <= limit:
        return groups, None

    def size(rows: dict) -> float:
        return max((abs(r["amount"] or 0) for r in rows.values()), default=0)

    keep = set(sorted(groups, key=lambda k: size(groups[k]), reverse=True)[:limit])
    kept = OrderedDict((k, v) for k, v in groups.items() if k in keep)
    return kept, f"图中只画出金额最大的 {limit} 个（共 {len(groups)} 个），表格列出全部。"


def _item_chart(interp: Interpretation, results: list[dict]) -> dict | None:
    if len(results) < 2:
        return None
    labels_many = len({r["label"] for r in results}) > 1
    years = sorted({r["year"] for r in results if r["year"] is not None})
    units = list(OrderedDict.fromkeys(r["unit"] for r in results))
    if interp.template == "ranking":
        shown = results[:MAX_BARS]
        x = [r["unit"] + (f"（{r['year']}）" if len(years) > 1 else "")
             + (f" {r['label']}" if labels_many else "") for r in shown]
        return {"type": "bar", "title": _chart_title(interp), "labels": x,
                "datasets": [_series("金额（万元）", [_amount(r["amount"]) for r in shown], 0, "bar")],
                "note": f"图中只画出前 {MAX_BARS} 名，表格列出全部。" if len(results) > MAX_BARS else None}
    by_year = interp.template == "by_year" or (len(units) == 1 and len(years) > 1)
    if by_year and len(years) > 1:
        groups = OrderedDict()
        for r in results:
            groups.setdefault(r["unit"] + (f" {r['label']}" if labels_many else ""), {})[r["year"]] = r
        groups, note = _biggest(groups, MAX_LINES)
        datasets = [
            _series(name, [_amount(g[y]["amount"]) if y in g else None for y in years], i, "line")
            for i, (name, g) in enumerate(groups.items())
        ]
        return {"type": "line", "title": _chart_title(interp), "labels": [str(y) for y in years],
                "datasets": datasets, "note": note}
    by_unit_rows = OrderedDict()
    for r in results:
        by_unit_rows.setdefault(r["unit"], {})[(r["year"], r["label"])] = r
    by_unit_rows, note = _biggest(by_unit_rows, MAX_BARS)
    units = list(by_unit_rows)
    groups = OrderedDict()
    for r in results:
        if r["unit"] not in by_unit_rows:
            continue
        series = (f"{r['year']}年" if len(years) > 1 else "金额（万元）") + (f" {r['label']}" if labels_many else "")
        groups.setdefault(series, {})[r["unit"]] = r
    datasets = [
        _series(name, [_amount(g[u]["amount"]) if u in g else None for u in units], i, "bar")
        for i, (name, g) in enumerate(groups.items())
    ]
    return {"type": "bar", "title": _chart_title(interp), "labels": units, "datasets": datasets,
            "note": note}


def _chart_title(interp: Interpretation) -> str:
    what = "、".join(i.label for i in interp.items) or "支出"
    return f"{what}（万元）"


def _shape_compare(conn, answer: Answer, results: list[dict], links: Links) -> None:
    answer.columns = ["unit", "year", "item", "budget", "actual", "difference", "budget_from",
                      "actual_from"]
    ids = [r[k] for r in results for k in ("budget_id", "actual_id") if r[k] is not None]
    facts = {f["id"]: f for f in _execute(conn, FACT_SOURCE_SQL, [json.dumps(ids)])} if ids else {}
    for r in results:
        answer.rows.append([r["unit"], r["year"], r["label"], _amount(r["budget"]), _amount(r["actual"]),
                            _amount(r["difference"]), r["budget_from"], r["actual_from"]])
        answer.sources.append([
            {**links.fact(facts[r[k]]), "side": "预算数" if k == "budget_id" else "决算数"}
            for k in ("budget_id", "actual_id") if r[k] in facts
        ])
    if results:
        r = results[0]
        answer.summary = (
            f"{r['unit']} {r['year']}年 {r['label']}：预算数 {_money(r['budget'])} 万元，"
            f"决算数 {_money(r['actual'])} 万元，差额 {_money(r['difference'])} 万元。"
            + (f"（共 {len(results)} 行）" if len(results) > 1 else "")
        )
        if any(r["actual"] is None for r in results):
            answer.notes.append("决算数为空的行：该单位该年度只有预算文件，没有公开决算数。")
        if any(r["budget"] is None for r in results):
            answer.notes.append("预算数为空的行：文件中没有找到对应的预算数。")
    if len(results) >= 1:
        x = [f"{r['unit']} {r['year']}" + (f" {r['label']}" if len(answer.interpretation.items) > 1 else "")
             for r in results]
        answer.chart = {
            "type": "bar",
            "title": _chart_title(answer.interpretation),
            "labels": x,
            "datasets": [
                _series("预算数", [_amount(r["budget"]) for r in results], 0, "bar"),
                _series("决算数", [_amount(r["actual"]) for r in results], 1, "bar"),
            ],
        }


def _shape_breakdown(answer: Answer, results: list[dict], links: Links) -> None:
    answer.columns = ["unit", "year", "kind", "code", "level", "item", "amount", "measure",
                      "statement", "fact_id"]
    for r in results:
        answer.rows.append([r["unit"], r["year"], r["kind"], r["code"], aliases.LEVELS.get(r["level"], ""),
                            r["item"], _amount(r["amount"]), r["measure"], r["statement"], r["id"]])
        answer.sources.append([links.fact(r)])
    if not results:
        return
    documents = OrderedDict()
    for r in results:
        documents.setdefault((r["unit"], r["year"], r["kind"]), []).append(r)
    top = min(len(r["code"]) for r in results)
    tops = [r for r in results if len(r["code"]) == top]
    first = next(iter(documents))
    statements = sorted({r["statement"] for r in results})
    answer.summary = (
        f"{first[0]} {first[1]}年{first[2]}：{len(documents[first])} 个{answer.interpretation.code_system or '功能分类'}科目"
        f"（{'、'.join(statements)}）"
        + (f"；共 {len(documents)} 个文件" if len(documents) > 1 else "")
        + "。"
    )
    codes = list(OrderedDict.fromkeys(f"{r['code']} {r['item']}" for r in tops))
    datasets = []
    for i, (key, rows) in enumerate(documents.items()):
        values = {f"{r['code']} {r['item']}": _amount(r["amount"]) for r in rows if len(r["code"]) == top}
        datasets.append(_series(f"{key[0]} {key[1]}", [values.get(c) for c in codes], i, "bar"))
    if len(codes) >= 1:
        level = aliases.LEVELS.get(top, "")
        answer.chart = {"type": "bar", "title": f"{level}级科目（万元）", "labels": codes, "datasets": datasets}


def _shape_checks(answer: Answer, results: list[dict], links: Links) -> None:
    answer.columns = ["unit", "year", "check", "statement", "subject", "expected", "found",
                      "gap", "status", "detail", "check_id"]
    for r in results:
        answer.rows.append([r["unit"], r["year"], r["check"], r["statement"], r["subject"], r["expected"],
                            r["found"], r["difference"], r["status"], r["detail"], r["id"]])
        source = {"check_id": r["id"], "url": links.row("checks", r["id"]), "page": r.get("page"),
                  "segment_id": r.get("segment_id"),
                  "segment_url": links.row("segments", r["segment_id"]) if r.get("segment_id") else None}
        answer.sources.append([source])
    units = list(OrderedDict.fromkeys(r["unit"] for r in results))
    if answer.interpretation.checks == "fail":
        answer.summary = (f"{len(units)} 个单位有前后不一致（未通过）的检查：{'、'.join(units[:10])}"
                          + ("等" if len(units) > 10 else "") + "。") if units else "没有前后不一致的检查。"
    else:
        counts = {status: sum(1 for r in results if r["status"] == status) for status in STATUS_WORDS}
        answer.summary = "，".join(f"{word} {counts[s]} 项" for s, word in STATUS_WORDS.items() if counts[s])
        answer.summary = (answer.summary + "。") if answer.summary else None


def _search(conn, answer: Answer, links: Links, limit: int = 20) -> None:
    from kb.search import search  # the library's own search, for questions not about figures

    interp = answer.interpretation
    terms = list(interp.unrecognised)
    if interp.define or not terms:
        terms += [i.label for i in interp.items]
    if not terms and interp.units:
        terms = [interp.units[0]]
    query = " ".join(terms)
    answer.template = "search"
    answer.sql = None
    answer.params = [query]
    answer.param_names = ["query"]
    hits = []
    if query:
        try:
            hits = search(conn, query, limit=limit * 5 if (interp.units or interp.years) else limit)
        except Exception as error:  # the search index may be older or newer than this code
            log.warning("search %r failed: %s", query, error)
            hits = []
    if interp.units:
        hits = [h for h in hits if h.unit in interp.units]
    if interp.years:
        hits = [h for h in hits if h.year in interp.years]
    hits = hits[:limit]
    answer.columns = ["unit", "year", "kind", "section", "snippet", "segment_id"]
    for h in hits:
        answer.rows.append([h.unit, h.year, h.document_kind, h.section, h.snippet, h.segment_id])
        answer.sources.append([{"segment_id": h.segment_id, "url": links.row("segments", h.segment_id),
                                "page": h.page, "line": h.line}])
    if hits:
        answer.summary = f"没有识别出数字问题，按全文检索“{query}”找到 {len(hits)} 段。"
    else:
        interp.problem = "not_understood"
        interp.template = None
        answer.status = 422


# --- when it cannot answer ------------------------------------------------------------------


def _problem(answer: Answer, vocab: Vocabulary) -> Answer:
    interp = answer.interpretation
    answer.status = 400 if interp.problem == "empty" else 422
    answer.template = None
    answer.summary = describe(interp)
    answer.suggestions = _suggestions(interp, vocab)
    answer.hints = hints(vocab)
    return answer


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
    common = sorted(vocab.item_counts, key=lambda k: (-vocab.item_counts[k], k))
    items = list(aliases.THREE_PUBLIC) + list(aliases.TOTALS)
    items += [k for k in common if k not in items and k not in aliases.IGNORED_ITEMS and len(k) <= 12]
    return {"units": vocab.units[:limit], "items": items[: limit + 8]}


def _words(chunk: str, vocab: Vocabulary) -> set[str]:
    """The words of text the parser did not recognise, cut by jieba with the budget
    dictionary and the database's unit names (so 差旅经费 gives 差旅 and 经费, not 旅经);
    character pairs when jieba finds no word of two or more characters."""
    from kb.tokens import segmenter_for

    folded = compact(chunk)
    if not folded:
        return set()
    words = {w for w in segmenter_for(tuple(vocab.units)).words(folded) if len(w) >= 2}
    return words or {folded[i : i + 2] for i in range(max(len(folded) - 1, 1))}


def _suggestions(interp: Interpretation, vocab: Vocabulary, conn=None) -> list[str]:
    suggestions: list[str] = []
    for chunk in interp.unrecognised:
        pieces = _words(chunk, vocab)
        for surface, keys in vocab.items.items():
            if any(p and p in surface for p in pieces):
                for key in sorted(keys):
                    name = vocab.item_names.get(key, key)
                    if name not in suggestions:
                        suggestions.append(name)
            if len(suggestions) >= 8:
                break
        for unit in vocab.units:
            if any(p and len(p) == 2 and p in compact(unit) for p in pieces) and unit not in suggestions:
                suggestions.append(unit)
            if len(suggestions) >= 12:
                break
    questions = []
    year = interp.years[-1] if interp.years else (vocab.years[-1] if vocab.years else None)
    for name in suggestions:
        if name in vocab.units:
            questions.append(f"{name} {year or ''} 项目支出".replace("  ", " "))
        else:
            questions.append(f"{name} by unit {year or ''}".strip())
    if interp.items and not questions:
        label = interp.items[0].label
        questions.append(f"{label} by unit")
        if interp.units:
            questions.append(f"{interp.units[0]} {label}")
    for example in example_questions(vocab):
        if example not in questions:
            questions.append(example)
    return questions[:12]
