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
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Callable, Generic, Iterable, Iterator, Sequence, TypeVar

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


@dataclass(frozen=True)
class Reader:
    """Another way to read documents for an add (e.g. on Spark): texts in, :func:`read_texts`' readings out.

    Attributes
    ----------
    read : callable
        ``read(texts)``: for each text, in order, what :func:`read_texts` gives for it
        (compressed text, retrieval keys, printed date).  Called with up to ``chunk``
        texts at a time from one background thread, so that the next texts are read while
        the last are written.
    chunk : int
        Documents per call.
    cancel : callable, optional
        Called when the add stops early, to abandon a call under way.
    """

    read: Callable[[list[str]], list[Read]]
    chunk: int = CHUNK
    cancel: Callable[[], None] | None = None


T = TypeVar("T")


class _Ready(Generic[T]):
    """A result already there, with the ``ready``/``get`` of a pool's pending result."""

    def __init__(self, value: T) -> None:
        self.value = value

    def ready(self) -> bool:
        return True

    def get(self) -> T:
        return self.value


class _Later(Generic[T]):
    """A thread's future with the ``ready``/``get`` of a pool's pending result."""

    def __init__(self, future: Future[T]) -> None:
        self.future = future

    def ready(self) -> bool:
        return self.future.done()

    def get(self) -> T:
        return self.future.result()


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
    jobs: int = 1, batch_size: int = BATCH, progress: Progress | None = None, reader: Reader | None = None,
) -> AddResult:
    """Add or update documents in batches; see :meth:`lineage.archive.Archive.add`.

    Texts are read in this process, in ``jobs`` worker processes, or by ``reader``
    (then ``jobs`` is not used); batching, writing and counting are the same.
    """
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
        if len(read) != sum(1 for h in hashes if h):
            raise LineageError(f"a reader gave {len(read)} readings for {sum(1 for h in hashes if h)} texts")
        it = iter(read)
        for d, h in zip(chunk, hashes):
            packed, keys, date = next(it) if h else (b"", np.empty(0, dtype=np.uint64), None)
            batch.append(Entry(d, h or text_hash(d.text), packed, keys, date))
            if len(batch) >= batch_size:  # whole batches, whatever the chunks read at a time
                flush()

    def todo(chunk: list[Document]) -> tuple[list[bytes], list[str]]:
        """Hashes of the texts to read (b"" for one already archived as is) and those texts."""
        known = storage.hashes([d.id for d in chunk])
        hashes = [text_hash(d.text) for d in chunk]
        hashes = [b"" if known.get(d.id) == h else h for d, h in zip(chunk, hashes)]
        return hashes, [d.text for d, h in zip(chunk, hashes) if h]

    pool = None
    thread = ThreadPoolExecutor(1, thread_name_prefix="lineage-reader") if reader is not None else None
    # Chunks read or being read before the oldest is written: the reader's next while one is written.
    ahead = 1 if reader is not None else 2 * jobs

    def start_pool() -> Any:
        methods = multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
        return ctx.Pool(jobs, initializer=_init_worker, initargs=(options, params))

    def submit(texts: list[str]) -> Any:
        if thread is not None and reader is not None and texts:
            return _Later(thread.submit(reader.read, texts))
        if pool is not None:
            return pool.apply_async(_worker_task, (texts,))
        return _Ready(read_texts(texts, options, params))

    try:
        pending: deque[tuple[list[Document], list[bytes], Any]] = deque()
        error: LineageError | None = None
        for chunk, error in _chunks(documents, reader.chunk if reader is not None else CHUNK):
            hashes, texts = todo(chunk)
            if pool is None and reader is None and jobs > 1 and len(chunk) == CHUNK and error is None:
                pool = start_pool()  # only when there is more than one chunk to read
            pending.append((chunk, hashes, submit(texts)))
            limit = ahead if pool is not None or thread is not None else 0
            while len(pending) > limit or (pending and pending[0][2].ready()):
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
        if thread is not None:
            thread.shutdown(wait=False, cancel_futures=True)
            if reader is not None and reader.cancel is not None:
                reader.cancel()
        raise
    finally:
        if pool is not None:
            pool.join()
        if thread is not None:
            thread.shutdown(wait=True)
    return AddResult(counts.added, counts.replaced, counts.updated, counts.unchanged,
                     time.perf_counter() - start)
