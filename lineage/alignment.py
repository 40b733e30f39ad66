"""Fuzzy sentence alignment: one-to-one, one-to-many and many-to-one, reordering allowed.

Identical sentences are paired first by a hash join; the rest are scored with
:func:`lineage.scoring.score_matrix` and paired greedily by descending score.
A pair then absorbs unpaired neighbouring sentences that add content the
other side holds, which finds merged and split sentences.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
from rapidfuzz.distance import Levenshtein

from .scoring import score_matrix, score_pair, stems
from .segments import Segment, normalise

VERBATIM, NEAR_VERBATIM, PARAPHRASE = "verbatim", "near-verbatim", "paraphrase"
#: Word-level edit similarity (0-1) at or above which a pair is verbatim / near-verbatim.
VERBATIM_AT, NEAR_VERBATIM_AT = 0.95, 0.80


@dataclass(frozen=True)
class AlignedPair:
    """Sentences of A aligned with sentences of B, with offsets and a 0-1 score.

    Attributes
    ----------
    a, b : tuple of int
        Indices of the aligned segments in each text (consecutive; more than
        one when sentences were merged or split).
    a_start, a_end, b_start, b_end : int
        Character extents in each text.
    score : float
        Sentence similarity, 0-1.
    label : str
        ``verbatim``, ``near-verbatim`` or ``paraphrase``.
    """

    a: tuple[int, ...]
    b: tuple[int, ...]
    a_start: int
    a_end: int
    b_start: int
    b_end: int
    score: float
    label: str


def label_for(edit: float) -> str:
    """Name the kind of reuse from the edit similarity of the two texts."""
    if edit >= VERBATIM_AT:
        return VERBATIM
    if edit >= NEAR_VERBATIM_AT:
        return NEAR_VERBATIM
    return PARAPHRASE


def _text(segs: Sequence[Segment], idx: Sequence[int]) -> str:
    return " ".join(segs[i].text for i in sorted(idx))


def _make(sa: Sequence[Segment], sb: Sequence[Segment], ia: list[int], ib: list[int], score: float) -> AlignedPair:
    ia, ib = sorted(ia), sorted(ib)
    ta, tb = _text(sa, ia), _text(sb, ib)
    wa, wb = normalise(ta).split(), normalise(tb).split()
    edit = 1.0 if wa == wb else Levenshtein.normalized_similarity(wa, wb)
    return AlignedPair(
        tuple(ia), tuple(ib),
        sa[ia[0]].start, sa[ia[-1]].end, sb[ib[0]].start, sb[ib[-1]].end,
        round(float(score), 4), label_for(edit),
    )


def align(
    sa: Sequence[Segment], sb: Sequence[Segment], min_score: float = 0.6
) -> tuple[AlignedPair, ...]:
    """Align the sentences of two texts.

    Parameters
    ----------
    sa, sb : sequence of Segment
        Sentences of text A and text B.
    min_score : float
        Pairs scoring below this (0-1) are not aligned.

    Returns
    -------
    tuple of AlignedPair
        Ordered by position in A.
    """
    na, nb = len(sa), len(sb)
    a_to: dict[int, int] = {}
    b_to: dict[int, int] = {}
    groups: list[tuple[list[int], list[int], float]] = []

    # Identical sentences: a hash join, no scoring needed.
    norm_b: dict[str, list[int]] = {}
    for j, s in enumerate(sb):
        key = normalise(s.text)
        if key:
            norm_b.setdefault(key, []).append(j)
    for i, s in enumerate(sa):
        bucket = norm_b.get(normalise(s.text))
        if bucket:
            j = bucket.pop(0)
            a_to[i], b_to[j] = len(groups), len(groups)
            groups.append(([i], [j], 1.0))

    rest_a = [i for i in range(na) if i not in a_to]
    rest_b = [j for j in range(nb) if j not in b_to]
    if rest_a and rest_b:
        mat = score_matrix([sa[i].text for i in rest_a], [sb[j].text for j in rest_b])
        rows, cols = np.nonzero(mat >= min_score)
        order = np.argsort(-mat[rows, cols], kind="stable")
        for k in order:
            i, j = rest_a[rows[k]], rest_b[cols[k]]
            if i in a_to or j in b_to:
                continue
            a_to[i], b_to[j] = len(groups), len(groups)
            groups.append(([i], [j], float(mat[rows[k], cols[k]])))

    groups = _absorb_neighbours(sa, sb, groups, a_to, b_to, min_score)
    pairs = [_make(sa, sb, ia, ib, sc) for ia, ib, sc in groups]
    pairs.sort(key=lambda p: (p.a[0], p.b[0]))
    return tuple(pairs)


def _absorb_neighbours(
    sa: Sequence[Segment],
    sb: Sequence[Segment],
    groups: list[tuple[list[int], list[int], float]],
    a_to: dict[int, int],
    b_to: dict[int, int],
    min_score: float,
) -> list[tuple[list[int], list[int], float]]:
    """Grow pairs with unpaired adjacent sentences that carry the other side's content."""
    out = [(list(ia), list(ib), sc) for ia, ib, sc in groups]
    for g in range(len(out)):
        changed = True
        while changed:
            changed = False
            ia, ib, sc = out[g]
            for side in ("a", "b"):
                own, other_idx = (ia, ib) if side == "a" else (ib, ia)
                segs, other_segs = (sa, sb) if side == "a" else (sb, sa)
                taken = a_to if side == "a" else b_to
                for cand in (min(own) - 1, max(own) + 1):
                    if cand < 0 or cand >= len(segs) or cand in taken:
                        continue
                    other_text = _text(other_segs, other_idx)
                    how = _adds_content(_text(segs, own), segs[cand].text, other_text)
                    if how is None:
                        continue
                    merged = own + [cand]
                    new_a, new_b = (merged, ib) if side == "a" else (ia, merged)
                    new_score = score_pair(_text(sa, new_a), _text(sb, new_b))
                    # Shared stems alone must not make the pair less alike (topical
                    # neighbours share stems); shared phrases may, within limits.
                    floor = min(sc, 0.99) - 0.02 if how == "stems" else min_score * 0.9
                    if new_score >= floor:
                        taken[cand] = g
                        out[g] = (sorted(new_a), sorted(new_b), max(sc, new_score) if sc < 1 else new_score)
                        changed = True
                        break
                if changed:
                    break
    return out


