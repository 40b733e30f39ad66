"""Accuracy and F1 of lineage's sentence scorer on MRPC, beside plain rapidfuzz scorers.

Usage::

    python benchmarks/mrpc.py [--data FILE] [--folds 10] [--seed 0] [--json]

Every method scores all sentence pairs in one batch (lineage:
:func:`lineage.scoring.pair_scores`; rapidfuzz: ``process.cpdist`` with
``fuzz.ratio`` or ``fuzz.token_set_ratio``, texts lowercased and stripped of
punctuation by ``utils.default_process``, scaled to 0-1).  The decision
threshold (a pair is a paraphrase when its score is at or above it) is chosen
by stratified k-fold cross-validation: on each fold the threshold that
maximises accuracy on the other folds is measured on the held-out fold; the
table gives mean and sd over folds, and the threshold chosen on the whole
file.  The majority-class baseline predicts the training folds' majority.
The data is read from ``--data``, else ``$LINEAGE_EVAL/mrpc/msr_paraphrase_train.txt``,
else ``../shared/eval/mrpc/msr_paraphrase_train.txt`` next to the repository.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process, utils

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.append(str(REPO))

from benchmarks.mrpc_findings import default_path, read_pairs  # noqa: E402
from lineage.options import Options  # noqa: E402
from lineage.scoring import pair_scores  # noqa: E402

Scorer = Callable[[list[str], list[str]], np.ndarray]


def rapidfuzz_scorer(scorer: Callable[..., float]) -> Scorer:
    """A batch scorer (0-1) from a rapidfuzz scorer, applied pairwise with ``cpdist``."""

    def run(a: list[str], b: list[str]) -> np.ndarray:
        out = process.cpdist(a, b, scorer=scorer, processor=utils.default_process,
                             dtype=np.float64, workers=1)
        return np.asarray(out, dtype=np.float64) / 100.0

    return run


def lineage_scorer(a: list[str], b: list[str]) -> np.ndarray:
    """lineage's sentence scorer (0-1) on every pair."""
    return pair_scores(a, b).astype(np.float64)


METHODS: dict[str, Scorer] = {
    "lineage scorer": lineage_scorer,
    "rapidfuzz fuzz.ratio": rapidfuzz_scorer(fuzz.ratio),
    "rapidfuzz fuzz.token_set_ratio": rapidfuzz_scorer(fuzz.token_set_ratio),
}


def best_threshold(scores: np.ndarray, labels: np.ndarray) -> float:
    """Threshold maximising accuracy of ``score >= t``: a midpoint between distinct scores.

    Ties go to the lowest such threshold.
    """
    values = np.unique(scores)
    cuts = np.concatenate([[values[0] - 1e-6], (values[:-1] + values[1:]) / 2, [values[-1] + 1e-6]])
    order = np.sort(scores)
    pos_sorted = labels[np.argsort(scores, kind="stable")]
    below = np.searchsorted(order, cuts, side="left")  # pairs predicted negative
    neg_below = np.concatenate([[0], np.cumsum(1 - pos_sorted)])[below]
    pos_above = int(labels.sum()) - np.concatenate([[0], np.cumsum(pos_sorted)])[below]
    correct = neg_below + pos_above
    return float(cuts[int(np.argmax(correct))])


