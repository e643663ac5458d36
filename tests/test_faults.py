"""No document can sink a build: a failure in any stage of one file, a file that hangs, eats
memory or kills its worker, a link out of the folders given, a folder that cannot be
listed, and a build killed with SIGKILL each cost that file only, and say why."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
import sqlite_utils

from kb.build import build
from kb.build import prepare as pipeline

from .conftest import CORPUS, SAMPLES


def files_table(db_path: Path) -> dict[str, dict]:
    return {
        Path(r["path"]).name: r for r in sqlite_utils.Database(db_path).query("select * from files")
    }


def _corpus_with(tmp_path: Path, name: str | None = None, data: bytes | str | None = None) -> Path:
    """A copy of the five samples, with one more file when ``data`` is given."""
    folder = tmp_path / "in"
    folder.mkdir()
    for sample in SAMPLES.values():
        (folder / sample.name).write_bytes(sample.read_bytes())
    if name and data is not None:
        (folder / name).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return folder


# --- a planted failure in each stage --------------------------------------------------------


def _fail_for(name: str, original):
    def wrapper(*args, **kwargs):
        text = " ".join(str(a) for a in args)
        if name in text or any(name in str(getattr(a, "path", "")) for a in args):
            raise RuntimeError(f"planted failure for {name}")
        return original(*args, **kwargs)

    return wrapper


@pytest.mark.parametrize(
    "stage", ["bytes_to_source", "source_to_document", "document_to_facts", "document_to_rows"]
)
def test_a_failure_in_any_stage_costs_only_its_file(tmp_path, monkeypatch, stage):
    victim = SAMPLES["002"].name
    monkeypatch.setattr(pipeline, stage, _fail_for(victim, getattr(pipeline, stage)))
    db_path = tmp_path / "kb.db"
    report = build([CORPUS], db_path, workers=2)
    files = files_table(db_path)
    assert files[victim]["status"] == "unreadable"
    assert "internal error: RuntimeError" in files[victim]["reason"]
    assert f"planted failure for {victim}" in files[victim]["reason"]
    assert len(report.built) == 4 and sqlite_utils.Database(db_path)["documents"].count == 4


def test_checks_that_fail_cost_only_that_documents_checks(tmp_path, monkeypatch):
    from kb.checks import writer

    original = writer.document_to_checks

    def planted(document):
        if document.unit == "吉林市政务信息中心":
            raise StopIteration  # what a table with no figures once did to every build
        return original(document)

    monkeypatch.setattr(writer, "document_to_checks", planted)
    db_path = tmp_path / "kb.db"
    build([CORPUS], db_path)
    db = sqlite_utils.Database(db_path)
    files = files_table(db_path)
    assert files[SAMPLES["000"].name]["status"] == "ingested"
    assert (
        "its checks could not run (internal error: StopIteration"
        in files[SAMPLES["000"].name]["reason"]
    )
    per_document = dict(
        db.execute("select document_id, count(*) from checks group by 1").fetchall()
    )
    assert sorted(per_document) == [2, 3, 4, 5]  # document 1 has none, the others all theirs
    assert db["facts"].count == 1344


# --- a file that hangs, eats memory or kills its worker --------------------------------------


def _misbehave(name: str, action):
    original = pipeline.path_to_prepared

    def wrapper(item, manifest, ocr=True):
        if item.path.name == name:
            action()
        return original(item, manifest, ocr)

    return wrapper


def test_a_file_over_its_time_budget_is_stopped(tmp_path, monkeypatch):
    monkeypatch.setattr(
        pipeline, "path_to_prepared", _misbehave(SAMPLES["001"].name, lambda: time.sleep(60))
    )
    db_path = tmp_path / "kb.db"
    started = time.monotonic()
    build([CORPUS], db_path, workers=2, timeout=3)
    assert time.monotonic() - started < 50  # it did not wait the minute out
    files = files_table(db_path)
    assert files[SAMPLES["001"].name]["status"] == "unreadable"
    assert files[SAMPLES["001"].name]["reason"] == "took longer than 3 s: stopped"
    assert sum(f["status"] == "ingested" for f in files.values()) == 4


def test_a_file_over_its_memory_cap_is_reported(tmp_path, monkeypatch):
    def hog():
        blocks = []
        for _ in range(64):
            blocks.append(bytearray(64 * 1024 * 1024))

    monkeypatch.setattr(pipeline, "path_to_prepared", _misbehave(SAMPLES["003"].name, hog))
    db_path = tmp_path / "kb.db"
    build([CORPUS], db_path, workers=2, memory_mb=600)
    files = files_table(db_path)
    assert files[SAMPLES["003"].name]["reason"] == "ran out of memory (the cap is 600 MB per file)"
    assert sum(f["status"] == "ingested" for f in files.values()) == 4


def test_a_dead_worker_costs_only_its_file(tmp_path, monkeypatch):
    monkeypatch.setattr(
        pipeline,
        "path_to_prepared",
        _misbehave(SAMPLES["004"].name, lambda: os.kill(os.getpid(), signal.SIGKILL)),
    )
    db_path = tmp_path / "kb.db"
    build([CORPUS], db_path, workers=2)
    files = files_table(db_path)
    assert files[SAMPLES["004"].name]["reason"] == "the worker reading it died (SIGKILL)"
    assert sum(f["status"] == "ingested" for f in files.values()) == 4


def _bomb_pdf(path: Path, megabytes: int) -> None:
    """A small PDF whose one page's content stream inflates to ``megabytes`` of zeros."""
    packer = zlib.compressobj(9)
    chunk = b"\0" * (1 << 20)
    stream = b"".join(packer.compress(chunk) for _ in range(megabytes)) + packer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(bytes(out))


