"""Building over a database this pipeline wrote: only files new, changed or failed for
want of time are read; files gone lose their rows; the result holds what a whole build
of the same files holds (ids aside); nothing new, and the database is not written."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from kb.build import build, update
from kb.build import incremental as updating

from .conftest import SAMPLES

# Per table, the columns that say what a row is, with ids turned into the document's path.
CONTENT = {
    "documents": "select path, unit, year, kind, scope, title, pages, segment_count, warnings from documents",
    "segments": "select d.path, s.kind, s.section, s.page, s.line, s.position, s.text, s.rows from segments s join documents d on d.id = s.document_id",
    "facts": "select d.path, f.statement, f.code, f.item, f.measure, f.amount, f.page, f.row, f.line, f.flags from facts f join documents d on d.id = f.document_id",
    "glossary": "select d.path, g.term, g.definition from glossary g join documents d on d.id = g.document_id",
    "checks": 'select d.path, c."check", c.subject, c.status, c.expected, c.found, c.page, c.line, (select count(*) from json_each(c.facts)) from checks c join documents d on d.id = c.document_id',
    "budget_vs_actual": "select d.path, b.item, b.budget, b.actual, b.basis from budget_vs_actual b join documents d on d.id = b.document_id",
    "files": "select path, sha256, status, reason, duplicate_of, pages, (document_id is not null) from files",
}  # fmt: skip


def content(path: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        return {
            name: sorted(map(tuple, conn.execute(sql)), key=repr) for name, sql in CONTENT.items()
        }
    finally:
        conn.close()


def searched(path: Path, phrase: str) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "select distinct d.path from segments_fts join segments s on s.id = segments_fts.rowid"
            " join documents d on d.id = s.document_id where segments_fts match ?",
            [f'"{phrase}"'],
        )
        return {row[0] for row in rows}
    finally:
        conn.close()


@pytest.fixture
def folder(tmp_path) -> Path:
    target = tmp_path / "corpus"
    target.mkdir()
    for key in ("000", "001", "002", "003"):
        shutil.copy2(SAMPLES[key], target / SAMPLES[key].name)
    return target


def test_nothing_new_and_the_database_is_not_written(folder, tmp_path):
    db_path = tmp_path / "kb.db"
    build([folder], db_path)
    before = (db_path.stat().st_mtime_ns, db_path.read_bytes())
    plans = []
    report = update([folder], db_path, planned=plans.append)
    assert (db_path.stat().st_mtime_ns, db_path.read_bytes()) == before
    assert [(len(p.read), len(p.kept), p.removed) for p in plans] == [(0, 4, [])]
    assert report.unchanged == 4 and len(report.built) == 4
    assert [f.path for f in report.files] == sorted(str(p) for p in folder.iterdir())


def test_a_file_touched_but_the_same_is_not_read_again(folder, tmp_path):
    db_path = tmp_path / "kb.db"
    build([folder], db_path)
    victim = folder / SAMPLES["001"].name
    victim.write_bytes(victim.read_bytes())  # a new modification time, the same bytes
    plans = []
    update([folder], db_path, planned=plans.append)
    assert plans[0].read == [] and str(victim) in plans[0].touched


def test_changes_removals_additions_and_copies_give_what_a_whole_build_gives(folder, tmp_path):
    db_path = tmp_path / "kb.db"
    build([folder], db_path)
    changed = folder / SAMPLES["001"].name
    changed.write_text(
        changed.read_text("utf-8").replace("中共吉林市委办公室", "中共吉林市委办公厅"), "utf-8"
    )
    (folder / SAMPLES["003"].name).unlink()
    shutil.copy2(SAMPLES["004"], folder / SAMPLES["004"].name)
    shutil.copy2(SAMPLES["000"], folder / "000_copy.txt")
    plans = []
    report = update([folder], db_path, planned=plans.append, workers=2)
    assert sorted(Path(i.path).name for i in plans[0].read) == sorted(
        [changed.name, SAMPLES["004"].name, "000_copy.txt"]
    )
    assert plans[0].removed == [str(folder / SAMPLES["003"].name)]
    assert report.unchanged == 2
    whole = tmp_path / "whole.db"
    build([folder], whole)
    assert content(db_path) == content(whole)
    assert searched(db_path, "中共吉林市委办公厅") == {str(changed)}
    assert searched(db_path, "临江市政务服务和数字化建设管理局") == set()  # 003 is gone
    duplicate = sqlite_utils.Database(db_path)["files"].rows_where("path like ?", ["%000_copy.txt"])
    assert next(duplicate)["duplicate_of"] == str(folder / SAMPLES["000"].name)


def test_a_copy_whose_original_is_gone_takes_its_place(folder, tmp_path):
    db_path = tmp_path / "kb.db"
    shutil.copy2(SAMPLES["000"], folder / "zz_copy.txt")
    build([folder], db_path)
    (folder / SAMPLES["000"].name).unlink()
    update([folder], db_path)
    files = {Path(r["path"]).name: r for r in sqlite_utils.Database(db_path)["files"].rows}
    assert files["zz_copy.txt"]["status"] == "ingested"
    assert content(db_path) == content(_whole(folder, tmp_path))


def test_a_file_that_ran_out_of_time_is_read_again(folder, tmp_path, monkeypatch):
    db_path = tmp_path / "kb.db"
    build([folder], db_path)
    conn = sqlite3.connect(db_path)
    conn.execute(
        "update files set status = 'unreadable', reason = 'took longer than 3 s: stopped' where path like '%002_%'"
    )
    conn.commit()
    conn.close()
    plans = []
    update([folder], db_path, planned=plans.append)
    assert [Path(i.path).name for i in plans[0].read] == [SAMPLES["002"].name]


def test_what_the_manifest_says_of_a_file_is_part_of_it(folder, tmp_path):
    db_path = tmp_path / "kb.db"
    build([folder], db_path)
    (folder / "manifest.yml").write_text(
        f"files:\n  {SAMPLES['000'].name}:\n    unit: 吉林市政务信息中心（测试）\n", "utf-8"
    )
    plans = []
    update([folder], db_path, planned=plans.append)
    assert [Path(i.path).name for i in plans[0].read] == [SAMPLES["000"].name]
    units = {r["unit"] for r in sqlite_utils.Database(db_path)["documents"].rows}
    assert "吉林市政务信息中心（测试）" in units and "吉林市政务信息中心" not in units


def test_a_database_of_another_pipeline_version_is_built_whole(folder, tmp_path, monkeypatch):
    db_path = tmp_path / "kb.db"
    build([folder], db_path)
    monkeypatch.setattr(updating, "pipeline_version", lambda: "another")
    plans = []
    update([folder], db_path, planned=plans.append)
    assert plans == [None]


def test_an_update_that_fails_leaves_the_database_as_it_was(folder, tmp_path, monkeypatch):
    db_path = tmp_path / "kb.db"
    build([folder], db_path)
    before = db_path.read_bytes()
    shutil.copy2(SAMPLES["004"], folder / SAMPLES["004"].name)

    def broken(self):
        raise RuntimeError("disk full")

    monkeypatch.setattr(updating.Ingest, "finish", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        update([folder], db_path)
    assert db_path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "kb.db"]


def _whole(folder: Path, tmp_path: Path) -> Path:
    path = tmp_path / "whole.db"
    build([folder], path)
    return path
