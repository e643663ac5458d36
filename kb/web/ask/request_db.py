"""One read-only connection per request, closed when the request ends (as in flaskr)."""

from __future__ import annotations

import sqlite3

from flask import current_app, g

from ...store.connect import connect_readonly


def get_db() -> sqlite3.Connection:
    if "db" not in g:
        g.db = connect_readonly(
            current_app.config["DATABASE"], current_app.config.get("TIMEOUT_MS")
        )
    return g.db


def close_db(_error=None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.close()


def init_app(app) -> None:
    app.teardown_appcontext(close_db)
