"""Derivation graph of a corpus: who copies whom, as a networkx DiGraph.

Candidates come from MinHash LSH (:mod:`lineage.candidates`), each is aligned
with the compare pipeline, and reuse becomes an edge source → target.  The
reuse graph keeps every such edge; the derivation graph drops A → C when C
also derives from B which derives from A and A → C brings nothing to C that
B → C does not (no contamination).
"""

from __future__ import annotations

import multiprocessing
import os
from collections import Counter
from dataclasses import dataclass
from importlib.metadata import version
from typing import Callable, Sequence

import networkx as nx

from .candidates import Candidate, find_candidates
from .comparison import CompareResult, compare
from .corpus import recurring_lines, with_recurring
from .documents import Document
from .options import DEFAULT_OPTIONS, Options
from .verdict import IDENTICAL, NEAR_DUPLICATE, PARAPHRASE, PARTIAL_REUSE

SCHEMA = "lineage.graph/1"
#: Edge kind for each reuse verdict.
KINDS = {IDENTICAL: "copy", NEAR_DUPLICATE: "near-duplicate", PARAPHRASE: "paraphrase", PARTIAL_REUSE: "partial reuse"}
#: Share of the sentences C took from A that B → C must also cover for A → C to be implied.
IMPLIED_COVER = 0.95
#: Compare in worker processes from this many candidate pairs on.
PARALLEL_FROM = 200


@dataclass(frozen=True)
class Graphs:
    """Both views of a corpus: every reuse edge, and the reduced derivation graph."""

    reuse: nx.DiGraph
    derivation: nx.DiGraph


Progress = Callable[[str, int, int], None]


def _node_attrs(d: Document, segments: int) -> dict[str, object]:
    return {
        "label": d.title or d.layout.title or d.id,
        "path": d.path or "",
        "date": d.effective_date or "",
        "chars": len(d.text),
        "sentences": segments,
    }


def _edge(r: CompareResult) -> tuple[str, str, dict[str, object]]:
    """Orient a comparison from source to target and describe the reuse."""
    flip = r.direction.source == "b"
    src, dst = (r.b, r.a) if flip else (r.a, r.b)
    ts, td = src.document.text, dst.document.text
    passages = []
    for p in r.passages:
        s_span, t_span = ((p.b_start, p.b_end), (p.a_start, p.a_end)) if flip else ((p.a_start, p.a_end), (p.b_start, p.b_end))
        passages.append({
            "source_span": list(s_span), "target_span": list(t_span),
            "source_text": ts[s_span[0]:s_span[1]], "target_text": td[t_span[0]:t_span[1]],
            "label": p.label, "score": p.score,
        })
    attrs: dict[str, object] = {
        "kind": KINDS[r.verdict],
        "share": round(dst.reused, 4),
        "score": round(max((p.score for p in r.pairs), default=0.0), 4),
        "direction": r.direction.basis if r.direction.source else "undetermined",
        "confidence": r.direction.confidence,
        "evidence": [e.reason for e in r.direction.evidence],
        "passages": passages,
        "findings": dict(Counter(f.kind for f in r.findings)),
        # Sentence-level spans (passages bridge small gaps), for telling contamination apart.
        "aligned_target_spans": [
            [p.a_start, p.a_end] if flip else [p.b_start, p.b_end] for p in r.pairs
        ],
    }
    return src.document.id, dst.document.id, attrs


_WORKER_DOCS: Sequence[Document] = ()
_WORKER_OPTIONS: Options = DEFAULT_OPTIONS


def _init_worker(docs: Sequence[Document], options: Options) -> None:
    global _WORKER_DOCS, _WORKER_OPTIONS
    _WORKER_DOCS, _WORKER_OPTIONS = docs, options


def _compare_pair(pair: tuple[int, int]) -> tuple[str, str, dict[str, object]] | None:
    r = compare(_WORKER_DOCS[pair[0]], _WORKER_DOCS[pair[1]], _WORKER_OPTIONS)
    return _edge(r) if r.verdict in KINDS else None


def _compare_all(
    docs: Sequence[Document], cands: Sequence[Candidate], options: Options, jobs: int, progress: Progress | None
) -> list[tuple[str, str, dict[str, object]]]:
    pairs = [(c.a, c.b) for c in cands]
    edges = []
    if jobs > 1 and len(pairs) >= PARALLEL_FROM and "fork" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(jobs, initializer=_init_worker, initargs=(docs, options)) as pool:
            for k, e in enumerate(pool.imap(_compare_pair, pairs, chunksize=16), 1):
                if e:
                    edges.append(e)
                if progress:
                    progress("aligning", k, len(pairs))
        return edges
    _init_worker(docs, options)
    for k, pair in enumerate(pairs, 1):
        e = _compare_pair(pair)
        if e:
            edges.append(e)
        if progress:
            progress("aligning", k, len(pairs))
    return edges


