"""Quotations: the one reader of quotation marks, pairing them into quoted spans per paragraph."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from .spans import Span, paragraphs, trim
from .words import tokens

#: Verbs that name who spoke a quotation.
_SPEECH_VERB = r"\b(?:said|says|told|added|wrote|stated|asked|explained)\b"
_ATTRIBUTION_SOON = re.compile(r"\s+[A-Z][^\"\u201c\u201d]{0,120}?" + _SPEECH_VERB)
#: Quotations shorter than this are scare quotes or titles ("the witness", "Apollo").
MIN_QUOTE_WORDS = 3


def inside_quotes(starts: np.ndarray, quotes: Sequence[Span]) -> np.ndarray:
    """Whether each offset in ``starts`` lies inside one of ``quotes`` (sorted by start; they may nest)."""
    inside = np.zeros(len(starts), dtype=bool)
    if len(quotes) and len(starts):
        q = np.array(quotes, dtype=np.int64)
        # The first quotation (in order) ending after an offset holds it if it starts at or before it;
        # the running maximum of the ends finds that quotation even when quotations nest.
        k = np.searchsorted(np.maximum.accumulate(q[:, 1]), starts, side="right")
        inside[:] = k < len(q)
        inside[inside] = q[k[inside], 0] <= starts[inside]
    return inside


def extract_quotes(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Quotations in ``text``, marks included, paired within each paragraph.

    Typographic marks open and close; straight marks toggle.  A quotation still
    open at the end of a paragraph closes there, as news style leaves a quotation
    that runs on into the next paragraph without a closing mark.  With an odd
    number of straight marks, the first mark that reads as a closing one
    (followed by a lower-case word or an attribution: ``...," said Young``)
    while the marks before it pair as quotations of their own (``were
    "buried" ... reassure them," said Mr Davis``) closes a quotation that
    began before the paragraph.  Failing that, the first mark that reads as a
    closing one while no quotation is open is a stray mark, and opens none
    (``a "recruiting sergeant" for terrorists". His party``).  A straight
    mark that reads as opening after a sentence's end, while a quotation is
    open, opens the next one (``the Olympics. "The amber light``), and a
    quotation open at its paragraph's end runs on only into a paragraph that
    opens with a quotation mark (see :func:`_open_end`).

    Parameters
    ----------
    text : str
        Full text.
    start, end : int
        The stretch to read (every line break in it ends a paragraph).

    Returns
    -------
    list of tuple of int
        In text order.
    """
    out: list[Span] = []
    paras = paragraphs(text, start, end)
    for n, (p_start, p_end) in enumerate(paras):
        marks = _marks(text, p_start, p_end)
        straight = [i for i, kind, _ in marks if kind == "toggle"]
        opened: int | None = None
        first = len(out)
        run_on = _run_on_close(text, marks, straight, p_start, p_end) if len(straight) % 2 == 1 else None
        if run_on is not None:
            marks = [m for m in marks if m[0] != run_on]
        elif straight:
            marks = _titles_closed(text, marks, p_end)
        marks = [m for m in marks if m[1] != "inch"]
        # With an odd number of straight marks one is unpaired: a mark that reads as closing
        # while none is open ('sergeant" for terrorists". His party') is that one, and opens nothing.
        stray = run_on is None and sum(1 for m in marks if m[1] == "toggle") % 2 == 1
        for i, kind, width in marks:
            if kind == "close" and opened is None and _reads_open(text, i, width):
                kind = "open"  # "wanted ''to see": a closing pair used to open
            if stray and kind == "toggle" and opened is None and _closes(text, i, p_start, p_end):
                stray = False
                continue
            if kind == "toggle" and opened is not None and _reopens(text, opened, i, width):
                # 'Olympics. "The amber light': the open quotation lost its closing mark after a
                # sentence's end, and this mark opens the next quotation.
                out.append((opened, trim(text, opened, i)[1]))
                opened = i
                continue
            if kind == "open" or (kind == "toggle" and opened is None):
                opened = i
            elif opened is not None:
                out.append((opened, i + width))
                opened = None
            elif kind == "close" and (not out or out[-1][1] <= p_start):
                out.append((p_start, i + width))  # the opening mark lies before this paragraph
        if opened is not None:
            out.append((opened, _open_end(text, opened, p_end, paras[n + 1][0] if n + 1 < len(paras) else None)))
        if run_on is not None:
            # It starts the paragraph, so it comes first, holding any quotation paired before its end.
            out.insert(first, (p_start, run_on + 1))
    return out


