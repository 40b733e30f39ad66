"""What an archive keeps, behind a small interface: documents, their texts and their key postings.

:class:`Storage` is all the archive asks of a backend, so that a shared
server backend can stand beside :class:`~lineage.archive.sqlite.SQLiteStorage`
(the default: one local file).  A backend keeps

* each document once: id, metadata, its text (compressed) and a hash of it;
* postings ``(key, document)`` for the retrieval keys of
  :mod:`lineage.archive.index`, looked up by key without reading any text;
* keys found to be common (held by more than ``max_postings`` documents),
  which are not evidence and are no longer posted;
* a few named settings (``meta``), written when the archive is created.

Writes are whole batches: a batch of documents, with their postings and the
removal of the versions they replace, is applied entirely or not at all.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping, Protocol, Sequence

import numpy as np

from ..documents import Document
from ..errors import ArchiveError


@dataclass(frozen=True)
class StoredDocument:
    """An archived document's metadata (its text is read only when needed).

    Attributes
    ----------
    doc : int
        The storage's number for this version of the document (never reused).
    id : str
        The document's id, unique in the archive.
    date, title, url, source, path : str or None
        Metadata as given when it was added.
    extra : mapping of str to str
        Any further fields given with it.
    chars : int
        Length of its text.
    printed_date : str or None
        A date printed in its header, used when none was given.
    """

    doc: int
    id: str
    date: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    path: str | None = None
    extra: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    chars: int = 0
    printed_date: str | None = None

    @property
    def effective_date(self) -> str | None:
        """The given date, else the one printed in the document's header."""
        return self.date or self.printed_date

    def document(self, text: str) -> Document:
        """The archived document with its text."""
        return Document(id=self.id, text=text, date=self.date, title=self.title, url=self.url,
                        source=self.source, path=self.path, extra=MappingProxyType(dict(self.extra)))

    def to_dict(self) -> dict[str, object]:
        """JSON-ready metadata."""
        return {"id": self.id, "date": self.effective_date, "title": self.title, "url": self.url,
                "source": self.source, "path": self.path, "chars": self.chars}


@dataclass(frozen=True)
class Entry:
    """A document ready to be written: its text compressed, its hash and its retrieval keys.

    ``packed`` is empty when the text was found archived already (only metadata may change).
    """

    document: Document
    text_hash: bytes
    packed: bytes
    keys: np.ndarray
    printed_date: str | None = None


@dataclass(frozen=True)
class Postings:
    """The postings of some keys: ``docs[i]`` holds ``keys[i]``; ``common`` are the keys asked that are common."""

    keys: np.ndarray
    docs: np.ndarray
    common: frozenset[int] = frozenset()


@dataclass
class WriteCounts:
    """What a write did: documents added, replaced by a new text, updated in metadata only, unchanged.

    ``stale`` holds entries given without their text (as already archived)
    whose archived text turned out to differ: they were not applied.
    """

    added: int = 0
    replaced: int = 0
    updated: int = 0
    unchanged: int = 0
    stale: list["Entry"] = field(default_factory=list)

    def __iadd__(self, other: "WriteCounts") -> "WriteCounts":
        self.added += other.added
        self.replaced += other.replaced
        self.updated += other.updated
        self.unchanged += other.unchanged
        return self


def text_hash(text: str) -> bytes:
    """A 128-bit hash of a text: equal hashes mean the same text (re-adding it is a no-op)."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def pack_text(text: str) -> bytes:
    """A text compressed for storage."""
    return zlib.compress(text.encode("utf-8", "surrogatepass"), 6)


def unpack_text(data: bytes, ident: str = "document") -> str:
    """A text stored by :func:`pack_text`."""
    try:
        return zlib.decompress(data).decode("utf-8", "surrogatepass")
    except (zlib.error, UnicodeDecodeError, TypeError):
        raise ArchiveError(f"{ident}: stored text is corrupt") from None


def metadata_of(doc: Document) -> tuple[str | None, ...]:
    """The metadata fields stored with a document, in column order (extra as sorted JSON)."""
    extra = json.dumps(dict(doc.extra), sort_keys=True, ensure_ascii=False) if doc.extra else None
    return (doc.date, doc.title, doc.url, doc.source, doc.path, extra)


class Storage(Protocol):
    """What the archive needs of a backend (see the module docstring)."""

    path: str
    #: Keys posted for more documents than this are common (set from the archive's settings).
    max_postings: int

    def read_meta(self) -> dict[str, str]:
        """The archive's named settings (empty for a new archive)."""
        ...

    def write_meta(self, values: Mapping[str, str]) -> None:
        """Record named settings (at creation); settings already recorded are kept."""
        ...

    def hashes(self, ids: Sequence[str]) -> dict[str, bytes]:
        """The text hash of each of ``ids`` that is archived."""
        ...

    def write(self, entries: Sequence[Entry]) -> WriteCounts:
        """Add or replace documents, atomically; the last entry of an id wins (see ``WriteCounts.stale``)."""
        ...

    def remove(self, ids: Sequence[str]) -> list[str]:
        """Remove documents by id, atomically; returns the ids that were archived."""
        ...

    def snapshot(self) -> AbstractContextManager[None]:
        """A consistent view for several reads (a writer's later commits stay unseen)."""
        ...

    def postings(self, keys: np.ndarray) -> Postings:
        """The postings of ``keys``; common keys are named and have none."""
        ...

    def documents(self, docs: Sequence[int]) -> dict[int, StoredDocument]:
        """Metadata of the archived documents among ``docs`` (removed ones are absent)."""
        ...

    def document_ids(self, ids: Sequence[str]) -> dict[str, StoredDocument]:
        """Metadata of the archived documents among ``ids``."""
        ...

    def texts(self, docs: Sequence[int]) -> dict[int, str]:
        """The texts of the archived documents among ``docs``."""
        ...

    def doc_numbers(self) -> list[int]:
        """The numbers of every archived document, ascending: the order they were added (for a rebuild)."""
        ...

    def compact(self) -> None:
        """Merge every postings run into one, dropping postings of removed documents."""
        ...

    def count(self) -> int:
        """Documents archived."""
        ...

    def stats(self) -> dict[str, int]:
        """Counts and sizes: documents, postings, runs, common keys, bytes."""
        ...

    def verify(self) -> str | None:
        """None when the storage is consistent, else what is wrong."""
        ...

    def close(self) -> None:
        """Release the storage."""
        ...
