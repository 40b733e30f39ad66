"""MinHash signatures from text: lineage's two paths, rensa and datasketch against a pure-Python floor.

The *floor* is the least any Python pipeline does before a MinHash library
sees a document: regex words (lineage's own word pattern on the casefolded
text) joined into word ``k``-shingle strings, the input rensa takes (datasketch
takes them as bytes).  Every "whole" row runs from the text to the signature;
"step" rows time one part of a pipeline on inputs made beforehand.  The bulk
peers are called on batches of ``CHUNK_DOCS`` documents so that the shingle
strings of every document are never all in memory at once; lineage's bulk
path makes one ``signatures`` call over all documents.
"""

from __future__ import annotations

import cProfile
import io
import pstats
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from benchmarks.speed_measure import Timing, measure
from lineage.fingerprints import shingle_hashes, signature_values, signatures
from lineage.options import Options
from lineage.text.words import WORD_RE, folded_words

K, NUM_PERM, SEED = Options().shingle_size, Options().num_perm, Options().seed
#: Documents per call of the peers' bulk functions.
CHUNK_DOCS = 1000
#: Documents whose signatures are checked against datasketch's.
SAMPLE = 200
#: Acceptance: lineage, text to signature, at most this many times the floor's CPU time.
FLOOR_RATIO = 1.5


def floor_words(text: str) -> list[str]:
    """Words of ``text`` as the floor reads them: lineage's word pattern on the casefolded text."""
    return WORD_RE.findall(text.casefold())


def shingle_strings(text: str) -> list[str]:
    """The word ``K``-shingles of ``text`` as strings (rensa's input), built in pure Python."""
    w = floor_words(text)
    return list(map(" ".join, zip(*(w[i:] for i in range(K)))))


def shingle_tuples(text: str) -> list[tuple[str, ...]]:
    """The word ``K``-shingles of ``text`` as tuples: the cheapest pure-Python shingles."""
    w = floor_words(text)
    return list(zip(*(w[i:] for i in range(K))))


def _chunks(docs: Sequence[Any]) -> list[Sequence[Any]]:
    return [docs[i:i + CHUNK_DOCS] for i in range(0, len(docs), CHUNK_DOCS)]


def check(docs: Sequence[str]) -> dict[str, int]:
    """Assert lineage's signatures equal datasketch's on a sample, and rensa's two paths agree.

    datasketch's ``MinHash(hashfunc=int)`` is fed lineage's shingle hashes;
    lineage's per-document and bulk values must both equal its ``hashvalues``.
    Returns the sample size and its shingle counts (lineage's distinct hashes,
    the floor's distinct strings).
    """
    from datasketch import MinHash
    from rensa import RMinHash

    sample = list(docs[:SAMPLE])
    hashes = [shingle_hashes(d, K) for d in sample]
    bulk = signatures(hashes, NUM_PERM, SEED)
    for i, h in enumerate(hashes):
        m = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=int)
        m.update_batch(h.tolist())
        assert np.array_equal(signature_values(h, NUM_PERM, SEED), m.hashvalues), f"document {i}: not datasketch's"
        assert np.array_equal(bulk[i], m.hashvalues), f"document {i}: bulk row is not datasketch's"
    sets = [shingle_strings(d) for d in sample[:3]]
    rows = RMinHash.digest_matrix_from_token_sets(sets, NUM_PERM, SEED).to_rows()
    for sh, row in zip(sets, rows):
        r = RMinHash(NUM_PERM, SEED)
        r.update(sh)
        assert list(row) == list(r.digest()), "rensa's bulk and per-document digests disagree"
    return {"sample": len(sample), "hashes": sum(map(len, hashes)),
            "strings": sum(len(set(shingle_strings(d))) for d in sample)}


