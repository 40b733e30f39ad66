"""benchmarks/pan13.py runs on any corpus of the PAN 2013 layout, not only the training corpus."""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks import pan13  # noqa: E402
from benchmarks.plagdet import read_xml  # noqa: E402

FILLER = (
    "The harbour master logged every ship that entered the bay. Gulls circled over the fish market at dawn. "
    "A new bakery opened near the station and sold out by noon. The council repaired the old stone bridge. "
)
SRC_FILLER = (
    "Orchards on the southern slope produced a heavy crop of pears this year. The ferry timetable changed "
    "twice before the holidays. Engineers tested the new tram line through the night without passengers. "
)
COPIED = (
    "Mountain glaciers in the northern valleys retreated nearly forty metres during the unusually warm summer, "
    "according to surveyors who mapped the ice each autumn since the early survey began. Meltwater swelled the "
    "rivers downstream and flooded several pastures that farmers had used for generations of grazing cattle."
)
OTHER = "Chess clubs across the region reported record membership as young players joined weekly tournaments. "


def _corpus(root: Path) -> tuple[int, int]:
    (root / "src").mkdir(parents=True)
    (root / "susp").mkdir()
    src = SRC_FILLER + COPIED + " " + SRC_FILLER
    susp = FILLER * 2 + COPIED + " " + FILLER
    (root / "src" / "source-document00001.txt").write_text(src, encoding="utf-8")
    (root / "susp" / "suspicious-document00001.txt").write_text(susp, encoding="utf-8")
    (root / "src" / "source-document00002.txt").write_text(OTHER * 6, encoding="utf-8")
    (root / "susp" / "suspicious-document00002.txt").write_text(FILLER * 3, encoding="utf-8")
    pos = root / "02-copies"
    neg = root / "01-nothing"
    for folder, pair in ((pos, ("suspicious-document00001.txt", "source-document00001.txt")),
                         (neg, ("suspicious-document00002.txt", "source-document00002.txt"))):
        folder.mkdir()
        (folder / "pairs").write_text(" ".join(pair) + "\n", encoding="utf-8")
    (root / "pairs").write_text(
        "suspicious-document00001.txt source-document00001.txt\n"
        "suspicious-document00002.txt source-document00002.txt\n", encoding="utf-8")
    s_off, t_off = susp.index(COPIED), src.index(COPIED)
    (pos / "suspicious-document00001-source-document00001.xml").write_text(
        '<document reference="suspicious-document00001.txt">\n'
        f'<feature name="plagiarism" this_offset="{s_off}" this_length="{len(COPIED)}" '
        f'source_reference="source-document00001.txt" source_offset="{t_off}" source_length="{len(COPIED)}"/>\n'
        "</document>\n", encoding="utf-8")
    (neg / "suspicious-document00002-source-document00002.xml").write_text(
        '<document reference="suspicious-document00002.txt">\n</document>\n', encoding="utf-8")
    return s_off, t_off


def test_a_small_corpus_of_the_pan_layout_is_run_scored_and_written(tmp_path: Path) -> None:
    s_off, t_off = _corpus(tmp_path / "corpus")
    out, numbers = tmp_path / "out", tmp_path / "numbers.json"
    status = pan13.main(["--corpus", str(tmp_path / "corpus"), "--out", str(out), "--jobs", "1",
                         "--json", str(numbers)])
    assert status == 0
    (det,) = read_xml(out / "02-copies" / "suspicious-document00001-source-document00001.xml",
                      "detected-plagiarism")
    assert det.this_offset <= s_off + 5 and det.source_offset <= t_off + 5
    assert read_xml(out / "01-nothing" / "suspicious-document00002-source-document00002.xml",
                    "detected-plagiarism") == []
    report = json.loads(numbers.read_text(encoding="utf-8"))
    assert report["subsets"]["02-copies"]["recall"] > 0.9 and report["subsets"]["02-copies"]["plagdet"] > 0.8
    assert report["subsets"]["01-nothing"]["false_positives"] == 0
