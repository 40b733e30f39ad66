"""Candidate pairs of a corpus without comparing every pair: MinHash LSH over documents and sentences.

Two indexes find pairs worth aligning: one over document signatures of word
shingles, for copies; one over sentence signatures of content-word stems, for
paraphrases whose overall shingle overlap is low (001 and 002 share about
15 % of their 3-shingles but most of their sentences' stems).

Signatures are datasketch's own (scheme ``affine32``, see
:mod:`lineage.fingerprints`) and the bands and rows are those
``datasketch.MinHashLSH`` picks for each threshold, but the index is built in
bulk with numpy: document signatures come with the prepared documents,
sentence signatures are computed in one pass over all hashes, each band is
sorted once, and rows sharing a band value are buckets.  A
collision is kept when the signatures' estimated Jaccard similarity confirms
it (LSH alone lets through many pairs well under its threshold).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator, Protocol, Sequence

import numpy as np

from .fingerprints import signatures
from .params import CandidateParams
from .prepare import PreparationScheme

_M64 = np.uint64(0x9E3779B97F4A7C15)


@dataclass(frozen=True)
class Candidate:
    """A pair of documents (indices, ``a < b``) worth aligning, and why."""

    a: int
    b: int
    document_hit: bool
    sentence_hits: int


class Indexable(Protocol):
    """What the indexes read of a document: a prepared document, or its :class:`lineage.packed.Signed` part."""

    @property
    def scheme(self) -> PreparationScheme: ...

    @property
    def shingles(self) -> int: ...

    @property
    def signature(self) -> np.ndarray: ...

    def sentence_hashes(self) -> list[tuple[int, np.ndarray]]: ...


@lru_cache(maxsize=8)
def _bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """Bands and rows per band that ``datasketch.MinHashLSH`` uses for this threshold."""
    from datasketch import MinHashLSH  # its import is slow: only where an index is built

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


def band_keys(sigs: np.ndarray, threshold: float) -> np.ndarray:
    """LSH band keys of signature rows (uint64, one column per band): rows equal on a band share its key."""
    b, r = _bands(threshold, sigs.shape[1])
    keys = np.zeros((len(sigs), b), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for band in range(b):
            for col in range(band * r, (band + 1) * r):
                keys[:, band] = keys[:, band] * _M64 + sigs[:, col].astype(np.uint64)
    return keys


def buckets(sigs: np.ndarray, threshold: float) -> Iterator[np.ndarray]:
    """Groups of rows of ``sigs`` that agree on every value of at least one LSH band.

    Groups come as matrices, one row a group, one matrix per band and group
    size: most keys are alone in their band, and splitting them one array
    each cost half the time of finding the candidates.
    """
    keys = band_keys(sigs, threshold)
    for band in range(keys.shape[1]):
        key = keys[:, band]
        order = np.argsort(key, kind="stable")
        sk = key[order]
        bounds = np.flatnonzero(np.concatenate(([True], sk[1:] != sk[:-1], [True])))
        starts, sizes = bounds[:-1], np.diff(bounds)
        for k in np.unique(sizes[sizes > 1]).tolist():
            yield order[starts[sizes == k][:, None] + np.arange(k)]


def _pair_keys(groups: Iterable[np.ndarray], n: int, owner: np.ndarray | None = None) -> np.ndarray:
    """Distinct pairs of rows within each group, as ``min * n + max`` (of other owners only, if given).

    ``groups`` are matrices of one group a row.  Built in numpy a matrix at a
    time: a Python tuple per pair cost about 100 MB on Reuters' 440,000
    sentence pairs.
    """
    parts: list[np.ndarray] = []
    for g in groups:
        i, j = _upper(g.shape[1])
        x, y = g[:, i].ravel(), g[:, j].ravel()
        if owner is not None:
            keep = owner[x] != owner[y]
            x, y = x[keep], y[keep]
        parts.append(np.minimum(x, y).astype(np.int64) * n + np.maximum(x, y))
    return np.unique(np.concatenate(parts)) if parts else np.empty(0, dtype=np.int64)


@lru_cache(maxsize=64)
def _upper(k: int) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (i < j) of a group of ``k``."""
    return np.triu_indices(k, 1)


