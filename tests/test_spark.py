"""The Spark engine gives the in-process graph: samples, generated copy trees, the DataFrame API, errors."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from lineage import Options, build_graphs
from lineage.corpus import load
from lineage.documents import Document
from lineage.render.graph_formats import to_node_link

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
EVAL = Path(os.environ.get("LINEAGE_EVAL", ROOT.parent / "shared" / "eval"))


def _python(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], check=False, capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}, timeout=600)


def test_no_pyspark_is_one_line_with_exit_2() -> None:
    code = ("import sys; sys.modules['pyspark'] = None; from lineage.cli import main; "
            "main(['graph', 'samples', '--engine', 'spark'])")
    r = _python("-c", code)
    assert r.returncode == 2
    assert r.stderr.strip() == "lineage: error: --engine spark needs PySpark (pip install 'lineage[spark]')"


def test_master_without_spark_engine_is_refused() -> None:
    r = _python("-m", "lineage.cli", "graph", "samples", "--master", "local[2]")
    assert r.returncode == 2 and r.stderr.strip() == "lineage: error: --master and --partitions need --engine spark"


def test_components_and_edge_record() -> None:
    from lineage.spark.codec import edge_from_json, edge_to_json
    from lineage.spark.reduce import components

    assert components([(3, 4), (1, 2), (4, 1), (7, 8)]) == {1: 1, 2: 1, 3: 1, 4: 1, 7: 7, 8: 7}
    graphs = build_graphs(load([SAMPLES]), jobs=1)
    assert graphs.reuse.number_of_edges()
    from lineage.graph import compare_pair, prepare_corpus

    docs = {p.id: p for p in prepare_corpus(load([SAMPLES]))}
    edge = compare_pair(docs["001_blog-global-cooperation-paraphrase.txt"],
                        docs["002_chinadaily-wuzhen-panelists.txt"], __import__("lineage").Options())
    assert edge is not None and edge_from_json(edge_to_json(edge)) == edge


pyspark = pytest.importorskip("pyspark", reason="PySpark is not installed (pip install 'lineage[spark]')")

from lineage.spark import (  # noqa: E402
    archive_frame,
    build_graphs_spark,
    graph_frames,
    to_graphs,
    write_archive,
)
from lineage.spark.session import java_found  # noqa: E402

if not java_found():
    pytest.skip("Spark needs Java: none on JAVA_HOME or the PATH (apt-get install default-jre-headless)",
                allow_module_level=True)


def _same(a, b) -> None:  # type: ignore[no-untyped-def]
    for view in ("reuse", "derivation"):
        ja = json.dumps(to_node_link(getattr(a, view)), ensure_ascii=False)
        jb = json.dumps(to_node_link(getattr(b, view)), ensure_ascii=False)
        assert ja == jb, view


def test_bad_master_and_no_java_are_one_line_with_exit_2(tmp_path: Path) -> None:
    r = _python("-m", "lineage.cli", "graph", "samples", "--engine", "spark", "--master", "nowhere")
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == [
        ("lineage: error: bad Spark master URL 'nowhere' (expected local[*], local[N], spark://host:port, "
         "yarn or k8s://...)")]
    bare = tmp_path / "bin"
    bare.mkdir()
    r = _python("-m", "lineage.cli", "graph", "samples", "--engine", "spark",
                env={"PATH": str(bare), "JAVA_HOME": ""})
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == [
        ("lineage: error: --engine spark needs Java (none on JAVA_HOME or the PATH; "
         "on Debian: apt-get install default-jre-headless)")]


def test_dataframe_api_on_samples_with_parquet(spark, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    docs = load([SAMPLES])
    frame = spark.createDataFrame([(d.id, d.text, d.path) for d in docs], "id string, text string, path string")
    g = graph_frames(frame)
    for name in ("nodes", "pairs", "edges"):
        getattr(g, name).write.parquet(str(tmp_path / name))
    nodes = spark.read.parquet(str(tmp_path / "nodes"))
    edges = spark.read.parquet(str(tmp_path / "edges"))
    assert nodes.count() == 5
    assert {"idx", "id", "label", "date", "cluster"} <= set(nodes.columns)
    assert spark.read.parquet(str(tmp_path / "pairs")).count() >= 1
    kept = [(r["source"], r["target"], r["kind"], r["direction"]) for r in edges.filter("derivation").collect()]
    assert kept == [("002_chinadaily-wuzhen-panelists.txt", "001_blog-global-cooperation-paraphrase.txt",
                     "paraphrase", "evidence")]
    _same(build_graphs(docs, jobs=1), to_graphs(g))


def _local_corpus(n_trees: int = 12, seed: int = 3) -> list[Document]:
    """Copy trees grown from the samples and test articles with the BBC generator's edits."""
    from benchmarks.bbc_edits import SENTENCE, Article, Node, make_child

    arts = []
    for path in sorted([*SAMPLES.glob("*.txt"), *(ROOT / "tests" / "data").glob("*.txt")]):
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
        arts.append(Article(path.stem, "local", lines[0], [SENTENCE.split(ln) for ln in lines[1:]]))
    rng = random.Random(seed)
    pool = ["Li Wei", "Anna Smith", "John Brown", "Maria Garcia", "Chen Jing", "Peter Jones"]
    nodes = []
    for t in range(n_trees):
        root = arts[t % len(arts)]
        tree = [Node(f"t{t}", root.title, [list(p) for p in root.paras], None, t, 0, None)]
        for k in range(rng.randint(1, 4)):
            parent = rng.choice(tree)
            tree.append(make_child(rng, parent, f"t{t}.{k}", pool, [a for a in arts if a is not root]))
        nodes.extend(tree)
    rng.shuffle(nodes)
    return [Document.from_text(n.text(), id=n.id) for n in nodes]


