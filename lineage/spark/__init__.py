"""lineage on Apache Spark: the derivation graph and the archive's bulk add for corpora past one machine.

Needs the optional extra (``pip install 'lineage[spark]'``) and Java; nothing
else in lineage imports this package.  Each in-process stage is one Spark
stage running the same code on executors:

1. :mod:`~lineage.spark.prepare` -- recurring lines counted as an aggregation and
   broadcast, documents prepared and signed (``mapPartitions``), band keys per document;
2. :mod:`~lineage.spark.banding` -- band keys exploded and grouped by bucket, pairs
   confirmed inside their bucket and deduplicated, sentence fan-out caps as aggregations;
3. :mod:`~lineage.spark.compare` -- prepared documents joined to the pairs and
   aligned (``mapPartitions``);
4. :mod:`~lineage.spark.reduce` -- components labelled on the driver from integer
   pairs, the reduction and clusters run per component on executors.

:mod:`~lineage.spark.ingest` fills a newsroom archive (:class:`lineage.archive.Archive`):
documents read on executors (``mapPartitions``), written by the driver.
"""

from __future__ import annotations

from .archive import archive_frame, write_archive
from .engine import SparkGraph, build_graphs_spark, graph_frames, to_graphs
from .ingest import add_to_archive, spark_reader
from .session import SparkError, session

__all__ = ["SparkError", "SparkGraph", "add_to_archive", "archive_frame", "build_graphs_spark", "graph_frames",
           "session", "spark_reader", "to_graphs", "write_archive"]
