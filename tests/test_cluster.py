"""Builds on a Dask distributed cluster (``kb build --scheduler``): the database a local
build makes, and a file that hangs, eats memory or crashes still costs only itself.

The cluster is the one .ci/run starts (KB_DASK_SCHEDULER), or a scheduler and two workers
on loopback started for the session (conftest.dask_scheduler)."""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path

import pytest
import sqlite_utils

from kb.batch import Failure
from kb.batch.cluster import ClusterError, DaskEngine, describe_worker
from kb.batch.version import pipeline_version
from kb.build import build

from .conftest import CORPUS, ROOT, SHARED_PDF, dump_database

CRAWL = ROOT.parent / "shared" / "crawl"
SUBSET = json.loads((Path(__file__).parent / "expected" / "crawl_subset.json").read_text("utf-8"))


def _inputs() -> list[Path]:
    files = [CORPUS]
    if CRAWL.is_dir():
        # 45 (two scanned pages) stands in for 58 (ten): OCR on the cluster, in less time
        prefixes = [p for p in SUBSET if not p.startswith("_") and p != "58"] + ["45"]
        files += [next(CRAWL.glob(f"{prefix}_*")) for prefix in prefixes]
    if SHARED_PDF.is_dir():
        files += sorted(SHARED_PDF.glob("*.pdf"))[9:11]
    return files


def test_a_build_on_the_cluster_is_the_local_build(dask_scheduler, tmp_path):
    files = _inputs()
    build(files, tmp_path / "local.db", workers=2)
    report = build(files, tmp_path / "cluster.db", scheduler=dask_scheduler)
    assert dump_database(tmp_path / "cluster.db") == dump_database(tmp_path / "local.db")
    db = sqlite_utils.Database(tmp_path / "cluster.db")
    statuses = dict(db.execute("select status, count(*) from files group by 1").fetchall())
    assert statuses["ingested"] == len(report.built) >= 5
    if CRAWL.is_dir():
        assert set(statuses) == {"ingested", "duplicate", "not_disclosure", "unreadable"}
        scan = db.execute("select reason from files where path like '%/45_%'").fetchone()[0]
        assert scan.startswith("a notice: “固始县财政局文件")  # its first page, read by OCR


def test_relative_paths_are_read_from_the_builds_folder(dask_scheduler, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    report = build(["corpus"], tmp_path / "kb.db", scheduler=dask_scheduler)
    assert [f.path for f in report.built] == sorted(
        f"corpus/{p.name}" for p in CORPUS.glob("*.txt")
    )
    assert sqlite_utils.Database(tmp_path / "kb.db")["facts"].count == 1344


@pytest.mark.parametrize(
    ("task", "item", "reason"),
    [
        (time.sleep, 30, "took longer than 2 s: stopped"),
        (bytearray, 1 << 34, "ran out of memory (the cap is 512 MB per file)"),
        (signal.raise_signal, signal.SIGABRT, "the worker reading it died (SIGABRT)"),
    ],
    ids=["hangs", "eats memory", "crashes"],
)
def test_a_file_that_misbehaves_on_the_cluster_costs_only_itself(
    dask_scheduler, task, item, reason
):
    # builtins only: the scheduler and workers cannot import this test module
    engine = DaskEngine(dask_scheduler, timeout=2, memory_mb=512)
    outcomes = {o.index: o.result for o in engine.run([item, item], task)}
    assert sorted(outcomes) == [0, 1]
    for result in outcomes.values():
        assert isinstance(result, Failure) and result.reason.startswith(reason)
    after = list(DaskEngine(dask_scheduler, timeout=5, memory_mb=512).run([1, 2, 3], abs))
    assert sorted(o.result for o in after) == [1, 2, 3]  # the workers live on


def test_a_scheduler_that_cannot_be_reached_stops_the_build_before_it_starts(tmp_path):
    from kb.batch.local_cluster import free_port

    address = f"tcp://127.0.0.1:{free_port()}"
    engine = DaskEngine(address, timeout=5, memory_mb=512, connect_seconds=2)
    with pytest.raises(ClusterError, match=f"cannot reach the Dask scheduler at {address}"):
        list(engine.run([1], abs))


def test_workers_say_what_they_run_and_which_files_they_cannot_see(tmp_path):
    (tmp_path / "here.pdf").write_bytes(b"%PDF")
    seen = describe_worker(["here.pdf", "gone.pdf"], str(tmp_path))
    assert seen["version"] == pipeline_version() and seen["missing"] == ["gone.pdf"]
