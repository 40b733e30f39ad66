"""False reuse between independent texts on one subject: BBC stories that share a subject but no text, and PAN negatives.

Usage::

    python benchmarks/same_subject.py [--data EVAL_ROOT] [--min-cosine 0.45] [--max-pairs 1000]
                                      [--show N] [--no-pan] [--json FILE]

Data: ``--data``, else ``$LINEAGE_EVAL``, else ``../shared/eval`` beside the
repository (``bbc/`` and ``pan13-train/``).  Without ``bbc/`` the script
prints one "skipped: ... not found" line and exits 0; without
``pan13-train/`` the PAN part is skipped.

BBC pairs (a second negative set, of independent texts on one subject):

* articles are read from ``bbc/<topic>/NNN.txt`` and exact duplicates
  (equal casefolded word sequences) are set aside, one kept per group;
* *same subject*: the TF-IDF cosine of content-word stems
  (:func:`lineage.scoring.stems`, sublinear tf, idf ``log(N/df)``) is at
  least ``--min-cosine``, or the two share at least ``MIN_SHARED_NAMES`` rare
  capitalised names (a capitalised word not starting a sentence, in at most
  ``RARE_NAME_DF`` articles) with a cosine of at least ``NAME_COSINE_FLOOR``;
* *not copying*: no shared run of ``SHARED_RUN_WORDS`` words (BBC reuses its
  own sentences and quotations across stories; such pairs are reuse and are
  left out) and word 3-shingle Jaccard below ``MAX_JACCARD``;
* when more than ``--max-pairs`` remain, the most similar by cosine are kept.

Each pair is compared once, lower id as A.  A false positive is a verdict of
reuse (identical, near-duplicate, paraphrase or partial reuse).  The PAN part
compares the negatives of the PAN 2013 training corpus (``01-no-plagiarism``
and the case-less pairs of ``05-summary-obfuscation``) with the loaders and
comparison of :mod:`benchmarks.pan13`, in one process.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from importlib.metadata import version
from pathlib import Path

import numpy as np
from scipy import sparse

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.append(str(REPO))

from benchmarks.one_edit import eval_root, normalised, read_bbc  # noqa: E402
from benchmarks.pan13 import load_pairs  # noqa: E402
from benchmarks.pan13 import run as pan13_run  # noqa: E402
from benchmarks.pan13_corpus import DETECTED_VERDICTS  # noqa: E402
from lineage import compare  # noqa: E402
from lineage.text.words import stems  # noqa: E402

SHARED_RUN_WORDS = 8
MAX_JACCARD = 0.2
MIN_SHARED_NAMES = 3
RARE_NAME_DF = 10
NAME_COSINE_FLOOR = 0.15
VERDICT_ORDER = ("identical", "near-duplicate", "paraphrase", "partial reuse", "related", "unrelated")
_WORD = re.compile(r"\w+")
_NAME = re.compile(r"(?<=[a-z,] )[A-Z][a-z]{2,}")


@dataclass(frozen=True)
class PairOutcome:
    """One BBC pair, why it was chosen, and lineage's verdict."""

    a: str
    b: str
    cosine: float
    shared_names: int
    verdict: str
    reused_a: float
    reused_b: float
    aligned: int
    passages: int
    findings: int


def _tfidf(docs: Sequence[list[str]]) -> sparse.csr_matrix:
    """Rows of L2-normalised TF-IDF weights (sublinear tf) over the docs' stems."""
    vocab: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for i, d in enumerate(docs):
        for s, c in Counter(d).items():
            rows.append(i)
            cols.append(vocab.setdefault(s, len(vocab)))
            vals.append(1.0 + math.log(c))
    m = sparse.csr_matrix((vals, (rows, cols)), shape=(len(docs), len(vocab)))
    df = np.bincount(m.indices, minlength=len(vocab))
    m = m @ sparse.diags(np.log(len(docs) / df))
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    return sparse.csr_matrix(sparse.diags(1 / np.maximum(norms, 1e-12)) @ m)


def _grams(text: str, k: int) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.casefold())
    return {tuple(words[i:i + k]) for i in range(len(words) - k + 1)}


