"""Evidence of reuse: shared phrasing counted as a slow, obvious reading counts it."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lineage.errors import OptionsError
from lineage.evidence import ReuseEvidence, phrase_hashes
from lineage.params import EvidenceParams
from lineage.prepare import PreparedDocument, prepare
from lineage.rare_words import rare_window
from lineage.text.words import WORD_RE, fold

WORDS = ["the", "council", "Council", "approved", "plan", "Maria", "Stein", "48", "river", "and", "said", "new"]


def _reference(p: PreparedDocument, n: int) -> set[str]:
    """Runs of ``n`` folded words inside one sentence, outside quotations, not all capitalised or figures."""
    out = set()
    for seg in p.segments:
        words = [m for m in WORD_RE.finditer(p.text, seg.start, seg.end)
                 if not any(q0 <= m.start() < q1 for q0, q1 in p.quotes)]
        for i in range(len(words) - n + 1):
            run = [m.group() for m in words[i:i + n]]
            if not all(w[0].isupper() or w[0].isdigit() for w in run):
                out.add(" ".join(fold(w) for w in run))
    return out


sentence = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(lambda ws: " ".join(ws) + ".")
text = st.lists(st.one_of(sentence, sentence.map(lambda s: f'"{s}" she said.')), min_size=1, max_size=6).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(text, text, st.integers(min_value=2, max_value=5))
def test_shared_phrases_match_a_slow_reading(a: str, b: str, n: int) -> None:
    pa, pb = prepare(a), prepare(b)
    ha, hb = phrase_hashes(pa, n), phrase_hashes(pb, n)
    ra, rb = _reference(pa, n), _reference(pb, n)
    assert len(ha) == len(ra) and len(hb) == len(rb)
    assert len(np.intersect1d(ha, hb, assume_unique=True)) == len(ra & rb)


def test_phrases_are_kept_until_released() -> None:
    p = prepare("The council approved the new flood plan on Tuesday. Maria Stein said it ended years of delay.")
    first = phrase_hashes(p, 5)
    assert phrase_hashes(p, 5) is first and len(first) > 0
    p.release()
    again = phrase_hashes(p, 5)
    assert again is not first and np.array_equal(again, first)


@settings(max_examples=100, deadline=None)
@given(text, st.data())
def test_names_and_figures_of_segments_match_a_slow_reading(a: str, data: st.DataObject) -> None:
    """Stems of words capitalised past a sentence's first, and of figures, of any segments asked for."""
    from lineage.evidence import named_stems
    from lineage.text.words import key, term

    p = prepare(a)
    idx = data.draw(st.lists(st.integers(0, len(p.segments) - 1), min_size=1, max_size=3, unique=True))
    want = set()
    for i in idx:
        words = WORD_RE.findall(p.segments[i].text)
        want |= {term(key(fold(w))) for k, w in enumerate(words) if (k and w[0].isupper()) or w[0].isdigit()}
    want.discard(None)
    assert named_stems(p, idx) == want


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS + [" ", ". ", '"']), max_size=40).map("".join),
       st.lists(st.tuples(st.integers(0, 200), st.integers(0, 60)), max_size=4))
def test_content_words_outside_quotations_match_a_slow_reading(text: str, spans: list[tuple[int, int]]) -> None:
    """Every content word of the text whose start lies in no quotation (quotations may nest), hashed as its stem."""
    import zlib

    from lineage.prepare import _content_words
    from lineage.text.words import key, term

    quotes = sorted((min(s, len(text)), min(s + n, len(text))) for s, n in spans)
    got = _content_words(text, [(0, len(text))], quotes)
    want = [(m.start(), m.end(), zlib.crc32(t.encode("utf-8"))) for m in WORD_RE.finditer(text)
            if (t := term(key(fold(m.group())))) is not None and not any(a <= m.start() < b for a, b in quotes)]
    assert list(zip(got.starts.tolist(), got.ends.tolist(), got.ids.tolist())) == want


def test_a_word_table_works_each_word_out_once_and_starts_afresh_past_its_limit() -> None:
    from lineage.text.words import WordTable

    made: list[str] = []
    table = WordTable(lambda w: made.append(w) or w.upper(), limit=2)
    assert [table[w] for w in ("ab", "cd", "ab")] == ["AB", "CD", "AB"] and made == ["ab", "cd"]
    assert table["ef"] == "EF" and set(table) == {"ef"}


