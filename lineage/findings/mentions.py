"""What the findings read of one text: its sentences, numbers, names, quotations and attributions, indexed.

Each text is analysed once (for a prepared document, once per process and
cached on it); the checkers then look up what lies inside an aligned span by
bisection, and whether a value or a name occurs anywhere in the text by
index, so the findings of a pair cost time linear in the length of its texts.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Callable, TypeVar

from ..text.names import NameMention, NameVocab, extract_names, plain
from ..text.numbers import NumberMention, extract_numbers, same_number
from ..text.quotes import extract_quotes
from ..text.sentences import sentences
from ..text.spans import Span, paragraphs
from ..text.words import stems, tokens
from .speakers import Attribution, extract_attributions, quote_speakers

if TYPE_CHECKING:
    from ..prepare import PreparedDocument

T = TypeVar("T")
_PART = re.compile(r"[^\W_]+")
# Characters that may separate the words of one name ("DVD-CCA", "O'Neill", "J. K.", "AT&T").
_SOFT = " \t\n\r\f\v.-'&"


def _inside(items: Sequence[T], starts: Sequence[int], span: Span, end_of: Callable[[T], int]) -> list[T]:
    """Items (sorted by start) lying wholly inside ``span``."""
    lo = bisect_left(starts, span[0])
    hi = bisect_right(starts, span[1])
    return [x for x in items[lo:hi] if end_of(x) <= span[1]]


@dataclass(frozen=True, eq=False)
class Mentions:
    """Sentences, paragraphs and mentions of one text, with lookups by span and by value.

    Attributes
    ----------
    text : str
        The full text; every span refers to it.
    sentences : tuple of (int, int)
        Its sentences (quotations cut into theirs), in order.
    paragraphs : tuple of (int, int)
        Its lines, in order.
    numbers : tuple of NumberMention
        Number mentions, in order.
    candidates : tuple of NameMention
        Name mentions, in order, before the evidence of ``vocab`` is applied.
    vocab : NameVocab
        The evidence on one-word names: the text's own, or joined with the
        other text's for a pair (:meth:`paired`).
    quotes : tuple of (int, int)
        Quotations, marks included, in order.
    attributions : tuple of Attribution
        Attribution clauses, in order.
    speakers : mapping
        Quotation span to its attribution.
    """

    text: str
    sentences: tuple[Span, ...]
    paragraphs: tuple[Span, ...]
    numbers: tuple[NumberMention, ...]
    candidates: tuple[NameMention, ...]
    vocab: NameVocab
    quotes: tuple[Span, ...]
    attributions: tuple[Attribution, ...]
    speakers: dict[Span, Attribution] = field(repr=False)

    @cached_property
    def names(self) -> tuple[NameMention, ...]:
        """Name mentions the evidence admits, in order."""
        return tuple(n for n in self.candidates if self.vocab.admits(n))

    def paired(self, other: "Mentions") -> "Mentions":
        """The same text judged with the evidence of both texts of a pair on one-word names."""
        return replace(self, vocab=self.vocab | other.vocab)

    @cached_property
    def _number_starts(self) -> list[int]:
        return [n.span[0] for n in self.numbers]

    @cached_property
    def _name_starts(self) -> list[int]:
        return [n.span[0] for n in self.names]

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s[0] for s in self.sentences]

    @cached_property
    def _quote_starts(self) -> list[int]:
        return [q[0] for q in self.quotes]

    @cached_property
    def _quote_reach(self) -> list[int]:
        # Running maximum of quotation ends: quotations sorted by start may still nest.
        out, reach = [], -1
        for q in self.quotes:
            reach = max(reach, q[1])
            out.append(reach)
        return out

    @cached_property
    def _paragraph_starts(self) -> list[int]:
        return [p[0] for p in self.paragraphs]

    @cached_property
    def _attribution_starts(self) -> list[int]:
        return [a.sentence[0] for a in self.attributions]

    def numbers_in(self, span: Span) -> list[NumberMention]:
        """Number mentions inside ``span``."""
        return _inside(self.numbers, self._number_starts, span, lambda n: n.span[1])

    def names_in(self, span: Span) -> list[NameMention]:
        """Name mentions inside ``span``."""
        return _inside(self.names, self._name_starts, span, lambda n: n.span[1])

    def names_before(self, pos: int) -> list[NameMention]:
        """Name mentions starting before ``pos``, in order."""
        return list(self.names[: bisect_left(self._name_starts, pos)])

    def sentences_in(self, span: Span) -> list[Span]:
        """Sentences overlapping ``span``, clipped to it."""
        lo = max(0, bisect_right(self._sentence_starts, span[0]) - 1)
        hi = bisect_left(self._sentence_starts, span[1])
        out = []
        for s0, s1 in self.sentences[lo:hi]:
            c0, c1 = max(s0, span[0]), min(s1, span[1])
            while c0 < c1 and self.text[c0].isspace():
                c0 += 1
            while c1 > c0 and self.text[c1 - 1].isspace():
                c1 -= 1
            if c1 > c0:
                out.append((c0, c1))
        return out

    def quotes_overlapping(self, span: Span) -> list[Span]:
        """Quotations sharing a character with ``span``."""
        lo = bisect_right(self._quote_reach, span[0])
        hi = bisect_left(self._quote_starts, span[1])
        return [q for q in self.quotes[lo:hi] if q[1] > span[0]]

    def attributions_in(self, span: Span) -> list[Attribution]:
        """Attributions whose sentence lies inside ``span``."""
        return _inside(self.attributions, self._attribution_starts, span, lambda a: a.sentence[1])

    def paragraph_of(self, span: Span) -> Span:
        """The line holding the start of ``span`` (``span`` itself if none does)."""
        i = bisect_right(self._paragraph_starts, span[0]) - 1
        if i >= 0 and self.paragraphs[i][1] >= span[1]:
            return self.paragraphs[i]
        return span

    @cached_property
    def _sentence_stems(self) -> dict[str, list[int]]:
        index: dict[str, list[int]] = {}
        for i, (s0, s1) in enumerate(self.sentences):
            for st in set(stems(self.text[s0:s1])):
                index.setdefault(st, []).append(i)
        return index

    def sentences_sharing(self, wanted: Iterable[str], at_least: float) -> list[int]:
        """Indices of the sentences holding at least ``at_least`` of the stems ``wanted``."""
        counts = Counter(i for st in set(wanted) for i in self._sentence_stems.get(st, ()))
        return sorted(i for i, c in counts.items() if c >= at_least)

    def neighbourhood(self, i: int) -> Span:
        """Sentence ``i`` with the sentences on either side of it."""
        lo, hi = max(0, i - 1), min(len(self.sentences) - 1, i + 1)
        return (self.sentences[lo][0], self.sentences[hi][1])

    @cached_property
    def _values(self) -> dict[object, list[NumberMention]]:
        index: dict[object, list[NumberMention]] = {}
        for n in self.numbers:
            for key in _number_keys(n):
                index.setdefault(key, []).append(n)
        return index

    def stating(self, mention: NumberMention) -> int:
        """How many mentions of the text state the value of ``mention`` (see ``same_number``).

        A full date is stated only by a date: "2005" elsewhere in the text
        does not account for "27 February 2005" whose day changed.
        """
        found = {o.span for key in _number_keys(mention) for o in self._values.get(key, ())
                 if same_number(mention, o) and (mention.date is None or o.date is not None)}
        return len(found)

    @cached_property
    def name_keys(self) -> frozenset[tuple[str, ...]]:
        """Keys of every name mentioned."""
        return frozenset(n.key for n in self.names)

    @cached_property
    def _people(self) -> dict[str, list[NameMention]]:
        index: dict[str, list[NameMention]] = {}
        for n in self.names:
            if n.person and len(n.key) > 1:
                for w in set(n.key):
                    index.setdefault(w, []).append(n)
        return index

    def people_named(self, word: str) -> list[NameMention]:
        """Mentions of people whose name of two or more words includes ``word``, in order."""
        return self._people.get(word, [])

    @cached_property
    def plain(self) -> str:
        """The text folded and without accents, for comparing names."""
        return plain(self.text)

    @cached_property
    def _words(self) -> tuple[list[str], list[bool], dict[str, list[int]]]:
        """Plain word parts, whether each follows the one before over a soft gap, and their positions."""
        parts = _PART.findall(self.plain)
        gaps = _PART.split(self.plain)  # gaps[i] comes before parts[i]
        soft = [i > 0 and not gaps[i].strip(_SOFT) for i in range(len(parts))]
        where: dict[str, list[int]] = {}
        for i, p in enumerate(parts):
            where.setdefault(p, []).append(i)
        return parts, soft, where

    def names_anywhere(self, key: Sequence[str]) -> bool:
        """Whether the name with this key occurs in the text as whole words (see ``occurs``)."""
        return self.name_count(key) > 0

    def name_count(self, key: Sequence[str]) -> int:
        """How often the name with this key occurs in the text as whole words."""
        wanted = [p for k in key for p in _PART.findall(k)]
        if not wanted:
            return 0
        parts, soft, where = self._words
        n, last = len(wanted), wanted[-1]
        if n == 1:
            # A plural ending glued to the name counts ("Days" for "Day").
            return len(where.get(last, ())) + len(where.get(last + "s", ()))
        return sum(
            1 for i in where.get(wanted[0], ())
            if i + n <= len(parts) and all(soft[i + k] for k in range(1, n)) and all(
                parts[i + k] == wanted[k] for k in range(1, n - 1)
            ) and parts[i + n - 1] in (last, last + "s")
        )


def _number_keys(n: NumberMention) -> list[object]:
    """Index keys under which a mention and every mention ``same_number`` to it meet."""
    if n.date is not None:
        month, _, year = n.date
        keys: list[object] = [("month", month)]
        if year is not None:
            keys.append(("year", float(year)))  # meets a year stated alone
        return keys
    if n.value is None:
        return []
    if n.kind == "time":
        return [("time", n.value % 720)]
    if n.kind == "weekday":
        return [("weekday", n.value)]
    value = ("value", float(f"{n.value:.9g}"))
    return [value, ("year", n.value)] if n.kind == "year" else [value]


def analyse_text(text: str, regions: Sequence[Span] | None = None,
                 sents: Sequence[Span] | None = None, quotes: Sequence[Span] | None = None) -> Mentions:
    """Analyse ``text`` (or its ``regions``) for the findings.

    Parameters
    ----------
    text : str
        The full text.
    regions : sequence of (int, int), optional
        The stretches to read (default: the whole text).
    sents, quotes : sequence of (int, int), optional
        Sentences and quotations already found (a prepared document's).

    Returns
    -------
    Mentions
    """
    spans = list(regions) if regions is not None else [(0, len(text))]
    if sents is None:
        sents = [s for r in spans for s in sentences(text, r[0], r[1])]
    if quotes is None:
        quotes = [q for r in spans for q in extract_quotes(text, r[0], r[1])]
    lines = [p for r in spans for p in paragraphs(text, r[0], r[1])]
    numbers = extract_numbers(text)
    if regions is not None:
        starts = [r[0] for r in spans]
        numbers = [n for n in numbers if (i := bisect_right(starts, n.span[0]) - 1) >= 0
                   and n.span[1] <= spans[i][1]]
    words = [tokens(text, s, e) for s, e in sents]
    vocab = NameVocab.build(text, sents, words)
    names = extract_names(text, sents, vocab, words)
    attrs = extract_attributions(text, [n for n in names if vocab.admits(n)], sents)
    return Mentions(
        text, tuple(sents), tuple(lines), tuple(numbers), tuple(names), vocab, tuple(quotes), tuple(attrs),
        quote_speakers(text, quotes, attrs, lines),
    )


def analyse(doc: "PreparedDocument") -> Mentions:
    """Analyse the compared regions of a prepared document, with its own sentences and quotations."""
    return analyse_text(doc.text, doc.regions(), doc.sentences, doc.quotes)
