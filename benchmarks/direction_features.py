"""Raw features of a compared pair that may tell its direction, each measured on both sides."""

from __future__ import annotations

import itertools
import math
import re
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.append(str(REPO))

from lineage import CompareResult  # noqa: E402
from lineage.alignment import VERBATIM, AlignedPair  # noqa: E402
from lineage.evidence import is_shared_quotation  # noqa: E402
from lineage.findings.detect import divergences  # noqa: E402
from lineage.prepare import PreparedDocument, Segment  # noqa: E402
from lineage.text.names import NameMention  # noqa: E402
from lineage.text.numbers import NumberMention, same_number  # noqa: E402
from lineage.text.spans import Span  # noqa: E402
from lineage.text.words import STOPWORDS, fold, stems  # noqa: E402

#: Finding kinds a copy produces in one orientation only (a copy loses them; it seldom adds them).
ASYMMETRIC_KINDS = (
    "quote-dropped", "quote-to-reported", "attribution-dropped", "name-dropped", "role-dropped",
)
#: Unaligned sentences this close (in sentences) to an aligned one are its context.
CONTEXT = 2
_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?|\d+(?:[.,]\d+)*|[^\w\s]")
_DET = frozenset(["the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our", "my", "your"])
_PREP = frozenset(["of", "in", "on", "at", "to", "for", "with", "by", "from", "into"])
_CONJ = frozenset(["and", "or", "but"])
_PUNCT = frozenset(",.;:!?")
_ATTRIBUTION = re.compile(r"\b(?:said|says|told|according to|reported(?:ly)?|announced|stated|added)\b", re.IGNORECASE)
_HEDGE = re.compile(r"\b(?:about|around|nearly|almost|approximately|some|roughly|more than|less than|over|"
                    r"up to|at least|reportedly|allegedly|apparently|estimated|possibly|may|might|could)\b", re.IGNORECASE)
_BACK = {"will": "would", "shall": "should", "is": "was", "are": "were", "has": "had", "have": "had",
         "can": "could", "may": "might"}
_FIRST = frozenset(["i", "we", "my", "our", "me", "us", "mine", "ours"])
_FRAME = re.compile(r"\b(?:said|says|told \w+|added|stated) that\b|\baccording to\b", re.IGNORECASE)
_TEMPORAL = re.compile(r"\b(?:earlier|previously|yesterday|last week|last month|had said|had been|"
                       r"already|initially|originally|was reported|were reported)\b", re.IGNORECASE)
_RARE_PUNCT = re.compile(r"[;:()\[\]\u2014\u2013]|--")
# A capitalised function word inside a sentence: a sentence start moved by reordering ("rice, The farmers").
_DISPLACED = re.compile(r"(?<=[a-z,;] )(?:The|A|An|In|On|At|For|But|And|It|This|That|He|She|They|We|Some|After|When)\b")
_MALFORMED = re.compile(r"\s[,.;:!?](?!\d)|[,;:]{2,}|[.?!]\s+[a-z]|\b(\w+)\s+\1\b", re.IGNORECASE)
# Capitalised words not opening a sentence, and figures: the specifics a sentence carries.
_CAPWORD = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*")
_NUMBER = re.compile(r"\d[\d,.]*")


def _text(segs: Sequence[Segment], idx: Sequence[int]) -> str:
    return " ".join(segs[i].text for i in idx)


def specifics(text: str) -> set[str]:
    """Capitalised words (leading function words dropped) and figures of a text: what a copy tends to lose."""
    names = set()
    for m in _CAPWORD.finditer(text):
        # A capitalised function word ("The", "It" after a quotation mark) is no name.
        words = m.group().split()
        while words and words[0].lower() in STOPWORDS:
            words.pop(0)
        if words:
            names.add(" ".join(words))
    return names | {m.group().rstrip(".,") for m in _NUMBER.finditer(text)}


def copy_pairs(r: CompareResult) -> list[AlignedPair]:
    """The aligned pairs that are evidence of copying (not only a shared quotation), as lineage counts them."""
    return [p for p in r.pairs if not is_shared_quotation(p, r.a.prepared, r.b.prepared)]


def quoted(p: PreparedDocument, span: Span) -> bool:
    """Whether a quotation of the prepared document overlaps ``span``."""
    return any(q0 < span[1] and span[0] < q1 for q0, q1 in p.quotes)


def _in(span: tuple[int, int], start: int, end: int) -> bool:
    return start <= span[0] and span[1] <= end


