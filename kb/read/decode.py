"""Text files: bytes to decoded lines, with the encoding found and clear errors."""

from __future__ import annotations

import codecs

from ..errors import UnreadableFile
from ..model import Line

# GB18030 is a superset of GBK and GB2312, so one attempt covers all three.
ENCODINGS = ("utf-8-sig", "gb18030")
CONTROL_OK = {"\t", "\n", "\r", "\f"}


def bytes_to_text(data: bytes, path: str) -> tuple[str, str]:
    """Decode a text disclosure, returning (text, encoding) or raising UnreadableFile."""
    if not data.strip():
        raise UnreadableFile(path, "empty file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with its byte-order mark
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise UnreadableFile(path, "broken UTF-16 text") from None
    if b"\x00" in data[:4096]:
        raise UnreadableFile(path, "binary data (NUL bytes), not a text disclosure")
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as error:
            if encoding == "utf-8-sig" and _is_truncated_utf8(data, error):
                raise UnreadableFile(
                    path, "truncated: the file ends in the middle of a UTF-8 character"
                ) from None
            continue
        if _looks_like_text(text):
            return text, "utf-8" if encoding == "utf-8-sig" else encoding
    raise UnreadableFile(path, "binary or unknown encoding (neither UTF-8 nor GB18030/GBK text)")


def _is_truncated_utf8(data: bytes, error: UnicodeDecodeError) -> bool:
    """A file that is valid UTF-8 up to an incomplete final character was cut short."""
    if error.reason != "unexpected end of data":
        return False
    try:
        codecs.decode(data[: error.start], "utf-8-sig")
    except UnicodeDecodeError:
        return False
    return len(data) - error.start < 4


def _looks_like_text(text: str) -> bool:
    sample = text[:20000]
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in CONTROL_OK) or ch == "\ufffd")
    return bad <= len(sample) * 0.01


def text_to_lines(text: str) -> list[Line]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines: list[Line] = []
    page = None
    for number, raw in enumerate(text.split("\n"), start=1):
        # A form feed is the only page boundary a text extraction keeps.
        if "\f" in raw:
            page = (page or 1) + raw.count("\f")
            raw = raw.replace("\f", "")
        # Trailing tabs are empty cells, so only spaces are trimmed.
        lines.append(Line(text=raw.rstrip(" "), number=number, page=page))
    return lines
