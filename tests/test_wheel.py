"""The Datasette side ships: a wheel built from the repository, installed into a fresh
virtualenv, serves a knowledge base called pdf.db with its canned queries, the code facet
and working front-page links.

The fresh virtualenv takes its dependencies from the test environment's site-packages (a
plain path in a .pth file: nothing is downloaded, and the repository's editable install is
not on its path), so everything of budget-kb it runs comes from the wheel.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import sysconfig
import urllib.request
import venv
from html import unescape
from pathlib import Path

import pytest

from .browser import serve_database
from .conftest import ROOT


def _tracked_files() -> list[str]:
    out = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [line for line in out.splitlines() if line and (ROOT / line).is_file()]


@pytest.fixture(scope="module")
def fresh_kb(tmp_path_factory) -> Path:
    """The ``kb`` command of a fresh virtualenv with only the built wheel of budget-kb."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs a git checkout to know which files make the package")
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"
    for name in _tracked_files():
        target = source / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    dist = tmp / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(dist),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    [wheel] = dist.glob("budget_kb-*.whl")
    env_dir = tmp / "venv"
    venv.create(env_dir, with_pip=False)
    site = Path(
        subprocess.run(
            [
                str(env_dir / "bin" / "python"),
                "-c",
                "import sysconfig; print(sysconfig.get_paths()['purelib'])",
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", "utf-8")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    where = subprocess.run(
        [str(env_dir / "bin" / "python"), "-c", "import kb.web; print(kb.web.__file__)"],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp,
    ).stdout.strip()
    assert where.startswith(str(site)), where  # the wheel's package, not the repository's
    return site


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.read().decode("utf-8")


def test_wheel_serves_any_database_name_with_queries_facets_and_links(
    fresh_kb, corpus_db_path, tmp_path
):
    pdf_db = tmp_path / "pdf.db"
    shutil.copy(corpus_db_path, pdf_db)
    python = fresh_kb.parent.parent.parent / "bin" / "python"

    def command(db_path: str, port: int) -> list[str]:
        return [str(python), "-m", "kb", "serve", "--db", db_path, "--port", str(port)]

    with serve_database(pdf_db, cwd=tmp_path, command=command) as served:
        # the plugins come from the wheel
        status, plugins = _get(served.url + "/-/plugins.json")
        assert status == 200
        names = {module for p in json.loads(plugins) for module in [p["name"]]}
        assert "budget-kb" in names
        # canned queries and table metadata under the name pdf
        status, database = _get(served.url + "/pdf.json")
        queries = {q["name"] for q in json.loads(database)["queries"]}
        assert {"sangong", "item_across_units", "failed_checks", "largest_projects"} <= queries
        status, facts = _get(served.url + "/pdf/facts.json?_size=0")
        facets = json.loads(facts)["facet_results"]
        assert facets["code"]["type"] == "code" and facets["code"]["results"]
        status, page = _get(served.url + "/pdf/facts?_size=1")
        assert 'id="facet-code"' in page and "科目" in page
        status, sangong = _get(served.url + "/pdf/sangong.json?_shape=array&unit=&year=2022")
        assert status == 200 and json.loads(sangong)
        # every link of the front page's description works
        status, front = _get(served.url + "/")
        links = [unescape(href) for href in re.findall(r'<a href="(/[^"]*)"', front)]
        assert {"/pdf/facts", "/pdf/documents", "/pdf/-/search", "/ask/"} <= set(links)
        for href in links:
            status, _ = _get(served.url + href)
            assert status == 200, href
        # templates and the stylesheet are shipped too
        assert _get(served.url + "/-/kb.css")[0] == 200
        status, document = _get(served.url + "/pdf/-/document/1")
        assert "kb-nav" in document
