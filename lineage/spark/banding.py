"""Spark stage two: LSH banding as joins, the same candidate pairs as :func:`lineage.candidates.find_candidates`.

Band keys (computed with the documents, :mod:`lineage.spark.prepare`) are
exploded to one row per (band, key, member) and grouped by key in one
shuffle; members of a bucket are paired within it, pairs deduplicated, and
each confirmed on executors by
:func:`lineage.candidates.agreement` against the in-process thresholds
(:class:`lineage.params.CandidateParams`).  Sentences follow the in-process
rules: a bucket of more than ``max_sentence_fanout + 1`` documents marks its
sentences as a common phrase and pairs nothing; a confirmed sentence of the
lower-indexed document counts for a pair only when it collides with at most
``max_sentence_fanout`` other documents and was never in such a bucket.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import numpy as np

from ..candidates import agreement
from ..params import CandidateParams

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

#: Candidate pairs: document positions (``a < b``) and why they were found.
PAIRS_SCHEMA = "a long, b long, document_hit boolean, sentence_hits long"
_BATCH = 4096


def confirmed(pairs: DataFrame, threshold: float, key_cols: tuple[str, ...]) -> DataFrame:
    """Rows of ``pairs`` (with ``sig_a`` and ``sig_b``) whose signatures agree on ``threshold`` of values."""

    def keep(rows: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
        batch: list[Any] = []

        def flush() -> Iterator[tuple[Any, ...]]:
            a = np.stack([np.frombuffer(r["sig_a"], dtype="<u4") for r in batch])
            b = np.stack([np.frombuffer(r["sig_b"], dtype="<u4") for r in batch])
            n = len(batch)
            ok = agreement(np.concatenate([a, b]), np.arange(n), np.arange(n) + n) >= threshold
            for r, good in zip(batch, ok.tolist()):
                if good:
                    yield tuple(r[c] for c in key_cols)

        for r in rows:
            batch.append(r)
            if len(batch) == _BATCH:
                yield from flush()
                batch = []
        if batch:
            yield from flush()

    schema = ", ".join(f"{c} long" for c in key_cols)
    return pairs.sparkSession.createDataFrame(pairs.rdd.mapPartitions(keep), schema)


def _bucket_pairs(keys: DataFrame, member: tuple[str, ...], owner: str,
                  max_owners: int | None = None) -> tuple[DataFrame, DataFrame]:
    """Buckets of ``keys`` (``band``, ``key`` and the ``member`` columns) holding two or more rows.

    One shuffle of the keys groups each bucket's members into a list, and
    only buckets of two or more go on; most keys are alone in theirs, so the
    rest of the stage moves little.  Returns the buckets, with ``owners`` (the
    distinct values of ``owner`` among the members), and every pair of members
    (``x``, ``y``, with ``x.owner < y.owner``) of the buckets with at most
    ``max_owners`` owners.
    """
    from pyspark.sql import functions as F

    buckets = (keys.groupBy("band", "key").agg(F.collect_list(F.struct(*member)).alias("m"))
               .filter(F.size("m") > 1)
               .withColumn("owners", F.size(F.array_distinct(F.col(f"m.{owner}")))))
    paired = buckets if max_owners is None else buckets.filter(F.col("owners") <= max_owners)
    pairs = (paired.select("m", F.explode("m").alias("x"))
             .select("x", F.explode("m").alias("y"))
             .filter(F.col(f"x.{owner}") < F.col(f"y.{owner}")))
    return buckets, pairs


def document_pairs(prepared: DataFrame, params: CandidateParams) -> DataFrame:
    """Document pairs ``(a, b)`` sharing a band key, confirmed at ``params.doc_threshold``."""
    from pyspark.sql import functions as F

    keys = prepared.select("idx", F.posexplode("doc_keys").alias("band", "key"))
    _, members = _bucket_pairs(keys, ("idx",), "idx")
    pairs = members.select(F.col("x.idx").alias("a"), F.col("y.idx").alias("b")).distinct()
    sigs = prepared.select("idx", "signature")
    with_sigs = (pairs.join(sigs.withColumnRenamed("idx", "a").withColumnRenamed("signature", "sig_a"), "a")
                 .join(sigs.withColumnRenamed("idx", "b").withColumnRenamed("signature", "sig_b"), "b"))
    return confirmed(with_sigs, params.doc_threshold, ("a", "b"))


def sentence_pairs(prepared: DataFrame, params: CandidateParams) -> DataFrame:
    """Document pairs ``(a, b, sentence_hits)`` found by their sentences, with the fan-out caps."""
    from pyspark.sql import functions as F

    sent = prepared.select(F.col("idx").alias("o"), F.explode("sentences").alias("s")).select(
        "o", F.col("s.seg").alias("s"), F.col("s.sig").alias("sig"), F.col("s.keys").alias("keys"))
    keys = sent.select("o", "s", F.posexplode("keys").alias("band", "key"))
    cap = params.max_sentence_fanout + 1
    buckets, members = _bucket_pairs(keys, ("o", "s"), "o", cap)
    common = (buckets.filter(F.col("owners") > cap).select(F.explode("m").alias("c"))
              .select(F.col("c.o").alias("o1"), F.col("c.s").alias("s1")).distinct())
    pairs = members.select(F.col("x.o").alias("o1"), F.col("x.s").alias("s1"),
                           F.col("y.o").alias("o2"), F.col("y.s").alias("s2")).distinct()
    # Signatures only of the sentences some pair needs: the table of all is shuffled once, to filter it.
    needed = pairs.select(F.col("o1").alias("o"), F.col("s1").alias("s")).union(
        pairs.select(F.col("o2").alias("o"), F.col("s2").alias("s"))).distinct()
    sig = sent.select("o", "s", "sig").join(needed, ["o", "s"], "left_semi")
    with_sigs = (pairs.join(sig.toDF("o1", "s1", "sig_a"), ["o1", "s1"])
                 .join(sig.toDF("o2", "s2", "sig_b"), ["o2", "s2"]))
    good = confirmed(with_sigs, params.sentence_threshold, ("o1", "s1", "o2", "s2"))
    sides = good.select(F.col("o1").alias("o"), F.col("s1").alias("s"), F.col("o2").alias("other")).union(
        good.select(F.col("o2").alias("o"), F.col("s2").alias("s"), F.col("o1").alias("other")))
    fanout = sides.distinct().groupBy("o", "s").agg(F.count("*").alias("fanout"))
    counted = (good.join(fanout.toDF("o1", "s1", "fanout"), ["o1", "s1"])
               .filter(F.col("fanout") <= params.max_sentence_fanout)
               .join(common, ["o1", "s1"], "left_anti"))
    return (counted.groupBy(F.col("o1").alias("a"), F.col("o2").alias("b"))
            .agg(F.countDistinct("s1").alias("sentence_hits")))


def candidate_pairs(prepared: DataFrame, params: CandidateParams) -> DataFrame:
    """Every candidate pair (schema :data:`PAIRS_SCHEMA`): document hits and sentence hits joined."""
    from pyspark.sql import functions as F

    docs = document_pairs(prepared, params).withColumn("document_hit", F.lit(True))
    sents = sentence_pairs(prepared, params)
    return (docs.join(sents, ["a", "b"], "full_outer")
            .select("a", "b", F.coalesce("document_hit", F.lit(False)).alias("document_hit"),
                    F.coalesce("sentence_hits", F.lit(0)).cast("long").alias("sentence_hits")))
