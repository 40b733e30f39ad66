"""Texts for the speed benchmark: derived pairs of any size, ~600-word documents, one-line BBC text.

Everything is read from the evaluation data (PAN 2013 source documents, BBC
articles) when it is there; pairs and documents fall back to generated text
(Zipf-like vocabulary) when it is not, so those parts always run.
"""

from __future__ import annotations

import itertools
import math
import random
import re
from pathlib import Path

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[\"'(A-Z0-9])")
_TOKEN = re.compile(r"\S+")


def synthetic_texts(n: int, words: int, seed: int) -> list[str]:
    """Generated documents (Zipf-like vocabulary, sentences with numbers) for when data is absent.

    Parameters
    ----------
    n : int
        Number of documents.
    words : int
        Words per document, at least.
    seed : int
        Seed of the generator; the same seed gives the same documents.

    Returns
    -------
    list of str
        Documents of capitalised sentences ending in full stops.
    """
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(20_000)]
    cum = list(itertools.accumulate(1 / (i + 1) for i in range(len(vocab))))
    docs = []
    for _ in range(n):
        out: list[list[str]] = []
        count = 0
        while count < words:
            number = [str(rng.randint(2, 2000))] if rng.random() < 0.3 else []
            out.append(rng.choices(vocab, cum_weights=cum, k=rng.randint(6, 30)) + number)
            count += len(out[-1])
        docs.append(" ".join(" ".join(ws).capitalize() + "." for ws in out))
    return docs


def pan_paths(data: Path, folder: str = "src") -> list[Path]:
    """PAN 2013 training documents of one folder (``src`` or ``susp``), in name order."""
    return sorted((data / "pan13-train" / folder).glob("*-document*.txt"))


def source_texts(data: Path, n: int) -> list[str]:
    """The first ``n`` PAN 2013 source documents, or generated text when they are absent."""
    paths = pan_paths(data)[:n]
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
    """Article A of ``words`` words and article B that reuses about half of it, edited.

    Parameters
    ----------
    data : Path
        Evaluation data folder (PAN 2013 source documents are read from it).
    words : int
        Words of A; B has about 1.1 times as many (half of A's sentences,
        edited, interleaved with sentences of other documents).
    seed : int
        Seed of the edits; the same arguments give the same pair.

    Returns
    -------
    tuple of str
        A and B, sentences grouped four to a paragraph.
    """
    rng = random.Random(seed)
    # About 1,000 words a source document; A takes `words`, B draws 0.6 sentences per A sentence more.
    pool = _sentences(source_texts(data, max(120, math.ceil(words * 2.5 / 1000))))
    a: list[str] = []
    n = taken = 0
    while n < words and taken < len(pool):
        a.append(pool[taken])
        n += len(pool[taken].split())
        taken += 1
    pool = pool[taken:]
    filler = " ".join(pool).split()
    b: list[str] = []
    for s in a:
        if rng.random() < 0.5:
            b.append(_edit(s, filler, rng))
        if rng.random() < 0.6 and pool:
            i = rng.randrange(len(pool))
            pool[i], pool[-1] = pool[-1], pool[i]
            b.append(pool.pop())

    def paragraphs(ss: list[str]) -> str:
        return "\n\n".join(" ".join(ss[i:i + 4]) for i in range(0, len(ss), 4))

    return paragraphs(a), paragraphs(b)


def _cut(text: str, words: int, offset: int) -> list[str]:
    """``text`` cut into pieces of ``words`` words (the original spacing kept), from word ``offset``."""
    ends = [m.end() for m in _TOKEN.finditer(text)]
    starts = [0, *ends]
    return [text[starts[i]:ends[i + words - 1]].strip()
            for i in range(offset, len(ends) - words + 1, words)]


def document_pieces(data: Path, n: int, words: int = 600) -> tuple[list[str], str]:
    """``n`` documents of ``words`` words cut from PAN 2013 documents, and where they came from.

    Source documents are cut first, then suspicious ones; when that is not
    enough, the same documents are cut again from a sixth of a piece further
    in each time (pieces that overlap earlier ones: each document is still
    read on its own).  Generated text stands in when the data is absent.
    """
    paths = pan_paths(data, "src") + pan_paths(data, "susp")
    if not paths:
        return synthetic_texts(n, words, seed=2), "generated text"
    texts = [p.read_text(encoding="utf-8") for p in paths]
    out: list[str] = []
    for cut, offset in enumerate(range(0, words, max(1, words // 6))):
        for t in texts:
            out.extend(_cut(t, words, offset))
            if len(out) >= n:
                how = f", {cut + 1} cuts {max(1, words // 6)} words apart" if cut else ""
                return out[:n], f"PAN 2013 documents cut into {words}-word pieces{how}"
    return (out * (n // len(out) + 1))[:n], f"PAN 2013 documents cut into {words}-word pieces, repeated"


def _read(path: Path) -> str:
    """A corpus file as text: UTF-8, or latin-1 for the odd BBC file that is not UTF-8."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def bbc_one_line(data: Path, chars: int) -> str | None:
    """BBC articles joined on one line (line breaks made spaces), cut or repeated to ``chars``.

    The same text as the one-line cases of ``benchmarks/sentences.py``; None
    when the BBC articles are absent.
    """
    paths = sorted((data / "bbc").glob("*/*.txt"))
    if not paths:
        return None
    text = "\n\n".join(_read(p) for p in paths)
    text = re.sub(r"\s*\n\s*", " ", text)
    return (text * (chars // len(text) + 1))[:chars]
