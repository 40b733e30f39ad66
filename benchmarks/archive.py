"""The newsroom archive at 20k, 100k and 1M documents: indexing speed, size, memory, recall, precision, latency.

Usage::

    python benchmarks/archive.py [--data DIR] [--work DIR] [--sizes 20000 100000 1000000]
                                 [--jobs 2] [--batch-size 4000] [--latency 200] [--json FILE]

Data: ``--data``, else ``$LINEAGE_ARCHIVE_DATA``, else ``/work/data``: the
folder ``benchmarks/archive_data.py`` writes (``real.jsonl``,
``real.unarchived.jsonl``, ``drafts.jsonl`` and ``synth1m/``), made from the
eval data (``$LINEAGE_EVAL``).  When absent the script prints one "skipped"
line and exits 0.  Archives are written to ``--work`` (default: ``archives/``
in the data folder) and kept, so a size can be measured again without
rebuilding (``--reuse``).

For each size N the archive holds the real archive (BBC, Reuters and
``samples/``, 21,161 documents) and N - 21,161 synthetic background documents
(the real archive alone for N <= 21,161).  Measured:

* indexing: wall time and documents/s of ``Archive.add`` with ``--jobs``
  workers, disk per document (the file after the add), peak memory (this
  process, and the largest worker);
* the samples: ``check`` of each ``samples/`` file (001 should name 002 as a
  paraphrase; the others no source);
* quality over the planted drafts (``drafts.jsonl``): recall of the planted
  sources in the top 5 reported (a source counts when it, or one of the
  archived stories listed in its ``also``, is reported), and the precision of
  everything reported (a reported document is right when it is a planted
  source or in an ``also`` list of the draft);
* with ``--compact``, the time to merge the postings into one run, before the checks;
* latency over ``--latency`` drafts of 600 words (planted drafts filled up
  with held-out BBC prose, or cut): p50 and p95 of candidate retrieval (keys,
  postings, ranking, filters) and of the whole check (preparing the draft,
  retrieval, reading and aligning candidates).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import time
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.archive_data import read_jsonl  # noqa: E402
from lineage import Archive, Document  # noqa: E402

TOP = 5
LATENCY_WORDS = 600


def data_root(arg: Path | None) -> Path:
    """The generated data: ``--data``, ``$LINEAGE_ARCHIVE_DATA`` or ``/work/data``."""
    env = os.environ.get("LINEAGE_ARCHIVE_DATA")
    return arg or (Path(env) if env else Path("/work/data"))


def to_document(rec: dict[str, Any], ident: str = "id") -> Document:
    """A record of the generated data as a document (further fields kept as extra)."""
    extra = {k: str(v) for k, v in rec.items()
             if k not in ("id", "draft_id", "text", "date", "title", "url", "source", "sources") and v is not None}
    return Document(id=str(rec[ident]), text=rec["text"], date=rec.get("date"), title=rec.get("title"),
                    source=rec.get("source"), extra=extra)


def archive_documents(root: Path, size: int) -> Iterator[Document]:
    """The real archive, then synthetic documents up to ``size`` in all."""
    n = 0
    for rec in read_jsonl(root / "real.jsonl"):
        n += 1
        yield to_document(rec)
    if size > n:
        for rec in read_jsonl(root / "synth1m", limit=size - n):
            yield to_document(rec)


def _cpu() -> tuple[float, float]:
    """CPU seconds of this process and of its finished children."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


def peak_mb() -> tuple[float, float]:
    """Peak resident memory of this process and of its largest finished child, in MB (Linux: KB units)."""
    return (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)


def _tree_cpu() -> float:
    """CPU seconds of this process's live descendants (Spark's JVM and its Python workers), from /proc."""
    from benchmarks.spark_scale import descendants, proc_table

    children, _, ticks = proc_table()
    me = os.getpid()
    return sum(ticks.get(p, 0) for p in descendants(me, children) if p != me) / os.sysconf("SC_CLK_TCK")