def test_a_decompression_bomb_is_stopped_by_the_memory_cap(tmp_path):
    folder = _corpus_with(tmp_path)
    _bomb_pdf(folder / "bomb.pdf", 1024)
    assert (folder / "bomb.pdf").stat().st_size < 2_000_000
    db_path = tmp_path / "kb.db"
    build([folder], db_path, workers=2, memory_mb=700)
    bomb = files_table(db_path)["bomb.pdf"]
    assert bomb["status"] == "unreadable" and "memory" in bomb["reason"]
    assert sqlite_utils.Database(db_path)["documents"].count == 5


# --- what a folder holds --------------------------------------------------------------------


def test_links_are_followed_inside_the_folders_given_only(tmp_path):
    folder = _corpus_with(tmp_path)
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "again.txt").symlink_to(folder / SAMPLES["000"].name)
    (folder / "elsewhere").symlink_to(tmp_path, target_is_directory=True)
    db_path = tmp_path / "kb.db"
    build([folder], db_path)
    files = files_table(db_path)
    assert files["passwd.txt"]["status"] == "unreadable"
    assert (
        files["passwd.txt"]["reason"]
        == "a symbolic link to passwd outside the folders given: not followed"
    )
    assert files["again.txt"]["status"] == "duplicate"
    assert files["elsewhere"]["reason"] == "a symbolic link to a folder: not followed"
    texts = (
        sqlite_utils.Database(db_path)
        .execute("select group_concat(text) from segments")
        .fetchone()[0]
    )
    assert "root:" not in texts


