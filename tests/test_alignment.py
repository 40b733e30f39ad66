"""Sentence alignment: properties checked against slow, obvious references."""

from __future__ import annotations

import random

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from lineage import Document, Options
from lineage.alignment import VERBATIM, align, unaligned
from lineage.prepare import prepare
from lineage.scoring import pair_scores, score_matrix, score_pair
from lineage.text.words import normalise, stems

VOCAB = ("minister council report budget deficit growth election market energy climate farmers "
         "police court school hospital bank strike river storm harvest museum festival").split()


@st.composite
def sentences(draw: st.DrawFn) -> str:
    ws = draw(st.lists(st.sampled_from(VOCAB), min_size=4, max_size=14))
    return " ".join(ws).capitalize() + "."


def _doc(sents: list[str]):  # type: ignore[no-untyped-def]
    return prepare(Document.from_text(" ".join(sents), id="t"))


def test_short_sentence_is_not_matched_as_subset_of_long_one() -> None:
    short = "Wuzhen to host 5th World Internet Conference on Nov 7"
    long = ("Organized by the Cyberspace Administration of China and the People's Government of Zhejiang "
            "Province, the 5th World Internet Conference (WIC) will open in Wuzhen, Zhejiang province on "
            "Nov 7, to run for three days.")
    assert score_pair(short, long) < Options().min_sentence_score
    assert fuzz.token_set_ratio(short, long) >= 80  # the plain scorer would align them


@settings(max_examples=40, deadline=None)
@given(st.lists(sentences(), min_size=1, max_size=12, unique=True))
def test_text_against_itself_is_all_verbatim(sents: list[str]) -> None:
    doc = _doc(sents)
    pairs = align(doc, doc, Options().min_sentence_score)
    assert all(p.label == VERBATIM and p.score == 1.0 for p in pairs)
    assert not unaligned(doc.segments, pairs, "a") and not unaligned(doc.segments, pairs, "b")


@settings(max_examples=40, deadline=None)
@given(st.lists(sentences(), min_size=2, max_size=12, unique=True), st.randoms(use_true_random=False))
def test_shuffled_sentences_all_stay_aligned(sents: list[str], rnd: random.Random) -> None:
    shuffled = sents[:]
    rnd.shuffle(shuffled)
    da, db = _doc(sents), _doc(shuffled)
    sa, sb = da.segments, db.segments
    pairs = align(da, db)
    for p in pairs:
        assert sa[p.a[0]].text == sb[p.b[0]].text
    assert len(pairs) == len(sents)


@settings(max_examples=30, deadline=None)
@given(st.lists(sentences(), min_size=1, max_size=8), st.lists(sentences(), min_size=1, max_size=8))
def test_score_matrix_matches_pairwise_reference_and_stays_in_0_1(xs: list[str], ys: list[str]) -> None:
    rows, cols, scores = score_matrix([set(stems(x)) for x in xs], [normalise(x) for x in xs],
                                      [set(stems(y)) for y in ys], [normalise(y) for y in ys], floor=0.0)
    ref = np.array([[score_pair(x, y) for y in ys] for x in xs], dtype=np.float32)
    # Every pair sharing a stem is scored, and scored as the reference does; the rest share none.
    scored = set(zip(rows.tolist(), cols.tolist()))
    for i, x in enumerate(xs):
        for j, y in enumerate(ys):
            assert ((i, j) in scored) == bool(set(stems(x)) & set(stems(y)))
    assert np.allclose(scores, ref[rows, cols], atol=1e-5)
    assert ((scores >= 0) & (scores <= 1)).all() and ((ref >= 0) & (ref <= 1)).all()


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(sentences(), sentences()), min_size=0, max_size=12))
def test_pair_scores_equal_the_pairwise_reference(pairs: list[tuple[str, str]]) -> None:
    xs, ys = [x for x, _ in pairs], [y for _, y in pairs]
    ref = np.array([score_pair(x, y) for x, y in pairs], dtype=np.float32)
    got = pair_scores(xs, ys)
    assert got.dtype == np.float32 and np.array_equal(got, ref)


@settings(max_examples=30, deadline=None)
@given(st.lists(sentences(), min_size=1, max_size=8), st.lists(sentences(), min_size=1, max_size=8))
def test_alignment_is_a_partial_matching_with_scores_in_range(xs: list[str], ys: list[str]) -> None:
    pairs = align(_doc(xs), _doc(ys))
    used_a = [i for p in pairs for i in p.a]
    used_b = [j for p in pairs for j in p.b]
    assert len(used_a) == len(set(used_a)) and len(used_b) == len(set(used_b))
    assert all(0.0 <= p.score <= 1.0 for p in pairs)


def test_merged_sentences_align_many_to_one() -> None:
    src = ("Siaosi Sovaleni, deputy prime minister of Tonga, echoed remarks that cyberspace should not "
           "become a battlefield for countries to wrestle with one another. Sovaleni said that all "
           "countries are faced with the challenge of cybersecurity and crime, and they are obliged to "
           "cooperate in governance of online activities.")
    copy = ("Cyberspace should not be turned into a battlefield for countries since all countries are faced "
            "with challenges of crime and cyber security and all countries are obliged to cooperate in the "
            "governance of online activities.")
    pairs = align(prepare(copy), prepare(src))
    assert len(pairs) == 1 and pairs[0].a == (0,) and pairs[0].b == (0, 1)
