"""PDFs to page-numbered lines and blocks, with pdfplumber (see ``document``).

One module per concept: ``page`` (a page to its lines and tables), ``lines`` (words to
lines and chunks), ``rotate`` (sideways pages), ``ruled`` (tables by ruling lines),
``unruled`` and ``headings`` (tables by word positions), ``grid`` (the table model both
produce), ``codes`` (类/款/项 code cells joined), ``continued`` (pages to one stream of
blocks, tables joined over page breaks).
"""

from .document import ENCRYPTED, NO_TEXT, pdf_to_blocks, pdf_to_lines

__all__ = ["ENCRYPTED", "NO_TEXT", "pdf_to_blocks", "pdf_to_lines"]
