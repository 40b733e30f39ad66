"""Sentence similarity on one 0-1 scale: stem overlap and word-order-tolerant edit similarity.

The score is a logistic function of two features: the cover of content-word
stems (shared stems over the larger set: robust to paraphrase and reordering,
and low when a short sentence is only a subset of a long one) and rapidfuzz's
``token_sort_ratio`` (robust to small edits).  Weights and the alignment
threshold are calibrated on the PAN 2013 and MRPC training data by
``benchmarks/calibrate.py``; the figures are in ``benchmarks/RESULTS.md``.
Candidate pairs come from a join on shared stems (numpy), so the work grows
with the pairs that share words, not with the product of the two lengths.
"""

from __future__ import annotations

from typing import AbstractSet, Sequence

import numpy as np
from rapidfuzz import fuzz, process

from .text.words import normalise, stems

#: Logistic weights of ``FEATURES`` and bias; calibrated, see module docstring.
WEIGHTS = (7.903, 2.239)
BIAS = -3.922
#: Names of the features the score combines, in order.
FEATURES = ("cover", "edit")
#: Pairs whose stem Dice overlap is below this are not scored (they score near 0).
DICE_FLOOR = 0.2

StemSet = AbstractSet[str]


def features(cover: np.ndarray, edit: np.ndarray) -> np.ndarray:
    """Feature rows (one per pair): stem cover and edit similarity.

    Cover is the number of shared stems over the size of the larger stem set:
    a short sentence whose words are a subset of a long one covers little of
    it.  Dice overlap or shared-stem counts fit PAN marginally better but rate
    such subsets highly, so they are left out.
    """
    return np.column_stack([cover, edit]).astype(np.float32)


def combine(feats: np.ndarray) -> np.ndarray:
    """The 0-1 sentence score: a logistic function of the features (weights calibrated)."""
    z = BIAS + feats @ np.asarray(WEIGHTS, dtype=np.float32)
    return (1.0 / (1.0 + np.exp(-z))).astype(np.float32)


def shared_stems(
    stems_a: Sequence[StemSet], stems_b: Sequence[StemSet]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows, columns and counts of shared stems of every pair of sets that share one.

    A join on the stems: each stem pairs the sets of A holding it with the
    sets of B holding it.
    """
    vocab: dict[str, int] = {}
    ra, sa = _incidence(stems_a, vocab)
    rb, sb = _incidence(stems_b, vocab)
    empty = np.empty(0, dtype=np.int64)
    if len(ra) == 0 or len(rb) == 0:
        return empty, empty, empty
    order = np.argsort(sb, kind="stable")
    sb, rb = sb[order], rb[order]
    lo = np.searchsorted(sb, sa, side="left")
    hi = np.searchsorted(sb, sa, side="right")
    counts = hi - lo
    total = int(counts.sum())
    if total == 0:
        return empty, empty, empty
    rows = np.repeat(ra, counts)
    # Position in B's sorted incidence of each expanded entry: lo of its A entry plus a running offset.
    first = np.repeat(np.cumsum(counts) - counts, counts)
    cols = rb[np.repeat(lo, counts) + (np.arange(total) - first)]
    keys, shared = np.unique(rows * len(stems_b) + cols, return_counts=True)
    return keys // len(stems_b), keys % len(stems_b), shared


def _incidence(sets: Sequence[StemSet], vocab: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    rows: list[int] = []
    cols: list[int] = []
    for i, s in enumerate(sets):
        for stem in s:
            rows.append(i)
            cols.append(vocab.setdefault(stem, len(vocab)))
    return np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64)


def feature_matrix(
    stems_a: Sequence[StemSet], norm_a: Sequence[str],
    stems_b: Sequence[StemSet], norm_b: Sequence[str], floor: float = DICE_FLOOR,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows, columns and features of the sentence pairs whose stem Dice overlap reaches ``floor``."""
    rows, cols, shared = shared_stems(stems_a, stems_b)
    size_a = np.fromiter((len(s) for s in stems_a), dtype=np.int64, count=len(stems_a))
    size_b = np.fromiter((len(s) for s in stems_b), dtype=np.int64, count=len(stems_b))
    if len(rows):
        dice = 2.0 * shared / np.maximum(size_a[rows] + size_b[cols], 1)
        keep = dice >= floor
        rows, cols, shared = rows[keep], cols[keep], shared[keep]
    if len(rows) == 0:
        return rows, cols, np.zeros((0, len(FEATURES)), dtype=np.float32)
    cover = shared / np.maximum(np.maximum(size_a[rows], size_b[cols]), 1)
    edit = process.cpdist(
        [norm_a[i] for i in rows], [norm_b[j] for j in cols],
        scorer=fuzz.token_sort_ratio, dtype=np.float32, workers=1,
    ) / 100.0
    return rows, cols, features(cover, edit)


def score_matrix(
    stems_a: Sequence[StemSet], norm_a: Sequence[str],
    stems_b: Sequence[StemSet], norm_b: Sequence[str], floor: float = DICE_FLOOR,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Scores (0-1) of the sentence pairs of two texts that share enough stems.

    Parameters
    ----------
    stems_a, stems_b : sequence of set of str
        Content stems of each sentence.
    norm_a, norm_b : sequence of str
        Each sentence normalised (:func:`lineage.text.words.normalise`).
    floor : float
        Pairs whose Dice overlap of stems is below this are left out.

    Returns
    -------
    rows, cols, scores : numpy.ndarray
        Sentence indices in A and B of each scored pair, and its score.
    """
    rows, cols, feats = feature_matrix(stems_a, norm_a, stems_b, norm_b, floor)
    return rows, cols, combine(feats) if len(rows) else np.zeros(0, dtype=np.float32)


def score_sets(stems_a: StemSet, norm_a: str, stems_b: StemSet, norm_b: str) -> float:
    """Score of one pair given its stems and normalised texts (0-1)."""
    cover = len(stems_a & stems_b) / max(len(stems_a), len(stems_b), 1)
    edit = fuzz.token_sort_ratio(norm_a, norm_b) / 100.0
    return float(combine(features(np.array([cover]), np.array([edit])))[0])


def score_pair(a: str, b: str) -> float:
    """Score of one sentence pair (0-1); the slow, obvious reference for :func:`score_matrix`."""
    return score_sets(set(stems(a)), normalise(a), set(stems(b)), normalise(b))


def pair_scores(texts_a: Sequence[str], texts_b: Sequence[str]) -> np.ndarray:
    """Scores of aligned pairs ``(texts_a[i], texts_b[i])``, element-wise (0-1).

    Equal to :func:`score_pair` on each pair; the edit similarities come from
    one ``rapidfuzz.process.cpdist`` call.
    """
    if len(texts_a) != len(texts_b):
        raise ValueError("texts_a and texts_b must have the same length")
    if len(texts_a) == 0:
        return np.zeros(0, dtype=np.float32)
    sa, sb = [set(stems(x)) for x in texts_a], [set(stems(y)) for y in texts_b]
    cover = np.array([len(x & y) / max(len(x), len(y), 1) for x, y in zip(sa, sb)], dtype=np.float64)
    edit = process.cpdist(
        [normalise(x) for x in texts_a], [normalise(y) for y in texts_b],
        scorer=fuzz.token_sort_ratio, dtype=np.float64, workers=1,
    ) / 100.0
    return combine(features(cover, edit))
