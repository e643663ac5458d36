"""`kb check` as a reader runs it: a report per document, or JSON, from a read-only database."""

from __future__ import annotations

import json
import shutil

import pytest
import sqlite_utils
from click.testing import CliRunner

from kb.checks import write_checks
from kb.checks.cli import check_command


@pytest.fixture(scope="module")
def checked_path(corpus_db_path, tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "kb.db"
    shutil.copy(corpus_db_path, path)
    write_checks(sqlite_utils.Database(path))
    path.chmod(0o444)  # the command must not need to write
    return path


def run(*args: str):
    result = CliRunner().invoke(check_command, list(args))
    assert result.exit_code == 0, result.output
    return result


def test_report_for_one_unit(checked_path):
    out = run("--db", str(checked_path), "--unit", "昌吉州").output
    assert out.startswith(
        "昌吉州人民政府电子政务办公室 2022年预算  [004_231b7f738c597de2.txt, 文件 5]"
    )
    assert "国有资本经营预算支出表✗缺失" in out and "政府性基金预算支出表○空表" in out
    assert "检查：通过 219，不符 15，无法核对 0" in out
    assert (
        "[一般公共预算支出表=基本支出表] 一般公共预算支出表（表5）中基本支出合计为144.06万元，而基本支出表（表6）合计为144.96万元，相差0.90万元。（原文第1131行）"
        in out
    )
    assert "通过：合计=基本+项目×31" in out
    assert "吉林市" not in out


def test_report_filters_by_year_and_check(checked_path):
    out = run(
        "--db", str(checked_path), "--year", "2022", "--check", "三公合计=分项", "--all"
    ).output
    assert out.count("年预算  [") == 3 and "决算" not in out
    assert "[三公合计=分项] 情况说明中三公经费（预算数）为51.28万元" in out


def test_json_report(checked_path):
    data = json.loads(
        run("--db", str(checked_path), "--unit", "中共吉林市委办公室", "--json").output
    )
    (doc,) = data
    assert doc["counts"] == {"pass": 163, "fail": 17, "unverifiable": 1}
    assert doc["tables"]["基本支出表"] == "missing" and doc["tables"]["收支总表"] == "present"
    assert {c["status"] for c in doc["checks"]} == {"fail", "unverifiable"}
    health = next(c for c in doc["checks"] if c["subject"] == "210卫生健康支出（基本支出）")
    assert (health["check"], health["found"], health["expected"]) == (
        "支出总表=一般公共预算支出表",
        0.0,
        43.52,
    )


def test_database_without_checks_table_is_checked_on_the_fly(corpus_db_path, tmp_path):
    older = tmp_path / "older.db"
    shutil.copy(corpus_db_path, older)
    sqlite_utils.Database(older).execute("drop view if exists check_summary")
    sqlite_utils.Database(older)["checks"].drop()
    data = json.loads(run("--db", str(older), "--unit", "昌吉州", "--json").output)
    assert data[0]["counts"] == {"pass": 219, "fail": 15, "unverifiable": 0}
    assert not sqlite_utils.Database(older)["checks"].exists()


def test_missing_database(tmp_path):
    result = CliRunner().invoke(check_command, ["--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1 and "run 'kb build' first" in result.output
