"""``kb ask "QUESTION" --db kb.db [--json]``: the web page's answer in the terminal.

Register with ``from .ask.cli import ask_command`` and ``cli.add_command(ask_command)``.
"""

from __future__ import annotations

import contextlib
import json
import sys
import unicodedata

import click

from ..store.connect import DatabaseMissing, connect_readonly
from ..store.export import write_csv
from .answer import Links, ask
from .questions.base import money


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(width - _width(text), 0)
    return gap + text if right else text + gap


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return money(value)
    return str(value)


def _table(labels: list[str], rows: list[list], numeric: list[bool]) -> str:
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [
        max([_width(label)] + [_width(r[i]) for r in cells]) for i, label in enumerate(labels)
    ]
    lines = ["  ".join(_pad(label, widths[i]) for i, label in enumerate(labels))]
    lines.append("  ".join("-" * w for w in widths))
    for row in cells:
        lines.append("  ".join(_pad(v, widths[i], numeric[i]) for i, v in enumerate(row)).rstrip())
    return "\n".join(lines)


@click.command(name="ask")
@click.argument("question")
@click.option("--db", "db_path", default="kb.db", show_default=True, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="The same object as GET /ask.json")
@click.option("--csv", "as_csv", is_flag=True, help="The table as CSV")
@click.option("--sql", "show_sql", is_flag=True, help="Also print the SQL and its parameters")
@click.option("--datasette-url", default="/", show_default=True, help="Base of the source links")
@click.option(
    "--context", default=None, help="The context of the answer before: a follow-up question"
)
def ask_command(
    question: str,
    db_path: str,
    as_json: bool,
    as_csv: bool,
    show_sql: bool,
    datasette_url: str,
    context: str | None,
) -> None:
    """Answer a budget question with a table: 公务接待费 by unit 2022, 2022年各单位公务接待费,
    吉林市政务信息中心 2022 项目支出, 三公经费 by year, 公务接待费前5名, 30217 2022 …

    With --context (the "context" of a --json answer) the question may follow up on it:
    那2023年呢, 其中因公出国呢, 加起来多少. Exit status 0 when answered, 3 when the
    question could not be interpreted.
    """
    conn = _connect(db_path)
    database = db_path.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "kb"
    answer = ask(
        conn, question, db_path=db_path, links=Links(datasette_url, database), context=context
    )
    if as_json:
        click.echo(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
    elif as_csv and answer.understood:
        write_csv(sys.stdout, answer.labels, answer.rows)
    else:
        _print(answer, show_sql)
    if not answer.understood:
        sys.exit(3)


def _connect(db_path: str):
    try:
        return connect_readonly(db_path, timeout_ms=60_000)
    except DatabaseMissing as error:
        raise click.ClickException(str(error)) from None


@click.command(name="chat")
@click.option("--db", "db_path", default="kb.db", show_default=True, type=click.Path())
@click.option("--sql", "show_sql", is_flag=True, help="Also print each answer's SQL")
def chat_command(db_path: str, show_sql: bool) -> None:
    """A conversation in the terminal: each question may follow up on the answer before
    (那2023年呢, 只看吉林市的单位, 前3名, 加起来多少); a number picks one of the choices a
    question without its item is offered. “新问题” starts afresh; an empty line or Ctrl-D
    ends it."""
    conn = _connect(db_path)
    database = db_path.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "kb"
    with contextlib.suppress(ImportError):
        import readline  # noqa: F401  (history and line editing where the terminal has it)
    context, choices = None, []
    while True:
        try:
            question = input("问 > ").strip()
        except EOFError:
            break
        if not question:
            break
        if question in ("新问题", "new", "reset"):
            context = None
            continue
        if question.isdigit() and 0 < int(question) <= len(choices):
            question = choices[int(question) - 1]  # one of the choices offered
            click.echo(f"问 > {question}")
        answer = ask(conn, question, db_path=db_path, links=Links("/", database), context=context)
        _print(answer, show_sql)
        click.echo()
        context, choices = answer.context or context, answer.choices


def _print(answer, show_sql: bool) -> None:
    interp = answer.interpretation
    click.echo(click.style("理解为：", bold=True) + interp.to_dict()["description"])
    recognised = [f"{r['text']}（{r['as']}）" for r in interp.recognised if r["as"] != "filler"]
    if recognised:
        click.echo("识别出：" + "  ".join(recognised))
    if interp.unrecognised:
        click.echo("没有识别：" + "  ".join(interp.unrecognised))
    if answer.error:
        click.echo(answer.error, err=True)
    if answer.understood and answer.rows:
        numeric = [
            all(isinstance(r[i], (int, float)) or r[i] is None for r in answer.rows)
            and c not in ("year", "fact_id", "check_id", "segment_id")
            for i, c in enumerate(answer.columns)
        ]
        click.echo()
        click.echo(_table(answer.labels, answer.rows, numeric))
        click.echo()
    if answer.summary:
        click.echo(click.style(answer.summary, bold=True))
    for number, choice in enumerate(answer.choices, 1):
        click.echo(f"  {number}. {choice}")
    for note in answer.notes:
        click.echo("注：" + note)
    if answer.understood and answer.sources:
        urls = [s["url"] for row in answer.sources for s in row if s.get("url")]
        click.echo("出处：" + " ".join(urls[:20]) + (" …" if len(urls) > 20 else ""))
    if show_sql and answer.sql:
        click.echo()
        click.echo(answer.sql)
        for name, value in answer.params.items():
            click.echo(f"  :{name} = {value!r}")
    if answer.suggestions and (not answer.understood or not answer.rows):
        click.echo("可以这样问：")
        for suggestion in answer.suggestions:
            click.echo(f"  {suggestion}")
