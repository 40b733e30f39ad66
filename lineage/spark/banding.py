"""Spark stage two: LSH banding as joins, the same candidate pairs as :func:`lineage.candidates.find_candidates`.

Band keys (computed with the documents, :mod:`lineage.spark.prepare`) are
exploded to one row per (band, key, member) and grouped by key in one
shuffle; members of a bucket are paired within it and each pair confirmed
on executors inside its bucket, once the members' signatures have joined
them (no unconfirmed pair is shuffled), by
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


def _buckets(keys: DataFrame, member: tuple[str, ...], owner: str) -> DataFrame:
    """Buckets of ``keys`` (``band``, ``key`` and the ``member`` columns) holding two or more rows.

    One shuffle of the keys groups each bucket's members into a list ``m``, and
    only buckets of two or more go on; most keys are alone in theirs, so the
    rest of the stage moves little.  ``owners`` counts the distinct values of
    ``owner`` among the members.
    """
    from pyspark.sql import functions as F

    return (keys.groupBy("band", "key").agg(F.collect_list(F.struct(*member)).alias("m"))
            .filter(F.size("m") > 1)
            .withColumn("owners", F.size(F.array_distinct(F.col(f"m.{owner}")))))


def _confirmed_in_buckets(buckets: DataFrame, signatures: DataFrame, member: tuple[str, str],
                          threshold: float) -> DataFrame:
    """Pairs of members (``x.owner < y.owner``) of ``buckets`` whose signatures agree on ``threshold`` of values.

    Signatures (``signatures``: the ``member`` columns and ``sig``) join the
    buckets' members, which are grouped again by bucket; each pair is
    confirmed there, so no unconfirmed pair is shuffled.  Rows are the two
    members' columns, ``member`` suffixed ``1`` and ``2``, deduplicated.
    """
    from pyspark.sql import functions as F

    owner, part = member
    members = (buckets.select("band", "key", F.explode("m").alias("c"))
               .select("band", "key", *(F.col(f"c.{c}").alias(c) for c in member)))
    regrouped = (members.join(signatures, list(member)).groupBy("band", "key")
                 .agg(F.collect_list(F.struct(*member, "sig")).alias("m")))

    def confirm(rows: Iterable[Any]) -> Iterator[tuple[int, int, int, int]]:
        for r in rows:
            m = r["m"]
            owners = np.array([x[owner] for x in m], dtype=np.int64)
            x, y = np.nonzero(owners[:, None] < owners[None, :])
            if not len(x):
                continue
            sigs = np.stack([np.frombuffer(v["sig"], dtype="<u4") for v in m])
            ok = agreement(sigs, x, y) >= threshold
            for i, j in zip(x[ok].tolist(), y[ok].tolist()):
                yield (m[i][owner], m[i][part], m[j][owner], m[j][part])

    schema = f"{owner}1 long, {part}1 long, {owner}2 long, {part}2 long"
    return buckets.sparkSession.createDataFrame(regrouped.rdd.mapPartitions(confirm), schema).distinct()


def document_pairs(prepared: DataFrame, params: CandidateParams) -> DataFrame:
    """Document pairs ``(a, b)`` sharing a band key, confirmed at ``params.doc_threshold``."""
    from pyspark.sql import functions as F

    keys = prepared.select("idx", F.lit(0).cast("long").alias("part"), F.posexplode("doc_keys").alias("band", "key"))
    sigs = prepared.select("idx", F.lit(0).cast("long").alias("part"), F.col("signature").alias("sig"))
    good = _confirmed_in_buckets(_buckets(keys, ("idx", "part"), "idx"), sigs, ("idx", "part"),
                                 params.doc_threshold)
    return good.select(F.col("idx1").alias("a"), F.col("idx2").alias("b"))


def sentence_pairs(prepared: DataFrame, params: CandidateParams) -> DataFrame:
    """Document pairs ``(a, b, sentence_hits)`` found by their sentences, with the fan-out caps."""
    from pyspark.sql import functions as F

    sent = prepared.select(F.col("idx").alias("o"), F.explode("sentences").alias("s")).select(
        "o", F.col("s.seg").alias("s"), F.col("s.sig").alias("sig"), F.col("s.keys").alias("keys"))
    keys = sent.select("o", "s", F.posexplode("keys").alias("band", "key"))
    cap = params.max_sentence_fanout + 1
    buckets = _buckets(keys, ("o", "s"), "o")
    common = (buckets.filter(F.col("owners") > cap).select(F.explode("m").alias("c"))
              .select(F.col("c.o").alias("o1"), F.col("c.s").alias("s1")).distinct())
    small = buckets.filter(F.col("owners") <= cap)
    good = _confirmed_in_buckets(small, sent.select("o", "s", "sig"), ("o", "s"), params.sentence_threshold)
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
