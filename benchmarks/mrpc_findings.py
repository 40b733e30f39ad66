"""Measure the number, date and name checks of lineage.findings on MRPC sentence pairs.

Usage::

    python benchmarks/mrpc_findings.py [--data PATH] [--show N]

Each MRPC pair (sentence 1 = source, sentence 2 = copy) is treated as one
aligned passage and checked for the kinds ``number-changed``, ``name-changed``
and ``name-dropped``.  A pair is *flagged* when at least one finding comes out.

* precision: share of flagged pairs that people labelled "not equivalent" (0);
* recall: among label-0 pairs that differ in a number, date or name by an
  independent check (the sets of digit tokens, or of capitalised words not at
  the start of the sentence, differ), the share that is flagged;
* flag rate on label-1 pairs: how often equivalent pairs are flagged.

MRPC labels judge meaning, not facts (some "equivalent" pairs differ in a
figure), so precision is a lower bound on how often a flag is a real difference.
The data is read from ``--data``, else ``$LINEAGE_EVAL/mrpc/msr_paraphrase_train.txt``,
else ``../shared/eval/mrpc/msr_paraphrase_train.txt`` next to the repository;
when it is absent the script prints "skipped: data not found" and exits 0.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import importlib.metadata
import os
import platform
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.append(str(REPO))

from lineage.findings import Finding, find_divergences  # noqa: E402
from lineage.options import Options  # noqa: E402

KINDS = frozenset({"number-changed", "name-changed", "name-dropped"})
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_WORD = re.compile(r"[A-Za-z][\w'\-]*")


@dataclass(frozen=True)
class Pair:
    """One labelled MRPC sentence pair."""

    label: int
    id1: str
    id2: str
    s1: str
    s2: str


def default_path() -> Path:
    """Where the MRPC training file is looked for when ``--data`` is not given."""
    env = os.environ.get("LINEAGE_EVAL")
    base = Path(env) if env else REPO.parent / "shared" / "eval"
    return base / "mrpc" / "msr_paraphrase_train.txt"


def read_pairs(path: Path) -> list[Pair]:
    """Parse the tab-separated MRPC file (BOM, optional "Quality" header)."""
    out: list[Pair] = []
    with path.open(encoding="utf-8-sig") as fh:
        for n, line in enumerate(fh):
            parts = line.rstrip("\n").split("\t")
            if n == 0 and parts[0].strip().lower().startswith("quality"):
                continue
            if len(parts) < 5 or parts[0].strip() not in ("0", "1"):
                continue
            out.append(Pair(int(parts[0]), parts[1], parts[2], parts[3], parts[4]))
    return out


def _digit_set(s: str) -> set[str]:
    return {d.replace(",", "") for d in _DIGITS.findall(s)}


def _name_set(s: str) -> set[str]:
    words = _WORD.findall(s)
    return {w.lower() for w in words[1:] if w[0].isupper()}


def differs(p: Pair) -> bool:
    """Independent check: the digit tokens or the non-initial capitalised words differ."""
    return _digit_set(p.s1) != _digit_set(p.s2) or _name_set(p.s1) != _name_set(p.s2)


def check(p: Pair, options: Options) -> tuple[Finding, ...]:
    """Findings for one pair, as one aligned passage."""
    return find_divergences(p.s1, p.s2, [((0, len(p.s1)), (0, len(p.s2)))], [], [], options)


def _subtype(f: Finding) -> str:
    """Kind of a finding, split by whether the item changed, was dropped or was added."""
    if f.kind != "number-changed":
        return f.kind
    if f.src_span is not None and f.dst_span is not None:
        return f"{f.kind} (changed)"
    return f"{f.kind} ({'dropped' if f.src_span is not None else 'added'})"


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "n/a"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print a markdown table; returns the exit status."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=None, help="path of msr_paraphrase_train.txt")
    ap.add_argument("--show", type=int, default=0, help="print N flagged label-1 pairs to inspect")
    args = ap.parse_args(argv)
    path = args.data or default_path()
    if not path.is_file():
        print(f"skipped: data not found ({path})")
        return 0
    pairs = read_pairs(path)
    options = Options(findings=KINDS)
    t0 = time.perf_counter()
    results = [(p, check(p, options)) for p in pairs]
    elapsed = time.perf_counter() - t0

    flagged = [(p, f) for p, f in results if f]
    neg = [p for p, _ in results if p.label == 0]
    pos = [p for p, _ in results if p.label == 1]
    flagged_neg = sum(1 for p, _ in flagged if p.label == 0)
    flagged_pos = sum(1 for p, _ in flagged if p.label == 1)
    neg_differ = [p for p, f in results if p.label == 0 and differs(p)]
    neg_differ_flagged = sum(1 for p, f in results if p.label == 0 and differs(p) and f)
    flagged_differ = sum(1 for p, _ in flagged if differs(p))
    by_kind: dict[str, list[int]] = {}
    for p, fs in results:
        for k in {_subtype(f) for f in fs}:
            by_kind.setdefault(k, [0, 0])[p.label] += 1

    rf_version = importlib.metadata.version("rapidfuzz")
    print(
        f"machine: {platform.platform()} | python {platform.python_version()} | "
        f"rapidfuzz {rf_version} | {_dt.date.today().isoformat()}"
    )
    print(
        f"data: {path} ({len(pairs)} pairs: {len(neg)} label 0, {len(pos)} label 1; "
        f"label-0 base rate {_ratio(len(neg), len(pairs))})"
    )
    print()
    print("| measure | value | counts |")
    print("|---|---|---|")
    print(
        f"| precision (flagged pairs labelled 0) | {_ratio(flagged_neg, len(flagged))} "
        f"| {flagged_neg}/{len(flagged)} |"
    )
    print(
        f"| recall (label-0 pairs differing in number/date/name, flagged) "
        f"| {_ratio(neg_differ_flagged, len(neg_differ))} | {neg_differ_flagged}/{len(neg_differ)} |"
    )
    print(
        f"| flag rate on label-1 pairs | {_ratio(flagged_pos, len(pos))} | {flagged_pos}/{len(pos)} |"
    )
    print(
        f"| flag rate on label-0 pairs | {_ratio(flagged_neg, len(neg))} | {flagged_neg}/{len(neg)} |"
    )
    print(
        f"| flagged pairs the independent check also finds different "
        f"| {_ratio(flagged_differ, len(flagged))} | {flagged_differ}/{len(flagged)} |"
    )
    print()
    print("| finding | pairs flagged, label 0 | pairs flagged, label 1 | share labelled 0 |")
    print("|---|---|---|---|")
    for k, (n0, n1) in sorted(by_kind.items()):
        print(f"| {k} | {n0} | {n1} | {_ratio(n0, n0 + n1)} |")
    print()
    print(
        f"run time: {elapsed:.2f} s for {len(pairs)} pairs "
        f"({1000 * elapsed / max(1, len(pairs)):.2f} ms per pair)"
    )
    if args.show:
        print()
        shown = 0
        for p, fs in flagged:
            if p.label != 1:
                continue
            print(f"- {p.id1}/{p.id2}\n  1: {p.s1}\n  2: {p.s2}")
            for f in fs:
                print(f"  * {f.kind}: {f.explanation}")
            shown += 1
            if shown >= args.show:
                break
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
