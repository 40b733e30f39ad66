"""benchmarks/direction.py runs on a small corpus of the PAN 2013 layout and skips cleanly without data."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks import direction  # noqa: E402

HOST = (
    "The harbour master logged every ship that entered the bay. Gulls circled over the fish market at dawn. "
    "A new bakery opened near the station and sold out by noon. The council repaired the old stone bridge. "
)
SOURCE_CONTEXT = (
    "Surveyors returned to the northern valleys every autumn to measure the glaciers. "
    "Their maps of the ice go back to the early survey of the valleys. "
)
COPIED = (
    "Mountain glaciers in the northern valleys retreated nearly forty metres during the unusually warm summer, "
    "according to surveyors who mapped the ice each autumn since the early survey began. Meltwater swelled the "
    "rivers downstream and flooded several pastures that farmers had used for generations of grazing cattle."
)
UNRELATED = "Chess clubs across the region reported record membership as young players joined weekly tournaments. "


def _feature(susp: str, src: str, s_off: int, t_off: int, n: int) -> str:
    return (f'<feature name="plagiarism" this_offset="{s_off}" this_length="{n}" source_reference="{src}" '
            f'source_offset="{t_off}" source_length="{n}"/>\n')


def _corpus(root: Path) -> None:
    """Two subsets: 02 with two copied pairs, 05 with one copied pair and one negative."""
    (root / "src").mkdir(parents=True)
    (root / "susp").mkdir()
    lines = []
    for k, subset in ((1, "02-no-obfuscation"), (2, "02-no-obfuscation"), (3, "05-summary-obfuscation")):
        src_name, susp_name = f"source-document{k:05d}.txt", f"suspicious-document{k:05d}.txt"
        src = SOURCE_CONTEXT + COPIED + " " + SOURCE_CONTEXT
        susp = HOST * (k + 1) + COPIED + " " + HOST
        (root / "src" / src_name).write_text(src, encoding="utf-8")
        (root / "susp" / susp_name).write_text(susp, encoding="utf-8")
        folder = root / subset
        folder.mkdir(exist_ok=True)
        with (folder / "pairs").open("a", encoding="utf-8") as f:
            f.write(f"{susp_name} {src_name}\n")
        (folder / f"{susp_name[:-4]}-{src_name[:-4]}.xml").write_text(
            f'<document reference="{susp_name}">\n'
            + _feature(susp_name, src_name, susp.index(COPIED), src.index(COPIED), len(COPIED))
            + "</document>\n", encoding="utf-8")
        lines.append(f"{susp_name} {src_name}")
    # A negative of 05: no plagiarism feature, so not a labelled pair.
    (root / "src" / "source-document00009.txt").write_text(UNRELATED * 6, encoding="utf-8")
    (root / "susp" / "suspicious-document00009.txt").write_text(HOST * 3, encoding="utf-8")
    with (root / "05-summary-obfuscation" / "pairs").open("a", encoding="utf-8") as f:
        f.write("suspicious-document00009.txt source-document00009.txt\n")
    (root / "05-summary-obfuscation" / "suspicious-document00009-source-document00009.xml").write_text(
        '<document reference="suspicious-document00009.txt">\n</document>\n', encoding="utf-8")
    lines.append("suspicious-document00009.txt source-document00009.txt")
    (root / "pairs").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_the_tables_are_printed_for_a_small_corpus_of_the_pan_layout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "eval"
    _corpus(root / "pan13-train")
    dump = tmp_path / "records.json"
    assert direction.main(["--data", str(root), "--jobs", "1", "--json", str(dump)]) == 0
    out = capsys.readouterr().out
    assert "| PAN 02 | 2 |" in out and "| PAN 05 | 1 |" in out
    assert "lineage: decided" in out and "longer is source: accuracy" in out
    assert "Signals firing at any non-zero value" in out
    assert "lineage's direction stage now" in out
    assert "summary: decided" in out and "reported speech: accuracy" in out and "dates: decided" in out
    assert "pan: 3 pairs, 3 found as reuse" in out
    records = json.loads(dump.read_text(encoding="utf-8"))["records"]
    assert len(records) == 3
    assert all(r["truth"] in ("a", "b") and r["verdict"] != "error" for r in records)
    # The source is the document named source-document..., wherever the seeded coin put it.
    for r in records:
        assert r[r["truth"]].startswith("source-document")
    # Re-reading the dumped records gives the same tables without comparing again.
    assert direction.main(["--records", str(dump)]) == 0
    assert "| PAN 02 | 2 |" in capsys.readouterr().out
    # A pool of two forked workers measures the same pairs alike.
    pooled = tmp_path / "pooled.json"
    assert direction.main(["--data", str(root), "--jobs", "2", "--json", str(pooled)]) == 0
    capsys.readouterr()
    again = json.loads(pooled.read_text(encoding="utf-8"))["records"]
    strip = ("seconds",)
    assert [{k: v for k, v in r.items() if k not in strip} for r in again] == \
        [{k: v for k, v in r.items() if k not in strip} for r in records]


def test_samples_001_and_002_name_002_as_the_source_with_dates_hidden() -> None:
    report = direction.samples_check(direction.RECOMMENDED, seed=1)
    lines = report.splitlines()
    assert len(lines) == 2
    assert all("lineage says 002" in line for line in lines)


def test_without_data_the_benchmark_skips(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert direction.main(["--data", str(tmp_path / "nowhere")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("skipped:") and "not found" in out
