"""The archive's SQLite schema, as an ordered list of migrations keyed by the version they reach.

``PRAGMA user_version`` holds the schema version and ``PRAGMA
application_id`` marks the file as a lineage archive.  Opening an archive of
an older schema applies the missing steps in one transaction; a newer one is
refused.  Postings tables (``postings_<run>``) are made as runs are written.
"""

from __future__ import annotations

import sqlite3

#: Marks a lineage archive ("LNGA").
APPLICATION_ID = 0x4C4E4741
#: Schema version this lineage writes.
SCHEMA_VERSION = 1

#: Each step's statements take the schema from the version before to its version.
MIGRATIONS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (1, (
        "CREATE TABLE meta(name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
        "CREATE TABLE docs("
        " doc INTEGER PRIMARY KEY AUTOINCREMENT,"
        " id TEXT NOT NULL UNIQUE,"
        " date TEXT, title TEXT, url TEXT, source TEXT, path TEXT, extra TEXT, printed_date TEXT,"
        " chars INTEGER NOT NULL,"
        " text_hash BLOB NOT NULL,"
        " text BLOB NOT NULL,"
        " keys INTEGER NOT NULL)",
        "CREATE TABLE runs(run INTEGER PRIMARY KEY AUTOINCREMENT, level INTEGER NOT NULL,"
        " rows INTEGER NOT NULL, docs INTEGER NOT NULL)",
        "CREATE TABLE crowded(key INTEGER PRIMARY KEY)",
        "CREATE TABLE dead(doc INTEGER PRIMARY KEY)",
        "INSERT INTO meta(name, value) VALUES ('documents', 0)",
    )),
)


def migrate(con: sqlite3.Connection, current: int) -> None:
    """Apply every step after ``current`` (inside the caller's transaction) and record the version."""
    for version, statements in MIGRATIONS:
        if version > current:
            for sql in statements:
                con.execute(sql)
            con.execute(f"PRAGMA user_version = {version}")
