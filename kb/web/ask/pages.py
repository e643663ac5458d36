"""The question page, its CSV download and permalink: the ``ask`` blueprint."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urljoin

from flask import (
    Blueprint,
    Response,
    current_app,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from markupsafe import Markup, escape

from ...ask.answer import Answer, Links, ask, example_questions
from ...ask.interpretation import MAX_QUESTION, Interpretation
from ...ask.questions.base import money
from ...ask.questions.checks import STATUS_WORDS
from ...ask.vocab import for_database
from ...store.connect import DatabaseMissing
from ...store.export import csv_text
from .request_db import get_db

bp = Blueprint(
    "ask",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/ask/static",
)

ROLE_WORDS = {
    "item": "项目",
    "code": "科目编码",
    "unit": "单位",
    "unit_part": "单位（部分名称）",
    "region": "地区",
    "sector": "行业",
    "year": "年度",
    "years": "年度范围",
    "group": "分组",
    "rate": "执行率",
    "projects": "项目清单",
    "share": "占比",
    "change": "比上年变化",
    "unsupported": "暂不支持",
    "total": "合计",
    "relative_year": "相对年度",
    "which": "哪个单位",
    "rank": "排序",
    "limit": "前几名",
    "compare": "预决算对比",
    "side": "口径",
    "measure": "列",
    "breakdown": "科目分解",
    "level": "级次",
    "checks": "检查",
    "define": "释义",
    "filler": "虚词",
}


def links() -> Links:
    config = current_app.config
    database = config.get("DATASETTE_DATABASE") or Path(config["DATABASE"]).stem
    return Links(config.get("DATASETTE_URL") or "/", database)


def question_arg() -> str:
    return request.args.get("q", "", type=str)


MAX_TURNS = 20


def thread_arg() -> list[str]:
    """The questions asked before this one in the conversation (``?thread=``, one a line)."""
    lines = request.args.get("thread", "", type=str).splitlines()
    return [q[:MAX_QUESTION] for q in lines if q.strip()][-MAX_TURNS:]


def current_answer(question: str, context: str | None = None) -> Answer:
    """The answer to ``question`` from the configured database (shared by page, CSV, API);
    ``context`` (``?context=``, or the conversation in ``?thread=``) makes it a follow-up."""
    config = current_app.config
    try:
        conn = get_db()
    except DatabaseMissing as error:
        interp = Interpretation(question=question[:MAX_QUESTION], problem="database")
        return Answer(interp.question, interp, status=503, error=str(error))
    if context is None:
        context = request.args.get("context") or (
            conversation()[-1].context if thread_arg() else None
        )
    return ask(
        conn,
        question,
        db_path=config["DATABASE"],
        links=links(),
        max_rows=config["MAX_ROWS"],
        context=context,
    )


def conversation() -> list[Answer]:
    """The answers to the thread's questions, each following up on the one before."""
    if "thread" not in g:
        answers: list[Answer] = []
        for question in thread_arg():
            before = answers[-1].context if answers else None
            answers.append(current_answer(question, before or ""))
        g.thread = answers
    return g.thread


@bp.app_template_filter("money")
def money_filter(value) -> str:
    return (
        money(value) if isinstance(value, (int, float)) else ("" if value is None else str(value))
    )


@bp.app_template_filter("highlight")
def highlight_filter(text) -> Markup:
    """A search snippet with its 【…】 marks as <mark>, everything else escaped."""
    escaped = escape(text or "")
    return escaped.replace("【", Markup("<mark>")).replace("】", Markup("</mark>"))


@bp.get("/ask/")
def slash():
    """/ask/ (Datasette's menu link) is /ask."""
    return redirect(url_for("ask.page", **request.args))


MAX_KNOWN = 200  # names offered while a chip is edited


def edited_question() -> str | None:
    """The question the edited chips make (``?w=`` once per chip, in order; a cleared chip
    drops out), or None when the page was not sent from the chips."""
    if "w" not in request.args:
        return None
    words = [w.strip() for w in request.args.getlist("w", type=str) if w.strip()]
    return " ".join(words)[:MAX_QUESTION]


def known_names() -> dict | None:
    """Years, items and units of the database: what an edited chip is offered."""
    try:
        vocab = for_database(get_db(), current_app.config["DATABASE"])
    except Exception:  # no database: the page still renders with its message
        return None
    items = vocab.common_items[:MAX_KNOWN]
    return {"years": vocab.years, "items": items, "units": vocab.units[:MAX_KNOWN]}


@bp.get("/ask")
def page():
    edited = edited_question()
    if edited is not None:  # the chips, edited: asked again as a question of its own URL
        return redirect(url_for("ask.page", q=edited, thread=request.args.get("thread") or None))
    question = question_arg()
    turns = conversation()
    answer = current_answer(question) if question.strip() else None
    asked = [t.question for t in turns] + ([question] if answer is not None else [])
    examples: list[str] = []
    if answer is None or not answer.understood:
        try:
            examples = example_questions(for_database(get_db(), current_app.config["DATABASE"]))
        except Exception:  # no database: the page still renders with its message
            examples = []
    status = 503 if answer is not None and answer.status == 503 else 200
    return (
        render_template(
            "ask/page.html",
            question=question,
            answer=answer,
            examples=examples,
            roles=ROLE_WORDS,
            status_words=STATUS_WORDS,
            datasette_url=current_app.config.get("DATASETTE_URL") or "/",
            permalink=(
                url_for("ask.page", q=question, thread=_lines(asked[:-1]), _external=True)
                if question
                else None
            ),
            turns=turns,
            thread_before=[_lines(asked[:n]) for n in range(len(turns))],
            thread=_lines(asked),
            before=_lines(asked[:-1]),
            known=known_names() if (answer is not None or turns) else None,
            max_length=MAX_QUESTION,
        ),
        status,
    )


def _lines(questions: list[str]) -> str | None:
    return "\n".join(questions) or None


@bp.get("/ask.csv")
def csv_download():
    question = question_arg()
    answer = current_answer(question)
    if not answer.understood:
        message = answer.error or answer.summary or "无法回答"
        return Response(message + "\n", status=answer.status, mimetype="text/plain")
    rows = [
        [*row, " ".join(urljoin(request.host_url, s["url"]) for s in sources if s.get("url"))]
        for row, sources in zip(answer.rows, answer.sources, strict=True)
    ]
    body = csv_text([*answer.labels, "来源链接"], rows, bom=True)
    response = Response(body.encode("utf-8"), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    name = quote(f"ask-{question[:40]}.csv", safe="")
    response.headers["Content-Disposition"] = (
        f"attachment; filename=ask.csv; filename*=UTF-8''{name}"
    )
    return response
