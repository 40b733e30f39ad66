"""Forked worker processes for a corpus run, stopped at once and left quiet by a Ctrl-C.

Workers are forked, so they read what their parent holds (the documents, a
packed corpus) without copying it.  The parent takes their results in order
and waits in short steps, so that an interrupt is handled at once; on any
exception, the interrupt included, the pool is terminated.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import signal
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.pool import Pool
from types import TracebackType
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def can_fork() -> bool:
    """True where worker processes can be forked (not on Windows)."""
    return "fork" in multiprocessing.get_all_start_methods()


def _quiet(init: Callable[..., None], *args: Any) -> None:
    # Ctrl-C is the parent's to handle: a worker ends quietly when the pool is terminated.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    init(*args)


def _release_free_memory() -> None:
    """Hand back to the system the memory that glibc's allocator holds but no object uses.

    Freed arrays can stay in the process's heap; workers forked then would start
    with it in their pages.  Elsewhere than glibc (musl, macOS, Windows) nothing is done.
    """
    trim = getattr(ctypes.CDLL(None), "malloc_trim", None)
    if trim is not None:
        trim(0)


class Forked:
    """A pool of ``jobs`` forked workers, each set up by ``init(*args)``; use as a context manager."""

    def __init__(self, jobs: int, init: Callable[..., None], *args: Any) -> None:
        self.jobs, self.init, self.args = jobs, init, args
        self.pool: Pool | None = None

    def __enter__(self) -> "Forked":
        ctx = multiprocessing.get_context("fork")
        _release_free_memory()
        # Workers are forked with SIGINT blocked, so none can take a Ctrl-C before ignoring it.
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        # Frozen objects are left alone by the workers' garbage collector, so their pages stay shared.
        gc.freeze()
        try:
            self.pool = ctx.Pool(self.jobs, initializer=_quiet, initargs=(self.init, *self.args))
        finally:
            gc.unfreeze()
            # A Ctrl-C pressed meanwhile is raised here, with the pool already started.
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        return self

    def map(self, func: Callable[[T], R], chunks: Sequence[T]) -> Iterator[R]:
        """``func`` of each chunk, in order, computed by the workers."""
        assert self.pool is not None, "use Forked as a context manager"
        results = self.pool.imap(func, chunks)
        for _ in chunks:
            while True:
                try:  # waiting in short steps, so that a Ctrl-C is taken at once
                    found = results.next(timeout=0.2)
                except multiprocessing.TimeoutError:
                    continue
                break
            yield found

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self.pool is None:
            return
        if kind is None:
            self.pool.close()
        else:
            self.pool.terminate()
        self.pool.join()
