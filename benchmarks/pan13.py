"""Measure lineage on the PAN 2013 text-alignment corpus: PlagDet per subset and pair-level detection.

Usage::

    python benchmarks/pan13.py [--corpus DIR] [--out DIR] [--subset NAME ...]
                               [--limit N | --sample N] [--jobs N] [--json FILE]

The corpus layout is that of PAN 2013 (training or test): ``src/``, ``susp/``,
a top-level ``pairs`` file, and one folder per subset holding its own
``pairs`` file and one truth XML per pair,
``suspicious-documentX-source-documentY.xml``.  Every pair is compared with
:func:`lineage.compare`; each reported passage becomes one
``detected-plagiarism`` feature, written to ``OUT/<subset>/<same name>.xml``
so the official PAN evaluator can also be pointed at ``OUT/<subset>`` and the
matching truth folder.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
# Appended, not prepended: an installed lineage (or one on PYTHONPATH) wins
# over the source tree, while `python benchmarks/pan13.py` still works from a checkout.
if str(REPO) not in sys.path:
    sys.path.append(str(REPO))

from benchmarks.pan13_corpus import (  # noqa: E402,F401 - re-exported
    DETECTED_VERDICTS,
    Pair,
    PairResult,
    _match_subsets,
    default_corpus,
    find_subsets,
    load_pairs,
    read_pairs,
    sample_pairs,
)
from benchmarks.pan13_report import (  # noqa: E402,F401 - re-exported
    Report,
    SubsetReport,
    _summarise,
    format_report,
    machine_info,
)
from benchmarks.plagdet import write_xml  # noqa: E402

__all__ = [
    "DETECTED_VERDICTS",
    "Pair",
    "PairResult",
    "Report",
    "SubsetReport",
    "default_corpus",
    "find_subsets",
    "format_report",
    "load_pairs",
    "main",
    "read_pairs",
    "run",
    "sample_pairs",
]



# ---------------------------------------------------------------------------
# Comparing


_worker_state: dict[str, Any] = {}


def _init_worker() -> None:
    """Import lineage once per process and build the options every pair uses."""
    from lineage import Document, Options, compare

    _worker_state["Document"] = Document
    _worker_state["compare"] = compare
    # PAN texts are plain books and news; there is no page chrome to strip,
    # and stripping would shift nothing but could drop real text.
    _worker_state["options"] = Options(keep_boilerplate=True)


def _read(path: Path) -> str:
    """Read a PAN text so that offsets count the same characters PAN counted."""
    # newline="" keeps any \r: PAN's tools read with codecs.open, which does not
    # translate newlines, and a translated \r\n would shift every later offset.
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def _compare_pair(task: tuple[Pair, str]) -> PairResult:
    """Compare one pair with lineage; errors are reported, not raised, so one bad pair cannot sink a run."""
    pair, corpus = task
    if not _worker_state:
        _init_worker()
    root = Path(corpus)
    susp_text = _read(root / "susp" / pair.susp)
    src_text = _read(root / "src" / pair.src)
    Document = _worker_state["Document"]
    t0 = time.perf_counter()
    try:
        r = _worker_state["compare"](
            Document.from_text(susp_text, id=pair.susp),
            Document.from_text(src_text, id=pair.src),
            _worker_state["options"],
        )
        passages = tuple(
            (int(p.a_start), int(p.a_end), int(p.b_start), int(p.b_end)) for p in r.passages
        )
        verdict = str(r.verdict)
        error = None
    except Exception as exc:  # noqa: BLE001 - reported per pair and counted
        passages, verdict, error = (), "error", f"{type(exc).__name__}: {exc}"
    return PairResult(pair, passages, verdict, time.perf_counter() - t0, error)


def _pair_cost(corpus: Path, pair: Pair) -> int:
    """Bytes of both texts: a proxy for comparison time, to schedule big pairs first."""
    try:
        return (corpus / "susp" / pair.susp).stat().st_size + (corpus / "src" / pair.src).stat().st_size
    except OSError:
        return 0


def _compare_all(
    corpus: Path,
    pairs: Sequence[Pair],
    jobs: int,
    progress: Callable[[int, int], None] | None,
) -> list[PairResult]:
    """Compare every pair, in a pool when ``jobs > 1``; results in input order."""
    # Longest first, so the pool does not end waiting on one large book.
    order = sorted(range(len(pairs)), key=lambda i: -_pair_cost(corpus, pairs[i]))
    tasks = [(pairs[i], str(corpus)) for i in order]
    results: list[PairResult | None] = [None] * len(pairs)

    def collect(it: Iterator[PairResult]) -> None:
        for done, (i, res) in enumerate(zip(order, it), 1):
            results[i] = res
            if progress:
                progress(done, len(tasks))

    if jobs <= 1:
        _init_worker()
        collect(map(_compare_pair, tasks))
    else:
        with multiprocessing.Pool(jobs, initializer=_init_worker) as pool:
            # imap (ordered) so each result lines up with `order`.
            collect(pool.imap(_compare_pair, tasks, chunksize=1))
    return [r for r in results if r is not None]


def run(
    corpus: Path,
    pairs: Sequence[Pair],
    jobs: int | None = None,
    out: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Compare pairs with lineage, write detections and score them.

    Parameters
    ----------
    corpus : Path
        Corpus root (texts are read from ``src/`` and ``susp/``).
    pairs : sequence of Pair
        Pairs to compare, from :func:`load_pairs` (optionally sampled).
    jobs : int, optional
        Worker processes; default the number of CPUs.  1 runs in this process.
    out : Path, optional
        Folder for detection XML (``out/<subset>/<pair>.xml``); none written if omitted.
    progress : callable, optional
        Called with (pairs done, pairs total) after each pair.

    Returns
    -------
    Report
        Per-subset and overall scores, per-pair results and machine details.
    """
    jobs = jobs or os.cpu_count() or 1
    t0 = time.perf_counter()
    results = _compare_all(corpus, pairs, jobs, progress)
    if out is not None:
        for r in results:
            folder = out / r.pair.subset
            folder.mkdir(parents=True, exist_ok=True)
            write_xml(folder / r.pair.xml_name, r.pair.susp, r.detections())
    by_subset: dict[str, list[PairResult]] = {}
    for r in results:
        by_subset.setdefault(r.pair.subset, []).append(r)
    subsets = {name: _summarise(name, rs) for name, rs in by_subset.items()}
    overall = _summarise("overall", results, tag_subset=True)
    return Report(
        corpus=corpus,
        out=out,
        jobs=jobs,
        wall_seconds=time.perf_counter() - t0,
        subsets=subsets,
        overall=overall,
        results=results,
        machine=machine_info(),
    )




