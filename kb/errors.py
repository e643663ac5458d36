"""Errors that name the file and the reason, so a batch can report and go on."""

from __future__ import annotations


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
