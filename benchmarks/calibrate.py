"""Calibrate the sentence scorer on PAN 2013 training pairs, and check it on MRPC.

Usage::

    python benchmarks/calibrate.py [--corpus DIR] [--mrpc FILE] [--per-subset N]

For an even sample of PAN pairs from every subset, every candidate sentence
pair (sharing content stems) gets its features; it is a positive when both
sentences lie inside one plagiarism case and the source sentence is the
suspicious sentence's best match in that case, a negative when neither lies in
a case and it is the suspicious sentence's best candidate (a hard negative).
MRPC's sentence pairs are added with their human labels.  A logistic
regression on both gives the weights of :func:`lineage.scoring.combine`; the
tables give precision, recall and F1 at several thresholds with the weights in
use.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.append(str(REPO))

from benchmarks.pan13 import default_corpus, find_subsets, load_pairs, sample_pairs  # noqa: E402
from lineage import Document  # noqa: E402
from lineage.options import Options  # noqa: E402
from lineage.prepare import prepare  # noqa: E402
from lineage.scoring import BIAS, FEATURES, WEIGHTS, combine, feature_matrix  # noqa: E402


def _inside(start: int, end: int, lo: int, hi: int) -> bool:
    """At least half of [start, end) lies in [lo, hi)."""
    return max(0, min(end, hi) - max(start, lo)) >= 0.5 * (end - start)


def collect(corpus: Path, per_subset: int) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels of candidate sentence pairs from a sample of PAN pairs."""
    xs, ys = [], []
    for subset in find_subsets(corpus):
        for pair in sample_pairs(load_pairs(corpus, subset), per_subset):
            ta = (corpus / "susp" / pair.susp).read_text(encoding="utf-8")
            tb = (corpus / "src" / pair.src).read_text(encoding="utf-8")
            opts = Options(keep_boilerplate=True)
            pa, pb = prepare(Document.from_text(ta), opts), prepare(Document.from_text(tb), opts)
            sa, sb = pa.segments, pb.segments
            rows, cols, feats = feature_matrix(pa.stem_sets, pa.norms, pb.stem_sets, pb.norms, floor=0.1)
            if len(rows) == 0:
                continue
            in_a = np.array([[_inside(sa[i].start, sa[i].end, c.this_offset, c.this_end) for c in pair.cases]
                             for i in range(len(sa))], dtype=bool).reshape(len(sa), -1)
            in_b = np.array([[_inside(sb[j].start, sb[j].end, c.source_offset, c.source_end) for c in pair.cases]
                             for j in range(len(sb))], dtype=bool).reshape(len(sb), -1)
            label = np.full(len(rows), -1)
            neither = ~in_a[rows].any(axis=1) & ~in_b[cols].any(axis=1)
            same_case = (in_a[rows] & in_b[cols]).any(axis=1)
            # Only each sentence's best candidate matters to a greedy matching:
            # label those, so negatives are the hard, topical near-misses.
            rank = feats[:, 0] + feats[:, 1]
            for mask, value in ((same_case, 1), (neither, 0)):
                best: dict[int, int] = {}
                for k in np.nonzero(mask)[0]:
                    if rows[k] not in best or rank[k] > rank[best[rows[k]]]:
                        best[rows[k]] = k
                label[list(best.values())] = value
            keep = label >= 0
            xs.append(feats[keep])
            ys.append(label[keep])
    return np.vstack(xs), np.concatenate(ys)


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1e-3, iters: int = 50) -> np.ndarray:
    """Newton's method for L2-regularised logistic regression; returns [bias, w...]."""
    X = np.hstack([np.ones((len(x), 1)), x])
    # Balance the classes so the 0.5 point is not dictated by how rare positives are.
    wts = np.where(y == 1, 0.5 / max(y.mean(), 1e-9), 0.5 / max(1 - y.mean(), 1e-9))
    beta = np.zeros(X.shape[1])
    for _ in range(iters):
        p = 1 / (1 + np.exp(-X @ beta))
        grad = X.T @ (wts * (p - y)) / len(y) + l2 * beta
        H = (X * (wts * p * (1 - p))[:, None]).T @ X / len(y) + l2 * np.eye(X.shape[1])
        beta -= np.linalg.solve(H, grad)
    return beta


def mrpc_pairs(path: Path) -> tuple[list[str], list[str], np.ndarray]:
    """Sentence pairs and labels of the MRPC training file."""
    a, b, y = [], [], []
    with path.open(encoding="utf-8-sig") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 5 or not parts[0].isdigit():
                continue
            y.append(int(parts[0]))
            a.append(parts[3])
            b.append(parts[4])
    return a, b, np.array(y)


def mrpc_features(a: list[str], b: list[str]) -> np.ndarray:
    """Feature rows of MRPC sentence pairs, computed as the scorer computes them."""
    from rapidfuzz import fuzz

    from lineage.scoring import features
    from lineage.text.words import normalise, stems

    cover, edit = [], []
    for x, y in zip(a, b):
        sx, sy = set(stems(x)), set(stems(y))
        cover.append(len(sx & sy) / max(len(sx), len(sy), 1))
        edit.append(fuzz.token_sort_ratio(normalise(x), normalise(y)) / 100.0)
    return features(np.array(cover), np.array(edit))


def _table(p: np.ndarray, y: np.ndarray) -> None:
    print("| threshold | precision | recall | F1 |\n|---|---|---|---|")
    for t in (0.4, 0.5, 0.6, 0.7, 0.8):
        tp = float(((p >= t) & (y == 1)).sum())
        prec = tp / max(1, int((p >= t).sum()))
        rec = tp / max(1, int(y.sum()))
        print(f"| {t:.1f} | {prec:.3f} | {rec:.3f} | {2 * prec * rec / max(1e-9, prec + rec):.3f} |")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=None)
    ap.add_argument("--mrpc", type=Path, default=None)
    ap.add_argument("--per-subset", type=int, default=200)
    args = ap.parse_args()
    corpus = args.corpus or default_corpus()
    mrpc = args.mrpc or Path(os.environ.get("LINEAGE_EVAL", REPO.parent / "shared" / "eval")) / "mrpc" / "msr_paraphrase_train.txt"
    if not corpus.is_dir() or not mrpc.is_file():
        print(f"skipped: PAN corpus ({corpus}) or MRPC file ({mrpc}) not found")
        return 0
    t0 = time.time()
    x, y = collect(corpus, args.per_subset)
    a, b, lab = mrpc_pairs(mrpc)
    xm = mrpc_features(a, b)
    print(f"PAN: {len(y)} candidate pairs ({int(y.sum())} positive); MRPC: {len(lab)} pairs; "
          f"{time.time() - t0:.0f}s; features {FEATURES}")
    beta = fit_logistic(np.vstack([x, xm]), np.concatenate([y, lab]))
    print("fitted on both: BIAS =", round(float(beta[0]), 3), " WEIGHTS =", tuple(round(float(w), 3) for w in beta[1:]))
    print("in use:         BIAS =", BIAS, " WEIGHTS =", WEIGHTS)
    print("\nPAN candidate sentence pairs, with the weights in use")
    _table(combine(x), y)
    pm = combine(xm)
    print("\nMRPC (paraphrase or not), with the weights in use")
    _table(pm, lab)
    print(f"\nMRPC accuracy at 0.5: {np.mean((pm >= 0.5) == (lab == 1)):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
