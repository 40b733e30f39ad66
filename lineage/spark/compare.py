"""Spark stage three: each candidate pair aligned on an executor with :func:`lineage.graph.compare_pair`.

Prepared documents travel as :mod:`lineage.prepared_io` blobs joined to the
pairs (never collected to the driver); a task sorts its pairs by their first
document and keeps the last documents it loaded, so a document in many pairs
is read once per run of them.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from ..graph import compare_pair
from ..options import Options
from ..prepare import PreparedDocument
from ..prepared_io import loads
from .codec import edge_to_json

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

#: Prepared documents a task keeps loaded.
CACHE = 64
#: Reuse edges: the candidate pair (``a < b``), the oriented edge's public attributes and its full record.
EDGES_SCHEMA = (
    "a long, b long, source string, target string, kind string, share double, score double, "
    "similarity double, direction string, confidence double, evidence array<string>, "
    "aligned_pairs long, edge string"
)


class _Loaded:
    """The last few prepared documents a task read, by position."""

    def __init__(self) -> None:
        self.docs: OrderedDict[int, PreparedDocument] = OrderedDict()

    def get(self, idx: int, blob: bytes) -> PreparedDocument:
        d = self.docs.get(idx)
        if d is None:
            d = self.docs[idx] = loads(blob)
            if len(self.docs) > CACHE:
                self.docs.popitem(last=False)
        else:
            self.docs.move_to_end(idx)
        return d


def edges_frame(pairs: DataFrame, prepared: DataFrame, options: Options) -> DataFrame:
    """The reuse edges of the candidate ``pairs`` (schema :data:`EDGES_SCHEMA`)."""
    blobs = prepared.select("idx", "blob")
    joined = (pairs.select("a", "b")
              .join(blobs.toDF("a", "blob_a"), "a")
              .join(blobs.toDF("b", "blob_b"), "b")
              .sortWithinPartitions("a", "b"))

    def run(rows: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
        loaded = _Loaded()
        for r in rows:
            e = compare_pair(loaded.get(r["a"], r["blob_a"]), loaded.get(r["b"], r["blob_b"]), options)
            if e is not None:
                yield (r["a"], r["b"], e.source, e.target, str(e.kind), e.share, e.score, e.similarity,
                       e.direction, float(e.confidence), list(e.evidence), len(e.target_spans), edge_to_json(e))

    return pairs.sparkSession.createDataFrame(joined.rdd.mapPartitions(run), EDGES_SCHEMA)
