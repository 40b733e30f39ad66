"""Fuzz compare, the text report and the JSON with seeded mutations of real articles.

Usage::

    python benchmarks/fuzz.py [--cases N] [--seed S] [--jobs J] [--data DIR] [--json FILE]
    python benchmarks/fuzz.py --seed S --case I      # replay one case and show its traceback

Each case takes one or two articles (the ``samples/`` articles and, when the
evaluation data is present, BBC articles from ``--data``, ``$LINEAGE_EVAL``
or ``../shared/eval``), mutates one or both (deletions, inserted quotes and
figures, RTL marks, joiners, emoji, CJK, control characters, lone surrogates,
unbalanced quotes, huge lines; see ``fuzz_mutations.py``), then runs
``compare``, ``render.text.compare_report`` and
``json.dumps(result.to_dict(), ensure_ascii=False).encode("utf-8")``.  A
``LineageError`` is a refusal, not a failure; any other exception is a crash,
recorded with the seed and case number that replay it.  Every case is seeded
from ``(seed, case)`` alone, so a run splits across processes freely.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import signal
import sys
import time
import traceback
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.fuzz_mutations import excerpt, mutate  # noqa: E402
from lineage import LineageError, compare  # noqa: E402
from lineage.render.text import compare_report  # noqa: E402

#: A case slower than this (seconds) is reported.
SLOW = 5.0
#: A case still running after this (seconds) is stopped and counted as a crash.
HANG = 120
_ARTICLES: list[str] = []


@dataclass
class Outcome:
    """What one case did: passed, refused with a LineageError, or crashed; and how long it took."""

    case: int
    status: str  # "ok", "refused" or "crash"
    seconds: float
    mutations: str
    chars: int
    error: str = ""


class _Hang(Exception):
    """Raised in a case that runs past ``HANG`` seconds."""


def eval_root(arg: Path | None) -> Path:
    """The eval root: ``--data``, ``$LINEAGE_EVAL`` or ``../shared/eval`` beside the repository."""
    env = os.environ.get("LINEAGE_EVAL")
    return arg or (Path(env) if env else REPO.parent / "shared" / "eval")


def load_articles(data: Path | None, bbc_limit: int = 400) -> list[str]:
    """The sample articles and up to ``bbc_limit`` BBC articles (every fifth, for variety)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "samples").glob("[0-9]*.txt"))]
    bbc = sorted((eval_root(data) / "bbc").glob("*/*.txt")) if bbc_limit else []
    for path in bbc[::5][:bbc_limit]:
        raw = path.read_bytes()
        try:
            texts.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            texts.append(raw.decode("latin-1"))
    return texts


def make_case(seed: int, case: int, articles: list[str]) -> tuple[str, str, list[str]]:
    """The two texts of case ``case`` under ``seed``, and the mutations applied."""
    rng = random.Random(f"{seed}:{case}")
    a = excerpt(rng, rng.choice(articles))
    mode = rng.randrange(4)
    names: list[str] = []
    if mode == 0:  # a text and a mutated copy
        b, names = mutate(rng, a)
    elif mode == 1:  # two mutated copies of one text
        a, na = mutate(rng, a)
        b, nb = mutate(rng, a)
        names = na + ["|"] + nb
    elif mode == 2:  # a mutated text and another article
        a, names = mutate(rng, a)
        b = excerpt(rng, rng.choice(articles))
    else:  # a copy mutated, then both texts trimmed differently
        b, names = mutate(rng, a)
        a = excerpt(rng, a)
    if rng.random() < 0.5:
        a, b = b, a
    return a, b, names


def run_case(seed: int, case: int, articles: list[str]) -> Outcome:
    """Run one case through compare, the text report and the JSON encoding."""
    a, b, names = make_case(seed, case, articles)
    start = time.perf_counter()
    status, error = "ok", ""
    try:
        result = compare(a, b)
        compare_report(result, verbose=bool(case % 2))
        json.dumps(result.to_dict(), ensure_ascii=False).encode("utf-8")
    except LineageError:
        status = "refused"
    except Exception as exc:  # the point of the run: any other exception is a crash
        status = "crash"
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename != __file__]
        where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno} in {frames[-1].name}" if frames else ""
        message = " ".join(str(exc).split())[:200]
        message = message.encode("utf-8", "backslashreplace").decode("utf-8")
        error = f"{type(exc).__name__}: {message} ({where})"
    seconds = time.perf_counter() - start
    return Outcome(case, status, seconds, " ".join(names), len(a) + len(b), error)


def _on_hang(signum: int, frame: Any) -> None:
    raise _Hang(f"still running after {HANG} s")


def _init(articles: list[str]) -> None:
    """Set up a worker process: Ctrl-C is the parent's to handle."""
    global _ARTICLES
    _ARTICLES = articles
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGALRM, _on_hang)