def _name_counts(pairs: Sequence[AlignedPair], pa: PreparedDocument, pb: PreparedDocument) -> dict[str, list[int]]:
    """Per side: names, roles and fuller names its aligned sentences hold and the other's lack."""
    ta, tb = pa.text, pb.text
    # One-word names judged on the evidence of both texts, as the findings judge them.
    na, nb = pa.mentions.paired(pb.mentions).names, pb.mentions.paired(pa.mentions).names
    out = {"names_only": [0, 0], "names_fuller": [0, 0], "roles_only": [0, 0]}
    for p in pairs:
        for side, names, other_text in (
            (0, [n for n in na if _in(n.span, p.a_start, p.a_end)], tb[p.b_start:p.b_end]),
            (1, [n for n in nb if _in(n.span, p.b_start, p.b_end)], ta[p.a_start:p.a_end]),
        ):
            words = set(re.findall(r"[a-z0-9]+", fold(other_text)))
            for n in _unique(names):
                toks = [k for k in n.key if k]
                present = sum(1 for k in toks if k in words)
                if present == 0:
                    out["names_only"][side] += 1
                elif present < len(toks):
                    out["names_fuller"][side] += 1
                if n.role_keys and not (n.role_keys & words):
                    out["roles_only"][side] += 1
    return out


def _unique(names: Sequence[NameMention]) -> list[NameMention]:
    seen: set[tuple[str, ...]] = set()
    out = []
    for n in names:
        if n.key not in seen:
            seen.add(n.key)
            out.append(n)
    return out


def _significant(m: NumberMention) -> int:
    digits = re.sub(r"\D", "", m.text.split()[0] if m.text.split() else m.text)
    digits = digits.lstrip("0")
    if "." not in m.text:
        digits = digits.rstrip("0")
    return len(digits)


def _number_counts(pairs: Sequence[AlignedPair], pa: PreparedDocument, pb: PreparedDocument) -> dict[str, list[int]]:
    """Per side: figures its aligned sentences hold and the other's lack, and figures stated more precisely."""
    xa = [m for m in pa.mentions.numbers if not m.weak]
    xb = [m for m in pb.mentions.numbers if not m.weak]
    out = {"figures_only": [0, 0], "figures_precise": [0, 0]}
    for p in pairs:
        ma = [m for m in xa if _in(m.span, p.a_start, p.a_end)]
        mb = [m for m in xb if _in(m.span, p.b_start, p.b_end)]
        for side, mine, theirs in ((0, ma, mb), (1, mb, ma)):
            for m in mine:
                if any(same_number(m, o) for o in theirs):
                    continue
                out["figures_only"][side] += 1
                close = [o for o in theirs if o.category == m.category and m.value and o.value
                         and abs(m.value - o.value) <= 0.1 * abs(m.value)]
                if close and _significant(m) > max(_significant(o) for o in close):
                    out["figures_precise"][side] += 1
    return out


def _word_rates(text: str) -> dict[str, float]:
    toks = [t.lower() for t in _WORD.findall(text)]
    words = [t for t in toks if t[0].isalnum()]
    bad = 0
    for x, y in itertools.pairwise(toks):
        if (x in _DET and (y in _DET or y in _PREP or y in _CONJ or y in _PUNCT)) or \
                (x in _PREP and (y in _PREP or y in _CONJ or y in _PUNCT)) or (x in _CONJ and y in _CONJ):
            bad += 1
    n = max(1, len(words))
    return {
        "words": len(words),
        "disfluent": 100 * bad / n,
        "malformed": 100 * len(_MALFORMED.findall(text)) / n,
        "rare_punct": 100 * len(_RARE_PUNCT.findall(text)) / n,
        "displaced_caps": 100 * len(_DISPLACED.findall(text)) / n,
        "ttr": len(set(words)) / n,
    }


