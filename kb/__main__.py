"""``python -m kb``: the ``kb`` command."""

from .cli import cli

cli(prog_name="kb")
