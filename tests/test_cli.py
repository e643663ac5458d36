"""The kb command as a user runs it."""

from __future__ import annotations

import json

from click.testing import CliRunner

from kb.cli import cli

from .conftest import CORPUS


def test_build_reports_each_file_and_bad_ones(tmp_path, corpus_copy):
    (corpus_copy / "broken.txt").write_bytes(b"\x00\x01\x02garbage")
    db_path = tmp_path / "kb.db"
    result = CliRunner().invoke(cli, ["build", str(corpus_copy), "--db", str(db_path), "--quiet"])
    assert result.exit_code == 0, result.output
    assert (
        "ok   " in result.output and "[markdown] 135 segments, 23 tables, 13 terms" in result.output
    )
    assert "FAIL" in result.output and "broken.txt: binary data" in result.output
    assert f"Wrote {db_path}: 5 documents" in result.output


def test_build_fails_only_when_nothing_builds(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = CliRunner().invoke(cli, ["build", str(empty), "--db", str(tmp_path / "kb.db")])
    assert result.exit_code == 1
    assert "empty.txt: empty file" in result.output


def test_build_defaults_to_corpus(tmp_path, monkeypatch):
    monkeypatch.chdir(CORPUS.parent)
    result = CliRunner().invoke(cli, ["build", "--db", str(tmp_path / "kb.db"), "--quiet"])
    assert result.exit_code == 0, result.output
    assert result.output.count("  ok   corpus/") == 5


def test_building_again_reads_only_what_changed(tmp_path, corpus_copy):
    db_path = tmp_path / "kb.db"
    command = ["build", str(corpus_copy), "--db", str(db_path), "--quiet"]
    assert CliRunner().invoke(cli, command).exit_code == 0
    again = CliRunner().invoke(cli, command)
    assert again.exit_code == 0, again.output
    assert again.output.splitlines() == [
        f"Updating {db_path}: 0 files to read, 5 unchanged",
        f"{db_path} is up to date: 5 documents (5 ingested)",
    ]
    (corpus_copy / "000_054c417f28db0ed0.txt").unlink()
    changed = CliRunner().invoke(cli, command)
    assert f"Updating {db_path}: 0 files to read, 4 unchanged, 1 gone" in changed.output
    assert f"Wrote {db_path}: 4 documents (4 ingested)" in changed.output
    full = CliRunner().invoke(cli, [*command, "--full"])
    assert full.output.count("  ok   ") == 4 and "Updating" not in full.output


def test_search_reaches_all_five_documents(corpus_db_path):
    result = CliRunner().invoke(
        cli, ["search", "三公经费", "--db", str(corpus_db_path), "--limit", "100", "--json"]
    )
    assert result.exit_code == 0, result.output
    hits = json.loads(result.output)
    assert {h["unit"] for h in hits} == {
        "吉林市政务信息中心",
        "中共吉林市委办公室",
        "吉林省政务服务和数字化建设服务中心",
        "临江市政务服务和数字化建设管理局",
        "昌吉州人民政府电子政务办公室",
    }
    for hit in hits:
        assert {"document_id", "unit", "year", "section", "snippet"} <= set(hit)
        assert "三公" in hit["snippet"]


def test_search_text_output(corpus_db_path):
    result = CliRunner().invoke(
        cli, ["search", "公务接待费", "--db", str(corpus_db_path), "--limit", "3"]
    )
    assert result.exit_code == 0
    assert "【公务接待费】" in result.output
    missing = CliRunner().invoke(cli, ["search", "x", "--db", "/nonexistent/kb.db"])
    assert missing.exit_code == 1 and "does not exist" in missing.output
