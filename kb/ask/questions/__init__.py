"""The question types, one module each, in the order they are tried.

Each module defines its recognition rule, the interpretation slots it reads, its SQL
template(s) with named parameters, and how its rows are presented (``base.QuestionType``).
Adding a question type means adding a module and its place in ``QUESTION_TYPES``.
"""

from __future__ import annotations

from ..interpretation import Interpretation
from . import (
    breakdown,
    by_unit,
    by_year,
    change,
    checks,
    compare,
    projects,
    ranking,
    search,
    share,
    value,
)
from .base import MAX_ROWS, Query, QuestionType

QUESTION_TYPES: tuple[QuestionType, ...] = (
    checks.QUESTION,
    search.QUESTION,
    compare.QUESTION,
    projects.QUESTION,
    share.QUESTION,
    change.QUESTION,
    breakdown.QUESTION,
    ranking.QUESTION,
    by_year.QUESTION,
    by_unit.QUESTION,
    value.QUESTION,
)
BY_NAME = {q.name: q for q in QUESTION_TYPES}

__all__ = [
    "BY_NAME",
    "MAX_ROWS",
    "QUESTION_TYPES",
    "Query",
    "QuestionType",
    "all_templates",
    "build",
    "choose",
]


def choose(interp: Interpretation, vocab) -> str | None:
    """The name of the first question type that answers the interpretation; None (with
    ``interp.problem`` set) when none does."""
    if interp.problem:
        return None
    for question in QUESTION_TYPES:
        if question.recognises(interp):
            problem = question.unavailable(vocab)
            if problem:
                interp.problem = problem
                return None
            return question.name
    interp.problem = "not_understood"
    return None


def build(interp: Interpretation, max_rows: int = MAX_ROWS) -> Query:
    """The query of the interpretation's question type (its template must be set)."""
    return BY_NAME[interp.template].query(interp, max_rows)


def all_templates() -> dict[str, str]:
    """Every SQL text a question can run, by name: the whole, finite set."""
    return {name: sql for question in QUESTION_TYPES for name, sql in question.templates().items()}
