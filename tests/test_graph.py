"""The derivation graph: samples, chains of copies, dates, clusters, corpus boilerplate, inputs."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from lineage import Document, InputError, Options, build_graph, build_graphs, load_corpus
from lineage.cli import main

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

BASE = [
    "The regional council approved a new flood defence plan for the river valley on Tuesday evening.",
    "Engineers will raise the embankments along twelve kilometres of the river before next winter.",
    "The project will cost 48 million euros, shared between the national government and the region.",
    "Farmers in the lower valley had asked for better protection after the floods of last spring.",
    "Council leader Maria Stein said the vote ended years of delay and uncertainty for residents.",
    "Work on the first section near the old mill is due to begin in early March.",
    "Environmental groups welcomed the plan but asked for wetlands to be restored upstream.",
    "A public meeting on the timetable will be held at the town hall next month.",
]
EXTRA_B = "Local businesses said the works would disrupt traffic on the valley road for several weeks."
EXTRA_A_ONLY = "Officials expect the embankments to protect around 3,000 homes once complete."


def _chain() -> list[Document]:
    a = " ".join(BASE + [EXTRA_A_ONLY])
    # b copies a with small edits and one added sentence, but lacks EXTRA_A_ONLY.
    b_sents = [s.replace("Tuesday evening", "Tuesday") for s in BASE] + [EXTRA_B]
    b = " ".join(b_sents)
    # c copies b (all but one sentence), reordered.
    c_sents = b_sents[4:] + b_sents[:3]
    c = " ".join(c_sents)
    return [
        Document.from_text(c, id="c", date="2024-05-03"),
        Document.from_text(a, id="a", date="2024-05-01"),
        Document.from_text(b, id="b", date="2024-05-02"),
    ]


def test_samples_have_exactly_one_derivation_edge() -> None:
    g = build_graph(load_corpus([SAMPLES]), jobs=1)
    edges = [(u[:3], v[:3], d["kind"]) for u, v, d in g.edges(data=True) if d["kind"] != "related"]
    assert edges == [("002", "001", "paraphrase")]
    d = g.edges[next(iter(g.edges))]
    assert 0.5 <= d["share"] <= 1.0 and d["passages"] and d["findings"]
    assert g.number_of_nodes() == 5  # the README is not a document
    # Evidence names the documents, not the "A" and "B" of the comparison behind the edge.
    assert d["evidence"] and all("002_chinadaily" in e and not e.startswith(("A ", "B ")) for e in d["evidence"])


def test_chain_is_reduced_and_dates_give_direction() -> None:
    graphs = build_graphs(_chain(), jobs=1)
    assert {("a", "b"), ("b", "c"), ("a", "c")} <= set(graphs.reuse.edges)
    assert set(graphs.derivation.edges) == {("a", "b"), ("b", "c")}
    assert all(d["direction"] == "dates" for _, _, d in graphs.derivation.edges(data=True))


def test_contamination_keeps_the_direct_edge() -> None:
    docs = _chain()
    c_text = docs[0].text + " " + EXTRA_A_ONLY + " " + BASE[3]
    docs[0] = Document.from_text(c_text, id="c", date="2024-05-03")
    graphs = build_graphs(docs, jobs=1)
    assert graphs.derivation.has_edge("a", "c")
    assert graphs.derivation.edges["a", "c"].get("contamination") is True


def test_identical_copies_form_a_cluster_and_undated_stay_undetermined() -> None:
    text = " ".join(BASE)
    docs = [Document.from_text(text, id="x"), Document.from_text(text, id="y"),
            Document.from_text("Completely different words about a chess tournament in Oslo this week.", id="z")]
    g = build_graph(docs, jobs=1)
    assert g.nodes["x"]["cluster"] == g.nodes["y"]["cluster"] != g.nodes["z"]["cluster"]
    (u, v, d), = g.edges(data=True)
    assert {u, v} == {"x", "y"} and d["kind"] == "copy" and d["direction"] == "undetermined"


def test_corpus_boilerplate_never_creates_an_edge(tmp_path: Path) -> None:
    furniture = ("Subscribe to our morning briefing today\nShare this story with your friends now\n"
                 "Most read stories on the site this week\n")
    bodies = [
        "A winter storm closed the harbour and stranded two ferries overnight near the lighthouse.",
        "The city library reopened after repairs to its roof, with a new children's reading room.",
        "A family bakery on Mill Street won a national award for its rye bread and pastries.",
        "The school choir toured Spain, singing in cathedrals in Seville, Toledo and Burgos.",
        "Inspectors found cracks in the railway bridge, and trains will run slowly until July.",
    ]
    for i, body in enumerate(bodies):
        (tmp_path / f"{i}.txt").write_text(f"Local news item {i}\n\n{body}\n\n{furniture}")
    g = build_graph(load_corpus([tmp_path]), jobs=1)
    assert g.number_of_edges() == 0


def test_jsonl_input_with_dates_and_errors(tmp_path: Path) -> None:
    recs = [{"id": d.id, "text": d.text, "date": d.date} for d in _chain()]
    f = tmp_path / "corpus.jsonl"
    f.write_text("\n".join(json.dumps(r) for r in recs) + "\n")
    docs = load_corpus([f])
    assert [d.id for d in docs] == ["c", "a", "b"] and docs[1].date == "2024-05-01"
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": "fine text here"}\n{"id": 2}\n')
    with pytest.raises(InputError, match="bad.jsonl:2"):
        load_corpus([bad])
    with pytest.raises(InputError, match="duplicate"):
        load_corpus([f, f])


def test_graph_cli_summary_json_and_exit_codes(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "g.json"
    res = runner.invoke(main, ["graph", str(SAMPLES), "-o", str(out), "-j", "1"])
    assert res.exit_code == 0, res.output
    assert "1 derivation edge(s)" in res.output and "002_chinadaily-wuzhen-panelists.txt -> 001_" in res.output
    data = json.loads(out.read_text(encoding="utf-8"))
    g = nx.node_link_graph(data, edges="edges")
    assert g.number_of_edges() == 1
    lonely = tmp_path / "one"
    lonely.mkdir()
    (lonely / "x.txt").write_text("Just one article about the weather in Lisbon today.")
    res = runner.invoke(main, ["graph", str(lonely), "-q"])
    assert res.exit_code == 1 and res.output == ""
    res = runner.invoke(main, ["graph", str(tmp_path / "missing")])
    assert res.exit_code == 2 and res.output.startswith("lineage: error: ")


def test_siblings_copied_from_one_text_are_not_linked_to_each_other() -> None:
    a = " ".join(BASE)
    b = " ".join(s.replace("Tuesday evening", "Tuesday night") for s in BASE[:7])
    c = " ".join(s.replace("48 million", "52 million") for s in BASE[:6] + BASE[7:])
    docs = [Document.from_text(t, id=i) for i, t in (("b", b), ("a", a), ("c", c))]
    graphs = build_graphs(docs, jobs=1)
    assert graphs.reuse.has_edge("b", "c") or graphs.reuse.has_edge("c", "b")
    pairs = {frozenset(e) for e in graphs.derivation.edges}
    assert pairs == {frozenset("ab"), frozenset("ac")}


def test_one_reworded_sentence_is_no_edge_in_either_view() -> None:
    # Two reports of one event share a fact in other words: the one rule of evidence says no reuse.
    a = ("The city council voted on Tuesday to close the old harbour bridge to cars from March. "
         "Engineers found cracks in two of its steel beams during an inspection last autumn. "
         "Cyclists and pedestrians will still be able to cross while repairs are planned.")
    b = ("Cars will no longer be allowed on the old harbour bridge from March, after a council vote on Tuesday. "
         "Shop owners on the eastern quay said they feared losing customers from the other bank. "
         "A ferry service could run during the summer months, the transport office said.")
    graphs = build_graphs([Document.from_text(a, id="a"), Document.from_text(b, id="b")], jobs=1)
    assert graphs.reuse.number_of_edges() == 0 and graphs.derivation.number_of_edges() == 0


def test_released_views_give_the_same_edges(monkeypatch: pytest.MonkeyPatch) -> None:
    """Comparing pairs with only the last document's views kept changes no edge."""
    from lineage import graph as graph_module
    from lineage.candidates import find_candidates

    docs = graph_module.prepare_corpus(_chain() + load_corpus([SAMPLES]))
    pairs = [(c.a, c.b) for c in find_candidates(docs)]
    kept = graph_module.compare_pairs(docs, pairs, Options(), jobs=1)
    assert kept and any(d.__dict__.get("mentions") is not None for d in docs)
    for d in docs:
        d.release()
    assert not any("mentions" in d.__dict__ for d in docs)
    monkeypatch.setattr(graph_module, "RECENT_DOCUMENTS", 1)
    released = graph_module.compare_pairs(docs, pairs, Options(), jobs=1)
    assert sum("mentions" in d.__dict__ for d in docs) == 1
    assert [e.attributes() for e in released] == [e.attributes() for e in kept]


@settings(max_examples=100, deadline=None)
@given(st.sets(st.tuples(st.integers(0, 30), st.integers(0, 30)).filter(lambda p: p[0] < p[1]), max_size=60))
def test_pairs_are_compared_in_an_order_that_keeps_every_pair(pairs: set[tuple[int, int]]) -> None:
    """The local order is a permutation of the pairs' positions."""
    from lineage.graph import local_order

    listed = sorted(pairs)
    assert sorted(local_order(listed)) == list(range(len(listed)))


def test_edges_come_in_the_order_of_their_pairs_whatever_order_they_are_compared_in() -> None:
    from lineage import graph as graph_module
    from lineage.candidates import find_candidates

    docs = graph_module.prepare_corpus(_chain() + load_corpus([SAMPLES]))
    pairs = [(c.a, c.b) for c in find_candidates(docs)][::-1]
    one_by_one = [graph_module.compare_pair(docs[i], docs[j], Options()) for i, j in pairs]
    got = graph_module.compare_pairs(docs, pairs, Options(), jobs=1)
    assert len(got) >= 2
    assert [e.attributes() for e in got] == [e.attributes() for e in one_by_one if e]