def _stderr_progress(every: int) -> Callable[[int, int], None]:
    """Progress callback printing to stderr every ``every`` pairs and at the end."""
    start = time.perf_counter()

    def report(done: int, total: int) -> None:
        if done % every == 0 or done == total:
            print(
                f"  {done}/{total} pairs, {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True
            )

    return report


def _positive_int(text: str) -> int:
    """argparse type for counts that must be at least 1."""
    n = int(text)
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text}")
    return n


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments (default ``sys.argv[1:]``).

    Returns
    -------
    int
        0 on success or when the corpus is absent (skipped), 1 if any pair
        raised, 2 on bad arguments or an unusable corpus or lineage.
    """
    ap = argparse.ArgumentParser(
        description="Score lineage on the PAN 2013 text-alignment corpus (PlagDet and pair-level detection)."
    )
    ap.add_argument("--corpus", type=Path, default=None,
                    help="corpus root (default: $LINEAGE_EVAL/pan13-train or <repo>/../shared/eval/pan13-train)")
    ap.add_argument("--out", type=Path, default=None,
                    help="folder for detection XML, one subfolder per subset (default: a new temp dir)")
    ap.add_argument("--subset", action="append", default=None, metavar="NAME",
                    help="subset to run: folder name, number (02) or name (no-obfuscation); repeatable")
    group = ap.add_mutually_exclusive_group()
    group.add_argument("--limit", type=_positive_int, default=None, metavar="N",
                       help="first N pairs of each subset")
    group.add_argument("--sample", type=_positive_int, default=None, metavar="N",
                       help="N pairs per subset spread evenly, positives and negatives balanced"
                            " where a subset mixes them (the sample tests/test_quality_gate.py uses)")
    ap.add_argument("--jobs", type=_positive_int, default=os.cpu_count() or 1, metavar="N",
                    help="worker processes (default: number of CPUs)")
    ap.add_argument("--json", type=Path, default=None, metavar="FILE", help="also write all numbers as JSON")
    args = ap.parse_args(argv)

    corpus: Path = args.corpus or default_corpus()
    if not corpus.is_dir():
        print(f"skipped: PAN corpus not found at {corpus}")
        return 0
    try:
        subsets = _match_subsets(find_subsets(corpus), args.subset)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not subsets or not (corpus / "src").is_dir() or not (corpus / "susp").is_dir():
        print(f"error: {corpus} lacks src/, susp/ or subset folders with a pairs file", file=sys.stderr)
        return 2
    try:
        import lineage  # noqa: F401
    except ImportError as exc:
        print(f"error: cannot import lineage: {exc}", file=sys.stderr)
        return 2

    pairs: list[Pair] = []
    for s in subsets:
        sub = load_pairs(corpus, s)
        if args.limit:
            sub = sub[: args.limit]
        elif args.sample:
            sub = sample_pairs(sub, args.sample)
        pairs.extend(sub)

    out: Path = args.out or Path(tempfile.mkdtemp(prefix="lineage-pan13-"))
    print(f"corpus: {corpus}; {len(pairs)} pairs in {len(subsets)} subset(s); {args.jobs} job(s)", file=sys.stderr)
    report = run(corpus, pairs, jobs=args.jobs, out=out,
                 progress=_stderr_progress(max(1, min(500, len(pairs) // 10))))
    print(format_report(report))
    print(f"detections written to {out}")
    if args.json:
        args.json.write_text(json.dumps(report.as_dict(), indent=2), encoding="utf-8")
        print(f"numbers written to {args.json}")
    return 1 if report.overall.errors else 0


if __name__ == "__main__":
    sys.exit(main())