def _corpus() -> list[Document]:
    """A few hundred BBC-generator documents when the BBC articles are here, else copy trees of local texts."""
    try:
        from benchmarks.bbc_lineage import generate, read_bbc
    except ImportError:
        return _local_corpus()
    if not (EVAL / "bbc").is_dir():
        return _local_corpus()
    nodes = generate(read_bbc(EVAL / "bbc"), 200, 1)
    return [Document.from_text(n.text(), id=n.id, date=n.date.isoformat() if n.date else None) for n in nodes]


def test_generated_copy_trees_give_identical_graphs(spark) -> None:  # type: ignore[no-untyped-def]
    docs = _corpus()
    local = build_graphs(docs, jobs=1)
    assert local.derivation.number_of_edges() > 5
    _same(local, build_graphs_spark(docs, spark=spark, partitions=3))


def test_archive_records_load_back(spark, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from lineage.graph import prepare_corpus
    from lineage.prepared_io import loads

    docs = load([SAMPLES])
    frame = spark.createDataFrame([(d.id, d.text) for d in docs], "id string, text string")
    write_archive(archive_frame(frame), str(tmp_path / "arc"))
    rows = {r["id"]: r for r in spark.read.parquet(str(tmp_path / "arc" / "records")).collect()}
    assert json.loads((tmp_path / "arc" / "manifest.json").read_text())["record_format"] == "lineage.prepared/1"
    for p in prepare_corpus(docs):
        back = loads(rows[p.id]["blob"], rows[p.id]["text"])
        assert back.segments == p.segments and (back.signature == p.signature).all()
        assert len(rows[p.id]["doc_keys"]) == (37 if p.shingles else 0)


def test_cli_spark_engine_gives_the_in_process_graph(tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    r1 = _python("-m", "lineage.cli", "graph", "samples", "-q", "-o", str(a))
    r2 = _python("-m", "lineage.cli", "graph", "samples", "-q", "-o", str(b), "--engine", "spark",
                 "--master", "local[2]", "--partitions", "2")
    assert (r1.returncode, r2.returncode) == (0, 0), r2.stderr
    # Quiet means quiet: Spark's log stays at errors (the JVM's own start-up warning aside).
    assert [line for line in r2.stderr.splitlines() if "incubator" not in line] == [], r2.stderr
    assert a.read_text(encoding="utf-8") == b.read_text(encoding="utf-8")
    edges = json.loads(b.read_text(encoding="utf-8"))["edges"]
    assert [(e["source"], e["target"]) for e in edges] == [
        ("002_chinadaily-wuzhen-panelists.txt", "001_blog-global-cooperation-paraphrase.txt")]


def _crowded() -> list[Document]:
    """Documents sharing one sentence 25 times over (a common phrase), one 21 times, some a few others."""
    rng = random.Random(5)
    shared = "The regional authority published its annual review of transport spending on Monday morning."

    def sentence() -> str:  # made-up words: no two such sentences share their stems by chance
        return " ".join("".join(rng.choice("bcdfglmnprstv") + rng.choice("aeiou") for _ in range(3))
                        for _ in range(12)).capitalize() + "."

    # In 21 documents: a bucket just small enough to pair its members (max_sentence_fanout + 1).
    edge = "Visitors to the old harbour museum can now borrow bicycles from the new station kiosk."
    pairs = [" ".join(sentence() for _ in range(3)) for _ in range(6)]
    docs = []
    for i in range(25):
        own = [sentence(), shared, sentence(), pairs[i % 6], edge if i < 21 else sentence(), sentence()]
        docs.append(Document.from_text(" ".join(own), id=f"c{i:02d}"))
    return docs


@pytest.mark.parametrize("which", ["generated", "crowded"])
def test_candidate_pairs_match_in_process(spark, which: str) -> None:  # type: ignore[no-untyped-def]
    """Spark's banding finds the pairs, document hits and sentence hits find_candidates finds."""
    from lineage.candidates import find_candidates
    from lineage.graph import prepare_corpus
    from lineage.spark.banding import candidate_pairs
    from lineage.spark.prepare import documents_frame, indexed, prepare_frame, recurring_lines

    docs = _corpus() if which == "generated" else _crowded()
    opts = Options()
    want = {(c.a, c.b): (c.document_hit, c.sentence_hits)
            for c in find_candidates(prepare_corpus(docs, opts), opts.candidates)}
    frame, n = indexed(documents_frame(spark, docs, 3))
    prepared = prepare_frame(frame, opts, recurring_lines(frame, n))
    got = {(r["a"], r["b"]): (r["document_hit"], r["sentence_hits"])
           for r in candidate_pairs(prepared, opts.candidates).collect()}
    assert want and got == want
