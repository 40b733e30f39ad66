"""Passages: aligned pairs and seed clusters merged into reused stretches with extents in both texts."""

from __future__ import annotations

from lineage.alignment import NEAR_VERBATIM, PARAPHRASE, VERBATIM, AlignedPair
from lineage.passages import build_passages
from lineage.seeds import Cluster
from lineage.segments import Segment

LONG = "word " * 30
SHORT = "a few common words here"
MEDIUM = "word " * 10


def _segs(texts: list[str], gap: int = 10) -> list[Segment]:
    out, pos = [], 0
    for i, t in enumerate(texts):
        out.append(Segment(i, pos, pos + len(t), t, i))
        pos += len(t) + gap
    return out


def _pair(sa: list[Segment], sb: list[Segment], i: int, j: int, score: float, label: str = PARAPHRASE) -> AlignedPair:
    return AlignedPair((i,), (j,), sa[i].start, sa[i].end, sb[j].start, sb[j].end, score, label)


def test_consecutive_pairs_make_one_passage_spanning_both() -> None:
    sa = _segs([SHORT] * 6)
    sb = _segs([SHORT] * 6)
    pairs = [_pair(sa, sb, 1, 2, 0.8), _pair(sa, sb, 2, 3, 0.9), _pair(sa, sb, 4, 5, 0.7)]
    (p,) = build_passages(pairs, sa, sb)
    assert (p.a_start, p.a_end) == (sa[1].start, sa[4].end)
    assert (p.b_start, p.b_end) == (sb[2].start, sb[5].end)
    assert p.pairs == 3 and 0.7 <= p.score <= 0.9


def test_a_lone_short_match_is_not_a_passage_but_a_long_close_one_is() -> None:
    sa, sb = _segs([SHORT, LONE := LONG]), _segs([SHORT, LONE])
    assert build_passages([_pair(sa, sb, 0, 0, 0.95, NEAR_VERBATIM)], sa, sb) == ()
    assert len(build_passages([_pair(sa, sb, 1, 1, 0.9)], sa, sb)) == 1
    assert build_passages([_pair(sa, sb, 1, 1, 0.65)], sa, sb) == ()


def test_pairs_far_apart_stay_separate_passages() -> None:
    # Seven sentences (far more than the characters bridged) lie between the two runs.
    sa, sb = _segs([LONG] * 12), _segs([LONG] * 12)
    pairs = [_pair(sa, sb, i, i, 0.9, VERBATIM) for i in (0, 1, 9, 10)]
    got = build_passages(pairs, sa, sb)
    assert [(p.a_start, p.a_end) for p in got] == [(sa[0].start, sa[1].end), (sa[9].start, sa[10].end)]


def test_a_large_seed_cluster_is_a_passage_without_any_aligned_sentence() -> None:
    sa, sb = _segs([SHORT] * 3), _segs([SHORT] * 3)
    (p,) = build_passages([], sa, sb, [Cluster(15, 5, 400, 50, 430)])
    assert (p.a_start, p.a_end, p.b_start, p.b_end) == (5, 400, 50, 430) and p.pairs == 0
    assert build_passages([], sa, sb, [Cluster(5, 5, 400, 50, 430)]) == ()


def test_a_summary_dense_in_one_text_and_spread_in_order_through_the_other_is_one_passage() -> None:
    sa = _segs([SHORT] * 4, gap=2)
    sb = _segs([MEDIUM] * 40)
    pairs = [_pair(sa, sb, 0, 1, 0.7), _pair(sa, sb, 2, 15, 0.7), _pair(sa, sb, 3, 30, 0.7)]
    (p,) = build_passages(pairs, sa, sb)
    assert (p.a_start, p.a_end) == (sa[0].start, sa[3].end)
    assert (p.b_start, p.b_end) == (sb[1].start, sb[30].end)


def test_pieces_out_of_order_in_the_other_text_are_no_summary() -> None:
    sa = _segs([SHORT] * 4, gap=2)
    sb = _segs([MEDIUM] * 40)
    pairs = [_pair(sa, sb, 0, 30, 0.7), _pair(sa, sb, 2, 1, 0.7), _pair(sa, sb, 3, 15, 0.7)]
    assert build_passages(pairs, sa, sb) == ()


def test_matches_strewn_over_far_more_text_than_a_summary_condenses_are_no_summary() -> None:
    sa = _segs([SHORT] * 4, gap=2)
    sb = _segs([LONG] * 40)
    pairs = [_pair(sa, sb, 0, 1, 0.7), _pair(sa, sb, 2, 15, 0.7), _pair(sa, sb, 3, 30, 0.7)]
    assert build_passages(pairs, sa, sb) == ()


def test_a_stray_match_beside_a_copied_stretch_does_not_stretch_it() -> None:
    sa = _segs([MEDIUM] * 6, gap=2)
    sb = _segs([MEDIUM] * 60)
    copied = [_pair(sa, sb, i, 20 + i, 0.95, VERBATIM) for i in range(3)]
    stray = _pair(sa, sb, 4, 50, 0.7)
    (p,) = build_passages(copied + [stray], sa, sb)
    assert (p.b_start, p.b_end) == (sb[20].start, sb[22].end)
