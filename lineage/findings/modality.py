"""Modal verbs and negation: "should" that became "must", "will be" that became "is", "did not" that became "did"."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from ..text.spans import Span
from ..text.words import STOPWORDS, content_stems, expand, overlap, stem, tokens
from .checker import PASSAGE_CACHE, per_passage
from .context import PairContext
from .finding import Finding, make_finding

# Modals grouped so that the backshift of reported speech ("will" -> "would",
# "can" -> "could") does not count as a change of modality.
_MODALS = {
    "will": "will",
    "would": "will",
    "shall": "will",
    "can": "can",
    "could": "can",
    "may": "may",
    "might": "may",
    "must": "must",
    "should": "should",
    "ought": "should",
    "gonna": "will",
}
_SEMI_MODALS = {"have": "must", "has": "must", "had": "must", "need": "must", "needs": "must"}
_SKIP = frozenset(
    """not also still soon never probably likely certainly definitely really only just even
    already then actually eventually to be been have being always further now yet surely perhaps
    well all both ever""".split()
)
_AUX = frozenset("is are was were am be been being has have had gets get got do does did".split())
# Words that make the next few words negative; "declined to comment" is "did not comment".
_NEGATORS = frozenset(
    """not never no without nor neither nobody none nothing fail failed fails refuse refused
    refuses hardly barely lack lacked lacks decline declined declines deny denied denies
    reject rejected rejects failing failure rarely seldom unknown unable unlikely impossible
    absent unless""".split()
)
# Hedges and plans that put a verb under a modality of their own ("it might be possible
# for Democrats to entice", "expects the deal to close").
_HEDGES = frozenset(
    """possible possibly perhaps likely unlikely able probably expected expects expect plan
    plans planned intend intends intended aims aim hope hopes hoped predicted""".split()
)
_FINITE_AUX = frozenset("is are was were am has have had does do did gets got".split())
_IRREGULAR_PARTICIPLES = frozenset(
    "made done known shown seen given taken held built sent sold paid found kept left".split()
)
# A word after these is a noun or an infinitive, not a finite verb ("followed by visits").
_NOT_BEFORE_VERB = frozenset(
    """the a an by of for to his her its their our my your with in on at from this that these
    those no any some every each""".split()
)
_ARTICLES = frozenset({"a", "an", "the"})
# "not only X but also Y" and "not least" do not negate.
_NOT_IDIOMS = frozenset({"only", "just", "least"})
# The words whose removal flips a statement (what :func:`_flips` reads): "no" before
# the noun it negates ("No consensus was reached" / "Consensus was reached").
_FLIPPING = frozenset({"not", "never", "no"})


class _W(NamedTuple):
    start: int
    end: int
    low: str
    cap: bool


@lru_cache(maxsize=PASSAGE_CACHE)
def _words(text: str, span: Span) -> tuple[_W, ...]:
    out: list[_W] = []
    for t in tokens(text, span[0], span[1]):
        cap = t.text[:1].isupper()
        for w in expand(t.text):
            out.append(_W(t.start, t.end, w, cap))
    return tuple(out)


def _negations(ws: Sequence[_W]) -> int:
    """How many negating words a sentence has ("not only" does not count)."""
    return sum(
        1
        for i, w in enumerate(ws)
        if w.low in _NEGATORS
        and not (w.low == "not" and i + 1 < len(ws) and ws[i + 1].low in _NOT_IDIOMS)
    )


def _same_modality(word: str, cls: str, other: Sequence[_W], k: int) -> bool:
    """Whether the verb at ``k`` carries the same modality; "could" also reads as "may"/"might"."""
    other_cls, start = _modal_before(other, k)
    if other_cls == cls:
        return True
    other_word = other[start].low if other_cls is not None else ""
    pair = {word, other_word}
    return "could" in pair and bool(pair & {"may", "might"})


def _plain_verb(ws: Sequence[_W], k: int) -> bool:
    """Whether the word at ``k`` reads as a finite verb with no modality or hedge before it.

    A participle or gerund counts only after a finite auxiliary ("is established",
    not "a fund controlled by" or "before confirming").
    """
    if ws[k].cap or (k > 0 and ws[k - 1].low in _NOT_BEFORE_VERB):
        return False
    if ws[k].low.endswith(("ed", "ing", "en")) or ws[k].low in _IRREGULAR_PARTICIPLES:
        before = [w.low for w in ws[max(0, k - 3) : k]]
        if not any(w in _FINITE_AUX for w in before):
            return False
    return not any(w.low in _MODALS or w.low in _HEDGES for w in ws[max(0, k - 8) : k])


def _modal_at(ws: Sequence[_W], i: int) -> str | None:
    """Modal class of the word at ``i`` ("have to" and "need to" count as "must")."""
    w = ws[i].low
    if w in _MODALS:
        if w == "ought" and not (i + 1 < len(ws) and ws[i + 1].low == "to"):
            return None
        return _MODALS[w]
    if w in _SEMI_MODALS and i + 1 < len(ws) and ws[i + 1].low == "to":
        return _SEMI_MODALS[w]
    if (
        w == "going"
        and i + 1 < len(ws)
        and ws[i + 1].low == "to"
        and i > 0
        and ws[i - 1].low in _AUX
    ):
        return "will"
    return None


#: Most auxiliaries and adverbs skipped between a modal or negator and its verb.
_MAX_SKIP = 8
# Degree words passed over to the word they grade: "not as strong", "not so sure", "not too late".
_DEGREE = frozenset({"as", "so", "too"})
# Auxiliaries that stand as the governed verb when no content word follows them.
_GOVERNED = frozenset({"be", "get", "have"})


def _head_after(ws: Sequence[_W], i: int) -> int | None:
    """Index of the main word after a modal or negator, skipping auxiliaries and adverbs."""
    j = i + 1
    verb = None
    # "is not a gift": past auxiliaries, adverbs and an article to the word negated.
    while j < len(ws) and (ws[j].low in _SKIP or ws[j].low in _AUX or ws[j].low in _ARTICLES
                           or ws[j].low in _DEGREE):
        if ws[j].low in _AUX:
            verb = j
        j += 1
        if j - i > _MAX_SKIP:  # a run this long is no verb phrase (and scanning it would be quadratic)
            return None
    if (
        j >= len(ws)
        # A reporting verb is no head either: "did not say when" and "said that ..." tell two things.
        or ws[j].low in STOPWORDS
        or not ws[j].low.replace("-", "").isalpha()  # "short-term" is a word, "2005" is not
        or ws[j].low in _MODALS
        or ws[j].cap
    ):
        # "will be in Scotland", "would get more cash": the verb itself is the word governed.
        return verb if verb is not None and ws[verb].low in _GOVERNED else None
    return j


def _modal_before(ws: Sequence[_W], h: int) -> tuple[str | None, int]:
    """Modal class governing the word at ``h`` and where its verb phrase starts."""
    j = h - 1
    start = h
    while j >= 0 and h - j <= 5:
        cls = _modal_at(ws, j)
        if cls is not None:
            return cls, j
        if ws[j].low in _AUX or ws[j].low in _SKIP or ws[j].low in _DEGREE or ws[j].low in _ARTICLES:
            if ws[j].low in _AUX or ws[j].low in _DEGREE or ws[j].low in _ARTICLES:
                start = j
            j -= 1
            continue
        break
    return None, start


def _negated(ws: Sequence[_W], h: int) -> bool:
    for j in range(max(0, h - 5), h):
        if ws[j].low in _NEGATORS:
            if ws[j].low == "not" and j + 1 < len(ws) and ws[j + 1].low in _NOT_IDIOMS:
                continue
            return True
    return False


def _negated_after(ws: Sequence[_W], h: int) -> bool:
    """Whether a negation follows the auxiliary at ``h`` ("was not", "is still not")."""
    for j in range(h + 1, min(len(ws), h + 3)):
        if ws[j].low in _NEGATORS:
            return True
        if ws[j].low not in _SKIP:
            break
    return False


def _window(ws: Sequence[_W], h: int) -> set[str]:
    around = [w.low for w in list(ws[max(0, h - 4) : h]) + list(ws[h + 1 : h + 5])]
    return {stem(w) for w in around if w not in STOPWORDS and w not in _MODALS and w.isalpha()}


def _neighbours(ws: Sequence[_W], h: int) -> tuple[str, str]:
    """The words right before and after ``h``, passing over negations and modals ("who don't." reads as "who do.")."""
    j = h - 1
    while j >= 0 and (ws[j].low in _FLIPPING or ws[j].low in _MODALS):
        j -= 1
    k = h + 1
    while k < len(ws) and (ws[k].low in _FLIPPING or ws[k].low in _MODALS):
        k += 1
    return (ws[j].low if j >= 0 else "", ws[k].low if k < len(ws) else "")


def _counterparts(ws: Sequence[_W], h: int, other: Sequence[_W]) -> list[int]:
    """Every occurrence of the same word in the other sentence sharing some surroundings, best first.

    With no content word around it ("it won't be the solution.", "those who
    don't."), the word's counterpart is the one between the same two words.
    """
    target = stem(ws[h].low)
    ctx = _window(ws, h)
    same = [k for k, w in enumerate(other) if stem(w.low) == target and w.low not in _MODALS]
    if not ctx:
        near = _neighbours(ws, h)
        return [k for k in same if _neighbours(other, k) == near]
    scored = [(-len(ctx & _window(other, k)), k) for k in same]
    return [k for shared, k in sorted(scored) if shared < 0]


def sentence_pairs(ctx: PairContext, src_span: Span, dst_span: Span) -> list[tuple[Span, Span]]:
    """Each source sentence of the passage with the copy sentence that shares most of its content.

    Among copy sentences sharing as much, the one with the same words comes
    first, then the one at the nearest place: "We are not prosecuted for
    that. We are prosecuted for a Public Order Act offence." shares all the
    content of its first sentence with both.
    """
    src_text, dst_text = ctx.src_text, ctx.dst_text
    dst_sents = [(d, dst_text[d[0] : d[1]]) for d in ctx.dst.sentences_in(dst_span)]
    dst_stems = [content_stems(t) for _, t in dst_sents]
    out: list[tuple[Span, Span]] = []
    for j, s in enumerate(ctx.src.sentences_in(src_span)):
        text = src_text[s[0] : s[1]]
        stems = content_stems(text)
        scored = [(overlap(stems, ds), t == text, -abs(j - k), k)
                  for k, ((_, t), ds) in enumerate(zip(dst_sents, dst_stems))]
        if scored:
            score, _, _, k = max(scored)
            if score >= 0.4:
                out.append((s, dst_sents[k][0]))
    return out



def modality_findings(ctx: PairContext, src_span: Span, dst_span: Span) -> list[Finding]:
    """``modality-shifted`` and ``negation-flipped`` findings for one aligned pair.
    """
    src_text, dst_text = ctx.src_text, ctx.dst_text
    out: list[Finding] = []
    seen: set[tuple[str, Span, Span]] = set()
    for s, d in sentence_pairs(ctx, src_span, dst_span):
        sw, dw = _words(src_text, s), _words(dst_text, d)
        for f in _modal_shifts(src_text, dst_text, sw, dw, False) + _modal_shifts(
            dst_text, src_text, dw, sw, True
        ):
            key = (f.kind, f.src_span or (0, 0), f.dst_span or (0, 0))
            if key not in seen:
                seen.add(key)
                out.append(f)
        if _negations(sw) == _negations(dw):
            continue  # as many negations on both sides: moved or reworded, not flipped
        for f in _flips(src_text, dst_text, sw, dw, False) + _flips(
            dst_text, src_text, dw, sw, True
        ):
            key = (f.kind, f.src_span or (0, 0), f.dst_span or (0, 0))
            if key not in seen:
                seen.add(key)
                out.append(f)
    return out


def _modal_shifts(
    a_text: str,
    b_text: str,
    aw: Sequence[_W],
    bw: Sequence[_W],
    swapped: bool,
) -> list[Finding]:
    """Modal phrases of one side whose verb appears on the other side under another modal or none."""
    out: list[Finding] = []
    for i in range(len(aw)):
        cls = _modal_at(aw, i)
        if cls is None:
            continue
        h = _head_after(aw, i + (1 if aw[i].low in _SEMI_MODALS or aw[i].low == "ought" else 0))
        if h is None:
            continue
        if _modal_before(aw, h)[0] != cls:
            continue  # "will (now) have to abandon": the nearer modal decides, read the same way on both sides
        twins = _counterparts(aw, h, bw)
        if not twins or any(_same_modality(aw[i].low, cls, bw, t) for t in twins):
            continue  # absent, or under the same modal there too
        k = twins[0]
        other_cls, start = _modal_before(bw, k)
        if other_cls is None and (aw[i].low == "would" or not _plain_verb(bw, k)):
            continue  # "would" is often only reported speech; a hedged verb is no clear shift
        if swapped and other_cls is not None:
            continue  # modal on both sides: already reported from the source side
        a_span = (aw[i].start, aw[h].end)
        b_span = (bw[start].start, bw[k].end)
        src_span, dst_span = (b_span, a_span) if swapped else (a_span, b_span)
        old = " ".join(_slice(b_text if swapped else a_text, src_span).split())
        new = " ".join(_slice(a_text if swapped else b_text, dst_span).split())
        src_text, dst_text = (b_text, a_text) if swapped else (a_text, b_text)
        out.append(
            make_finding(
                "modality-shifted",
                0.5,
                src_text,
                dst_text,
                src_span,
                dst_span,
                f'Modality shifted: "{old}" became "{new}".',
            )
        )
    return out


def _flips(
    a_text: str,
    b_text: str,
    aw: Sequence[_W],
    bw: Sequence[_W],
    swapped: bool,
) -> list[Finding]:
    """Negated words of one side that appear without negation on the other."""
    out: list[Finding] = []
    for i in range(len(aw)):
        w = aw[i].low
        if w not in _FLIPPING:
            continue
        if w == "not" and i + 1 < len(aw) and aw[i + 1].low in _NOT_IDIOMS:
            continue
        h = _head_after(aw, i)
        if h is None and i > 0 and aw[i - 1].low in _AUX:
            h = i - 1  # "was not her job", "don't": the auxiliary itself is what is negated
        if h is None or h - i > 3:
            continue
        twins = _counterparts(aw, h, bw)
        if h < i:  # an auxiliary is matched by the same form only ("are" is not "am")
            twins = [t for t in twins if bw[t].low == aw[h].low]
        if w == "no":  # "had no plans to" / "had plans to"; not "but no new deaths" / "65 new cases"
            twins = [t for t in twins if _neighbours(bw, t) == _neighbours(aw, h)]
        if not twins or any(_negated(bw, t) or (h < i and _negated_after(bw, t)) for t in twins):
            continue  # absent, or negated there too
        k = twins[0]
        start = i
        while (
            start > 0
            and i - start < 2
            and (aw[start - 1].low in _AUX or aw[start - 1].low in _MODALS)
        ):
            start -= 1
        a_span = (aw[start].start, aw[max(h, i)].end)
        _, b_start = _modal_before(bw, k)
        b_span = (bw[b_start].start, bw[k].end)
        src_text, dst_text = (b_text, a_text) if swapped else (a_text, b_text)
        src_span, dst_span = (b_span, a_span) if swapped else (a_span, b_span)
        old = " ".join(_slice(src_text, src_span).split())
        new = " ".join(_slice(dst_text, dst_span).split())
        out.append(
            make_finding(
                "negation-flipped",
                0.85,
                src_text,
                dst_text,
                src_span,
                dst_span,
                f'Negation flipped: "{old}" became "{new}".',
            )
        )
    return out


def _slice(text: str, span: Span) -> str:
    """The text of a span (kept apart so explanations and excerpts read the same slice)."""
    return text[span[0] : span[1]]


#: The checker of this module (see :data:`lineage.findings.context.Checker`).
check = per_passage(modality_findings)
