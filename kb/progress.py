"""A long step telling whoever runs it that it is still getting somewhere (OCR finishing a
page): the engine that runs a file with a time budget renews the budget on each report, so
a slow scan is not taken for a hang."""

from __future__ import annotations

from collections.abc import Callable

_hook: Callable[[], None] | None = None


def set_hook(hook: Callable[[], None] | None) -> None:
    global _hook
    _hook = hook


def report_progress() -> None:
    if _hook is not None:
        _hook()
