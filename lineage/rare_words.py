"""Words rare in both texts meeting in one place: the trace a reworded copy leaves.

Two texts on one subject use its words all through; a copy, however
reworded, shares words each text uses only once or twice, in one place.
:func:`best_rare_window` finds the pair of windows where such words meet.
"""

from __future__ import annotations

import numpy as np

from .prepare import PreparedDocument
from .seeds import Cluster

#: Content words in each text's window of :func:`rare_window`: an eighth of the
#: shorter text, within these bounds (a short text has fewer words to be rare among).
RARE_WIDTH = (8, 32)
#: A stem used more often than this in either text is not rare in it.
RARE_MOST = 8


def _stem_counts(p: PreparedDocument) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A text's distinct content stems, the index of each content word's stem among them, and their counts."""
    return p.memo("stem_counts", lambda d: np.unique(d.words.ids, return_inverse=True, return_counts=True))


def rare_window(pa: PreparedDocument, pb: PreparedDocument, width: int | None = None, most: int = RARE_MOST) -> float:
    """Surprise of the best pair of windows sharing stems rare in both texts (:func:`best_rare_window`)."""
    return best_rare_window(pa, pb, width, most)[0]


def best_rare_window(pa: PreparedDocument, pb: PreparedDocument, width: int | None = None,
                     most: int = RARE_MOST) -> tuple[float, Cluster | None]:
    """Surprise of the best pair of windows: the content stems rare in both texts that the two windows share.

    Two texts on one subject use its words all through, and share them
    everywhere; a copy, however reworded, shares words each text uses only
    once or twice, and shares them in one place.  A stem used ``c`` times in
    ``n`` content words falls in a window of ``width`` by chance with a
    probability near ``width * c / n``; its surprise is the sum over both
    texts of ``log(n / (width * c))`` (0 when that is negative).  Windows are
    ``width`` content words long and start every ``width // 2`` words.  The
    same for (a, b) as for (b, a).

    Parameters
    ----------
    pa, pb : PreparedDocument
        The texts.
    width : int, optional
        Content words per window; by default an eighth of the shorter text
        within :data:`RARE_WIDTH`.
    most : int
        Stems used more often than this in either text are left out.

    Returns
    -------
    float
        The largest summed surprise of one window pair (0 when none shares a rare stem).
    Cluster or None
        Where that window pair's shared rare stems lie in each text, their
        number as its seeds (None when no window pair shares one).
    """
    ua, inv_a, ca = _stem_counts(pa)
    ub, inv_b, cb = _stem_counts(pb)
    na, nb = len(inv_a), len(inv_b)
    if width is None:
        width = min(max(min(na, nb) // 8, RARE_WIDTH[0]), RARE_WIDTH[1])
    _, ka, kb = np.intersect1d(ua, ub, assume_unique=True, return_indices=True)
    with np.errstate(divide="ignore"):
        weight = (np.log(np.maximum(1.0, na / (width * ca[ka].astype(float))))
                  + np.log(np.maximum(1.0, nb / (width * cb[kb].astype(float)))))
    keep = (ca[ka] <= most) & (cb[kb] <= most) & (weight > 0)
    ka, kb, weight = ka[keep], kb[keep], weight[keep]
    if not len(weight):
        return 0.0, None
    # Number the kept stems 0..m-1, then list their occurrences in each text.
    m = len(weight)
    number_a = np.full(len(ua), -1, dtype=np.int64)
    number_a[ka] = np.arange(m)
    number_b = np.full(len(ub), -1, dtype=np.int64)
    number_b[kb] = np.arange(m)
    sa, sb = number_a[inv_a.ravel()], number_b[inv_b.ravel()]
    pos_a, pos_b = np.flatnonzero(sa >= 0), np.flatnonzero(sb >= 0)
    sa = sa[pos_a]
    order = np.argsort(sb[pos_b], kind="stable")
    pos_b, sb = pos_b[order], sb[pos_b][order]
    # Every occurrence in A with every occurrence of its stem in B.
    lo, hi = np.searchsorted(sb, sa, "left"), np.searchsorted(sb, sa, "right")
    reps = hi - lo
    first = np.repeat(lo, reps) + np.arange(int(reps.sum())) - np.repeat(np.cumsum(reps) - reps, reps)
    stem = np.repeat(sa, reps)
    occ_a, occ_b = np.repeat(pos_a, reps), pos_b[first]
    half = max(1, width // 2)
    cell_a, cell_b = occ_a // half, occ_b // half
    # A window pair spans two cells of each text; each occurrence lies in four such pairs.
    rows = nb // half + 3
    keys = np.concatenate([((cell_a - da + 1) * rows + (cell_b - db + 1)) * m + stem
                           for da in (0, 1) for db in (0, 1)])
    distinct = np.unique(keys)
    blocks, block = np.unique(distinct // m, return_inverse=True)
    sums = np.bincount(block.ravel(), weights=weight[distinct % m])
    best = int(sums.argmax())
    inside = np.flatnonzero(keys // m == blocks[best])
    # Keys were laid out as four copies of the occurrences, one per window pair holding them.
    at_a, at_b = occ_a[inside % len(occ_a)], occ_b[inside % len(occ_b)]
    wa, wb = pa.words, pb.words
    found = Cluster(int(np.count_nonzero(block.ravel() == best)),
                    int(wa.starts[at_a.min()]), int(wa.ends[at_a.max()]),
                    int(wb.starts[at_b.min()]), int(wb.ends[at_b.max()]))
    return round(float(sums[best]), 3), found
