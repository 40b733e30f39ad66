"""Sentences: the one splitter, linear in the length of the text, keeping character offsets.

A sentence ends at terminal punctuation (``. ! ? …``, and ``。！？`` ``؟`` ``۔``),
after any closing quotation marks or brackets, where the next word can open a
sentence (a capital, a digit, or a letter of a script without case); never
after a known abbreviation, an initial or a dotted acronym.  A full stop with
no space before a capital after a closing quotation mark (``all".He``) and a
headline glued to the first sentence (``GovernanceDuring the``) also end one.
Quoted sentences stay one unit with their attribution (``"... day. It was
cold," she said.``) unless asked otherwise.  A stretch with no sentence
punctuation (a transcript, a list, a manuscript witness) is cut at clause
punctuation or spaces into units of at most ``MAX_WORDS`` words, so that a
difference in it is seen.

Every step looks at a bounded neighbourhood of each candidate boundary, so
the cost is linear in the length of the text.
"""

from __future__ import annotations

import re

from .quotes import extract_quotes, is_closed
from .spans import Span, paragraphs, trim


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
    "inc ltd co corp jr sr st ave blvd rd etc approx est dept mt ft bros u.s u.k u.n a.m p.m ph.d"
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
#: A unit longer than this many words (no sentence punctuation) is cut into windows ...
MAX_WORDS = 80
#: ... of at most this many words, at clause punctuation where there is some.
WINDOW_WORDS = 40

_TERMINAL = "[.!?\u2026\u3002\uff01\uff1f\u06d4\u061f]"
_CLOSERS = "[\"'\u201d\u2019)\\]\u300d\u300f\uff09]"
# Terminal run, closers, an optional ";" (archives that join paragraphs with
# "; "), then the whitespace before the next sentence (group 2, maybe empty).
_CANDIDATE = re.compile(_TERMINAL + "+" + _CLOSERS + "*(;)?(?=(\\s*))")
_NEXT_WORD = re.compile(r"[\"'\u201c\u2018(\[_]*\s*([^\W_]+)")
_INITIALS = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
# A headline glued to its first sentence ("GovernanceDuring the three day").  The capital
# letter is looked for first: at most positions that alone rules a cut out.
_GLUED_HEADLINE = re.compile(
    r"(?=[A-Z])(?<=[a-z]{3})(?=(?:During|The|A|An|In|On|At|As|After|Before|When|While|With|According|For|From|"
    r"This|That|These|Those|It|He|She|They|We|I|Its|Their|His|Her|Since|Despite|Although|However|But|"
    r"And|Amid|Over|Under|More|Most|Some|Many|Last|Next|Officials|Organized|Organised)\b)"
)
# A sentence glued to the next with no space ("good.It is").
_GLUED = re.compile(r"(?<=[a-z]{2})[.!?]+(?=[A-Z][a-z ])")
_CJK_ENDS = frozenset("\u3002\uff01\uff1f")
_OPENERS = frozenset("\"'\u201c\u2018([_<\u300c\u300e")
_SPACE = re.compile(r"\S+")
# How far back from a full stop the word before it is read.
_LOOKBACK = 40


def _token_before(text: str, end: int, floor: int) -> tuple[str, int]:
    """The token ending at ``end`` (at most ``_LOOKBACK`` characters back) and where it starts."""
    start, low = end, max(floor, end - _LOOKBACK)
    while start > low and not text[start - 1].isspace():
        start -= 1
    return text[start:end], start