def accuracy_f1(pred: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """Accuracy, and F1 of the positive (paraphrase) class."""
    tp = int((pred & (labels == 1)).sum())
    fp = int((pred & (labels == 0)).sum())
    fn = int((~pred & (labels == 1)).sum())
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return float((pred == (labels == 1)).mean()), f1


def folds(labels: np.ndarray, k: int, seed: int) -> list[np.ndarray]:
    """Stratified folds: each class shuffled (seeded) and dealt round-robin."""
    rng = np.random.default_rng(seed)
    fold_of = np.empty(len(labels), dtype=int)
    for cls in np.unique(labels):
        idx = rng.permutation(np.flatnonzero(labels == cls))
        fold_of[idx] = np.arange(len(idx)) % k
    return [np.flatnonzero(fold_of == f) for f in range(k)]


def cross_validate(
    scores: np.ndarray | None, labels: np.ndarray, parts: Sequence[np.ndarray], fixed: float | None = None
) -> dict[str, object]:
    """Per-fold accuracy and F1 with the threshold fitted on the other folds.

    ``scores=None`` is the majority-class baseline; ``fixed`` skips fitting.
    """
    accs, f1s, thresholds = [], [], []
    for test in parts:
        train = np.setdiff1d(np.arange(len(labels)), test)
        if scores is None:
            majority = bool(labels[train].mean() >= 0.5)
            pred = np.full(len(test), majority)
        else:
            t = fixed if fixed is not None else best_threshold(scores[train], labels[train])
            thresholds.append(t)
            pred = scores[test] >= t
        acc, f1 = accuracy_f1(pred, labels[test])
        accs.append(acc)
        f1s.append(f1)
    if scores is None:
        full = None
    else:
        full = fixed if fixed is not None else best_threshold(scores, labels)
    return {
        "threshold": full,
        "fold_thresholds": [round(t, 4) for t in thresholds],
        "accuracy_mean": float(np.mean(accs)), "accuracy_sd": float(np.std(accs, ddof=1)),
        "f1_mean": float(np.mean(f1s)), "f1_sd": float(np.std(f1s, ddof=1)),
    }


def run(path: Path, k: int, seed: int) -> dict[str, object]:
    """Score every pair with every method and cross-validate thresholds."""
    pairs = read_pairs(path)
    a, b = [p.s1 for p in pairs], [p.s2 for p in pairs]
    labels = np.array([p.label for p in pairs])
    parts = folds(labels, k, seed)
    rows: list[dict[str, object]] = []
    lineage_scores = None
    for name, scorer in METHODS.items():
        t0 = time.perf_counter()
        scores = scorer(a, b)
        elapsed = time.perf_counter() - t0
        if name == "lineage scorer":
            lineage_scores = scores
        rows.append({"method": name, "seconds": round(elapsed, 3), **cross_validate(scores, labels, parts)})
    fixed = Options().min_sentence_score
    assert lineage_scores is not None
    rows.insert(1, {"method": f"lineage scorer, fixed {fixed} (alignment threshold)",
                    **cross_validate(lineage_scores, labels, parts, fixed=fixed)})
    rows.append({"method": "majority class", **cross_validate(None, labels, parts)})
    return {
        "data": str(path), "pairs": len(pairs), "positives": int(labels.sum()),
        "folds": k, "seed": seed, "methods": rows,
    }


def print_table(result: dict[str, object]) -> None:
    """Markdown table of the methods."""
    print(f"data: {result['data']} ({result['pairs']} pairs, {result['positives']} paraphrases); "
          f"{result['folds']}-fold stratified CV, seed {result['seed']}")
    print()
    print("| method | threshold (full file) | accuracy (CV mean ± sd) | F1 (CV mean ± sd) |")
    print("|---|---|---|---|")
    methods = result["methods"]
    assert isinstance(methods, list)
    for r in methods:
        t = "—" if r["threshold"] is None else f"{r['threshold']:.3f}"
        print(f"| {r['method']} | {t} | {r['accuracy_mean']:.3f} ± {r['accuracy_sd']:.3f} "
              f"| {r['f1_mean']:.3f} ± {r['f1_sd']:.3f} |")
    print()
    timed = ", ".join(f"{r['method']} {r['seconds']:.2f} s" for r in methods if "seconds" in r)
    print(f"scoring time for all pairs: {timed}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; returns the exit status."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=None, help="path of msr_paraphrase_train.txt")
    ap.add_argument("--folds", type=int, default=10)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    args = ap.parse_args(argv)
    path = args.data or default_path()
    if not path.is_file():
        print(f"skipped: MRPC data not found ({path})")
        return 0
    result = run(path, args.folds, args.seed)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print_table(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
