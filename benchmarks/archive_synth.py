"""Synthetic background for the archive benchmark: word-trigram text in the style of the real stories.

The archive benchmark needs a million documents whose LSH buckets and passage
fingerprints are as crowded as a real archive's, without real reuse among
them.  Each *style* (a BBC topic folder, or a Reuters topic with "other" for
the rest) gets two word-trigram models backed off to bigrams, one of titles
and one of body sentences, over tokens that keep their case and punctuation,
with sentence start and end markers.  A trigram context seen fewer than
``MIN_CONTEXT`` times always backs off (following it would copy the one story
it comes from); a well-attested one backs off with ``BACKOFF`` times the
Witten-Bell weight (distinct successors over count plus distinct successors),
so stock phrases ("in a filing with the Securities and Exchange Commission")
come out as often as they should and rare passages do not.

A document copies the shape of a real story drawn at random (so styles come
in the archive's proportions): its title length and, paragraph by
paragraph, the token length of every sentence.  Sentences are sampled in
batches of parallel chains (``np.searchsorted`` over each model's cumulative
successor counts), kept in per-length pools, and each slot takes a pooled
sentence within 20 % of its length.  A sampled sentence whose casefolded
words equal a real sentence of ``MIN_COPY_WORDS`` or more words is rejected
(shorter ones are stock lines such as "Qtr ended March 31" that real stories
share as well).  Shards are seeded by (seed, shard), so the output does not
depend on the number of workers.
"""

from __future__ import annotations

import datetime as _dt
import itertools
import math
import multiprocessing
import re
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.archive_data import write_jsonl
from lineage.text.sentences import split_sentences

#: Generated sentences equal (casefolded words) to a real one with at least this many words are resampled.
MIN_COPY_WORDS = 5
#: Scale of the Witten-Bell weight of backing off from a trigram context to its last word's bigrams.
BACKOFF = 0.25
#: A trigram context seen fewer times than this always backs off (it would copy its few real stories).
MIN_CONTEXT = 5
#: Longest sampled sentence, in tokens; longer chains are dropped.
MAX_TOKENS = 160
#: Sentences sampled per batch, per model.
BATCH = 4096
#: Pooled sentences kept per length and model (the rest of a batch is dropped).
BIN_CAP = 1024
#: Documents per shard of output.
SHARD_DOCS = 50_000
#: Range of the random dates of synthetic documents.
FIRST_DAY, LAST_DAY = _dt.date(1987, 1, 1), _dt.date(2005, 12, 31)