def methods(docs: Sequence[str], hashes: list[np.ndarray]) -> list[tuple[str, str, str, Callable[[], object]]]:
    """(kind, method, what the time includes, the work) for every row of the signature table."""
    from datasketch import MinHash
    from rensa import RMinHash

    int_lists = [h.tolist() for h in hashes]

    def lineage_per_doc() -> None:
        for d in docs:
            signature_values(shingle_hashes(d, K), NUM_PERM, SEED)

    def rensa_per_doc() -> None:
        for d in docs:
            r = RMinHash(NUM_PERM, SEED)
            r.update(shingle_strings(d))
            r.digest()

    def rensa_bulk() -> None:
        for chunk in _chunks(docs):
            RMinHash.digest_matrix_from_token_sets([shingle_strings(d) for d in chunk], NUM_PERM, SEED)

    def datasketch_bulk() -> None:
        for chunk in _chunks(docs):
            MinHash.bulk([[s.encode("utf-8") for s in shingle_strings(d)] for d in chunk],
                         num_perm=NUM_PERM, seed=SEED)

    def datasketch_int() -> None:
        for chunk in _chunks(int_lists):
            MinHash.bulk(chunk, num_perm=NUM_PERM, seed=SEED, hashfunc=int)

    return [
        ("floor", "tokenise", "regex words of the casefolded text", lambda: [floor_words(d) for d in docs]),
        ("floor", "**floor**: tokenise + shingle strings", "rensa's input (datasketch's, but bytes)",
         lambda: [shingle_strings(d) for d in docs]),
        ("floor", "tokenise + shingle tuples", "the cheapest shingles in Python", lambda: [shingle_tuples(d) for d in docs]),
        ("step", "lineage folded_words", "lineage's tokeniser (fold, regex, NFC of non-ASCII words)",
         lambda: [folded_words(d) for d in docs]),
        ("step", "lineage shingle_hashes", "tokenise, CRC-32 words, numpy-rolled shingles, unique",
         lambda: [shingle_hashes(d, K) for d in docs]),
        ("step", "lineage signature_values", "per document, from shingle hashes",
         lambda: [signature_values(h, NUM_PERM, SEED) for h in hashes]),
        ("step", "lineage signatures (bulk)", "one call, from shingle hashes", lambda: signatures(hashes, NUM_PERM, SEED)),
        ("step", "datasketch bulk, hashfunc=int", "permutations, from the same hashes (Python ints)", datasketch_int),
        ("whole", "lineage per document", "shingle_hashes + signature_values", lineage_per_doc),
        ("whole", "lineage bulk", "shingle_hashes per document + one signatures call",
         lambda: signatures([shingle_hashes(d, K) for d in docs], NUM_PERM, SEED)),
        ("whole", "rensa RMinHash per document", "floor + update + digest", rensa_per_doc),
        ("whole", "rensa digest_matrix_from_token_sets", f"floor + bulk digest per {CHUNK_DOCS} docs", rensa_bulk),
        ("whole", "datasketch MinHash.bulk (SHA-1)", f"floor + UTF-8 + update_batch per {CHUNK_DOCS} docs",
         datasketch_bulk),
    ]


#: Rows timed at most three times whatever ``--repeat`` says (the slowest).
SLOW = {"datasketch MinHash.bulk (SHA-1)", "datasketch bulk, hashfunc=int"}


def signature_times(docs: Sequence[str], repeat: int) -> dict[str, Any]:
    """Time every method on the same documents; each row with its ratio to the floor.

    Parameters
    ----------
    docs : sequence of str
        The documents.
    repeat : int
        Timed runs per row (at most three for the datasketch rows).

    Returns
    -------
    dict
        Document count, megabytes, the datasketch check, and one row per
        method (kind, method, includes, timing, CPU and wall ratios to the floor).
    """
    checked = check(docs)
    hashes = [shingle_hashes(d, K) for d in docs]
    rows: list[dict[str, Any]] = []
    for kind, name, includes, fn in methods(docs, hashes):
        t: Timing = measure(fn, min(repeat, 3) if name in SLOW else repeat)
        rows.append({"kind": kind, "method": name, "includes": includes, "timing": t.to_dict()})
    floor = next(r["timing"] for r in rows if r["method"].startswith("**floor**"))
    for r in rows:
        r["cpu_x_floor"] = r["timing"]["cpu"] / floor["cpu"]
        r["wall_x_floor"] = r["timing"]["wall"] / floor["wall"]
    whole = {r["method"]: r["cpu_x_floor"] for r in rows if r["method"].startswith("lineage ") and r["kind"] == "whole"}
    return {"docs": len(docs), "mb": sum(len(d.encode("utf-8")) for d in docs) / 1e6,
            "shingles": int(sum(map(len, hashes))), "check": checked, "rows": rows,
            "acceptance": {name: {"cpu_x_floor": x, "met": x <= FLOOR_RATIO} for name, x in whole.items()}}


def profile(docs: Sequence[str], top: int = 14) -> str:
    """cProfile of lineage's per-document path over ``docs``: the functions with the most own time."""
    prof = cProfile.Profile()
    prof.enable()
    for d in docs:
        signature_values(shingle_hashes(d, K), NUM_PERM, SEED)
    prof.disable()
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(top)
    return out.getvalue()