def build_pairs(texts: dict[str, str], min_cosine: float, max_pairs: int) -> tuple[list[tuple[str, str, float, int]], dict[str, int]]:
    """Pairs of distinct BBC articles on one subject that share no run of words.

    Parameters
    ----------
    texts : dict of str to str
        Articles by id.
    min_cosine : float
        TF-IDF cosine at or above which two articles are on one subject.
    max_pairs : int
        Most pairs kept (the highest cosines).

    Returns
    -------
    pairs : list of (str, str, float, int)
        ``(a, b, cosine, shared rare names)``, ``a < b``, by decreasing cosine.
    stats : dict of str to int
        Counts of each construction step.
    """
    groups: dict[str, list[str]] = {}
    for k, t in texts.items():
        groups.setdefault(normalised(t), []).append(k)
    ids = sorted(g[0] for g in groups.values())
    stats = {"articles": len(texts), "distinct": len(ids), "duplicates set aside": len(texts) - len(ids)}
    x = _tfidf([[s for s in stems(texts[i]) if not s.isdigit()] for i in ids])
    cos = (x @ x.T).toarray()
    names = [set(_NAME.findall(texts[i])) for i in ids]
    df = Counter(n for ns in names for n in ns)
    rare = [{n for n in ns if df[n] <= RARE_NAME_DF} for ns in names]
    cand = []
    for i, j in zip(*np.nonzero(np.triu(cos >= min(min_cosine, NAME_COSINE_FLOOR), k=1))):
        shared = len(rare[i] & rare[j])
        if cos[i, j] >= min_cosine or shared >= MIN_SHARED_NAMES:
            cand.append((int(i), int(j), float(cos[i, j]), shared))
    stats["same subject"] = len(cand)
    stats["by cosine"] = sum(c >= min_cosine for _, _, c, _ in cand)
    stats["by names only"] = len(cand) - stats["by cosine"]
    runs = {i: _grams(texts[ids[i]], SHARED_RUN_WORDS) for i in {k for c in cand for k in c[:2]}}
    shingles = {i: _grams(texts[ids[i]], 3) for i in runs}
    kept, shared_run, similar = [], 0, 0
    for i, j, c, n in cand:
        if runs[i] & runs[j]:
            shared_run += 1
            continue
        inter = len(shingles[i] & shingles[j])
        if inter / max(1, len(shingles[i] | shingles[j])) >= MAX_JACCARD:
            similar += 1
            continue
        kept.append((ids[i], ids[j], c, n))
    kept.sort(key=lambda p: -p[2])
    stats[f"sharing a {SHARED_RUN_WORDS}-word run"] = shared_run
    stats[f"3-shingle Jaccard >= {MAX_JACCARD}"] = similar
    stats["independent"] = len(kept)
    stats["kept"] = min(len(kept), max_pairs)
    return kept[:max_pairs], stats


def compare_pairs(texts: dict[str, str], pairs: Sequence[tuple[str, str, float, int]]) -> list[PairOutcome]:
    """Compare each pair with lineage (lower id as A).

    Parameters
    ----------
    texts : dict of str to str
        Articles by id.
    pairs : sequence of (str, str, float, int)
        From :func:`build_pairs`.

    Returns
    -------
    list of PairOutcome
        One per pair, in order.
    """
    out = []
    for n, (a, b, c, names) in enumerate(pairs, 1):
        r = compare(texts[a], texts[b])
        out.append(PairOutcome(a, b, round(c, 3), names, r.verdict, round(r.a.reused, 3), round(r.b.reused, 3),
                               len(r.pairs), len(r.passages), len(r.findings)))
        if n % 200 == 0:
            print(f"  {n}/{len(pairs)} pairs", file=sys.stderr, flush=True)
    return out


def strongest(outcomes: Sequence[PairOutcome], n: int) -> list[PairOutcome]:
    """The ``n`` false positives with the strongest verdicts, then the largest reused shares.

    Parameters
    ----------
    outcomes : sequence of PairOutcome
        From :func:`compare_pairs`.
    n : int
        How many to return.

    Returns
    -------
    list of PairOutcome
        Strongest first.
    """
    fps = [o for o in outcomes if o.verdict in DETECTED_VERDICTS]
    return sorted(fps, key=lambda o: (VERDICT_ORDER.index(o.verdict), -max(o.reused_a, o.reused_b), -o.aligned))[:n]


def show(texts: dict[str, str], o: PairOutcome) -> str:
    """The aligned sentences and passages of one pair, to read why lineage saw reuse.

    Parameters
    ----------
    texts : dict of str to str
        Articles by id.
    o : PairOutcome
        The pair (compared again).

    Returns
    -------
    str
        Titles, aligned sentence pairs with their scores, and passage extents.
    """
    r = compare(texts[o.a], texts[o.b])
    ta, tb = r.a.document.text, r.b.document.text
    lines = [(f"--- {o.a} ~ {o.b}: {r.verdict}, reused {r.a.reused:.0%} / {r.b.reused:.0%}, titles "
             f"{ta.splitlines()[0]!r} / {tb.splitlines()[0]!r}")]
    for p in r.pairs:
        lines.append(f"  [{p.score:.2f} {p.label}] A: {' '.join(ta[p.a_start:p.a_end].split())[:150]}")
        lines.append(f"  {' ' * (len(p.label) + 7)} B: {' '.join(tb[p.b_start:p.b_end].split())[:150]}")
    for q in r.passages:
        lines.append(f"  passage A {q.a_start}-{q.a_end} ~ B {q.b_start}-{q.b_end}")
    return "\n".join(lines)


def _verdict_table(counts: Counter[str], total: int) -> str:
    rows = ["| verdict | pairs | share |", "|---|---:|---:|"]
    for v in VERDICT_ORDER:
        if counts[v]:
            rows.append(f"| {v}{' (false positive)' if v in DETECTED_VERDICTS else ''} | {counts[v]} | {counts[v] / total:.1%} |")
    fp = sum(counts[v] for v in DETECTED_VERDICTS)
    rows.append(f"| **false positives** | **{fp}** | **{fp / max(1, total):.1%}** |")
    return "\n".join(rows)


