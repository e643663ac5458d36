"""``kb check``: each document's own arithmetic and completeness, as a report or JSON.

Registered in kb/cli.py with ``cli.add_command(check_command)``.
"""

from __future__ import annotations

import json

import click

from ..store.connect import DatabaseMissing, connect_readonly
from .names import CHECK_NAMES
from .report import connection_to_rows, report_to_text, rows_to_reports


@click.command(name="check")
@click.option("--db", "db_path", default="kb.db", show_default=True, type=click.Path())
@click.option("--unit", help="Unit name or part of it")
@click.option("--year", type=int)
@click.option("--check", "check", type=click.Choice(CHECK_NAMES), help="Only this check")
@click.option(
    "--all", "show_all", is_flag=True, help="List passed checks too, not only their counts"
)
@click.option("--json", "as_json", is_flag=True, help="JSON output")
def check_command(
    db_path: str,
    unit: str | None,
    year: int | None,
    check: str | None,
    show_all: bool,
    as_json: bool,
) -> None:
    """Where a disclosure contradicts itself, what it leaves out: a report per document."""
    try:
        conn = connect_readonly(db_path)
    except DatabaseMissing as error:
        raise click.ClickException(str(error)) from None
    try:
        rows = connection_to_rows(conn)
        reports = rows_to_reports(conn, rows, unit=unit, year=year, check=check)
    finally:
        conn.close()
    show = ("fail", "unverifiable", "pass") if show_all else ("fail", "unverifiable")
    if as_json:
        click.echo(json.dumps([r.to_dict(show) for r in reports], ensure_ascii=False, indent=2))
        return
    if not reports:
        click.echo("No matching documents")
        return
    click.echo("\n\n".join(report_to_text(r, show) for r in reports))
    failed = sum(r.counts["fail"] for r in reports)
    click.echo(f"\n{len(reports)} documents, {failed} failed checks", err=True)