def agreement(sigs: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Estimated Jaccard similarity of signature rows ``x[i]`` and ``y[i]`` (share of equal values)."""
    out = np.empty(len(x), dtype=np.float64)
    for i in range(0, len(x), 65536):
        out[i:i + 65536] = (sigs[x[i:i + 65536]] == sigs[y[i:i + 65536]]).mean(axis=1)
    return out


def _document_pairs(sigs: np.ndarray, rows: np.ndarray, params: CandidateParams) -> set[tuple[int, int]]:
    """Document pairs colliding in the document index and confirmed by their signatures.

    ``rows`` maps signature rows to document indices.
    """
    keys = _pair_keys(buckets(sigs, params.doc_threshold), len(sigs))
    x, y = keys // len(sigs), keys % len(sigs)
    # LSH buckets let through many pairs well under the threshold; on newswire those are
    # the stock phrasing of unrelated stories ("Qtly div 15 cts vs 15 cts prior").
    keep = agreement(sigs, x, y) >= params.doc_threshold
    return {(int(min(a, b)), int(max(a, b))) for a, b in zip(rows[x[keep]], rows[y[keep]])}


def _sentence_hits(sigs: np.ndarray, owner: np.ndarray, n_docs: int, params: CandidateParams) -> dict[tuple[int, int], int]:
    """Per document pair (a < b), sentences of ``a`` confirmed to collide with a sentence of ``b``.

    A sentence whose confirmed collisions reach more than ``params.max_sentence_fanout``
    other documents (or that shares a band with that many) is a common phrase
    and counts for no pair.
    """
    n = len(sigs)
    common = np.zeros(n, dtype=bool)

    def uncommon(groups: Iterable[np.ndarray]) -> Iterator[np.ndarray]:
        for g in groups:
            if g.shape[1] > params.max_sentence_fanout + 1:
                o = np.sort(owner[g], axis=1)
                crowded = (o[:, 1:] != o[:, :-1]).sum(axis=1) >= params.max_sentence_fanout + 1
                common[g[crowded].ravel()] = True
                g = g[~crowded]
            if len(g):
                yield g

    keys = _pair_keys(uncommon(buckets(sigs, params.sentence_threshold)), n, owner)
    s1, s2 = keys // n, keys % n
    keep = agreement(sigs, s1, s2) >= params.sentence_threshold
    s1, s2 = s1[keep], s2[keep]
    # Fanout: distinct other documents each sentence collides with.
    sent = np.concatenate([s1, s2])
    other = np.concatenate([owner[s2], owner[s1]])
    uniq = np.unique(sent * n_docs + other)
    fanout = np.bincount(uniq // n_docs, minlength=n)
    lo = np.where(owner[s1] < owner[s2], s1, s2)
    hi = np.where(owner[s1] < owner[s2], s2, s1)
    ok = (fanout[lo] <= params.max_sentence_fanout) & ~common[lo]
    # One count per sentence of the lower document, whatever it collides with.
    counted = np.unique(lo[ok] * n_docs + owner[hi[ok]])
    hits: dict[tuple[int, int], int] = {}
    for s, b in zip((counted // n_docs).tolist(), (counted % n_docs).tolist()):
        key = (int(owner[s]), b)
        hits[key] = hits.get(key, 0) + 1
    return hits


def sentence_signatures(docs: Sequence[Indexable], num_perm: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Signatures of the indexed sentences of ``docs``, with each one's document position and segment index."""
    sent_sets: list[np.ndarray] = []
    owner: list[int] = []
    segs: list[int] = []
    for i, d in enumerate(docs):
        for seg, h in d.sentence_hashes():
            sent_sets.append(h)
            owner.append(i)
            segs.append(seg)
    seed = docs[0].scheme.signature.seed if docs else 1
    return (signatures(sent_sets, num_perm, seed), np.array(owner, dtype=np.int64),
            np.array(segs, dtype=np.int64))


def find_candidates(docs: Sequence[Indexable], params: CandidateParams = CandidateParams()) -> list[Candidate]:
    """Pairs of documents that share enough to be compared.

    Parameters
    ----------
    docs : sequence of PreparedDocument or Signed
        The corpus, prepared under one scheme.
    params : CandidateParams
        Thresholds of the two indexes and the fan-out cap of sentences.

    Returns
    -------
    list of Candidate
        Sorted by (a, b).
    """
    n = len(docs)
    rows = np.array([i for i, d in enumerate(docs) if d.shingles], dtype=np.int64)
    if len(rows):
        doc_sigs = np.stack([docs[i].signature for i in rows])
        doc_hits = _document_pairs(doc_sigs, rows, params)
    else:
        doc_hits = set()
    sent_sigs, owner, _ = sentence_signatures(docs, params.sentence_perm)
    sent_hits = _sentence_hits(sent_sigs, owner, n, params)
    pairs = doc_hits | set(sent_hits)
    return [Candidate(a, b, (a, b) in doc_hits, sent_hits.get((a, b), 0)) for a, b in sorted(pairs)]