def test_a_folder_that_cannot_be_listed_is_reported(tmp_path, monkeypatch):
    folder = _corpus_with(tmp_path)
    locked = folder / "locked"
    locked.mkdir()
    (locked / "inside.txt").write_text("吉林市政务信息中心2022年单位预算", "utf-8")
    real_scandir = os.scandir

    def scandir(path="."):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    db_path = tmp_path / "kb.db"
    build([folder], db_path)
    assert (
        files_table(db_path)["locked"]["reason"]
        == "a folder that cannot be listed (Permission denied)"
    )


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(lambda text: ("\ufeff" + text).encode("utf-8"), id="bom"),
        pytest.param(lambda text: text.replace("\n", "\r\n").encode("utf-8"), id="crlf"),
        pytest.param(lambda text: text.encode("gb18030"), id="gbk"),
    ],
)
def test_the_same_text_in_another_encoding_is_a_copy(tmp_path, variant):
    text = SAMPLES["000"].read_text("utf-8")
    folder = _corpus_with(tmp_path, "zz_copy.txt", variant(text))
    db_path = tmp_path / "kb.db"
    build([folder], db_path)
    copy = files_table(db_path)["zz_copy.txt"]
    assert copy["status"] == "duplicate" and copy["duplicate_of"].endswith(SAMPLES["000"].name)
    assert "the same text" in copy["reason"]
    assert sqlite_utils.Database(db_path)["documents"].count == 5


def test_a_long_unbroken_paragraph_builds(tmp_path):
    """A 1 MB line once took 90 s (each figure rescanned the paragraph); within the time
    budget of a minute it is read in full."""
    sentence = "其中公务接待费0.17万元，比上年增加0.05万元，主要用于接待来访人员，办公费1.2万元，"
    text = (
        "吉林市政务信息中心2022年单位预算\n第一部分 单位概况\n一、主要职能\n"
        + sentence * (1_000_000 // len(sentence))
        + "\n"
    )
    folder = _corpus_with(tmp_path, "long.txt", text)
    db_path = tmp_path / "kb.db"
    build([folder], db_path, workers=2, timeout=60)
    assert files_table(db_path)["long.txt"]["status"] == "ingested"
    db = sqlite_utils.Database(db_path)
    count = db.execute(
        "select count(*) from facts f join files x on x.document_id = f.document_id "
        "where x.path like '%long.txt' and f.item_key = '公务接待费'"
    ).fetchone()[0]
    assert count == 2 * (1_000_000 // len(sentence))  # its 预算数 and its 比上年增减, every time


# --- a build killed with SIGKILL ------------------------------------------------------------


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc")
def test_a_killed_build_leaves_no_process_and_no_temporary_file(tmp_path):
    folder = tmp_path / "slow"
    folder.mkdir()
    sentence = "其中公务接待费0.17万元，比上年增加0.05万元，主要用于接待来访人员，办公费1.2万元，"
    for number in range(4):
        (folder / f"{number}.txt").write_text(
            f"吉林市政务信息中心{2020 + number}年单位预算\n"
            + sentence * (3_000_000 // len(sentence))
            + "\n",
            "utf-8",
        )
    db_path = tmp_path / "kb.db"
    command = [
        sys.executable,
        "-m",
        "kb",
        "build",
        str(folder),
        "--db",
        str(db_path),
        "--workers",
        "2",
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while time.monotonic() < deadline and len(workers) < 2:
        workers = _children(process.pid)
        time.sleep(0.1)
    assert len(workers) == 2, "the build's two workers started"
    while not list(tmp_path.glob("kb.db.*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert list(tmp_path.glob("kb.db.*.tmp")), "the build writes a temporary file"
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers)
    assert not db_path.exists()
    # the next build removes what the killed one left
    build([SAMPLES["000"]], db_path)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("kb.db")) == ["kb.db"]


def _slow_but_reporting(seconds: int) -> str:
    from kb.progress import report_progress

    for _ in range(seconds * 2):
        time.sleep(0.5)
        report_progress()
    return "done"


def test_a_file_that_reports_progress_keeps_its_time_budget():
    """OCR reports every page it finishes: a slow scan is not taken for a hang."""
    from kb.batch import Failure, LocalEngine

    engine = LocalEngine(workers=2, timeout=2)
    slow, silent = list(engine.run([4], _slow_but_reporting)), list(engine.run([4], time.sleep))
    assert slow[0].result == "done" and slow[0].seconds >= 4
    assert (
        isinstance(silent[0].result, Failure)
        and silent[0].result.reason == "took longer than 2 s: stopped"
    )
