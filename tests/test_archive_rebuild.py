"""Rebuilding an archive from its own documents: a stale archive opens again, the old file is safe until the end."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from archive_corpus import records, unusable_archives, write_jsonl
from click.testing import CliRunner

from lineage import Archive, ArchiveError, Document, Options
from lineage.archive import RebuildResult
from lineage.archive.archive import read_settings
from lineage.archive.sqlite import SQLiteStorage
from lineage.cli import main
from lineage.corpus import load

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
OPTIONS = Options(num_perm=64)  # not the default: a rebuild keeps the archive's own settings


def _make_stale(path: Path) -> None:
    """Record an older preparation version, as an archive built by an earlier lineage has."""
    con = sqlite3.connect(path)
    prep = json.loads(con.execute("SELECT value FROM meta WHERE name = 'preparation'").fetchone()[0])
    con.execute("UPDATE meta SET value = ? WHERE name = 'preparation'",
                (json.dumps({**prep, "version": "lineage-prepare-0"}),))
    con.commit()
    con.close()


def _documents(path: Path) -> list[tuple[Any, ...]]:
    """Every archived document in the order added: id, text, metadata and the date printed in its header."""
    storage = SQLiteStorage(path, create=False)
    try:
        numbers = storage.doc_numbers()
        metas, texts = storage.documents(numbers), storage.texts(numbers)
    finally:
        storage.close()
    return [(m.id, texts[d], m.date, m.title, m.url, m.source, m.path, dict(m.extra), m.chars, m.printed_date)
            for d in numbers for m in [metas[d]]]


def _archive(path: Path, n: int = 30, batch_size: int = 4000) -> Path:
    docs: list[Any] = list(load([SAMPLES]))  # dates printed in their headers, paths
    docs += records(n)
    docs += [Document(id="extra/1", text=records(1, seed=9)[0]["text"], title="A title", url="https://example.org/1",
                      source="Wire", extra={"desk": "metro", "byline": "A. Writer"})]
    with Archive(path, OPTIONS) as archive:
        archive.add(docs, batch_size=batch_size)
    return path


def _files(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def test_a_stale_archive_is_refused_then_rebuilt_with_the_same_documents(tmp_path: Path) -> None:
    path = _archive(tmp_path / "news.db")
    before = _documents(path)
    _make_stale(path)
    with pytest.raises(ArchiveError, match=f"run 'lineage index rebuild {path}'"):
        Archive(path, OPTIONS)
    done: list[int] = []
    result = Archive.rebuild(path, batch_size=7, progress=done.append)
    assert isinstance(result, RebuildResult) and result.documents == len(before) == 36
    assert result.path == str(path) and result.old_preparation == "lineage-prepare-0"
    assert done == sorted(done) and done[-1] == 36 and len(done) == 6  # six batches of at most 7
    assert _documents(path) == before  # ids in the order added, texts, metadata, printed dates
    assert read_settings(path) == OPTIONS
    with Archive(path, OPTIONS, create=False) as archive:
        assert archive.verify() is None and archive.storage.stats()["runs"] == 1  # compacted
        draft = Document(id="draft", text=before[12][1])
        assert archive.check(draft).sources[0].document.id == before[12][0]
    assert _files(tmp_path) == ["news.db"]  # no temporary file left


def test_output_leaves_the_old_file_byte_for_byte(tmp_path: Path) -> None:
    path = _archive(tmp_path / "news.db", n=10)
    _make_stale(path)
    data = path.read_bytes()
    new = tmp_path / "new.db"
    result = Archive.rebuild(path, output=new)
    assert result.path == str(new) and result.documents == 16
    assert path.read_bytes() == data and _files(tmp_path) == ["new.db", "news.db"]
    with pytest.raises(ArchiveError, match="reads documents differently"):
        Archive(path, OPTIONS)
    with Archive(new, OPTIONS, create=False) as archive:
        assert len(archive) == 16 and archive.verify() is None
    with pytest.raises(ArchiveError, match="already exists"):
        Archive.rebuild(path, output=new)
    assert path.read_bytes() == data


def test_a_current_archive_is_rebuilt_and_compacted(tmp_path: Path) -> None:
    path = _archive(tmp_path / "news.db", n=40, batch_size=5)
    before = _documents(path)
    with Archive(path, OPTIONS) as archive:
        assert archive.storage.stats()["runs"] > 1
    Archive.rebuild(path, output=path)  # the archive itself as output: in place
    assert _documents(path) == before and _files(tmp_path) == ["news.db"]
    with Archive(path, OPTIONS) as archive:
        assert archive.storage.stats()["runs"] == 1


@pytest.mark.parametrize("error", [RuntimeError("disk on fire"), KeyboardInterrupt()])
def test_a_failure_midway_leaves_the_old_archive_and_no_temporary_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
    path = _archive(tmp_path / "news.db")
    _make_stale(path)
    data = path.read_bytes()
    write = SQLiteStorage.write
    calls: list[int] = []

    def failing(self: SQLiteStorage, entries: Any) -> Any:
        calls.append(len(entries))
        if len(calls) == 3:  # two batches are in the new archive
            raise error
        return write(self, entries)

    monkeypatch.setattr(SQLiteStorage, "write", failing)
    with pytest.raises(type(error)):
        Archive.rebuild(path, batch_size=5)
    assert len(calls) == 3
    assert path.read_bytes() == data and _files(tmp_path) == ["news.db"]
    monkeypatch.undo()
    assert Archive.rebuild(path).documents == 36  # and it can be rebuilt after all


def test_an_archive_another_connection_holds_is_left_alone(tmp_path: Path) -> None:
    path = _archive(tmp_path / "news.db", n=5)
    with Archive(path, OPTIONS) as other:
        other.check("A draft the other program checks.")
        with pytest.raises(ArchiveError, match="another process has the archive open"):
            Archive.rebuild(path)
        assert len(other) == 11
    assert _files(tmp_path) == ["news.db"]


def test_a_document_added_during_the_rebuild_is_not_lost(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import lineage.archive.rebuild as rebuild_module

    path = _archive(tmp_path / "news.db", n=5)
    read = rebuild_module._stored

    def read_then_add(storage: SQLiteStorage, batch_size: int) -> Any:
        with Archive(path, OPTIONS) as other:  # another program adds a document while the rebuild reads
            other.add([Document(id="late/1", text=records(1, seed=3)[0]["text"])])
        yield from read(storage, batch_size)

    monkeypatch.setattr(rebuild_module, "_stored", read_then_add)
    with pytest.raises(ArchiveError, match="changed it meanwhile"):
        Archive.rebuild(path)
    assert "late/1" in [d[0] for d in _documents(path)]
    assert _files(tmp_path) == ["news.db"]


def test_missing_and_foreign_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ArchiveError, match="no such archive"):
        Archive.rebuild(tmp_path / "missing.db")
    text = tmp_path / "notes.txt"
    text.write_text("not an archive\n", encoding="utf-8")
    with pytest.raises(ArchiveError, match="not a lineage archive"):
        Archive.rebuild(text)
    with pytest.raises(ArchiveError, match="at least 1"):
        Archive.rebuild(text, batch_size=0)
    assert _files(tmp_path) == ["notes.txt"]


def _error_line(output: str) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1, output
    assert lines[0].startswith("lineage: error: ")
    return lines[0]


def test_cli_rebuild(tmp_path: Path) -> None:
    runner = CliRunner()
    db = tmp_path / "news.db"
    corpus = write_jsonl(tmp_path / "corpus.jsonl", records(12))
    assert runner.invoke(main, ["index", "add", "-q", "--num-perm", "64", str(db), str(corpus)]).exit_code == 0
    _make_stale(db)
    res = runner.invoke(main, ["index", "info", str(db)])
    assert res.exit_code == 2 and f"run 'lineage index rebuild {db}'" in _error_line(res.output)
    new = tmp_path / "new.db"
    res = runner.invoke(main, ["index", "rebuild", "--output", str(new), "-j", "1", str(db)])
    assert res.exit_code == 0, res.output
    assert res.output.startswith(f"{db}: rebuilt 12 documents into {new} in ") and "lineage-prepare-0" in res.output
    res = runner.invoke(main, ["index", "rebuild", "--batch-size", "5", str(db)])
    assert res.exit_code == 0 and res.output.startswith(f"{db}: rebuilt 12 documents in "), res.output
    assert len(res.output.splitlines()) == 1
    assert runner.invoke(main, ["index", "info", str(db)]).exit_code == 0
    res = runner.invoke(main, ["index", "rebuild", "-q", str(db)])
    assert res.exit_code == 0 and res.output == ""


def test_cli_rebuild_trouble_exits_2_with_one_line(tmp_path: Path) -> None:
    runner = CliRunner()
    noise, foreign = unusable_archives(tmp_path)
    cases = [
        ([str(tmp_path / "missing.db")], "no such archive"),
        ([str(noise)], "not a lineage archive"),
        ([str(foreign)], "not a lineage archive"),
        (["--output", str(noise), str(foreign)], "not a lineage archive"),
        ([str(tmp_path)], "is a directory"),
    ]
    archive = _archive(tmp_path / "news.db", n=2)
    cases.append((["--output", str(tmp_path / "no" / "new.db"), str(archive)], "no such directory"))
    for args, message in cases:
        res = runner.invoke(main, ["index", "rebuild", *args])
        assert res.exit_code == 2, (args, res.output)
        assert message in _error_line(res.output) and "Traceback" not in res.output, (args, res.output)
    assert _files(tmp_path) == ["foreign.db", "news.db", "noise.db"]
