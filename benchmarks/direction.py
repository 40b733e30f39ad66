"""Which text is the source, without dates: lineage and candidate signals on pairs whose source is known.

Usage::

    python benchmarks/direction.py [--data EVAL_ROOT] [--sample N] [--jobs 1] [--seed 1]
                                   [--corpus pan reuters] [--json FILE]
                                   [--records FILE [FILE ...]]

Data: ``--data``, else ``$LINEAGE_EVAL``, else ``../shared/eval`` beside the
repository.  When neither PAN 2013 (``pan13-train/``) nor Reuters-21578
(``reuters21578/``) is there the script prints "skipped: ... not found" and
exits 0.

Two labelled sets, both without dates (a date printed in a header is blanked
so that layout cannot read it):

- PAN: every positive pair of subsets 02-05 (source document = source);
- Reuters: candidate pairs from :func:`lineage.candidates.find_candidates`
  whose verdict is reuse and whose ``<DATE>`` stamps are at least a minute
  apart; the earlier story is the source.  Subsets are lineage's verdicts.

A and B are put in a seeded random order.  For each subset the script prints
lineage's decisions (share decided, accuracy when decided, per basis: summary,
reported speech, dates; on all pairs and on each half), whether they reach the
acceptance precision, its wrong decisions, two naive
baselines (the longer or the shorter text as the source), each candidate
signal's fire rate and precision, and a combination of the precise signals
whose thresholds are chosen on one seeded half of the pairs and measured on
the other.  ``--records`` reads the per-pair records earlier ``--json`` runs
wrote (e.g. one per corpus) instead of comparing again.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from importlib.metadata import version
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.append(str(REPO))

from benchmarks import direction_data as data  # noqa: E402
from benchmarks.direction_features import features  # noqa: E402
from benchmarks.direction_report import RECOMMENDED, Rule, format_report, grounds  # noqa: E402
from benchmarks.direction_signals import signal_values  # noqa: E402
from lineage import compare  # noqa: E402

Record = dict[str, Any]


def measure(pair: data.LabelledPair, seed: int = 1) -> Record:
    """Compare one labelled pair and record lineage's direction, the features and the signals."""
    t0 = time.perf_counter()
    try:
        r = compare(pair.a, pair.b)
    except Exception as exc:  # noqa: BLE001 - one bad pair must not stop the run
        return {"corpus": pair.corpus, "subset": pair.subset, "key": pair.key, "truth": pair.truth,
                "half": data.half(pair.key, seed), "length": [len(pair.a.text), len(pair.b.text)],
                "verdict": "error", "lineage": None, "error": f"{type(exc).__name__}: {exc}"}
    rec: Record = {
        "corpus": pair.corpus, "subset": pair.subset or r.verdict, "key": pair.key, "truth": pair.truth,
        "half": data.half(pair.key, seed), "a": pair.a.id, "b": pair.b.id,
        "gap_minutes": pair.gap_minutes, "blanked": pair.blanked,
        "length": [len(pair.a.text), len(pair.b.text)],
        "verdict": r.verdict, "lineage": r.direction.source, "basis": r.direction.basis,
        "evidence": [e.reason for e in r.direction.evidence],
    }
    if r.reuse_found:
        feats = features(r)
        rec["features"] = feats
        rec["signals"] = signal_values(feats)
    rec["seconds"] = round(time.perf_counter() - t0, 3)
    return rec


def _measure_star(args: tuple[data.LabelledPair, int]) -> Record:
    """Measure one ``(pair, seed)`` work item (the pool's function)."""
    return measure(*args)


def run(pairs: Iterable[data.LabelledPair], jobs: int, seed: int) -> Iterator[Record]:
    """Measure every pair, in a fork pool of ``jobs`` processes when more than one; results in input order."""
    work = ((p, seed) for p in pairs)
    if jobs <= 1:
        yield from map(_measure_star, work)
        return
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        yield from pool.imap(_measure_star, work, chunksize=4)


def pan_records(root: Path, sample: int | None, jobs: int, seed: int) -> list[Record]:
    """Records of the PAN positives (all, or ``sample`` per subset)."""
    corpus = root / "pan13-train"
    out = []
    for n, rec in enumerate(run(data.pan_pairs(corpus, sample, seed), jobs, seed), 1):
        out.append(rec)
        if n % 200 == 0:
            print(f"  pan: {n} pairs", file=sys.stderr)
    return out


