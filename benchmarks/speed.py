"""Speed of lineage against its acceptance figures and against peer tools, all in one run.

Usage::

    python benchmarks/speed.py [--data DIR] [--repeat N] [--docs N] [--sizes 1000,5000,...]
                               [--only startup,compare,sentences,signatures]
                               [--text-matcher PATH] [--profile] [--json]
    python benchmarks/speed.py --tables RUN.json

Four parts, each timed as wall and CPU time (medians of ``--repeat`` runs, and
the fastest wall time):

1. start-up: whole processes -- the interpreter alone, ``import
   lineage.comparison``, ``lineage --help``, ``lineage compare`` on two of
   the ``samples/`` texts, and text-matcher (a peer on PyPI) on the same pair;
   each command runs once untimed first, which writes its bytecode to a
   private cache.  The ``lineage`` command is run with this checkout first on
   ``PYTHONPATH``.
2. compare scaling: ``lineage.compare`` on derived pairs (B reuses about half
   of A, edited) of 1k to 100k words, the time split into ``prepare`` of each
   side and the comparison of the prepared documents; growth exponents.
3. sentence splitting: BBC text on one line, 400 KB and 5 MB.
4. signatures: ~600-word documents from text to MinHash signature, lineage
   against rensa and datasketch and a pure-Python floor (see
   ``benchmarks/speed_signatures.py``).

Data is read from ``--data``, else ``$LINEAGE_EVAL``, else the first ``shared/eval``
in a parent folder;
parts 2 and 4 use generated text when it is absent, part 3 is skipped.
text-matcher is looked for at ``--text-matcher``, then on ``PATH``, then in
``venvs/textmatcher/bin`` under a parent folder of this checkout; it needs
NLTK's English stop-word list (``nltk.download("stopwords")``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.append(str(REPO))

from benchmarks.speed_measure import (  # noqa: E402
    machine,
    measure,
    run_command,
    slope,
    text_matcher_version,
)
from benchmarks.speed_texts import (  # noqa: E402, F401  (re-exported for older callers)
    article_pair,
    bbc_one_line,
    document_pieces,
    source_texts,
    synthetic_texts,
)

PARTS = ("startup", "compare", "sentences", "signatures")
SIZES = (1000, 5000, 20000, 100000)
#: Acceptance figures (seconds, or an exponent, or a ratio), checked against CPU time.
ACCEPT = {"lineage --help": 0.3, "lineage compare": 0.5, "compare, largest pair": 5.0,
          "compare exponent": 1.2, "split 400 KB": 1.0, "split 5 MB": 10.0}


def default_data() -> Path:
    """The evaluation data folder used when ``--data`` is not given."""
    env = os.environ.get("LINEAGE_EVAL")
    if env:
        return Path(env)
    found = [p / "shared" / "eval" for p in REPO.parents if (p / "shared" / "eval").is_dir()]
    return found[0] if found else REPO.parent / "shared" / "eval"


def find_text_matcher(given: Path | None) -> Path | None:
    """The text-matcher executable: ``given``, else on ``PATH``, else ``venvs/textmatcher/bin`` above."""
    if given is not None:
        return given if given.exists() else None
    found = shutil.which("text-matcher")
    if found:
        return Path(found)
    for parent in REPO.parents:
        exe = parent / "venvs" / "textmatcher" / "bin" / "text-matcher"
        if exe.exists():
            return exe
    return None


def _child_env(pycache: Path | None, lineage_first: bool) -> dict[str, str]:
    """The environment of a timed process: this checkout first on the path, bytecode in ``pycache``."""
    env = dict(os.environ)
    if lineage_first:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    if pycache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def startup(repeat: int, text_matcher: Path | None, skipped: list[str]) -> dict[str, Any]:
    """Wall and CPU time of whole processes: the interpreter, imports, the CLI, text-matcher.

    Every command runs with its bytecode cached in one private folder
    (``PYTHONPYCACHEPREFIX``), written by the untimed first run, as an
    installed package has it; one more row runs ``lineage compare`` with the
    bytecode settings this shell has, for a checkout without cached bytecode.
    """
    exe = Path(sys.executable).parent / "lineage"
    cli = str(exe) if exe.exists() else shutil.which("lineage") or "lineage"
    pair = [str(next((REPO / "samples").glob(f"{n}_*.txt"))) for n in ("001", "002")]
    py = sys.executable
    rows: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        cwd, pycache = Path(tmp), Path(tmp) / "pycache"
        env = _child_env(pycache, lineage_first=True)
        where = subprocess.run([py, "-c", "import lineage; print(lineage.__file__)"], env=env, cwd=tmp,
                               capture_output=True, text=True, check=True).stdout.strip()
        skipped.extend([] if where.startswith(str(REPO)) else [f"note: lineage is imported from {where}"])
        commands = {
            'python -c "pass" (interpreter alone)': ([py, "-c", "pass"], (0,)),
            'python -c "import lineage.comparison"': ([py, "-c", "import lineage.comparison"], (0,)),
            "lineage --help": ([cli, "--help"], (0,)),
            "lineage compare 001 002": ([cli, "compare", *pair], (0, 1)),
        }
        for name, (cmd, ok) in commands.items():
            rows[name] = run_command(cmd, repeat, env=env, cwd=cwd, ok=ok).to_dict()
        flag = os.environ.get("PYTHONDONTWRITEBYTECODE", "unset")
        rows[f"lineage compare 001 002, this shell's bytecode settings (PYTHONDONTWRITEBYTECODE={flag})"] = \
            run_command([cli, "compare", *pair], repeat, env=_child_env(None, True), cwd=cwd, ok=(0, 1)).to_dict()
        if text_matcher is None:
            skipped.append("text-matcher: not found (give --text-matcher PATH; pip install text-matcher)")
            return rows
        tm, tm_env = str(text_matcher), _child_env(pycache, lineage_first=False)
        try:
            rows["text-matcher --help"] = run_command([tm, "--help"], repeat, env=tm_env, cwd=cwd).to_dict()
            # A fresh log file each run: text-matcher skips a pair its log already lists.
            rows["text-matcher 001 002"] = run_command(
                [tm, *pair], repeat, env=tm_env, cwd=cwd,
                per_run=lambda i: ["-l", str(cwd / f"log{i + 1}.txt")]).to_dict()
        except RuntimeError as err:
            skipped.append(f"text-matcher: {err}")
    return rows


def compare_scaling(data: Path, sizes: list[int], repeat: int) -> dict[str, Any]:
    """``lineage.compare`` on derived pairs of each size: whole, ``prepare`` of each side, the rest."""
    from lineage.comparison import compare
    from lineage.prepare import prepare

    compare(*article_pair(data, 300))  # imports, word lists and stemmer loaded before any timing
    rows = []
    for words in sizes:
        a, b = article_pair(data, words)
        result = compare(a, b)
        row = {"words": [len(a.split()), len(b.split())], "verdict": result.verdict,
               "pairs": len(result.pairs), "findings": len(result.findings),
               "compare": measure(lambda: compare(a, b), repeat).to_dict(),
               "prepare A": measure(lambda: prepare(a, name="a"), repeat).to_dict(),
               "prepare B": measure(lambda: prepare(b, name="b"), repeat).to_dict(),
               # Fresh prepared documents each run: they cache what compare reads of them.
               "compare prepared": measure(compare, repeat,
                                           setup=lambda: (prepare(a, name="a"), prepare(b, name="b"))).to_dict()}
        rows.append(row)
    for prev, row in zip(rows, rows[1:]):
        row["exponent"] = {k: slope(sum(prev["words"]), prev["compare"][k], sum(row["words"]), row["compare"][k])
                           for k in ("cpu", "wall")}
    first, last = rows[0], rows[-1]
    overall = {k: slope(sum(first["words"]), first["compare"][k], sum(last["words"]), last["compare"][k])
               for k in ("cpu", "wall")}
    return {"rows": rows, "exponent": overall}


def sentence_times(data: Path, repeat: int) -> dict[str, Any] | None:
    """``split_sentences`` on 400 KB and 5 MB of BBC text on one line; None without the BBC data."""
    from lineage.text.sentences import split_sentences

    out: dict[str, Any] = {}
    for label, chars in (("400 KB", 400_000), ("5 MB", 5_000_000)):
        text = bbc_one_line(data, chars)
        if text is None:
            return None
        out[label] = {"chars": len(text), "sentences": len(split_sentences(text)),
                      "timing": measure(lambda: split_sentences(text), repeat).to_dict()}
    out["exponent"] = {k: slope(out["400 KB"]["chars"], out["400 KB"]["timing"][k],
                                out["5 MB"]["chars"], out["5 MB"]["timing"][k]) for k in ("cpu", "wall")}
    return out


def _verdict(value: float | None, limit: float) -> str:
    if value is None:
        return "n/a"
    return f"{'met' if value <= limit else 'MISSED'} ({value:.2f} vs {limit})"


def _t(t: dict[str, Any]) -> str:
    return f"{t['wall']:.3f} | {t['wall_min']:.3f} | {t['cpu']:.3f}"


def _x(v: float | None) -> str:
    return "n/a" if v is None else f"{v:.2f}"


def print_startup(rows: dict[str, Any]) -> None:
    """The start-up table, with lineage compare's ratio to text-matcher's and the acceptance checks."""
    print("\n### Start-up (whole processes)\n\n| command | median wall s | min wall s | median CPU s |\n|---|---:|---:|---:|")
    for name, t in rows.items():
        print(f"| `{name}` | {_t(t)} |")
    print(f"\n- `lineage --help` < {ACCEPT['lineage --help']} s (CPU): "
          f"{_verdict(rows['lineage --help']['cpu'], ACCEPT['lineage --help'])}")
    ours = rows["lineage compare 001 002"]
    print(f"- `lineage compare` <= {ACCEPT['lineage compare']} s (CPU): {_verdict(ours['cpu'], ACCEPT['lineage compare'])}")
    peer = rows.get("text-matcher 001 002")
    if peer:
        cpu, wall = ours["cpu"] / peer["cpu"], ours["wall"] / peer["wall"]
        print(f"- `lineage compare` ÷ text-matcher on the same pair: CPU {cpu:.2f}×, wall {wall:.2f}× "
              f"(no slower: {'met' if cpu <= 1 else 'MISSED'} by CPU)")


def print_compare(res: dict[str, Any], texts: str) -> None:
    """The compare scaling table: whole compare, its split, and growth exponents."""
    print(f"\n### Compare scaling ({texts})\n\n| words A + B | verdict, pairs, findings | compare wall s | "
          "compare CPU s | prepare A CPU s | prepare B CPU s | compare prepared CPU s | prepare share | "
          "exponent from previous (CPU; wall) |\n|---|---|---:|---:|---:|---:|---:|---:|---|")
    for r in res["rows"]:
        prep = r["prepare A"]["cpu"] + r["prepare B"]["cpu"]
        share = prep / (prep + r["compare prepared"]["cpu"])
        e = r.get("exponent")
        print(f"| {r['words'][0]:,} + {r['words'][1]:,} | {r['verdict']}, {r['pairs']}, {r['findings']} | "
              f"{r['compare']['wall']:.3f} | {r['compare']['cpu']:.3f} | {r['prepare A']['cpu']:.3f} | "
              f"{r['prepare B']['cpu']:.3f} | {r['compare prepared']['cpu']:.3f} | {share:.0%} | "
              f"{_x(e['cpu']) + '; ' + _x(e['wall']) if e else ''} |")
    last, ex = res["rows"][-1], res["exponent"]
    print(f"\n- exponent, smallest to largest pair: CPU {_x(ex['cpu'])}, wall {_x(ex['wall'])}; "
          f"<= {ACCEPT['compare exponent']}: {_verdict(ex['cpu'], ACCEPT['compare exponent'])}")
    print(f"- largest pair ({last['words'][0]:,} words A) < {ACCEPT['compare, largest pair']} s (CPU): "
          f"{_verdict(last['compare']['cpu'], ACCEPT['compare, largest pair'])}; wall {last['compare']['wall']:.2f} s")


def print_sentences(res: dict[str, Any]) -> None:
    """The sentence splitting table with its exponent."""
    print("\n### Sentence splitting (BBC text on one line)\n\n| text | chars | sentences | median wall s | "
          "min wall s | median CPU s | limit |\n|---|---:|---:|---:|---:|---:|---|")
    for label in ("400 KB", "5 MB"):
        r, limit = res[label], ACCEPT[f"split {label}"]
        print(f"| {label} | {r['chars']:,} | {r['sentences']:,} | {_t(r['timing'])} | "
              f"< {limit} s: {_verdict(r['timing']['cpu'], limit)} |")
    print(f"\n- exponent 400 KB → 5 MB: CPU {_x(res['exponent']['cpu'])}, wall {_x(res['exponent']['wall'])}")


def print_signatures(res: dict[str, Any], texts: str) -> None:
    """The signature table: every method's times and ratio to the floor."""
    from benchmarks.speed_signatures import FLOOR_RATIO, NUM_PERM, SEED, K

    c = res["check"]
    print(f"\n### Signatures ({res['docs']:,} documents, {texts}; {res['mb']:.1f} MB, {res['shingles']:,} "
          f"distinct word {K}-shingles; num_perm {NUM_PERM}, seed {SEED})\n\nlineage == datasketch "
          f"`MinHash(hashfunc=int)` on the same shingle hashes, per document and bulk, for {c['sample']} "
          f"documents: asserted ({c['hashes']:,} lineage shingle hashes, {c['strings']:,} floor shingle strings).")
    print("\n| part | method | includes | median wall s | median CPU s | CPU ÷ floor | wall ÷ floor |\n"
          "|---|---|---|---:|---:|---:|---:|")
    for r in res["rows"]:
        t = r["timing"]
        print(f"| {r['kind']} | {r['method']} | {r['includes']} | {t['wall']:.3f} | {t['cpu']:.3f} | "
              f"{r['cpu_x_floor']:.2f}× | {r['wall_x_floor']:.2f}× |")
    for name, a in res["acceptance"].items():
        print(f"- {name}, text to signature <= {FLOOR_RATIO}× the floor (CPU): {_verdict(a['cpu_x_floor'], FLOOR_RATIO)}")


