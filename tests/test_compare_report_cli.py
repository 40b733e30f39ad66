"""``lineage compare -o``: the report's format follows the extension, written atomically, errors in one line."""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from lineage.cli import main


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.mark.parametrize("ext, start", [(".html", "<!DOCTYPE html>"), (".md", "## lineage: "), (".json", "{")])
def test_output_by_extension(runner: CliRunner, samples: dict[str, Path], tmp_path: Path, ext: str, start: str) -> None:
    out = tmp_path / f"report{ext}"
    res = runner.invoke(main, ["compare", str(samples["001"]), str(samples["002"]), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "verdict: paraphrase" in res.output  # the terminal report still prints
    text = out.read_text(encoding="utf-8")
    assert text.startswith(start)
    assert "Sovaleni" in text
    if ext == ".json":
        assert json.loads(text)["verdict"] == "paraphrase"
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary file left behind
    assert oct(out.stat().st_mode & 0o777) == "0o644"


def test_quiet_writes_and_keeps_the_exit_status(runner: CliRunner, samples: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    res = runner.invoke(main, ["compare", "-q", str(samples["001"]), str(samples["002"]), "--output", str(out)])
    assert res.exit_code == 0 and res.output == ""
    assert re.search(r"Findings \((1[7-9]|[2-9][0-9])\)", out.read_text(encoding="utf-8"))
    res = runner.invoke(main, ["compare", "-q", str(samples["000"]), str(samples["004"]), "-o", str(tmp_path / "u.html")])
    assert res.exit_code == 1 and res.output == ""
    assert (tmp_path / "u.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_unknown_extension_fails_before_the_work(runner: CliRunner, tmp_path: Path) -> None:
    res = runner.invoke(main, ["compare", str(tmp_path / "missing-a.txt"), str(tmp_path / "missing-b.txt"),
                               "-o", str(tmp_path / "report.pdf")])
    assert res.exit_code == 2
    assert res.output == "lineage: error: cannot write a report as .pdf: use one of .html, .md, .json\n"


def test_missing_directory(runner: CliRunner, samples: dict[str, Path], tmp_path: Path) -> None:
    res = runner.invoke(main, ["compare", str(samples["001"]), str(samples["002"]), "-o", str(tmp_path / "no" / "r.html")])
    assert res.exit_code == 2
    assert res.output.startswith("lineage: error: ") and res.output.count("\n") == 1 and "does not exist" in res.output


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_unwritable_directory(runner: CliRunner, samples: dict[str, Path], tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        res = runner.invoke(main, ["compare", str(samples["001"]), str(samples["002"]), "-o", str(locked / "r.html")])
    finally:
        locked.chmod(0o700)
    assert res.exit_code == 2
    assert res.output.startswith("lineage: error: ") and res.output.count("\n") == 1
    assert "Permission denied" in res.output


@pytest.mark.parametrize("step", ["mkstemp", "replace"])
def test_permission_denied_is_one_line(
    runner: CliRunner, samples: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    # what a read-only directory does to a user who is not root: creating or renaming the file fails
    monkeypatch.setattr(tempfile if step == "mkstemp" else os, step, refuse)
    out = tmp_path / "r.html"
    res = runner.invoke(main, ["compare", "-q", str(samples["001"]), str(samples["002"]), "-o", str(out)])
    assert res.exit_code == 2
    assert res.output == f"lineage: error: {out}: cannot write (Permission denied)\n"
    assert list(tmp_path.iterdir()) == []  # nothing written, the temporary file removed
