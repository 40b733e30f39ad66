"""Numbers, dates and times in running text, normalised so equal values written differently compare equal."""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections.abc import Sequence
from dataclasses import dataclass

from .dates import MONTHS
from .spans import Span
from .words import fold

_WEEKDAYS = {
    d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())
}
_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_ORDINAL_WORDS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth"
).split()
_ORDINALS = {w: i + 1 for i, w in enumerate(_ORDINAL_WORDS)}
_ORDINALS.update({t[:-1] + "ieth": 10 * (i + 2) for i, t in enumerate(_TENS)})
_ORDINALS["hundredth"] = 100
_MULT = {
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "k": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "bn": 1e9,
    "tn": 1e12,
}

_MONTH = (
    r"(?P<mon>January|February|March|April|May|June|July|August|September|October|"
    r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_DAY = r"(?P<d1>\d{1,2})(?:st|nd|rd|th)?(?:\s*[-\u2013]\s*(?P<d2>\d{1,2})(?:st|nd|rd|th)?)?"
_YEAR = r"(?:,?\s+(?P<y>(?:1[89]|20)\d\d))?"
_DATE_PATTERNS = (
    re.compile(r"\b" + _MONTH + r"\s+" + _DAY + r"(?!\d)" + _YEAR + r"(?![\d,.]\d)"),
    re.compile(r"\b(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + _YEAR + r"(?!\d)"),
    re.compile(r"\b" + _MONTH + r",?\s+(?P<y>(?:1[89]|20)\d\d)(?!\d)"),
    re.compile(r"\b(?P<y>(?:1[89]|20)\d\d)-(?P<m>[01]\d)-(?P<d1>[0-3]\d)\b"),
)
_TIME = re.compile(
    r"\b(?P<h>[0-2]?\d):(?P<mi>[0-5]\d)(?:\s*(?P<ap>[ap])\.?m\b\.?)?(?![\d:])"
    r"|\b(?P<h2>1[0-2]|0?[1-9])\s*(?P<ap2>[ap])\.?m\b\.?",
    re.IGNORECASE,
)
_CURRENCY = r"(?P<cur>US\$|A\$|C\$|HK\$|NZ\$|S\$|R\$|\$|\u20ac|\u00a3|\u00a5|Rs\.?\s?)?"
_VULGAR = {
    "\u00bd": 0.5,
    "\u00bc": 0.25,
    "\u00be": 0.75,
    "\u2153": 1 / 3,
    "\u2154": 2 / 3,
    "\u215b": 0.125,
    "\u215c": 0.375,
    "\u215d": 0.625,
    "\u215e": 0.875,
}
_SLASHED = re.compile(
    r"(?<![\w/.])(?:(?P<whole>\d{1,3})[\s-]+)?(?:(?P<vulgar>[" + "".join(_VULGAR) + r"])"
    r"|(?P<a>\d{1,2})/(?P<b>\d{1,3})(?:/(?P<y>\d{4}|\d{2}))?)(?![\w/])"
)
_DIGITS = re.compile(
    _CURRENCY
    + r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\d,])\d+,\d{1,2}(?![\d,])|\d+(?:\.\d+)?|\.\d+)"
    + r"(?:(?P<ord>st|nd|rd|th)|(?P<dec>s)|(?P<abbr>bn|mn|tn|m|k)\b)?"
    + r"(?:(?:\s+|-)?(?P<mult>hundred|thousand|million|billion|trillion)\b)?"
    + r"(?:\s*(?P<pct>%|percent\b|per\s+cent\b|percentage\s+points?\b))?"
    + r"(?P<plus>-plus\b|\+)?"
)


def _starting(words: list[str]) -> str:
    """A lookahead for the first letters of ``words``: it turns most positions away before the long alternation."""
    return "(?=[" + "".join(sorted({w[0] for w in words})) + "])"


