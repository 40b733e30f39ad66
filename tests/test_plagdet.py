"""Hand-computed checks of the PAN PlagDet measures and XML round trip in benchmarks/plagdet.py."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.plagdet import (  # noqa: E402
    Annotation,
    Scores,
    evaluate,
    granularity,
    macro_precision,
    macro_recall,
    plagdet_score,
    read_xml,
    write_xml,
)

SUSP = "suspicious-document00001.txt"
SRC = "source-document00001.txt"


def ann(t_off: int, t_len: int, s_off: int, s_len: int, susp: str = SUSP, src: str = SRC) -> Annotation:
    """Build an annotation between the default pair unless told otherwise."""
    return Annotation(susp, t_off, t_len, src, s_off, s_len)


def approx(scores: Scores, plagdet: float, precision: float, recall: float, gran: float) -> None:
    """Assert all four measures at once, so a failure shows them together."""
    got = (scores.plagdet, scores.precision, scores.recall, scores.granularity)
    assert got == pytest.approx((plagdet, precision, recall, gran))


def test_perfect_detection() -> None:
    case = ann(100, 200, 1000, 200)
    approx(evaluate([case], [case]), 1.0, 1.0, 1.0, 1.0)


def test_half_of_passage_detected() -> None:
    # Detection covers the first half of the case in both documents.
    case = ann(100, 200, 1000, 200)
    det = ann(100, 100, 1000, 100)
    s = evaluate([case], [det])
    approx(s, 2 * 1.0 * 0.5 / 1.5, 1.0, 0.5, 1.0)


def test_passage_found_as_three_pieces() -> None:
    case = ann(0, 300, 0, 300)
    dets = [ann(0, 100, 0, 100), ann(100, 100, 100, 100), ann(200, 100, 200, 100)]
    s = evaluate([case], dets)
    approx(s, 1 / math.log2(4), 1.0, 1.0, 3.0)
    assert s.plagdet == pytest.approx(0.5)


def test_false_detection_lowers_precision() -> None:
    case = ann(0, 100, 0, 100)
    exact = ann(0, 100, 0, 100)
    # Overlaps the case in the suspicious document only: detects nothing.
    wrong_source = ann(50, 100, 5000, 100)
    # Elsewhere in another pair entirely.
    other_pair = ann(0, 100, 0, 100, src="source-document00002.txt")
    s = evaluate([case], [exact, wrong_source, other_pair])
    # Precision: (1 + 0 + 0) / 3; recall 1; only one detection detects the case.
    prec = 1 / 3
    approx(s, 2 * prec / (prec + 1), prec, 1.0, 1.0)


def test_overshooting_detection_partial_precision() -> None:
    case = ann(100, 100, 100, 100)
    # Detection spans 50 chars before the case in each document: 100 of 300 chars outside.
    det = ann(50, 150, 50, 150)
    s = evaluate([case], [det])
    approx(s, 2 * (2 / 3) / (2 / 3 + 1), 2 / 3, 1.0, 1.0)


def test_overlapping_detections_counted_once_in_recall_and_precision() -> None:
    case = ann(0, 100, 0, 100)
    d1 = ann(0, 60, 0, 60)
    d2 = ann(40, 60, 40, 60)
    assert macro_recall([case], [d1, d2]) == pytest.approx(1.0)
    assert macro_precision([case], [d1, d2]) == pytest.approx(1.0)
    assert granularity([case], [d1, d2]) == pytest.approx(2.0)


def test_one_detection_spanning_two_cases() -> None:
    c1 = ann(0, 100, 0, 100)
    c2 = ann(200, 100, 200, 100)
    det = ann(0, 300, 0, 300)
    # Precision: (100+100 + 100+100) / 600; recall 1 for both; granularity 1.
    s = evaluate([c1, c2], [det])
    prec = 400 / 600
    approx(s, 2 * prec / (prec + 1), prec, 1.0, 1.0)


def test_macro_average_over_pairs_not_per_pair() -> None:
    # Pair A: two cases, both found.  Pair B: one case, missed.
    a1 = ann(0, 100, 0, 100)
    a2 = ann(500, 100, 500, 100)
    b1 = ann(0, 100, 0, 100, susp="suspicious-document00002.txt")
    s = evaluate([a1, a2, b1], [a1, a2])
    # Recall over all cases is 2/3; a per-pair mean would give (1 + 0) / 2.
    assert s.recall == pytest.approx(2 / 3)
    assert s.precision == pytest.approx(1.0)


def test_duplicate_detections_count_once() -> None:
    case = ann(0, 100, 0, 100)
    approx(evaluate([case], [case, case]), 1.0, 1.0, 1.0, 1.0)


def test_empty_sets() -> None:
    case = ann(0, 100, 0, 100)
    # Nothing to find and nothing found: perfect.
    approx(evaluate([], []), 1.0, 1.0, 1.0, 1.0)
    # Cases but no detections: nothing found.
    approx(evaluate([case], []), 0.0, 0.0, 0.0, 1.0)
    # Detections but no cases: everything found is wrong.
    approx(evaluate([], [case]), 0.0, 0.0, 0.0, 1.0)


def test_plagdet_score_zero_when_both_zero() -> None:
    assert plagdet_score(0.0, 0.0, 1.0) == 0.0
    with pytest.raises(ValueError):
        plagdet_score(1.0, 1.0, 0.5)


def test_negative_length_rejected() -> None:
    with pytest.raises(ValueError):
        ann(0, -1, 0, 10)


def test_xml_round_trip(tmp_path: Path) -> None:
    dets = [ann(3593, 698, 1300, 698), ann(10, 5, 20, 6)]
    path = tmp_path / "suspicious-document00001-source-document00001.xml"
    write_xml(path, SUSP, dets)
    assert read_xml(path, "detected-plagiarism") == dets
    # Truth features are a different name: none here.
    assert read_xml(path) == []


def test_xml_empty_detections(tmp_path: Path) -> None:
    path = tmp_path / "empty.xml"
    write_xml(path, SUSP, [])
    assert read_xml(path, "detected-plagiarism") == []
    assert 'reference="suspicious-document00001.txt"' in path.read_text(encoding="utf-8")


def test_read_truth_ignores_other_features(tmp_path: Path) -> None:
    path = tmp_path / "truth.xml"
    path.write_text(
        '<document  reference="suspicious-document00008.txt">\n'
        '\t<feature  name="about" authors="DUC2006" title="news" language="en" />\n'
        '\t<feature  name="plagiarism" type="artificial" obfuscation="summary" this_offset="3822"'
        ' this_length="593" source_reference="source-document00305.txt" source_offset="0"'
        ' source_length="5861" />\n'
        "</document>\n",
        encoding="utf-8",
    )
    assert read_xml(path) == [
        Annotation("suspicious-document00008.txt", 3822, 593, "source-document00305.txt", 0, 5861)
    ]


def test_write_rejects_foreign_detection(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        write_xml(tmp_path / "x.xml", SUSP, [ann(0, 1, 0, 1, susp="suspicious-document00009.txt")])


def _brute_force(cases: list[Annotation], dets: list[Annotation]) -> tuple[float, float, float]:
    """Precision, recall, granularity straight from the paper's set definitions."""

    def chars(a: Annotation) -> set[tuple[str, int]]:
        return {("t", i) for i in range(a.this_offset, a.this_end)} | {
            ("s", i) for i in range(a.source_offset, a.source_end)
        }

    def detects(r: Annotation, s: Annotation) -> bool:
        return (
            r.this_reference == s.this_reference
            and r.source_reference == s.source_reference
            and bool(set(range(r.this_offset, r.this_end)) & set(range(s.this_offset, s.this_end)))
            and bool(
                set(range(r.source_offset, r.source_end)) & set(range(s.source_offset, s.source_end))
            )
        )

    cases, dets = list(dict.fromkeys(cases)), list(dict.fromkeys(dets))
    if not cases and not dets:
        return 1.0, 1.0, 1.0
    if not cases or not dets:
        return 0.0, 0.0, 1.0
    rec = sum(
        len(set().union(*[chars(s) & chars(r) for r in dets if detects(r, s)])) / len(chars(s))
        for s in cases
    ) / len(cases)
    prec = sum(
        len(set().union(*[chars(s) & chars(r) for s in cases if detects(r, s)])) / len(chars(r))
        for r in dets
    ) / len(dets)
    per_case = [sum(detects(r, s) for r in dets) for s in cases]
    hit = [n for n in per_case if n]
    return prec, rec, (sum(hit) / len(hit) if hit else 1.0)


_spans = st.builds(
    lambda susp, src, t_off, t_len, s_off, s_len: Annotation(
        f"suspicious-document{susp}.txt", t_off, t_len, f"source-document{src}.txt", s_off, s_len
    ),
    st.integers(1, 2),
    st.integers(1, 2),
    st.integers(0, 40),
    st.integers(1, 25),
    st.integers(0, 40),
    st.integers(1, 25),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_spans, max_size=5), st.lists(_spans, max_size=6))
def test_matches_set_definitions(cases: list[Annotation], dets: list[Annotation]) -> None:
    prec, rec, gran = _brute_force(cases, dets)
    s = evaluate(cases, dets)
    assert (s.precision, s.recall, s.granularity) == pytest.approx((prec, rec, gran))
    assert s.plagdet == pytest.approx(plagdet_score(prec, rec, gran))