def build(path: Path, root: Path, size: int, jobs: int, batch_size: int,
          master: str | None = None) -> dict[str, Any]:
    """Build the archive of ``size`` documents and measure the add (on Spark when ``master`` is given)."""
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    spark = None
    if master is not None:
        from lineage.spark import session

        spark = session(master)  # started before the clock: its start-up is a fixed cost
    cpu0 = _cpu()
    tree0 = _tree_cpu()
    start = time.perf_counter()
    marks: list[tuple[float, int]] = []
    with Archive(path) as archive:
        mark = lambda done: marks.append((time.perf_counter() - start, done))  # noqa: E731
        if spark is None:
            result = archive.add(archive_documents(root, size), jobs=jobs, batch_size=batch_size, progress=mark)
        else:
            from lineage.spark import add_to_archive

            result = add_to_archive(archive, archive_documents(root, size), spark=spark, batch_size=batch_size,
                                    progress=mark)
        stats = archive.storage.stats()
    wall = time.perf_counter() - start
    main_cpu, worker_cpu = (b - a for a, b in zip(cpu0, _cpu()))
    if spark is not None:
        worker_cpu = _tree_cpu() - tree0  # the JVM and its Python workers, still running
        spark.stop()
    disk = path.stat().st_size
    me, child = peak_mb()
    n = stats["documents"]
    # Two free cores: the workers share them with the main process, which writes serially.
    two_cores = n / max((main_cpu + worker_cpu) / 2, main_cpu)
    return {"documents": n, "seconds": round(wall, 1), "per_second": round(n / wall),
            "cpu_ms_per_document": {"main": round(1000 * main_cpu / n, 3), "workers": round(1000 * worker_cpu / n, 3)},
            "per_second_on_two_free_cores": round(two_cores), "bytes_live": stats["bytes"] - stats["free_bytes"],
            "bytes": disk, "bytes_per_document": round(disk / stats["documents"]), "postings": stats["postings"],
            "postings_per_document": round(stats["postings"] / stats["documents"], 1), "runs": stats["runs"],
            "common_keys": stats["common_keys"], "peak_mb_main": round(me), "peak_mb_worker": round(child),
            "added": result.added, "progress": marks[-20:]}


def check_samples(archive: Archive) -> list[dict[str, Any]]:
    """Each sample checked against the archive: its sources, best first."""
    out = []
    for p in sorted((REPO / "samples").glob("0*.txt")):
        r = archive.check(Document.from_path(p))
        out.append({"draft": p.name[:3], "sources": [
            {"id": s.document.id, "verdict": s.verdict, "draft_share": round(s.draft_share, 2),
             "direction": s.direction, "findings": len(s.findings)} for s in r.sources]})
    return out


def quality(archive: Archive, drafts: list[dict[str, Any]]) -> dict[str, Any]:
    """Recall of planted sources in the top 5 and precision of everything reported."""
    planted = found = reported = right = 0
    by_mode: dict[str, list[int]] = {}
    misses, wrong = [], []
    negatives_flagged = 0
    for rec in drafts:
        r = archive.check(to_document(rec, "draft_id"), top=10)
        ids = [s.document.id for s in r.sources]
        ok_ids = {x for s in rec["sources"] for x in [s["id"], *s["also"]]}
        for s in rec["sources"]:
            planted += 1
            hit = bool({s["id"], *s["also"]} & set(ids[:TOP]))
            found += hit
            by_mode.setdefault(s["mode"], [0, 0])[0] += hit
            by_mode[s["mode"]][1] += 1
            if not hit:
                misses.append({"draft": rec["draft_id"], "source": s["id"], "mode": s["mode"], "reported": ids[:TOP]})
        reported += len(ids)
        right += sum(1 for i in ids if i in ok_ids)
        wrong += [{"draft": rec["draft_id"], "reported": i, "verdict": s.verdict, "share": round(s.draft_share, 2)}
                  for i, s in zip(ids, r.sources) if i not in ok_ids]
        negatives_flagged += bool(ids) and not rec["sources"]
    return {"planted": planted, "recall_at_5": round(found / planted, 4) if planted else None,
            "reported": reported, "precision": round(right / reported, 4) if reported else None,
            "recall_by_mode": {m: round(a / b, 4) for m, (a, b) in sorted(by_mode.items())},
            "negatives_with_a_source": negatives_flagged, "misses": misses[:30], "wrong": wrong[:30]}


def latency_drafts(drafts: list[dict[str, Any]], fill: list[dict[str, Any]], n: int) -> list[Document]:
    """``n`` drafts of about 600 words: planted drafts filled up with held-out prose, or cut."""
    paragraphs = [p for rec in fill for p in rec["text"].split("\n\n")[1:] if len(p.split()) > 20]
    out, k = [], 0
    for rec in drafts[:n]:
        parts = rec["text"].split("\n\n")
        while sum(len(p.split()) for p in parts) < LATENCY_WORDS:
            parts.append(paragraphs[k % len(paragraphs)])
            k += 1
        words = "\n\n".join(parts).split(" ")
        text = " ".join(words[:LATENCY_WORDS])
        out.append(Document(id=rec["draft_id"], text=text, date=rec.get("date"), title=rec.get("title")))
    return out


