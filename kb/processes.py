"""Whether a process is still running: for the files a build or a server leaves behind
named after its process id (kb.batch.tempfiles, kb.web.plugins.generation)."""

from __future__ import annotations

import os


def is_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