def _cue_counts(pairs: Sequence[AlignedPair], pa: PreparedDocument, pb: PreparedDocument) -> dict[str, list[int]]:
    """Per side: attribution verbs, hedges and back-shifted verbs its aligned sentences have and the other's lack."""
    out = {"attribution_added": [0, 0], "hedge_added": [0, 0], "backshift": [0, 0], "merged": [0, 0],
           "reported": [0, 0]}
    for p in pairs:
        spa, spb = (p.a_start, p.a_end), (p.b_start, p.b_end)
        sa, sb = pa.text[spa[0]:spa[1]], pb.text[spb[0]:spb[1]]
        for side, mine, other in ((0, sa, sb), (1, sb, sa)):
            for pattern, name in ((_ATTRIBUTION, "attribution_added"), (_HEDGE, "hedge_added")):
                cm = Counter(x.lower() for x in pattern.findall(mine))
                co = Counter(x.lower() for x in pattern.findall(other))
                out[name][side] += sum((cm - co).values())
        wa, wb = Counter(re.findall(r"[a-z]+", sa.lower())), Counter(re.findall(r"[a-z]+", sb.lower()))
        # A shifted to B (A present, B past): B reports what A said.
        out["backshift"][1] += sum(1 for pr, pa in _BACK.items() if wa[pr] > wb[pr] and wb[pa] > wa[pa])
        out["backshift"][0] += sum(1 for pr, pa in _BACK.items() if wb[pr] > wa[pr] and wa[pa] > wb[pa])
        out["reported"][1] += reported(pa, spa, pb, spb)
        out["reported"][0] += reported(pb, spb, pa, spa)
        out["merged"][0] += len(p.a) > len(p.b)
        out["merged"][1] += len(p.b) > len(p.a)
    return out


def reported(quoter: PreparedDocument, qspan: Span, plain: PreparedDocument, pspan: Span) -> bool:
    """Whether ``plain`` at ``pspan`` reports in indirect speech what ``quoter`` quotes at ``qspan``.

    No quotation in the plain side, and one trace of the conversion: verbs shifted back
    (will -> would), the quote's first person gone, or a reporting frame ("said that",
    "according to") the quoting side lacks.
    """
    quotes = [q for q in quoter.quotes if q[0] < qspan[1] and qspan[0] < q[1]]
    if not quotes or quoted(plain, pspan):
        return False
    qtext, ptext = quoter.text[qspan[0]:qspan[1]], plain.text[pspan[0]:pspan[1]]
    wq, wp = Counter(re.findall(r"[a-z]+", qtext.lower())), Counter(re.findall(r"[a-z]+", ptext.lower()))
    shifted = any(wq[pr] > wp[pr] and wp[pa] > wq[pa] for pr, pa in _BACK.items())
    inside = " ".join(quoter.text[q0:q1] for q0, q1 in quotes).lower()
    first = {w for w in re.findall(r"[a-z]+", inside) if w in _FIRST}
    persons = bool(first) and not any(wp[w] for w in first)
    frame = len(_FRAME.findall(ptext)) > len(_FRAME.findall(qtext))
    return shifted or persons or frame


def _structure(segs: Sequence[Segment], aligned: set[int]) -> dict[str, float | None]:
    """Where a side's aligned sentences lie and how its context sentences relate to them."""
    if not segs or not aligned:
        return {"head": 0, "tail": 0, "interior": 0, "start": 0.0, "context_cohesion": None,
                "far_cohesion": None, "context_names": None, "words_per_sentence": 0.0,
                "wrapped": 0.0}
    first, last = min(aligned), max(aligned)
    interior = sum(1 for i in range(first, last + 1) if i not in aligned)
    block = set().union(*(set(stems(segs[i].text)) for i in aligned))
    near = [s for s in segs if s.index not in aligned
            and any(abs(s.index - i) <= CONTEXT for i in (first, last) + tuple(aligned))]
    far = [s for s in segs if s.index not in aligned and s not in near]

    def cohesion(group: Sequence[Segment]) -> float | None:
        words = set().union(*(set(stems(s.text)) for s in group)) if group else set()
        return len(words & block) / len(words) if words else None

    caps = set()
    for i in aligned:
        caps |= set(re.findall(r"\b[A-Z][a-z]{2,}\b", segs[i].text))
    ctx_caps = [w for s in near for w in re.findall(r"(?<=[a-z,;] )[A-Z][a-z]{2,}\b", s.text)]
    n_words = sum(len(segs[i].text.split()) for i in aligned)
    return {
        "head": first, "tail": len(segs) - 1 - last, "interior": interior,
        "start": first / len(segs),
        "context_cohesion": cohesion(near), "far_cohesion": cohesion(far),
        "context_names": (sum(1 for w in ctx_caps if w in caps) / len(ctx_caps)) if ctx_caps else None,
        "words_per_sentence": n_words / len(aligned),
        "wrapped": sum(1 for i in aligned if "\n" in segs[i].text.strip()) / len(aligned),
    }