def print_report(res: dict[str, Any]) -> None:
    """Every table of a run (as ``main`` builds it, or as read back from ``--json`` output)."""
    m = res["machine"]
    print(f"{m['date']}; {m['system']}, {m['cpus']} CPUs, load average {m['load_average']} at the start; "
          f"Python {m['python']}, numpy {m['numpy']}, rapidfuzz {m['rapidfuzz']}, datasketch "
          f"{m['datasketch']}, rensa {m['rensa']}, text-matcher {m['text-matcher']}; repeat {res['repeat']}; "
          f"data {res['data']}; lineage from {res['lineage']}")
    for line in res["skipped"]:
        print(f"skipped: {line}")
    if res.get("startup"):
        print_startup(res["startup"])
    if res.get("compare"):
        print_compare(res["compare"], res["compare_texts"])
    if res.get("sentences"):
        print_sentences(res["sentences"])
    if res.get("signatures"):
        print_signatures(res["signatures"], res["signature_texts"])
    if res.get("profile"):
        print(f"\ncProfile, lineage per document, first 2,000 documents:\n\n```\n{res['profile'].strip()}\n```")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; returns the exit status."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=None, help="evaluation data folder")
    ap.add_argument("--repeat", type=int, default=5, help="timed runs per measurement (median)")
    ap.add_argument("--docs", type=int, default=20_000, help="documents for the signature benchmark")
    ap.add_argument("--sizes", default=",".join(map(str, SIZES)), help="words of A in the compare pairs")
    ap.add_argument("--only", default=",".join(PARTS), help=f"parts to run, of {', '.join(PARTS)}")
    ap.add_argument("--text-matcher", type=Path, default=None, help="the text-matcher executable")
    ap.add_argument("--profile", action="store_true", help="also print a cProfile of lineage's signature path")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    ap.add_argument("--tables", type=Path, default=None, metavar="JSON",
                    help="print the tables of a run saved with --json, and run nothing")
    args = ap.parse_args(argv)
    if args.tables:
        print_report(json.loads(args.tables.read_text(encoding="utf-8")))
        return 0
    parts = [p.strip() for p in args.only.split(",") if p.strip()]
    try:
        sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    except ValueError:
        ap.error("--sizes takes whole numbers separated by commas")
    if args.repeat < 1 or args.docs < 1 or not sizes or min(sizes) < 1 or set(parts) - set(PARTS):
        ap.error(f"--repeat, --docs and --sizes must be at least 1; --only takes {', '.join(PARTS)}")
    data = args.data or default_data()
    pan = (data / "pan13-train" / "src").is_dir()
    tm = find_text_matcher(args.text_matcher)
    import lineage

    res: dict[str, Any] = {"machine": machine(text_matcher_version(tm) if tm else None), "repeat": args.repeat,
                           "data": str(data), "lineage": str(Path(lineage.__file__).parent), "accept": ACCEPT,
                           "skipped": []}
    if "startup" in parts:
        res["startup"] = startup(args.repeat, tm, res["skipped"])
    if "compare" in parts:
        res["compare_texts"] = "PAN 2013 source documents" if pan else "generated text"
        res["compare"] = compare_scaling(data, sizes, args.repeat)
    if "sentences" in parts:
        res["sentences"] = sentence_times(data, args.repeat)
        if res["sentences"] is None:
            res["skipped"].append(f"sentence splitting: no BBC articles under {data / 'bbc'}")
    if "signatures" in parts:
        try:
            import datasketch  # noqa: F401
            import rensa  # noqa: F401

            from benchmarks import speed_signatures
        except ImportError as err:  # a peer is not installed
            res["skipped"].append(f"signatures: {err} (pip install '.[bench]')")
        else:
            docs, res["signature_texts"] = document_pieces(data, args.docs)
            res["signatures"] = speed_signatures.signature_times(docs, args.repeat)
            if args.profile:
                res["profile"] = speed_signatures.profile(docs[:2000])
    if args.json:
        print(json.dumps(res, indent=2))
    else:
        print_report(res)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
