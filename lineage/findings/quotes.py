"""Quotations: found by their marks, compared word for word, and traced into reported speech."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

from rapidfuzz import fuzz

from ..options import Options
from ..text.quotes import MIN_QUOTE_WORDS, inner, is_quotation
from ..text.spans import Span
from ..text.words import content_stems, expand_contractions, stem, tokens, words
from ..vocabulary import FindingKind
from .context import PairContext
from .finding import Finding, make_finding, shorten
from .mentions import Mentions
from .short_quotes import short_quote_findings
from .speakers import PRONOUNS, Attribution, is_named, same_speaker

_ELLIPSIS = re.compile(r"\.\s?\.\s?\.|\u2026|\[\.\.\.\]")
#: Longest quotation compared, in characters; a longer "quotation" comes from mismatched marks.
MAX_QUOTE_CHARS = 3000


def _qwords(text: str) -> list[str]:
    """Words of a quotation for comparison; "third-quarter" and "third quarter" read alike."""
    return list(_qwords_of(text))


@lru_cache(maxsize=4096)
def _qwords_of(text: str) -> tuple[str, ...]:
    # Each quotation of the copy is compared with every aligned pair; read it once.
    return tuple(part for w in words(text) for part in w.split("-") if part)


def _pieces(text: str) -> list[list[str]]:
    """Words of a quotation split where an ellipsis marks words left out."""
    parts = [_qwords(p) for p in _ELLIPSIS.split(text)]
    return [p for p in parts if p]


def _in_order(big: Sequence[str], pieces: Sequence[Sequence[str]]) -> bool:
    """Whether every piece of an elided quotation occurs in ``big``, in order."""
    if len(pieces) < 2:
        return False
    pos = 0
    for piece in pieces:
        n = len(piece)
        hit = next(
            (i for i in range(pos, len(big) - n + 1) if list(big[i : i + n]) == list(piece)), None
        )
        if hit is None:
            return False
        pos = hit + n
    return True


def _contains(big: Sequence[str], small: Sequence[str]) -> bool:
    n = len(small)
    return n > 0 and any(list(big[i : i + n]) == list(small) for i in range(len(big) - n + 1))


def _passage_quotes(side: Mentions, passage: Span) -> list[tuple[Span, Span]]:
    """Quotations overlapping a passage, each with its words clipped to the passage."""
    out: list[tuple[Span, Span]] = []
    for q in side.quotes_overlapping(passage):
        body = inner(side.text, q, passage)
        if is_quotation(side.text, body):
            out.append((q, body))
    return out


class _QuotedWords:
    """Every quotation of a text as a word sequence, indexed by word, to find one quoted inside another."""

    def __init__(self, side: Mentions) -> None:
        self.seqs = [_qwords_of(side.text[b[0]:b[1]]) for b in (inner(side.text, q) for q in side.quotes)]
        self.where: dict[str, list[tuple[int, int]]] = {}
        for k, seq in enumerate(self.seqs):
            for i, w in enumerate(seq):
                self.where.setdefault(w, []).append((k, i))

    def holds(self, small: Sequence[str]) -> bool:
        """Whether some quotation contains ``small`` as a run of words."""
        if not small:
            return False
        n = len(small)
        return any(tuple(self.seqs[k][i:i + n]) == tuple(small) for k, i in self.where.get(small[0], ()))


def check(ctx: PairContext, options: Options) -> list[Finding]:
    """Altered, dropped, reattributed and unquoted quotations, over every aligned pair."""
    quoted = _QuotedWords(ctx.dst)
    out: list[Finding] = []
    for s, d in ctx.pairs:
        if s[1] > s[0] and d[1] > d[0]:
            out += quote_findings(ctx, s, d, quoted)
            if FindingKind.QUOTE_ALTERED in options.findings:
                out += short_quote_findings(ctx, s, d)
    return out


@lru_cache(maxsize=256)
def _word_index(text: str, span: Span) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Folded words of a span joined by spaces, and for each character the source offsets."""
    parts: list[str] = []
    owners: list[tuple[int, int]] = []
    for tok in tokens(text, span[0], span[1]):
        for w in words(tok.text):
            if parts:
                parts.append(" ")
                owners.append((tok.start, tok.end))
            parts.append(w)
            owners.extend([(tok.start, tok.end)] * len(w))
    return "".join(parts), tuple(owners)


