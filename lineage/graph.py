"""Derivation graph of a corpus: who copies whom, as a networkx DiGraph.

Candidates come from MinHash LSH (:mod:`lineage.candidates`), each is aligned
with the compare pipeline, and reuse becomes an edge source → target.  The
reuse graph keeps every such edge; the derivation graph drops slight reuse (a
sentence or two reworded) and every edge between A and C that a third text B
explains: B holds what A and C share, and fits between them better than
either of them fits between the other two.  That removes A → C when
A → B → C (C holds nothing of A that B lacks: no contamination), and B - C
when both copy A (siblings: each kept words of A that the other changed).
"""

from __future__ import annotations

import multiprocessing
import os
import re
import signal
from collections import Counter
from dataclasses import dataclass
from importlib.metadata import version
from typing import Callable, Sequence

import networkx as nx
import numpy as np

from .candidates import Candidate, find_candidates, read_sets
from .comparison import CompareResult, compare
from .corpus import recurring_lines, with_recurring
from .documents import Document
from .fingerprints import shingle_hashes
from .options import DEFAULT_OPTIONS, Options
from .segments import segment
from .verdict import IDENTICAL, NEAR_DUPLICATE, PARAPHRASE, PARTIAL_REUSE

SCHEMA = "lineage.graph/1"
_SIDE = re.compile(r"\b[AB]\b(?=[ ']|$)")
#: Edge kind for each reuse verdict.
KINDS = {IDENTICAL: "copy", NEAR_DUPLICATE: "near-duplicate", PARAPHRASE: "paraphrase", PARTIAL_REUSE: "partial reuse"}
#: Share of what A and C share (on each side) that B's alignments must also cover for A - C to be implied.
IMPLIED_COVER = 0.95
#: Share of the word shingles A and C share that B may lack and still hold what they share.
SHINGLE_SLACK = 0.05
#: A derivation edge whose passages are all paraphrase needs more aligned sentences than this,
#: or this share of its target: one or two reworded sentences are what two reports of
#: one event share (MRPC), not evidence that one text derives from the other.
WEAK_PAIRS = 2
WEAK_SHARE = 0.5
#: Compare in worker processes from this many candidate pairs on.
PARALLEL_FROM = 200


@dataclass(frozen=True)
class Graphs:
    """Both views of a corpus: every reuse edge, and the reduced derivation graph."""

    reuse: nx.DiGraph
    derivation: nx.DiGraph


Progress = Callable[[str, int, int], None]


def _node_attrs(d: Document, paragraphs: int) -> dict[str, object]:
    return {
        "label": d.title or d.layout.title or d.id,
        "path": d.path or "",
        "date": d.effective_date or "",
        "chars": len(d.text),
        "paragraphs": paragraphs,
    }


def _named(reason: str, id_a: str, id_b: str) -> str:
    """A direction reason with the compared texts' ids in place of "A" and "B"."""
    return _SIDE.sub(lambda m: id_a if m.group() == "A" else id_b, reason)


def _edge(r: CompareResult, jaccard: float) -> tuple[str, str, dict[str, object]]:
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
        "similarity": round(jaccard, 4),
        "direction": r.direction.basis if r.direction.source else "undetermined",
        "confidence": r.direction.confidence,
        "evidence": [_named(e.reason, r.a.document.id, r.b.document.id) for e in r.direction.evidence],
        "passages": passages,
        "findings": dict(Counter(f.kind for f in r.findings)),
        # Sentence-level spans (passages bridge small gaps), for telling contamination apart.
        "aligned_source_spans": [
            [p.b_start, p.b_end] if flip else [p.a_start, p.a_end] for p in r.pairs
        ],
        "aligned_target_spans": [
            [p.a_start, p.a_end] if flip else [p.b_start, p.b_end] for p in r.pairs
        ],
    }
    return src.document.id, dst.document.id, attrs


_WORKER_DOCS: Sequence[Document] = ()
_WORKER_OPTIONS: Options = DEFAULT_OPTIONS
_WORKER_SHINGLES: Sequence[np.ndarray] = ()


def _init_worker(docs: Sequence[Document], options: Options, shingles: Sequence[np.ndarray]) -> None:
    global _WORKER_DOCS, _WORKER_OPTIONS, _WORKER_SHINGLES
    _WORKER_DOCS, _WORKER_OPTIONS, _WORKER_SHINGLES = docs, options, shingles


