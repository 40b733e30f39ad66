"""``lineage index`` and ``lineage check`` through CliRunner: exit status 0/1/2, one-line errors, reports."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest
from archive_corpus import records, unusable_archives, write_jsonl
from click.testing import CliRunner

from lineage.cli import main

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "news.db"
    res = CliRunner().invoke(main, ["index", "add", str(path), str(SAMPLES)])
    assert res.exit_code == 0, res.output
    assert "5 added" in res.output and "5 documents archived" in res.output
    return path


def _error_line(output: str) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1, output
    assert lines[0].startswith("lineage: error: ")
    return lines[0]


def test_check_exit_status_and_text(archive: Path, samples: dict[str, Path]) -> None:
    runner = CliRunner()
    res = runner.invoke(main, ["check", str(archive), str(samples["001"])])
    assert res.exit_code == 0, res.output
    assert "1. 002_chinadaily-wuzhen-panelists.txt" in res.output and "paraphrase:" in res.output
    assert "findings:" in res.output
    res = runner.invoke(main, ["check", str(archive), str(samples["002"])])
    assert res.exit_code == 1 and "no reuse source found" in res.output
    res = runner.invoke(main, ["check", "-q", str(archive), str(samples["000"])])
    assert res.exit_code == 1 and res.output == ""


def test_check_json_follows_the_schema(archive: Path, samples: dict[str, Path], tmp_path: Path) -> None:
    schema = json.loads(files("lineage").joinpath("data/check.schema.json").read_text(encoding="utf-8"))
    runner = CliRunner()
    res = runner.invoke(main, ["check", "--json", "--top", "3", str(archive), str(samples["001"])])
    assert res.exit_code == 0
    doc = json.loads(res.output)
    jsonschema.validate(doc, schema)
    assert doc["schema"] == "lineage.check/1" and doc["sources"][0]["verdict"] == "paraphrase"
    out = tmp_path / "report.json"
    assert runner.invoke(main, ["check", "-q", "-o", str(out), str(archive), str(samples["001"])]).exit_code == 0
    jsonschema.validate(json.loads(out.read_text(encoding="utf-8")), schema)


def test_check_writes_an_html_report(archive: Path, samples: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    res = CliRunner().invoke(main, ["check", "-o", str(out), str(archive), str(samples["001"])])
    assert res.exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'id="sources"' in page and 'id="s1"' in page
    assert "002_chinadaily-wuzhen-panelists.txt" in page
    res = CliRunner().invoke(main, ["check", "-o", str(tmp_path / "report.txt"), str(archive), str(samples["001"])])
    assert res.exit_code == 2 and "cannot write a check report as .txt" in _error_line(res.output)


def test_index_info_and_remove(archive: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(main, ["index", "info", "--verify", str(archive)])
    assert res.exit_code == 0 and "documents: 5" in res.output and "integrity: ok" in res.output
    info = json.loads(runner.invoke(main, ["index", "info", "--json", str(archive)]).output)
    assert info["documents"] == 5 and info["settings"]["signature"]["scheme"] == "affine32"
    copy = tmp_path / "copy.db"
    copy.write_bytes(archive.read_bytes())
    res = runner.invoke(main, ["index", "remove", str(copy), "000_chinadaily-cyberspace-governance-forum.txt"])
    assert res.exit_code == 0 and "1 removed" in res.output
    res = runner.invoke(main, ["index", "remove", str(copy), "000_chinadaily-cyberspace-governance-forum.txt"])
    assert res.exit_code == 1 and "not archived" in res.output
    assert runner.invoke(main, ["index", "compact", str(copy)]).exit_code == 0
    res = runner.invoke(main, ["index", "add", "--compact", str(copy), str(SAMPLES)])
    assert res.exit_code == 0 and "1 added" in res.output and "4 unchanged" in res.output


def test_trouble_exits_2_with_one_line(archive: Path, samples: dict[str, Path], tmp_path: Path) -> None:
    runner = CliRunner()
    noise, foreign = unusable_archives(tmp_path)
    cases = [
        (["check", str(tmp_path / "missing.db"), str(samples["001"])], "no such archive"),
        (["check", str(noise), str(samples["001"])], "not a lineage archive"),
        (["index", "info", str(noise)], "not a lineage archive"),
        (["check", str(foreign), str(samples["001"])], "not a lineage archive"),
        (["index", "add", str(foreign), str(SAMPLES)], "not a lineage archive"),
        (["check", str(archive), str(tmp_path / "missing.txt")], "no such file"),
        (["check", "--before", "yesterday", str(archive), str(samples["001"])], "ISO date"),
        (["index", "add", "--num-perm", "64", str(archive), str(SAMPLES)], "num_perm 128 (archive) vs 64"),
        (["check", "--num-perm", "64", str(archive), str(samples["001"])], "built with other settings"),
    ]
    for args, message in cases:
        res = runner.invoke(main, args)
        assert res.exit_code == 2, (args, res.output)
        assert message in _error_line(res.output), (args, res.output)


def test_bad_jsonl_keeps_what_was_committed(tmp_path: Path) -> None:
    good = write_jsonl(tmp_path / "good.jsonl", records(5))
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": "Some text here."}\nnot json\n', encoding="utf-8")
    db = tmp_path / "a.db"
    runner = CliRunner()
    res = runner.invoke(main, ["index", "add", "--batch-size", "2", str(db), str(good), str(bad)])
    assert res.exit_code == 2 and "bad.jsonl:2: not valid JSON" in _error_line(res.output)
    info = json.loads(runner.invoke(main, ["index", "info", "--json", str(db)]).output)
    assert info["documents"] >= 4  # every whole batch read before the bad line


def test_before_and_exclude_source_on_the_command_line(tmp_path: Path) -> None:
    recs = records(6)
    corpus = write_jsonl(tmp_path / "corpus.jsonl", recs)
    db = tmp_path / "a.db"
    runner = CliRunner()
    assert runner.invoke(main, ["index", "add", "-q", str(db), str(corpus)]).exit_code == 0
    draft = tmp_path / "draft.txt"
    draft.write_text(recs[3]["text"], encoding="utf-8")  # doc/00003: 2020-01-04, source wire
    assert runner.invoke(main, ["check", str(db), str(draft)]).exit_code == 0
    assert runner.invoke(main, ["check", "--before", "2020-01-03", str(db), str(draft)]).exit_code == 1
    assert runner.invoke(main, ["check", "--exclude-source", "wire", str(db), str(draft)]).exit_code == 1
    assert runner.invoke(main, ["check", "--exclude-source", "paper", str(db), str(draft)]).exit_code == 0
    again = runner.invoke(main, ["index", "add", str(db), str(corpus)])
    assert again.exit_code == 0 and "0 added" in again.output and "6 unchanged" in again.output
