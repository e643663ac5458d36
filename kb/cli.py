"""The ``kb`` command: a thin layer over the library that turns errors into messages."""

from __future__ import annotations

import importlib
import json
import logging
import os
import sqlite3
import sys
from collections import Counter
from pathlib import Path

import click

from . import __version__
from .batch import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT
from .build import DEFAULT_CORPUS, FileReport, Plan, build, collect_paths, update
from .errors import KBError
from .store.connect import DatabaseMissing, connect_readonly
from .store.export import write_csv
from .store.query import FACT_COLUMNS, FactFilter, find_facts
from .vocabulary import ocr_label


class LazyGroup(click.Group):
    """Commands defined in other modules are imported when run, so that ``kb build`` does
    not start by loading the question app and the web server."""

    LAZY = {
        "check": "kb.checks.cli:check_command",
        "ask": "kb.ask.cli:ask_command",
        "chat": "kb.ask.cli:chat_command",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.LAZY])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.LAZY:
            module, attribute = self.LAZY[name].split(":")
            return getattr(importlib.import_module(module), attribute)
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup)
@click.version_option(__version__, prog_name="kb")
def cli() -> None:
    """budget-kb: search Chinese budget and final-account disclosures."""


@cli.command(name="build")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--db", "db_path", default="kb.db", show_default=True, help="Database to write")
@click.option("--manifest", type=click.Path(exists=True, dir_okay=False), help="Metadata overrides")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=os.cpu_count() or 1,
    show_default="number of cores",
    help="Files read in parallel processes",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    default=DEFAULT_TIMEOUT,
    show_default=True,
    help="Seconds one file may take before it is stopped and reported",
)
@click.option(
    "--memory-limit",
    "memory_mb",
    type=click.IntRange(min=256),
    default=DEFAULT_MEMORY_MB,
    show_default=True,
    help="Megabytes of memory one file may take",
)
@click.option(
    "--scheduler",
    metavar="tcp://HOST:PORT",
    help="Read the files on this Dask distributed cluster (the files at the same path on every worker)",
)
@click.option(
    "--no-ocr",
    "no_ocr",
    is_flag=True,
    help="Do not read scanned pages by OCR (they are reported as not read)",
)
@click.option(
    "--full",
    is_flag=True,
    help="Read every file again (by default only files new or changed since the last build are read)",
)
@click.option(
    "--quiet", is_flag=True, help="No progress bar (a line per file is printed all the same)"
)
def build_command(
    paths: tuple[str, ...],
    db_path: str,
    manifest: str | None,
    workers: int,
    timeout: float,
    memory_mb: int,
    scheduler: str | None,
    no_ocr: bool,
    full: bool,
    quiet: bool,
) -> None:
    """Build the knowledge base from files or folders (default: corpus/).

    Every file is accounted for, a line each as it is done: ingested (ok), a copy of
    another (skip), not a budget disclosure (not), or unreadable (FAIL), with the reason.
    The table ``files`` of the database keeps the same. Building over a database this
    version of kb wrote reads only the files that are new or changed since (--full reads
    them all).
    """
    paths = paths or (str(DEFAULT_CORPUS),)
    progress = Progress(len(collect_paths(paths)), bar=not quiet and sys.stderr.isatty())
    options = {
        "progress": progress,
        "workers": workers,
        "timeout": timeout,
        "memory_mb": memory_mb,
        "scheduler": scheduler,
        "ocr": not no_ocr,
    }
    if not quiet:
        _show_ocr_pages()
    try:
        if full:
            report = build(paths, db_path, manifest, **options)
        else:
            report = update(
                paths,
                db_path,
                manifest,
                planned=lambda plan: _planned(db_path, plan, progress),
                **options,
            )
    except KBError as error:
        raise click.ClickException(str(error)) from None
    finally:
        progress.close()
    counts = Counter(f.status for f in report.files)
    summary = ", ".join(f"{counts[s]} {word}" for s, word in STATUS_WORDS.items() if counts[s])
    if report.unchanged and report.unchanged == len(report.files) and not report.removed:
        click.echo(f"{db_path} is up to date: {len(report.built)} documents ({summary})")
        return
    click.echo(f"Wrote {db_path}: {len(report.built)} documents ({summary})")


def _show_ocr_pages() -> None:
    """A line per page OCR reads (pages are slow: seconds each), from the workers."""
    log = logging.getLogger("kb.ocr")
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(handler)
    log.setLevel(logging.INFO)


def _planned(db_path: str, plan: Plan | None, progress: Progress) -> None:
    if plan is None:
        return
    progress.total = len(plan.read)
    removed = f", {len(plan.removed)} gone" if plan.removed else ""
    click.echo(
        f"Updating {db_path}: {len(plan.read)} files to read, {len(plan.kept)} unchanged{removed}"
    )


STATUS_WORDS = {
    "ingested": "ingested",
    "duplicate": "copies",
    "not_disclosure": "not disclosures",
    "unreadable": "unreadable",
}


class Progress:
    """A line per file as it is done; on a terminal, a bar below them."""

    def __init__(self, total: int, bar: bool):
        self.total, self.done, self.bar = total, 0, bar

    def __call__(self, file: FileReport) -> None:
        self.done += 1
        if self.bar:
            click.echo("\r\033[K", nl=False, err=True)
        for line, err in _file_lines(file):
            click.echo(line, err=err)
        if self.bar:
            width = 30
            filled = width * self.done // max(self.total, 1)
            click.echo(
                f"[{'#' * filled}{'-' * (width - filled)}] {self.done}/{self.total}",
                nl=False,
                err=True,
            )

    def close(self) -> None:
        if self.bar:
            click.echo("\r\033[K", nl=False, err=True)


