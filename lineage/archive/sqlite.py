"""The default archive storage: one SQLite file (standard library), WAL mode, a versioned schema.

Documents live in ``docs`` (text compressed with zlib), retrieval keys in
runs of postings (:mod:`lineage.archive.runs`).  A batch of documents is one
transaction that writes its documents and one new run; a replaced or removed
document's row is deleted and its number goes to ``dead``, so that its
postings, which lookups no longer resolve to a document, are dropped at the
next merge.  Readers never wait for a writer (WAL); a crash leaves every
committed batch.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Iterator, Mapping, Sequence, TypeVar

import numpy as np

from ..errors import ArchiveError
from . import runs
from .runs import chunks as _chunks
from .runs import marks as _marks
from .schema import APPLICATION_ID, SCHEMA_VERSION, migrate
from .storage import Entry, Postings, StoredDocument, WriteCounts, metadata_of, unpack_text

_HEADER = b"SQLite format 3\x00"
_DOC_COLUMNS = "doc, id, date, title, url, source, path, extra, chars, printed_date"
T = TypeVar("T")


class SQLiteStorage:
    """Archive storage in one SQLite file (see the module docstring).

    Parameters
    ----------
    path : str or path-like
        The archive file.
    create : bool
        Create the file when it does not exist (else :class:`ArchiveError`).
    timeout : float
        Seconds a writer waits for another writer's transaction to end.
    max_postings : int
        Keys posted for more documents than this are common and dropped.
    """

    def __init__(self, path: str | os.PathLike[str], create: bool = True, timeout: float = 60.0,
                 max_postings: int = 50) -> None:
        self.path = os.fspath(path)
        self.max_postings = max_postings
        self.timeout = timeout
        self._crowded: np.ndarray | None = None
        self._depth = 0
        self._lock = threading.RLock()  # one connection: threads sharing the storage take turns
        p = Path(self.path)
        if p.is_dir():
            raise ArchiveError(f"{self.path}: is a directory, not an archive")
        if not p.exists() and not create:
            raise ArchiveError(f"{self.path}: no such archive")
        if p.exists() and p.stat().st_size:
            with open(p, "rb") as f:
                if f.read(16) != _HEADER:
                    raise ArchiveError(f"{self.path}: not a lineage archive (not an SQLite database)")
        try:
            self.con = sqlite3.connect(self.path, timeout=timeout, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise ArchiveError(f"{self.path}: cannot open ({exc})") from None
        self._guard(self._open, create)

    def _guard(self, fn: Callable[..., T], *args: Any) -> T:
        """Run ``fn``; SQLite errors become one-line :class:`ArchiveError`."""
        try:
            with self._lock:
                return fn(*args)
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise ArchiveError(f"{self.path}: the archive is busy (another writer holds it)") from None
            raise ArchiveError(f"{self.path}: {exc}") from None
        except sqlite3.DatabaseError as exc:
            raise ArchiveError(f"{self.path}: corrupt archive ({exc})") from None

    def _open(self, create: bool) -> None:
        con = self.con
        con.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
        app = con.execute("PRAGMA application_id").fetchone()[0]
        tables = con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app != APPLICATION_ID:
            if tables or not create:
                raise ArchiveError(f"{self.path}: not a lineage archive (an SQLite database of another kind)")
            con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA synchronous = NORMAL")
        con.execute("PRAGMA cache_size = -65536")
        con.execute("PRAGMA journal_size_limit = 67108864")
        version = con.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise ArchiveError(f"{self.path}: written by a newer lineage (archive schema {version}, "
                               f"this lineage reads up to {SCHEMA_VERSION}); upgrade lineage")
        if version < SCHEMA_VERSION:
            con.execute("BEGIN IMMEDIATE")
            try:
                if con.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
                    migrate(con, con.execute("PRAGMA user_version").fetchone()[0])
                    con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise

    @contextmanager
    def _transaction(self, write: bool) -> Iterator[sqlite3.Connection]:
        """One transaction (a write one takes the write lock at once); nested uses join the outer one."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self.con
                finally:
                    self._depth -= 1
                return
            self.con.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            self._depth = 1
            try:
                yield self.con
            except BaseException:
                self._depth = 0
                if self.con.in_transaction:
                    self.con.execute("ROLLBACK")
                raise
            self._depth = 0
            self.con.execute("COMMIT")

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """A read transaction: every read inside sees one state of the archive."""
        try:
            with self._transaction(write=False):
                yield
        except sqlite3.DatabaseError as exc:
            raise ArchiveError(f"{self.path}: {exc}") from None

    # Settings -------------------------------------------------------------------------

    def read_meta(self) -> dict[str, str]:
        """The archive's named settings."""
        return self._guard(lambda: dict(self.con.execute("SELECT name, value FROM meta").fetchall()))

    def write_meta(self, values: Mapping[str, str]) -> None:
        """Record named settings; one already recorded is kept (of two creators, the first wins)."""
        def run() -> None:
            with self._transaction(write=True) as con:
                con.executemany("INSERT OR IGNORE INTO meta(name, value) VALUES (?, ?)", values.items())
        self._guard(run)

    # Documents ------------------------------------------------------------------------

    def hashes(self, ids: Sequence[str]) -> dict[str, bytes]:
        """Text hashes of the archived documents among ``ids``."""
        def run() -> dict[str, bytes]:
            out: dict[str, bytes] = {}
            for part in _chunks(list(ids)):
                out.update(self.con.execute(
                    f"SELECT id, text_hash FROM docs WHERE id IN ({_marks(len(part))})", part).fetchall())
            return out
        return self._guard(run)

    def write(self, entries: Sequence[Entry]) -> WriteCounts:
        """Add or replace documents and post their keys in one new run, in one transaction."""
        last = {e.document.id: e for e in entries}
        counts = WriteCounts()
        if not last:
            return counts

        def run() -> None:
            with self._transaction(write=True) as con:
                old: dict[str, tuple[Any, ...]] = {}
                for part in _chunks(list(last)):
                    for row in con.execute("SELECT id, doc, text_hash, date, title, url, source, path, extra "
                                           f"FROM docs WHERE id IN ({_marks(len(part))})", part):
                        old[row[0]] = row[1:]
                keys: list[np.ndarray] = []
                docs: list[int] = []
                for ident, e in last.items():
                    meta = metadata_of(e.document)
                    prev = old.get(ident)
                    if prev is not None and prev[1] == e.text_hash:
                        if tuple(prev[2:]) == meta:
                            counts.unchanged += 1
                        else:
                            con.execute("UPDATE docs SET date=?, title=?, url=?, source=?, path=?, extra=? "
                                        "WHERE doc=?", (*meta, prev[0]))
                            counts.updated += 1
                        continue
                    if not e.packed:
                        counts.stale.append(e)
                        continue
                    if prev is not None:
                        self._bury(con, [prev[0]])
                        counts.replaced += 1
                    else:
                        counts.added += 1
                    cur = con.execute(
                        "INSERT INTO docs(id, date, title, url, source, path, extra, chars, text_hash, text, keys, "
                        "printed_date) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                        (ident, *meta, len(e.document.text), e.text_hash, e.packed, len(e.keys), e.printed_date))
                    keys.append(e.keys)
                    docs.append(int(cur.lastrowid or 0))
                self._count(con, counts.added)
                if keys:
                    k = np.concatenate(keys)
                    d = np.repeat(np.array(docs, dtype=np.int64), [len(x) for x in keys])
                    self._new_run(con, k, d, len(docs))
        try:
            self._guard(run)
        except BaseException:
            self._crowded = None  # the common keys it found were rolled back with it
            raise
        self._guard(self._merge_levels)
        return counts

    @staticmethod
    def _count(con: sqlite3.Connection, change: int) -> None:
        if change:
            con.execute("UPDATE meta SET value = value + ? WHERE name = 'documents'", (change,))

    def count(self) -> int:
        """Documents archived (a counter kept with every write)."""
        return self._guard(lambda: int(self.con.execute(
            "SELECT value FROM meta WHERE name = 'documents'").fetchone()[0]))

    def _bury(self, con: sqlite3.Connection, docs: Sequence[int]) -> None:
        """Delete document rows; their numbers go to ``dead`` so that merges drop their postings."""
        for part in _chunks(list(docs)):
            con.executemany("INSERT OR IGNORE INTO dead(doc) VALUES (?)", [(d,) for d in part])
            con.execute(f"DELETE FROM docs WHERE doc IN ({_marks(len(part))})", part)

    def remove(self, ids: Sequence[str]) -> list[str]:
        """Remove documents by id in one transaction; the ids that were archived."""
        def run() -> list[str]:
            with self._transaction(write=True) as con:
                found: list[tuple[str, int]] = []
                for part in _chunks(list(dict.fromkeys(ids))):
                    found += con.execute(f"SELECT id, doc FROM docs WHERE id IN ({_marks(len(part))})",
                                         part).fetchall()
                self._bury(con, [d for _, d in found])
                self._count(con, -len(found))
            return [i for i, _ in found]
        return self._guard(run)

    def _rows(self, where: str, values: Sequence[Any]) -> list[tuple[Any, ...]]:
        rows: list[tuple[Any, ...]] = []
        for part in _chunks(list(values)):
            rows += self.con.execute(f"SELECT {_DOC_COLUMNS} FROM docs WHERE {where} IN ({_marks(len(part))})",
                                     part).fetchall()
        return rows

    @staticmethod
    def _stored(row: tuple[Any, ...]) -> StoredDocument:
        extra = MappingProxyType(json.loads(row[7])) if row[7] else MappingProxyType({})
        return StoredDocument(row[0], row[1], row[2], row[3], row[4], row[5], row[6], extra, row[8], row[9])

    def documents(self, docs: Sequence[int]) -> dict[int, StoredDocument]:
        """Metadata of the archived documents among ``docs``."""
        return self._guard(lambda: {r[0]: self._stored(r) for r in self._rows("doc", [int(d) for d in docs])})

    def document_ids(self, ids: Sequence[str]) -> dict[str, StoredDocument]:
        """Metadata of the archived documents among ``ids``."""
        return self._guard(lambda: {r[1]: self._stored(r) for r in self._rows("id", list(ids))})

    def texts(self, docs: Sequence[int]) -> dict[int, str]:
        """Texts of the archived documents among ``docs``."""
        def run() -> dict[int, str]:
            out: dict[int, str] = {}
            for part in _chunks([int(d) for d in docs]):
                for d, ident, packed in self.con.execute(
                        f"SELECT doc, id, text FROM docs WHERE doc IN ({_marks(len(part))})", part):
                    out[d] = unpack_text(packed, ident)
            return out
        return self._guard(run)

    def doc_numbers(self) -> list[int]:
        """Every archived document's number, ascending (numbers grow as documents are added)."""
        return self._guard(lambda: [d for (d,) in self.con.execute("SELECT doc FROM docs ORDER BY doc")])

    # Postings -------------------------------------------------------------------------

    def _crowded_keys(self, con: sqlite3.Connection) -> np.ndarray:
        if self._crowded is None:
            self._crowded = runs.crowded_keys(con)
        return self._crowded

    def _new_run(self, con: sqlite3.Connection, keys: np.ndarray, docs: np.ndarray, n_docs: int) -> None:
        """Post ``(keys[i], docs[i])`` as a new level-0 run."""
        self._crowded = runs.post(con, keys, docs, n_docs, self._crowded_keys(con), self.max_postings)

    def _merge_levels(self) -> None:
        """Merge every level holding ``runs.FANOUT`` runs into the next, lowest first; a transaction each."""
        while (due := runs.due(self.con)) is not None:
            with self._transaction(write=True) as con:
                if runs.merge(con, due[0], due[1], self.max_postings):
                    self._crowded = None

    def compact(self) -> None:
        """Merge every run into one, dropping postings of removed documents."""
        def run() -> None:
            with self._transaction(write=True) as con:
                live = [r for (r,) in con.execute("SELECT run FROM runs")]
                top = con.execute("SELECT coalesce(max(level), 0) FROM runs").fetchone()[0]
                if len(live) > 1 or con.execute("SELECT count(*) FROM dead").fetchone()[0]:
                    runs.merge(con, live, top + 1, self.max_postings)
                    self._crowded = None
                con.execute("DELETE FROM dead")  # every posting of a removed version is gone
        self._guard(run)

    def postings(self, keys: np.ndarray) -> Postings:
        """The postings of ``keys`` in every run; common keys are named and have none."""
        def run() -> Postings:
            with self._transaction(write=False) as con:
                return runs.lookup(con, keys)
        return self._guard(run)

    # Upkeep ---------------------------------------------------------------------------

    def stats(self) -> dict[str, int]:
        """Documents, postings, runs, common keys, removed versions awaiting a merge, and bytes."""
        def run() -> dict[str, int]:
            with self._transaction(write=False) as con:
                def one(sql: str) -> int:
                    return int(con.execute(sql).fetchone()[0] or 0)

                page = one("PRAGMA page_size")
                return {
                    "documents": one("SELECT value FROM meta WHERE name = 'documents'"),
                    "postings": one("SELECT sum(rows) FROM runs"),
                    "runs": one("SELECT count(*) FROM runs"),
                    "common_keys": one("SELECT count(*) FROM crowded"),
                    "removed_versions": one("SELECT count(*) FROM dead"),
                    "bytes": one("PRAGMA page_count") * page,
                    "free_bytes": one("PRAGMA freelist_count") * page,
                    "schema_version": one("PRAGMA user_version"),
                }
        return self._guard(run)

    def verify(self) -> str | None:
        """SQLite's integrity check, and every run's table present: None when all is well."""
        def run() -> str | None:
            result = [r[0] for r in self.con.execute("PRAGMA integrity_check").fetchall()]
            if result != ["ok"]:
                return "; ".join(result[:3])
            tables = {n for (n,) in self.con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            missing = [r for (r,) in self.con.execute("SELECT run FROM runs") if f"postings_{r}" not in tables]
            if missing:
                return f"postings of run(s) {missing} missing"
            counted = self.con.execute("SELECT count(*) FROM docs").fetchone()[0]
            if counted != self.count():
                return f"{counted} documents stored but {self.count()} counted"
            return None
        return self._guard(run)

    def close(self) -> None:
        """Close the connection (a clean close checkpoints the WAL)."""
        try:
            self.con.close()
        except sqlite3.Error:
            pass
