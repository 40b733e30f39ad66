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
import dataclasses
import datetime as _dt
import importlib.metadata
import json
import multiprocessing
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
# Appended, not prepended: an installed lineage (or one on PYTHONPATH) wins
# over the source tree, while `python benchmarks/pan13.py` still works from a checkout.
if str(REPO) not in sys.path:
    sys.path.append(str(REPO))

from benchmarks.plagdet import (  # noqa: E402
    Annotation,
    Scores,
    evaluate,
    read_xml,
    write_xml,
)

#: Verdicts that count as "this pair holds reuse" for pair-level detection.
DETECTED_VERDICTS: frozenset[str] = frozenset(
    {"identical", "near-duplicate", "paraphrase", "partial reuse"}
)

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


@dataclass(frozen=True, slots=True)
class Pair:
    """One suspicious/source document pair of a subset, with its truth cases.

    Attributes
    ----------
    subset : str
        Subset folder name, e.g. ``02-no-obfuscation``.
    susp : str
        Suspicious document file name.
    src : str
        Source document file name.
    cases : tuple of Annotation
        Truth plagiarism cases of the pair (empty for negatives).
    """

    subset: str
    susp: str
    src: str
    cases: tuple[Annotation, ...] = ()

    @property
    def xml_name(self) -> str:
        """PAN file name of the pair's truth and detection XML."""
        return f"{Path(self.susp).stem}-{Path(self.src).stem}.xml"

    @property
    def positive(self) -> bool:
        """Whether the truth holds at least one plagiarism case."""
        return bool(self.cases)


@dataclass(frozen=True, slots=True)
class PairResult:
    """What lineage reported for one pair.

    Attributes
    ----------
    pair : Pair
        The pair compared.
    passages : tuple of (int, int, int, int)
        ``(a_start, a_end, b_start, b_end)`` of each passage, suspicious then source.
    verdict : str
        ``r.verdict``, or ``"error"`` when the comparison raised.
    seconds : float
        Time spent building the documents and comparing them (not reading files).
    error : str or None
        Exception type and message when the comparison raised.
    """

    pair: Pair
    passages: tuple[tuple[int, int, int, int], ...]
    verdict: str
    seconds: float
    error: str | None = None

    @property
    def detected(self) -> bool:
        """Whether lineage's verdict says the pair holds reuse."""
        return self.verdict in DETECTED_VERDICTS

    def detections(self) -> list[Annotation]:
        """The passages as PAN detections of this pair."""
        return [
            Annotation(self.pair.susp, a0, a1 - a0, self.pair.src, b0, b1 - b0)
            for a0, a1, b0, b1 in self.passages
        ]


@dataclass(slots=True)
class SubsetReport:
    """Scores of one subset (or of all subsets together).

    Attributes
    ----------
    name : str
        Subset folder name, or ``"overall"``.
    scores : Scores
        PlagDet, precision, recall and granularity over all the subset's pairs at once.
    pairs : int
        Number of pairs compared.
    seconds : float
        Sum of per-pair comparison times (independent of ``--jobs``).
    positives, detected_positives : int
        Pairs with at least one truth case, and how many of them lineage flagged.
    negatives, false_positives : int
        Pairs without a truth case, and how many of them lineage flagged.
    errors : int
        Pairs whose comparison raised.
    """

    name: str
    scores: Scores
    pairs: int
    seconds: float
    positives: int
    detected_positives: int
    negatives: int
    false_positives: int
    errors: int

    @property
    def pair_recall(self) -> float | None:
        """Share of positive pairs flagged, or None without positives."""
        return self.detected_positives / self.positives if self.positives else None

    @property
    def fp_rate(self) -> float | None:
        """Share of negative pairs flagged, or None without negatives."""
        return self.false_positives / self.negatives if self.negatives else None

    def as_dict(self) -> dict[str, Any]:
        """Plain numbers for JSON."""
        d = {k: v for k, v in dataclasses.asdict(self).items() if k != "scores"}
        d.update(dataclasses.asdict(self.scores))
        d["pair_recall"] = self.pair_recall
        d["fp_rate"] = self.fp_rate
        return d


