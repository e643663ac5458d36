"""HTML the plugins share: search terms marked in text, amounts formatted, and the
columns a table page hides."""

from __future__ import annotations

from markupsafe import Markup, escape

from ..search import find_spans, query_terms
from ..vocabulary import ocr_label


def highlight_spans(text: str, query: str) -> list[tuple[int, int]]:
    terms = query_terms(query or "")
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


def cell_value(row, key):
    """A cell of a Datasette row; None when the column was not selected. Expanded foreign
    keys are ``{"value": …, "label": …}``."""
    try:
        value = row[key]
    except (KeyError, IndexError):
        return None
    return value.get("value") if isinstance(value, dict) else value


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


def amount_html(amount, source: str | None = None, verified=None) -> Markup:
    """An amount in 万元, flagged when it was read by OCR (never shown as a plain fact)."""
    text = escape(format_amount(amount))
    label = ocr_label(source, verified)
    if label is None:
        return Markup(text)
    css = "kb-ocr" if verified else "kb-ocr kb-ocr-unverified"
    return Markup(f'{text} <small class="{css}" title="{escape(label)}">{escape(label)}</small>')