def _diff(a: str, b: str) -> str:
    """First changed stretch between two quotations, with a word of context.

    Stretches that differ only in contractions, apostrophes or hyphens are passed
    over, and so are words the copy merely adds before or after the quotation.
    """
    aw, bw = a.split(), b.split()
    sm = difflib.SequenceMatcher(
        None, [_norm(w) for w in aw], [_norm(w) for w in bw], autojunk=False
    )
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        if tag == "insert" and i1 in (0, len(aw)):
            continue
        if _qwords(" ".join(aw[i1:i2])) == _qwords(" ".join(bw[j1:j2])):
            continue
        lo_a, lo_b = max(0, i1 - 1), max(0, j1 - 1)
        old = " ".join(aw[lo_a : i2 + 1]) or "(nothing)"
        new = " ".join(bw[lo_b : j2 + 1]) or "(nothing)"
        return f'"{shorten(old, 50)}" became "{shorten(new, 50)}"'
    return "the wording differs"


def _norm(word: str) -> str:
    return " ".join(_qwords(word)) or word


def quote_findings(ctx: PairContext, src_span: Span, dst_span: Span, quoted: "_QuotedWords") -> list[Finding]:
    """Altered, dropped, reattributed and unquoted quotations between one aligned pair.

    Parameters
    ----------
    ctx : PairContext
        The source and the copy.
    src_span, dst_span : tuple of int
        The aligned passages.
    quoted : _QuotedWords
        The copy's quotations, indexed.

    Returns
    -------
    list of Finding
    """
    src_text, dst_text = ctx.src_text, ctx.dst_text
    src_speakers, dst_speakers = ctx.src.speakers, ctx.dst.speakers
    out: list[Finding] = []
    dst_here = _passage_quotes(ctx.dst, dst_span)
    dst_words = {q: _qwords(dst_text[b[0] : b[1]]) for q, b in dst_here}
    for q, body in _passage_quotes(ctx.src, src_span):
        if body[1] - body[0] > MAX_QUOTE_CHARS:
            continue  # mismatched marks, not a quotation (and fuzzy matching it would be quadratic)
        qw = _qwords(src_text[body[0] : body[1]])
        shown = shorten(src_text[body[0] : body[1]])
        pieces = _pieces(src_text[body[0] : body[1]])
        exact = next(
            (
                d
                for d, d_body in dst_here
                if len(dst_words[d]) >= MIN_QUOTE_WORDS
                and (
                    _contains(dst_words[d], qw)
                    or _contains(qw, dst_words[d])
                    or _in_order(dst_words[d], pieces)
                    or _in_order(qw, _pieces(dst_text[d_body[0] : d_body[1]]))
                )
            ),
            None,
        )
        if exact is not None:
            out.extend(
                _reattributed(src_text, dst_text, q, exact, src_speakers, dst_speakers, shown)
            )
            continue
        joined = " ".join(qw)
        best, best_score = None, 0.0
        for d, d_body in dst_here:
            dj = " ".join(dst_words[d])
            score = fuzz.ratio(joined, dj)
            if score < 60 and min(len(qw), len(dst_words[d])) >= 4:
                score = max(score, fuzz.partial_ratio(joined, dj) - 10)
            if score > best_score:
                best, best_score = (d, d_body), score
        if best is not None and best_score >= 60:
            d, d_body = best
            # When one quotation is much longer, compare with the stretch that matches.
            s_body, d_part = body, d_body
            if d_body[1] - d_body[0] > 1.3 * (body[1] - body[0]):
                d_part = _focus(dst_text, d_body, src_text[body[0] : body[1]])
            elif body[1] - body[0] > 1.3 * (d_body[1] - d_body[0]):
                s_body = _focus(src_text, body, dst_text[d_body[0] : d_body[1]])
            change = _diff(src_text[s_body[0] : s_body[1]], dst_text[d_part[0] : d_part[1]])
            out.append(
                make_finding(
                    "quote-altered",
                    0.95,
                    src_text,
                    dst_text,
                    s_body,
                    d_part,
                    f"Words inside the quotation differ: {change}.",
                )
            )
            out.extend(_reattributed(src_text, dst_text, q, d, src_speakers, dst_speakers, shown))
            continue
        if quoted.holds(qw):
            continue  # quoted exactly elsewhere in the copy: moved, not dropped
        reported = _reported(joined, qw, ctx.dst, dst_span)
        if reported is not None:
            span, score = reported
            sev = 0.4 if score >= 85 else 0.5
            out.append(
                make_finding(
                    "quote-to-reported",
                    sev,
                    src_text,
                    dst_text,
                    body,
                    span,
                    f'The quotation "{shown}" appears in the copy as unquoted reported speech'
                    + (" with changed wording." if score < 85 else "."),
                )
            )
            continue
        if any(_reported(joined, qw, ctx.dst, w) is not None for w in _near_windows(ctx.dst, qw)):
            continue  # reported elsewhere in the copy
        out.append(
            make_finding(
                "quote-dropped",
                0.7,
                src_text,
                dst_text,
                body,
                None,
                f'The quotation "{shown}" has no counterpart in the copy.',
            )
        )
    return out


