"""Per-file metadata overrides for when detection from the content fails.

A ``manifest.yml`` beside the files (or one named with ``--manifest``) maps a file
name to the fields to use instead of the detected ones::

    files:
      2019年度部门预算公开.pdf:
        unit: 江苏省人民检察院
        year: 2019
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import KBError

FIELDS = {"unit", "year", "kind", "scope", "region", "title"}
NAMES = ("manifest.yml", "manifest.yaml")


class ManifestError(KBError):
    pass


@dataclass
class Manifest:
    entries: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def load(cls, explicit: str | Path | None, paths: list[Path]) -> Manifest:
        manifest = cls()
        sources = (
            [Path(explicit)]
            if explicit
            else sorted(
                {p.parent / name for p in paths for name in NAMES if (p.parent / name).is_file()}
            )
        )
        for source in sources:
            manifest.entries.update(_read(source))
        return manifest

    def overrides_for(self, path: Path) -> dict:
        return dict(self.entries.get(path.name, {}))


def _read(source: Path) -> dict[str, dict]:
    try:
        data = yaml.safe_load(source.read_text("utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise ManifestError(f"{source}: cannot read manifest ({error})") from None
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        raise ManifestError(f"{source}: expected a 'files:' mapping of file name to fields")
    entries = {}
    for name, fields in files.items():
        if not isinstance(fields, dict) or not set(fields) <= FIELDS:
            unknown = set(fields or {}) - FIELDS if isinstance(fields, dict) else fields
            raise ManifestError(
                f"{source}: {name}: unknown fields {unknown}; allowed: {sorted(FIELDS)}"
            )
        entries[str(name)] = fields
    return entries