def pan_negatives(corpus: Path) -> dict[str, Counter[str]]:
    """Verdicts on the PAN 2013 negatives: 01-no-plagiarism and the case-less pairs of 05-summary-obfuscation.

    Parameters
    ----------
    corpus : Path
        The PAN 2013 corpus root.

    Returns
    -------
    dict of str to Counter
        Per subset, the count of each verdict.
    """
    pairs = load_pairs(corpus, "01-no-plagiarism") + [
        p for p in load_pairs(corpus, "05-summary-obfuscation") if not p.positive
    ]
    report = pan13_run(corpus, pairs, jobs=1)
    out: dict[str, Counter[str]] = {}
    for r in report.results:
        out.setdefault(r.pair.subset, Counter())[r.verdict] += 1
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments (default ``sys.argv[1:]``).

    Returns
    -------
    int
        0 (also when the data is absent).
    """
    ap = argparse.ArgumentParser(description="False reuse between independent texts on one subject (BBC, PAN negatives).")
    ap.add_argument("--data", type=Path, default=None, help="eval root (default: $LINEAGE_EVAL or ../shared/eval)")
    ap.add_argument("--min-cosine", type=float, default=0.45, help="TF-IDF cosine for one subject (default 0.45)")
    ap.add_argument("--max-pairs", type=int, default=1000, help="most BBC pairs kept (default 1000)")
    ap.add_argument("--show", type=int, default=0, metavar="N", help="print the aligned sentences of the N strongest false positives")
    ap.add_argument("--no-pan", action="store_true", help="skip the PAN 2013 negatives")
    ap.add_argument("--json", type=Path, default=None, metavar="FILE", help="also write every BBC outcome as JSON")
    args = ap.parse_args(argv)
    root = eval_root(args.data)
    if not (root / "bbc").is_dir():
        print(f"skipped: BBC articles not found at {root / 'bbc'}")
        return 0
    t0 = time.perf_counter()
    texts = read_bbc(root / "bbc")
    pairs, stats = build_pairs(texts, args.min_cosine, args.max_pairs)
    t1 = time.perf_counter()
    outcomes = compare_pairs(texts, pairs)
    t2 = time.perf_counter()
    print(f"independent BBC stories on one subject, lineage {version('lineage')}; pairs built in {t1 - t0:.0f} s, "
          f"compared in {t2 - t1:.0f} s\n")
    print("construction: " + ", ".join(f"{k} {v}" for k, v in stats.items()))
    topics = Counter("same topic" if o.a.split("/")[0] == o.b.split("/")[0] else "across topics" for o in outcomes)
    cosines = sorted(o.cosine for o in outcomes)
    if cosines:
        print(f"pairs: {len(outcomes)} ({', '.join(f'{v} {k}' for k, v in topics.items())}); cosine median "
              f"{cosines[len(cosines) // 2]:.2f}, range {cosines[0]:.2f}-{cosines[-1]:.2f}\n")
    print(_verdict_table(Counter(o.verdict for o in outcomes), len(outcomes)))
    print("\nstrongest false positives:\n")
    print("| A | B | verdict | reused A | reused B | aligned pairs | passages | cosine |")
    print("|---|---|---|---:|---:|---:|---:|---:|")
    top = strongest(outcomes, 10)
    for o in top:
        print(f"| {o.a} | {o.b} | {o.verdict} | {o.reused_a:.0%} | {o.reused_b:.0%} | {o.aligned} | {o.passages} | {o.cosine:.2f} |")
    for o in top[:args.show]:
        print("\n" + show(texts, o))
    pan: dict[str, Counter[str]] = {}
    corpus = root / "pan13-train"
    if args.no_pan:
        pass
    elif not corpus.is_dir():
        print(f"\nskipped: PAN corpus not found at {corpus}")
    else:
        t3 = time.perf_counter()
        pan = pan_negatives(corpus)
        print(f"\nPAN 2013 training negatives ({time.perf_counter() - t3:.0f} s, one process):\n")
        print("| subset | pairs | false positives | rate | by verdict |")
        print("|---|---:|---:|---:|---|")
        for subset, counts in [*sorted(pan.items()), ("all", sum(pan.values(), Counter()))]:
            n = sum(counts.values())
            fp = sum(counts[v] for v in DETECTED_VERDICTS)
            detail = ", ".join(f"{v} {counts[v]}" for v in VERDICT_ORDER if counts[v] and v in DETECTED_VERDICTS)
            print(f"| {subset} | {n} | {fp} | {fp / max(1, n):.1%} | {detail} |")
    if args.json:
        doc = {"stats": stats, "outcomes": [asdict(o) for o in outcomes], "pan": {k: dict(v) for k, v in pan.items()}}
        args.json.write_text(json.dumps(doc, indent=1), encoding="utf-8")
        print(f"\noutcomes written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