#: Marks that end a sentence, for quotations that lost their closing mark.
_ENDS = ".!?\u2026"
_SENTENCE_END = re.compile(f"[{_ENDS}](?=\\s)")


def _open_end(text: str, opened: int, p_end: int, next_start: int | None) -> int:
    """Where a quotation still open at its paragraph's end ends.

    News style runs it on when the next paragraph opens with a quotation
    mark, so it ends with the paragraph.  Otherwise its closing mark was
    lost, and how far it reached is unknown: it ends with its first sentence
    rather than take the narrative after it for the speaker's words.
    """
    if next_start is not None and text[next_start] in "\"\u201c`":
        return p_end
    m = _SENTENCE_END.search(text, opened + 1, p_end)
    return m.end() if m else p_end


def _reopens(text: str, opened: int, i: int, width: int) -> bool:
    """Whether a straight mark met while a quotation is open opens the next one instead.

    It reads as opening and follows a sentence's end: news style leaves a
    quotation unclosed where the speaker's next paragraph opens another, and
    a text that joins the paragraphs keeps both opening marks
    ('"... such as the Olympics. "The amber light is flashing."').
    """
    before = text[opened + 1 : i].rstrip()
    return bool(before) and before[-1] in _ENDS and _reads_open(text, i, width)


def _run_on_close(text: str, marks: Sequence[tuple[int, str, int]], straight: Sequence[int],
                  start: int, end: int) -> int | None:
    """The straight mark closing a quotation begun before the paragraph, if one reads so.

    It is the first straight mark read as closing at a point where the
    straight marks before it pair as quotations of their own (each pair's
    first mark reads as an opening one and its second does not) and no
    typographic mark comes before it (a straight mark after one closes it).
    After such pairs the mark must be followed by its speaker, and lie within
    a quotation's length of the paragraph's start: a mark glued to the next
    word ('over."bio') or ending a paragraph whose quotation opened with
    another mark more likely closes nothing begun before the paragraph.
    """
    typographic = next((i for i, kind, _ in marks if kind in ("open", "close")), end)
    for k in range(0, len(straight), 2):
        i = straight[k]
        if i > typographic:
            return None
        if _closes(text, i, start, end):
            spoken = _SAID_AFTER.match(text, i + 1, end) or _ATTRIBUTION_SOON.match(text, i + 1, end)
            return i if k == 0 or (spoken and i + 1 - start <= LONGEST_QUOTE) else None
        if not _reads_open(text, i, 1) or (
                k + 1 < len(straight) and _reads_open(text, straight[k + 1], 1)):
            return None
    return None


_MARK = re.compile(r"``|''(?!')|[\u201c\u201d\"]")


def _marks(text: str, start: int, end: int) -> list[tuple[int, str, int]]:
    """Quotation marks of a paragraph: offset, "open"/"close"/"toggle", width.

    Typographic marks and the typewriter pairs ``\u0060\u0060`` and ``''`` have a
    direction; straight double marks do not ("toggle"), and one after a digit
    may be an inch sign ("inch").
    """
    out: list[tuple[int, str, int]] = []
    for m in _MARK.finditer(text, start, end):
        c, i = m.group(), m.start()
        if c == "``" or c == "\u201c":
            out.append((i, "open", len(c)))
        elif c == "''" or c == "\u201d":
            out.append((i, "close", len(c)))
        else:
            out.append((i, "inch" if _inch(text, i) else "toggle", 1))
    return out


