"""Archive records computed on Spark: prepared blobs, signatures and band keys as Parquet for a loader.

An archive keeps each document's text once and its prepared record beside
it; :func:`archive_frame` computes those records in bulk (the same code as
in-process, :mod:`lineage.spark.prepare`) and :func:`write_archive` writes them
with a manifest naming the formats, so a loader can check them before
ingesting a row.

These Parquet records are not the newsroom archive's (:class:`lineage.archive.Archive`
reads none of them); :func:`lineage.spark.add_to_archive` fills that archive from Spark.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from ..candidates import _bands
from ..options import DEFAULT_OPTIONS, Options
from ..prepare import PreparationScheme
from ..prepared_io import FORMAT
from .prepare import indexed, prepare_frame, recurring_lines
from .session import guarded

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

#: Name and version of the Parquet layout written by :func:`write_archive`.
ARCHIVE_FORMAT = "lineage.spark-archive/1"


def archive_frame(documents: DataFrame, options: Options | None = None,
                  recurring: frozenset[str] | None = None) -> DataFrame:
    """Archive records of a DataFrame of documents: ``id``, ``text``, ``date``, ``blob`` and LSH keys.

    Parameters
    ----------
    documents : pyspark.sql.DataFrame
        Columns ``id`` and ``text``, optionally ``date``, ``title``, ``url``, ``source``, ``path``.
    options : Options, optional
        Preparation settings (boilerplate, shingles, permutations, seed).
    recurring : frozenset of str, optional
        The archive's recurring lines; by default those of these documents.

    Returns
    -------
    pyspark.sql.DataFrame
        ``idx``, ``id``, ``text``, ``date``, ``blob`` (a :mod:`lineage.prepared_io` record
        without the text: ``loads(blob, text)``), ``shingles``, ``signature`` (uint32
        little-endian bytes), ``doc_keys`` (document band keys as signed longs) and
        ``sentences`` (segment index, signature and band keys of each indexed sentence).
    """
    opts = options or DEFAULT_OPTIONS
    docs, n = indexed(documents)
    lines = recurring if recurring is not None else recurring_lines(docs, n)
    prepared = prepare_frame(docs, opts, lines, keep_text=False)
    return (prepared.join(docs.select("idx", "text"), "idx")
            .select("idx", "id", "text", "date", "blob", "shingles", "signature", "doc_keys", "sentences"))


def write_archive(records: DataFrame, path: str, options: Options | None = None,
                  recurring: frozenset[str] = frozenset()) -> None:
    """Write :func:`archive_frame`'s records as Parquet under ``path``, with ``manifest.json`` beside them."""
    opts = options or DEFAULT_OPTIONS
    guarded("writing the archive records", lambda: records.write.mode("overwrite").parquet(f"{path}/records"))
    scheme = PreparationScheme.from_options(opts)
    params = opts.candidates
    manifest = {
        "format": ARCHIVE_FORMAT, "record_format": FORMAT, "preparation": scheme.version,
        "signature": scheme.signature.to_dict(),
        "candidates": asdict(params),
        "document_bands": dict(zip(("bands", "rows"), _bands(params.doc_threshold, opts.num_perm))),
        "sentence_bands": dict(zip(("bands", "rows"), _bands(params.sentence_threshold, params.sentence_perm))),
        "band_key": "uint64 as signed long",
        "recurring_lines": sorted(recurring),
    }
    if "://" not in path:
        Path(path).mkdir(parents=True, exist_ok=True)
        (Path(path) / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    else:
        spark = records.sparkSession
        spark.sparkContext.parallelize([json.dumps(manifest)], 1).saveAsTextFile(f"{path}/manifest")
