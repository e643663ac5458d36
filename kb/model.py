"""The document model every reader produces and every later stage consumes."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Line:
    """One line of a source document, with where it came from."""

    text: str
    number: int  # 1-based line number in the text (for PDFs: in the page's text)
    page: int | None = None


@dataclass
class Table:
    title: str | None = None
    number: str | None = None  # as printed: 预算表5, 公开06表, 表8
    unit: str | None = None  # 万元 or 元 as the table states it
    statement: str | None = None  # which standard table this is, when recognised
    header: list[list[str]] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    row_lines: list[int] = field(default_factory=list)  # source line of each body row
    row_pages: list[int] = field(default_factory=list)  # page of each body row (PDFs)
    notes: list[str] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not any(cell.strip() for row in self.rows for cell in row)

    def line_of(self, row: int | None) -> int | None:
        """The source line of a 1-based body row."""
        return self.row_lines[row - 1] if row and 0 < row <= len(self.row_lines) else None

    def page_of(self, row: int | None) -> int | None:
        """The page of a 1-based body row (PDFs, where a table runs over pages)."""
        return self.row_pages[row - 1] if row and 0 < row <= len(self.row_pages) else None


@dataclass
class Segment:
    kind: str  # heading | paragraph | table | glossary
    text: str
    section: str
    line: int
    page: int | None = None
    level: int | None = None  # headings only
    position: int = 0  # order within the document
    table: Table | None = None
    term: str | None = None  # glossary only
    definition: str | None = None  # glossary only
    # paragraphs over pages: (offset in text, page) where each later page's text starts
    page_starts: list[tuple[int, int]] = field(default_factory=list)

    def page_at(self, offset: int) -> int | None:
        """The page a character of the text is printed on."""
        page = self.page
        for start, later in self.page_starts:
            if offset >= start:
                page = later
        return page


@dataclass
class Metadata:
    title: str | None = None
    unit: str | None = None
    year: int | None = None
    kind: str | None = None  # 预算 | 决算
    scope: str | None = None  # 部门 | 单位
    region: str | None = None


@dataclass
class Verdict:
    """Whether a file is a budget or final-account disclosure, and why, in a sentence."""

    disclosure: bool
    reason: str


@dataclass(frozen=True)
class OcrBox:
    """A run of text read by OCR from a page's pixels, with the recogniser's confidence
    (0–1), in PDF points on the page as displayed."""

    text: str
    score: float
    x0: float
    top: float
    x1: float
    bottom: float
    repaired_from: str | None = None  # an amount read with broken separators, as read


@dataclass
class Document:
    path: str
    sha256: str
    format: str  # pdf | html | text
    layout: str
    encoding: str | None
    pages: int | None
    lines: list[Line]
    segments: list[Segment] = field(default_factory=list)
    metadata: Metadata = field(default_factory=Metadata)
    warnings: list[str] = field(default_factory=list)
    verdict: Verdict | None = None
    content_key: str | None = None  # a hash of the text, the same for re-encoded copies
    ocr: dict[int, list[OcrBox]] = field(
        default_factory=dict
    )  # pages read by OCR: their text boxes

    @property
    def tables(self) -> list[Table]:
        return [s.table for s in self.segments if s.table is not None]

    @property
    def glossary(self) -> list[Segment]:
        return [s for s in self.segments if s.kind == "glossary"]