def _near_windows(side: Mentions, qw: Sequence[str]) -> list[Span]:
    """Stretches of a text (a sentence and its neighbours) sharing content words with a quotation."""
    wanted = content_stems(" ".join(qw))
    if not wanted:
        return []
    return [side.neighbourhood(i) for i in side.sentences_sharing(wanted, max(2, len(wanted) * 0.3))]


def _reported(joined: str, qw: Sequence[str], dst: Mentions, span: Span) -> tuple[Span, float] | None:
    """Where the quotation's words reappear without quotation marks in ``span``, and how closely."""
    dst_text, dst_quotes = dst.text, dst.quotes_overlapping(span)
    hay, owners = _word_index(dst_text, span)
    if not hay or len(qw) < MIN_QUOTE_WORDS + 1:
        return None
    al = fuzz.partial_ratio_alignment(joined, hay)
    if al is None or al.score < 65:
        return None
    if len(joined) <= len(hay):
        lo, hi = al.dest_start, al.dest_end
    else:
        lo, hi = 0, len(hay)
    while lo < hi and hay[lo] == " ":
        lo += 1
    while hi > lo and hay[hi - 1] == " ":
        hi -= 1
    if hi <= lo:
        return None
    found = (owners[lo][0], owners[hi - 1][1])
    wanted = content_stems(joined)
    found = _widen(dst_text, span, found, wanted)
    got = content_stems(expand_contractions(dst_text[found[0] : found[1]]))
    if not wanted or len(wanted & got) / len(wanted) < 0.6:
        return None
    quoted = sum(max(0, min(q[1], found[1]) - max(q[0], found[0])) for q in dst_quotes)
    if quoted >= 0.3 * (found[1] - found[0]):
        return None  # (partly) quoted there; the comparison of quotations covers it
    return found, al.score


def _focus(text: str, span: Span, query: str) -> Span:
    """The stretch of ``span`` that best matches ``query``, on word boundaries."""
    hay, owners = _word_index(text, span)
    al = fuzz.partial_ratio_alignment(" ".join(_qwords(query)), hay)
    if al is None or al.dest_end <= al.dest_start:
        return span
    lo, hi = al.dest_start, al.dest_end
    while lo < hi and hay[lo] == " ":
        lo += 1
    while hi > lo and hay[hi - 1] == " ":
        hi -= 1
    if hi <= lo:
        return span
    return (owners[lo][0], owners[hi - 1][1])


def _widen(text: str, span: Span, found: Span, wanted: set[str]) -> Span:
    """Stretch a fuzzy match over nearby words of the quotation the alignment left out."""
    toks = tokens(text, span[0], span[1])
    idx = [i for i, t in enumerate(toks) if t.start < found[1] and found[0] < t.end]
    if not idx:
        return found
    lo, hi = idx[0], idx[-1]
    # Stay inside the sentence: stop at terminal punctuation between words.
    while lo > 0:
        step = next(
            (k for k in range(1, 4) if lo - k >= 0 and stem(toks[lo - k].text) in wanted), None
        )
        if step is None or any(c in ".!?" for c in text[toks[lo - step].end : toks[lo].start]):
            break
        lo -= step
    while hi < len(toks) - 1:
        step = next(
            (k for k in range(1, 4) if hi + k < len(toks) and stem(toks[hi + k].text) in wanted),
            None,
        )
        if step is None or any(c in ".!?" for c in text[toks[hi].end : toks[hi + step].start]):
            break
        hi += step
    return (min(found[0], toks[lo].start), max(found[1], toks[hi].end))


def _reattributed(
    src_text: str,
    dst_text: str,
    q: Span,
    d: Span,
    src_speakers: Mapping[Span, Attribution],
    dst_speakers: Mapping[Span, Attribution],
    shown: str,
) -> list[Finding]:
    a, b = src_speakers.get(q), dst_speakers.get(d)
    if a is None or b is None or not is_named(a) or not is_named(b) or same_speaker(a.key, b.key):
        return []
    if all(t[p[0] : p[1]].lower() in PRONOUNS for t, p in ((src_text, a.speaker_span), (dst_text, b.speaker_span))):
        return []  # "he added" on both sides: the change is told where the speaker is named
    return [
        make_finding(
            "quote-reattributed",
            0.9,
            src_text,
            dst_text,
            a.speaker_span,
            b.speaker_span,
            f'The quotation "{shown}" is attributed to {a.speaker} in the source but to '
            f"{b.speaker} in the copy.",
        )
    ]
