"""The Spark engine beside the in-process one on Reuters-21578, and its cost as the corpus grows.

Usage::

    python benchmarks/spark_scale.py compare [--data EVAL_ROOT] [--limit N] [--master local[2]]
                                             [--partitions 8] [--json FILE]
    python benchmarks/spark_scale.py scale   [--data EVAL_ROOT] [--sizes 2500,5000,10000,19043] [...]
    python benchmarks/spark_scale.py bands   [--data EVAL_ROOT] [--sizes 100000,1000000] [...]

Data: ``--data``, else ``$LINEAGE_EVAL``, else ``../shared/eval`` (Reuters
stories as :mod:`benchmarks.reuters_scale` loads them; BBC articles for the
background text).  When absent the script prints one "skipped: ..." line
and exits 0.

``compare`` runs each engine in its own process on the first ``--limit``
stories (default all 19,043) and prints wall time, CPU time and the peak
resident memory of the whole process tree (driver, workers, the JVM and its
Python workers, sampled from ``/proc`` every 0.2 s), then compares the two
engines' reuse and derivation edges (source, target, kind, share, direction).
``scale`` runs both engines on growing prefixes of Reuters.  ``bands``
runs only preparation, signatures and LSH banding on synthetic background
documents: sentences drawn from a word-bigram model of Reuters and BBC text,
generated on the executors, so they share common phrasing but no copied
sentence.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import random
import resource
import subprocess
import sys
import threading
import time
from collections import defaultdict
from importlib.metadata import version
from pathlib import Path
from typing import Any, Self

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.reuters_scale import eval_root, load_stories, to_document  # noqa: E402


def proc_table() -> tuple[dict[int, list[int]], dict[int, int], dict[int, int]]:
    """Children, resident size (KB) and CPU ticks of every process, read from ``/proc``."""
    children: dict[int, list[int]] = defaultdict(list)
    rss: dict[int, int] = {}
    ticks: dict[int, int] = {}
    page_kb = os.sysconf("SC_PAGE_SIZE") // 1024
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry}/statm") as fh:
                rss[int(entry)] = int(fh.read().split()[1]) * page_kb
        except (OSError, IndexError, ValueError):
            continue
        children[int(fields[1])].append(int(entry))
        ticks[int(entry)] = int(fields[11]) + int(fields[12])
    return children, rss, ticks


def descendants(root: int, children: dict[int, list[int]]) -> list[int]:
    """``root`` and every process under it."""
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, ()))
    return out


def pss_kb(pid: int) -> int:
    """Proportional set size (KB) of a process: pages shared with others (forked workers) counted in shares."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class TreeMemory:
    """Peak memory (MB) and CPU seconds of this process and its descendants, sampled from ``/proc``.

    ``peak`` sums resident sizes, counting the pages forked workers share with
    their parent once per process; ``peak_pss`` sums proportional sizes
    (``smaps_rollup``), the memory the tree really holds.
    """

    def __init__(self, every: float = 0.2, pss: bool = False) -> None:
        self.peak = 0.0
        self.peak_pss = 0.0
        self.pss = pss
        self.ticks: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(every,), daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def cpu(self) -> float:
        """CPU seconds of every process seen in the tree (a process's own time, its children's apart)."""
        return sum(self.ticks.values()) / os.sysconf("SC_CLK_TCK")

    def _sample(self, root: int) -> None:
        children, rss, ticks_of = proc_table()
        total = proportional = 0
        for pid in descendants(root, children):
            total += rss.get(pid, 0)
            if self.pss:
                proportional += pss_kb(pid)
            if pid in ticks_of:
                self.ticks[pid] = max(self.ticks.get(pid, 0), ticks_of[pid])
        self.peak = max(self.peak, total / 1024)
        self.peak_pss = max(self.peak_pss, proportional / 1024)

    def _run(self, every: float) -> None:
        while not self._stop.is_set():
            self._sample(os.getpid())
            self._stop.wait(every)


def cpu_seconds() -> float:
    """CPU time of this process and its reaped descendants (the JVM and its workers once it exits)."""
    return sum(r.ru_utime + r.ru_stime for r in
               (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)))


def edge_rows(g: Any) -> list[list[Any]]:
    """Edges as comparable rows: source, target, kind, share, direction."""
    return sorted([u, v, d["kind"], d["share"], d["direction"]] for u, v, d in g.edges(data=True))