_WORD_NUMBER = re.compile(
    r"\b" + _starting([*_TENS, *_UNITS, "a"])
    + r"(?:(?P<tens>" + "|".join(_TENS) + r")(?:[-\s](?P<tu>" + "|".join(_UNITS[1:10]) + r"))?"
    r"|(?P<u>" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")|(?P<a>a))"
    r"(?:\s+(?P<hund>hundred))?(?:\s+(?P<mult>thousand|million|billion|trillion))?\b"
    r"(?:\s*(?P<pct>%|percent\b|per\s+cent\b))?",
    re.IGNORECASE,
)
_WORD_ORDINAL = re.compile(
    r"\b" + _starting([*_TENS, *_ORDINALS]) + r"(?:(?P<tens>"
    + "|".join(_TENS)
    + r")-)?(?P<ord>"
    + "|".join(sorted(_ORDINALS, key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(r"\b(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_MONEY_WORDS = frozenset("dollars dollar euros euro yuan pounds pound yen rupees cents won".split())
# Ordinals and counts too common as ordinary words ("first held", "one another")
# to report when they merely go missing.
_WEAK = frozenset({"one", "first", "second", "a"})

_NOT_UNITS = frozenset(
    {"way", "fold", "sided", "dimensional", "faced", "handed", "thirds", "quarters", "fifths"}
)

Date = tuple[int, frozenset[int], int | None]


def _sentence_start(text: str, pos: int) -> bool:
    before = text[max(0, pos - 4) : pos].rstrip(" \"\u201c'(")
    return not before or before[-1] in ".!?\n:"


@dataclass(frozen=True)
class NumberMention:
    """One number, date or time with its value.

    Attributes
    ----------
    span : tuple of int
        Offsets of the mention in the full text.
    text : str
        The mention as written.
    kind : str
        ``count``, ``ordinal``, ``percent``, ``money``, ``year``, ``date``, ``time`` or ``weekday``.
    value : float or None
        The amount (``3.2 billion`` is ``3.2e9``); minutes for times, the index for weekdays.
    date : tuple or None
        ``(month, days, year)`` for dates; ``days`` may be empty and ``year`` None.
    weak : bool
        Too ambiguous (``one``, ``first``) to report on its own when it goes missing.
    """

    span: Span
    text: str
    kind: str
    value: float | None
    date: Date | None = None
    weak: bool = False

    @property
    def category(self) -> str:
        """Which mentions may be compared as a change of value (ordinals count with counts)."""
        return "count" if self.kind == "ordinal" else self.kind


def _free(taken: list[Span], span: Span) -> bool:
    """Whether ``span`` overlaps none of the disjoint spans of ``taken`` (kept sorted)."""
    i = bisect_left(taken, span)
    return (i == 0 or taken[i - 1][1] <= span[0]) and (i == len(taken) or span[1] <= taken[i][0])


def extract_numbers(text: str) -> list[NumberMention]:
    """All number, date and time mentions in ``text``, in order, without overlaps.

    Parameters
    ----------
    text : str
        Full text; offsets of the mentions refer to it.

    Returns
    -------
    list of NumberMention
    """
    found: list[NumberMention] = []
    taken: list[Span] = []

    def add(m: NumberMention) -> None:
        if _free(taken, m.span):
            found.append(m)
            insort(taken, m.span)

    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            g = m.groupdict()
            month = int(g["m"]) if g.get("m") else MONTHS[g["mon"].lower()]
            days = frozenset(int(g[k]) for k in ("d1", "d2") if g.get(k))
            if any(not 1 <= d <= 31 for d in days) or not 1 <= month <= 12:
                continue
            if g.get("mon") == "May" and not days:
                continue  # "May 2015" is fine, but guard against the modal verb in headlines
            year = int(g["y"]) if g.get("y") else None
            add(NumberMention((m.start(), m.end()), m.group(), "date", None, (month, days, year)))
    for m in _TIME.finditer(text):
        hour = int(m.group("h") or m.group("h2"))
        minute = int(m.group("mi") or 0)
        ampm = (m.group("ap") or m.group("ap2") or "").lower()
        if hour > 23:
            continue
        if ampm == "p" and hour < 12:
            hour += 12
        add(NumberMention((m.start(), m.end()), m.group(), "time", float(hour * 60 + minute)))
    for m in _SLASHED.finditer(text):
        mention = _slashed_mention(m)
        if mention is not None:
            add(mention)
    for m in _DIGITS.finditer(text):
        mention = _digit_mention(text, m)
        if mention is not None:
            add(mention)
    for m in _WORD_NUMBER.finditer(text):
        mention = _word_mention(text, m)
        if mention is not None:
            add(mention)
    for m in _WORD_ORDINAL.finditer(text):
        value = _ORDINALS[m.group("ord").lower()] + (
            (_TENS.index(m.group("tens").lower()) + 2) * 10 if m.group("tens") else 0
        )
        weak = m.group().lower() in _WEAK
        add(NumberMention((m.start(), m.end()), m.group(), "ordinal", float(value), weak=weak))
    for m in _WEEKDAY.finditer(text):
        add(
            NumberMention(
                (m.start(), m.end()),
                m.group(),
                "weekday",
                float(_WEEKDAYS[m.group().lower()]),
                weak=True,
            )
        )
    found.sort(key=lambda n: n.span)
    return found


def _slashed_mention(m: re.Match[str]) -> NumberMention | None:
    """A fraction ("3 5/8", "2 \u00bd") or a numeric date ("12/18/2015")."""
    g = m.groupdict()
    span = (m.start(), m.end())
    if g["vulgar"]:
        whole = float(g["whole"] or 0)
        return NumberMention(span, m.group(), "count", whole + _VULGAR[g["vulgar"]])
    a, b = int(g["a"]), int(g["b"])
    if g["y"]:
        if 1 <= a <= 12 and 1 <= b <= 31:
            year = int(g["y"]) if len(g["y"]) == 4 else 2000 + int(g["y"])
            return NumberMention(span, m.group(), "date", None, (a, frozenset({b}), year))
        return None
    if b == 0:
        return None
    if g["whole"] or (a < b and b in (2, 3, 4, 8, 10, 16, 32, 100)):
        return NumberMention(span, m.group(), "count", float(g["whole"] or 0) + a / b)
    return None


#: Words that glue a year into a date: "mid-2005", "pre-2008", "post-2010", "late-1990s".
_TIME_PREFIX = re.compile(r"(?<![^\W\d_])(?:mid|pre|post|early|late)-$", re.IGNORECASE)


def _digit_mention(text: str, m: re.Match[str]) -> NumberMention | None:
    start, end = m.start(), m.end()
    before = text[max(0, start - 2) : start]
    # Digits glued to letters are codes or names ("5G", "G20", "COVID-19", "A380"),
    # but a year after "mid-", "pre-" or "post-" is a date ("from mid-2005").
    prev = before[-1:]
    if prev and (prev.isalnum() or prev in "._" or (prev == "-" and before[:1].isalpha())):
        glued = _TIME_PREFIX.search(text, max(0, start - 8), start)
        if not (glued and re.fullmatch(r"(?:1[89]|20)\d\d", m.group("num") or "")):
            return None
    if end < len(text) and (text[end].isalnum() or text[end] == "_"):
        return None
    g = m.groupdict()
    num = g["num"]
    try:
        # "3,2 Milliarden": a comma before one or two digits is a decimal comma, not thousands.
        value = float(num.replace(",", ".") if re.fullmatch(r"\d+,\d{1,2}", num) else num.replace(",", ""))
    except ValueError:
        return None
    mult = g["mult"] or g["abbr"]
    if mult:
        value *= _MULT[mult.lower()]
    after = fold(text[end : end + 12]).split()
    if g["pct"]:
        kind = "percent"
    elif g["cur"] or (after and after[0].strip(".,;") in _MONEY_WORDS):
        kind = "money"
    elif g["ord"]:
        kind = "ordinal"
    elif g["dec"] or (re.fullmatch(r"(?:1[89]|20)\d\d", g["num"]) and not mult):
        kind = "year"
    else:
        kind = "count"
    span = (start, end)
    # Currency symbols glued to a preceding space were included; trim stray whitespace.
    while text[span[0]].isspace():
        span = (span[0] + 1, span[1])
    return NumberMention(span, text[span[0] : span[1]], kind, value)


def _word_mention(text: str, m: re.Match[str]) -> NumberMention | None:
    g = m.groupdict()
    if g["a"] and not (g["hund"] or g["mult"]):
        return None
    if g["tens"]:
        value = float((_TENS.index(g["tens"].lower()) + 2) * 10)
        if g["tu"]:
            value += _UNITS.index(g["tu"].lower())
    elif g["u"]:
        value = float(_UNITS.index(g["u"].lower()))
    else:
        value = 1.0
    if g["hund"]:
        value *= 100
    if g["mult"]:
        value *= _MULT[g["mult"].lower()]
    end = m.end()
    start = m.start()
    if m.group()[0].isupper() and not _sentence_start(text, start):
        return None  # part of a name: "Big Four", "Group of Seven"
    follow = re.match(r"-(\w+)", text[end : end + 20])
    if follow and follow.group(1).lower() in _NOT_UNITS:
        return None  # "two-way trade", "three-fold"
    # "one-day" and "one million" are figures; "one of them" and "one another" are not.
    unit = follow is not None or bool(g["hund"] or g["mult"])
    weak = (g["u"] or "").lower() in _WEAK and not unit
    kind = "percent" if g["pct"] else "count"
    return NumberMention((m.start(), end), m.group(), kind, value, weak=weak)


def same_number(a: NumberMention, b: NumberMention) -> bool:
    """Whether two mentions state the same value (qualifiers like "more than" are ignored)."""
    if a.date is not None or b.date is not None:
        if a.date is None or b.date is None:
            other = a if a.date is None else b
            dated = b if a.date is None else a
            return (
                other.kind == "year"
                and dated.date is not None
                and dated.date[2] is not None
                and dated.date[2] == other.value
            )
        (ma, da, ya), (mb, db, yb) = a.date, b.date
        return (
            ma == mb
            and (not da or not db or bool(da & db))
            and (ya is None or yb is None or ya == yb)
        )
    if (a.kind == "time") != (b.kind == "time") or (a.kind == "weekday") != (b.kind == "weekday"):
        return False
    if a.value is None or b.value is None:
        return False
    if a.kind == "time" and b.kind == "time":
        return a.value == b.value or a.value % 720 == b.value % 720
    return abs(a.value - b.value) <= 1e-9 * max(abs(a.value), abs(b.value), 1.0)


def describe_numbers(mentions: Sequence[NumberMention]) -> tuple[list[str], list[str]]:
    """Figures and dates of a dropped or added sentence, as written, for its explanation."""
    figures = [
        n.text for n in mentions if not n.weak and n.kind not in ("date", "year", "weekday", "time")
    ]
    dates = [n.text for n in mentions if not n.weak and n.kind in ("date", "year", "time")]
    return figures, dates
