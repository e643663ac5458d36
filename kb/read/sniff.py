"""What a file is, from its bytes, whatever its name says."""

from __future__ import annotations

import re

# Formats kb reads, and others it names when it cannot read them.
PDF, HTML, TEXT, OTHER = "pdf", "html", "text", "other"
HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b", re.I | re.S
)
HTML_TAG = re.compile(rb"<(?:html|head|body|title|div|table|p)\b[^>]*>", re.I)
MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"PK\x03\x04", "a ZIP archive (or an Office .docx/.xlsx file)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Office 97–2003 file (.doc/.xls/.wps)"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"{\\rtf", "an RTF document"),
)


def sniff(data: bytes) -> tuple[str, str | None]:
    """(format, what it is when kb cannot read it)."""
    head = data[:4096]
    if b"%PDF-" in head[:1024]:
        return PDF, None
    for magic, name in MAGIC:
        if head.startswith(magic):
            return OTHER, name
    text_head = head.lstrip(b"\xef\xbb\xbf")
    if HTML_START.match(text_head) or len(HTML_TAG.findall(head)) >= 3:
        return HTML, None
    return TEXT, None
