"""The command line on a terminal and in a newsroom: width, one-line reasons, boilerplate, kinds, progress, skips, CSV."""

from __future__ import annotations

import csv
import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from lineage.cli import main
from lineage.terminal import Stages
from lineage.vocabulary import FindingKind

PAGE = Path(__file__).resolve().parent / "data" / "chinadaily_wuzhen_panelists.html"


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.mark.parametrize("columns", [60, 80, 120])
def test_report_wraps_to_the_terminal_width(runner: CliRunner, samples: dict[str, Path], columns: int) -> None:
    res = runner.invoke(main, ["compare", str(samples["001"]), str(samples["002"])], env={"COLUMNS": str(columns)})
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert max(len(line) for line in lines) <= columns
    assert max(len(line) for line in lines) > columns - 15  # the width is used, not only respected


def test_unrelated_and_related_say_why_in_one_line(runner: CliRunner, samples: dict[str, Path]) -> None:
    res = runner.invoke(main, ["compare", str(samples["000"]), str(samples["004"])], env={"COLUMNS": "200"})
    assert res.exit_code == 1
    why = [line for line in res.output.splitlines() if line.startswith("why: ")]
    assert len(why) == 1 and "no sentence of one text aligns with the other" in why[0]
    assert "only in A" not in res.output and "aligned sentences" not in res.output
    res = runner.invoke(main, ["compare", str(samples["003"]), str(samples["004"])], env={"COLUMNS": "200"})
    assert res.exit_code == 1 and "verdict: related" in res.output
    why = [line for line in res.output.splitlines() if line.startswith("why: ")]
    assert len(why) == 1 and "the only aligned sentence is a quotation both texts carry" in why[0]
    verbose = runner.invoke(main, ["compare", "-v", str(samples["003"]), str(samples["004"])])
    assert "only in A" in verbose.output and "aligned sentences: 1" in verbose.output


def test_boilerplate_is_counted_and_listed_on_request(runner: CliRunner, samples: dict[str, Path]) -> None:
    args = ["compare", str(samples["001"]), str(samples["002"])]
    res = runner.invoke(main, args, env={"COLUMNS": "300"})
    line = next(ln for ln in res.output.splitlines() if ln.startswith("boilerplate set aside: "))
    assert "A 15 line(s), 655 characters (comments 14, headline-repeat 1)" in line and "comments" in line and "--show-boilerplate lists it" in line
    assert "Loading ... Loading ..." not in res.output
    res = runner.invoke(main, [*args, "--show-boilerplate"], env={"COLUMNS": "200"})
    assert "comments: Loading ... Loading ..." in res.output and "B 2909-2919 comments: Hot Topics" in res.output
    res = runner.invoke(main, [*args, "--keep-boilerplate"], env={"COLUMNS": "200"})
    assert "boilerplate kept in the comparison (--keep-boilerplate)" in res.output


def test_kinds_lists_each_kind_with_its_description(runner: CliRunner) -> None:
    res = runner.invoke(main, ["kinds"], env={"COLUMNS": "200"})
    assert res.exit_code == 0
    lines = res.output.splitlines()
    assert len(lines) == len(FindingKind)
    for line, kind in zip(lines, FindingKind):
        assert line.split()[0] == kind and line.endswith(kind.description)


def test_errors_name_the_options_as_typed(runner: CliRunner, samples: dict[str, Path]) -> None:
    pair = [str(samples["001"]), str(samples["002"])]
    for flags, message in ((["--min-score", "0"], "--min-score must be strictly between 0 and 1"),
                           (["--shingle-size", "50"], "--shingle-size must be between 1 and 10"),
                           (["--num-perm", "8"], "--num-perm must be between 16 and 1024"),
                           (["--finding-threshold", "number-changed=2"], "threshold for number-changed")):
        res = runner.invoke(main, ["compare", *flags, *pair])
        assert res.exit_code == 2 and message in res.output, res.output
        assert "_" not in res.output.split("error: ")[1].split(" must")[0]
    for jobs in ("0", "-1"):
        res = runner.invoke(main, ["graph", "-j", jobs, str(samples["001"])])
        assert res.exit_code == 2 and "'-j' / '--jobs'" in res.output and "x>=1" in res.output