@dataclass(slots=True)
class Report:
    """Everything one benchmark run measured.

    Attributes
    ----------
    corpus : Path
        Corpus root.
    out : Path or None
        Where detection XML files were written.
    jobs : int
        Worker processes used.
    wall_seconds : float
        Wall-clock time of the comparisons and the scoring.
    subsets : dict of str to SubsetReport
        One entry per subset, in corpus order.
    overall : SubsetReport
        All subsets together.
    results : list of PairResult
        Per-pair outcomes, in pairs-file order.
    machine : dict of str to str
        Platform, CPU count, Python and lineage versions, date.
    """

    corpus: Path
    out: Path | None
    jobs: int
    wall_seconds: float
    subsets: dict[str, SubsetReport]
    overall: SubsetReport
    results: list[PairResult] = field(repr=False)
    machine: dict[str, str]

    def as_dict(self) -> dict[str, Any]:
        """Plain numbers for JSON, including per-pair outcomes."""
        return {
            "machine": self.machine,
            "corpus": str(self.corpus),
            "out": str(self.out) if self.out else None,
            "jobs": self.jobs,
            "wall_seconds": self.wall_seconds,
            "subsets": {k: v.as_dict() for k, v in self.subsets.items()},
            "overall": self.overall.as_dict(),
            "pairs": [
                {
                    "subset": r.pair.subset,
                    "susp": r.pair.susp,
                    "src": r.pair.src,
                    "cases": len(r.pair.cases),
                    "passages": len(r.passages),
                    "verdict": r.verdict,
                    "seconds": r.seconds,
                    "error": r.error,
                }
                for r in self.results
            ],
        }


# ---------------------------------------------------------------------------
# Corpus


def default_corpus() -> Path:
    """Corpus used when none is given: ``$LINEAGE_EVAL/pan13-train`` or ``<repo>/../shared/eval/pan13-train``.

    Returns
    -------
    Path
        The path, whether or not it exists.
    """
    root = os.environ.get("LINEAGE_EVAL")
    base = Path(root) if root else REPO.parent / "shared" / "eval"
    return base / "pan13-train"


def find_subsets(corpus: Path) -> list[str]:
    """List the subset folders of a PAN corpus (those holding a ``pairs`` file).

    Parameters
    ----------
    corpus : Path
        Corpus root.

    Returns
    -------
    list of str
        Folder names, sorted (PAN numbers them ``01-``, ``02-``, ...).
    """
    return sorted(
        p.name for p in corpus.iterdir() if p.is_dir() and (p / "pairs").is_file()
    )


def read_pairs(path: Path) -> list[tuple[str, str]]:
    """Read a PAN ``pairs`` file.

    Parameters
    ----------
    path : Path
        File of lines ``suspicious-documentX.txt source-documentY.txt``.

    Returns
    -------
    list of (str, str)
        (suspicious, source) file names in file order; blank lines skipped.

    Raises
    ------
    ValueError
        If a non-blank line does not hold exactly two names.
    """
    pairs: list[tuple[str, str]] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) != 2:
            raise ValueError(f"{path}:{n}: expected two file names, got {line!r}")
        pairs.append((parts[0], parts[1]))
    return pairs


def _match_subsets(available: Sequence[str], wanted: Sequence[str] | None) -> list[str]:
    """Resolve ``--subset`` values: exact folder name, or its number or name part (``02``, ``no-obfuscation``)."""
    if not wanted:
        return list(available)
    chosen: set[str] = set()
    for w in wanted:
        hits = [a for a in available if a == w or a.split("-", 1)[0] == w or a.split("-", 1)[-1] == w]
        if len(hits) != 1:
            raise ValueError(f"--subset {w!r} matches {hits or 'nothing'}; subsets: {', '.join(available)}")
        chosen.add(hits[0])
    return [a for a in available if a in chosen]


def load_pairs(corpus: Path, subset: str) -> list[Pair]:
    """Read a subset's pairs together with their truth cases.

    Parameters
    ----------
    corpus : Path
        Corpus root.
    subset : str
        Subset folder name.

    Returns
    -------
    list of Pair
        In the order of the subset's ``pairs`` file.

    Raises
    ------
    FileNotFoundError
        If a pair has no truth XML.
    """
    folder = corpus / subset
    out = []
    for susp, src in read_pairs(folder / "pairs"):
        pair = Pair(subset, susp, src)
        cases = tuple(read_xml(folder / pair.xml_name))
        out.append(dataclasses.replace(pair, cases=cases))
    return out