def _titles_closed(text: str, marks: list[tuple[int, str, int]], end: int) -> list[tuple[int, str, int]]:
    """The marks with each inch sign that ends an open quotation read as its closing mark.

    A title ending in a figure ('"Apollo 13" was', '"Catch 22" and "Apollo
    13"') would otherwise leave its opening mark unpaired, and the quotation
    would run to the paragraph's end.  An inch sign closes when a straight
    quotation is open, it ends a word, and the next straight mark, if any,
    opens a quotation ('"we sold 13" units"' keeps its inch sign).
    """
    out, open_ = list(marks), False
    for n, (i, kind, _) in enumerate(marks):
        if kind == "toggle":
            open_ = not open_
        elif kind == "inch" and open_ and _ends_word(text, i, end):
            later = next((j for j, k, _ in marks[n + 1:] if k == "toggle"), None)
            if later is None or _reads_open(text, later, 1):
                out[n], open_ = (i, "toggle", 1), False
    return out


def _ends_word(text: str, i: int, end: int) -> bool:
    nxt = text[i + 1 : i + 2] if i + 1 < end else ""
    return not nxt or nxt.isspace() or nxt in ".,;:!?)"


def _reads_open(text: str, i: int, width: int) -> bool:
    before = text[i - 1 : i]
    after = text[i + width : i + width + 1]
    return (not before or before.isspace()) and bool(after) and not after.isspace()


def _inch(text: str, i: int) -> bool:
    """A straight mark after a digit ("5'10\"") is an inch sign, not a quotation mark."""
    return i > 0 and text[i - 1].isdigit()


def _closes(text: str, i: int, start: int, end: int) -> bool:
    """Whether the straight mark at ``i`` reads as closing a quotation."""
    if i == start or text[i - 1].isspace():
        return False
    after = text[i + 1 : end]
    if not after.strip() or after.lstrip()[:1] in ".,;:)":
        return True
    if not after[:1].isspace():
        return text[i - 1] in ".,!?"  # 'Glass,"starring': a closing mark missing its space
    nxt = after.split()
    if nxt[0][:1].islower():
        return True
    return _ATTRIBUTION_SOON.match(after) is not None


_MARKS = "\"\u201c\u201d`'"
#: Quotations longer than this (characters) are more likely mismatched marks.
LONGEST_QUOTE = 600


def is_closed(text: str, quote: Span) -> bool:
    """A quotation both of whose marks are there, and not so long that they are more likely mismatched.

    :func:`extract_quotes` closes a quotation left open at the end of its
    paragraph (news style runs a quotation on); this tells the two apart.
    """
    return (quote[1] - quote[0] <= LONGEST_QUOTE and text[quote[1] - 1] in _MARKS
            and text[quote[0]] in _MARKS)


def inner(text: str, quote: Span, clip: Span | None = None) -> Span:
    """The words of a quotation without its marks and edge punctuation, optionally clipped to a passage."""
    start, end = quote
    if clip is not None:
        start, end = max(start, clip[0]), min(end, clip[1])
    while start < end and (text[start].isspace() or text[start] in '"\u201c\u201d,;:'):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in '"\u201c\u201d,;:'):
        end -= 1
    return (start, end)


#: A speaker named right after a quotation: '"It's awesome," said Hewitt'.
_SAID_AFTER = re.compile(r"[\s,\"\u201d']*" + _SPEECH_VERB)


def is_quotation(text: str, span: Span) -> bool:
    """Long enough (or two words with the speaker named right after) and not a title in title case."""
    ws = tokens(text, span[0], span[1])
    if len(ws) < MIN_QUOTE_WORDS and not (len(ws) == MIN_QUOTE_WORDS - 1 and _SAID_AFTER.match(text, span[1])):
        return False
    alpha = [w for w in ws if w.text[0].isalpha()]
    caps = sum(1 for w in alpha if w.text[0].isupper())
    return caps < 0.6 * max(1, len(alpha))
