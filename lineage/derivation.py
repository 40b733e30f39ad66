"""The derivation view of a reuse graph: every edge a third text explains is dropped.

When C copies B which copies A, the reuse graph holds A - B, B - C and
A - C; the derivation view keeps A -> B -> C, and A -> C only when C holds
material of A that B lacks (marked ``contamination``).  Two copies of A hold
what they share through A, so the edge between them goes too.  Every step
reads only edges and the word shingles of the three texts involved, so it
can run per connected component.
"""

from __future__ import annotations

from typing import Callable, Sequence, cast

import networkx as nx
import numpy as np

from .edges import Edge
from .fingerprints import shingle_hashes
from .options import Options
from .params import DerivationParams
from .prepare import PreparedDocument
from .text.spans import Span
from .vocabulary import EdgeKind

#: Graph attribute holding an edge's :class:`Edge` while the graph is built (not exported).
EDGE = "edge"


def _covered(spans: Sequence[Span], by: Sequence[Span]) -> float:
    """Share of the characters of ``spans`` inside the union of ``by``."""
    total = sum(e - s for s, e in spans)
    if total == 0:
        return 1.0
    inside = 0
    for s, e in spans:
        for bs, be in by:
            inside += max(0, min(e, be) - max(s, bs))
    return min(1.0, inside / total)


def _spans_at(e: Edge, node: str) -> Sequence[Span]:
    """Aligned spans of an edge on the side of ``node``."""
    return e.source_spans if node == e.source else e.target_spans


def _between(g: nx.DiGraph, x: str, y: str) -> Edge | None:
    """The edge joining ``x`` and ``y`` in either direction."""
    if g.has_edge(x, y):
        return cast(Edge, g[x][y][EDGE])
    if g.has_edge(y, x):
        return cast(Edge, g[y][x][EDGE])
    return None


Shingles = Callable[[str], np.ndarray]


def _sim(g: nx.DiGraph, x: str, y: str) -> float:
    e = _between(g, x, y)
    return e.similarity if e else 0.0


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


def _explained(
    g: nx.DiGraph, u: str, w: str, edge: Edge, shingles: Shingles | None, params: DerivationParams
) -> bool:
    """True when a third text fits between ``u`` and ``w`` better than either and holds what they share.

    A text ``m`` fits between ``x`` and ``y`` by the word shingles ``x`` and
    ``y`` share that ``m`` lacks (a text derived through ``m`` would have had
    to restore them: changed words are evidence, dropped sentences hardly,
    as two copies often drop the same), then by how little ``x`` and ``y``
    are alike.  ``v`` holds what ``u`` and ``w`` share when it lacks at most
    ``params.shingle_slack`` of their shared shingles, or its alignments cover
    ``params.implied_cover`` of their aligned text on each side.
    """
    for v in set(g.predecessors(u)) | set(g.successors(u)):
        if v == w or _latest(g, v, u, w):
            continue
        uv, vw = _between(g, u, v), _between(g, v, w)
        if uv is None or vw is None:
            continue
        lack, both = _lacking(shingles, v, u, w)
        if lack > params.shingle_slack * both and (
            _covered(_spans_at(edge, u), _spans_at(uv, u)) < params.implied_cover
            or _covered(_spans_at(edge, w), _spans_at(vw, w)) < params.implied_cover
        ):
            continue
        key = (lack, _sim(g, u, w))
        rivals = [(_lacking(shingles, m, x, y)[0], _sim(g, x, y)) for m, x, y in ((u, v, w), (w, u, v))
                  if not _latest(g, m, x, y)]
        if all(key < r for r in rivals):
            return True
    return False


def reduce_derivation(
    reuse: nx.DiGraph, shingles: Shingles | None = None, params: DerivationParams = DerivationParams()
) -> nx.DiGraph:
    """The derivation graph: drop every edge that a third text explains.

    Every edge is reuse by the one rule of evidence :func:`lineage.compare`
    judges by (:class:`lineage.params.EvidenceParams`).  An edge A - C is explained by B when B
    holds what A and C share and fits between them better than A or C fits
    between the other two (see :func:`_explained`; ``shingles`` gives a
    node's sentence word-shingle hashes).  Explained edges go weakest first,
    each only while its ends stay linked, so a group of copies keeps a
    connecting tree.  A kept edge A → C beside a kept path A → B → C is
    marked ``contamination=True``: C holds material from A that B lacks.
    """
    g = reuse.copy()
    g.graph["view"] = "derivation"
    strong = g.copy()
    explained = [(u, w, e) for u, w, e in strong.edges(data=EDGE) if _explained(strong, u, w, e, shingles, params)]
    linked = g.to_undirected(as_view=True)
    for u, w, _ in sorted(explained, key=lambda x: (x[2].similarity, x[0], x[1])):
        data = g[u][w]
        g.remove_edge(u, w)
        if not nx.has_path(linked, u, w):
            g.add_edge(u, w, **data)
    for u, w, data in g.edges(data=True):
        if any(g.has_edge(v, w) for v in g.successors(u) if v != w):
            data["contamination"] = True
    return g


def sentence_shingles(docs: Sequence[PreparedDocument] | Callable[[str], PreparedDocument],
                      options: Options) -> Shingles:
    """Word shingles within each sentence of a document (no shingle spans two), computed on demand.

    ``docs`` are the prepared documents, or a function giving one by its id.
    """
    lookup = docs if callable(docs) else {d.id: d for d in docs}.__getitem__
    cache: dict[str, np.ndarray] = {}

    def get(node: str) -> np.ndarray:
        h = cache.get(node)
        if h is None:
            parts = [shingle_hashes(s.text, options.shingle_size) for s in lookup(node).segments]
            h = cache[node] = np.unique(np.concatenate(parts)) if parts else np.empty(0, np.uint32)
        return h

    return get


def clusters(g: nx.DiGraph) -> dict[str, int]:
    """Near-identical copies share a cluster id; every other node is a cluster of its own."""
    close = nx.Graph()
    close.add_nodes_from(g.nodes)
    close.add_edges_from((u, v) for u, v, e in g.edges(data=EDGE) if e.kind in (EdgeKind.COPY, EdgeKind.NEAR_DUPLICATE))
    comps = sorted((sorted(c) for c in nx.connected_components(close)), key=lambda c: c[0])
    return {n: i for i, comp in enumerate(comps) for n in comp}


