"""Nothing lost: ``kill -9`` of a real ``lineage index add`` mid-batch, and checks running while another process adds."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from archive_corpus import records, write_jsonl

from lineage import Archive

ROOT = Path(__file__).resolve().parent.parent
BATCH = 100


def _committed(db: Path) -> int:
    """Documents committed, read with a plain SQLite connection (0 while the archive is being made)."""
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(con.execute("SELECT value FROM meta WHERE name = 'documents'").fetchone()[0])
        finally:
            con.close()
    except (sqlite3.Error, TypeError):
        return 0


def _index_add(db: Path, corpus: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "lineage.cli", "index", "add", "-q", "--jobs", "1", "--batch-size", str(BATCH),
         str(db), str(corpus)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs kill -9")
def test_kill_9_mid_batch_leaves_every_committed_document(tmp_path: Path) -> None:
    recs = records(1200, seed=2)
    corpus = write_jsonl(tmp_path / "corpus.jsonl", recs)
    db = tmp_path / "news.db"
    proc = _index_add(db, corpus)
    deadline = time.monotonic() + 60
    while _committed(db) < 3 * BATCH and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    assert proc.poll() is None, "the add finished before it could be killed: make the corpus larger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    by_id = {r["id"]: r for r in recs}
    with Archive(db, create=False) as archive:
        assert archive.verify() is None  # SQLite's integrity check, runs present, counter right
        n = len(archive)
        assert n >= 3 * BATCH and n % BATCH == 0 and n < len(recs)  # whole batches only
        ids = [i for (i,) in archive.storage.con.execute("SELECT id FROM docs")]  # type: ignore[attr-defined]
        assert len(ids) == n
        for ident in ids:
            doc = archive.get(ident)
            assert doc is not None and doc.text == by_id[ident]["text"] and doc.date == by_id[ident]["date"]
        for ident in ids[:: max(1, n // 10)]:
            assert archive.check(by_id[ident]["text"], top=1).sources[0].document.id == ident
    proc = _index_add(db, corpus)  # adding again completes the archive and skips what is there
    assert proc.wait(timeout=120) == 0, proc.stderr.read() if proc.stderr else ""
    with Archive(db, create=False) as archive:
        assert len(archive) == len(recs) and archive.verify() is None


def test_checks_run_while_another_process_adds(tmp_path: Path) -> None:
    known = records(20, seed=3, prefix="known")
    db = tmp_path / "news.db"
    with Archive(db) as archive:
        archive.add(known)
    corpus = write_jsonl(tmp_path / "more.jsonl", records(800, seed=4))
    proc = _index_add(db, corpus)
    seen, checks = [], 0
    with Archive(db, create=False) as reader:
        while proc.poll() is None:
            r = known[checks % len(known)]
            report = reader.check(r["text"], top=1)
            assert [s.document.id for s in report.sources] == [r["id"]]
            seen.append(len(reader))
            checks += 1
    assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""
    assert checks >= 3 and seen == sorted(seen) and seen[-1] > seen[0]  # the reader saw the writer's batches
    with Archive(db, create=False) as archive:
        assert len(archive) == 820 and archive.verify() is None
