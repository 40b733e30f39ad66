"""Sentence segmentation that keeps character offsets and survives real web text.

Handles a full stop with no space after it (``all".He also``), a headline run
into the first sentence (``GovernanceDuring the three day``), quotations that
span sentences, abbreviations, initials and decimal numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .documents import Document
from .layout import TITLE

_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof st jr sr inc ltd co corp vs etc e.g i.e jan feb mar apr jun jul aug sep
    sept oct nov dec no nos gov gen sen rep col lt sgt capt cmdr adm fig vol pp op cf al approx
    dept est mt ft u.s u.k u.n a.m p.m ph.d rev hon pres messrs mme mlle""".split()
)
# Words that open sentences; a lower-to-upper case change before one of them
# inside a token marks a headline glued to the first sentence.
_STARTERS = (
    "During|The|A|An|In|On|At|As|After|Before|When|While|With|According|For|From|This|That|"
    "These|Those|It|He|She|They|We|I|Its|Their|His|Her|Since|Despite|Although|However|But|And|"
    "Amid|Over|Under|More|Most|Some|Many|Last|Next|Officials|Organized|Organised"
)
_GLUED_HEADLINE = re.compile(r"(?<=[a-z]{3})(?=(?:" + _STARTERS + r")\b)")
_CLOSERS = re.escape("\"'\u201d\u2019)]")
# Candidate boundary: terminal punctuation, optional closing quotes/brackets,
# then either whitespace or directly a capitalised word.
# A semicolon straight after the punctuation joins paragraphs in some archives
# ("...plastic.; Local planetariums"): the sentence still ends there.
# It starts only where a run of terminal punctuation starts: a long run costs one attempt, not one per mark.
_BOUNDARY = re.compile(
    r"(?<![.!?\u2026])[.!?\u2026]++[" + _CLOSERS + r"]*;?(?=\s+|[\"\u201c\u2018(]?[A-Z])"
)
_OPENING = re.compile(r"\s*[\"\u201c\u2018'(\[]?\s*[A-Z0-9\u00c0-\u024f]")
_SPACE = re.compile(r"\s+")
_QUOTE_CHARS = re.compile(r"[\"\u201c\u201d]")
_LAST_WORD = re.compile(r"([\w.]+)$")
_DIGIT_NEXT = re.compile(r"\s*\d")


@dataclass(frozen=True)
class Segment:
    """A sentence: its text and [start, end) offsets in the document, with its place.

    Attributes
    ----------
    index : int
        Position among the document's segments.
    start, end : int
        Character offsets into ``Document.text``.
    text : str
        ``Document.text[start:end]``.
    paragraph : int
        Index of the paragraph (line) the sentence belongs to.
    kind : str
        ``"title"`` or ``"body"`` (or a boilerplate kind when boilerplate is kept).
    """

    index: int
    start: int
    end: int
    text: str
    paragraph: int
    kind: str = "body"


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks, when the marks pair up cleanly within the text."""
    marks = [(m.start(), m.group()) for m in _QUOTE_CHARS.finditer(text)]
    spans: list[tuple[int, int]] = []
    curly = [(i, c) for i, c in marks if c != '"']
    straight = [i for i, c in marks if c == '"']
    opened: int | None = None
    for i, c in curly:
        if c == "\u201c":
            opened = i
        elif opened is not None:
            spans.append((opened, i))
            opened = None
    if len(straight) % 2 == 0:
        spans.extend(zip(straight[::2], straight[1::2]))
    # Quotations longer than a few sentences are more likely mismatched marks.
    return [(s, e) for s, e in spans if e - s <= 600]


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into sentence spans (offsets into ``text``).

    Parameters
    ----------
    text : str
        The whole document text.
    start, end : int
        The region to split (a paragraph); offsets returned are absolute.

    Returns
    -------
    list of (int, int)
        Sentence spans with surrounding whitespace trimmed, in order.
    """
    end = len(text) if end is None else end
    chunk = text[start:end]
    quotes = _quote_spans(chunk)
    cuts: list[int] = []
    for m in _BOUNDARY.finditer(chunk):
        pos = m.end()
        if pos >= len(chunk):
            break
        if not _OPENING.match(chunk, pos):
            continue
        if _is_abbreviation(chunk, m.start(), pos):
            continue
        # Inside a quotation: keep the quoted sentences together with their attribution.
        if any(qs < m.start() and pos <= qe for qs, qe in quotes):
            continue
        cuts.append(pos)
    for m in _GLUED_HEADLINE.finditer(chunk):
        cuts.append(m.start())
    cuts = sorted(set(cuts))
    spans = []
    prev = 0
    for cut in cuts + [len(chunk)]:
        piece = chunk[prev:cut]
        lead = len(piece) - len(piece.lstrip())
        body = piece.strip()
        if body:
            s = start + prev + lead
            spans.append((s, s + len(body)))
        prev = cut
    return spans


def _is_abbreviation(chunk: str, punct_at: int, after: int) -> bool:
    """True when the full stop at ``punct_at`` ends an abbreviation, an initial or a number."""
    if chunk[punct_at] != ".":
        return False
    m = _LAST_WORD.search(chunk, max(0, punct_at - 64), punct_at)  # no abbreviation is longer
    if not m:
        return False
    word = m.group(1)
    low = word.lower().rstrip(".")
    if low in _ABBREVIATIONS:
        return True
    # Single initials ("J. K. Rowling") and dotted acronyms ("U.S.").
    if len(word) == 1 and word.isupper():
        return True
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word):
        return True
    # "3.2" never reaches here (no boundary), but "No. 5" and "pp. 3" do.
    return bool(low in {"no", "nos", "pp", "p", "vol", "fig", "art"} and _DIGIT_NEXT.match(chunk, after))


def segment(document: Document, keep_boilerplate: bool = False) -> tuple[Segment, ...]:
    """Sentences of a document's title and body (or of every line when boilerplate is kept).

    Parameters
    ----------
    document : Document
        The document; its layout tells title, body and boilerplate apart.
    keep_boilerplate : bool
        Segment every non-blank line, page chrome and comments included.

    Returns
    -------
    tuple of Segment
        Sentences in text order, each with offsets into ``document.text``.
    """
    out: list[Segment] = []
    for para, region in enumerate(document.layout.content(keep_boilerplate)):
        if region.kind == TITLE:
            spans = [(region.start, region.end)]
        else:
            spans = split_sentences(document.text, region.start, region.end)
        for s, e in spans:
            out.append(Segment(len(out), s, e, document.text[s:e], para, region.kind))
    return tuple(out)


def normalise(text: str) -> str:
    """Casefolded words joined by single spaces: the form sentence scorers compare."""
    return _SPACE.sub(" ", re.sub(r"[^\w\s]", " ", text.casefold())).strip()
