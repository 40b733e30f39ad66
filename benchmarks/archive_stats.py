"""How crowded synthetic documents make an archive's indexes, next to real stories, and what they share.

Three measurements on equal samples of real and synthetic documents:

* Shared passages: word 8-grams (casefolded words, hashed) that a document
  shares with other documents of its kind or with any real story, and the
  longest run of words covered by consecutive shared 8-grams.  Real stories
  among themselves are the yardstick: the wire re-files and BBC reuses
  sentences, so real text shares more than a bigram model should.
* Whole sentences: the share of sentences (five words or more) equal, in
  casefolded words, to a sentence of another document.
* Index crowding, on lineage's own index sets (:func:`lineage.candidates.read_sets`
  after boilerplate detection, as :func:`lineage.build_graphs` does): the
  document index of word 3-shingles (LSH threshold 0.3) and the sentence
  index of content-stem sets (threshold 0.5, sentences of five stems or more).
  For both, per 1,000 documents: pairs sharing an LSH bucket, pairs whose
  signatures confirm the threshold, and pairs whose exact Jaccard reaches it,
  split into real–real, synthetic–synthetic and real–synthetic pairs of one
  mixed corpus; plus lineage's candidate pairs for each kind alone.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np

from benchmarks.archive_data import words
from lineage import Document
from lineage.candidates import buckets, find_candidates
from lineage.corpus import recurring_lines, with_recurring
from lineage.fingerprints import signatures
from lineage.options import Options
from lineage.params import CandidateParams
from lineage.prepare import PreparedDocument, prepare
from lineage.text.sentences import split_sentences
from lineage.text.words import normalise

DOC_THRESHOLD = CandidateParams().doc_threshold
SENTENCE_THRESHOLD = CandidateParams().sentence_threshold
SENTENCE_PERM = CandidateParams().sentence_perm
MAX_SENTENCE_FANOUT = CandidateParams().max_sentence_fanout


@dataclass(frozen=True)
class IndexSets:
    """What lineage's two indexes are built from: shingles per document, stem sets per indexed sentence."""

    docs: list[PreparedDocument]
    doc_shingles: list[np.ndarray]
    sent_sets: list[np.ndarray]
    sent_owner: np.ndarray
    sent_index: list[int]


def read_sets(docs: list[Document], options: Options) -> IndexSets:
    """Every document prepared once, with the sets lineage's candidate indexes read."""
    prepared = [prepare(d, options) for d in docs]
    sent_sets, owner, index = [], [], []
    for i, p in enumerate(prepared):
        for k, h in p.sentence_hashes():
            sent_sets.append(h)
            owner.append(i)
            index.append(k)
    return IndexSets(prepared, [p.shingle_hashes() for p in prepared], sent_sets,
                     np.array(owner, dtype=np.int64), index)

#: Words per hashed n-gram of the shared-passage measurement.
RUN = 8
#: Sentences of fewer words are not compared whole.
MIN_SENTENCE_WORDS = 5
_P = np.uint64(0x100000001B3)


def _ids(texts: list[str], vocab: dict[str, int]) -> list[np.ndarray]:
    """Word ids of each text, one vocabulary for all."""
    return [np.array([vocab.setdefault(w, len(vocab)) for w in words(t)], dtype=np.uint64) for t in texts]


