"""The command line: exit status 0/1/2, one-line errors, JSON output that follows its schema."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from lineage.cli import main


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def test_compare_samples_reports_verdict_source_and_pairs(runner: CliRunner, samples: dict[str, Path]) -> None:
    res = runner.invoke(main, ["compare", str(samples["001"]), str(samples["002"])])
    assert res.exit_code == 0, res.output
    assert "verdict: paraphrase" in res.output
    assert "source: B (002_" in res.output
    assert "aligned sentences:" in res.output and "only in B:" in res.output
    assert "3.2 billion" in res.output


def test_unrelated_pair_exits_1(runner: CliRunner, samples: dict[str, Path]) -> None:
    res = runner.invoke(main, ["compare", str(samples["000"]), str(samples["004"])])
    assert res.exit_code == 1
    assert "verdict: " in res.output and "paraphrase" not in res.output


def test_json_output_follows_the_schema(runner: CliRunner, samples: dict[str, Path]) -> None:
    res = runner.invoke(main, ["compare", "--json", str(samples["001"]), str(samples["002"])])
    assert res.exit_code == 0
    doc = json.loads(res.output)
    schema = json.loads(files("lineage").joinpath("data/compare.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(doc, schema)
    assert doc["schema"] == "lineage.compare/2"
    assert doc["verdict"] == "paraphrase" and doc["direction"]["source"] == "b"
    assert doc["signature"]["scheme"] == "affine32" and doc["signature"]["num_perm"] == 128
    text_a = samples["001"].read_text(encoding="utf-8")
    for p in doc["pairs"]:
        assert text_a[p["a_span"][0]:p["a_span"][1]] == p["a_text"]


def test_stdin_dash(runner: CliRunner, samples: dict[str, Path]) -> None:
    text = samples["002"].read_text(encoding="utf-8")
    res = runner.invoke(main, ["compare", str(samples["001"]), "-"], input=text)
    assert res.exit_code == 0 and "verdict: paraphrase" in res.output
    res = runner.invoke(main, ["compare", "-", "-"], input=text)
    assert res.exit_code == 2 and "only one of A and B" in res.output


def _bad_inputs(tmp_path: Path) -> list[tuple[str, str]]:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.txt"
    blank.write_text("  \n\n  ")
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as fh:
        fh.truncate(60_000_000)  # sparse: refused from its size before any read
    chrome = tmp_path / "chrome.txt"
    chrome.write_text("Hot Topics\nEditor's Picks\n")
    return [
        (str(tmp_path / "missing.txt"), "no such file"),
        (str(tmp_path), "is a directory"),
        (str(empty), "file is empty"),
        (str(blank), "only whitespace"),
        (str(binary), "binary"),
        (str(huge), "too large"),
        (str(chrome), "no text left to compare"),
    ]


def test_bad_input_gives_one_line_error_and_exit_2(runner: CliRunner, tmp_path: Path, samples: dict[str, Path]) -> None:
    for path, message in _bad_inputs(tmp_path):
        res = runner.invoke(main, ["compare", str(samples["001"]), path])
        assert res.exit_code == 2, (path, res.output)
        assert message in res.output, (path, res.output)
        assert "Traceback" not in res.output
        lines = [ln for ln in res.output.splitlines() if ln.strip()]
        assert len(lines) == 1 and lines[0].startswith("lineage: error: ")


def test_bad_options_exit_2(runner: CliRunner, samples: dict[str, Path]) -> None:
    res = runner.invoke(main, ["compare", "--min-score", "1.5", str(samples["001"]), str(samples["002"])])
    assert res.exit_code == 2 and "--min-score must be strictly between 0 and 1, not 1.5" in res.output
    assert "min_sentence_score" not in res.output
    res = runner.invoke(main, ["compare", "--no-finding", "bogus", str(samples["001"]), str(samples["002"])])
    assert res.exit_code == 2 and "unknown kind" in res.output


def test_help_documents_exit_status(runner: CliRunner) -> None:
    res = runner.invoke(main, ["compare", "--help"])
    assert res.exit_code == 0 and "Exit status" in res.output and "2 on trouble" in res.output


def test_version_is_the_installed_one(runner: CliRunner) -> None:
    from importlib.metadata import version

    import lineage

    res = runner.invoke(main, ["--version"])
    assert res.exit_code == 0
    assert res.output == f"lineage, version {version('lineage')}\n"
    assert lineage.__version__ == version("lineage")
    assert "__version__" in lineage.__all__
