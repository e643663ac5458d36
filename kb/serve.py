"""How the knowledge base is served: Datasette, read-only, with the repository's
metadata and plugins."""

from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
METADATA = REPO_ROOT / "metadata.yml"
PLUGINS = REPO_ROOT / "plugins"
TEMPLATES = REPO_ROOT / "templates"


def datasette_command(db_path: str, host: str, port: int) -> list[str]:
    args = [sys.executable, "-m", "datasette", "serve", "-i", db_path, "--host", host, "--port", str(port)]
    if METADATA.exists():
        args += ["--metadata", str(METADATA)]
    if PLUGINS.is_dir():
        args += ["--plugins-dir", str(PLUGINS)]
    if TEMPLATES.is_dir():
        args += ["--template-dir", str(TEMPLATES)]
    return args
