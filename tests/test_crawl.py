"""Files as crawlers save them (../shared/crawl): every file accounted for, with what it is
and why, and each disclosure with its unit, year, kind and scope read from its content.

The expected outcome of each file is kept beside the tests (expected/crawl_subset.json):
status, format sniffed from the bytes, the reason as the files table says it, and for a
disclosure its unit, year, kind and scope. The subset covers every kind of file the crawl
holds: tables without a cover, a cover drawn as images, a title broken over lines, digits
set in another font, exact and edited copies, a template, a fake PDF, a 404 page saved as
.pdf, landing and rule pages in HTML, notices, a government budget table, a scan (read
by OCR and found to be a statistics bulletin) and an annual report.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlite_utils

from kb.build import build

from .conftest import ROOT

CRAWL = ROOT.parent / "shared" / "crawl"
EXPECTED = json.loads((Path(__file__).parent / "expected" / "crawl_subset.json").read_text("utf-8"))

pytestmark = pytest.mark.skipif(
    not CRAWL.is_dir(), reason="../shared/crawl is not beside the repository"
)


@pytest.fixture(scope="module")
def crawl_db(tmp_path_factory) -> sqlite_utils.Database:
    files = [next(CRAWL.glob(f"{prefix}_*")) for prefix in EXPECTED if not prefix.startswith("_")]
    path = tmp_path_factory.mktemp("crawl") / "crawl.db"
    build(files, path, workers=2)
    return sqlite_utils.Database(path)


def outcomes(db: sqlite_utils.Database) -> dict[str, list]:
    rows = db.query(
        """select f.path, f.status, f.format, f.reason, d.unit, d.year, d.kind, d.scope
           from files f left join documents d on d.id = f.document_id order by f.path"""
    )
    return {
        Path(r["path"]).name[:2]: [
            r["status"],
            r["format"],
            r["reason"].replace(str(CRAWL) + "/", ""),
            r["unit"],
            r["year"],
            r["kind"],
            r["scope"],
        ]
        for r in rows
    }


@pytest.mark.parametrize("prefix", [p for p in EXPECTED if not p.startswith("_")])
def test_every_file_gets_its_status_reason_and_metadata(crawl_db, prefix):
    assert outcomes(crawl_db)[prefix] == EXPECTED[prefix]


def test_one_row_per_file_and_documents_only_for_disclosures(crawl_db):
    files = list(crawl_db.query("select status, document_id from files"))
    assert len(files) == len([p for p in EXPECTED if not p.startswith("_")])
    ingested = [f for f in files if f["status"] == "ingested"]
    assert sorted(f["document_id"] for f in ingested) == list(
        range(1, crawl_db["documents"].count + 1)
    )
    assert all(f["document_id"] is None for f in files if f["status"] != "ingested")
    assert (
        crawl_db.execute(
            "select count(*) from documents where unit is null or year is null"
        ).fetchone()[0]
        == 0
    )


def test_a_copy_points_at_the_file_it_copies(crawl_db):
    copies = {
        Path(r["path"]).name[:2]: Path(r["duplicate_of"]).name[:2]
        for r in crawl_db.query("select path, duplicate_of from files where status = 'duplicate'")
    }
    assert copies == {"20": "19", "25": "22"}


def test_the_tables_of_a_split_title_are_read(crawl_db):
    """22 sets its digits in another font 11 points lower: its 三公 figures are read."""
    rows = crawl_db.query(
        """select f.item_key, f.measure, f.amount from facts f join files x on x.document_id = f.document_id
           where x.path like '%/22_%' and f.statement = '三公经费表' and f.item_key = '三公经费'"""
    )
    assert {(r["measure"], round(r["amount"], 2)) for r in rows} >= {("预算数", 0.95)}
