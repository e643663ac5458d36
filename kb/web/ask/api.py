"""The JSON API: ``GET /ask.json?q=…`` (the ``api`` blueprint).

200 with ``question``, ``interpretation``, ``sql``, ``params``, ``columns``, ``rows``,
``sources`` (and ``summary``, ``chart``, ``notes``); 400 for a missing or empty question;
422 for one it cannot interpret (with what it recognised and suggestions); 503 when the
database cannot be read.
"""

from __future__ import annotations

from flask import Blueprint, jsonify

from .pages import current_answer, question_arg

bp = Blueprint("api", __name__)


@bp.get("/ask.json")
def ask_json():
    answer = current_answer(question_arg())
    response = jsonify(answer.to_dict())
    response.status_code = answer.status
    return response