def _file_lines(item: FileReport) -> list[tuple[str, bool]]:
    took = f" ({item.seconds:.1f} s)" if item.seconds and item.seconds >= 10 else ""
    if item.status == "ingested":
        lines = [
            (
                f"  ok   {item.path}  [{item.layout}] {item.segments} segments, "
                f"{item.tables} tables, {item.terms} terms{took}",
                False,
            )
        ]
        return lines + [(f"       warning: {warning}", False) for warning in item.warnings]
    if item.status == "duplicate":
        return [(f"  skip {item.path}: {item.reason}", False)]
    if item.status == "not_disclosure":
        return [(f"  not  {item.path}: {item.reason}", False)]
    return [(f"  FAIL {item.path}: {item.reason}{took}", True)]


@cli.command(name="search")
@click.argument("query")
@click.option("--db", "db_path", default="kb.db", show_default=True, type=click.Path())
@click.option("--limit", default=20, show_default=True, help="Most hits to show")
@click.option("--json", "as_json", is_flag=True, help="Print hits as JSON")
def search_command(query: str, db_path: str, limit: int, as_json: bool) -> None:
    """Search the knowledge base; unspaced Chinese works (三公经费, 公务接待费)."""
    from .search import search

    conn = _open(db_path)
    hits = search(conn, query, limit=limit)
    if as_json:
        click.echo(json.dumps([h.to_dict() for h in hits], ensure_ascii=False, indent=2))
        return
    if not hits:
        click.echo(f"No results for {query!r}")
        return
    for number, hit in enumerate(hits, start=1):
        where = f"page {hit.page}" if hit.page else f"line {hit.line}"
        click.echo(
            click.style(
                f"{number}. {hit.unit} {hit.year or ''}{hit.document_kind or ''}", bold=True
            )
            + f"  [{hit.kind}] {hit.section or ''} ({where})"
        )
        click.echo(f"   {hit.snippet}")


@cli.command(name="facts")
@click.option("--db", "db_path", default="kb.db", show_default=True, type=click.Path())
@click.option("--unit", help="Unit name or part of it")
@click.option("--year", type=int)
@click.option("--kind", type=click.Choice(["预算", "决算"]))
@click.option("--code", help="Subject code, exact (30217) or prefix (201*)")
@click.option("--item", help="Item name or part of it (公务接待费)")
@click.option("--statement", help="Standard table (三公经费表, 基本支出表, 情况说明 …)")
@click.option("--measure", help="Column (合计, 基本支出, 预算数, 决算数 …)")
@click.option("--source", type=click.Choice(["table", "narrative", "ocr"]))
@click.option("--limit", type=int, help="Most rows to print")
@click.option("--csv", "as_csv", is_flag=True, help="CSV output")
@click.option("--json", "as_json", is_flag=True, help="JSON output")
def facts_command(db_path: str, limit: int | None, as_csv: bool, as_json: bool, **filters) -> None:
    """Figures from the disclosures, each with its document, table, row and page."""
    conn = _open(db_path)
    rows = find_facts(conn, FactFilter(**filters), limit)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif as_csv:
        write_csv(sys.stdout, FACT_COLUMNS, ([row[c] for c in FACT_COLUMNS] for row in rows))
    else:
        for row in rows:
            where = f"page {row['page']}" if row["page"] else f"line {row['line']}"
            table = row["table_number"] or row["statement"]
            click.echo(
                f"{row['unit']} {row['year']}{row['kind']}  {row['code'] or '':<8}{row['item']}  "
                f"{row['measure'] or '(column undetermined)'}  {row['amount']:g} 万元"
                f"  — {table}, row {row['row'] or '-'}, {where}"
                + (f"  [{row['note']}]" if row["note"] else "")
                + (
                    f"  [{ocr_label(row['source'], row['verified'])}]"
                    if row["source"] == "ocr"
                    else ""
                )
            )
        click.echo(f"{len(rows)} facts", err=True)


@cli.command(name="serve")
@click.option("--db", "db_path", default="kb.db", show_default=True, type=click.Path())
@click.option("--port", default=8001, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
def serve_command(db_path: str, port: int, host: str) -> None:
    """Serve the database read-only with Datasette."""
    if not Path(db_path).exists():
        raise click.ClickException(f"{db_path} does not exist; run 'kb build' first")
    from .web.inspect import current_inspect_file
    from .web.serve import datasette_command

    inspect_file, written = current_inspect_file(db_path)
    if written:
        click.echo(f"Counted the tables of {db_path} ({inspect_file.name})", err=True)
    args = datasette_command(db_path, host, port, str(inspect_file))
    click.echo(f"Serving {db_path} at http://{host}:{port}/ (questions at /ask)", err=True)
    # Become Datasette, so that stopping kb serve stops the server with it.
    os.execv(args[0], args)


def _open(db_path: str) -> sqlite3.Connection:
    try:
        return connect_readonly(db_path)
    except DatabaseMissing as error:
        raise click.ClickException(str(error)) from None