def _evenly(items: Sequence[Pair], n: int) -> list[Pair]:
    """Pick ``n`` items spread evenly over a sequence, first one included."""
    if n >= len(items):
        return list(items)
    return [items[i * len(items) // n] for i in range(n)]


def sample_pairs(pairs: Sequence[Pair], n: int) -> list[Pair]:
    """Deterministic sample of ``n`` pairs of one subset, stratified by truth.

    When the subset mixes positives and negatives (as ``05-summary-obfuscation``
    does, with only one positive in five) half the sample is taken from each,
    so both pair-level recall and false positives are measured; otherwise the
    pairs are spread evenly over the pairs file.

    Parameters
    ----------
    pairs : sequence of Pair
        One subset's pairs, in file order.
    n : int
        Sample size.

    Returns
    -------
    list of Pair
        The sample, in file order.
    """
    pos = [p for p in pairs if p.positive]
    neg = [p for p in pairs if not p.positive]
    if not pos or not neg:
        return _evenly(pairs, n)
    n_pos = min(len(pos), n // 2)
    chosen = set(_evenly(pos, n_pos)) | set(_evenly(neg, n - n_pos))
    return [p for p in pairs if p in chosen]


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


# ---------------------------------------------------------------------------
# Scoring


def _summarise(name: str, results: Sequence[PairResult], tag_subset: bool = False) -> SubsetReport:
    """Score a group of pair results at once (PAN does not average per pair)."""
    cases: list[Annotation] = []
    dets: list[Annotation] = []
    for r in results:
        pc, pd = list(r.pair.cases), r.detections()
        if tag_subset:
            # Keys by subset too, so a pair listed in two subsets cannot match
            # the other subset's truth when everything is scored together.
            ref = f"{r.pair.subset}/{r.pair.susp}"
            pc = [dataclasses.replace(a, this_reference=ref) for a in pc]
            pd = [dataclasses.replace(a, this_reference=ref) for a in pd]
        cases.extend(pc)
        dets.extend(pd)
    pos = [r for r in results if r.pair.positive]
    neg = [r for r in results if not r.pair.positive]
    return SubsetReport(
        name=name,
        scores=evaluate(cases, dets),
        pairs=len(results),
        seconds=sum(r.seconds for r in results),
        positives=len(pos),
        detected_positives=sum(r.detected for r in pos),
        negatives=len(neg),
        false_positives=sum(r.detected for r in neg),
        errors=sum(r.error is not None for r in results),
    )


def lineage_version() -> str:
    """Version of the lineage under test, even when run from an uninstalled checkout.

    Returns
    -------
    str
        Installed distribution version, else ``lineage.__version__``, else
        the ``pyproject.toml`` version, marked as such; ``"unknown"`` otherwise.
    """
    try:
        return importlib.metadata.version("lineage")
    except importlib.metadata.PackageNotFoundError:
        pass
    try:
        import lineage

        v = getattr(lineage, "__version__", None)
        if v:
            return f"{v} (not installed)"
    except Exception:  # noqa: BLE001 - a version string must never stop a run
        pass
    try:
        import tomllib

        with open(REPO / "pyproject.toml", "rb") as f:
            return f"{tomllib.load(f)['project']['version']} (source tree)"
    except (OSError, KeyError, ValueError):
        return "unknown"


def machine_info() -> dict[str, str]:
    """Describe where the numbers were measured.

    Returns
    -------
    dict of str to str
        ``platform``, ``cpus``, ``python``, ``lineage`` and ``date`` (UTC, ISO 8601).
    """
    return {
        "platform": platform.platform(),
        "cpus": str(os.cpu_count()),
        "python": platform.python_version(),
        "lineage": lineage_version(),
        "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
    }


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


# ---------------------------------------------------------------------------
# Reporting


def _f(x: float | None, digits: int = 3) -> str:
    """Format a ratio, or a dash when undefined."""
    return "–" if x is None else f"{x:.{digits}f}"


def format_report(report: Report) -> str:
    """Render a report as two markdown tables plus machine and timing lines.

    Parameters
    ----------
    report : Report
        Output of :func:`run`.

    Returns
    -------
    str
        Markdown text.
    """
    rows = [*report.subsets.values(), report.overall]
    lines = [
        "PlagDet (character level, all cases and detections of a subset at once)",
        "",
        "| subset | PlagDet | precision | recall | granularity | pairs | seconds |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for s in rows:
        sc = s.scores
        name = f"**{s.name}**" if s.name == "overall" else s.name
        lines.append(
            f"| {name} | {sc.plagdet:.3f} | {sc.precision:.3f} | {sc.recall:.3f}"
            f" | {sc.granularity:.3f} | {s.pairs} | {s.seconds:.1f} |"
        )
    lines += [
        "",
        "seconds: sum of per-pair comparison time, independent of --jobs.",
        "",
        "Pair-level detection (detected = verdict is " + ", ".join(sorted(DETECTED_VERDICTS)) + ")",
        "",
        "| subset | positives | recall | negatives | FP rate |",
        "|---|---:|---:|---:|---:|",
    ]
    for s in rows:
        name = f"**{s.name}**" if s.name == "overall" else s.name
        lines.append(
            f"| {name} | {s.positives} | {_f(s.pair_recall)} | {s.negatives} | {_f(s.fp_rate)} |"
        )
    m = report.machine
    lines += [
        "",
        f"machine: {m['platform']}, {m['cpus']} CPUs, Python {m['python']},"
        f" lineage {m['lineage']}, {m['date']}",
        f"total wall time: {report.wall_seconds:.1f} s with {report.jobs} job(s)",
    ]
    errors = [r for r in report.results if r.error]
    if errors:
        lines.append(f"errors: {len(errors)} pair(s) raised; first ones:")
        lines += [f"  {r.pair.subset}/{r.pair.xml_name}: {r.error}" for r in errors[:5]]
    return "\n".join(lines)


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
