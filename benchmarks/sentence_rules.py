"""A linear rule-based sentence splitter: the rules measured here for lineage's own, as a sketch.

Not used by lineage.  It states, as code the benchmark can score, the rules a
hand-written splitter needs to beat the libraries on news text: a newline ends
a sentence; terminal punctuation (``.!?…`` and ``。！？۔؟``) plus closing quotes
ends one before a capital, a digit, an opening quote or bracket; an
abbreviation is judged from the one token before it and the one word after it,
so each candidate costs a bounded amount of work and the whole pass is linear.
"""

from __future__ import annotations

import re

Span = tuple[int, int]

_TERMINAL = "[.!?\u2026\u3002\uff01\uff1f\u06d4\u061f]"
_CLOSERS = "[\"'\u201d\u2019)\\]]"
# Terminal run, closers, an optional ";" (archives that join paragraphs with
# "; "), then the whitespace before the next sentence (group 2, maybe empty).
_CANDIDATE = re.compile(_TERMINAL + "+" + _CLOSERS + "*(;)?(?=(\\s*))")
_LINE = re.compile(r"[^\n\r]+")
_NEXT_WORD = re.compile(r"[\"'\u201c\u2018(\[_]*\s*([^\W_]+)")
_INITIALS = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
# A headline glued to its first sentence ("GovernanceDuring the three day").
_GLUED_HEADLINE = re.compile(
    r"(?<=[a-z]{3})(?=(?:During|The|According|In|On|At|As|After|When|While|With|For|From|This"
    r"|It|He|She|They|We|Officials)\b)"
)
# A sentence glued to the next with no space ("good.It is").
_GLUED = re.compile(r"(?<=[a-z]{2})[.!?]+(?=[A-Z][a-z ])")
_CJK_ENDS = frozenset("\u3002\uff01\uff1f")
_OPENERS = frozenset("\"'\u201c\u2018([_<")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Never end a sentence: titles before a name, and Latin abbreviations.
TITLES = _words(
    "mr mrs ms dr prof gen sen sens rep reps gov maj capt lt col sgt rev hon messrs mme mlle brig "
    "cmdr adm cpl pvt supt insp pres fr vs e.g i.e cf"
)
#: End a sentence unless a number follows ("No. 5", "pp. 3").
NUMBERED = _words("no nos vol fig pp p art op ch sec")
#: End a sentence unless a number follows ("Nov. 7"); "Ant and Dec." does end one.
MONTHS = _words("jan feb mar apr jun jul aug sep sept oct nov dec")
#: End a sentence only before a word that usually opens one ("Inc. But", "U.S. While").
AMBIGUOUS = _words(
    "inc ltd co corp jr sr st ave blvd rd etc approx est dept mt ft bros u.s u.k u.n a.m p.m "
    "ph.d"
)
#: Capitalised words that usually open a sentence rather than continue a name.
STARTERS = _words(
    """The A An But And He She It They We I In On At For While When This That These Those There
    His Her Its Their Our If As After Before Since However Meanwhile Mr Mrs Ms Dr So Yet Or
    Although Despite According Some Many Most All Both Last Next Other What Who How Why Where Then
    Now One Two Three Four Five Six Seven Eight Nine Ten Under Over By From With Without Also Still
    Even Instead Officials Police Analysts Experts Such No Not Only Each Every Another Yesterday
    Today Earlier Later During Once Unlike Like"""
)


def _token_before(line: str, end: int) -> tuple[str, int]:
    """The token ending at ``end`` (at most 40 characters back) and where it starts."""
    start, low = end, max(0, end - 40)
    while start > low and not line[start - 1].isspace():
        start -= 1
    return line[start:end], start


def _ends(line: str, m: re.Match[str], first: int) -> bool:
    """Whether the candidate ``m`` in ``line`` ends a sentence; ``first`` is the line's first token."""
    nxt_at = m.end() + len(m.group(2))
    if nxt_at >= len(line):
        return False
    if m.group(1):
        return True
    nxt = line[nxt_at]
    if not m.group(2):  # glued: CJK needs no space; else only 'all".He'
        return m.group()[0] in _CJK_ENDS or (
            nxt.isupper() and any(c in "\"\u201d" for c in line[m.start() - 1:m.end()])
        )
    if not ((nxt.isalpha() and not nxt.islower()) or nxt.isdigit() or nxt in _OPENERS):
        return False
    punct = m.group().rstrip("\"'\u201d\u2019)]")
    if not punct.endswith(".") or punct.endswith(".."):
        return True
    token, start = _token_before(line, m.start())
    token = token.lstrip("\"'\u201c\u2018([")
    low = token.lower()
    if start == first and low.isdigit():  # a list number: "2. W.P: Your mother..."
        return False
    word = _NEXT_WORD.match(line, nxt_at)
    starter = word is not None and word.group(1) in STARTERS
    if low in TITLES:
        return False
    if low in NUMBERED:
        return not nxt.isdigit() and starter
    if low in MONTHS:
        return not nxt.isdigit()
    if low in AMBIGUOUS or _INITIALS.fullmatch(token) or (len(token) == 1 and token.isalpha()):
        return starter
    return True


def _split_line(line: str) -> list[Span]:
    first = len(line) - len(line.lstrip())
    cuts = {m.end() + len(m.group(2)) for m in _CANDIDATE.finditer(line) if _ends(line, m, first)}
    cuts.update(m.start() for m in _GLUED_HEADLINE.finditer(line))
    cuts.update(m.end() for m in _GLUED.finditer(line))
    spans, prev = [], 0
    for cut in [*sorted(cuts), len(line)]:
        piece = line[prev:cut]
        s, e = prev + len(piece) - len(piece.lstrip()), prev + len(piece.rstrip())
        if e > s:
            spans.append((s, e))
        prev = cut
    return spans


def split_sentences(text: str) -> list[Span]:
    """Sentence spans of ``text``, whitespace trimmed; a line break always ends a sentence.

    Parameters
    ----------
    text : str
        Any text; lines are split independently.

    Returns
    -------
    list of (int, int)
        Sentence spans as character offsets into ``text``, in order.
    """
    out: list[Span] = []
    for m in _LINE.finditer(text):
        out.extend((m.start() + a, m.start() + b) for a, b in _split_line(m.group()))
    return out