def ngram_hashes(ids: np.ndarray, n: int = RUN) -> np.ndarray:
    """64-bit hash of every word ``n``-gram of a text, by position (empty when shorter)."""
    k = len(ids) - n + 1
    if k <= 0:
        return np.empty(0, dtype=np.uint64)
    acc = np.zeros(k, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(n):
            acc = acc * _P + ids[j:j + k] + np.uint64(1)
    return acc


def _doc_freq(grams: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Distinct n-grams of a collection and the number of documents holding each."""
    if not grams:
        return np.empty(0, dtype=np.uint64), np.empty(0, dtype=np.int64)
    return np.unique(np.concatenate([np.unique(g) for g in grams]), return_counts=True)


def _lookup(keys: np.ndarray, table: np.ndarray, values: np.ndarray) -> np.ndarray:
    """``values`` of ``keys`` in the sorted ``table`` (0 when absent)."""
    if not len(table):
        return np.zeros(len(keys), dtype=values.dtype)
    pos = np.minimum(np.searchsorted(table, keys), len(table) - 1)
    return np.where(table[pos] == keys, values[pos], 0)


def _longest_run(flags: np.ndarray) -> int:
    """Words covered by the longest run of consecutive shared n-grams (0 when none is shared)."""
    if not flags.any():
        return 0
    edges = np.diff(np.r_[0, flags.astype(np.int8), 0])
    return int((np.flatnonzero(edges == -1) - np.flatnonzero(edges == 1)).max()) + RUN - 1


def _run_summary(runs: list[int], shared: int, total: int) -> dict[str, Any]:
    """Distribution of the longest shared runs over documents."""
    r = np.array(runs)
    return {"documents": len(r), "with_shared_8gram": round(float((r > 0).mean()), 4),
            "8grams_shared": round(shared / max(total, 1), 4),
            "longest_run_p50": int(np.percentile(r, 50)), "longest_run_p90": int(np.percentile(r, 90)),
            "longest_run_p99": int(np.percentile(r, 99)), "longest_run_max": int(r.max()),
            "run_12_or_more": round(float((r >= 12).mean()), 4), "run_20_or_more": round(float((r >= 20).mean()), 4)}


def passage_overlap(real_all: list[str], real: list[str], synth: list[str]) -> dict[str, Any]:
    """Shared 8-grams and longest shared runs: real among real, synthetic among synthetic, synthetic with real.

    Parameters
    ----------
    real_all : list of str
        Every real story (the reference for "with real").
    real, synth : list of str
        The samples measured (``real`` is a subset of ``real_all``).
    """
    vocab: dict[str, int] = {}
    g_all = [ngram_hashes(i) for i in _ids(real_all, vocab)]
    g_real = [ngram_hashes(i) for i in _ids(real, vocab)]
    g_syn = [ngram_hashes(i) for i in _ids(synth, vocab)]
    ra_keys, ra_df = _doc_freq(g_all)
    sy_keys, sy_df = _doc_freq(g_syn)
    out: dict[str, Any] = {}
    for name, grams, keys, df, own in (("real among real", g_real, ra_keys, ra_df, 1),
                                       ("synthetic among synthetic", g_syn, sy_keys, sy_df, 1),
                                       ("synthetic with real", g_syn, ra_keys, ra_df, 0)):
        runs, shared, total = [], 0, 0
        for g in grams:
            # A document counts once in its own collection's frequencies.
            flags = _lookup(g, keys, df) > own
            runs.append(_longest_run(flags))
            shared += int(flags.sum())
            total += len(g)
        out[name] = _run_summary(runs, shared, total)
    # The most widespread synthetic 8-grams: the stock phrases.
    top = sy_keys[np.argsort(-sy_df, kind="stable")[:10]]
    texts: dict[int, str] = {}
    for t, g in zip(synth, g_syn):
        hit = np.isin(g, top)
        if hit.any():
            w = words(t)
            for pos in np.flatnonzero(hit).tolist():
                texts.setdefault(int(g[pos]), " ".join(w[pos:pos + RUN]))
        if len(texts) == len(top):
            break
    out["top_synthetic_8grams"] = [(texts.get(int(k), "?"), int(_lookup(np.array([k]), sy_keys, sy_df)[0]))
                                   for k in top]
    return out


def _sentences(text: str) -> list[str]:
    """Normalised sentences of five words or more, paragraph by paragraph."""
    out = []
    for para in text.split("\n"):
        for a, b in split_sentences(para, keep_quotations=False):
            s = normalise(para[a:b])
            if s.count(" ") + 1 >= MIN_SENTENCE_WORDS:
                out.append(s)
    return out


def sentence_overlap(real_all: list[str], real: list[str], synth: list[str]) -> dict[str, float]:
    """Share of sentences equal to a sentence of another document: real-real, synthetic-synthetic, synthetic-real."""
    def owners(texts: list[str]) -> Counter[str]:
        c: Counter[str] = Counter()
        for t in texts:
            c.update(set(_sentences(t)))
        return c

    ra, sy = owners(real_all), owners(synth)
    rs = [_sentences(t) for t in real]
    ss = [_sentences(t) for t in synth]
    n_r, n_s = sum(map(len, rs)), sum(map(len, ss))
    return {"real sentences": n_r, "synthetic sentences": n_s,
            "real equal to another real": round(sum(ra[s] > 1 for x in rs for s in x) / max(n_r, 1), 4),
            "synthetic equal to another synthetic": round(sum(sy[s] > 1 for x in ss for s in x) / max(n_s, 1), 4),
            "synthetic equal to a real": round(sum(s in ra for x in ss for s in x) / max(n_s, 1), 4)}


def _jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two sorted sets of hashes."""
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / max(len(a) + len(b) - inter, 1)


def _pair_kind(a: int, b: int, n_real: int) -> str:
    return "real-real" if b < n_real else "synth-synth" if a >= n_real else "real-synth"


def _indexed_sentence(sets: IndexSets, row: int) -> str:
    """The text of the indexed sentence at ``row`` of the sentence index."""
    p = sets.docs[int(sets.sent_owner[row])]
    return " ".join(p.segments[sets.sent_index[row]].text.split())


def index_crowding(docs: list[Document], sets: IndexSets, n_real: int, seed: int) -> dict[str, Any]:
    """Bucket-sharing, confirmed and exact-threshold pairs of both indexes, by kind of pair.

    Parameters
    ----------
    docs : list of Document
        The mixed corpus: real documents first, then synthetic.
    sets : IndexSets
        :func:`lineage.candidates.read_sets` of ``docs``.
    n_real : int
        Number of real documents.
    seed : int
        Seed of the signatures.

    Returns
    -------
    dict
        Per index, pairs by level and kind, the largest bucket, and for sentences the
        most crowded buckets with an example sentence.
    """
    out: dict[str, Any] = {}
    rows = np.array([i for i, h in enumerate(sets.doc_shingles) if len(h)], dtype=np.int64)
    shingles = [np.unique(sets.doc_shingles[i]) for i in rows]
    for name, sig_sets, owner, perm, thr in (
        ("documents", shingles, rows, 128, DOC_THRESHOLD),
        ("sentences", [np.unique(s) for s in sets.sent_sets], sets.sent_owner, SENTENCE_PERM, SENTENCE_THRESHOLD),
    ):
        sigs = signatures(sig_sets, perm, seed)
        pairs: set[tuple[int, int]] = set()
        common: Counter[str] = Counter()
        crowded: dict[int, tuple[int, int]] = {}
        biggest = 0
        for g in buckets(sigs, thr):
            members = np.unique(owner[g])
            biggest = max(biggest, len(members))
            if name == "sentences" and len(members) > MAX_SENTENCE_FANOUT + 1:
                common["buckets"] += 1
                key = int(g.min())
                crowded[key] = max(crowded.get(key, (0, 0)), (len(members), int((members < n_real).sum())))
                continue
            pairs.update((int(x), int(y)) for x, y in combinations(sorted(g.tolist()), 2) if owner[x] != owner[y])
        stats: dict[str, Counter[str]] = {k: Counter() for k in ("bucket", "confirmed", "exact")}
        doc_pairs: dict[str, set[tuple[int, int]]] = {k: set() for k in stats}
        hist: Counter[float] = Counter()
        for x, y in pairs:
            a, b = sorted((int(owner[x]), int(owner[y])))
            kind = _pair_kind(a, b, n_real)
            est = float((sigs[x] == sigs[y]).mean())
            exact = _jaccard(sig_sets[x], sig_sets[y])
            for level, ok in (("bucket", True), ("confirmed", est >= thr), ("exact", exact >= thr)):
                if ok and (a, b) not in doc_pairs[level]:
                    doc_pairs[level].add((a, b))
                    stats[level][kind] += 1
            if name == "documents" and kind != "real-real":
                hist[min(int(exact * 10), 9) / 10] += 1
        out[name] = {level: dict(c) for level, c in stats.items()}
        out[name]["largest_bucket_documents"] = biggest
        if name == "sentences":
            out[name]["common_buckets_skipped"] = common["buckets"]
            out[name]["indexed_sentences"] = {"real": int((owner < n_real).sum()),
                                              "synth": int((owner >= n_real).sum())}
            top = sorted(crowded.items(), key=lambda kv: -kv[1][0])[:8]
            out[name]["most_crowded"] = [
                {"documents": d, "real": r, "example": _indexed_sentence(sets, k)}
                for k, (d, r) in top]
        else:
            out[name]["exact_jaccard_of_synthetic_colliding_pairs"] = {str(k): v for k, v in sorted(hist.items())}
    return out


def _subset(sets: IndexSets, lo: int, hi: int) -> IndexSets:
    """The index sets of documents ``lo`` .. ``hi - 1``, renumbered from 0."""
    keep = (sets.sent_owner >= lo) & (sets.sent_owner < hi)
    return IndexSets(sets.docs[lo:hi], sets.doc_shingles[lo:hi], [s for s, k in zip(sets.sent_sets, keep) if k],
                     sets.sent_owner[keep] - lo, [i for i, k in zip(sets.sent_index, keep) if k])


def _candidates(docs: list[Document], sets: IndexSets) -> dict[str, int]:
    """lineage's candidate pairs of a corpus: all, by the document index, by one or two sentences."""
    cands = find_candidates(sets.docs)
    return {"pairs": len(cands), "document_hits": sum(c.document_hit for c in cands),
            "sentence_hits": sum(c.sentence_hits > 0 for c in cands),
            "two_or_more_sentences": sum(c.sentence_hits >= 2 for c in cands)}


def _document(rec: dict[str, Any]) -> Document:
    return Document.from_text(rec["text"], id=rec["id"], date=rec.get("date"), title=rec.get("title"))


def measure(real_all: list[dict[str, Any]], synth: list[dict[str, Any]], sample: int = 20_000,
            seed: int = 1) -> dict[str, Any]:
    """Every measurement on a seeded sample of real stories and the first synthetic documents.

    Parameters
    ----------
    real_all : list of dict
        The real archive records (BBC and Reuters).
    synth : list of dict
        Synthetic records; the first ``sample`` are measured.
    sample : int
        Documents of each kind.
    seed : int
        Seed of the real sample and of the signatures.

    Returns
    -------
    dict
        JSON-ready results (see :func:`format_stats`).
    """
    t0 = time.perf_counter()
    real = random.Random(seed).sample(real_all, min(sample, len(real_all)))
    synth = synth[:sample]
    out: dict[str, Any] = {"real_documents": len(real), "synthetic_documents": len(synth)}
    for name, recs in (("real", real), ("synth", synth)):
        w = np.array([len(words(r["text"])) for r in recs])
        out[f"words_{name}"] = {p: int(np.percentile(w, int(p[1:]))) for p in ("p10", "p50", "p90", "p99")}
        out[f"words_{name}"]["mean"] = round(float(w.mean()), 1)
    texts_all = [r["text"] for r in real_all]
    out["passages"] = passage_overlap(texts_all, [r["text"] for r in real], [r["text"] for r in synth])
    out["sentences"] = sentence_overlap(texts_all, [r["text"] for r in real], [r["text"] for r in synth])
    docs = [_document(r) for r in real + synth]
    docs = with_recurring(docs, recurring_lines(docs))
    sets = read_sets(docs, Options())
    n = len(real)
    out["crowding"] = index_crowding(docs, sets, n, seed=Options().seed)
    out["candidates"] = {"real": _candidates(docs[:n], _subset(sets, 0, n)),
                         "synth": _candidates(docs[n:], _subset(sets, n, len(docs))),
                         "mixed": _candidates(docs, sets)}
    out["seconds"] = round(time.perf_counter() - t0, 1)
    return out


def scale_candidates(synth: list[dict[str, Any]], sizes: list[int]) -> dict[str, dict[str, Any]]:
    """lineage's candidate pairs among the first ``n`` synthetic documents, for each ``n`` of ``sizes``.

    Chance collisions grow with the square of the corpus, so their rate per
    1,000 documents grows with its size; this shows by how much.
    """
    out: dict[str, dict[str, Any]] = {}
    for n in sizes:
        t0 = time.perf_counter()
        docs = [_document(r) for r in synth[:n]]
        docs = with_recurring(docs, recurring_lines(docs))
        c = _candidates(docs, read_sets(docs, Options()))
        out[str(len(docs))] = {**c, "seconds": round(time.perf_counter() - t0, 1)}
    return out


def _per_k(count: int, docs: int) -> str:
    return f"{1000 * count / max(docs, 1):.2f}"


def format_stats(r: dict[str, Any]) -> str:
    """The measurements as plain-text tables."""
    nr, ns = r["real_documents"], r["synthetic_documents"]
    lines = [f"real sample {nr} documents, synthetic {ns} documents",
             f"words per document: real {r['words_real']}, synthetic {r['words_synth']}", "",
             "shared word 8-grams and longest shared run (words)",
             f"{'':<28}{'docs with':>10}{'8-grams':>9}{'p50':>6}{'p90':>6}{'p99':>6}{'max':>6}{'>=12':>7}{'>=20':>7}"]
    for name, v in r["passages"].items():
        if name == "top_synthetic_8grams":
            continue
        lines.append(f"{name:<28}{v['with_shared_8gram']:>10.1%}{v['8grams_shared']:>9.1%}{v['longest_run_p50']:>6}"
                     f"{v['longest_run_p90']:>6}{v['longest_run_p99']:>6}{v['longest_run_max']:>6}"
                     f"{v['run_12_or_more']:>7.1%}{v['run_20_or_more']:>7.1%}")
    lines += ["", "most widespread synthetic 8-grams (documents):"]
    lines += [f"  {n:>5}  {t}" for t, n in r["passages"]["top_synthetic_8grams"]]
    s = r["sentences"]
    lines += ["", (f"whole sentences (>= {MIN_SENTENCE_WORDS} words): real equal to another real "
              f"{s['real equal to another real']:.2%}, synthetic equal to another synthetic "
              f"{s['synthetic equal to another synthetic']:.2%}, "
              f"synthetic equal to a real {s['synthetic equal to a real']:.2%}"),
              "", "index crowding, pairs per 1,000 documents of the kind (mixed corpus of both samples)",
              f"{'index':<11}{'level':<11}{'real-real':>11}{'synth-synth':>13}{'real-synth':>12}"]
    for index in ("documents", "sentences"):
        for level in ("bucket", "confirmed", "exact"):
            c = r["crowding"][index][level]
            lines.append(f"{index:<11}{level:<11}{_per_k(c.get('real-real', 0), nr):>11}"
                         f"{_per_k(c.get('synth-synth', 0), ns):>13}{_per_k(c.get('real-synth', 0), nr + ns):>12}")
    sc = r["crowding"]["sentences"]
    indexed = sc["indexed_sentences"]
    hist = r["crowding"]["documents"]["exact_jaccard_of_synthetic_colliding_pairs"]
    lines += [(f"sentences indexed: real {indexed['real']}, synthetic {indexed['synth']}; common sentence "
               f"buckets skipped (> {MAX_SENTENCE_FANOUT + 1} documents): {sc['common_buckets_skipped']}"),
              "exact 3-shingle Jaccard of colliding pairs with a synthetic document: "
              + ", ".join(f"{k}: {v}" for k, v in hist.items()),
              "", "most crowded sentence buckets (documents, of them real: example)"]
    lines += [f"  {c['documents']:>5} {c['real']:>5}: {c['example'][:110]}" for c in sc["most_crowded"]]
    lines += ["", "lineage candidate pairs per 1,000 documents",
              f"{'corpus':<8}{'pairs':>9}{'document':>10}{'sentence':>10}{'2+ sent.':>10}"]
    for name, docs in (("real", nr), ("synth", ns), ("mixed", nr + ns)):
        c = r["candidates"][name]
        lines.append(f"{name:<8}{_per_k(c['pairs'], docs):>9}{_per_k(c['document_hits'], docs):>10}"
                     f"{_per_k(c['sentence_hits'], docs):>10}{_per_k(c['two_or_more_sentences'], docs):>10}")
    for size, c in r.get("scale", {}).items():
        lines.append(f"{'synth ' + size:<8}{_per_k(c['pairs'], int(size)):>9}"
                     f"{_per_k(c['document_hits'], int(size)):>10}"
                     f"{_per_k(c['sentence_hits'], int(size)):>10}{_per_k(c['two_or_more_sentences'], int(size)):>10}"
                     f"   ({c['seconds']} s)")
    lines.append(f"({r['seconds']} s)")
    return "\n".join(lines)