def _run_chunk(job: tuple[int, range]) -> list[Outcome]:
    seed, cases = job
    out = []
    for case in cases:
        signal.alarm(HANG)
        try:
            out.append(run_case(seed, case, _ARTICLES))
        except _Hang as exc:
            out.append(Outcome(case, "crash", float(HANG), "", 0, f"hang: {exc}"))
        finally:
            signal.alarm(0)
    return out


def run(cases: int, seed: int, jobs: int, articles: list[str], chunk: int = 50,
        progress: bool = False) -> list[Outcome]:
    """Run cases ``0..cases-1`` under ``seed`` in ``jobs`` processes; outcomes in case order."""
    chunks = [(seed, range(i, min(i + chunk, cases))) for i in range(0, cases, chunk)]
    outcomes: list[Outcome] = []
    if jobs <= 1:
        global _ARTICLES
        _ARTICLES = articles
        previous = signal.signal(signal.SIGALRM, _on_hang)
        try:
            for job in chunks:
                outcomes.extend(_run_chunk(job))
        finally:
            signal.signal(signal.SIGALRM, previous)
        return outcomes
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(jobs, initializer=_init, initargs=(articles,)) as pool:
        for k, part in enumerate(pool.imap_unordered(_run_chunk, chunks), 1):
            outcomes.extend(part)
            if progress and k % 20 == 0:
                print(f"  {len(outcomes):,}/{cases:,} cases", file=sys.stderr, flush=True)
    return sorted(outcomes, key=lambda o: o.case)


def summary(outcomes: list[Outcome], seed: int, wall: float, jobs: int) -> dict[str, Any]:
    """Counts, per-case times, the crashes and the slowest cases."""
    times = sorted(o.seconds for o in outcomes)
    crashes = [o for o in outcomes if o.status == "crash"]
    slowest = sorted(outcomes, key=lambda o: -o.seconds)[:10]
    return {
        "cases": len(outcomes),
        "seed": seed,
        "jobs": jobs,
        "ok": sum(o.status == "ok" for o in outcomes),
        "refused": sum(o.status == "refused" for o in outcomes),
        "crashes": len(crashes),
        "over_5s": sum(t > SLOW for t in times),
        "wall_seconds": round(wall, 1),
        "mean_case_seconds": round(sum(times) / max(len(times), 1), 4),
        "p99_case_seconds": round(times[int(0.99 * (len(times) - 1))], 3) if times else 0.0,
        "max_case_seconds": round(times[-1], 3) if times else 0.0,
        "crash_list": [asdict(o) for o in crashes],
        "slowest": [asdict(o) for o in slowest],
    }


def replay(seed: int, case: int, articles: list[str]) -> int:
    """Run one case in the foreground, printing its mutations and any traceback."""
    a, b, names = make_case(seed, case, articles)
    print(f"case {case} (seed {seed}): {' '.join(names)}; {len(a):,} + {len(b):,} chars")
    start = time.perf_counter()
    try:
        result = compare(a, b)
        compare_report(result)
        json.dumps(result.to_dict(), ensure_ascii=False).encode("utf-8")
        print(f"ok: {result.verdict} in {time.perf_counter() - start:.2f} s")
    except LineageError as exc:
        print(f"refused: {exc}")
    except Exception:
        traceback.print_exc()
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    """Command line: run the fuzz cases and print the summary (and write it as JSON)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--data", type=Path, default=None,
                    help="eval root (default: $LINEAGE_EVAL or ../shared/eval)")
    ap.add_argument("--case", type=int, default=None, help="replay this one case")
    ap.add_argument("--json", type=Path, default=None, help="write the summary here")
    args = ap.parse_args(argv)
    articles = load_articles(args.data)
    if args.case is not None:
        return replay(args.seed, args.case, articles)
    print(f"{len(articles)} articles; {args.cases:,} cases, seed {args.seed}, {args.jobs} job(s)",
          file=sys.stderr)
    start = time.perf_counter()
    outcomes = run(args.cases, args.seed, args.jobs, articles, progress=True)
    report = summary(outcomes, args.seed, time.perf_counter() - start, args.jobs)
    if args.json:
        text = json.dumps(report, ensure_ascii=False, indent=1) + "\n"
        args.json.write_text(text, encoding="utf-8")
    brief = {k: v for k, v in report.items() if k not in ("crash_list", "slowest")}
    print(json.dumps(brief, indent=1))
    for c in report["crash_list"]:
        print(f"crash: --seed {args.seed} --case {c['case']}: {c['error']}  [{c['mutations']}]")
    for s in report["slowest"][:5]:
        print(f"slow: case {s['case']} {s['seconds']:.2f} s, {s['chars']:,} chars"
              f"  [{s['mutations']}]")
    return 1 if report["crashes"] or report["over_5s"] else 0


if __name__ == "__main__":
    sys.exit(main())