def _summaries(r: CompareResult) -> list[dict[str, float | str]]:
    """Summary passages: the side holding the paragraph, its length, and the share of the other text it condenses."""
    out: list[dict[str, float | str]] = []
    chars = [len(r.a.document.text), len(r.b.document.text)]
    for p in r.passages:
        if p.label != "summary":
            continue
        la, lb = p.a_end - p.a_start, p.b_end - p.b_start
        held = 0 if la < lb else 1
        para, stretch = (la, lb) if held == 0 else (lb, la)
        out.append({"held": "ab"[held], "paragraph": para, "stretch": stretch,
                    "stretch_share": round(stretch / max(1, chars[1 - held]), 4),
                    "paragraph_share": round(para / max(1, chars[held]), 4)})
    return out


def _finding_counts(r: CompareResult, pairs: Sequence[AlignedPair]) -> dict[str, list[int]]:
    """Asymmetric findings with A taken as the source (index 0) and with B taken as the source (index 1)."""
    pa, pb = r.a.prepared, r.b.prepared
    spans = [((p.a_start, p.a_end), (p.b_start, p.b_end)) for p in pairs]
    ua = [(s.start, s.end) for s in r.a.unaligned]
    ub = [(s.start, s.end) for s in r.b.unaligned]
    # find_divergences on the prepared documents: their analysis is done once, as compare does it.
    ab = Counter(f.kind for f in divergences(pa, pb, spans, ua, ub))
    ba = Counter(f.kind for f in divergences(pb, pa, [(y, x) for x, y in spans], ub, ua))
    return {f"finding:{k}": [ab[k], ba[k]] for k in ASYMMETRIC_KINDS}


def features(r: CompareResult) -> dict[str, object]:
    """Everything measured on one compared pair: per-side values as ``[A, B]`` lists, and pair values."""
    pa, pb = r.a.prepared, r.b.prepared
    ta, tb = pa.text, pb.text
    pairs = copy_pairs(r)
    out: dict[str, object] = {
        "reused": [r.a.reused, r.b.reused],
        "chars": [sum(s.end - s.start for s in r.a.segments), sum(s.end - s.start for s in r.b.segments)],
        "sentences": [len(r.a.segments), len(r.b.segments)],
        "copy_pairs": len(pairs),
        "verbatim_share": (sum(p.a_end - p.a_start for p in pairs if p.label == VERBATIM)
                           / max(1, sum(p.a_end - p.a_start for p in pairs))),
    }
    lost = [0, 0]
    for p in pairs:
        xa, xb = specifics(_text(r.a.segments, p.a)), specifics(_text(r.b.segments, p.b))
        lost[0] += len({x for x in xa - xb if not any(x in y or y in x for y in xb)})
        lost[1] += len({x for x in xb - xa if not any(x in y or y in x for y in xa)})
    out["specifics_lineage"] = lost
    in_a = [quoted(pa, (p.a_start, p.a_end)) for p in pairs]
    in_b = [quoted(pb, (p.b_start, p.b_end)) for p in pairs]
    out["quoted"] = [sum(x and not y for x, y in zip(in_a, in_b)), sum(y and not x for x, y in zip(in_a, in_b))]
    # A summary paragraph found by lineage: weight > 0 when B holds it (A is the source).
    out["summary"] = sum(e.weight for e in r.direction.evidence if "condensing" in e.reason)
    out["summaries"] = _summaries(r)
    if pairs:
        out.update(_name_counts(pairs, pa, pb))
        out.update(_number_counts(pairs, pa, pb))
        out.update(_cue_counts(pairs, pa, pb))
        out.update(_finding_counts(r, pairs))
    rates = [_word_rates(" ".join(ta[p.a_start:p.a_end] for p in pairs)),
             _word_rates(" ".join(tb[p.b_start:p.b_end] for p in pairs))]
    for k in rates[0]:
        out[f"aligned_{k}"] = [rates[0][k], rates[1][k]]
    st = [_structure(r.a.segments, {i for p in pairs for i in p.a}),
          _structure(r.b.segments, {i for p in pairs for i in p.b})]
    for k in st[0]:
        out[k] = [st[0][k], st[1][k]]
    unaligned = [" ".join(s.text for s in r.a.unaligned), " ".join(s.text for s in r.b.unaligned)]
    out["temporal_unaligned"] = [len(_TEMPORAL.findall(u)) for u in unaligned]
    out["log_length"] = math.log2(max(1, out["chars"][0]) / max(1, out["chars"][1]))  # type: ignore[index]
    return out