def _covered(spans: list[list[int]], by: list[list[int]]) -> float:
    """Share of the characters of ``spans`` inside the union of ``by``."""
    total = sum(e - s for s, e in spans)
    if total == 0:
        return 1.0
    inside = 0
    for s, e in spans:
        for bs, be in by:
            inside += max(0, min(e, be) - max(s, bs))
    return min(1.0, inside / total)


def reduce_derivation(reuse: nx.DiGraph) -> nx.DiGraph:
    """The derivation graph: drop A → C when A → B → C explains all of C's material from A.

    An edge is kept, marked ``contamination=True``, when C holds material from
    A that B's copy lacks.  Edges of undetermined direction are never dropped.
    """
    g = reuse.copy()
    g.graph["view"] = "derivation"
    for u, w, data in list(reuse.edges(data=True)):
        if data["direction"] == "undetermined":
            continue
        a_spans = data["aligned_target_spans"]
        for v in reuse.successors(u):
            if v == w or not reuse.has_edge(v, w):
                continue
            if reuse[u][v]["direction"] == "undetermined" or reuse[v][w]["direction"] == "undetermined":
                continue
            b_spans = reuse[v][w]["aligned_target_spans"]
            if _covered(a_spans, b_spans) >= IMPLIED_COVER:
                if g.has_edge(u, w):
                    g.remove_edge(u, w)
                break
        else:
            if g.has_edge(u, w) and any(
                reuse.has_edge(u, v) and reuse.has_edge(v, w) for v in reuse.successors(u) if v != w
            ):
                g[u][w]["contamination"] = True
    return g


def _clusters(g: nx.DiGraph) -> dict[str, int]:
    """Near-identical copies share a cluster id; every other node is a cluster of its own."""
    close = nx.Graph()
    close.add_nodes_from(g.nodes)
    close.add_edges_from((u, v) for u, v, k in g.edges(data="kind") if k in ("copy", "near-duplicate"))
    comps = sorted((sorted(c) for c in nx.connected_components(close)), key=lambda c: c[0])
    return {n: i for i, comp in enumerate(comps) for n in comp}


def build_graphs(
    documents: Sequence[Document],
    options: Options | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> Graphs:
    """Both graph views of a corpus (see :func:`build_graph`)."""
    opts = options or DEFAULT_OPTIONS
    docs = with_recurring(documents, recurring_lines(documents))
    n = len(docs)
    counter = {"k": 0}

    def tick(step: int) -> None:
        counter["k"] += step
        if progress:
            progress("indexing", counter["k"], n)

    cands = find_candidates(docs, opts, tick)
    edges = _compare_all(docs, cands, opts, jobs if jobs is not None else (os.cpu_count() or 1), progress)
    reuse = nx.DiGraph(schema=SCHEMA, view="reuse", lineage_version=version("lineage"), options={
        "shingle_size": opts.shingle_size, "num_perm": opts.num_perm, "seed": opts.seed,
        "min_sentence_score": opts.min_sentence_score, "keep_boilerplate": opts.keep_boilerplate,
        "candidate_pairs": len(cands), "recurring_lines": len(docs[0].recurring) if docs else 0,
    })
    for d in docs:
        reuse.add_node(d.id, **_node_attrs(d, len(d.layout.content(opts.keep_boilerplate))))
    for src, dst, attrs in edges:
        reuse.add_edge(src, dst, **attrs)
    derivation = reduce_derivation(reuse)
    clusters = _clusters(reuse)
    for g in (reuse, derivation):
        nx.set_node_attributes(g, clusters, "cluster")
    return Graphs(reuse, derivation)


def build_graph(
    documents: Sequence[Document],
    options: Options | None = None,
    view: str = "derivation",
    jobs: int | None = None,
    progress: Progress | None = None,
) -> nx.DiGraph:
    """Graph of who copies whom in a corpus.

    Parameters
    ----------
    documents : sequence of Document
        The corpus (ids must be unique).
    options : Options, optional
        Comparison settings.
    view : {"derivation", "reuse"}
        ``derivation`` drops edges implied by a chain of copies; ``reuse``
        keeps every pair found reusing text.
    jobs : int, optional
        Worker processes for aligning candidate pairs (default: CPU count).
    progress : callable, optional
        ``progress(stage, done, total)`` for long runs.

    Returns
    -------
    networkx.DiGraph
        Nodes are document ids; an edge runs from source to target (schema
        ``lineage.graph/1``: kind, share, score, direction, confidence,
        evidence, passages, findings).
    """
    if view not in ("derivation", "reuse"):
        from .errors import OptionsError

        raise OptionsError(f"view must be 'derivation' or 'reuse', not {view!r}")
    graphs = build_graphs(documents, options, jobs, progress)
    return graphs.derivation if view == "derivation" else graphs.reuse