def reuters_records(root: Path, sample: int | None, jobs: int, seed: int) -> tuple[list[Record], dict[str, int]]:
    """Records of Reuters reuse pairs (all, or until every verdict subset has ``sample``) and the counts."""
    stories, docs, blanked = data.reuters_documents(root / "reuters21578")
    counts = data.ReutersCounts(stories=len(stories), blanked=blanked)
    cands = data.reuters_candidates(docs, seed)
    counts.candidates = len(cands)
    out: list[Record] = []
    have: Counter[str] = Counter()
    pairs = data.reuters_pairs(stories, docs, cands, seed, counts)
    for rec in run(pairs, jobs, seed):
        counts.compared += 1
        if rec["verdict"] not in data.REUSE_ORDER:
            counts.not_reuse += 1
        elif sample is None or have[rec["subset"]] < sample:
            have[rec["subset"]] += 1
            out.append(rec)
        if counts.compared % 2000 == 0:
            print(f"  reuters: {counts.compared} candidates compared, {len(out)} kept", file=sys.stderr)
        if sample is not None and all(have[s] >= sample for s in data.REUSE_ORDER):
            break
    return out, dict(vars(counts))


def samples_check(rule: Rule, seed: int) -> str:
    """What lineage and ``rule`` say about samples 001 (derived) and 002 (source), dates hidden, both orders."""
    found = [sorted((REPO / "samples").glob(f"{k}_*.txt")) for k in ("001", "002")]
    if not all(found):
        return "samples 001/002 not found"
    derived, _ = data.undated(found[0][0].read_text(encoding="utf-8"), "001")
    source, _ = data.undated(found[1][0].read_text(encoding="utf-8"), "002")
    out = []
    for a, b, truth in ((derived, source, "b"), (source, derived, "a")):
        rec = measure(data.LabelledPair("samples", "samples", f"{a.id}-{b.id}", a, b, truth), seed)
        name = {"a": a.id, "b": b.id, None: "undetermined"}
        basis = " + ".join(sorted(grounds(rec))) or "none"
        out.append(f"samples A={a.id} B={b.id} (dates hidden): lineage says {name[rec['lineage']]} "
                   f"(basis: {basis}), rule says {name[rule.choose(rec)]} (source is 002)")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """Build the labelled pairs, measure them, print the tables and optionally dump the records."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--data", type=Path, default=None, help="eval root (default: $LINEAGE_EVAL or ../shared/eval)")
    ap.add_argument("--sample", type=int, default=None, help="pairs per subset (default: all)")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes, forked (default 1)")
    ap.add_argument("--seed", type=int, default=1, help="seed of A/B order, halves and Reuters order (default 1)")
    ap.add_argument("--corpus", nargs="+", choices=("pan", "reuters"), default=["pan", "reuters"],
                    help="labelled sets to build (default both)")
    ap.add_argument("--json", type=Path, default=None, help="write the per-pair records and the summary here")
    ap.add_argument("--records", type=Path, nargs="+", default=None,
                    help="analyse the records of one or more --json files instead of comparing")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    counts: dict[str, int] = {}
    if args.records:
        records = []
        for path in args.records:
            saved = json.loads(path.read_text(encoding="utf-8"))
            records += saved["records"]
            counts = saved.get("reuters_counts") or counts
        for r in records:  # signals as defined now, from the features measured then
            if "features" in r:
                r["signals"] = signal_values(r["features"])
    else:
        root = data.eval_root(args.data)
        have_pan = "pan" in args.corpus and (root / "pan13-train" / "pairs").is_file()
        have_reuters = "reuters" in args.corpus and any((root / "reuters21578").glob("reut2-*.sgm"))
        if not have_pan and not have_reuters:
            print(f"skipped: PAN 2013 ({root}/pan13-train) and Reuters-21578 ({root}/reuters21578) not found")
            return 0
        records = pan_records(root, args.sample, args.jobs, args.seed) if have_pan else []
        if have_reuters:
            more, counts = reuters_records(root, args.sample, args.jobs, args.seed)
            records += more
    report = format_report(records, counts, RECOMMENDED)
    header = (f"lineage {version('lineage')}, {len(records)} pairs, seed {args.seed}, "
              f"{time.perf_counter() - t0:.0f} s")
    print(header)
    print(report)
    print(samples_check(RECOMMENDED, args.seed))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"records": records, "reuters_counts": counts}) + "\n", encoding="utf-8")
    return 0


__all__ = ["main", "measure"]

if __name__ == "__main__":
    sys.exit(main())
