"""Sentence similarity on one 0-1 scale: stem overlap and word-order-tolerant edit similarity.

The score is a logistic function of two features: the cover of content-word
stems (shared stems over the larger set: robust to paraphrase and reordering,
and low when a short sentence is only a subset of a long one) and rapidfuzz's
``token_sort_ratio`` (robust to small edits).  Weights and the
alignment threshold are calibrated on the PAN 2013 and MRPC training data by
``benchmarks/calibrate.py``; the figures are in ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files
from typing import Sequence

import numpy as np
from rapidfuzz import fuzz, process
from scipy import sparse

from .segments import normalise

#: Logistic weights of ``FEATURES`` and bias; calibrated, see module docstring.
WEIGHTS = (8.027, 1.807)
BIAS = -3.743
#: Stems are word prefixes of this length (a cheap, language-light stemmer).
STEM = 5
_WORD = re.compile(r"\w+")
# Above this many cells the edit matrix is only computed on candidate rows/columns.
_DENSE_LIMIT = 2_000_000


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """English function words ignored by the overlap feature."""
    text = files("lineage").joinpath("data/stopwords.txt").read_text(encoding="utf-8")
    return frozenset(text.split())


def stems(text: str) -> list[str]:
    """Content-word stems of a sentence, in order (duplicates kept)."""
    stop = stopwords()
    return [w[:STEM] for w in _WORD.findall(text.casefold()) if w not in stop and not w.isdigit()] + [
        w for w in _WORD.findall(text) if w.isdigit()
    ]


def _incidence(stem_lists: Sequence[Sequence[str]], vocab: dict[str, int]) -> sparse.csr_matrix:
    rows, cols = [], []
    for i, sl in enumerate(stem_lists):
        for s in set(sl):
            rows.append(i)
            cols.append(vocab.setdefault(s, len(vocab)))
    data = np.ones(len(rows), dtype=np.float32)
    return sparse.csr_matrix((data, (rows, cols)), shape=(len(stem_lists), max(len(vocab), 1)))


class PairFeatures:
    """Overlap counts and sizes of every sentence pair between two lists, computed sparsely."""

    def __init__(self, texts_a: Sequence[str], texts_b: Sequence[str]) -> None:
        self.stems_a = [stems(t) for t in texts_a]
        self.stems_b = [stems(t) for t in texts_b]
        vocab: dict[str, int] = {}
        a = _incidence(self.stems_a, vocab)
        b = _incidence(self.stems_b, vocab)
        b = sparse.csr_matrix(b, shape=(b.shape[0], a.shape[1])) if b.shape[1] < a.shape[1] else b
        a = sparse.csr_matrix(a, shape=(a.shape[0], b.shape[1])) if a.shape[1] < b.shape[1] else a
        self.overlap = (a @ b.T).tocoo()
        self.size_a = np.asarray(a.sum(axis=1)).ravel()
        self.size_b = np.asarray(b.sum(axis=1)).ravel()
        self.norm_a = [normalise(t) for t in texts_a]
        self.norm_b = [normalise(t) for t in texts_b]


#: Names of the features the score combines, in order.
FEATURES = ("cover", "edit")


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


def feature_matrix(f: PairFeatures, floor: float = 0.2) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows, columns and features of the sentence pairs whose stem Dice overlap reaches ``floor``."""
    ov = f.overlap
    denom = f.size_a[ov.row] + f.size_b[ov.col]
    dice = np.where(denom > 0, 2.0 * ov.data / np.maximum(denom, 1), 0.0)
    keep = dice >= floor
    rows, cols, dice = ov.row[keep], ov.col[keep], dice[keep]
    if len(rows) == 0:
        return rows, cols, np.zeros((0, len(FEATURES)), dtype=np.float32)
    shared = ov.data[keep]
    cover = shared / np.maximum(np.maximum(f.size_a[rows], f.size_b[cols]), 1)
    edit = _edit_values(f.norm_a, f.norm_b, rows, cols)
    return rows, cols, features(cover, edit)


