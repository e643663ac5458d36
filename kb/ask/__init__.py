"""Ask: answers to structured budget questions (issue #6).

``ask(conn, question)`` parses a question into an interpretation (``parser``), picks one
of a small set of SQL templates (``templates_sql``) and returns an ``Answer`` (``answer``)
that the Flask app (``app.create_app``), the JSON API and ``kb ask`` (``cli``) all show.
"""

from .answer import Answer, Links, ask
from .parser import Interpretation, parse

__all__ = ["Answer", "Interpretation", "Links", "ask", "parse"]
