"""Speed of lineage: start-up, comparing two 5,000-word articles, and MinHash signatures.

Usage::

    python benchmarks/speed.py [--data DIR] [--repeat N] [--docs N] [--json]

Start-up runs ``lineage --help`` and ``python -c "import lineage"`` as
subprocesses.  The comparison uses article A (PAN 2013 source documents
concatenated to 5,000 words) and article B (about half of A's sentences,
edited, interleaved with sentences of other source documents); it falls back
to generated text when the data is absent.  Signatures are timed on the same
word 3-shingles of the same documents for lineage, datasketch and rensa; each
row says what its time includes.  Times are medians of ``--repeat`` runs.
Data is read from ``--data``, else ``$LINEAGE_EVAL``, else ``../shared/eval``.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.append(str(REPO))

import lineage  # noqa: E402
from lineage import comparison  # noqa: E402
from lineage.fingerprints import shingle_hashes, signature_values  # noqa: E402
from lineage.options import Options  # noqa: E402
from lineage.text.words import folded_words as tokens  # noqa: E402

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[\"'(A-Z0-9])")
K, NUM_PERM, SEED = Options().shingle_size, Options().num_perm, Options().seed
# Functions compare() calls, timed as stages (names in lineage.comparison).
STAGES = {
    "documents": ("_as_document",), "segmenting (incl. layout)": ("segment",),
    "signatures": ("fingerprint", "similarity"), "alignment (scoring)": ("align", "unaligned"),
    "seeds, verdict": ("_content_words", "clusters", "coverage", "is_shared_quotation", "decide"),
    "direction, passages": ("direction", "build_passages"), "findings": ("_findings",),
}
#: Issue floors (seconds) the measurements are checked against.
FLOORS = {"lineage --help": 0.3, "compare": 1.0}


def default_data() -> Path:
    """The evaluation data folder used when ``--data`` is not given."""
    env = os.environ.get("LINEAGE_EVAL")
    return Path(env) if env else REPO.parent / "shared" / "eval"


def median_time(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time (s) of ``fn()`` over ``repeat`` runs, garbage collector paused as in timeit."""
    times = []
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        finally:
            gc.enable()
    return statistics.median(times)


def startup(repeat: int) -> dict[str, float]:
    """Median wall times of ``lineage --help``, ``import lineage`` and a bare interpreter."""
    exe = Path(sys.executable).parent / "lineage"
    cli = str(exe) if exe.exists() else shutil.which("lineage") or "lineage"
    commands = {"lineage --help": [cli, "--help"],
                'python -c "import lineage"': [sys.executable, "-c", "import lineage"],
                'python -c "pass" (interpreter alone)': [sys.executable, "-c", "pass"]}
    return {name: median_time(partial(subprocess.run, cmd, check=True, capture_output=True), repeat)
            for name, cmd in commands.items()}


def synthetic_texts(n: int, words: int, seed: int) -> list[str]:
    """Generated documents (Zipf-like vocabulary, sentences with numbers) for when data is absent."""
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(20_000)]
    cum = list(itertools.accumulate(1 / (i + 1) for i in range(len(vocab))))
    docs = []
    for _ in range(n):
        out: list[list[str]] = []
        while sum(map(len, out)) < words:
            number = [str(rng.randint(2, 2000))] if rng.random() < 0.3 else []
            out.append(rng.choices(vocab, cum_weights=cum, k=rng.randint(6, 30)) + number)
        docs.append(" ".join(" ".join(ws).capitalize() + "." for ws in out))
    return docs


def source_texts(data: Path, n: int) -> list[str]:
    """The first ``n`` PAN 2013 source documents, or generated text when they are absent."""
    paths = sorted((data / "pan13-train" / "src").glob("source-document*.txt"))[:n]
    return [p.read_text(encoding="utf-8") for p in paths] if paths else synthetic_texts(n, 700, seed=1)


def _sentences(texts: list[str]) -> list[str]:
    return [s.strip() for t in texts for line in t.splitlines() for s in _SENTENCE.split(line) if s.strip()]


def _edit(sentence: str, filler: list[str], rng: random.Random) -> str:
    """``sentence`` left as is, or with a word dropped, swapped or replaced, or a number added."""
    ws = sentence.split()
    i, kind = rng.randrange(1, max(2, len(ws) - 1)), rng.randrange(5) if len(ws) >= 4 else 0
    if kind == 1:
        del ws[i]
    elif kind == 2:
        ws[i], ws[i + 1] = ws[i + 1], ws[i]
    elif kind == 3:
        ws[i] = rng.choice(filler)
    elif kind == 4:
        ws.insert(i, str(rng.randint(2, 99)))
    return " ".join(ws)


