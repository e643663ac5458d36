"""jieba's words, with the budget dictionary (``kb/data/budget_words.txt``) and a corpus's
unit names: the question app cuts text it did not recognise into words to suggest items."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

from .fold import fold


def budget_words() -> list[str]:
    text = resources.files("kb").joinpath("data/budget_words.txt").read_text("utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


class Segmenter:
    """jieba with the budget dictionary and extra words (unit names), loaded on first use."""

    def __init__(self, extra_words: Iterable[str] = ()):
        self.extra_words = sorted({fold(w) for w in extra_words if w and fold(w)})
        self._tokenizer = None

    @property
    def tokenizer(self):
        if self._tokenizer is None:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            for entry in budget_words():
                word, _, freq = entry.partition(" ")
                tokenizer.add_word(word, int(freq) if freq else None)
            for word in self.extra_words:
                tokenizer.add_word(word, 50000)
            self._tokenizer = tokenizer
        return self._tokenizer

    def words(self, text: str) -> list[str]:
        """jieba's words (search mode: words and their sub-words) of the folded text."""
        return [
            t for t in self.tokenizer.cut_for_search(fold(text), HMM=False) if re.search(r"\w", t)
        ]

    def query_tokens(self, text: str) -> list[str]:
        """jieba's words of the folded text (precise mode)."""
        return [t for t in self.tokenizer.cut(fold(text), HMM=False) if re.search(r"\w", t)]


@lru_cache(maxsize=8)
def segmenter_for(extra_words: tuple[str, ...]) -> Segmenter:
    return Segmenter(extra_words)
