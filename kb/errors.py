"""Errors that name the file and the reason, so a batch can report and go on."""

from __future__ import annotations

import os
import traceback


class KBError(Exception):
    """Base class for errors the CLI turns into readable messages."""


class UnreadableFile(KBError):
    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def __reduce__(self):
        # Worker processes send these back to the parent; rebuild from both fields.
        return (type(self), (self.path, self.reason))


def failure_reason(error: BaseException) -> str:
    """What went wrong inside a task, with the place in the code it happened."""
    if isinstance(error, MemoryError):
        return "ran out of memory"
    if isinstance(error, KeyboardInterrupt | SystemExit):
        return f"interrupted ({type(error).__name__})"
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if "/kb/" in f.filename.replace(os.sep, "/")]
    where = ""
    if ours:
        frame = ours[-1]
        module = frame.filename.replace(os.sep, "/").split("/kb/", 1)[1]
        where = f" in kb/{module} ({frame.name})"
    message = str(error).strip()
    return f"internal error: {type(error).__name__}{where}" + (
        f": {message[:200]}" if message else ""
    )
