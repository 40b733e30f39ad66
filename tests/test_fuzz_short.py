"""A short fuzz run: mutated sample articles never crash compare, the report or the JSON, nor take 5 s."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import fuzz  # noqa: E402


def test_three_hundred_mutated_cases_raise_only_lineage_errors() -> None:
    articles = fuzz.load_articles(None, bbc_limit=0)
    outcomes = fuzz.run(300, seed=20261202, jobs=1, articles=articles)
    crashes = [(o.case, o.error, o.mutations) for o in outcomes if o.status == "crash"]
    assert not crashes, crashes
    assert len(outcomes) == 300
    assert sum(o.status == "ok" for o in outcomes) > 250
    slow = [(o.case, round(o.seconds, 1)) for o in outcomes if o.seconds > fuzz.SLOW]
    assert not slow, slow
