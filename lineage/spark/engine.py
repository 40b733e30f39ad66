"""The derivation graph on Spark: DataFrame of documents in, DataFrames of nodes, pairs and edges out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import networkx as nx

from ..documents import Document
from ..graph import Graphs, assemble
from ..options import DEFAULT_OPTIONS, Options
from .banding import candidate_pairs
from .codec import edge_from_json
from .compare import edges_frame
from .prepare import NODE_FIELDS, documents_frame, indexed, prepare_frame, recurring_lines
from .reduce import cluster_numbers, reduce_frame
from .session import guarded, session

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession


@dataclass(frozen=True)
class SparkGraph:
    """Both graph views of a corpus as Spark DataFrames (persisted; write them with ``.write.parquet``).

    Attributes
    ----------
    nodes : DataFrame
        One row per document: ``idx`` (its position in the input), ``id``, the node attributes
        (``label``, ``path``, ``date``, ``url``, ``source``, ``chars``, ``paragraphs``) and ``cluster``.
    pairs : DataFrame
        Candidate pairs: positions ``a < b``, ids ``id_a`` and ``id_b``, ``document_hit`` and
        ``sentence_hits`` (as :class:`lineage.candidates.Candidate`).
    edges : DataFrame
        Reuse edges, oriented: the pair ``a``, ``b``, ``source``, ``target``, ``kind``, ``share``,
        ``score``, ``similarity``, ``direction``, ``confidence``, ``evidence``, ``aligned_pairs``,
        ``derivation`` (kept in the derivation view), ``contamination``, ``rank`` (order among its
        source's derivation edges) and ``edge``, the full record as JSON (passages, findings, spans).
    recurring : frozenset of str
        Lines found recurring across the corpus and treated as page chrome.
    """

    nodes: DataFrame
    pairs: DataFrame
    edges: DataFrame
    recurring: frozenset[str]


def graph_frames(documents: DataFrame, options: Options | None = None) -> SparkGraph:
    """The derivation graph of a DataFrame of documents, computed on Spark, as DataFrames.

    Parameters
    ----------
    documents : pyspark.sql.DataFrame
        Columns ``id`` and ``text``, optionally ``date``, ``title``, ``url``, ``source`` and
        ``path`` (other columns are ignored).  Row order is the corpus order: the lower of a
        pair's positions is the comparison's text A, as in-process.
    options : Options, optional
        Comparison settings.

    Returns
    -------
    SparkGraph
        Nodes, candidate pairs and edges, the same as :func:`lineage.build_graphs` finds.

    Raises
    ------
    InputError
        For a missing column, a missing id, an empty text or a duplicate id.
    SparkError
        When a Spark job fails.
    """
    from pyspark import StorageLevel

    opts = options or DEFAULT_OPTIONS
    docs, n = indexed(documents)
    docs = docs.persist(StorageLevel.MEMORY_AND_DISK)
    recurring = recurring_lines(docs, n)
    prepared = prepare_frame(docs, opts, recurring).persist(StorageLevel.MEMORY_AND_DISK)
    pairs = candidate_pairs(prepared, opts.candidates).persist(StorageLevel.MEMORY_AND_DISK)
    edges = edges_frame(pairs, prepared, opts).persist(StorageLevel.MEMORY_AND_DISK)
    reduced, reps = reduce_frame(edges, prepared, opts)
    out_edges = (edges.join(reduced, ["a", "b"])
                 .select(*edges.columns[:-1], "derivation", "contamination", "rank", "edge")
                 .persist(StorageLevel.MEMORY_AND_DISK))
    nodes = prepared.select("idx", "id", *NODE_FIELDS)
    nodes = nodes.join(cluster_numbers(nodes, reps), "id").select("idx", "id", *NODE_FIELDS, "cluster")
    ids = prepared.select("idx", "id")
    named = (pairs.join(ids.toDF("a", "id_a"), "a").join(ids.toDF("b", "id_b"), "b")
             .select("a", "b", "id_a", "id_b", "document_hit", "sentence_hits"))
    guarded("building the graph", lambda: out_edges.count())
    docs.unpersist()
    return SparkGraph(nodes.persist(StorageLevel.MEMORY_AND_DISK), named, out_edges, recurring)


def to_graphs(graph: SparkGraph, options: Options | None = None) -> Graphs:
    """Both views as networkx graphs on the driver, equal to :func:`lineage.build_graphs`' (small graphs)."""
    opts = options or DEFAULT_OPTIONS
    nodes = guarded("collecting nodes", lambda: graph.nodes.orderBy("idx").collect())
    edges = guarded("collecting edges", lambda: graph.edges.orderBy("a", "b").collect())
    n_pairs = guarded("counting pairs", graph.pairs.count)
    attrs = dict(assemble([], [], opts, n_pairs).reuse.graph)
    attrs["options"] = {**attrs["options"], "recurring_lines": len(graph.recurring)}
    reuse = nx.DiGraph(**attrs)
    for r in nodes:
        reuse.add_node(r["id"], **{f: r[f] for f in NODE_FIELDS})
    kept: dict[str, list[tuple[int, str, dict[str, object]]]] = {}
    for r in edges:
        e = edge_from_json(r["edge"])
        data = e.attributes()
        reuse.add_edge(e.source, e.target, **data)
        if r["derivation"]:
            kept.setdefault(e.source, []).append(
                (r["rank"], e.target, {"contamination": True, **data} if r["contamination"] else data))
    derivation = nx.DiGraph(**reuse.graph)
    derivation.graph["view"] = "derivation"
    derivation.add_nodes_from(reuse.nodes(data=True))
    for u in reuse.nodes:
        for _, w, data in sorted(kept.get(u, ()), key=lambda k: k[0]):
            derivation.add_edge(u, w, **dict(data))
    groups = {r["id"]: r["cluster"] for r in nodes}
    for g in (reuse, derivation):
        nx.set_node_attributes(g, groups, "cluster")
    return Graphs(reuse, derivation)


def build_graphs_spark(documents: Iterable[Document], options: Options | None = None,
                       master: str | None = None, partitions: int | None = None,
                       spark: SparkSession | None = None) -> Graphs:
    """Both graph views of in-memory documents, computed on Spark (see :func:`graph_frames`).

    Parameters
    ----------
    documents : iterable of Document
        The corpus (ids must be unique).
    options : Options, optional
        Comparison settings.
    master : str, optional
        Spark master URL when no session is given (default ``local[*]``).
    partitions : int, optional
        Partitions of the documents and of every shuffle.
    spark : SparkSession, optional
        The session to use; otherwise the running one, or one started (and stopped) on ``master``.

    Returns
    -------
    Graphs
        The reuse and derivation views, equal to :func:`lineage.build_graphs`' on the same input.
    """
    from pyspark.sql import SparkSession

    own = spark is None and SparkSession.getActiveSession() is None  # a session found running is left so
    active = spark or session(master, partitions)
    try:
        frame = documents_frame(active, documents, partitions)
        graph = graph_frames(frame, options)
        graphs = to_graphs(graph, options)
        for df in (graph.nodes, graph.pairs, graph.edges):
            df.unpersist()
        return graphs
    finally:
        if own:
            active.stop()
