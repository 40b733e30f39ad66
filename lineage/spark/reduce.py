"""Spark stage four: the derivation reduction and the clusters, one connected component per task.

Connected components of the reuse graph are labelled on the driver from the
edges' integer pairs only (union-find over two longs an edge, no text), then
each component's edges and nodes are grouped on an executor, where
:func:`lineage.derivation.reduce_derivation` and
:func:`lineage.derivation.clusters` run on it as they would on the whole
graph: every step of both reads only edges and nodes of one component.
Cluster numbers are the rank of each group's smallest id among all groups,
a distributed sort.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import networkx as nx

from ..derivation import EDGE, clusters, reduce_derivation, sentence_shingles
from ..options import Options
from ..prepared_io import loads
from .codec import edge_from_json
from .session import guarded

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

#: Per reuse edge: kept in the derivation view, marked contamination, and its rank among its source's
#: successors there (so the driver can rebuild the view's edge order).
REDUCED_SCHEMA = "a long, b long, derivation boolean, contamination boolean, rank long"


def components(pairs: Iterable[tuple[int, int]]) -> dict[int, int]:
    """Each linked node's component, named by its smallest member (union-find on the driver)."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        root = x
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {x: find(x) for x in list(parent)}


def _reduce_component(nodes: list[Any], edges: list[Any], options: Options) -> Iterator[tuple[Any, ...]]:
    """Rows of :data:`REDUCED_SCHEMA` for one component, and (id, smallest id of its cluster) per node."""
    g = nx.DiGraph()
    docs = {}
    for r in sorted(nodes, key=lambda r: r["idx"]):
        p = loads(r["blob"])
        docs[p.id] = p
        g.add_node(p.id, date=r["date"])
    pos = {}
    for r in sorted(edges, key=lambda r: (r["a"], r["b"])):
        e = edge_from_json(r["edge"])
        g.add_edge(e.source, e.target, **{EDGE: e})
        pos[(e.source, e.target)] = (r["a"], r["b"])
    derived = reduce_derivation(g, sentence_shingles(list(docs.values()), options), options.derivation)
    kept = {}
    for u in derived.nodes:
        for rank, w in enumerate(derived.successors(u)):
            kept[(u, w)] = (bool(derived[u][w].get("contamination")), rank)
    for (u, w), (a, b) in pos.items():
        c, rank = kept.get((u, w), (False, -1))
        yield ("edge", (a, b, (u, w) in kept, c, rank))
    groups: dict[int, list[str]] = {}
    for n, k in clusters(g).items():
        groups.setdefault(k, []).append(n)
    for members in groups.values():
        rep = min(members)
        for n in members:
            yield ("node", (n, rep))


def reduce_frame(edges: DataFrame, prepared: DataFrame, options: Options) -> tuple[DataFrame, DataFrame]:
    """Per reuse edge its place in the derivation view, and per linked node its cluster's smallest id."""
    spark = edges.sparkSession
    links = guarded("labelling components", lambda: [(r["a"], r["b"]) for r in edges.select("a", "b").collect()])
    comp = components(links)
    comp_df = spark.createDataFrame(sorted(comp.items()), "idx long, comp long")
    node_rows = prepared.select("idx", "blob", "date").join(comp_df, "idx").rdd.map(lambda r: (r["comp"], r))
    edge_rows = edges.select("a", "b", "edge").join(comp_df.toDF("a", "comp"), "a").rdd.map(
        lambda r: (r["comp"], r))
    out = node_rows.cogroup(edge_rows).flatMap(
        lambda kv: _reduce_component(list(kv[1][0]), list(kv[1][1]), options)).cache()
    reduced = spark.createDataFrame(out.filter(lambda t: t[0] == "edge").map(lambda t: t[1]), REDUCED_SCHEMA)
    reps = spark.createDataFrame(out.filter(lambda t: t[0] == "node").map(lambda t: t[1]), "id string, rep string")
    return reduced, reps


def cluster_numbers(nodes: DataFrame, reps: DataFrame) -> DataFrame:
    """``(id, cluster)`` for every node: the rank of its cluster's smallest id, as in-process."""
    from pyspark.sql import functions as F

    spark = nodes.sparkSession
    every = nodes.select("id").join(reps, "id", "left").select("id", F.coalesce("rep", "id").alias("rep"))
    ranked = every.select("rep").distinct().rdd.map(lambda r: r["rep"]).sortBy(lambda s: s).zipWithIndex()
    return every.join(spark.createDataFrame(ranked, "rep string, cluster long"), "rep").select("id", "cluster")

