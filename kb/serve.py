"""How the knowledge base is served: Datasette, read-only, with the repository's
metadata, plugins and templates.

Besides the command line this module holds the little that the Datasette plugins in
``plugins/`` share (a plugins-dir module cannot import another one): which databases
are knowledge bases, where a document's source file is, the URLs of the provenance
pages, and search-term highlighting as HTML.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from urllib.parse import urlencode

from markupsafe import Markup, escape

from .read import SUPPORTED

REPO_ROOT = Path(__file__).resolve().parent.parent
METADATA = REPO_ROOT / "metadata.yml"
PLUGINS = REPO_ROOT / "plugins"
TEMPLATES = REPO_ROOT / "templates"
DEFAULT_PORT = 8001

# Datasette settings: long paragraphs are cut in table views (the row page and the
# document page show them whole).
SETTINGS = {"truncate_cells_html": 300}

# Tables every knowledge-base database has; other attached databases are left alone.
KB_TABLES = frozenset({"documents", "segments", "facts"})


def datasette_command(db_path: str, host: str, port: int) -> list[str]:
    """``datasette serve`` for one immutable knowledge base on one port."""
    args = [sys.executable, "-m", "datasette", "serve", "-i", db_path, "--host", host, "--port", str(port)]
    for name, value in SETTINGS.items():
        args += ["--setting", name, str(value)]
    if METADATA.exists():
        args += ["--metadata", str(METADATA)]
    if PLUGINS.is_dir():
        args += ["--plugins-dir", str(PLUGINS)]
    if TEMPLATES.is_dir():
        args += ["--template-dir", str(TEMPLATES)]
    return args


def datasette_options() -> dict:
    """Keyword arguments for ``datasette.app.Datasette`` that match ``datasette_command``
    (for tests and in-process use)."""
    import yaml

    options: dict = {"settings": dict(SETTINGS)}
    if METADATA.exists():
        options["metadata"] = yaml.safe_load(METADATA.read_text("utf-8"))
    if PLUGINS.is_dir():
        options["plugins_dir"] = str(PLUGINS)
    if TEMPLATES.is_dir():
        options["template_dir"] = str(TEMPLATES)
    return options


# --- knowledge-base databases ----------------------------------------------------------


async def is_kb_database(datasette, database: str | None) -> bool:
    """Is ``database`` a knowledge base (remembered per Datasette instance)?"""
    if database is None:
        return False
    known = datasette.__dict__.setdefault("_kb_database_cache", {})
    if database not in known:
        try:
            db = datasette.get_database(database)
        except KeyError:
            return False
        known[database] = KB_TABLES <= set(await db.table_names())
    return known[database]


async def kb_databases(datasette) -> list[str]:
    return [name for name in datasette.databases if await is_kb_database(datasette, name)]


def database_file(datasette, database: str) -> Path | None:
    path = getattr(datasette.get_database(database), "path", None)
    return Path(path) if path else None


def resolve_source(recorded: str, db_file: Path | None = None, sha256: str | None = None) -> Path | None:
    """The file a ``documents.path`` names, or None when it cannot be found.

    Paths are recorded as ``kb build`` was given them: absolute, or relative to the
    directory it ran in (usually the repository). A relative path is looked up against
    the current directory, the database's directory and the repository. Only disclosure
    files are served, and with ``sha256`` only the very file that was built: a database
    built elsewhere cannot make the server hand out other files.
    """
    if not recorded or Path(recorded).suffix.lower() not in SUPPORTED:
        return None
    path = Path(recorded)
    candidates = [path] if path.is_absolute() else [Path.cwd() / path, REPO_ROOT / path]
    if db_file is not None and not path.is_absolute():
        candidates.insert(1, db_file.resolve().parent / path)
    for candidate in candidates:
        if candidate.is_file() and (sha256 is None or _sha256(candidate) == sha256):
            return candidate
    return None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- provenance URLs --------------------------------------------------------------------


def document_url(
    datasette,
    database: str,
    document_id: int,
    *,
    segment: int | None = None,
    row: int | None = None,
    fact: int | None = None,
) -> str:
    """The document page, with the segment (and table row) to highlight and jump to."""
    path = datasette.urls.database(database) + f"/-/document/{int(document_id)}"
    query = {k: v for k, v in (("segment", segment), ("row", row), ("fact", fact)) if v is not None}
    url = path + ("?" + urlencode(query) if query else "")
    if segment is not None:
        url += f"#s{int(segment)}" + (f"-r{int(row)}" if row is not None else "")
    return url


def source_url(datasette, database: str, document_id: int, page: int | None = None) -> str:
    """The document's source file (a PDF opens at ``page``)."""
    url = datasette.urls.database(database) + f"/-/source/{int(document_id)}"
    return url + (f"#page={int(page)}" if page else "")


# --- highlighting -----------------------------------------------------------------------


def query_terms(query: str) -> list[str]:
    from kb.search import query_terms as terms

    return terms(query or "")


def highlight_spans(text: str, query: str) -> list[tuple[int, int]]:
    from kb.snippets import find_spans

    terms = query_terms(query)
    return find_spans(text, terms) if terms and text else []


def highlight_html(text: str | None, query: str, width: int | None = None) -> Markup:
    """The text, HTML-escaped, with every match of the query's terms in ``<mark>``.

    With ``width`` only a window of about ``2 * width`` characters around the first
    match is kept (a snippet).
    """
    text = text or ""
    if width is not None:
        text = " ".join(text.split())
    spans = highlight_spans(text, query)
    start, end = 0, len(text)
    if width is not None:
        first = spans[0][0] if spans else 0
        start = max(0, first - width // 2)
        end = min(len(text), start + width * 2)
    out = [escape("…") if start > 0 else Markup("")]
    cursor = start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        out.append(escape(text[cursor:span_start]))
        out.append(Markup("<mark>") + escape(text[span_start:span_end]) + Markup("</mark>"))
        cursor = span_end
    out.append(escape(text[cursor:end]))
    if end < len(text):
        out.append(escape("…"))
    return Markup("").join(out)


def format_amount(amount) -> str:
    """1346.7 -> '1,346.7'; at most four decimals, trailing zeros dropped."""
    if amount is None or amount == "":
        return ""
    try:
        value = float(amount)
    except (TypeError, ValueError):
        return str(amount)
    text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# --- hidden columns ---------------------------------------------------------------------

PLUGIN_NAME = "budget-kb"


def hidden_columns(datasette, database: str | None, table: str | None, request=None) -> list[str]:
    """A table's ``plugins: {budget-kb: {hidden_columns: [...]}}`` metadata, less the
    columns the request asks for with ``?_col=``."""
    if not database or not table:
        return []
    config = datasette.plugin_config(PLUGIN_NAME, database=database, table=table) or {}
    hidden = list(config.get("hidden_columns") or [])
    if request is not None:
        asked = set(request.args.getlist("_col"))
        hidden = [c for c in hidden if c not in asked]
    return hidden
