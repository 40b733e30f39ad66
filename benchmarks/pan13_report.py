"""PAN 2013 scores: per-subset PlagDet and pair-level detection, and their table (used by ``pan13.py``)."""

from __future__ import annotations

import dataclasses
import datetime as _dt
import importlib.metadata
import os
import platform
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.append(str(REPO))

from benchmarks.pan13_corpus import DETECTED_VERDICTS, PairResult  # noqa: E402
from benchmarks.plagdet import Annotation, Scores, evaluate  # noqa: E402


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
