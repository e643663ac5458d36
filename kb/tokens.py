"""Chinese word segmentation for the full-text index, shared by indexing and querying.

Text is normalised before segmentation (quotes, brackets and spaces removed) so that
``“三公”经费`` and ``三公经费`` and ``因公出国（境）费`` and ``因公出国境费`` index alike.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

import jieba

jieba.setLogLevel(logging.WARNING)

# Characters that only decorate a term; removing them lets one spelling match another.
DECORATION = re.compile(r"[\s\u3000“”‘’\"'「」『』（）()【】\[\]《》〈〉*]+")


def normalise(text: str) -> str:
    return DECORATION.sub("", text)


def budget_words() -> list[str]:
    text = resources.files("kb").joinpath("data/budget_words.txt").read_text("utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


class Segmenter:
    """A jieba tokenizer with the budget dictionary and the corpus's unit names."""

    def __init__(self, extra_words: Iterable[str] = ()):
        self.tokenizer = jieba.Tokenizer()
        self.extra_words = sorted({normalise(w) for w in extra_words if w})
        for entry in budget_words():
            word, _, freq = entry.partition(" ")
            self.tokenizer.add_word(word, int(freq) if freq else None)
        for word in self.extra_words:
            self.tokenizer.add_word(word, 50000)

    def index_tokens(self, text: str) -> str:
        """Search-mode tokens (words and their sub-words), space separated, for FTS5."""
        tokens = self.tokenizer.cut_for_search(normalise(text), HMM=False)
        return " ".join(t for t in tokens if t.strip())

    def query_tokens(self, text: str) -> list[str]:
        tokens = self.tokenizer.cut(normalise(text), HMM=False)
        return [t for t in tokens if re.search(r"\w", t)]


@lru_cache(maxsize=8)
def segmenter_for(extra_words: tuple[str, ...]) -> Segmenter:
    return Segmenter(extra_words)
