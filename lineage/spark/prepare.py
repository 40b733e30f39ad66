"""Spark stage one: corpus boilerplate as an aggregation, then every document prepared and signed.

Both steps run the in-process code on executors (``mapPartitions``):
:func:`lineage.corpus.line_keys` and :func:`lineage.corpus.recurring_of` find
the lines recurring across the corpus by the same rule, the set (small: page
furniture) is broadcast, and :func:`lineage.prepare.prepare` reads each
document.  Band keys come from :func:`lineage.candidates.band_keys` over the
partition's signatures in bulk, sentence signatures from
:func:`lineage.candidates.sentence_signatures`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import numpy as np

from ..candidates import band_keys, sentence_signatures
from ..corpus import line_keys, recurring_of
from ..documents import Document
from ..errors import InputError
from ..graph import node_attributes
from ..options import Options
from ..params import CandidateParams
from ..prepare import PreparedDocument, prepare
from ..prepared_io import dumps
from .session import guarded

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

#: Columns a documents DataFrame may carry besides ``id`` and ``text``.
OPTIONAL = ("date", "title", "url", "source", "path")
#: Documents prepared together on an executor: bounds a task's memory, amortises numpy calls.
CHUNK = 256
#: Columns of the node attributes, in the order :func:`lineage.graph.node_attributes` gives them.
NODE_FIELDS = ("label", "path", "date", "url", "source", "chars", "paragraphs")


def documents_frame(spark: SparkSession, docs: Iterable[Document], partitions: int | None = None) -> DataFrame:
    """A DataFrame of in-memory documents (``id``, ``text``, the optional fields), in their order."""
    from pyspark.sql.types import StringType, StructField, StructType

    schema = StructType([StructField(c, StringType(), c != "id" and c != "text")
                         for c in ("id", "text", *OPTIONAL)])
    rows = [(d.id, d.text, d.date, d.title, d.url, d.source, d.path) for d in docs]
    n = partitions or spark.sparkContext.defaultParallelism
    return spark.createDataFrame(spark.sparkContext.parallelize(rows, max(1, min(n, len(rows)))), schema)


def indexed(df: DataFrame) -> tuple[DataFrame, int]:
    """The documents with ``idx``, their position in the DataFrame (the in-process corpus order), and their count.

    Raises
    ------
    InputError
        When a column ``id`` or ``text`` is missing, an id repeats or a text is empty.
    """
    from pyspark.sql import functions as F

    missing = {"id", "text"} - set(df.columns)
    if missing:
        raise InputError(f"the documents DataFrame needs columns id and text (missing: {', '.join(sorted(missing))})")
    cols = [F.col("id").cast("string").alias("id"), F.col("text").cast("string").alias("text")]
    cols += [(F.col(c).cast("string") if c in df.columns else F.lit(None).cast("string")).alias(c) for c in OPTIONAL]
    base = df.select(*cols)
    rdd = base.rdd.zipWithIndex().map(lambda r: (r[1], *r[0]))
    out = base.sparkSession.createDataFrame(rdd, "idx long, id string, text string, date string, title string, "
                                                 "url string, source string, path string")
    stats = guarded("checking the documents", lambda: out.agg(
        F.count("*").alias("n"), F.countDistinct("id").alias("ids"),
        F.sum(F.when(F.col("id").isNull(), 1).otherwise(0)).alias("no_id"),
        F.sum(F.when(F.col("text").isNull() | (F.trim(F.col("text")) == ""), 1).otherwise(0)).alias("empty"),
    ).first())
    assert stats is not None  # an aggregation always has one row
    if stats["no_id"]:
        raise InputError(f"{stats['no_id']} document(s) without an id")
    if stats["empty"]:
        raise InputError(f"{stats['empty']} document(s) with an empty text")
    if stats["ids"] != stats["n"]:
        dup = [r["id"] for r in out.groupBy("id").count().filter("count > 1").orderBy("id").limit(5).collect()]
        raise InputError(f"duplicate document id(s): {', '.join(dup)}")
    return out, int(stats["n"])


def _document(r: Any, recurring: frozenset[str] = frozenset()) -> Document:
    return Document(id=r["id"], text=r["text"], date=r["date"], title=r["title"], url=r["url"],
                    source=r["source"], path=r["path"], recurring=recurring)


def recurring_lines(docs: DataFrame, n_docs: int) -> frozenset[str]:
    """Lines recurring across the corpus, counted on executors with the in-process rule."""
    keys = docs.rdd.mapPartitions(lambda rows: (k for r in rows for k in line_keys(_document(r))))
    counts = keys.map(lambda k: (k, 1)).reduceByKey(lambda a, b: a + b)
    found = counts.mapPartitions(lambda kc: iter(recurring_of(kc, n_docs)))
    return frozenset(guarded("counting recurring lines", found.collect))


def _keys(a: np.ndarray) -> list[int]:
    """uint64 band keys as Spark longs (same bits, signed)."""
    keys: list[int] = np.ascontiguousarray(a, dtype=np.uint64).view(np.int64).tolist()
    return keys


def prepared_rows(chunk: list[PreparedDocument], idx: list[int], params: CandidateParams,
                  keep_text: bool = True) -> Iterator[tuple[Any, ...]]:
    """One row per prepared document: blob, node attributes, signature and LSH band keys."""
    signed = [k for k, p in enumerate(chunk) if p.shingles]
    doc_keys: dict[int, list[int]] = {}
    if signed:
        keys = band_keys(np.stack([chunk[k].signature for k in signed]), params.doc_threshold)
        doc_keys = {k: _keys(row) for k, row in zip(signed, keys)}
    sigs, owner, segs = sentence_signatures(chunk, params.sentence_perm)
    skeys = band_keys(sigs, params.sentence_threshold)
    sentences: list[list[tuple[int, bytes, list[int]]]] = [[] for _ in chunk]
    for row, (o, seg) in enumerate(zip(owner.tolist(), segs.tolist())):
        sentences[o].append((seg, sigs[row].astype("<u4").tobytes(), _keys(skeys[row])))
    for k, p in enumerate(chunk):
        attrs = node_attributes(p)
        yield (idx[k], p.id, dumps(p, keep_text), *(attrs[f] for f in NODE_FIELDS), p.shingles,
               p.signature.astype("<u4").tobytes(), doc_keys.get(k, []), sentences[k])


PREPARED_SCHEMA = (
    "idx long, id string, blob binary, label string, path string, date string, url string, source string, "
    "chars long, paragraphs long, shingles long, signature binary, doc_keys array<long>, "
    "sentences array<struct<seg:long, sig:binary, keys:array<long>>>"
)


def prepare_frame(docs: DataFrame, options: Options, recurring: frozenset[str],
                  keep_text: bool = True) -> DataFrame:
    """Every document of an indexed DataFrame prepared on executors (schema :data:`PREPARED_SCHEMA`)."""
    spark = docs.sparkSession
    bc = spark.sparkContext.broadcast(recurring)

    def run(rows: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
        chunk: list[PreparedDocument] = []
        idx: list[int] = []
        for r in rows:
            chunk.append(prepare(_document(r, bc.value), options))
            idx.append(r["idx"])
            if len(chunk) == CHUNK:
                yield from prepared_rows(chunk, idx, options.candidates, keep_text)
                chunk, idx = [], []
        if chunk:
            yield from prepared_rows(chunk, idx, options.candidates, keep_text)

    return spark.createDataFrame(docs.rdd.mapPartitions(run), PREPARED_SCHEMA)