def run_engine(args: argparse.Namespace) -> dict[str, Any]:
    """One engine on the first ``--limit`` stories, in this process: timings, memory, edges."""
    stories = load_stories(eval_root(args.data) / "reuters21578")[: args.limit]
    docs = [to_document(s) for s in stories]
    with TreeMemory() as mem:
        t0 = time.perf_counter()
        if args.engine == "spark":
            from lineage.spark import build_graphs_spark

            graphs = build_graphs_spark(docs, master=args.master, partitions=args.partitions)
        else:
            from lineage import build_graphs

            graphs = build_graphs(docs, jobs=args.jobs)
        wall = time.perf_counter() - t0
    return {"engine": args.engine, "documents": len(docs), "seconds": round(wall, 1),
            "cpu_seconds": round(max(cpu_seconds(), mem.cpu), 1), "peak_mb": round(mem.peak),
            "candidate_pairs": graphs.reuse.graph["options"]["candidate_pairs"],
            "reuse": edge_rows(graphs.reuse), "derivation": edge_rows(graphs.derivation)}


def child(args: argparse.Namespace, engine: str, limit: int | None) -> dict[str, Any]:
    """Run one engine in a fresh process and read its JSON result."""
    out = Path(f"/tmp/spark_scale_{os.getpid()}_{engine}.json")
    cmd = [sys.executable, __file__, "run", "--engine", engine, "--master", args.master,
           "--partitions", str(args.partitions), "--jobs", str(args.jobs), "--json", str(out)]
    cmd += ["--data", str(args.data)] if args.data else []
    cmd += ["--limit", str(limit)] if limit else []
    subprocess.run(cmd, check=True)
    result: dict[str, Any] = json.loads(out.read_text())
    out.unlink()
    return result


