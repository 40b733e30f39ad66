"""Building an archive again from the documents it holds, after a lineage that reads documents differently.

An archive keeps every document's text and metadata, so a new lineage whose
preparation or retrieval keys changed (the archive then refuses to open) can
read them again into a new archive with the same options.  The new archive is
written beside the old one and put in its place by one rename: until then the
old file is only read, so a failure or a crash at any point leaves it as it was.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from typing import Iterator

from ..documents import Document
from ..errors import ArchiveError
from .archive import FORMAT, Archive, read_settings
from .ingest import BATCH, Progress
from .sqlite import SQLiteStorage

_SIDE_FILES = ("", "-wal", "-shm")  # an SQLite database and the files WAL mode keeps beside it


@dataclass(frozen=True)
class RebuildResult:
    """What a rebuild did.

    Attributes
    ----------
    documents : int
        Documents in the new archive.
    seconds : float
        Wall time.
    path : str
        The archive written (the old path, or ``output``).
    old_preparation, old_keys : str
        The preparation and retrieval-keys versions the old archive was built with.
    """

    documents: int
    seconds: float
    path: str
    old_preparation: str
    old_keys: str


def _stored(storage: SQLiteStorage, batch_size: int) -> Iterator[Document]:
    """The archived documents in the order they were added, read a batch at a time."""
    numbers = storage.doc_numbers()
    for start in range(0, len(numbers), batch_size):
        part = numbers[start:start + batch_size]
        metas, texts = storage.documents(part), storage.texts(part)
        for d in part:
            if d in metas and d in texts:
                yield metas[d].document(texts[d])


def _remove(path: str) -> None:
    for suffix in _SIDE_FILES:
        try:
            os.remove(path + suffix)
        except FileNotFoundError:
            pass


def _state(path: str) -> tuple[tuple[int, int], ...]:
    """Size and modification time of an archive and its WAL: another writer changes them."""
    out = []
    for suffix in ("", "-wal"):
        try:
            st = os.stat(path + suffix)
            out.append((st.st_size, st.st_mtime_ns))
        except FileNotFoundError:
            out.append((-1, -1))
    return tuple(out)


def _versions(meta: dict[str, str], path: str) -> tuple[str, str]:
    """The preparation and keys versions an archive records."""
    if meta.get("format") != FORMAT:
        raise ArchiveError(f"{path}: not a lineage archive")
    try:
        return str(json.loads(meta["preparation"])["version"]), str(json.loads(meta["index"])["version"])
    except (KeyError, TypeError, ValueError):
        raise ArchiveError(f"{path}: corrupt archive (its settings cannot be read)") from None


def rebuild(path: str | os.PathLike[str], *, output: str | os.PathLike[str] | None = None, jobs: int = 1,
            batch_size: int = BATCH, progress: Progress | None = None) -> RebuildResult:
    """Build an archive again from its own documents, with this lineage's preparation and retrieval keys.

    Parameters
    ----------
    path : str or path-like
        The archive (it may be one this lineage refuses to open).
    output : str or path-like, optional
        Write the new archive here, leaving ``path`` as it is; it must not
        exist.  Default: replace ``path`` (only once the new archive is whole).
    jobs : int
        Worker processes reading documents (1: in this process).
    batch_size : int
        Documents read from the old archive and written to the new one at a time.
    progress : callable, optional
        ``progress(documents_done)`` after each batch.

    Returns
    -------
    RebuildResult
        Documents archived, wall time, the file written and the old versions.

    Raises
    ------
    ArchiveError
        ``path`` is missing or not a lineage archive, ``output`` exists, or
        another process has ``path`` open (it is then left as it was).
    """
    if jobs < 1 or batch_size < 1:
        raise ArchiveError("jobs and batch_size must be at least 1")
    start = time.perf_counter()
    path = os.fspath(path)
    options = read_settings(path)  # missing, foreign or corrupt: refused before anything is written
    target = os.fspath(output) if output is not None else path
    if os.path.exists(target) and os.path.samefile(target, path):
        target = os.path.realpath(path)  # in place: the file itself, not a link to it (SQLite's WAL is beside it)
    elif os.path.exists(target) or os.path.exists(target + "-wal"):
        raise ArchiveError(f"{target}: already exists; give a new file to rebuild {path} into")
    in_place = target == os.path.realpath(path)
    if not os.path.isdir(os.path.dirname(os.path.abspath(target))):
        raise ArchiveError(f"{os.path.dirname(os.path.abspath(target))}: no such directory to write {target} in")
    tmp = os.path.join(os.path.dirname(os.path.abspath(target)),
                       f"{os.path.basename(target)}.rebuild-{os.getpid()}.tmp")
    _remove(tmp)  # left by an earlier rebuild of this process id that was killed
    before = _state(path)
    old = SQLiteStorage(path, create=False)
    new: Archive | None = None
    try:
        versions = _versions(old.read_meta(), path)
        new = Archive(tmp, options)
        with old.snapshot():  # one state of the old archive, whatever another process does meanwhile
            new.add(_stored(old, batch_size), jobs=jobs, batch_size=batch_size, progress=progress)
        new.compact()
        documents = len(new)
        new.close()
        old.close()
        if os.path.exists(tmp + "-wal"):
            raise ArchiveError(f"{tmp}: the new archive was not closed cleanly; {path} is left as it was")
        # A clean close of the last connection removes the WAL: if it is there, another process has the archive open.
        if in_place and (os.path.exists(target + "-wal") or _state(path) != before):
            raise ArchiveError(f"{path}: another process has the archive open or changed it meanwhile; "
                               "close it and rebuild again (the archive is left as it was)")
        os.replace(tmp, target)  # the one step that touches the old archive: whole, or not at all
    except BaseException:
        if new is not None:
            new.close()
        old.close()
        _remove(tmp)
        raise
    return RebuildResult(documents, time.perf_counter() - start, path if in_place else target, *versions)