def article_pair(data: Path, words: int = 5000, seed: int = 1) -> tuple[str, str]:
    """Article A of ``words`` words and article B that reuses about half of it, edited."""
    rng = random.Random(seed)
    pool = _sentences(source_texts(data, 120))
    a, b, n = [], [], 0
    while n < words and pool:
        s = pool.pop(0)
        a.append(s)
        n += len(s.split())
    filler = " ".join(pool).split()
    for s in a:
        if rng.random() < 0.5:
            b.append(_edit(s, filler, rng))
        if rng.random() < 0.6 and pool:
            b.append(pool.pop(rng.randrange(len(pool))))

    def paragraphs(ss: list[str]) -> str:
        return "\n\n".join(" ".join(ss[i:i + 4]) for i in range(0, len(ss), 4))

    return paragraphs(a), paragraphs(b)


def compare_times(a: str, b: str, repeat: int) -> dict[str, Any]:
    """Cold and median warm time of ``lineage.compare(a, b)``, with mean time per stage."""
    t0 = time.perf_counter()
    result = lineage.compare(a, b)
    cold = time.perf_counter() - t0
    spent = {stage: 0.0 for stage in STAGES}
    present = [n for group in STAGES.values() for n in group if hasattr(comparison, n)]
    originals = {n: getattr(comparison, n) for n in present}

    def timed(stage: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            t = time.perf_counter()
            out = fn(*args, **kwargs)
            spent[stage] += time.perf_counter() - t
            return out
        return wrapper

    for stage, names in STAGES.items():
        for name in set(names) & set(originals):
            setattr(comparison, name, timed(stage, originals[name]))
    try:
        warm = median_time(lambda: lineage.compare(a, b), repeat)
    finally:
        for name, fn in originals.items():
            setattr(comparison, name, fn)
    stages = {k: v / repeat for k, v in spent.items()}
    stages["other"] = max(0.0, warm - sum(stages.values()))
    return {"words": [len(a.split()), len(b.split())], "verdict": result.verdict,
            "pairs": len(result.pairs), "findings": len(result.findings),
            "cold": cold, "median": warm, "stages": stages}


def _shingles(words: list[str]) -> list[str]:
    k = min(K, len(words))
    return list(dict.fromkeys(" ".join(words[i:i + k]) for i in range(len(words) - k + 1)))


def signature_times(docs: list[str], repeat: int) -> dict[str, Any]:
    """Time every signature method on the same shingles; rows say what each time includes."""
    from datasketch import MinHash
    from rensa import RMinHash

    shingles = [_shingles(tokens(d)) for d in docs]
    encoded = [[s.encode("utf-8") for s in sh] for sh in shingles]
    hashes = [shingle_hashes(d, K) for d in docs]
    n_strings, n_hashes = sum(map(len, shingles)), sum(map(len, hashes))
    # Equal but for the rare collision of two shingles on one 32-bit hash.
    assert abs(n_strings - n_hashes) <= 1e-4 * n_strings, "the methods would see different shingles"
    hash_lists = [h.tolist() for h in hashes]  # datasketch's hashfunc=int input: Python ints

    def ds_batch(inputs: list[Any], **kw: Any) -> list[np.ndarray]:
        # MinHash.bulk: update_batch per document, permutations made once.
        return [m.hashvalues for m in MinHash.bulk(inputs, num_perm=NUM_PERM, seed=SEED, **kw)]

    def ds_loop() -> None:
        for sh in encoded:
            m = MinHash(num_perm=NUM_PERM, seed=SEED)
            for s in sh:
                m.update(s)

    def rensa_one(sh: list[str]) -> list[int]:
        r = RMinHash(NUM_PERM, SEED)
        r.update(sh)
        return list(r.digest())

    reference = ds_batch(hash_lists, hashfunc=int)
    for i, h in enumerate(hashes):
        ours = signature_values(h, NUM_PERM, SEED)
        assert np.array_equal(ours, reference[i]), f"document {i}: signature is not datasketch's"
    bulk = RMinHash.digest_matrix_from_token_sets(shingles[:3], NUM_PERM, SEED).to_rows()
    assert [list(r) for r in bulk] == [rensa_one(sh) for sh in shingles[:3]], "rensa paths disagree"
    t = {
        "tokenise": median_time(lambda: [tokens(d) for d in docs], repeat),
        "strings": median_time(lambda: [_shingles(tokens(d)) for d in docs], repeat),
        "bytes": median_time(lambda: [[s.encode("utf-8") for s in _shingles(tokens(d))] for d in docs], repeat),
        "hashes": median_time(lambda: [shingle_hashes(d, K) for d in docs], repeat),
        "sig": median_time(lambda: [signature_values(h, NUM_PERM, SEED) for h in hashes], repeat),
        "ds_int": median_time(lambda: ds_batch(hash_lists, hashfunc=int), repeat),
        "ds_batch": median_time(lambda: ds_batch(encoded), repeat),
        "ds_loop": median_time(ds_loop, max(1, min(repeat, 3))),
        "rensa": median_time(lambda: [rensa_one(sh) for sh in shingles], repeat),
        "rensa_bulk": median_time(lambda: RMinHash.digest_matrix_from_token_sets(shingles, NUM_PERM, SEED), repeat),
    }
    lin = t["hashes"] + t["sig"]
    rows = [
        ("floor", "tokenise (lineage.fingerprints.tokens)", "regex words, casefold", t["tokenise"], None),
        ("floor", "tokenise + distinct shingle strings", "rensa's input", t["strings"], None),
        ("floor", "tokenise + distinct shingles, UTF-8 bytes", "datasketch's input", t["bytes"], None),
        ("step", "lineage shingle_hashes", "tokenise, CRC-32 words, roll, unique", t["hashes"], None),
        ("step", "lineage signature_values", "permutations only, from shingle hashes", t["sig"], None),
        ("step", "datasketch bulk/update_batch, hashfunc=int", "permutations only, same hashes", t["ds_int"], t["sig"]),
        ("step", "datasketch bulk/update_batch (SHA-1)", "hash + permutations, from bytes", t["ds_batch"], None),
        ("step", "datasketch update loop (SHA-1)", "per shingle; median of <= 3 runs", t["ds_loop"], None),
        ("step", "rensa RMinHash.update", "own hash + permutations, from strings", t["rensa"], None),
        ("step", "rensa digest_matrix_from_token_sets", "bulk, own hash, from strings", t["rensa_bulk"], None),
        ("total", "lineage", "text to signature", lin, lin),
        ("total", "datasketch bulk/update_batch", "text to signature", t["bytes"] + t["ds_batch"], lin),
        ("total", "datasketch update loop", "text to signature", t["bytes"] + t["ds_loop"], lin),
        ("total", "rensa update", "text to signature", t["strings"] + t["rensa"], lin),
        ("total", "rensa bulk", "text to signature", t["strings"] + t["rensa_bulk"], lin),
    ]
    mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    return {"docs": len(docs), "mb": mb, "shingles": n_strings, "rows": [
        {"kind": k, "method": m, "includes": inc, "seconds": s, "docs_per_s": len(docs) / s,
         "mb_per_s": mb / s, "lineage_speedup": (s / ref if ref else None)}
        for k, m, inc, s, ref in rows]}


def _floor(name: str, seconds: float) -> str:
    floor = FLOORS.get(name)
    return "" if floor is None else f"< {floor} s: {'met' if seconds < floor else 'MISSED'}"


def print_tables(res: dict[str, Any]) -> None:
    """Markdown tables of every measurement."""
    print(f"repeat {res['repeat']} (medians); data: {res['data']}")
    print("\n| start-up (subprocess) | median s | floor |\n|---|---|---|")
    for name, s in res["startup"].items():
        print(f"| {name} | {s:.3f} | {_floor(name, s)} |")
    c = res["compare"]
    print(f"\ncompare: A {c['words'][0]} words, B {c['words'][1]} words ({res['texts']}); verdict "
          f"{c['verdict']}, {c['pairs']} aligned pairs, {c['findings']} findings")
    print(f"\n| compare stage | s |\n|---|---|\n| first call (cold) | {c['cold']:.3f} |")
    for name, s in c["stages"].items():
        print(f"| {name} | {s:.3f} |")
    print(f"| **total (median, warm)** | **{c['median']:.3f}** |\n\ncompare {_floor('compare', c['median'])}")
    sig = res["signatures"]
    print(f"\nsignatures: {sig['docs']} documents, {sig['mb']:.2f} MB, {sig['shingles']:,} distinct word {K}-shingles, "
          f"num_perm {NUM_PERM}, seed {SEED}; lineage == datasketch hashvalues for all {sig['docs']}: asserted")
    print("\n| part | method | includes | s | docs/s | MB/s | this s ÷ lineage's |\n|---|---|---|---|---|---|---|")
    for r in sig["rows"]:
        x = f"{r['lineage_speedup']:.2f}×" if r["lineage_speedup"] else ""
        print(f"| {r['kind']} | {r['method']} | {r['includes']} | {r['seconds']:.3f} "
              f"| {r['docs_per_s']:,.0f} | {r['mb_per_s']:.2f} | {x} |")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks; returns the exit status."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=None, help="evaluation data folder")
    ap.add_argument("--repeat", type=int, default=5, help="runs per measurement (median)")
    ap.add_argument("--docs", type=int, default=1000, help="documents for the signature benchmark")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    args = ap.parse_args(argv)
    if args.repeat < 1 or args.docs < 1:
        ap.error("--repeat and --docs must be at least 1")
    data = args.data or default_data()
    texts = "PAN 2013 source documents" if (data / "pan13-train" / "src").is_dir() else "generated text"
    a, b = article_pair(data)
    docs = source_texts(data, args.docs)
    res = {"repeat": args.repeat, "data": str(data), "texts": texts, "floors": FLOORS,
           "startup": startup(args.repeat), "compare": compare_times(a, b, args.repeat),
           "signatures": signature_times(docs, args.repeat)}
    if args.json:
        print(json.dumps(res, indent=2))
    else:
        print_tables(res)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
