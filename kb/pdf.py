"""PDFs: pages to page-numbered lines with pdfplumber, with clear errors for bad files."""

from __future__ import annotations

import io

from .errors import UnreadableFile
from .model import Line


def pdf_to_lines(data: bytes, path: str) -> tuple[list[Line], int]:
    """Return (lines, page count); lines carry their 1-based page number."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    if not data.startswith(b"%PDF"):
        raise UnreadableFile(path, "not a PDF (no %PDF header)")
    if b"%%EOF" not in data[-2048:]:
        raise UnreadableFile(path, "truncated PDF (no %%EOF marker at the end)")
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            lines: list[Line] = []
            for page_number, page in enumerate(pdf.pages, start=1):
                text = page.extract_text() or ""
                for number, raw in enumerate(text.split("\n"), start=1):
                    lines.append(Line(raw.rstrip(), number, page_number))
            pages = len(pdf.pages)
    except (PDFEncryptionError, PDFPasswordIncorrect):
        raise UnreadableFile(path, "encrypted PDF (password protected)") from None
    except PDFSyntaxError as error:
        raise UnreadableFile(path, f"damaged PDF ({error})") from None
    except Exception as error:  # pdfminer raises many unrelated types on broken files
        if "password" in str(error).lower() or "encrypt" in str(error).lower():
            raise UnreadableFile(path, "encrypted PDF (password protected)") from None
        raise UnreadableFile(path, f"damaged PDF ({type(error).__name__}: {error})") from None
    if not any(line.text.strip() for line in lines):
        raise UnreadableFile(path, "no text layer (scanned?)")
    return lines, pages
