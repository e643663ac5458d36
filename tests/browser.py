"""Browser-test helpers: Debian's chromium driven by Playwright, and a served knowledge base.

Playwright cannot download its own browsers here, so it launches ``/usr/bin/chromium``
(``make browser`` installs it) with a fresh, temporary profile. Tests that need either
are skipped when chromium or the Playwright package is missing.

Use the fixtures from a test module::

    from .browser import browser_page, served_kb  # noqa: F401  (pytest fixtures)

    def test_something(served_kb, browser_page):
        browser_page.goto(served_kb.url + "/kb/facts")

``served_kb`` serves the session's ``corpus_db_path`` (tests/conftest.py) with
``kb serve``'s command line (``kb.web.serve.datasette_command``) in a subprocess on a free
localhost port, and stops it afterwards. ``serve_database`` and ``launch_chromium`` do the
same for other databases and other browser settings.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kb.web.serve import datasette_command

CHROMIUM = os.environ.get("KB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
STARTUP_TIMEOUT = 30.0


def chromium_available() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)


def screenshot_dir() -> Path:
    """Where browser tests write screenshots: outside the repository.

    ``KB_SCREENSHOTS`` overrides; the default is ``$TMPDIR/budget-kb-screenshots``.
    """
    path = Path(
        os.environ.get("KB_SCREENSHOTS") or Path(tempfile.gettempdir()) / "budget-kb-screenshots"
    )
    path.mkdir(parents=True, exist_ok=True)
    return path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Served:
    url: str  # http://127.0.0.1:PORT, no trailing slash
    port: int
    db_path: Path
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text("utf-8", errors="replace")


def _wait_until_up(served: Served, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if served.process.poll() is not None:
            raise RuntimeError(
                f"datasette exited with {served.process.returncode}:\n{served.log()}"
            )
        try:
            with urllib.request.urlopen(served.url + "/-/versions.json", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"datasette did not start within {timeout}s:\n{served.log()}")


@contextlib.contextmanager
def serve_database(db_path: Path, cwd: Path | None = None, command=None) -> Iterator[Served]:
    """Serve ``db_path`` as ``kb serve`` does, on a free localhost port, until the block ends.

    ``command(db_path, port)`` gives another command line for it (another installation's
    ``kb serve``)."""
    port = free_port()
    log_dir = Path(tempfile.mkdtemp(prefix="kb-serve-"))
    log_path = log_dir / "datasette.log"
    args = (
        command(str(db_path), port)
        if command
        else datasette_command(str(db_path), "127.0.0.1", port)
    )
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            args,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            cwd=str(cwd) if cwd else None,
        )
    served = Served(f"http://127.0.0.1:{port}", port, Path(db_path), process, log_path)
    try:
        _wait_until_up(served, STARTUP_TIMEOUT)
        yield served
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        shutil.rmtree(log_dir, ignore_errors=True)


@contextlib.contextmanager
def launch_chromium(downloads: bool = True, **context_options):
    """A Playwright browser context on Debian's chromium with a fresh temporary profile.

    Yields the persistent context; ``context.pages[0]`` is an open page.
    """
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="kb-chromium-")
    try:
        with sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                profile,
                executable_path=CHROMIUM,
                headless=True,
                args=CHROMIUM_ARGS,
                accept_downloads=downloads,
                **context_options,
            )
            try:
                if not context.pages:
                    context.new_page()
                yield context
            finally:
                context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def served_kb(corpus_db_path) -> Iterator[Served]:
    """The corpus knowledge base served by Datasette for the module's tests."""
    with serve_database(corpus_db_path) as served:
        yield served


@pytest.fixture
def browser_context():
    if not chromium_available():
        pytest.skip(f"needs {CHROMIUM} and the playwright package (make browser)")
    with launch_chromium(viewport={"width": 1400, "height": 1000}, locale="zh-CN") as context:
        yield context


@pytest.fixture
def browser_page(browser_context):
    page = browser_context.pages[0]
    page.set_default_timeout(20_000)
    return page
