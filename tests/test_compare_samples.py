"""The sample articles: 001 paraphrases 002; no other pair is derived."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from lineage import Document, compare
from lineage.verdict import REUSE_VERDICTS

# Phrases locating each of 001's content sentences and the 002 sentence it paraphrases.
EXPECTED = [
    ("During the three day World Internet Conference", "The three-day World Internet Conference concluded"),
    ("Jack Ma said during the closing ceremony", "Jack Ma, chairman of e-commerce giant"),
    ("Ma said that is not about who can manage", "It is not about who can manage it well"),
    ("A consensus was made and reached", "Consensus was reached by conference participants"),
    ("According to Lu Wei, the director", "Lu Wei, director of the Cyberspace Administration"),
    ("Wei also asked for the establishment", "He also called for establishing a global"),
    ("Luigi Cambardella the president of ChinaEU", "Luigi Cambardella, president of ChinaEU"),
    ("Those that didn\u2019t show up", "Those who did not show up"),
    ("Cambardella also said that the ChinaEU is finalizing", "He said ChinaEU is finalizing"),
    ("It will also focus on studying", "The center will focus on existing"),
    ("The center is established at the start", "The center will be established at the beginning"),
    ("Cyberspace should not be turned into a battlefield", "Sovaleni said that all countries"),
    ("Cyberspace should not be turned into a battlefield", "cyberspace should not become a battlefield"),
    ("International efforts must be made", "International efforts should be made"),
    ("The Wuzhen Initiative that was released", "The Wuzhen Initiative, released at the closing"),
]


@pytest.fixture(scope="module")
def result_001_002(samples: dict[str, Path]):  # type: ignore[no-untyped-def]
    return compare(Document.from_path(samples["001"]), Document.from_path(samples["002"]))


def test_001_paraphrases_002_which_is_the_source(result_001_002) -> None:  # type: ignore[no-untyped-def]
    r = result_001_002
    assert r.verdict == "paraphrase"
    assert r.direction.source == "b" and r.source.id.startswith("002")
    assert r.direction.evidence, "a direction must come with its evidence"


def test_001_sentences_align_to_the_right_002_sentences(result_001_002) -> None:  # type: ignore[no-untyped-def]
    r = result_001_002
    ta, tb = r.a.document.text, r.b.document.text
    aligned = [(ta[p.a_start:p.a_end], tb[p.b_start:p.b_end]) for p in r.pairs]
    found = sum(any(x in a and y in b for a, b in aligned) for x, y in EXPECTED)
    assert found >= 13, f"only {found} of {len(EXPECTED)} expected alignments"
    wrong = [(a[:60], b[:60]) for a, b in aligned
             if not any(x in a and y in b for x, y in EXPECTED) and "Conference Participants" not in a]
    assert not wrong, wrong


def test_what_001_lacks_and_adds(result_001_002) -> None:  # type: ignore[no-untyped-def]
    r = result_001_002
    missing_from_001 = " ".join(s.text for s in r.b.unaligned)
    assert "3.2 billion Internet users" in missing_from_001
    assert "At this conference, I find Lu Wei is quite open and willing to listen to foreigners' ideas." in missing_from_001
    added_in_001 = " ".join(s.text for s in r.a.unaligned)
    for chrome in ("Leave a Reply", "holiday destination", "Your mother", "View Results", "twitter", "Thanks!"):
        assert chrome not in added_in_001


def test_no_derivation_among_the_other_pairs(samples: dict[str, Path]) -> None:
    docs = {k: Document.from_path(p) for k, p in samples.items()}
    for x, y in itertools.combinations(sorted(docs), 2):
        if {x, y} == {"001", "002"}:
            continue
        for a, b in ((x, y), (y, x)):
            r = compare(docs[a], docs[b])
            assert r.verdict in ("related", "unrelated"), (a, b, r.verdict)
            assert r.verdict not in REUSE_VERDICTS and r.direction.source is None


def test_offsets_point_into_the_original_texts(result_001_002) -> None:  # type: ignore[no-untyped-def]
    r = result_001_002
    for side in (r.a, r.b):
        for s in side.segments:
            assert side.document.text[s.start:s.end] == s.text
    for p in r.pairs:
        assert r.a.segments[p.a[0]].start == p.a_start and r.b.segments[p.b[-1]].end == p.b_end


def test_identical_and_unrelated_texts() -> None:
    text = "The river flooded the old town on Monday. Residents moved to the school hall overnight."
    assert compare(text, text).verdict == "identical"
    other = "Quarterly profits at the bank rose sharply. Analysts expect further gains next year."
    r = compare(text, other)
    assert r.verdict == "unrelated" and not r.reuse_found and r.pairs == ()


def test_near_duplicate_with_small_edits() -> None:
    a = ("The council approved the new budget on Tuesday after a long debate. Spending on schools "
         "will rise by five percent. The mayor said the plan protects essential services. "
         "Opposition members voted against it.")
    b = ("The council approved the new budget on Tuesday after a lengthy debate. Spending on schools "
         "will rise by five percent. The mayor said the plan protects essential services. "
         "Opposition members voted against the plan.")
    r = compare(a, b)
    assert r.verdict == "near-duplicate"
    assert r.a.reused == pytest.approx(1.0) and r.b.reused == pytest.approx(1.0)


def test_direction_from_dates_and_undetermined_without_evidence() -> None:
    body = ("The council approved the new budget on Tuesday after a long debate. Spending on schools "
            "will rise by five percent. The mayor said the plan protects essential services.")
    early = Document.from_text(body, id="early", date="2024-03-01")
    late = Document.from_text(body.replace("long", "lengthy"), id="late", date="2024-03-05")
    assert compare(late, early).direction.source == "b"
    assert compare(early, late).direction.source == "a"
    undated = compare(Document.from_text(body, id="x"), Document.from_text(body.replace("long", "lengthy"), id="y"))
    assert undated.direction.source is None