def diff(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """Edges of each view found by one engine only, or found by both with other attributes."""
    out = {}
    for view in ("reuse", "derivation"):
        ra = {(r[0], r[1]): r for r in a[view]}
        rb = {(r[0], r[1]): r for r in b[view]}
        out[view] = {"in_process": len(ra), "spark": len(rb),
                     "only_in_process": sorted(set(ra) - set(rb)), "only_spark": sorted(set(rb) - set(ra)),
                     "changed": sorted(k for k in set(ra) & set(rb) if ra[k] != rb[k])}
    return out


def summary(r: dict[str, Any]) -> str:
    """One line of timings and memory."""
    return (f"{r['engine']:<10} {r['documents']:>7} docs  wall {r['seconds']:>7.1f} s  CPU {r['cpu_seconds']:>7.1f} s  "
            f"peak {r['peak_mb']:>6} MB  pairs {r['candidate_pairs']}  reuse {len(r['reuse'])}  "
            f"derivation {len(r['derivation'])}")


def background(spark: Any, texts: list[str], n: int, partitions: int, seed: int) -> Any:
    """A DataFrame of ``n`` synthetic documents drawn on executors from a word-bigram model of ``texts``."""
    follow: dict[str, list[str]] = defaultdict(list)
    for t in texts:
        words = t.split()
        for x, y in itertools.pairwise(words):
            if len(follow[x]) < 64:
                follow[x].append(y)
    starts = [w for w in follow if w[:1].isupper()]
    model = spark.sparkContext.broadcast((dict(follow), starts))

    def make(part: int, ids: Any) -> Any:
        follow_, starts_ = model.value
        rng = random.Random(seed * 1_000_003 + part)
        for i in ids:
            paras = []
            for _ in range(rng.randint(3, 8)):
                sents = []
                for _ in range(rng.randint(1, 3)):
                    w = rng.choice(starts_)
                    out = [w]
                    for _ in range(rng.randint(12, 30)):
                        nxt = follow_.get(w)
                        w = rng.choice(nxt) if nxt else rng.choice(starts_)
                        out.append(w)
                    sents.append(" ".join(out).rstrip(".") + ".")
                paras.append(" ".join(sents))
            yield (f"bg{i}", "\n\n".join(paras) + "\n")

    rdd = spark.sparkContext.parallelize(range(n), partitions).mapPartitionsWithIndex(make)
    return spark.createDataFrame(rdd, "id string, text string")


def bands(args: argparse.Namespace) -> list[dict[str, Any]]:
    """Preparation, signatures and banding of synthetic corpora of each size, timed per stage."""
    from benchmarks.bbc_lineage import read_bbc
    from lineage.spark import session
    from lineage.spark.banding import candidate_pairs
    from lineage.spark.prepare import indexed, prepare_frame, recurring_lines

    root = eval_root(args.data)
    texts = [s.body for s in load_stories(root / "reuters21578")]
    texts += [" ".join(s for p in a.paras for s in p) for a in read_bbc(root / "bbc")]
    os.environ.setdefault("PYSPARK_SUBMIT_ARGS", f"--driver-memory {args.driver_memory} pyspark-shell")
    spark = session(args.master, args.partitions)
    out = []
    for n in args.sizes:
        t0 = time.perf_counter()
        docs, count = indexed(background(spark, texts, n, args.partitions, args.seed))
        docs = docs.persist()
        t1 = time.perf_counter()
        recurring = recurring_lines(docs, count)
        prepared = prepare_frame(docs, __import__("lineage").Options(), recurring).persist()
        prepared.count()
        t2 = time.perf_counter()
        pairs = candidate_pairs(prepared, __import__("lineage").Options().candidates).count()
        t3 = time.perf_counter()
        row = {"documents": n, "generate_s": round(t1 - t0, 1), "prepare_sign_s": round(t2 - t1, 1),
               "banding_s": round(t3 - t2, 1), "candidate_pairs": pairs,
               "us_per_doc": round(1e6 * (t3 - t1) / n)}
        print(json.dumps(row), flush=True)
        out.append(row)
        prepared.unpersist()
        docs.unpersist()
    spark.stop()
    return out


def main(argv: list[str] | None = None) -> int:
    """Parse the command and run it."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("command", choices=["compare", "scale", "bands", "run"])
    ap.add_argument("--data", type=Path, default=None, help="eval root (default: $LINEAGE_EVAL or ../shared/eval)")
    ap.add_argument("--limit", type=int, default=None, help="only the first N stories (compare, run)")
    ap.add_argument("--sizes", default=None, help="comma-separated corpus sizes (scale, bands)")
    ap.add_argument("--engine", choices=["in-process", "spark"], default="spark", help="(run)")
    ap.add_argument("--master", default="local[2]", help="Spark master (default local[2])")
    ap.add_argument("--partitions", type=int, default=8, help="Spark partitions (default 8)")
    ap.add_argument("--jobs", type=int, default=2, help="in-process worker processes (default 2)")
    ap.add_argument("--seed", type=int, default=1, help="seed of the synthetic documents (bands)")
    ap.add_argument("--driver-memory", default="6g", help="JVM heap of the local driver (bands; default 6g)")
    ap.add_argument("--json", type=Path, default=None, help="write the results as JSON to this file")
    args = ap.parse_args(argv)
    root = eval_root(args.data)
    if not any((root / "reuters21578").glob("reut2-*.sgm")):
        print(f"skipped: Reuters-21578 files ({root}/reuters21578/reut2-*.sgm) not found")
        return 0
    meta = {"lineage_version": version("lineage"), "pyspark": version("pyspark"), "python": platform.python_version(),
            "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
            "load_before": [round(x, 2) for x in os.getloadavg()], "master": args.master,
            "partitions": args.partitions}
    result: Any
    if args.command == "run":
        result = run_engine(args)
    elif args.command == "compare":
        a, b = child(args, "in-process", args.limit), child(args, "spark", args.limit)
        print(summary(a))
        print(summary(b))
        d = diff(a, b)
        for view, v in d.items():
            print(f"{view}: in-process {v['in_process']}, spark {v['spark']}, only in-process "
                  f"{len(v['only_in_process'])}, only spark {len(v['only_spark'])}, changed {len(v['changed'])}")
        result = {**meta, "in_process": {k: a[k] for k in a if k not in ("reuse", "derivation")},
                  "spark": {k: b[k] for k in b if k not in ("reuse", "derivation")}, "diff": d}
    elif args.command == "scale":
        sizes = [int(s) for s in (args.sizes or "2500,5000,10000,19043").split(",")]
        rows = []
        for n in sizes:
            for engine in ("in-process", "spark"):
                r = child(args, engine, n)
                print(summary(r), flush=True)
                rows.append({k: r[k] for k in r if k not in ("reuse", "derivation")})
        result = {**meta, "rows": rows}
    else:
        args.sizes = [int(s) for s in (args.sizes or "100000,1000000").split(",")]
        result = {**meta, "rows": bands(args)}
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
