"""Dates in text and in metadata: found with their offsets, or read alone, and normalised to ISO 8601.

One set of patterns serves both: :func:`find_dates` looks for full dates (with
a year) inside running text, :func:`parse_date` reads a value that should be
nothing but a date (a JSON Lines ``date`` field, ``Document(date=...)``).
Numeric dates are read day first ("03/04/2015" is 3 April) unless the first
number cannot be a month ("12/19/2015" is 19 December).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

_MONTH_NAMES = (
    "january february march april may june july august september october november december"
).split()
#: Month names, their three-letter forms and "sept", to month numbers: the one month table.
MONTHS = {m: i + 1 for i, m in enumerate(_MONTH_NAMES)}
MONTHS.update({m[:3]: i + 1 for i, m in enumerate(_MONTH_NAMES)})
MONTHS["sept"] = 9
_MONTH = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR = r"(?P<y>(?:19|20)\d\d)"
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
_ISO = re.compile(
    r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)(?:[ T](?P<hh>[0-2]\d):(?P<mm>[0-5]\d))?(?!\d)"
)
_YMD = re.compile(r"\b" + _YEAR + r"/(?P<m>[01]?\d)/(?P<d>[0-3]?\d)\b")
# "19/12/2015", "19.12.2015", "12/19/2015": the first number is the day unless it cannot be.
_NUMERIC = re.compile(r"\b(?P<p>[0-3]?\d)(?P<sep>[/.])(?P<q>[0-3]?\d)(?P=sep)" + _YEAR + r"\b")
_MDY = re.compile(r"\b" + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + r"\b", re.I)
# "19 December 2015", "19 Dec. 2015", "19-Dec-2015", "26-FEB-1987" (the Reuters wire's form).
_DMY = re.compile(r"\b" + _DAY + r"(?:\s+|-)" + _MONTH + r"(?:,?\s+|-)" + _YEAR + r"\b", re.I)
_PATTERNS = (_ISO, _YMD, _NUMERIC, _MDY, _DMY)

_ZONE = r"(?:z|utc|gmt|[+-]\d\d:?\d\d|\(?[a-z]{2,5}\)?)?"
_WEEKDAY = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s*"
_CLOCK = re.compile(
    r"(?:,?\s*(?:at\s+)?|T)(?P<hh>[0-2]?\d):(?P<mm>[0-5]\d)(?::[0-5]\d(?:\.\d+)?)?\s*"
    r"(?P<ampm>[ap]\.?\s?m\.?)?\s*" + _ZONE,
    re.I,
)
_SECONDS = re.compile(r"(?::[0-5]\d(?:\.\d+)?)?\s*" + _ZONE, re.I)
_LEAD = re.compile(_WEEKDAY, re.I)


@dataclass(frozen=True)
class FoundDate:
    """A date found in text: its span, the text matched and its ISO form."""

    start: int
    end: int
    text: str
    iso: str


def _iso(m: re.Match[str]) -> str | None:
    """The ISO form of a match of one of the date patterns, or None when it names no real day."""
    g = m.groupdict()
    if g.get("p"):
        first, second = int(g["p"]), int(g["q"])
        day, month = (second, first) if first <= 12 < second else (first, second)
    else:
        month = int(g["m"]) if g.get("m") else MONTHS[g["mon"].lower()[:3]]
        day = int(g["d"])
    try:
        iso = datetime.date(int(g["y"]), month, day).isoformat()
    except ValueError:
        return None
    if g.get("hh"):
        iso += f"T{g['hh']}:{g['mm']}"
    return iso


def find_dates(text: str) -> list[FoundDate]:
    """Full dates (with a year) in ``text``, in order of appearance, as ISO strings."""
    found: list[FoundDate] = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(f.start < m.end() and m.start() < f.end for f in found):
                continue
            iso = _iso(m)
            if iso:
                found.append(FoundDate(m.start(), m.end(), m.group(), iso))
    found.sort(key=lambda d: d.start)
    return found


def _time_of_day(rest: str, has_time: bool) -> str | None:
    """``rest`` after a date read as ``"THH:MM"``, ``""`` when it is empty, None when it is not a time of day."""
    if not rest.strip(" ,"):
        return ""
    if has_time:  # the date carried hours and minutes: seconds and a zone may follow
        return "" if _SECONDS.fullmatch(rest) else None
    m = _CLOCK.fullmatch(rest)
    if not m:
        return None
    hh, mm = int(m["hh"]), int(m["mm"])
    if m["ampm"]:
        if not 1 <= hh <= 12:
            return None
        hh = hh % 12 + (12 if m["ampm"].lower().startswith("p") else 0)
    return f"T{hh:02d}:{mm:02d}" if hh < 24 else None


def parse_date(value: str) -> str | None:
    """The ISO form of a value that is a date in one of the usual forms, or None when it cannot be read.

    Parameters
    ----------
    value : str
        A date alone: ``2015-12-19`` (with an optional time and zone, as
        ``2015-12-19T09:13:00+08:00``), ``2015/12/19``, ``19/12/2015``,
        ``19.12.2015``, ``Dec 19, 2015``, ``19 December 2015``, ``19-Dec-2015``,
        optionally after a weekday and before a time of day
        (``Sat, 19 Dec 2015 09:13:00 +0800``, ``December 19, 2015 at 3:12 pm``).

    Returns
    -------
    str or None
        ``YYYY-MM-DD``, or ``YYYY-MM-DDTHH:MM`` when a time of day is given
        (as written: a zone is not converted); None when the value is not a
        date of a real day.

    Examples
    --------
    >>> parse_date("19/12/2015"), parse_date("Dec 19, 2015"), parse_date("19 December 2015")
    ('2015-12-19', '2015-12-19', '2015-12-19')
    >>> parse_date("2015-12-19 09:13"), parse_date("next Friday")
    ('2015-12-19T09:13', None)
    """
    text = " ".join(str(value).split())
    lead = _LEAD.match(text)
    if lead:
        text = text[lead.end():]
    for pattern in _PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        iso = _iso(m)
        clock = _time_of_day(text[m.end():], "T" in (iso or ""))
        return None if iso is None or clock is None else iso + clock
    return None
