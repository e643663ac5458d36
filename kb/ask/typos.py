"""A word one character away from a name the question app knows (公务接代费 → 公务接待费,
recepton → reception, 三工经费 → 三公经费) is read as that name — and the answer says so.
Only when exactly one name is that close, and never a unit's: otherwise the word stays
unrecognised.

Names are found by their one-character deletions (as SymSpell does): a name and a word
within one edit share a deletion, so the vocabulary is probed, never scanned."""

from __future__ import annotations

import re

from .vocab import Entry, Vocabulary, question_key

CJK = re.compile(r"[\u4e00-\u9fff]")
# Items and keywords only: two real units are often one character apart (吉林省… and
# 吉林市…), so a unit is never "corrected" into another one.
ROLES = ("alias", "item")


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))} | {word}


def _index(vocab: Vocabulary) -> dict[str, set[str]]:
    index = getattr(vocab, "_typo_index", None)
    if index is None:
        index = {}
        for surface, entries in vocab.surfaces.items():
            if len(surface) < 3 or not any(e.role in ROLES or e.priority == 0 for e in entries):
                continue
            for variant in _deletions(surface):
                index.setdefault(variant, set()).add(surface)
        vocab._typo_index = index
    return index


def _one_edit(a: str, b: str) -> bool:
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def one_edit_away(chunk: str, vocab: Vocabulary) -> tuple[str, Entry] | None:
    word = question_key(chunk)
    if len(word) < (3 if CJK.search(word) else 5):
        return None
    index = _index(vocab)
    near = {
        surface
        for variant in _deletions(word)
        for surface in index.get(variant, ())
        if _one_edit(word, surface)
    }
    if len(near) != 1:
        return None
    surface = near.pop()
    return surface, min(vocab.lookup(surface), key=lambda e: e.priority)
