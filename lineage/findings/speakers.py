"""Who said what, read from one text: attribution clauses ("..., Cambardella said", "according to X")
and the speaker of each quotation."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from ..text.names import ROLE_WORDS, NameMention, name_key
from ..text.spans import Span, within

_VERBS = (
    r"said|says|say|added|adds|told|tells|noted|notes|stated|states|explained|explains|"
    r"argued|argues|insisted|insists|warned|warns|claimed|claims|wrote|writes|commented|"
    r"comments|continued|concluded|announced|announces|acknowledged|stressed|stresses|"
    r"emphasized|emphasised|emphasizes|emphasises|pointed out|asserted|asserts|remarked|"
    r"observed|recalled|replied|answered|admitted|admits|agreed|suggested|suggests|"
    r"believes|believed|predicted|predicts|revealed|confirmed|confirms|declared|maintained"
)
# A name's words may hold combining marks (a decomposed "Doman\u0301ska").
_NAME = (
    r"[A-Z][\w'\u2019\-\u0300-\u036f]*"
    r"(?:\.?\s+(?:of\s+(?:the\s+)?|de\s+|van\s+|von\s+)?[A-Z][\w'\u2019\-\u0300-\u036f]*){0,5}"
)
# Sentence openers that precede the speaker: "Indeed, Wolfowitz said ...".
_OPENER = re.compile(
    r"^(?:[A-Z][a-z]+ly|Indeed|Earlier|Later|Nonetheless|Nevertheless|However|Meanwhile|Still|"
    r"Instead|Yesterday|Today|Now|Then|Previously|Responding|Asked|Speaking|Also|But|And|So|"
    r"Thus|Separately|(?:In|On|At|For|Last|After|Before)(?:\s+[\w'\-]+){1,3})\s*,\s*"
)
# Speakers named by what they are rather than who: "the Connecticut Democrat said".
_DESCRIPTIONS = frozenset(
    """democrat democrats republican republicans senator congressman congresswoman lawmaker
    lawmakers leader chief executive president minister secretary director chairman spokesman
    spokeswoman official officials""".split()
)
# Collective sources a sentence can name in lower case: "..., the report said", "the firms said".
_COLLECTIVE_NOUNS = frozenset(
    """report reports study survey statement firm firms company companies government ministry
    agency police officials analysts researchers authorities court group bank council committee""".split()
)
# Collective sources: a change between them and a named person is not a clear reattribution.
_GENERIC = _COLLECTIVE_NOUNS | frozenset(
    """official prosecutors experts investigators witnesses sources critics residents doctors
    scientists lawyers economists observers documents spokesman spokeswoman spokesperson""".split()
)
_COLLECTIVE = r"the\s+(?:" + "|".join(sorted(_COLLECTIVE_NOUNS, key=len, reverse=True)) + r")\b"
_SPEAKER = r"(?P<sp>" + _NAME + r"|[Hh]e|[Ss]he|" + _COLLECTIVE + r")"
_ADVERB = r"(?:(?:also|later|further|then|once|previously|earlier|had|has|have|was|were)\s+)?"
_LEAD = re.compile(
    r"^[\"\u201c\u2018']?\s*(?:The\s+)?"
    + _SPEAKER
    + r"(?:(?:,[^,:;\"\u201c\u201d]{1,120}){1,2},)?\s+"
    + _ADVERB
    + r"(?P<verb>"
    + _VERBS
    + r")\b(?:\s+(?:on|at|in|during)\b[^,\"\u201c.]{0,60},)?"
    r"(?:\s*,)?(?:\s+that\b)?\s*"
)
_TAIL = re.compile(
    r"(?:[,\"\u201d]|\s)\s*" + _SPEAKER + r"\s+" + _ADVERB + r"(?P<verb>" + _VERBS + r")\b"
    r"(?P<rest>[^\"\u201c\u201d]{0,60})$"
)
# 'Education minister Ivan Lewis said: "...': the speaker right before a verb, a colon and a quotation.
_COLON = re.compile(
    r"(?:^|(?<=[\s,(]))" + _SPEAKER + r"\s+" + _ADVERB + r"(?P<verb>" + _VERBS + r")"
    r"(?:\s+[\w'.]+){0,3}?\s*:\s*[\"\u201c]"  # "told the BBC:", "said on Monday:"
)
_INVERTED = re.compile(
    r"[,\"\u201d]\s*(?P<verb>"
    + _VERBS
    + r")\s+"
    + _SPEAKER
    + r"(?P<rest>[^\"\u201c\u201d]{0,120})$"
)
_ROLE_THEN_NAME = re.compile(
    r"\s+(?P<role>(?:[a-z][\w\-]*\s+){1,3})(?P<name>[A-Z][\w'\u2019\-]*(?:\.?\s+[A-Z][\w'\u2019\-]*){0,3})"
)
_ACCORDING = re.compile(r"\b[Aa]ccording to\s+(?:the\s+)?" + _SPEAKER + r"\s*,?\s*")
ANY_VERB = re.compile(r"\b(?:" + _VERBS + r"|according to)\b", re.IGNORECASE)
_NOT_SPEAKERS = frozenset(
    """it this that there they we i you the but and as so in on monday tuesday wednesday
    thursday friday saturday sunday today yesterday tomorrow tonight january february march
    april may june july august september october november december""".split()
)
PRONOUNS = frozenset({"he", "she"})


@dataclass(frozen=True)
class Attribution:
    """A statement and the speaker a sentence gives it.

    Attributes
    ----------
    sentence : tuple of int
        The sentence holding the attribution.
    clause : tuple of int
        The attribution clause ("Cambardella said", "according to Li").
    speaker_span : tuple of int
        Where the speaker is named (or the pronoun).
    speaker : str
        The speaker as written, or the name a pronoun refers to.
    key : tuple of str
        Comparable form of the resolved speaker's name (empty when unresolved).
    content : tuple of int
        The statement without the attribution clause.
    """

    sentence: Span
    clause: Span
    speaker_span: Span
    speaker: str
    key: tuple[str, ...]
    content: Span
    named: bool = True


def _strip(text: str, start: int, end: int) -> Span:
    while start < end and (text[start].isspace() or text[start] in ",;:\"\u201c\u201d'"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:\"\u201c\u201d'"):
        end -= 1
    return (start, end)


def extract_attributions(text: str, names: Sequence[NameMention], sents: Sequence[Span]) -> list[Attribution]:
    """Attribution clauses of every sentence, with "he"/"she" resolved to the last named speaker.

    Parameters
    ----------
    text : str
        Full text.
    names : sequence of NameMention
        Names of the text in order, used to resolve pronouns when no speaker was named before.
    sents : sequence of (int, int)
        The text's sentences, in order.

    Returns
    -------
    list of Attribution
    """
    out: list[Attribution] = []
    last: tuple[str, tuple[str, ...]] | None = None
    person: tuple[str, tuple[str, ...]] = ("", ())
    k = 0
    for s, e in sents:
        while k < len(names) and names[k].span[1] <= s:
            if names[k].person:
                person = (names[k].text, names[k].key)
            k += 1
        sent = text[s:e]
        found = _match(sent)
        if found is None:
            continue
        (cs, ce), (ps, pe), (ts, te) = found
        raw = sent[ps:pe]
        if raw.lower() in PRONOUNS:
            speaker, key = last if last else person
        else:
            speaker, key = raw, tuple(k for k in name_key(raw) if k != "the")
            if key and key[0] in _NOT_SPEAKERS:
                continue
            if raw[:1].isupper():
                last = (speaker, key)  # "he" and "she" refer back to a named speaker, not "the report"
        content = _strip(text, s + ts, s + te)
        before = sent[:ps].split()[-1:]
        named = not (
            (before and before[0].lower() in ("and", "of", "&"))
            or (key and key[-1] in _DESCRIPTIONS)
        )
        out.append(
            Attribution((s, e), (s + cs, s + ce), (s + ps, s + pe), speaker, key, content, named)
        )
    return out


def _not_a_speaker(raw: str) -> bool:
    """Whether a word read as a speaker is a pronoun or word that names nobody ("It", "This")."""
    key = [k for k in name_key(raw) if k != "the"]
    return raw.lower() not in PRONOUNS and (not key or key[0] in _NOT_SPEAKERS)


def _match(sent: str) -> tuple[Span, Span, Span] | None:
    """Clause, speaker and content spans (relative to the sentence), if the sentence attributes."""
    opener = _OPENER.match(sent)
    skip = opener.end() if opener else 0
    m = _LEAD.match(sent, skip)
    if m and not _not_a_speaker(m.group("sp")):
        return (m.start("sp"), m.end("verb")), (m.start("sp"), m.end("sp")), (m.end(), len(sent))
    # '"It suggests ...," said Rick Egelton': a quotation's own opening is no speaker; read on.
    m = _COLON.search(sent, skip)
    if m and not _not_a_speaker(m.group("sp")):
        return (m.start("sp"), m.end("verb")), (m.start("sp"), m.end("sp")), (m.end() - 1, len(sent))
    m = _TAIL.search(sent) or _INVERTED.search(sent)
    if m:
        sp = (m.start("sp"), m.end("sp"))
        if m.re is _INVERTED:
            # "said State Department spokesman Richard Boucher": the person comes last.
            person = _ROLE_THEN_NAME.match(sent, sp[1])
            if person and set(person.group("role").lower().split()) & ROLE_WORDS:
                sp = (person.start("name"), person.end("name"))
        clause_start = min(m.start("verb"), sp[0])
        clause_end = max(m.end("verb"), sp[1])
        return (clause_start, clause_end), sp, (0, m.start())
    m = _ACCORDING.search(sent)
    if m:
        rest = (0, m.start()) if m.start() > len(sent) - m.end() else (m.end(), len(sent))
        return (m.start(), m.end("sp")), (m.start("sp"), m.end("sp")), rest
    return None


def same_speaker(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether two speaker keys can name the same speaker.

    Shared words ("Jack Ma" and "Ma"), an abbreviation ("Fed" and "Federal
    Open Market Committee"), a variant spelling ("Kinsley" and "Kinsely"), or
    initials ("FOMC") all count as the same; two names of two words or more
    must end alike.
    """
    if len(a) >= 2 and len(b) >= 2 and a[-1] != b[-1] and fuzz.ratio(a[-1], b[-1]) < 85:
        return False  # two full names with other family names ("Henri Josserand", "Henri Spence")
    if set(a) & set(b):
        return True
    for x in a:
        for y in b:
            short, long_ = sorted((x, y), key=len)
            if len(short) >= 3 and long_.startswith(short):
                return True
            if len(short) >= 4 and fuzz.ratio(x, y) >= 85:
                return True
    initials_a = "".join(w[0] for w in a if w not in ("of", "the", "and"))
    initials_b = "".join(w[0] for w in b if w not in ("of", "the", "and"))
    return (len(a) == 1 and a[0] == initials_b) or (len(b) == 1 and b[0] == initials_a)


