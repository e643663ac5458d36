"""The question app: ``create_app()`` as in Flask's tutorial (flaskr).

Configuration (``KB_ASK_<NAME>`` environment variables, or the mapping passed in):

- ``DATABASE``: the knowledge base (default ``kb.db``), opened read-only;
- ``DATASETTE_URL``: where Datasette is served (default ``/``: the same process, see
  ``plugins/ask_mount.py``); source links go to ``{DATASETTE_URL}{db}/facts/{id}``;
- ``DATASETTE_DATABASE``: Datasette's name for the database (default: the file's stem);
- ``MAX_ROWS`` (1000) and ``TIMEOUT_MS`` (5000): limits per question.
"""

from __future__ import annotations

from flask import Flask, redirect, url_for

from . import api, pages, request_db


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_mapping(
        DATABASE="kb.db",
        DATASETTE_URL="/",
        DATASETTE_DATABASE=None,
        MAX_ROWS=1000,
        TIMEOUT_MS=5000,
    )
    app.config.from_prefixed_env("KB_ASK")
    if test_config is not None:
        app.config.from_mapping(test_config)
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    request_db.init_app(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)

    @app.get("/")
    def index():
        return redirect(url_for("ask.page"))

    return app