@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 30)), max_size=6), st.lists(st.integers(0, 100), max_size=30))
def test_inside_quotes_matches_the_obvious_reading(raw: list[tuple[int, int]], offsets: list[int]) -> None:
    # One reading of "is this word quoted", shared by content words and phrase hashes; quotations may nest or overlap.
    from lineage.text.quotes import inside_quotes

    quotes = sorted((s, s + n) for s, n in raw)
    starts = np.array(offsets, dtype=np.int64)
    expected = [any(s <= o < e for s, e in quotes) for o in offsets]
    assert inside_quotes(starts, quotes).tolist() == expected


def _rare_reference(pa: PreparedDocument, pb: PreparedDocument, width: int, most: int) -> float:
    """Every window pair on the grid, its shared rare stems summed by surprise, the obvious way."""
    a, b = pa.words.ids.tolist(), pb.words.ids.tolist()
    ca, cb = Counter(a), Counter(b)
    weight = {s: math.log(max(1.0, len(a) / (width * ca[s]))) + math.log(max(1.0, len(b) / (width * cb[s])))
              for s in ca.keys() & cb.keys() if ca[s] <= most and cb[s] <= most}
    half = width // 2
    best = 0.0
    for x in range(-1, len(a) // half + 1):
        in_a = set(a[max(0, x * half):(x + 2) * half])
        for y in range(-1, len(b) // half + 1):
            shared = in_a & set(b[max(0, y * half):(y + 2) * half])
            best = max(best, sum(weight.get(s, 0.0) for s in shared))
    return round(best, 3)


content = ["council", "approved", "plan", "river", "bridge", "budget", "mayor", "vote", "school", "tax",
           "harbour", "museum", "rail", "park", "flood", "grant"]
prose = st.lists(st.lists(st.sampled_from(content), min_size=3, max_size=10).map(lambda ws: " ".join(ws) + "."),
                 min_size=1, max_size=12).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(prose, prose, st.integers(min_value=2, max_value=12), st.integers(min_value=1, max_value=4))
def test_rare_window_matches_every_window_pair_read_the_slow_way(a: str, b: str, width: int, most: int) -> None:
    pa, pb = prepare(a), prepare(b)
    expected = _rare_reference(pa, pb, width, most)
    assert rare_window(pa, pb, width, most) == pytest.approx(expected, abs=1e-3)
    assert rare_window(pb, pa, width, most) == pytest.approx(expected, abs=1e-3)


def test_rare_window_finds_a_reworded_copy_and_not_a_shared_subject() -> None:
    # The subject's words recur all through both texts; the copied words occur once in each.
    filler = " ".join("The council met again and talked about the budget, the mayor and the vote." for _ in range(40))
    copied = "Harbour cranes rusted while the museum trustees argued over rail grants and flood barriers."
    reworded = "While museum trustees argued over flood barriers and rail grants, the harbour cranes rusted."
    other = " ".join("Members debated the budget once more, and the mayor called a vote." for _ in range(40))
    with_copy = rare_window(prepare(filler + " " + copied), prepare(reworded + " " + other))
    without = rare_window(prepare(filler), prepare(other))
    assert with_copy > 20 and without == 0


def test_the_longer_texts_the_less_the_same_shared_words_weigh_with_no_step() -> None:
    params = EvidenceParams()
    base = ReuseEvidence(pairs=3, quoted_pairs=0, run_pairs=3, run_stems=12, seeds=4, seeds2=6, cluster_stems=8,
                         phrases=3, summaries=0, template=False, close_pairs=2, named_stems=1, rare_window=5.0)

    def logit(n: int) -> float:
        s = replace(base, shorter_words=n).score()
        return math.log(s / (1.0 - s))

    # Under short_words length changes nothing; past it, the score falls smoothly.
    assert logit(10) == logit(params.short_words - 1) == logit(params.short_words)
    assert logit(params.short_words) > logit(params.short_words + 1) > logit(5 * params.short_words)
    assert logit(params.short_words + 1) == pytest.approx(logit(params.short_words), abs=0.02)
    assert logit(1000) - logit(100) == pytest.approx(params.length * math.log(10))
    # Every feature counts at every length, short texts included.
    for n in (params.short_words - 1, 3 * params.short_words):
        e = replace(base, shorter_words=n)
        assert e.score() < replace(e, rare_window=60.0).score()
        assert e.score() < replace(e, figures=9).score()


def test_evidence_params_refuse_a_short_words_under_one() -> None:
    with pytest.raises(OptionsError, match="short_words"):
        EvidenceParams(short_words=0)
    with pytest.raises(OptionsError, match="length"):
        EvidenceParams(length="a")  # type: ignore[arg-type]
