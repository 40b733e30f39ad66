"""The archive's bulk add on Spark: documents read on executors, written into the archive by the driver.

``lineage index add --engine spark`` reads its inputs on the driver, which
decides, as in-process, which texts need reading (those not archived already
under their id with the same text).  Those texts go to Spark in chunks, one
job each (``parallelize`` then ``mapPartitions``), where executors run the
in-process reading (:func:`lineage.archive.ingest.read_texts`: compressed text,
retrieval keys, printed date); the readings come back in order and are
written by the in-process add (:func:`lineage.archive.ingest.add_documents`),
in the same transactions.  The archive is the one the in-process add makes:
a document's keys depend on that document alone.

Keys travel as little-endian ``uint64`` bytes and texts as the compressed
bytes the archive stores; nothing is pickled but the settings and the texts.
While the driver writes one chunk, Spark reads the next.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import nullcontext
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np

from ..archive.index import IndexParameters
from ..archive.ingest import BATCH, CHUNK, AddResult, Progress, Read, Reader, read_texts
from ..documents import Document
from ..options import Options
from .session import guarded, running

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

    from ..archive import Archive

#: Keys on the wire: little-endian unsigned 64-bit integers.
KEY_DTYPE = np.dtype("<u8")
#: Texts per Spark job: at least this many, and at least :data:`PER_PARTITION` a partition.
MIN_CHUNK = 5000
#: Texts a partition reads per job (about a second of one core's work).
PER_PARTITION = 1000

#: A reading as it comes back from an executor: compressed text, keys as bytes, printed date.
Wire = tuple[bytes, bytes, "str | None"]


def read_partition(options: Options, params: IndexParameters, texts: Iterable[str]) -> Iterator[Wire]:
    """Readings of a partition's texts, :data:`~lineage.archive.ingest.CHUNK` at a time (runs on executors)."""
    it = iter(texts)
    while chunk := list(itertools.islice(it, CHUNK)):
        for packed, keys, date in read_texts(chunk, options, params):
            yield packed, keys.astype(KEY_DTYPE, copy=False).tobytes(), date


def from_wire(row: Wire) -> Read:
    """The reading :func:`read_partition` sent."""
    packed, keys, date = row
    return bytes(packed), np.frombuffer(keys, dtype=KEY_DTYPE).astype(np.uint64), date


def spark_reader(spark: SparkSession, options: Options, params: IndexParameters,
                 partitions: int | None = None, chunk: int | None = None) -> Reader:
    """A :class:`~lineage.archive.ingest.Reader` that reads texts on Spark.

    Parameters
    ----------
    spark : pyspark.sql.SparkSession
        The session whose executors read.
    options : Options
        The archive's options.
    params : IndexParameters
        The archive's key parameters.
    partitions : int, optional
        Partitions per job (default: Spark's default parallelism).
    chunk : int, optional
        Texts per job (default: the larger of :data:`MIN_CHUNK` and
        :data:`PER_PARTITION` a partition).

    Returns
    -------
    Reader
        For :meth:`lineage.archive.Archive.add`; its jobs run in their own job group,
        cancelled when the add stops early.
    """
    sc = spark.sparkContext
    slices = partitions or sc.defaultParallelism
    size = chunk or max(MIN_CHUNK, PER_PARTITION * slices)
    group = f"lineage-index-{uuid.uuid4().hex[:12]}"
    work = partial(read_partition, options, params)

    def read(texts: list[str]) -> list[Read]:
        def run() -> list[Any]:
            sc.setJobGroup(group, "lineage index add: reading documents", interruptOnCancel=True)
            return sc.parallelize(texts, max(1, min(slices, len(texts)))).mapPartitions(work).collect()

        return [from_wire(r) for r in guarded("reading documents", run)]

    def cancel() -> None:
        sc.cancelJobGroup(group)

    return Reader(read, size, cancel)


def add_to_archive(archive: Archive, documents: Iterable[Document | Mapping[str, Any] | str], *,
                   spark: SparkSession | None = None, master: str | None = None,
                   partitions: int | None = None, batch_size: int = BATCH,
                   progress: Progress | None = None) -> AddResult:
    """Add documents to an archive, reading them on Spark: the archive :meth:`Archive.add` makes.

    Parameters
    ----------
    archive : Archive
        The archive, open.
    documents : iterable
        As for :meth:`lineage.archive.Archive.add`; read lazily on the driver.
    spark : SparkSession, optional
        The session to use; otherwise the running one, or one started (and stopped) on ``master``.
    master : str, optional
        Spark master URL when no session is given (default ``local[*]``).
    partitions : int, optional
        Partitions of each job's texts (default: Spark's default parallelism).
    batch_size : int
        Documents per transaction.
    progress : callable, optional
        ``progress(documents_done)`` after each batch.

    Returns
    -------
    AddResult
        Documents added, replaced, updated and unchanged, as in-process.

    Raises
    ------
    SparkError
        Without PySpark or Java, for a bad master URL, or when a Spark job fails.

    Examples
    --------
    >>> with Archive("news.db") as archive:                                   # doctest: +SKIP
    ...     add_to_archive(archive, iter_documents(["big.jsonl"]), master="local[4]")
    """
    with nullcontext(spark) if spark is not None else running(master, partitions) as active:
        reader = spark_reader(active, archive.options, archive.params, partitions)
        return archive.add(documents, batch_size=batch_size, progress=progress, reader=reader)
