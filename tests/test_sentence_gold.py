"""The sentence-boundary gold holds offsets only; its benchmark skips without data; the sketch is linear."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path, PurePosixPath

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.sentence_rules import split_sentences  # noqa: E402

GOLD = REPO / "benchmarks" / "data" / "sentence_gold.json"
SCRIPT = REPO / "benchmarks" / "sentences.py"


def test_gold_is_well_formed() -> None:
    entries = json.loads(GOLD.read_text(encoding="utf-8"))
    assert isinstance(entries, list) and entries
    paths = [e["path"] for e in entries]
    assert len(set(paths)) == len(paths)
    for entry in entries:
        assert set(entry) == {"path", "chars", "boundaries"}, entry.keys()
        path = PurePosixPath(entry["path"])
        assert not path.is_absolute() and ".." not in path.parts and "\\" not in entry["path"]
        assert path.parts[0] in {"samples", "bbc", "pan13-train"}
        assert isinstance(entry["chars"], int) and entry["chars"] > 0
        bounds = entry["boundaries"]
        assert bounds and all(type(b) is int for b in bounds)
        assert bounds == sorted(set(bounds))
        assert 0 <= bounds[0] and bounds[-1] < entry["chars"]


def test_gold_samples_match_the_repository() -> None:
    for entry in json.loads(GOLD.read_text(encoding="utf-8")):
        if entry["path"].startswith("samples/"):
            text = (REPO / entry["path"]).read_text(encoding="utf-8")
            assert len(text) == entry["chars"]
            assert all(not text[b].isspace() for b in entry["boundaries"])


def test_benchmark_skips_without_data() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--data", "/nonexistent"],
        check=False, capture_output=True, text=True, timeout=120, cwd=REPO,
    )
    assert done.returncode == 0, done.stderr
    assert "skipped" in done.stdout


def test_rules_sketch_handles_news_cases_in_linear_time() -> None:
    def pieces(text: str) -> list[str]:
        return [text[s:e] for s, e in split_sentences(text)]

    assert pieces('Mr. J. K. Rowling paid $3.5bn. "Yes." No. 5 won.\nHeadline') == [
        'Mr. J. K. Rowling paid $3.5bn.', '"Yes."', "No. 5 won.", "Headline"]
    assert pieces("It was in the U.S. While there, he left. Visit www.bbc.co.uk today.") == [
        "It was in the U.S.", "While there, he left.", "Visit www.bbc.co.uk today."]
    assert pieces("  1. First item\u3002\u7b2c\u4e8c\u3002") == ["1. First item\u3002", "\u7b2c\u4e8c\u3002"]
    line = "The cost rose by 3.2% on Nov. 7 in the U.S. capital, Mr. Smith said. " * 6000
    started = time.perf_counter()
    assert len(split_sentences(line)) == 6000
    assert time.perf_counter() - started < 2.0
