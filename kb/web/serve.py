"""How the knowledge base is served: Datasette, the database immutable (read-only), with
the package's plugins, templates and metadata (registered as Datasette plugins through the
``datasette`` entry points in pyproject.toml, so a wheel install serves the same site)."""

from __future__ import annotations

import sys

# Datasette settings: long paragraphs are cut in table views (the row page and the
# document page show them whole); pages may be cached for five minutes.
SETTINGS = {
    "truncate_cells_html": 300,
    # the served file does not change while the server runs (plugins/generation.py)
    "default_cache_ttl": 300,
}


def datasette_command(
    db_path: str, host: str, port: int, inspect_file: str | None = None
) -> list[str]:
    """``datasette serve`` for one immutable knowledge base on one port (with its table
    counts and hash from ``inspect_file``: kb/web/inspect.py)."""
    args = [
        sys.executable,
        "-m",
        "datasette",
        "serve",
        "-i",
        db_path,
        "--host",
        host,
        "--port",
        str(port),
    ]
    if inspect_file:
        args += ["--inspect-file", inspect_file]
    for name, value in SETTINGS.items():
        args += ["--setting", name, str(value)]
    return args


def datasette_options() -> dict:
    """Keyword arguments for ``datasette.app.Datasette`` that match ``datasette_command``
    (for tests and in-process use)."""
    return {"settings": dict(SETTINGS)}
