"""HTML pages to lines and blocks: the page's text in reading order, its data tables as
``TableBlock`` rows, and what a crawler needs to know of it (title, links, error page).

Government sites publish some disclosures as HTML tables, and crawlers save landing pages
(a title and a link to the PDF), index pages and error pages, sometimes under a ``.pdf``
name. Reading them with the standard library's ``html.parser`` keeps broken markup
readable. Layout tables (a table holding tables) are read as text; a table without
tables inside, with two rows or more, is a data table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from ..model import Line
from .layouts import Block, TableBlock, TextBlock, clean_cell

SKIPPED = {"script", "style", "noscript", "template", "svg", "head", "iframe", "select", "button"}
BLOCKS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section",
    "article", "header", "footer", "nav", "aside", "blockquote", "pre", "dt", "dd", "hr",
    "caption", "form", "center", "address", "figcaption", "main",
}  # fmt: skip
ERROR_PAGE = re.compile(
    r"^\s*(?:404|403|500|502|503)\b|not found|页面不存在|找不到|无法访问|访问出错|错误页"
)
ATTACHMENT = re.compile(
    r"\.(?:pdf|docx?|xlsx?|wps|et|zip|rar)(?:$|[?#])|download|attach", re.IGNORECASE
)


@dataclass
class Link:
    href: str
    text: str


@dataclass
class Page:
    """What the reader found in an HTML page besides its lines and blocks."""

    title: str = ""
    links: list[Link] = field(default_factory=list)
    tables: int = 0  # data tables

    @property
    def attachments(self) -> list[Link]:
        """Links to files (a PDF, a spreadsheet) or downloads: the documents a page points to."""
        return [
            link
            for link in self.links
            if ATTACHMENT.search(link.href) or ATTACHMENT.search(link.text)
        ]

    def is_error_page(self, text: str) -> bool:
        body = re.sub(r"\s+", "", text)
        return bool(ERROR_PAGE.search(self.title.lower())) or (
            len(body) < 200 and bool(ERROR_PAGE.search(body.lower()))
        )


@dataclass
class _Table:
    rows: list[list[str]] = field(default_factory=list)
    row: list[str] | None = None
    cell: list[str] | None = None
    span: int = 1
    nested: bool = False
    line: int = 0


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.items: list[tuple[str, object]] = []  # ("text", str) | ("table", _Table)
        self.text: list[str] = []
        self.skip = 0
        self.in_title = False
        self.tables: list[_Table] = []
        self.link: Link | None = None

    # -- text flow --
    def _break(self) -> None:
        if self.text:
            self.items.append(("text", "".join(self.text)))
            self.text = []

    def handle_starttag(self, tag, attrs):  # noqa: C901 (a branch per kind of tag)
        if tag in SKIPPED and tag != "head":
            self.skip += 1
            return
        if tag == "title":
            self.in_title = True
        elif tag == "a":
            self.link = Link(dict(attrs).get("href") or "", "")
        elif tag == "table":
            self._break()
            if self.tables:  # a layout table: what it held so far is page text
                outer = self.tables[-1]
                self._close_row()
                outer.nested = True
                self.items.append(("table", _Table(rows=outer.rows, nested=True)))
                outer.rows = []
            self.tables.append(_Table())
        elif tag == "tr" and self.tables:
            self._close_row()
            self.tables[-1].row = []
        elif tag in ("td", "th") and self.tables:
            table = self.tables[-1]
            self._close_cell()
            if table.row is None:
                table.row = []
            table.cell = []
            span = dict(attrs).get("colspan") or "1"
            table.span = min(int(span), 50) if span.isdigit() and int(span) > 0 else 1
        elif tag in BLOCKS:
            if self.tables and self.tables[-1].cell is not None:
                self.tables[-1].cell.append("\n")
            else:
                self._break()

    def handle_endtag(self, tag):
        if tag in SKIPPED and tag != "head":
            self.skip = max(0, self.skip - 1)
            return
        if tag == "title":
            self.in_title = False
        elif tag == "a" and self.link is not None:
            self.link.text = " ".join(self.link.text.split())
            self.page.links.append(self.link)
            self.link = None
        elif tag in ("td", "th"):
            self._close_cell()
        elif tag == "tr":
            self._close_row()
        elif tag == "table" and self.tables:
            self._close_row()
            table = self.tables.pop()
            self.items.append(("table", table))
        elif tag in BLOCKS and not self.tables:
            self._break()

    def handle_data(self, data):
        if self.skip:
            return
        if self.in_title:
            self.page.title += data
            return
        if self.link is not None:
            self.link.text += data
        if self.tables and self.tables[-1].cell is not None:
            self.tables[-1].cell.append(data)
        elif not self.tables:
            self.text.append(data)

    def _close_cell(self) -> None:
        table = self.tables[-1] if self.tables else None
        if table is None or table.cell is None:
            return
        text = clean_cell("".join(table.cell))
        if table.row is None:
            table.row = []
        table.row.extend([text] + [""] * (table.span - 1))
        table.cell = None
        table.span = 1

    def _close_row(self) -> None:
        self._close_cell()
        table = self.tables[-1] if self.tables else None
        if table is not None and table.row is not None:
            if any(cell.strip() for cell in table.row):
                table.rows.append(table.row)
            table.row = None

    def close(self) -> None:
        super().close()
        while self.tables:
            self._close_row()
            self.items.append(("table", self.tables.pop()))
        self._break()


def html_to_blocks(text: str) -> tuple[list[Line], list[Block], Page]:
    """The page's lines (numbered, the title first) and blocks, and what it links to."""
    reader = _Reader()
    reader.feed(text)
    reader.close()
    page = reader.page
    page.title = " ".join(page.title.split())
    lines: list[Line] = []
    blocks: list[Block] = []

    def add_line(content: str) -> Line:
        line = Line(content, len(lines) + 1)
        lines.append(line)
        return line

    if page.title:
        blocks.append(TextBlock(add_line(page.title)))
    for kind, item in reader.items:
        if kind == "text":
            for piece in str(item).split("\n"):
                piece = " ".join(piece.split())
                if piece:
                    blocks.append(TextBlock(add_line(piece)))
        else:
            blocks.extend(_table_blocks(item, add_line, page))
    return lines, blocks, page


def _table_blocks(table: _Table, add_line, page: Page) -> list[Block]:
    """A data table as one TableBlock; a layout table's cells as lines of text."""
    width = max((len(row) for row in table.rows), default=0)
    if table.nested or len(table.rows) < 2 or width < 2:
        return [TextBlock(add_line(cell)) for row in table.rows for cell in row if cell.strip()]
    page.tables += 1
    rows = [row + [""] * (width - len(row)) for row in table.rows]
    numbers = [add_line("\t".join(row)).number for row in rows]
    return [TableBlock(rows=rows, row_lines=numbers, page=None, line=numbers[0])]
