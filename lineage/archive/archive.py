"""The archive a newsroom checks drafts against: add, update, remove, check.

An archive records the settings it was built with (preparation, signature
scheme, retrieval keys) and refuses to be used with others: signatures made
under two schemes never meet in one archive.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from types import TracebackType
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Mapping, Sequence

from ..corpus import read_jsonl
from ..documents import Document
from ..errors import ArchiveError, InputError
from ..options import DEFAULT_OPTIONS, Options
from ..prepare import PREPARATION
from .check import check_draft
from .index import KEYS_VERSION, IndexParameters
from .ingest import BATCH, AddResult, Progress, Reader, add_documents
from .report import CheckReport
from .sqlite import SQLiteStorage
from .storage import Storage

if TYPE_CHECKING:
    from .rebuild import RebuildResult

#: Value of the ``format`` setting of every lineage archive.
FORMAT = "lineage.archive"


def settings_of(options: Options) -> dict[str, dict[str, Any]]:
    """The settings an archive records for ``options``: preparation and signature scheme."""
    from ..fingerprints import SCHEME, SHINGLE_HASH

    return {
        "preparation": {"version": PREPARATION, "keep_boilerplate": options.keep_boilerplate},
        "signature": {"shingle_size": options.shingle_size, "num_perm": options.num_perm,
                      "seed": options.seed, "scheme": SCHEME, "shingle_hash": SHINGLE_HASH},
    }


def _differences(recorded: Mapping[str, Any], wanted: Mapping[str, Any]) -> list[str]:
    return [f"{k} {recorded.get(k)!r} (archive) vs {wanted.get(k)!r} (now)"
            for k in sorted(set(recorded) | set(wanted)) if recorded.get(k) != wanted.get(k)]


def read_settings(path: str | os.PathLike[str]) -> Options:
    """The options an existing archive was built with (to open it without knowing them)."""
    storage = SQLiteStorage(path, create=False)
    try:
        meta = storage.read_meta()
    finally:
        storage.close()
    if meta.get("format") != FORMAT:
        raise ArchiveError(f"{os.fspath(path)}: not a lineage archive")
    try:
        sig, prep = json.loads(meta["signature"]), json.loads(meta["preparation"])
        return DEFAULT_OPTIONS.with_changes(shingle_size=sig["shingle_size"], num_perm=sig["num_perm"],
                                            seed=sig["seed"], keep_boilerplate=prep["keep_boilerplate"])
    except (KeyError, TypeError, ValueError):
        raise ArchiveError(f"{os.fspath(path)}: corrupt archive (its settings cannot be read)") from None


@dataclass(frozen=True)
class ArchiveInfo:
    """What ``lineage index info`` shows: counts, sizes, schema and settings."""

    path: str
    stats: dict[str, int]
    settings: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"path": self.path, **self.stats, "settings": self.settings}


def as_document(item: Document | Mapping[str, Any] | str, n: int = 0) -> Document:
    """A document from a Document, a JSON Lines record (a mapping) or one JSON line."""
    if isinstance(item, Document):
        return item
    if isinstance(item, Mapping):
        item = json.dumps(dict(item), ensure_ascii=False)
    if isinstance(item, str):
        docs = list(read_jsonl([item], f"record {n}"))
        if len(docs) == 1:
            return docs[0]
        raise InputError(f"record {n}: expected one JSON object")
    raise InputError(f"record {n}: expected a Document, a mapping or a JSON line, got {type(item).__name__}")


class Archive:
    """A persistent archive of documents that drafts are checked against.

    Parameters
    ----------
    path : str or path-like
        The archive file (SQLite), created when missing unless ``create`` is False.
    options : Options, optional
        Settings (default ``Options()``).  Their preparation and signature
        scheme must be those the archive was built with, else
        :class:`ArchiveError`; comparison settings (sentence score, findings)
        may differ.
    create : bool
        Create the archive when the file does not exist.
    timeout : float
        Seconds a writer waits for another writer.
    storage : Storage, optional
        Another backend than the SQLite file (``path`` is then only a label).

    Examples
    --------
    >>> with Archive("news.db") as archive:                                  # doctest: +SKIP
    ...     archive.add(Document.from_path(p) for p in paths)
    ...     report = archive.check(Document.from_path("draft.txt"), top=10)
    """

    def __init__(self, path: str | os.PathLike[str], options: Options | None = None, *, create: bool = True,
                 timeout: float = 60.0, storage: Storage | None = None) -> None:
        self.path = os.fspath(path)
        self.options = options or DEFAULT_OPTIONS
        self.storage: Storage = storage or SQLiteStorage(path, create=create, timeout=timeout)
        try:
            self.params = self._settle()
            self.storage.max_postings = self.params.max_postings
        except BaseException:
            self.storage.close()
            raise

    def _settle(self) -> IndexParameters:
        """Record the settings of a new archive, or check an existing archive's against the options."""
        from .. import __version__
        meta = self.storage.read_meta()
        wanted = settings_of(self.options)
        if "format" not in meta:
            params = IndexParameters.for_options(self.options)
            self.storage.write_meta({
                "format": FORMAT, "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "lineage_version": __version__, "index": json.dumps(params.to_dict()),
                **{k: json.dumps(v) for k, v in wanted.items()},
            })
            meta = self.storage.read_meta()  # another process may have created it first
        if meta["format"] != FORMAT:
            raise ArchiveError(f"{self.path}: not a lineage archive (format {meta['format']!r})")
        try:
            recorded = {k: json.loads(meta[k]) for k in ("preparation", "signature", "index")}
            params = IndexParameters.from_dict(recorded["index"])
        except (KeyError, TypeError, ValueError):
            raise ArchiveError(f"{self.path}: corrupt archive (its settings cannot be read)") from None
        if recorded["preparation"]["version"] != PREPARATION or params.version != KEYS_VERSION:
            raise ArchiveError(
                f"{self.path}: built by a lineage that reads documents differently "
                f"({recorded['preparation']['version']}, {params.version}; this one: {PREPARATION}, "
                f"{KEYS_VERSION}): run 'lineage index rebuild {self.path}'")
        diff = (_differences(recorded["signature"], wanted["signature"])
                + _differences(recorded["preparation"], wanted["preparation"]))
        if diff:
            raise ArchiveError(f"{self.path}: built with other settings: {'; '.join(diff)}; "
                               "use the archive's settings or build another archive")
        return params

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Close the archive."""
        self.storage.close()

    def __len__(self) -> int:
        return self.storage.count()

    def __contains__(self, ident: object) -> bool:
        return isinstance(ident, str) and bool(self.storage.document_ids([ident]))

    def add(self, documents: Iterable[Document | Mapping[str, Any] | str], *, jobs: int = 1,
            batch_size: int = BATCH, progress: Progress | None = None, reader: Reader | None = None) -> AddResult:
        """Add documents, or update those already archived under the same id.

        Parameters
        ----------
        documents : iterable
            :class:`Document` objects, JSON Lines records (mappings with
            ``id``, ``text`` and optionally ``date``, ``title``, ``url``,
            ``source``) or JSON lines; read lazily.
        jobs : int
            Worker processes reading documents (1: in this process).
        batch_size : int
            Documents per transaction: a crash loses at most the batch being written.
        progress : callable, optional
            ``progress(documents_done)`` after each batch.
        reader : Reader, optional
            Another way to read the texts (then ``jobs`` is not used), such as
            Spark's (:func:`lineage.spark.add_to_archive`); the archive is the same.

        Returns
        -------
        AddResult
            Documents added, replaced (new text: the old version is replaced
            atomically), updated (metadata only) and unchanged (re-adding the
            same text and metadata is a no-op).  The last of several documents
            with one id wins.
        """
        if jobs < 1 or batch_size < 1:
            raise ArchiveError("jobs and batch_size must be at least 1")
        docs: Iterator[Document] = (as_document(d, n) for n, d in enumerate(documents, 1))
        return add_documents(self.storage, docs, self.options, self.params, jobs, batch_size, progress, reader)

    def remove(self, ids: Iterable[str]) -> list[str]:
        """Remove documents by id (atomically); returns the ids that were archived."""
        return self.storage.remove(list(ids))

    def get(self, ident: str) -> Document | None:
        """The archived document ``ident`` with its text, or None."""
        with self.storage.snapshot():
            found = self.storage.document_ids([ident]).get(ident)
            text = self.storage.texts([found.doc]).get(found.doc) if found else None
        return found.document(text) if found and text is not None else None

    def check(self, draft: Document | str, *, top: int = 10, before: str | None = None,
              exclude_sources: Sequence[str] = (), exclude_ids: Sequence[str] | None = None,
              align: int | None = None) -> CheckReport:
        """The archived documents a draft reuses, ranked by the share of the draft each accounts for.

        Parameters
        ----------
        draft : Document or str
            The draft (a string becomes a document named ``draft``).
        top : int
            Largest number of sources reported.
        before : str, optional
            ISO date (``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM``): documents dated
            later are not sources.  Default: the draft's own date (given, or
            printed in its header); undated documents always count.
        exclude_sources : sequence of str
            Outlets (the ``source`` field, compared without case) whose documents are not sources.
        exclude_ids : sequence of str, optional
            Archived ids that are not sources (default: the draft's own id).
        align : int, optional
            Candidates compared with the draft (default ``3 * top``).

        Returns
        -------
        CheckReport
            Sources with verdict, shares, direction, passages and findings,
            and the share of the draft found in any of them.
        """
        doc = draft if isinstance(draft, Document) else Document.from_text(draft, id="draft")
        return check_draft(self.storage, self.params, doc, self.options, top, before, exclude_sources,
                           exclude_ids, align)

    @staticmethod
    def rebuild(path: str | os.PathLike[str], *, output: str | os.PathLike[str] | None = None, jobs: int = 1,
                batch_size: int = BATCH, progress: Progress | None = None) -> "RebuildResult":
        """Build an archive again from its own documents, after a lineage that reads documents differently.

        The archive need not open (that is when it is needed); the same options
        are kept, and the old file is replaced only once the new one is whole.

        Parameters
        ----------
        path : str or path-like
            The archive.
        output : str or path-like, optional
            Write the new archive here (a new file) and leave ``path`` as it is.
        jobs, batch_size, progress
            As for :meth:`add`.

        Returns
        -------
        RebuildResult
            Documents archived, wall time, the file written and the old versions;
            see :func:`lineage.archive.rebuild.rebuild`.
        """
        from .rebuild import rebuild

        return rebuild(path, output=output, jobs=jobs, batch_size=batch_size, progress=progress)

    def compact(self) -> None:
        """Merge every postings run into one (faster lookups; drops postings of removed documents)."""
        self.storage.compact()

    def verify(self) -> str | None:
        """None when the archive is consistent, else what is wrong."""
        return self.storage.verify()

    def info(self) -> ArchiveInfo:
        """Counts, sizes, schema version and the settings the archive was built with."""
        meta = self.storage.read_meta()
        settings: dict[str, Any] = {k: json.loads(meta[k]) for k in ("preparation", "signature", "index")}
        settings.update({k: meta.get(k) for k in ("format", "created", "lineage_version")})
        return ArchiveInfo(self.path, self.storage.stats(), settings)
