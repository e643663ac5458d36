"""Stage: ask — answers to structured budget questions.

``ask(conn, question)`` parses a question into an interpretation (``parser``, with the
question words of ``aliases`` and the database's names in ``vocab``), lets the first
question type that recognises it (``questions``: one module each) run its SQL template and
shape the rows, and returns an ``Answer`` that the web app (``kb.web.ask``), the JSON API
and ``kb ask`` (``cli``) all show.
"""

from .answer import Answer, Links, ask
from .interpretation import Interpretation, Item
from .parser import parse

__all__ = ["Answer", "Interpretation", "Item", "Links", "ask", "parse"]
