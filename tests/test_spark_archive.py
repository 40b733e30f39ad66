"""``lineage index add --engine spark``: the archive the in-process add makes, re-adds, updates, errors."""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from archive_corpus import records, write_jsonl
from click.testing import CliRunner

from lineage.archive import Archive
from lineage.archive.index import IndexParameters
from lineage.archive.ingest import Reader, read_texts
from lineage.archive.inputs import iter_documents
from lineage.cli import main
from lineage.options import DEFAULT_OPTIONS

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


def _texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    return texts + [r["text"] for r in records(40)] + ["12 13 14 15 16", "One two."]


def test_keys_are_per_document_and_travel_as_bytes() -> None:
    from lineage.spark.ingest import from_wire, read_partition

    params = IndexParameters.for_options(DEFAULT_OPTIONS)
    texts = _texts()
    together = read_texts(texts, DEFAULT_OPTIONS, params)
    backwards = read_texts(texts[::-1], DEFAULT_OPTIONS, params)[::-1]
    wired = [from_wire(w) for w in read_partition(DEFAULT_OPTIONS, params, iter(texts))]
    assert len(together) == len(wired) == len(texts)
    for t, a, b, w in zip(texts, together, backwards, wired):
        alone = read_texts([t], DEFAULT_OPTIONS, params)[0]
        for other in (b, w, alone):
            assert other[0] == a[0] and other[2] == a[2]
            assert other[1].dtype == np.uint64 and np.array_equal(other[1], a[1])


