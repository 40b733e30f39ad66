"""Seeds: matches of context n-grams (sorted windows of content stems) between two texts.

Word substitutions, insertions and local shuffles break sentence boundaries
and exact shingles but leave many short windows of content words intact up
to their order.  Sorting each window makes its key order-free; keys shared by
both texts are seeds, and seeds dense in both texts form a cluster: evidence
of reuse and an extent for passages, even where no sentence aligns.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .prepare import ContentWords

#: Content stems per window.
WINDOW = 3
#: Largest distance (in content words) between consecutive seeds of one cluster, in each text.
MAX_GAP = 12


@dataclass(frozen=True)
class Cluster:
    """Seeds dense in both texts: how many, and the character extents they span."""

    seeds: int
    a_start: int
    a_end: int
    b_start: int
    b_end: int


@dataclass(frozen=True)
class Windows:
    """A text's window keys in content-word order, and its distinct keys with their counts."""

    keys: np.ndarray
    distinct: np.ndarray
    counts: np.ndarray

    @classmethod
    def of(cls, cw: ContentWords, k: int = WINDOW) -> "Windows":
        """The windows of ``k`` content stems of ``cw``."""
        n = len(cw.ids) - k + 1
        if n <= 0:
            empty = np.empty(0, dtype=np.uint64)
            return cls(empty, empty, np.empty(0, dtype=np.int64))
        win = np.sort(np.stack([cw.ids[j:j + n] for j in range(k)], axis=1), axis=1)
        key = np.zeros(n, dtype=np.uint64)
        with np.errstate(over="ignore"):
            for j in range(k):
                key = key * np.uint64(0x100000001B3) + win[:, j]
        distinct, counts = np.unique(key, return_counts=True)
        return cls(key, distinct, counts)


def seed_matches(a: Windows, b: Windows) -> tuple[np.ndarray, np.ndarray]:
    """Window positions (in content words) of every key shared by ``a`` and ``b``.

    A key frequent on both sides is a common phrase, not evidence: keys
    occurring more than five times in either text are ignored.
    """
    ka, kb = a.keys, b.keys
    common = np.intersect1d(a.distinct, b.distinct, assume_unique=True)
    if len(common) == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    rare = common[(a.counts[np.searchsorted(a.distinct, common)] <= 5)
                  & (b.counts[np.searchsorted(b.distinct, common)] <= 5)]
    ia = np.nonzero(np.isin(ka, rare))[0]
    ib_all = np.nonzero(np.isin(kb, rare))[0]
    # Join positions on key: sort b's positions by key, then look each of a's up.
    order = np.argsort(kb[ib_all], kind="stable")
    kb_sorted, ib_sorted = kb[ib_all][order], ib_all[order]
    lo = np.searchsorted(kb_sorted, ka[ia], side="left")
    hi = np.searchsorted(kb_sorted, ka[ia], side="right")
    reps = hi - lo
    pa = np.repeat(ia, reps)
    pb = np.concatenate([ib_sorted[s:e] for s, e in zip(lo, hi)]) if len(ia) else np.empty(0, dtype=np.int64)
    return pa.astype(np.int64), pb.astype(np.int64)


def clusters(a: ContentWords, b: ContentWords, k: int = WINDOW, max_gap: int = MAX_GAP,
             windows: tuple[Windows, Windows] | None = None) -> list[Cluster]:
    """Clusters of seeds close together in both texts, largest first.

    ``windows`` are the texts' windows of ``k`` stems when already made
    (:meth:`Windows.of`): a document compared with many others makes them once.
    """
    wa, wb = windows or (Windows.of(a, k), Windows.of(b, k))
    pa, pb = seed_matches(wa, wb)
    if len(pa) == 0:
        return []
    order = np.lexsort((pb, pa))
    pa, pb = pa[order], pb[order]
    groups: list[list[int]] = []
    open_groups: list[int] = []  # indices into groups still reachable
    for idx in range(len(pa)):
        x, y = pa[idx], pb[idx]
        placed = False
        for g in reversed(open_groups):
            last = groups[g][-1]
            if x - pa[last] <= max_gap and abs(int(y) - int(pb[last])) <= max_gap * 2:
                groups[g].append(idx)
                placed = True
                break
        if not placed:
            groups.append([idx])
            open_groups.append(len(groups) - 1)
        # Groups whose last seed is too far behind can no longer grow.
        open_groups = [g for g in open_groups if x - pa[groups[g][-1]] <= max_gap]
    out = []
    for members in groups:
        ga, gb = pa[members], pb[members]
        out.append(Cluster(
            len(members),
            int(a.starts[ga.min()]), int(a.ends[min(ga.max() + k - 1, len(a.ends) - 1)]),
            int(b.starts[gb.min()]), int(b.ends[min(gb.max() + k - 1, len(b.ends) - 1)]),
        ))
    out.sort(key=lambda c: -c.seeds)
    return out