def _trigrams(text: str) -> set[tuple[str, ...]]:
    w = normalise(text).split()
    return set(zip(w, w[1:], w[2:]))


def _adds_content(own_text: str, cand_text: str, other_text: str) -> str | None:
    """How ``cand_text`` supplies content of ``other_text`` that ``own_text`` lacks, or None.

    Content is either stems (at least two new ones, a tenth of the other
    side, from a candidate that is not mostly unrelated material) or phrases:
    two or more word trigrams shared with the other side and new to the pair,
    which catches a clause paraphrased around a few reused words.
    """
    new_phrases = (_trigrams(cand_text) & _trigrams(other_text)) - _trigrams(own_text)
    if len(new_phrases) >= 2:
        return "phrases"
    other = set(stems(other_text))
    have = set(stems(own_text)) & other
    cand = set(stems(cand_text))
    gain = (cand & other) - have
    if len(gain) >= 2 and len(gain) >= 0.1 * len(other):
        if len(cand & other) >= max(3, len(cand) / 3) or len(gain) >= 3:
            return "stems"
    return None


def unaligned(segs: Sequence[Segment], pairs: Sequence[AlignedPair], side: str) -> tuple[Segment, ...]:
    """Segments of one side (``"a"`` or ``"b"``) that no pair covers."""
    used = {i for p in pairs for i in (p.a if side == "a" else p.b)}
    return tuple(s for s in segs if s.index not in used)