def score_matrix(texts_a: Sequence[str], texts_b: Sequence[str], floor: float = 0.2) -> np.ndarray:
    """Scores (0-1) of every sentence of ``texts_a`` against every sentence of ``texts_b``.

    Pairs whose stem overlap cannot reach ``floor`` are left at 0 without
    computing their edit similarity.

    Parameters
    ----------
    texts_a, texts_b : sequence of str
        Sentences.
    floor : float
        Pairs whose Dice overlap of stems is below this get score 0.

    Returns
    -------
    numpy.ndarray
        ``len(texts_a) x len(texts_b)`` float32 matrix.
    """
    out = np.zeros((len(texts_a), len(texts_b)), dtype=np.float32)
    if len(texts_a) == 0 or len(texts_b) == 0:
        return out
    rows, cols, feats = feature_matrix(PairFeatures(texts_a, texts_b), floor)
    if len(rows):
        out[rows, cols] = combine(feats)
    return out


def _edit_values(
    norm_a: Sequence[str], norm_b: Sequence[str], rows: np.ndarray, cols: np.ndarray
) -> np.ndarray:
    """token_sort_ratio (0-1) for the given pairs, with one ``cdist`` over the rows and columns used."""
    ur, ri = np.unique(rows, return_inverse=True)
    uc, ci = np.unique(cols, return_inverse=True)
    if len(ur) * len(uc) <= _DENSE_LIMIT:
        mat = process.cdist(
            [norm_a[i] for i in ur], [norm_b[j] for j in uc],
            scorer=fuzz.token_sort_ratio, dtype=np.float32, workers=1,
        )
        return mat[ri, ci] / 100.0
    return np.array(
        [fuzz.token_sort_ratio(norm_a[i], norm_b[j]) for i, j in zip(rows, cols)], dtype=np.float32
    ) / 100.0


def pair_scores(texts_a: Sequence[str], texts_b: Sequence[str]) -> np.ndarray:
    """Scores of aligned pairs ``(texts_a[i], texts_b[i])``, element-wise (0-1).

    Equal to :func:`score_pair` on each pair; the edit similarities come from
    one ``rapidfuzz.process.cpdist`` call.
    """
    if len(texts_a) != len(texts_b):
        raise ValueError("texts_a and texts_b must have the same length")
    if len(texts_a) == 0:
        return np.zeros(0, dtype=np.float32)
    cover = np.array([_cover(x, y) for x, y in zip(texts_a, texts_b)], dtype=np.float64)
    edit = process.cpdist(
        [normalise(x) for x in texts_a], [normalise(y) for y in texts_b],
        scorer=fuzz.token_sort_ratio, dtype=np.float64, workers=1,
    ) / 100.0
    return combine(features(cover, edit))


def _cover(a: str, b: str) -> float:
    """Shared content stems over the size of the larger stem set."""
    sa, sb = set(stems(a)), set(stems(b))
    return len(sa & sb) / max(len(sa), len(sb), 1)


def score_pair(a: str, b: str) -> float:
    """Score of one sentence pair (0-1); the slow, obvious reference for :func:`score_matrix`."""
    cover = _cover(a, b)
    edit = fuzz.token_sort_ratio(normalise(a), normalise(b)) / 100.0
    feats = features(np.array([cover]), np.array([edit]))
    return float(combine(feats)[0])


def containment(a: str, b: str) -> float:
    """Share of the content stems of ``a`` found in ``b`` (0-1)."""
    sa = set(stems(a))
    return len(sa & set(stems(b))) / len(sa) if sa else 0.0


def edit_ratio(a: str, b: str) -> float:
    """Plain edit similarity of the normalised texts (0-1): tells verbatim from paraphrase."""
    return fuzz.ratio(normalise(a), normalise(b)) / 100.0