def test_html_pages_compare_with_url_and_source_in_every_output(runner: CliRunner, samples: dict[str, Path],
                                                               tmp_path: Path) -> None:
    res = runner.invoke(main, ["compare", str(samples["001"]), str(PAGE)], env={"COLUMNS": "200"})
    assert res.exit_code == 0 and "verdict: paraphrase" in res.output
    assert "Chinadaily.com.cn \u00b7 https://www.chinadaily.com.cn/business/tech/2015-12/19/content_22753000.htm" in res.output
    res = runner.invoke(main, ["compare", "--json", str(samples["001"]), str(PAGE)])
    doc = json.loads(res.output)
    assert doc["b"]["url"].startswith("https://www.chinadaily.com.cn/") and doc["b"]["source"] == "Chinadaily.com.cn"
    assert doc["b"]["date"] == "2015-12-19" and doc["a"]["url"] is None
    for ext in ("html", "md"):
        out = tmp_path / f"r.{ext}"
        runner.invoke(main, ["compare", "-q", str(samples["001"]), str(PAGE), "-o", str(out)])
        text = out.read_text(encoding="utf-8")
        assert "content_22753000.htm" in text and "Chinadaily.com.cn" in text


def test_unreadable_dates_are_warned_about(runner: CliRunner, tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"id": "a", "text": "The council met on Friday.", "date": "19/12/2015"}\n'
                      '{"id": "b", "text": "The council met again.", "date": "the day after"}\n', encoding="utf-8")
    res = runner.invoke(main, ["graph", "-q", str(corpus)])
    assert res.exit_code == 1
    assert res.stderr == "lineage: warning: b: unreadable date 'the day after' ignored\n"


def test_graph_skips_unusable_files_and_counts_them(runner: CliRunner, samples: dict[str, Path], tmp_path: Path) -> None:
    for s in ("001", "002"):
        (tmp_path / samples[s].name).write_bytes(samples[s].read_bytes())
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)))
    res = runner.invoke(main, ["graph", "-q", str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert res.stderr.splitlines() == [
        f"lineage: skipped {tmp_path / 'empty.txt'}: file is empty",
        f"lineage: skipped {tmp_path / 'photo.txt'}: looks like a binary file, not text",
        "lineage: skipped 2 input(s) that could not be read (--strict stops at the first)",
    ]
    res = runner.invoke(main, ["graph", "-q", "--strict", str(tmp_path)])
    assert res.exit_code == 2 and res.stderr == f"lineage: error: {tmp_path / 'empty.txt'}: file is empty\n"


def test_graph_writes_edges_and_findings_csv(runner: CliRunner, samples: dict[str, Path], tmp_path: Path) -> None:
    edges, findings, page = tmp_path / "edges.csv", tmp_path / "findings.csv", tmp_path / "g.html"
    res = runner.invoke(main, ["graph", str(samples["001"]), str(PAGE), "-o", str(edges), "-o", str(page),
                               "--findings-csv", str(findings)])
    assert res.exit_code == 0, res.output
    assert f"wrote {edges}" in res.output and f"wrote {page}" in res.output and f"wrote {findings}" in res.output
    assert edges.read_bytes().startswith(b"\xef\xbb\xbf")  # a BOM, so that spreadsheets read UTF-8
    with edges.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    (row,) = rows
    assert row["source"] == PAGE.name and row["target"] == samples["001"].name and row["kind"] == "paraphrase"
    assert row["source_url"].endswith("content_22753000.htm") and row["source_source"] == "Chinadaily.com.cn"
    assert row["source_date"] == "2015-12-19" and float(row["share"]) > 0.9
    with findings.open(encoding="utf-8-sig", newline="") as fh:
        frows = list(csv.DictReader(fh))
    assert len(frows) == int(row["findings"]) == sum(int(row[str(k)]) for k in FindingKind) > 10
    assert {r["kind"] for r in frows} <= {str(k) for k in FindingKind}
    assert all(r["explanation"] and r["edge_kind"] == "paraphrase" for r in frows)
    assert any(r["source_excerpt"] and r["target_excerpt"] for r in frows)
    res = runner.invoke(main, ["graph", str(samples["001"]), "-o", str(tmp_path / "g.xlsx")])
    assert res.exit_code == 2 and ".csv" in res.output


def test_stages_show_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    with Stages(quiet=False) as stage:  # pytest's standard error is no terminal
        stage("aligning")
    assert capsys.readouterr().err == ""
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    with Stages(quiet=False, delay=0.0, every=0.01) as stage:
        stage("aligning and checking")
        time.sleep(0.1)
    err = capsys.readouterr().err
    assert "aligning and checking ... 0s" in err and err.endswith("\r")
    with Stages(quiet=True, delay=0.0, every=0.01) as stage:
        time.sleep(0.05)
    assert capsys.readouterr().err == ""


def test_readme_documents_every_option_of_every_command() -> None:
    import click

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    commands: list[click.Command] = [main, *main.commands.values()]  # type: ignore[attr-defined]
    missing = []
    for command in commands:
        for param in command.params:
            if isinstance(param, click.Option):
                missing += [f"{command.name} {opt}" for opt in param.opts + param.secondary_opts if f"`{opt}" not in readme]
        if command is not main:
            assert f"lineage {command.name}" in readme
    assert missing == []