def _ends(text: str, m: re.Match[str], region: int, stop: int) -> int | None:
    """Where the sentence after the candidate ``m`` starts, or None when ``m`` ends no sentence.

    The word before a full stop and the word after it decide (a bounded look
    either way): a title never ends a sentence, "No." or a month only before
    something other than a number, "Inc.", "U.S." or an initial only before a
    word that usually opens a sentence; a number opening the region is a list
    number.
    """
    nxt_at = m.end() + len(m.group(2))
    if nxt_at >= stop:
        return None
    if m.group(1):
        return nxt_at
    nxt = text[nxt_at]
    if not m.group(2):  # glued: CJK needs no space; else only 'all".He'
        glued = m.group()[0] in _CJK_ENDS or (
            nxt.isupper() and any(c in "\"\u201d" for c in text[max(region, m.start() - 1):m.end()])
        )
        return nxt_at if glued else None
    if not ((nxt.isalpha() and not nxt.islower()) or nxt.isdigit() or nxt in _OPENERS):
        return None
    punct = m.group().rstrip("\"'\u201d\u2019)]")
    if not punct.endswith(".") or punct.endswith(".."):
        return nxt_at
    token, start = _token_before(text, m.start(), region)
    token = token.lstrip("\"'\u201c\u2018([")
    low = token.lower()
    if start == region and low.isdigit():  # a list number: "2. W.P: Your mother..."
        return None
    word = _NEXT_WORD.match(text, nxt_at, stop)
    starter = word is not None and word.group(1) in STARTERS
    if low in TITLES:
        return None
    if low in NUMBERED:
        return nxt_at if not nxt.isdigit() and starter else None
    if low in MONTHS:
        return None if nxt.isdigit() else nxt_at
    if low in AMBIGUOUS or _INITIALS.fullmatch(token) or (len(token) == 1 and token.isalpha()):
        return nxt_at if starter else None
    return nxt_at


def split_sentences(
    text: str, start: int = 0, end: int | None = None, keep_quotations: bool = True
) -> list[Span]:
    """Sentence spans of ``text[start:end]``, one region of prose (offsets into ``text``).

    Parameters
    ----------
    text : str
        The whole document text.
    start, end : int
        The region to split (a paragraph, or lines the layout joined);
        line breaks inside it are read as spaces.
    keep_quotations : bool
        Keep a quotation of several sentences in one unit with its
        attribution (the unit lineage aligns); False cuts inside it too.

    Returns
    -------
    list of (int, int)
        Sentence spans with surrounding whitespace trimmed, in order.
    """
    end = len(text) if end is None else end
    quotes = [q for q in extract_quotes(text, start, end) if is_closed(text, q)] if keep_quotations else []
    q, reach = 0, -1
    cuts: list[int] = []
    for m in _CANDIDATE.finditer(text, start, end):
        cut = _ends(text, m, start, end)
        if cut is None:
            continue
        while q < len(quotes) and quotes[q][0] < m.start():
            reach = max(reach, quotes[q][1])
            q += 1
        if m.end() < reach:
            continue  # inside a quotation: its sentences stay with their attribution
        cuts.append(cut)
    cuts.extend(m.start() for m in _GLUED_HEADLINE.finditer(text, start, end))
    cuts.extend(m.end() for m in _GLUED.finditer(text, start, end))
    spans: list[Span] = []
    prev = start
    for cut in sorted(set(cuts)) + [end]:
        span = trim(text, prev, cut)
        if span[1] > span[0]:
            spans.extend(_windows(text, span))
        prev = cut
    return spans


def sentences(text: str, start: int = 0, end: int | None = None, keep_quotations: bool = False) -> list[Span]:
    """Sentence spans of ``text[start:end]`` where every line break also ends a sentence.

    For text that has not been through the layout stage (a span, a string);
    quotations are cut into their sentences unless ``keep_quotations``.
    """
    stop = len(text) if end is None else end
    out: list[Span] = []
    for p_start, p_end in paragraphs(text, start, stop):
        out.extend(split_sentences(text, p_start, p_end, keep_quotations))
    return out


def _windows(text: str, span: Span) -> list[Span]:
    """``span`` itself, or cut into windows of at most ``WINDOW_WORDS`` words when it is too long.

    Cuts fall after clause punctuation or a line break where one lies in the
    second half of a window, else at the space after the window's last word.
    """
    # str.split() counts the same runs as _SPACE (both split at Unicode whitespace), in C.
    if len(text[span[0]:span[1]].split()) <= MAX_WORDS:
        return [span]
    words = [(m.start(), m.end()) for m in _SPACE.finditer(text, span[0], span[1])]
    out: list[Span] = []
    first = 0
    while len(words) - first > WINDOW_WORDS:
        cut = first + WINDOW_WORDS
        for k in range(first + WINDOW_WORDS, first + WINDOW_WORDS // 2, -1):
            # A clause ends where punctuation closes word k-1 or a line break follows it.
            if text[words[k - 1][1] - 1] in ",;:" or "\n" in text[words[k - 1][1]:words[k][0]]:
                cut = k
                break
        out.append(trim(text, words[first][0], words[cut - 1][1]))
        first = cut
    out.append(trim(text, words[first][0], span[1]))
    return out