def is_named(a: Attribution) -> bool:
    """Whether the speaker is a proper name, not a collective source like "officials".

    A description ("the Connecticut Democrat") and the tail of a longer name cut
    at a comma ("... Firearms and Explosives") do not count as names.
    """
    return bool(a.key) and not (set(a.key) & _GENERIC) and a.named



def quote_speakers(
    text: str,
    quotes: Sequence[Span],
    attrs: Sequence[Attribution],
    lines: Sequence[Span],
) -> dict[Span, Attribution]:
    """The attribution of each quotation: the clause next to it, else the one of its paragraph.

    Parameters
    ----------
    text : str
        Full text.
    quotes : sequence of tuple of int
        Quotation spans, marks included, in order.
    attrs : sequence of Attribution
        Attributions of the text, in order.
    lines : sequence of tuple of int
        The text's paragraphs (lines), in order.

    Returns
    -------
    dict
        Quotation span to its attribution, for quotations with a resolved speaker.
    """
    out: dict[Span, Attribution] = {}
    named = [a for a in attrs if a.key]
    clause_starts = [a.clause[0] for a in named]
    for q in quotes:
        # Clauses right after the quotation, or ending at most 40 characters before it.
        lo = bisect_left(clause_starts, q[0] - 300)
        hi = bisect_right(clause_starts, q[1] + 4)
        for a in named[lo:hi]:
            if a.clause[0] >= q[1]:
                after = text[q[1] : a.clause[0]]
                if len(after) <= 4 and not after.strip(' ,"\u201d'):
                    out[q] = a
                    break
            elif a.clause[1] <= q[0]:
                before = text[a.clause[1] : q[0]]
                if (len(before) <= 40 and q[0] <= a.sentence[1] and a.sentence[0] <= a.clause[0]
                        and "." not in before):
                    out[q] = a
                    break
    k = 0
    for p in lines:
        while k < len(quotes) and quotes[k][0] < p[0]:
            k += 1
        inside = []
        j = k
        while j < len(quotes) and quotes[j][0] < p[1]:
            if within(quotes[j], p):
                inside.append(quotes[j])
            j += 1
        speakers = {out[q].key: out[q] for q in inside if q in out}
        if len(speakers) == 1:
            only = next(iter(speakers.values()))
            for q in inside:
                out.setdefault(q, only)
    return out
