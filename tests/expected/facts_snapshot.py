"""Every fact of the twelve PDFs, one line each, as kept in ``pdf_all_facts.tsv``.

The test (``tests/test_pdf_facts.py::test_every_fact_is_as_expected``) compares a build
with the file, so any change in a figure, its page, row, code, item key or measure shows
as a diff. After a change that is meant to alter facts, rewrite the file and read the diff:

    .venv/bin/python -m tests.expected.facts_snapshot ../shared/pdf
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
from pathlib import Path

SNAPSHOT = Path(__file__).with_name("pdf_all_facts.tsv")
COLUMNS = ("file", "statement", "page", "row", "code", "item_key", "measure", "amount", "entity")
SQL = """select d.path, f.statement, f.page, f.row, f.code, f.item_key, f.measure, f.amount, f.entity
from facts f join documents d on d.id = f.document_id"""


def lines_of(db_path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        out = []
        for path, *rest in conn.execute(SQL):
            values = [Path(path).name[:2], *rest]
            values[7] = f"{values[7]:.6f}".rstrip("0").rstrip(".")
            out.append("\t".join("" if v is None else str(v) for v in values))
        return sorted(out)
    finally:
        conn.close()


def read_snapshot() -> list[str]:
    return SNAPSHOT.read_text("utf-8").splitlines()[1:]


def write_snapshot(lines: list[str]) -> None:
    SNAPSHOT.write_text("\t".join(COLUMNS) + "\n" + "\n".join(lines) + "\n", "utf-8")


def main(pdf_dir: str) -> None:
    from kb.build import build

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "pdf.db"
        build([pdf_dir], db, workers=2)
        lines = lines_of(db)
    old = set(read_snapshot()) if SNAPSHOT.exists() else set()
    write_snapshot(lines)
    print(f"{len(lines)} facts; {len(set(lines) - old)} new lines, {len(old - set(lines))} gone")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/pdf")
