"""Prepared documents survive their record: same fields, same comparison, and foreign bytes are refused."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import numpy as np
import pytest

from lineage import Document, compare
from lineage.errors import ArchiveError
from lineage.prepare import prepare
from lineage.prepared_io import FORMAT, dumps, from_record, loads, to_record

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture(scope="module")
def pair() -> tuple[Document, Document]:
    return (Document.from_path(next(SAMPLES.glob("001_*.txt"))), Document.from_path(next(SAMPLES.glob("002_*.txt"))))


def test_round_trip_keeps_every_field(pair: tuple[Document, Document]) -> None:
    p = prepare(pair[1])
    q = loads(dumps(p))
    assert q.document == p.document and q.scheme == p.scheme and q.layout == p.layout
    assert q.segments == p.segments and q.sentences == p.sentences and q.quotes == p.quotes
    assert q.stems == p.stems and q.shingles == p.shingles
    assert np.array_equal(q.signature, p.signature) and q.signature.dtype == np.uint32
    for f in ("ids", "starts", "ends"):
        assert np.array_equal(getattr(q.words, f), getattr(p.words, f))
    assert np.array_equal(q.shingle_hashes(), p.shingle_hashes())


def test_loaded_documents_compare_as_fresh_ones(pair: tuple[Document, Document]) -> None:
    fresh = compare(*pair).to_dict()
    loaded = compare(*(loads(dumps(prepare(d))) for d in pair)).to_dict()
    assert loaded == fresh


def test_text_can_be_kept_apart(pair: tuple[Document, Document]) -> None:
    p = prepare(pair[0])
    record = to_record(p, include_text=False)
    assert record["document"]["text"] is None and record["format"] == FORMAT
    assert from_record(record, text=p.text).segments == p.segments
    with pytest.raises(ArchiveError, match="no text"):
        from_record(record)


def test_foreign_and_corrupt_bytes_are_refused() -> None:
    with pytest.raises(ArchiveError, match="corrupt"):
        loads(b"not zlib at all")
    with pytest.raises(ArchiveError, match="format"):
        loads(zlib.compress(json.dumps({"format": "lineage.prepared/0"}).encode()))
    record = to_record(prepare("One sentence here. And another one there."))
    del record["segments"]
    with pytest.raises(ArchiveError, match="corrupt"):
        from_record(record)


def test_prepared_documents_and_options_pickle_for_worker_processes(pair: tuple[Document, Document]) -> None:
    import pickle

    from lineage import Options

    p = prepare(pair[1])
    _ = p.mentions  # a cached analysis travels too, or is rebuilt
    q = pickle.loads(pickle.dumps(p))
    assert q.document == p.document and q.layout == p.layout and q.segments == p.segments
    assert dict(q.document.extra) == dict(p.document.extra)
    opts = pickle.loads(pickle.dumps(Options(finding_thresholds={"name-dropped": 0.3})))
    assert opts.threshold("name-dropped") == 0.3
    assert compare(q, pair[0]).to_dict() == compare(p, pair[0]).to_dict()
