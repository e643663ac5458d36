"""The files a build is given: named files, and every file under named folders.

Everything found is accounted for: a file that cannot be taken (a symbolic link leading
out of the folders given, a folder that cannot be listed, a path that does not exist)
comes back with the reason, so the build reports it instead of skipping it silently.
Symbolic links are followed only to files inside the folders (or to the files) given.
Hidden files and the manifest are not inputs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..read.manifest import NAMES as MANIFEST_NAMES


@dataclass(frozen=True)
class Input:
    path: Path
    problem: str | None = None  # why it cannot be read at all


def collect_inputs(paths) -> list[Input]:
    """Inputs in a stable order: named files as given, folders walked in sorted order."""
    given = [Path(p) for p in paths]
    roots = [_real(p) for p in given]
    found: list[Input] = []
    for path in given:
        if path.is_dir() and not path.is_symlink():
            found.extend(_walk(path, roots))
        elif path.is_symlink():
            found.append(_link(path, roots, named=True))
        elif path.exists():
            found.append(Input(path))
        else:
            found.append(Input(path, "no such file or folder"))
    return _unique(found)


def _real(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()


def _inside(target: Path, roots: list[Path]) -> bool:
    return any(target == root or root in target.parents for root in roots)


def _walk(folder: Path, roots: list[Path]) -> list[Input]:
    found: list[Input] = []

    def unreadable(error: OSError) -> None:
        where = Path(error.filename) if error.filename else folder
        found.append(Input(where, f"a folder that cannot be listed ({error.strerror})"))

    for directory, subdirs, files in os.walk(folder, onerror=unreadable, followlinks=False):
        base = Path(directory)
        for name in sorted(subdirs):
            if (base / name).is_symlink():
                found.append(Input(base / name, "a symbolic link to a folder: not followed"))
        subdirs[:] = sorted(
            d for d in subdirs if not d.startswith(".") and not (base / d).is_symlink()
        )
        for name in sorted(files):
            if name.startswith(".") or name in MANIFEST_NAMES:
                continue
            path = base / name
            found.append(_link(path, roots) if path.is_symlink() else Input(path))
    return sorted(found, key=lambda i: str(i.path))


def _link(path: Path, roots: list[Path], named: bool = False) -> Input:
    target = _real(path)
    if not target.exists():
        return Input(path, "a symbolic link to nothing (its target does not exist)")
    if target.is_dir():
        return Input(path, "a symbolic link to a folder: not followed")
    if named or _inside(target, roots):
        return Input(path)
    return Input(path, f"a symbolic link to {target.name} outside the folders given: not followed")


def _unique(found: list[Input]) -> list[Input]:
    """A path named twice (a file, and the folder it is in) is one input. A link to a file
    that is also given stays an input of its own: it is reported as that file's duplicate."""
    seen: set[Path] = set()
    unique = []
    for item in found:
        key = item.path.absolute()
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return unique
