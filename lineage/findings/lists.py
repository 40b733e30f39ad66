"""Coordinations and lists ("Brussels and Beijing", "Baidu, Alibaba and Tencent") whose order a copy changed."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from ..text.spans import Span
from ..text.words import STOPWORDS, fold
from .checker import PASSAGE_CACHE, per_passage
from .context import PairContext
from .finding import Finding, make_finding

_PIECE = re.compile(r"[^\W_]+(?:['\u2019\-&.][^\W_]+)*|[^\w\s]")
_CONJ = frozenset({"and", "or", "&"})
_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "our", "both", "either"})
#: Longest item, in words, that a list item may have; longer stretches are clauses.
MAX_ITEM = 4


class _Tok(NamedTuple):
    start: int
    end: int
    low: str
    cap: bool
    word: bool


@dataclass(frozen=True)
class Item:
    """A list item: the words that may belong to it and the part that surely does.

    The first item of a list has an uncertain left edge and the last an uncertain
    right edge, so only the word next to the conjunction or comma is certain (the core).
    """

    window: tuple[_Tok, ...]
    core: tuple[_Tok, ...]


@dataclass(frozen=True)
class Coordination:
    """Two or more items joined by commas and a final "and"/"or"."""

    items: tuple[Item, ...]


@lru_cache(maxsize=PASSAGE_CACHE)
def _toks(text: str, span: Span) -> tuple[_Tok, ...]:
    return tuple([
        _Tok(m.start(), m.end(), low, m.group()[:1].isupper(), low[:1].isalnum())
        for m in _PIECE.finditer(text, span[0], span[1])
        for low in (fold(m.group()),)
    ])


def extract_coordinations(text: str, sents: Sequence[Span]) -> list[Coordination]:
    """Coordinations inside the sentences ``sents`` of ``text``.

    Parameters
    ----------
    text : str
        Full text.
    sents : sequence of (int, int)
        The sentences to read (a passage's).

    Returns
    -------
    list of Coordination
    """
    out: list[Coordination] = []
    for sent in sents:
        toks = _toks(text, sent)
        for k, tok in enumerate(toks):
            if tok.low not in _CONJ:
                continue
            right = _right_item(toks, k + 1)
            left = _left_items(toks, k - 1)
            if right is not None and left:
                out.append(Coordination(tuple(left) + (right,)))
    return out


def _right_item(toks: Sequence[_Tok], i: int) -> Item | None:
    window: list[_Tok] = []
    while i < len(toks) and toks[i].word and toks[i].low not in _CONJ and len(window) < MAX_ITEM:
        window.append(toks[i])
        i += 1
    content = [t for t in window if t.low not in _DETERMINERS]
    if not content:
        return None
    return Item(tuple(window), (content[0],))


def _left_items(toks: Sequence[_Tok], i: int) -> list[Item]:
    if i >= 0 and toks[i].low == ",":
        i -= 1  # serial comma: "A, B, and C"
    segments: list[list[_Tok]] = []
    while i >= 0:
        seg: list[_Tok] = []
        while i >= 0 and toks[i].word and toks[i].low not in _CONJ:
            seg.insert(0, toks[i])
            i -= 1
        if not seg:
            break
        bounded = i >= 0 and toks[i].low == ","
        if len(seg) <= MAX_ITEM and bounded:
            segments.insert(0, seg)  # a middle item: commas on both sides
            i -= 1
            continue
        segments.insert(0, seg[-MAX_ITEM:])
        break
    if not segments:
        return []
    items: list[Item] = []
    for n, seg in enumerate(segments):
        if n == 0:
            items.append(Item(tuple(seg), (seg[-1],)))
        else:
            items.append(Item(tuple(seg), tuple(seg)))
    return items


def _joins(toks: Sequence[_Tok]) -> dict[str, tuple[int, int]]:
    """Every run of consecutive words, joined without spaces or hyphens, mapped to its index range."""
    out: dict[str, tuple[int, int]] = {}
    for i in range(len(toks)):
        for j in range(i + 1, len(toks) + 1):
            out.setdefault("".join(t.low.replace("-", "") for t in toks[i:j]), (i, j))
    return out


def _core_range(item: Item) -> tuple[int, int]:
    first = item.window.index(item.core[0])
    return first, first + len(item.core)


def _grow(item: Item, lo: int, hi: int) -> Span:
    """Span of a matched stretch widened to the whole capitalised name it sits in."""
    w = item.window
    if w[lo].cap:
        while lo > 0 and w[lo - 1].cap:
            lo -= 1
    if w[hi - 1].cap:
        while hi < len(w) and w[hi].cap:
            hi += 1
    return (w[lo].start, w[hi - 1].end)


def _match(a: Item, b: Item) -> tuple[Span, Span] | None:
    """Spans of the shared part when the items can be the same, by the core of either."""
    core_a = "".join(t.low.replace("-", "") for t in a.core)
    core_b = "".join(t.low.replace("-", "") for t in b.core)
    if core_a in STOPWORDS or core_b in STOPWORDS or len(core_a) < 2 or len(core_b) < 2:
        return None
    in_b = _joins(b.window).get(core_a)
    if in_b is not None:
        return _grow(a, *_core_range(a)), _grow(b, *in_b)
    in_a = _joins(a.window).get(core_b)
    if in_a is not None:
        return _grow(a, *in_a), _grow(b, *_core_range(b))
    return None


def _best_mapping(src: Coordination, dst: Coordination) -> list[tuple[int, int, Span, Span]]:
    """Largest one-to-one matching of items, preferring one that keeps the source order."""
    cands = {
        (i, j): hit
        for i, a in enumerate(src.items)
        for j, b in enumerate(dst.items)
        if (hit := _match(a, b)) is not None
    }
    best: list[tuple[int, int, Span, Span]] = []
    best_ordered = False
    n, m = len(src.items), len(dst.items)
    if n <= m:
        assignments = [list(zip(range(n), perm)) for perm in itertools.permutations(range(m), n)]
    else:
        assignments = [
            [(i, j) for j, i in enumerate(perm)] for perm in itertools.permutations(range(n), m)
        ]
    for pairs in assignments:
        mapping = sorted((i, j, *cands[(i, j)]) for i, j in pairs if (i, j) in cands)
        ordered = all(x[1] < y[1] for x, y in itertools.pairwise(mapping))
        if len(mapping) > len(best) or (len(mapping) == len(best) and ordered and not best_ordered):
            best, best_ordered = mapping, ordered
    return best


def _moved(mapping: list[tuple[int, int, Span, Span]]) -> list[tuple[int, int, Span, Span]]:
    """The stretch of a mapping that actually moved: items first or last on both sides stay out."""
    lo, hi = 0, len(mapping)
    while hi - lo > 2 and all(mapping[lo][1] < m[1] for m in mapping[lo + 1 : hi]):
        lo += 1
    while hi - lo > 2 and all(mapping[hi - 1][1] > m[1] for m in mapping[lo : hi - 1]):
        hi -= 1
    return mapping[lo:hi]



def order_findings(ctx: PairContext, src_span: Span, dst_span: Span) -> list[Finding]:
    """``order-swapped`` findings: the same items coordinated in another order.
    """
    src_text, dst_text = ctx.src_text, ctx.dst_text
    out: list[Finding] = []
    dst_lists = extract_coordinations(dst_text, ctx.dst.sentences_in(dst_span))
    for src in extract_coordinations(src_text, ctx.src.sentences_in(src_span)):
        if len(src.items) > 6:
            continue
        mappings = [_best_mapping(src, d) for d in dst_lists if len(d.items) <= 6]
        mappings = [m for m in mappings if len(m) >= 2]
        if not mappings or any(
            all(x[1] < y[1] for x, y in itertools.pairwise(m)) for m in mappings
        ):
            continue  # absent, or present somewhere in the same order
        mapping = _moved(max(mappings, key=len))
        if len(mapping) < 2:
            continue
        s_span = (min(x[2][0] for x in mapping), max(x[2][1] for x in mapping))
        d_span = (min(x[3][0] for x in mapping), max(x[3][1] for x in mapping))
        old = " ".join(src_text[s_span[0] : s_span[1]].split())
        new = " ".join(dst_text[d_span[0] : d_span[1]].split())
        out.append(
            make_finding(
                "order-swapped",
                0.3,
                src_text,
                dst_text,
                s_span,
                d_span,
                f'Order swapped: "{old}" became "{new}".',
            )
        )
    return out


#: The checker of this module (see :data:`lineage.findings.context.Checker`).
check = per_passage(order_findings)