def test_no_pyspark_and_options_without_the_engine_are_one_line_with_exit_2(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    code = ("import sys; sys.modules['pyspark'] = None; from lineage.cli import main; "
            f"main(['index', 'add', {str(db)!r}, 'samples', '--engine', 'spark'])")
    r = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, cwd=ROOT,
                       env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
    assert r.returncode == 2
    assert r.stderr.strip() == "lineage: error: --engine spark needs PySpark (pip install 'lineage[spark]')"
    assert not db.exists()
    for flag in (["--partitions", "2"], ["--master", "local[2]"]):
        res = CliRunner().invoke(main, ["index", "add", str(db), str(SAMPLES), *flag])
        assert res.exit_code == 2
        assert res.output.strip() == "lineage: error: --master and --partitions need --engine spark"
    assert not db.exists()


pytest.importorskip("pyspark", reason="PySpark is not installed (pip install 'lineage[spark]')")


def _corpus(tmp_path: Path) -> Path:
    """JSON Lines of a few hundred made-up articles, and edited copies of some (reuse for the keys to find)."""
    recs = records(300, seed=5)
    for r in recs[::3]:  # a phrase in a third of them: common keys in a batch of more than 150
        r["text"] += "\nReaders can get the morning briefing free of charge by signing up on our website today.\n"
    rng = random.Random(7)
    for i, r in enumerate(rng.sample(recs, 40)):
        paras = r["text"].split("\n\n")
        body = paras[-1].split(". ")
        rng.shuffle(body)
        copy = "\n\n".join([f"Copy {i} of {r['id']}", *paras[1:-1], ". ".join(body)])
        recs.append({"id": f"copy/{i:03d}", "text": copy, "date": "2020-02-01", "source": "rival",
                     "title": f"copy {i}"})
    return write_jsonl(tmp_path / "big.jsonl", recs)


def _state(path: Path) -> tuple[list[tuple[Any, ...]], dict[str, list[int]], list[int]]:
    """Document rows (without the storage's numbers), each document's posted keys, and the common keys."""
    con = sqlite3.connect(path)
    try:
        rows = con.execute("SELECT id, date, title, url, source, path, extra, printed_date, chars, text_hash, "
                           "text, keys FROM docs ORDER BY id").fetchall()
        ids = dict(con.execute("SELECT doc, id FROM docs"))
        keys: dict[str, list[int]] = {i: [] for i in ids.values()}
        for (run,) in con.execute("SELECT run FROM runs"):
            for key, doc in con.execute(f"SELECT key, doc FROM postings_{run}"):
                if doc in ids:
                    keys[ids[doc]].append(key)
        crowded = sorted(k for (k,) in con.execute("SELECT key FROM crowded"))
    finally:
        con.close()
    return rows, {i: sorted(k) for i, k in keys.items()}, crowded


def _first_source(path: Path) -> str:
    with Archive(path) as archive:
        report = archive.check(next(iter_documents([next(SAMPLES.glob("001_*.txt"))])))
    return report.sources[0].document.id


def test_spark_add_makes_the_in_process_archive(spark: Any, tmp_path: Path) -> None:
    from lineage.spark import add_to_archive, spark_reader

    inputs = [SAMPLES, _corpus(tmp_path)]
    with Archive(tmp_path / "local.db") as archive:
        local = archive.add(iter_documents(inputs), jobs=1, batch_size=100)
    with Archive(tmp_path / "spark.db") as archive:
        on_spark = add_to_archive(archive, iter_documents(inputs), spark=spark, partitions=3, batch_size=100)
    with Archive(tmp_path / "chunks.db") as archive:  # many small jobs, read while the last are written
        reader = spark_reader(spark, archive.options, archive.params, partitions=2, chunk=64)
        chunked = archive.add(iter_documents(inputs), batch_size=100, reader=reader)
    assert local.added == on_spark.added == chunked.added == 345
    expected = _state(tmp_path / "local.db")
    assert sum(len(k) for k in expected[1].values()) > 345 * 20
    assert any(k >> 45 == 0 for keys in expected[1].values() for k in keys)  # document band keys too
    posted = Counter(k for keys in expected[1].values() for k in keys)
    assert max(posted.values()) > 100 and not expected[2]  # the phrase: batches of 100 find it nowhere common
    assert _state(tmp_path / "spark.db") == expected
    assert _state(tmp_path / "chunks.db") == expected
    for db in ("local.db", "spark.db"):
        assert _first_source(tmp_path / db) == "002_chinadaily-wuzhen-panelists.txt"


def test_readding_on_spark_is_a_no_op_and_an_update_replaces(spark: Any, tmp_path: Path) -> None:
    from lineage.spark import add_to_archive, spark_reader

    recs = records(120, seed=3)
    first = write_jsonl(tmp_path / "a.jsonl", recs)
    changed = [dict(r) for r in recs]
    changed[4]["text"] = changed[4]["text"].replace(".", " indeed.", 1)
    changed[9]["title"] = "a new title"
    changed.append({"id": "late/1", "text": "Lorem ipsum dolor sit amet, consectetur adipiscing elit sed do."})
    second = write_jsonl(tmp_path / "b.jsonl", changed)
    results = []
    for name, add in (("local.db", lambda a, f: a.add(iter_documents([f]), batch_size=50)),
                      ("spark.db", lambda a, f: add_to_archive(a, iter_documents([f]), spark=spark,
                                                               batch_size=50))):
        with Archive(tmp_path / name) as archive:
            got = [add(archive, f).to_dict() for f in (first, first, second)]
            assert archive.get("doc/00004").text == changed[4]["text"]  # type: ignore[union-attr]
        results.append([{k: v for k, v in g.items() if k != "seconds"} for g in got])
    assert results[0] == results[1]
    assert results[1] == [
        {"added": 120, "replaced": 0, "updated": 0, "unchanged": 0},
        {"added": 0, "replaced": 0, "updated": 0, "unchanged": 120},
        {"added": 1, "replaced": 1, "updated": 1, "unchanged": 118},
    ]
    assert _state(tmp_path / "local.db") == _state(tmp_path / "spark.db")
    read: list[int] = []
    with Archive(tmp_path / "spark.db") as archive:  # texts archived as they are are not sent to Spark
        inner = spark_reader(spark, archive.options, archive.params)
        counted = Reader(lambda texts: (read.append(len(texts)), inner.read(texts))[1], 50)
        assert archive.add(iter_documents([second]), reader=counted).unchanged == 121
        changed[7]["text"] += " Another sentence at the end of it."
        assert archive.add(changed, reader=counted).replaced == 1
    assert read == [1]


def test_cli_spark_engine(spark: Any, tmp_path: Path) -> None:
    runner = CliRunner()
    db = tmp_path / "news.db"
    res = runner.invoke(main, ["index", "add", str(db), str(SAMPLES), "--engine", "spark", "--master", "local[2]",
                               "--partitions", "2"])
    assert res.exit_code == 0, res.output
    assert res.output.startswith(f"{db}: 5 added, 0 replaced, 0 updated, 0 unchanged in ")
    assert res.output.rstrip().endswith("; 5 documents archived")
    res = runner.invoke(main, ["index", "add", "-q", str(db), str(SAMPLES), "--engine", "spark"])
    assert res.exit_code == 0 and res.output == ""
    res = runner.invoke(main, ["check", "--json", str(db), str(next(SAMPLES.glob("001_*.txt")))])
    assert res.exit_code == 0
    assert json.loads(res.output)["sources"][0]["document"]["id"] == "002_chinadaily-wuzhen-panelists.txt"
    assert spark.sparkContext.parallelize([1, 2]).sum() == 3  # the shared session is left running


def test_cli_bad_master_is_one_line_with_exit_2_and_no_archive(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    res = CliRunner().invoke(main, ["index", "add", str(db), str(SAMPLES), "--engine", "spark",
                                    "--master", "nowhere"])
    assert res.exit_code == 2
    assert res.output.strip().splitlines() == [
        ("lineage: error: bad Spark master URL 'nowhere' (expected local[*], local[N], spark://host:port, "
         "yarn or k8s://...)")]
    assert not db.exists()