def latency(archive: Archive, drafts: list[Document]) -> dict[str, Any]:
    """p50 and p95 of retrieval and of the whole check, in milliseconds."""
    t: dict[str, list[float]] = {"prepare": [], "retrieval": [], "alignment": [], "total": []}
    aligned, candidates = [], []
    for d in drafts:
        r = archive.check(d, top=10)
        for k in t:
            t[k].append(r.timings[k])
        aligned.append(r.aligned)
        candidates.append(r.candidates)
    pct = {k: {"p50": round(float(np.percentile(v, 50)), 1), "p95": round(float(np.percentile(v, 95)), 1)}
           for k, v in t.items()}
    return {"drafts": len(drafts), "words": LATENCY_WORDS, **pct,
            "aligned_mean": round(float(np.mean(aligned)), 1), "candidates_p50": float(np.percentile(candidates, 50))}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print a table and the JSON."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=None, help="generated data (default $LINEAGE_ARCHIVE_DATA or /work/data)")
    ap.add_argument("--work", type=Path, default=None, help="folder for the archives (default DATA/archives)")
    ap.add_argument("--sizes", type=int, nargs="+", default=[20_000, 100_000, 1_000_000])
    ap.add_argument("--jobs", type=int, default=2, help="worker processes indexing (default 2)")
    ap.add_argument("--batch-size", type=int, default=4000, help="documents per transaction (default 4000)")
    ap.add_argument("--spark", metavar="MASTER", default=None,
                    help="index on Spark with this master (e.g. local[2]) instead of worker processes")
    ap.add_argument("--latency", type=int, default=200, help="600-word drafts timed (default 200)")
    ap.add_argument("--reuse", action="store_true", help="measure existing archives instead of building them")
    ap.add_argument("--compact", action="store_true",
                    help="merge each archive's postings into one run before measuring checks (timed)")
    ap.add_argument("--json", type=Path, default=None, help="also write the results as JSON")
    args = ap.parse_args(argv)
    root = data_root(args.data)
    needed = [root / "real.jsonl", root / "drafts.jsonl", root / "real.unarchived.jsonl", root / "synth1m"]
    missing = [str(p) for p in needed if not p.exists()]
    if missing:
        print(f"skipped: archive benchmark data not found ({', '.join(missing)}); "
              "make it with benchmarks/archive_data.py")
        return 0
    work = args.work or root / "archives"
    drafts = list(read_jsonl(root / "drafts.jsonl"))
    timed = latency_drafts([d for d in drafts if d["sources"]], list(read_jsonl(root / "real.unarchived.jsonl")),
                           args.latency)
    results: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d %H:%M:%S"), "machine": f"{platform.system()} {platform.release()} "
        f"{platform.machine()}, {os.cpu_count()} CPUs", "python": platform.python_version(),
        "versions": {p: version(p) for p in ("lineage", "numpy", "datasketch")}, "sqlite": __import__("sqlite3").sqlite_version,
        "jobs": args.jobs, "spark": args.spark, "sizes": {},
    }
    for size in args.sizes:
        path = work / f"archive-{size}.db"
        res: dict[str, Any] = {}
        if not args.reuse:
            res["build"] = build(path, root, size, args.jobs, args.batch_size, args.spark)
            print(f"[{size}] built: {json.dumps(res['build'])}", flush=True)
        load_before = os.getloadavg()
        if args.compact:
            start = time.perf_counter()
            with Archive(path, create=False) as archive:
                archive.compact()
                stats = archive.storage.stats()
            res["compact"] = {"seconds": round(time.perf_counter() - start, 1), "runs": stats["runs"],
                              "bytes": path.stat().st_size, "bytes_live": stats["bytes"] - stats["free_bytes"]}
            print(f"[{size}] compacted: {json.dumps(res['compact'])}", flush=True)
        with Archive(path, create=False) as archive:
            res["samples"] = check_samples(archive)
            res["quality"] = quality(archive, drafts)
            print(f"[{size}] quality: recall@5 {res['quality']['recall_at_5']}, precision "
                  f"{res['quality']['precision']}", flush=True)
            res["latency"] = latency(archive, timed)
            res["runs"] = archive.storage.stats()["runs"]
        res["load_average"] = [round(x, 1) for x in (*load_before, *os.getloadavg())]
        results["sizes"][str(size)] = res
        print(f"[{size}] latency: {json.dumps(res['latency'])}", flush=True)
        if args.json:
            args.json.write_text(json.dumps(results, indent=1) + "\n")
    print(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
