"""A packed corpus: the same documents, candidates and graph as prepared objects, in a quarter of the memory."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from lineage import Document, Options, build_graphs, load_corpus
from lineage.candidates import find_candidates
from lineage.graph import assemble, compare_pairs, pack_corpus, prepare_corpus
from lineage.prepared_io import to_record

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
BASE = ("The council approved a flood plan for the valley on Tuesday after years of delay. "
        "Engineers will raise the embankments along twelve kilometres of the river next winter. "
        "The project will cost 48 million euros, shared between the government and the region. ")


def _corpus() -> list[Document]:
    docs = load_corpus([SAMPLES])
    copy = BASE.replace("Tuesday", "Monday") + "Farmers had asked for better protection after the floods."
    return [*docs, Document.from_text(BASE, id="base", date="2024-05-01"),
            Document.from_text(copy, id="copy", date="2024-05-02")]


def test_packed_documents_load_as_prepared() -> None:
    """Each document loads back as the object preparing it gives, and the indexes read the same keys."""
    docs = _corpus()
    prepared = prepare_corpus(docs)
    packed, signed = pack_corpus(docs)
    assert len(packed) == len(prepared) == len(signed)
    assert packed.ids == tuple(p.id for p in prepared)
    for k, p in enumerate(prepared):
        assert to_record(packed[k]) == to_record(p)
        got, want = signed[k].sentence_hashes(), p.sentence_hashes()
        assert [s for s, _ in got] == [s for s, _ in want]
        assert all(np.array_equal(a, b) for (_, a), (_, b) in zip(got, want))
        assert np.array_equal(signed[k].signature, p.signature) and signed[k].shingles == p.shingles
    assert to_record(packed[-1]) == to_record(prepared[-1])
    assert [to_record(p) for p in packed[1:3]] == [to_record(p) for p in prepared[1:3]]
    assert to_record(packed.by_id("copy")) == to_record(prepared[-1])
    with pytest.raises(KeyError):
        packed.by_id("missing")
    with pytest.raises(IndexError):
        packed[len(packed)]
    assert find_candidates(signed) == find_candidates(prepared)


def test_packed_graph_equals_graph_of_prepared_objects() -> None:
    """build_graphs (packed) gives the nodes and edges that assembling prepared objects gives."""
    docs = _corpus()
    opts = Options()
    prepared = prepare_corpus(docs, opts)
    pairs = [(c.a, c.b) for c in find_candidates(prepared, opts.candidates)]
    want = assemble(prepared, compare_pairs(prepared, pairs, opts, jobs=1), opts, len(pairs))
    got = build_graphs(docs, opts, jobs=1)
    assert got.reuse.number_of_edges() > 0
    for g, w in ((got.reuse, want.reuse), (got.derivation, want.derivation)):
        assert nx.node_link_data(g, edges="links") == nx.node_link_data(w, edges="links")


def test_a_graph_run_leaves_the_callers_documents_as_they_were() -> None:
    """Nothing a run works out (the layout) is cached on the documents the caller passed."""
    docs = _corpus()
    build_graphs(docs, jobs=1)
    assert not any("layout" in d.__dict__ for d in docs)


def test_documents_prepared_in_workers_pack_as_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Preparing in forked workers, a few documents at a time, gives the same records in the same order."""
    from lineage import graph as graph_module
    from lineage.workers import can_fork

    if not can_fork():
        pytest.skip("worker processes are forked, which this platform cannot do")
    docs = _corpus()
    serial, _ = pack_corpus(docs)
    monkeypatch.setattr(graph_module, "PARALLEL_FROM", 1)
    monkeypatch.setattr(graph_module, "PACK_CHUNK", 2)
    monkeypatch.setattr(graph_module, "COUNT_CHUNK", 2)
    steps: list[int] = []
    parallel, signed = pack_corpus(docs, jobs=2, progress=lambda stage, done, total: steps.append(done))
    assert parallel.ids == serial.ids and parallel.nodes == serial.nodes
    assert parallel.recurring == serial.recurring
    assert [to_record(p) for p in parallel] == [to_record(p) for p in serial]
    assert len(signed) == len(docs) and steps[-1] == len(docs) and steps == sorted(steps)


def test_lines_recurring_across_the_corpus_are_counted_alike_in_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Site furniture repeated in every document is found when workers count the lines a few documents each."""
    from lineage import graph as graph_module
    from lineage.workers import can_fork

    if not can_fork():
        pytest.skip("worker processes are forked, which this platform cannot do")
    chrome = "Share this story\n\nSubscribe to our newsletter\n\n"
    docs = [Document.from_text(f"{chrome}Story {i} tells of the harbour and of boat number {i * 7} at dawn.",
                               id=f"s{i}") for i in range(8)]
    serial, _ = pack_corpus(docs)
    monkeypatch.setattr(graph_module, "PARALLEL_FROM", 1)
    monkeypatch.setattr(graph_module, "COUNT_CHUNK", 3)
    parallel, _ = pack_corpus(docs, jobs=2)
    assert serial.recurring >= 1 and parallel.recurring == serial.recurring
    assert [to_record(p) for p in parallel] == [to_record(p) for p in serial]