START, END = 0, 1
TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|\w+(?:['\u2019.,&/-]\w+)*|[^\w\s]")
_GLUE_LEFT = frozenset(",.;:!?%)]}>\u201d\u2019")
_GLUE_RIGHT = frozenset("([{<$\u00a3\u20ac#\u201c\u2018")
_QUOTES = frozenset("\"'")
_WORDLIKE = re.compile(r"\w")
_P = np.uint64(0x100000001B3)
_FMIX = (np.uint64(33), np.uint64(0xFF51AFD7ED558CCD), np.uint64(0xC4CEB9FE1A85EC53))


def tokenize(sentence: str) -> list[str]:
    """Tokens of a sentence: words (with inner apostrophes, points, commas, hyphens) and punctuation marks."""
    return TOKEN.findall(sentence)


def _fmix64(h: np.ndarray) -> np.ndarray:
    s, m1, m2 = _FMIX
    with np.errstate(over="ignore"):
        h = (h ^ (h >> s)) * m1
        h = (h ^ (h >> s)) * m2
    return h ^ (h >> s)


def sentence_keys(fold: np.ndarray, flat: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A 64-bit hash of each sentence's casefolded words (punctuation left out), and its word count.

    Parameters
    ----------
    fold : numpy.ndarray
        Casefolded word id of each token id, -1 for punctuation.
    flat : numpy.ndarray
        Token ids of the sentences, one after another.
    lengths : numpy.ndarray
        Tokens per sentence.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Hash (uint64) and number of words of each sentence.
    """
    f = fold[flat]
    sent = np.repeat(np.arange(len(lengths)), lengths)
    keep = f >= 0
    f, sent = f[keep], sent[keep]
    nwords = np.bincount(sent, minlength=len(lengths))
    starts = np.cumsum(nwords) - nwords
    pos = np.arange(len(f)) - np.repeat(starts, nwords)
    with np.errstate(over="ignore"):
        powers = np.cumprod(np.full(int(nwords.max(initial=0)) + 1, _P, dtype=np.uint64))
        terms = (f.astype(np.uint64) + np.uint64(1)) * powers[pos]
        h = np.zeros(len(lengths), dtype=np.uint64)
        full = nwords > 0
        if full.any():
            h[full] = np.add.reduceat(terms, starts[full])
    return _fmix64(h ^ nwords.astype(np.uint64)), nwords


@dataclass(frozen=True)
class Table:
    """Successor counts of contexts, flat: context ``keys[i]``'s successors and their cumulative counts."""

    keys: np.ndarray
    succ: np.ndarray
    cum: np.ndarray
    base: np.ndarray
    total: np.ndarray
    types: np.ndarray

    @classmethod
    def count(cls, context: np.ndarray, nxt: np.ndarray, vocabulary: int) -> Table:
        """Count (context key, next token) pairs."""
        keys, counts = np.unique(context * vocabulary + nxt, return_counts=True)
        ctx, first, types = np.unique(keys // vocabulary, return_index=True, return_counts=True)
        cum = np.cumsum(counts)
        return cls(ctx, (keys % vocabulary).astype(np.int64), cum, (cum - counts)[first],
                   np.add.reduceat(counts, first), types)

    def find(self, context: np.ndarray) -> np.ndarray:
        """Row of each context key (every key asked for was seen in training)."""
        return np.searchsorted(self.keys, context)

    def draw(self, rows: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """One successor of each row's context, drawn in proportion to its count."""
        r = self.base[rows] + (rng.random(len(rows)) * self.total[rows]).astype(np.int64)
        return self.succ[np.searchsorted(self.cum, r, side="right")]


@dataclass(frozen=True)
class Chain:
    """A word-trigram model backed off to bigrams, with Witten-Bell weights scaled by ``BACKOFF``."""

    tri: Table
    bi: Table
    vocabulary: int

    @classmethod
    def from_sequences(cls, seq: np.ndarray, vocabulary: int) -> Chain:
        """Count the trigrams and bigrams of sentences written one after another as ``START ... END``."""
        seq = seq.astype(np.int64)
        pos = np.flatnonzero(seq != START)
        p1 = seq[pos - 1]
        p2 = np.where(p1 == START, START, seq[np.maximum(pos - 2, 0)])
        nxt = seq[pos]
        return cls(Table.count(p2 * vocabulary + p1, nxt, vocabulary), Table.count(p1, nxt, vocabulary), vocabulary)

    def sample(self, n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        """``n`` chains from START: token ids one after another and the length of each (END reached)."""
        out = np.zeros((n, MAX_TOKENS), dtype=np.int32)
        lengths = np.full(n, -1, dtype=np.int64)
        alive = np.arange(n)
        p2 = np.full(n, START, dtype=np.int64)
        p1 = p2.copy()
        for t in range(MAX_TOKENS):
            rows = self.tri.find(p2 * self.vocabulary + p1)
            weight = BACKOFF * self.tri.types[rows]
            back = (rng.random(len(rows)) * (self.tri.total[rows] + weight) < weight) | (
                self.tri.total[rows] < MIN_CONTEXT)
            nxt = np.empty(len(rows), dtype=np.int64)
            nxt[~back] = self.tri.draw(rows[~back], rng)
            nxt[back] = self.bi.draw(self.bi.find(p1[back]), rng)
            ended = nxt == END
            lengths[alive[ended]] = t
            keep = ~ended
            alive, p2, p1 = alive[keep], p1[keep], nxt[keep]
            out[alive, t] = p1
            if not len(alive):
                break
        done = lengths > 0
        lengths = lengths[done]
        mask = np.arange(MAX_TOKENS)[None, :] < lengths[:, None]
        return out[done][mask], lengths


@dataclass(frozen=True)
class Style:
    """The title and body models of one kind of story (``source/topic``)."""

    name: str
    body: Chain
    title: Chain


@dataclass(frozen=True)
class Model:
    """Everything the generator needs: tokens, their spacing rules, styles, story shapes, real sentences.

    Attributes
    ----------
    tokens, spaced : numpy.ndarray
        Each token id's text, without and with a leading space (object arrays).
    glue_left, glue_right, quote, dquote : numpy.ndarray
        Token takes no space before it, no space after it, pairs up as a quotation mark
        (spacing), is a double quotation mark (closed at the end of a sentence when left open).
    fold : numpy.ndarray
        Casefolded word id of each token, -1 for punctuation.
    styles : list of Style
    shapes : list of (int, int, list of list of int)
        Per real story: style index, title tokens, sentence tokens per paragraph.
    real_keys : numpy.ndarray
        Sorted :func:`sentence_keys` of the real sentences (and titles) of ``MIN_COPY_WORDS`` words or more.
    stories, sentences : int
        Stories and sentences trained on.
    """

    tokens: np.ndarray
    spaced: np.ndarray
    glue_left: np.ndarray
    glue_right: np.ndarray
    quote: np.ndarray
    dquote: np.ndarray
    fold: np.ndarray
    styles: list[Style]
    shapes: list[tuple[int, int, list[list[int]]]]
    real_keys: np.ndarray
    stories: int
    sentences: int

    @property
    def vocabulary(self) -> int:
        """Number of token types, markers included."""
        return len(self.tokens)

    def render(self, flat: np.ndarray, lengths: np.ndarray) -> list[str]:
        """The text of each sentence: spacing by token, quotation marks paired and closed."""
        if not len(lengths):
            return []
        ends = np.cumsum(lengths)
        starts = ends - lengths
        q = self.quote[flat]
        cq = np.cumsum(q)
        before = cq - q - np.repeat((cq - q)[starts], lengths)
        opening = q & (before % 2 == 0)
        first = np.zeros(len(flat), dtype=bool)
        first[starts] = True
        prev = np.roll(flat, 1)
        space = ~first & ~self.glue_left[flat] & ~(q & ~opening) & ~self.glue_right[prev] & ~np.roll(opening, 1)
        pieces = np.where(space, self.spaced[flat], self.tokens[flat]).tolist()
        dq = np.cumsum(self.dquote[flat])
        odd = ((dq[ends - 1] - np.r_[0, dq][starts]) % 2).astype(bool).tolist()
        return ["".join(pieces[s:e]) + ('"' if o else "") for s, e, o in zip(starts.tolist(), ends.tolist(), odd)]


def _split_story(rec: dict[str, Any]) -> tuple[str, list[str]]:
    """Title and body paragraphs of an archive record."""
    lines = [ln.strip() for ln in rec["text"].split("\n")]
    title = (rec.get("title") or "").strip()
    if title and lines and lines[0] == title:
        lines = lines[1:]
    return title, [ln for ln in lines if ln]


def train(records: Sequence[dict[str, Any]]) -> Model:
    """Backed-off trigram models of titles and body sentences per style, trained on archive records.

    Parameters
    ----------
    records : sequence of dict
        Archive records with ``text``, ``source``, ``topic`` and optionally ``title``.

    Returns
    -------
    Model
    """
    vocab: dict[str, int] = {"<s>": START, "</s>": END}
    names = sorted({f"{r['source']}/{r.get('topic', '')}" for r in records})
    index = {n: i for i, n in enumerate(names)}
    seqs: list[tuple[list[int], list[int]]] = [([], []) for _ in names]
    shapes: list[tuple[int, int, list[list[int]]]] = []
    n_sent = 0
    for rec in records:
        s = index[f"{rec['source']}/{rec.get('topic', '')}"]
        title, paras = _split_story(rec)
        tt = [vocab.setdefault(t, len(vocab)) for t in tokenize(title)]
        if tt:
            seqs[s][1].extend([START, *tt, END])
        shape = []
        for p in paras:
            lens = []
            for a, b in split_sentences(p):
                ids = [vocab.setdefault(t, len(vocab)) for t in tokenize(p[a:b])]
                if ids:
                    seqs[s][0].extend([START, *ids, END])
                    lens.append(len(ids))
            if lens:
                shape.append(lens)
                n_sent += len(lens)
        if shape:
            shapes.append((s, len(tt), shape))
    tokens = np.array(list(vocab), dtype=object)
    v = len(tokens)
    folds: dict[str, int] = {}
    fold = np.array([folds.setdefault(t.casefold(), len(folds)) if _WORDLIKE.search(t) and i > END else -1
                     for i, t in enumerate(tokens)], dtype=np.int64)
    styles, keys = [], []
    for name, (body, titles) in zip(names, seqs):
        body_ids = np.array(body or [START, END], dtype=np.int32)
        title_ids = np.array(titles or [START, END], dtype=np.int32)
        styles.append(Style(name, Chain.from_sequences(body_ids, v), Chain.from_sequences(title_ids, v)))
        for arr in (body_ids, title_ids):
            bounds = np.flatnonzero(arr == START)
            lengths = np.diff(np.r_[bounds, len(arr)]) - 2
            inner = arr[(arr != START) & (arr != END)]
            k, nw = sentence_keys(fold, inner, lengths)
            keys.append(k[nw >= MIN_COPY_WORDS])
    return Model(
        tokens=tokens, spaced=np.array([" " + t for t in tokens], dtype=object),
        glue_left=np.array([t in _GLUE_LEFT for t in tokens]),
        glue_right=np.array([t in _GLUE_RIGHT for t in tokens]),
        quote=np.array([t in _QUOTES for t in tokens]), dquote=np.array([t == '"' for t in tokens]),
        fold=fold, styles=styles, shapes=shapes,
        real_keys=np.unique(np.concatenate(keys)), stories=len(shapes), sentences=n_sent,
    )


class Generator:
    """Documents from a model, deterministic given the seed.

    Parameters
    ----------
    model : Model
    seed : int or sequence of int
        Seed of the random stream (``numpy.random.default_rng``).
    """

    def __init__(self, model: Model, seed: int | Sequence[int]) -> None:
        self.model = model
        self.rng = np.random.default_rng(seed)
        self.pools: dict[tuple[int, bool], list[list[str]]] = {}
        self.counts: Counter[str] = Counter()

    def _refill(self, style: int, title: bool) -> list[list[str]]:
        """Sample a batch of sentences into the pool of a style's body or title model."""
        pool = self.pools.setdefault((style, title), [[] for _ in range(MAX_TOKENS + 1)])
        chain = self.model.styles[style].title if title else self.model.styles[style].body
        n = BATCH // 4 if title else BATCH
        flat, lengths = chain.sample(n, self.rng)
        keys, nwords = sentence_keys(self.model.fold, flat, lengths)
        pos = np.minimum(np.searchsorted(self.model.real_keys, keys), max(len(self.model.real_keys) - 1, 0))
        copied = (nwords >= MIN_COPY_WORDS) & (self.model.real_keys[pos] == keys) if len(self.model.real_keys) \
            else np.zeros(len(keys), dtype=bool)
        self.counts["sampled"] += n
        self.counts["too long"] += n - len(lengths)
        self.counts["long enough to check"] += int((nwords >= MIN_COPY_WORDS).sum())
        self.counts["equal to a real sentence"] += int(copied.sum())
        for text, length, bad in zip(self.model.render(flat, lengths), lengths.tolist(), copied.tolist()):
            if not bad and len(pool[length]) < BIN_CAP:
                pool[length].append(text)
        return pool

    def take(self, style: int, length: int, title: bool = False) -> str:
        """A pooled sentence of the style within 20 % of ``length`` tokens (the nearest one failing that)."""
        pool = self.pools.get((style, title)) or self._refill(style, title)
        length = min(max(length, 1), MAX_TOKENS)
        tol = max(1, length // 5)
        for _ in range(4):
            for d in range(tol + 1):
                for k in (length - d, length + d):
                    if 0 < k <= MAX_TOKENS and pool[k]:
                        self.counts["used"] += 1
                        return pool[k].pop()
            pool = self._refill(style, title)
        near = [k for k in range(1, MAX_TOKENS + 1) if pool[k]]
        if not near:
            raise RuntimeError(f"style {self.model.styles[style].name} yields no new sentences")
        self.counts["used"] += 1
        self.counts["length off by more than 20 %"] += 1
        return pool[min(near, key=lambda k: abs(k - length))].pop()

    def random_date(self) -> str:
        """A day between ``FIRST_DAY`` and ``LAST_DAY``, ISO format."""
        day = int(self.rng.integers(FIRST_DAY.toordinal(), LAST_DAY.toordinal() + 1))
        return _dt.date.fromordinal(day).isoformat()

    def story(self, style: int | None = None) -> tuple[str, str, int]:
        """A title and body in the shape of a random real story (of ``style`` when given), and its style."""
        shapes = self.model.shapes
        if style is None:
            s, title_len, paras = shapes[int(self.rng.integers(len(shapes)))]
        else:
            own = [sh for sh in shapes if sh[0] == style]
            s, title_len, paras = own[int(self.rng.integers(len(own)))]
        title = self.take(s, title_len, title=True) if title_len else ""
        body = "\n\n".join(" ".join(self.take(s, n) for n in para) for para in paras)
        return title, body, s

    def document(self, number: int) -> dict[str, Any]:
        """One synthetic archive record ``synth/<number>``."""
        title, body, s = self.story()
        rec = {"id": f"synth/{number}", "text": f"{title}\n\n{body}\n" if title else f"{body}\n",
               "date": self.random_date(), "title": title, "source": "synthetic",
               "topic": self.model.styles[s].name}
        if not title:
            del rec["title"]
        return rec

    def documents(self, first: int, count: int) -> Iterator[dict[str, Any]]:
        """Records ``synth/first`` .. ``synth/first+count-1``."""
        for i in range(first, first + count):
            yield self.document(i)


_MODEL: Model | None = None


def _shard(task: tuple[int, int, int, int, str]) -> dict[str, Any]:
    """Write one shard (in a worker: the model is inherited from the parent process)."""
    shard, first, count, seed, path = task
    assert _MODEL is not None
    t0 = time.perf_counter()
    gen = Generator(_MODEL, [seed, shard])
    n = write_jsonl(Path(path), gen.documents(first, count))
    return {"shard": shard, "documents": n, "seconds": time.perf_counter() - t0,
            "bytes": Path(path).stat().st_size, "counts": dict(gen.counts)}


def shard_plan(n: int) -> list[tuple[int, int]]:
    """First document number and count of each shard: at least two shards, at most ``SHARD_DOCS`` each."""
    shards = max(min(n, 2), math.ceil(n / SHARD_DOCS))
    bounds = [round(i * n / shards) for i in range(shards + 1)]
    return [(a, b - a) for a, b in itertools.pairwise(bounds)]


def generate_corpus(model: Model, n: int, out: Path, jobs: int = 2, seed: int = 1,
                    compress: bool = False) -> dict[str, Any]:
    """Write ``n`` synthetic documents as shards ``synth-NNNN.jsonl[.gz]`` under ``out``.

    Parameters
    ----------
    model : Model
    n : int
        Documents to write, ``synth/0`` .. ``synth/n-1``.
    out : Path
        Folder of the shards (created).
    jobs : int
        Worker processes.
    seed : int
        Shard ``i`` is generated from the seed sequence ``(seed, i)``.
    compress : bool
        Write gzip-compressed shards.

    Returns
    -------
    dict
        Documents, seconds, documents per second, bytes and the generator's counts.
    """
    global _MODEL
    out.mkdir(parents=True, exist_ok=True)
    ext = ".jsonl.gz" if compress else ".jsonl"
    tasks = [(i, first, count, seed, str(out / f"synth-{i:04d}{ext}")) for i, (first, count) in
             enumerate(shard_plan(n))]
    _MODEL = model
    t0 = time.perf_counter()
    results = []
    if jobs <= 1:
        results = [_shard(t) for t in tasks]
    else:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for r in pool.imap_unordered(_shard, tasks):
                results.append(r)
                print(f"  shard {r['shard']}: {r['documents']} documents in {r['seconds']:.0f} s", flush=True)
    seconds = time.perf_counter() - t0
    counts: Counter[str] = Counter()
    for r in results:
        counts.update(r["counts"])
    docs = sum(r["documents"] for r in results)
    return {"documents": docs, "shards": len(tasks), "jobs": jobs, "seed": seed, "seconds": round(seconds, 1),
            "documents_per_second": round(docs / seconds, 1), "bytes": sum(r["bytes"] for r in results),
            "counts": dict(counts)}
