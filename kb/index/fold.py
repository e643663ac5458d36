"""Text folding for search, shared by indexing, querying, snippets and the benchmark.

Search is substring search over *folded* text (see ``fold``): a query term matches a
segment when the folded term is a substring of the folded text. ``“三公”经费`` and
``三公经费``, ``因公出国（境）费`` and ``因公出国境费``, ``２０２２`` and ``2022`` all fold
alike, and spaces and line breaks inside the text (PDF layout, table cells) do not matter.

The indexes only make that test fast:

* ``search_text`` (the column behind ``segments_fts``/``glossary_fts``, FTS5 ``trigram``)
  holds the folded text itself, so FTS5 finds substrings of three or more characters exactly;
* ``bigram_text`` gives the overlapping character pairs of the folded text, one token each,
  for the ranked candidate indexes (``search_heads``/``search_bodies``, see ``kb.index``).

Search does not depend on how jieba cuts a string (which differs from context to
context); jieba's words are in ``kb.index.words`` for the question app's suggestions.
"""

from __future__ import annotations

import unicodedata

# Unicode categories that never matter for matching: brackets and quotes (open, close,
# initial, final punctuation), separators (spaces, line and paragraph breaks), control and
# format characters. Separating punctuation (、，。：；.,%) is kept: it is part of what a
# reader sees as the words, e.g. the decimal point in 1346.7.
IGNORED_CATEGORIES = frozenset({"Ps", "Pe", "Pi", "Pf", "Zs", "Zl", "Zp", "Cc", "Cf"})
# ASCII quotes and markdown emphasis, which Unicode files under other categories.
IGNORED_CHARACTERS = frozenset("\"'`*")
# Appended to search_text so that every character of the text starts a trigram: a one- or
# two-character term is then found as a prefix of some indexed trigram. Folded text never
# contains a space, so the padding can never be part of a match.
PAD = "  "


def _ignored(char: str) -> bool:
    return (
        char in IGNORED_CHARACTERS
        or char.isspace()
        or unicodedata.category(char) in IGNORED_CATEGORIES
    )


class _FoldTable(dict):
    """``str.translate`` table computed on first use of each character."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if _ignored(char):
            value = ""
        else:
            value = "".join(
                c for c in unicodedata.normalize("NFKC", char).casefold() if not _ignored(c)
            )
        self[code] = value
        return value


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """The form search compares: NFKC, case-folded, without spaces, quotes and brackets.

    Folding works character by character (each character folds to zero or more characters),
    so positions in the folded text map back to the original; see ``kb.snippets``.
    """
    return text.translate(_FOLD)


def fold_char(char: str) -> str:
    return _FOLD[ord(char)]


def search_text(text: str) -> str:
    """The value of the ``search_text`` column: the folded text and the padding."""
    return fold(text) + PAD


# --- character pairs for the ranked candidate indexes -------------------------------------

# FTS5's unicode61 tokenizer keeps letters and digits of Unicode 6.1 together and splits on
# everything else, so every character that is not certainly a token character is replaced
# by a private-use character (category Co, a token character) before pairing.
_END = "\U0010fffd"


class _TokenTable(dict):
    def __missing__(self, code: int) -> str:
        safe = (
            0x30 <= code <= 0x39  # 0-9
            or 0x61 <= code <= 0x7A  # a-z (text is folded)
            or 0x4E00 <= code <= 0x9FCB  # CJK unified ideographs in Unicode 6.1
            or 0x3400 <= code <= 0x4DB5  # extension A
            or 0x20000 <= code <= 0x2B81D  # extensions B, C, D
        )
        if safe:
            value = chr(code)
        elif code < 0x10000:
            value = chr(0xF0000 + code)
        else:  # not one-to-one: such pairs are only candidates (pairs_are_exact)
            value = chr(0x100000 + (code & 0xFFFF) % 0xFFFD)
        self[code] = value
        return value


_TOKEN = _TokenTable()


def pairs_are_exact(term: str) -> bool:
    """Whether the pairs index matches exactly the texts containing ``term`` (folded): a
    term of one or two characters is one pair, or the start of one, when its characters
    map one-to-one to token characters."""
    return len(term) <= 2 and all(ord(c) < 0x10000 or 0x20000 <= ord(c) <= 0x2B81D for c in term)


def bigram_text(folded: str) -> str:
    """Space-separated overlapping pairs of a folded text; the last character pairs with an
    end mark, so every character starts a token (a one-character term is a token prefix)."""
    chars = folded.translate(_TOKEN)
    if not chars:
        return ""
    chars += _END
    return " ".join([chars[i : i + 2] for i in range(len(chars) - 1)])


def bigram_query(term: str) -> str:
    """An FTS5 expression that every text containing the folded ``term`` satisfies
    (``detail=none``: all its pairs, anywhere)."""
    chars = term.translate(_TOKEN)
    if len(chars) == 1:
        return f'"{chars}"*'
    pairs = dict.fromkeys(chars[i : i + 2] for i in range(len(chars) - 1))
    return " AND ".join(f'"{pair}"' for pair in pairs)


def bigram_phrase(term: str) -> str:
    """An FTS5 expression matching exactly the texts that contain the folded ``term``
    (``detail=full``: its pairs as a phrase, in order)."""
    chars = term.translate(_TOKEN)
    if len(chars) == 1:
        return f'"{chars}"*'
    return '"' + " ".join(chars[i : i + 2] for i in range(len(chars) - 1)) + '"'
