"""Passages: aligned pairs and seed clusters merged into reused stretches with extents in both texts."""

from __future__ import annotations

from dataclasses import dataclass

from lineage.alignment import NEAR_VERBATIM, PARAPHRASE, VERBATIM, AlignedPair
from lineage.passages import SUMMARY, build_passages
from lineage.prepare import Segment
from lineage.seeds import Cluster
from lineage.summaries import Summary
from lineage.text.words import stems

LONG = "word " * 30
SHORT = "a few common words here"
MEDIUM = "word " * 10


@dataclass(frozen=True)
class _Units:
    """Sentences and their stems, as passages read them from a prepared document."""

    segments: list[Segment]

    @property
    def stem_sets(self) -> list[frozenset[str]]:
        return [frozenset(stems(s.text)) for s in self.segments]

    def __getitem__(self, i: int) -> Segment:
        return self.segments[i]


def _segs(texts: list[str], gap: int = 10) -> _Units:
    out, pos = [], 0
    for i, t in enumerate(texts):
        out.append(Segment(i, pos, pos + len(t), t, i))
        pos += len(t) + gap
    return _Units(out)


def _pair(sa: _Units, sb: _Units, i: int, j: int, score: float, label: str = PARAPHRASE) -> AlignedPair:
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


def test_a_summary_is_one_passage_holding_the_evidence_inside_it() -> None:
    sa = _segs([MEDIUM] * 40)
    sb = _segs([SHORT] * 8, gap=2)
    inside = [_pair(sa, sb, 1, 3, 0.7), _pair(sa, sb, 20, 4, 0.7)]
    outside = [_pair(sa, sb, 38, 7, 0.95, VERBATIM), _pair(sa, sb, 39, 7, 0.95, VERBATIM)]
    summary = Summary("b", sb[3].start, sb[5].end, sa[0].start, sa[30].end, 0.8, 0.1, 30)
    summ, other = build_passages(inside + outside, sa, sb, summaries=[summary])
    assert summ.label == SUMMARY and summ.pairs == 2
    assert (summ.a_start, summ.a_end, summ.b_start, summ.b_end) == (sa[0].start, sa[30].end, sb[3].start, sb[5].end)
    assert other.label == VERBATIM and (other.b_start, other.b_end) == (sb[7].start, sb[7].end)


def test_a_summary_without_aligned_sentences_is_still_a_passage() -> None:
    sa, sb = _segs([MEDIUM] * 40), _segs([SHORT] * 8, gap=2)
    summary = Summary("a", sa[2].start, sa[4].end, sb[0].start, sb[7].end, 0.75, 0.2, 28)
    (p,) = build_passages([], sa, sb, summaries=[summary])
    assert (p.a_start, p.a_end, p.b_start, p.b_end) == (sa[2].start, sa[4].end, sb[0].start, sb[7].end)
    assert p.label == SUMMARY and p.pairs == 0 and p.score == 0.75


def test_scattered_pairs_without_a_summary_are_no_passage() -> None:
    sa = _segs([SHORT] * 4, gap=2)
    sb = _segs([MEDIUM] * 40)
    pairs = [_pair(sa, sb, 0, 1, 0.7), _pair(sa, sb, 2, 15, 0.7), _pair(sa, sb, 3, 30, 0.7)]
    assert build_passages(pairs, sa, sb) == ()


def test_a_stray_match_beside_a_copied_stretch_does_not_stretch_it() -> None:
    sa = _segs([MEDIUM] * 6, gap=2)
    sb = _segs([MEDIUM] * 60)
    copied = [_pair(sa, sb, i, 20 + i, 0.95, VERBATIM) for i in range(3)]
    stray = _pair(sa, sb, 4, 50, 0.7)
    (p,) = build_passages(copied + [stray], sa, sb)
    assert (p.b_start, p.b_end) == (sb[20].start, sb[22].end)


COPIED = "The committee approved the harbour budget after a long debate on Monday."
SHUFFLED = "After long debate the harbour committee on Monday approved its budget plans."
UNRELATED = "Rain is expected across the northern hills later this week."
NEIGHBOUR_A = "Fishermen welcomed the decision and praised the mayor's patience with critics."
NEIGHBOUR_B = "The mayor's patience with critics was praised by fishermen, who welcomed it."


def test_a_passage_grows_over_neighbours_that_still_share_most_content_words() -> None:
    sa = _segs([UNRELATED, COPIED, NEIGHBOUR_A, UNRELATED])
    sb = _segs(["Markets fell sharply in early trading.", SHUFFLED, NEIGHBOUR_B, "Markets closed higher on the day."])
    (p,) = build_passages([_pair(sa, sb, 1, 1, 0.95, VERBATIM)], sa, sb)
    # The edited neighbour joins; the unrelated sentences on either side do not.
    assert (p.a_start, p.a_end) == (sa[1].start, sa[2].end)
    assert (p.b_start, p.b_end) == (sb[1].start, sb[2].end)


def test_neighbours_sharing_few_content_words_leave_a_passage_alone() -> None:
    sa = _segs([UNRELATED, COPIED, NEIGHBOUR_A[:-1] + " and thanked the harbour staff for their work."])
    # Three shared stems, but a third of either sentence's: a new sentence on the same matter.
    sb = _segs([
        "Bread prices rose again this spring.", SHUFFLED,
        "Critics said the decision was rushed, and fishermen left the hall before the vote on quotas and licences.",
    ])
    (p,) = build_passages([_pair(sa, sb, 1, 1, 0.95, VERBATIM)], sa, sb)
    assert (p.a_start, p.a_end, p.b_start, p.b_end) == (sa[1].start, sa[1].end, sb[1].start, sb[1].end)


def test_known_reuse_keeps_its_strongest_piece_of_evidence_even_when_lone() -> None:
    # Far apart (more unaligned text between them than is bridged), each alone.
    sa = sb = _segs([SHORT] + [LONG] * 4 + [MEDIUM])
    weak, strong = _pair(sa, sb, 0, 0, 0.65), _pair(sa, sb, 5, 5, 0.7)
    assert build_passages([weak, strong], sa, sb) == ()
    (p,) = build_passages([weak, strong], sa, sb, at_least_one=True)
    assert (p.a_start, p.a_end) == (sa[5].start, sa[5].end)
