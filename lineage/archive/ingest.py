"""Adding documents: read lightly in worker processes, written to storage in whole batches.

Preparing a document in full (:func:`lineage.prepare.prepare`) costs about
1.2 ms on one core; indexing needs only its retrieval keys
(:func:`lineage.archive.index.read_document`: layout, sentences, stems and
shingles, about 0.8 ms).  The full preparation is left to a check, for the
few candidates it aligns.  Documents whose text is already archived under
their id are not read again.
"""

from __future__ import annotations

import multiprocessing
import signal
import time
from collections import deque
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, Sequence

import numpy as np

from ..documents import Document
from ..errors import InputError, LineageError
from ..options import Options
from .index import IndexParameters, index_keys, read_document
from .storage import Entry, Storage, WriteCounts, pack_text, text_hash

#: Documents per task sent to a worker.
CHUNK = 250
#: Default documents per write transaction (a crash loses at most the batch being written).
BATCH = 4000
Progress = Callable[[int], None]


@dataclass(frozen=True)
class AddResult:
    """What an ``add`` did.

    Attributes
    ----------
    added, replaced, updated, unchanged : int
        New documents; documents whose text changed (the old version replaced);
        documents whose metadata alone changed; documents already archived as given.
    seconds : float
        Wall time.
    """

    added: int
    replaced: int
    updated: int
    unchanged: int
    seconds: float

    @property
    def documents(self) -> int:
        """Documents read."""
        return self.added + self.replaced + self.updated + self.unchanged

    @property
    def per_second(self) -> float:
        """Documents read per second."""
        return self.documents / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, float | int]:
        """JSON-ready counts."""
        return {"added": self.added, "replaced": self.replaced, "updated": self.updated,
                "unchanged": self.unchanged, "seconds": round(self.seconds, 3)}


_settings: tuple[Options, IndexParameters] | None = None


def _init_worker(options: Options, params: IndexParameters) -> None:
    global _settings
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _settings = (options, params)


Read = tuple[bytes, np.ndarray, "str | None"]


def read_texts(texts: Sequence[str], options: Options, params: IndexParameters) -> list[Read]:
    """Each text compressed, with its retrieval keys and the date printed in its header."""
    readings = [read_document(Document(id="text", text=t), options, params) for t in texts]
    keys = index_keys(readings, options, params)
    return [(pack_text(t), k, r.date) for t, k, r in zip(texts, keys, readings)]


def _worker_task(texts: list[str]) -> list[Read]:
    assert _settings is not None
    return read_texts(texts, *_settings)


def _chunks(items: Iterable[Document], n: int) -> Iterator[tuple[list[Document], LineageError | None]]:
    """Lists of ``n`` documents; a bad input ends the chunk it is met in, with the error beside it."""
    it = iter(items)
    while True:
        chunk: list[Document] = []
        try:
            for d in it:
                if not isinstance(d, Document):
                    raise InputError(f"expected Document objects, got {type(d).__name__}")
                chunk.append(d)
                if len(chunk) >= n:
                    break
            else:
                if chunk:
                    yield chunk, None
                return
        except LineageError as exc:
            yield chunk, exc
            return
        yield chunk, None


def add_documents(
    storage: Storage, documents: Iterable[Document], options: Options, params: IndexParameters,
    jobs: int = 1, batch_size: int = BATCH, progress: Progress | None = None,
) -> AddResult:
    """Add or update documents in batches; see :meth:`lineage.archive.Archive.add`."""
    start = time.perf_counter()
    counts = WriteCounts()
    batch: list[Entry] = []
    done = 0

    def flush() -> None:
        nonlocal done, counts
        if batch:
            wrote = storage.write(batch)
            if wrote.stale:  # archived meanwhile under another text: read them after all
                docs = [e.document for e in wrote.stale]
                read = read_texts([d.text for d in docs], options, params)
                wrote += storage.write([Entry(d, e.text_hash, p, k, date)
                                        for d, e, (p, k, date) in zip(docs, wrote.stale, read)])
            counts += wrote
            done += len(batch)
            batch.clear()
            if progress:
                progress(done)

    def collect(chunk: list[Document], hashes: list[bytes], read: list[Read]) -> None:
        it = iter(read)
        for d, h in zip(chunk, hashes):
            packed, keys, date = next(it) if h else (b"", np.empty(0, dtype=np.uint64), None)
            batch.append(Entry(d, h or text_hash(d.text), packed, keys, date))
        if len(batch) >= batch_size:
            flush()

    def todo(chunk: list[Document]) -> tuple[list[bytes], list[str]]:
        """Hashes of the texts to read (b"" for one already archived as is) and those texts."""
        known = storage.hashes([d.id for d in chunk])
        hashes = [text_hash(d.text) for d in chunk]
        hashes = [b"" if known.get(d.id) == h else h for d, h in zip(chunk, hashes)]
        return hashes, [d.text for d, h in zip(chunk, hashes) if h]

    pool = None

    def start_pool() -> Any:
        methods = multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
        return ctx.Pool(jobs, initializer=_init_worker, initargs=(options, params))

    try:
        pending: deque[tuple[list[Document], list[bytes], Any]] = deque()
        error: LineageError | None = None
        for chunk, error in _chunks(documents, CHUNK):
            hashes, texts = todo(chunk)
            if pool is None and jobs > 1 and len(chunk) == CHUNK and error is None:
                pool = start_pool()  # only when there is more than one chunk to read
            if pool is None:
                collect(chunk, hashes, read_texts(texts, options, params))
                continue
            pending.append((chunk, hashes, pool.apply_async(_worker_task, (texts,))))
            while len(pending) > 2 * jobs or (pending and pending[0][2].ready()):
                c, h, res = pending.popleft()
                collect(c, h, res.get())
        while pending:
            c, h, res = pending.popleft()
            collect(c, h, res.get())
        flush()  # what was read before a bad input is written
        if error is not None:
            raise error
        if pool is not None:
            pool.close()
    except BaseException:
        if pool is not None:
            pool.terminate()
        raise
    finally:
        if pool is not None:
            pool.join()
    return AddResult(counts.added, counts.replaced, counts.updated, counts.unchanged,
                     time.perf_counter() - start)
