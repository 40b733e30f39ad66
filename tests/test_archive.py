"""The archive as a library: add, update, remove, settings refused, foreign files refused, checks, the report schema."""

from __future__ import annotations

import json
import random
import sqlite3
from importlib.resources import files
from pathlib import Path

import jsonschema
import numpy as np
import pytest
from archive_corpus import records, sentence, text

from lineage import Archive, ArchiveError, Document, Options, compare
from lineage.archive import runs as archive_runs
from lineage.archive.index import IndexParameters, index_document, query_keys
from lineage.corpus import load
from lineage.prepare import prepare

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def schema() -> dict[str, object]:
    return json.loads(files("lineage").joinpath("data/check.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sample_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("archive") / "samples.db"
    with Archive(path) as archive:
        archive.add(load([SAMPLES]))
    return path


def test_sample_001_names_002_as_its_source(sample_archive: Path, samples: dict[str, Path]) -> None:
    with Archive(sample_archive) as archive:
        report = archive.check(Document.from_path(samples["001"]))
    assert report.reuse_found and report.sources[0].document.id.startswith("002_")
    first = report.sources[0]
    assert first.verdict == "paraphrase" and first.direction == "archived"
    assert first.findings and first.passages and first.draft_share > 0.9
    assert report.reused_share == pytest.approx(first.draft_share)
    # The source's share is the one `lineage compare` reports for the same pair (the dropped
    # sentences of 002 are not reused), not the extent of its passages.
    pair = compare(Document.from_path(samples["002"]), Document.from_path(samples["001"]))
    assert first.source_share == pytest.approx(pair.a.reused) and first.source_share < 0.95
    jsonschema.validate(report.to_dict(), schema())


@pytest.mark.parametrize("prefix", ["000", "002", "003", "004"])
def test_other_samples_reuse_no_archived_document(sample_archive: Path, samples: dict[str, Path],
                                                  prefix: str) -> None:
    with Archive(sample_archive) as archive:
        report = archive.check(Document.from_path(samples[prefix]))
    assert not report.reuse_found and report.reused_share == 0
    jsonschema.validate(report.to_dict(), schema())


def test_keys_of_an_archived_text_equal_those_of_the_same_text_as_a_draft(samples: dict[str, Path]) -> None:
    options = Options()
    params = IndexParameters.for_options(options)
    rng = random.Random(3)
    docs = [Document.from_path(p) for p in samples.values()] + [Document.from_text(text(rng), id="gen")]
    for d in docs:
        assert np.array_equal(index_document(d, options, params), np.unique(query_keys(prepare(d), params).keys))


def test_readding_is_a_no_op_and_a_new_text_replaces_the_old_atomically(tmp_path: Path) -> None:
    recs = records(30)
    with Archive(tmp_path / "a.db") as archive:
        first = archive.add(recs)
        stats = archive.storage.stats()
        again = archive.add(recs)
        assert (first.added, again.added, again.unchanged) == (30, 0, 30)
        assert archive.storage.stats() == stats  # no row, posting or run added
        old = recs[5]["text"]
        new = text(random.Random(99))
        changed = archive.add([{**recs[5], "text": new}, {**recs[6], "title": "A new title"}])
        assert (changed.replaced, changed.updated, changed.added) == (1, 1, 0)
        assert len(archive) == 30 and archive.get(recs[5]["id"]).text == new  # type: ignore[union-attr]
        assert archive.get(recs[6]["id"]).title == "A new title"  # type: ignore[union-attr]
        after = archive.storage.stats()
        assert after["removed_versions"] == 1 and after["runs"] == stats["runs"] + 1
        assert [s.document.id for s in archive.check(new).sources] == [recs[5]["id"]]
        assert recs[5]["id"] not in [s.document.id for s in archive.check(old).sources]
        assert archive.verify() is None


def test_remove(tmp_path: Path) -> None:
    recs = records(10)
    with Archive(tmp_path / "a.db") as archive:
        archive.add(recs)
        assert archive.remove([recs[2]["id"], "no/such/id"]) == [recs[2]["id"]]
        assert len(archive) == 9 and recs[2]["id"] not in archive and recs[3]["id"] in archive
        assert archive.get(recs[2]["id"]) is None
        assert not archive.check(recs[2]["text"]).sources
        assert archive.check(recs[3]["text"]).sources[0].document.id == recs[3]["id"]
        archive.compact()
        stats = archive.storage.stats()
        assert stats["runs"] == 1 and stats["removed_versions"] == 0
        assert archive.verify() is None


def test_merged_runs_find_every_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archive_runs, "FANOUT", 2)
    recs = records(40)
    with Archive(tmp_path / "a.db") as archive:
        archive.add(recs[:20], batch_size=5)
        archive.remove([recs[0]["id"]])
        archive.add(recs[20:], batch_size=5)
        stats = archive.storage.stats()
        assert stats["runs"] < 8 and stats["documents"] == 39
        for r in recs[1::7]:
            assert archive.check(r["text"], top=1).sources[0].document.id == r["id"]
        assert archive.verify() is None


def test_a_settings_mismatch_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    with Archive(path, Options(num_perm=64)) as archive:
        archive.add(records(3))
    for options in (None, Options()):
        with pytest.raises(ArchiveError, match="num_perm 64 .archive. vs 128"):
            Archive(path, options)
    with Archive(path, Options(num_perm=64, min_sentence_score=0.7)) as archive:  # comparison settings may differ
        assert len(archive) == 3


def test_foreign_and_corrupt_files_are_refused(tmp_path: Path) -> None:
    noise = tmp_path / "noise.db"
    noise.write_bytes(bytes(random.Random(1).randrange(256) for _ in range(5000)))
    with pytest.raises(ArchiveError, match="not a lineage archive"):
        Archive(noise)
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t(x)")
    con.commit()
    con.close()
    with pytest.raises(ArchiveError, match="another kind"):
        Archive(other)
    with pytest.raises(ArchiveError, match="no such archive"):
        Archive(tmp_path / "missing.db", create=False)
    good = tmp_path / "good.db"
    with Archive(good) as archive:
        archive.add(records(200))
    data = good.read_bytes()
    broken = tmp_path / "broken.db"
    broken.write_bytes(data[:100] + bytes(len(data) - 100))  # the header survives, every page is zeros
    with pytest.raises(ArchiveError):
        with Archive(broken) as archive:
            archive.check(records(1)[0]["text"])


def test_before_exclude_source_and_the_drafts_own_id(tmp_path: Path) -> None:
    rng = random.Random(7)
    story = text(rng)
    later = text(rng)
    with Archive(tmp_path / "a.db") as archive:
        archive.add([
            Document(id="wire/1", text=story, date="2020-01-10", source="Wire"),
            Document(id="paper/2", text=later + story, date="2020-03-01T10:00", source="Paper"),
        ])
        draft = Document(id="draft", text=story + "\n" + sentence(rng) + "\n", date="2020-02-01")
        assert [s.document.id for s in archive.check(draft).sources] == ["wire/1"]  # paper/2 is later
        assert not archive.check(draft, before="2020-01-09").sources
        assert [s.document.id for s in archive.check(draft, before="2020-03-01T11:00").sources] == ["wire/1"]
        assert [s.document.id for s in archive.check(draft, before="2020-03-02").sources][0] == "wire/1"
        assert not archive.check(draft, exclude_sources=["WIRE"]).sources
        assert not archive.check(Document(id="wire/1", text=story, date="2020-02-01")).sources
        assert archive.check(Document(id="wire/1", text=story), exclude_ids=[]).sources[0].verdict == "identical"
        with pytest.raises(Exception, match="ISO date"):
            archive.check(draft, before="last week")


def test_a_draft_mixing_three_sources_and_a_paragraph_of_a_long_article(tmp_path: Path) -> None:
    rng = random.Random(11)
    long_article = text(rng, paragraphs=20, sentences=4)
    shorts = [text(rng) for _ in range(3)]
    with Archive(tmp_path / "a.db") as archive:
        archive.add([Document(id="long", text=long_article)] +
                    [Document(id=f"short/{i}", text=t) for i, t in enumerate(shorts)] +
                    [Document(id=r["id"], text=r["text"]) for r in records(50, seed=5)])
        paragraph = long_article.split("\n\n")[9]
        draft = "\n\n".join([sentence(rng), paragraph, shorts[0].split("\n\n")[1], sentence(rng),
                             shorts[2].split("\n\n")[2], sentence(rng)])
        report = archive.check(draft)
        assert sorted(s.document.id for s in report.sources) == ["long", "short/0", "short/2"]
        assert sum(s.draft_share for s in report.sources) == pytest.approx(report.reused_share, abs=0.01)
        assert 0.5 < report.reused_share < 1
        jsonschema.validate(report.to_dict(), schema())


def test_a_phrase_in_many_documents_is_not_evidence(tmp_path: Path) -> None:
    rng = random.Random(5)
    boiler = sentence(rng, 20) + " " + sentence(rng, 20)
    docs = [Document(id=f"d{i}", text=text(rng) + "\n" + boiler + "\n") for i in range(60)]
    with Archive(tmp_path / "a.db") as archive:
        archive.add(docs)
        assert archive.storage.stats()["common_keys"] > 0
        assert not archive.check(sentence(rng) + " " + boiler + " " + sentence(rng)).sources


def test_records_and_json_lines_are_accepted(tmp_path: Path) -> None:
    recs = records(3)
    with Archive(tmp_path / "a.db") as archive:
        result = archive.add([recs[0], json.dumps(recs[1]), Document(id=recs[2]["id"], text=recs[2]["text"])])
        assert result.added == 3 and archive.get(recs[0]["id"]).source == recs[0]["source"]  # type: ignore[union-attr]
        with pytest.raises(Exception, match="record 1"):
            archive.add([{"text": "no id"}])
        info = archive.info().to_dict()
        assert info["documents"] == 3 and info["settings"]["signature"]["num_perm"] == 128
        assert info["schema_version"] == 1 and info["settings"]["format"] == "lineage.archive"


def test_a_newer_schema_is_refused_and_threads_can_share_an_archive(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    recs = records(12)
    path = tmp_path / "a.db"
    with Archive(path) as archive:
        archive.add(recs)
        with ThreadPoolExecutor(4) as pool:
            found = list(pool.map(lambda r: archive.check(r["text"], top=1).sources[0].document.id, recs))
        assert found == [r["id"] for r in recs]
    con = sqlite3.connect(path)
    con.execute("PRAGMA user_version = 99")
    con.commit()
    con.close()
    with pytest.raises(ArchiveError, match="newer lineage"):
        Archive(path)


def test_a_shared_quotation_is_not_reuse(tmp_path: Path) -> None:
    rng = random.Random(4)
    quote = ('"We will not accept any cuts to the pension scheme, and we will fight this decision in every '
             'court of the land," Mr Serwotka said.')
    with Archive(tmp_path / "a.db") as archive:
        archive.add([Document(id="a", text=text(rng) + "\n" + quote + "\n" + text(rng))])
        draft = f"Unions met ministers on Monday. {sentence(rng)}\n\n{quote}\n\n{sentence(rng)} {sentence(rng)}"
        report = archive.check(draft)
        assert report.candidates == 1 and report.aligned == 1 and not report.sources
