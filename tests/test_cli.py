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
