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

from .quotes import extract_quotes
from .spans import Span, paragraphs, trim

#: Words after which a full stop does not end a sentence.
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof st jr sr inc ltd co corp vs etc e.g i.e jan feb mar apr jun jul aug sep
    sept oct nov dec no nos gov gen sen rep col lt sgt capt cmdr adm fig vol pp op cf al approx
    dept est mt ft u.s u.k u.n a.m p.m ph.d rev hon pres messrs mme mlle brig maj cpl pvt supt
    insp""".split()
)
#: A unit longer than this many words (no sentence punctuation) is cut into windows ...
MAX_WORDS = 80
#: ... of at most this many words, at clause punctuation where there is some.
WINDOW_WORDS = 40

# Words that open sentences; a lower-to-upper case change before one of them
# inside a token marks a headline glued to the first sentence.
_STARTERS = (
    "During|The|A|An|In|On|At|As|After|Before|When|While|With|According|For|From|This|That|"
    "These|Those|It|He|She|They|We|I|Its|Their|His|Her|Since|Despite|Although|However|But|And|"
    "Amid|Over|Under|More|Most|Some|Many|Last|Next|Officials|Organized|Organised"
)
_GLUED_HEADLINE = re.compile(r"(?<=[a-z]{3})(?=(?:" + _STARTERS + r")\b)")
_CLOSERS = "\"'\u201d\u2019)]\u300d\u300f\uff09"
# Candidate boundary: terminal punctuation, closing quotes/brackets, then either
# whitespace or directly a quotation mark or capital.  A semicolon straight
# after the punctuation joins paragraphs in some archives ("plastic.; Local").
_BOUNDARY = re.compile(
    r"[.!?\u2026\u061f\u06d4]+[" + re.escape(_CLOSERS) + r"]*;?(?=\s|[\"\u201c\u2018(]?[A-Z])"
    r"|[\u3002\uff01\uff1f]+[" + re.escape(_CLOSERS) + r"]*"
)
_OPENING = re.compile(r"\s*[\"\u201c\u2018'(\[\u300c\u300e]?\s*([^\W_])")
_SPACE = re.compile(r"\S+")
_MARKS = "\"\u201c\u201d`'"
# How far back from a full stop the word before it is read.
_LOOKBACK = 32
# Quotations longer than this are more likely mismatched marks.
_LONGEST_QUOTE = 600


def _is_abbreviation(text: str, punct_at: int, after: int, floor: int) -> bool:
    """True when the full stop at ``punct_at`` ends an abbreviation, an initial or a numbered item."""
    if text[punct_at] != ".":
        return False
    i = punct_at
    low_bound = max(floor, punct_at - _LOOKBACK)
    while i > low_bound and (text[i - 1].isalnum() or text[i - 1] in "._"):
        i -= 1
    word = text[i:punct_at]
    if not word:
        return False
    low = word.lower().rstrip(".")
    if low in ABBREVIATIONS:
        return True
    # Single initials ("J. K. Rowling") and dotted acronyms ("U.S.").
    if len(word) == 1 and word.isupper():
        return True
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word):
        return True
    # "No. 5", "pp. 3": an abbreviation only because a number follows.
    nxt = text[after:after + 3].lstrip()
    return bool(nxt[:1].isdigit() and low in {"no", "nos", "pp", "p", "vol", "fig", "art"})


def _closed(text: str, quote: Span) -> bool:
    """A quotation both of whose marks are there, and not so long that they are more likely mismatched."""
    return quote[1] - quote[0] <= _LONGEST_QUOTE and text[quote[1] - 1] in _MARKS and text[quote[0]] in _MARKS


def _opens(ch: str) -> bool:
    """Whether a word starting with ``ch`` can open a sentence (no lower-case letter)."""
    return not ch.islower()


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
    quotes = [q for q in extract_quotes(text, start, end) if _closed(text, q)] if keep_quotations else []
    q, reach = 0, -1
    cuts: list[int] = []
    for m in _BOUNDARY.finditer(text, start, end):
        pos = m.end()
        if pos >= end:
            break
        opening = _OPENING.match(text, pos, end)
        if not opening or not _opens(opening.group(1)):
            continue
        if _is_abbreviation(text, m.start(), pos, start):
            continue
        while q < len(quotes) and quotes[q][0] < m.start():
            reach = max(reach, quotes[q][1])
            q += 1
        if pos < reach:
            continue  # inside a quotation: its sentences stay with their attribution
        cuts.append(pos)
    cuts.extend(m.start() for m in _GLUED_HEADLINE.finditer(text, start, end))
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
    words = [(m.start(), m.end()) for m in _SPACE.finditer(text, span[0], span[1])]
    if len(words) <= MAX_WORDS:
        return [span]
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