def _init_pool_worker(docs: Sequence[Document], options: Options, shingles: Sequence[np.ndarray]) -> None:
    """Set up a worker that leaves Ctrl-C to the parent, which terminates the pool."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    _init_worker(docs, options, shingles)


def _compare_pair(pair: tuple[int, int]) -> tuple[str, str, dict[str, object]] | None:
    r = compare(_WORKER_DOCS[pair[0]], _WORKER_DOCS[pair[1]], _WORKER_OPTIONS)
    if r.verdict not in KINDS:
        return None
    ha, hb = _WORKER_SHINGLES[pair[0]], _WORKER_SHINGLES[pair[1]]
    inter = len(np.intersect1d(ha, hb, assume_unique=True))
    union = len(ha) + len(hb) - inter
    return _edge(r, inter / union if union else 0.0)


def _compare_all(
    docs: Sequence[Document], cands: Sequence[Candidate], options: Options, shingles: Sequence[np.ndarray],
    jobs: int, progress: Progress | None,
) -> list[tuple[str, str, dict[str, object]]]:
    pairs = [(c.a, c.b) for c in cands]
    edges = []
    if jobs > 1 and len(pairs) >= PARALLEL_FROM and "fork" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("fork")
        # Workers are forked with SIGINT blocked, so none can take a Ctrl-C before ignoring it.
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            pool = ctx.Pool(jobs, initializer=_init_pool_worker, initargs=(docs, options, shingles))
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        with pool:
            try:
                for k, e in enumerate(pool.imap(_compare_pair, pairs, chunksize=16), 1):
                    if e:
                        edges.append(e)
                    if progress:
                        progress("aligning", k, len(pairs))
            except KeyboardInterrupt:
                pool.terminate()
                raise
        return edges
    _init_worker(docs, options, shingles)
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


def _spans_at(data: dict[str, object], node: str, source: str) -> list[list[int]]:
    """Aligned spans of an edge on the side of ``node`` (``source`` is the edge's source)."""
    key = "aligned_source_spans" if node == source else "aligned_target_spans"
    return data[key]  # type: ignore[return-value]


def _between(g: nx.DiGraph, x: str, y: str) -> tuple[str, dict[str, object]] | None:
    """The edge joining ``x`` and ``y`` in either direction, as (its source, its data)."""
    if g.has_edge(x, y):
        return x, g[x][y]
    if g.has_edge(y, x):
        return y, g[y][x]
    return None


Shingles = Callable[[str], np.ndarray]


def _sim(g: nx.DiGraph, x: str, y: str) -> float:
    e = _between(g, x, y)
    return float(e[1]["similarity"]) if e else 0.0  # type: ignore[arg-type]


def _lacking(shingles: Shingles | None, m: str, x: str, y: str) -> tuple[int, int]:
    """Word shingles ``x`` and ``y`` share that ``m`` lacks, and how many they share."""
    if shingles is None:
        return 0, 0
    both = np.intersect1d(shingles(x), shingles(y), assume_unique=True)
    return len(both) - len(np.intersect1d(both, shingles(m), assume_unique=True)), len(both)


def _latest(g: nx.DiGraph, m: str, x: str, y: str) -> bool:
    """True when ``m`` is dated after both ``x`` and ``y``: it cannot lie between them."""
    dm, dx, dy = (str(g.nodes[n].get("date") or "") for n in (m, x, y))
    return bool(dm and dx and dy) and dm[:len(dx)] > dx[:len(dm)] and dm[:len(dy)] > dy[:len(dm)]


def _explained(g: nx.DiGraph, u: str, w: str, data: dict[str, object], shingles: Shingles | None) -> bool:
    """True when a third text fits between ``u`` and ``w`` better than either and holds what they share.

    A text ``m`` fits between ``x`` and ``y`` by the word shingles ``x`` and
    ``y`` share that ``m`` lacks (a text derived through ``m`` would have had
    to restore them: changed words are evidence, dropped sentences hardly,
    as two copies often drop the same), then by how little ``x`` and ``y``
    are alike.  ``v`` holds what ``u`` and ``w`` share when it lacks at most
    ``SHINGLE_SLACK`` of their shared shingles, or its alignments cover
    ``IMPLIED_COVER`` of their aligned text on each side.
    """
    for v in set(g.predecessors(u)) | set(g.successors(u)):
        if v == w or _latest(g, v, u, w):
            continue
        uv, vw = _between(g, u, v), _between(g, v, w)
        if uv is None or vw is None:
            continue
        lack, both = _lacking(shingles, v, u, w)
        if lack > SHINGLE_SLACK * both and (
            _covered(_spans_at(data, u, u), _spans_at(uv[1], u, uv[0])) < IMPLIED_COVER
            or _covered(_spans_at(data, w, u), _spans_at(vw[1], w, vw[0])) < IMPLIED_COVER
        ):
            continue
        key = (lack, _sim(g, u, w))
        rivals = [(_lacking(shingles, m, x, y)[0], _sim(g, x, y)) for m, x, y in ((u, v, w), (w, u, v))
                  if not _latest(g, m, x, y)]
        if all(key < r for r in rivals):
            return True
    return False


def _weak(data: dict[str, object]) -> bool:
    """True for reuse too slight to tell derivation: no passage, or a sentence or two reworded."""
    passages: list[dict[str, object]] = data["passages"]  # type: ignore[assignment]
    if not passages:
        return True
    return (all(p["label"] == "paraphrase" for p in passages)
            and len(data["aligned_target_spans"]) <= WEAK_PAIRS  # type: ignore[arg-type]
            and float(data["share"]) < WEAK_SHARE)  # type: ignore[arg-type]


def reduce_derivation(reuse: nx.DiGraph, shingles: Shingles | None = None) -> nx.DiGraph:
    """The derivation graph: drop slight reuse, then every edge that a third text explains.

    Slight reuse is an edge without passages, or one whose passages are all
    paraphrase over at most ``WEAK_PAIRS`` aligned sentences and less than
    ``WEAK_SHARE`` of its target.  An edge A - C is explained by B when B
    holds what A and C share and fits between them better than A or C fits
    between the other two (see :func:`_explained`; ``shingles`` gives a
    node's sentence word-shingle hashes).  Explained edges go weakest first,
    each only while its ends stay linked, so a group of copies keeps a
    connecting tree.  A kept edge A → C beside a kept path A → B → C is
    marked ``contamination=True``: C holds material from A that B lacks.
    """
    g = reuse.copy()
    g.graph["view"] = "derivation"
    g.remove_edges_from([(u, w) for u, w, data in reuse.edges(data=True) if _weak(data)])
    strong = g.copy()
    explained = [(u, w, d) for u, w, d in strong.edges(data=True) if _explained(strong, u, w, d, shingles)]
    linked = g.to_undirected(as_view=True)
    for u, w, data in sorted(explained, key=lambda e: (e[2]["similarity"], e[0], e[1])):
        g.remove_edge(u, w)
        if not nx.has_path(linked, u, w):
            g.add_edge(u, w, **data)
    for u, w, data in g.edges(data=True):
        if any(g.has_edge(v, w) for v in g.successors(u) if v != w):
            data["contamination"] = True
    return g


def _sentence_shingles(docs: Sequence[Document], options: Options) -> Shingles:
    """Word shingles within each sentence of a document (no shingle spans two), computed on demand."""
    index = {d.id: d for d in docs}
    cache: dict[str, np.ndarray] = {}

    def get(node: str) -> np.ndarray:
        h = cache.get(node)
        if h is None:
            segs = segment(index[node], options.keep_boilerplate)
            parts = [shingle_hashes(s.text, options.shingle_size) for s in segs]
            h = cache[node] = np.unique(np.concatenate(parts)) if parts else np.empty(0, np.uint32)
        return h

    return get


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

    sets = read_sets(docs, opts, tick)
    cands = find_candidates(docs, opts, sets=sets)
    edges = _compare_all(docs, cands, opts, sets.doc_shingles, jobs if jobs is not None else (os.cpu_count() or 1),
                         progress)
    reuse = nx.DiGraph(schema=SCHEMA, view="reuse", lineage_version=version("lineage"), options={
        "shingle_size": opts.shingle_size, "num_perm": opts.num_perm, "seed": opts.seed,
        "min_sentence_score": opts.min_sentence_score, "keep_boilerplate": opts.keep_boilerplate,
        "candidate_pairs": len(cands), "recurring_lines": len(docs[0].recurring) if docs else 0,
    })
    for d in docs:
        reuse.add_node(d.id, **_node_attrs(d, len(d.layout.content(opts.keep_boilerplate))))
    for src, dst, attrs in edges:
        reuse.add_edge(src, dst, **attrs)
    derivation = reduce_derivation(reuse, _sentence_shingles(docs, opts))
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
