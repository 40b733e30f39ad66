"""Dates printed in text: found with their offsets and normalised to ISO 8601."""

from __future__ import annotations

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
_ISO = re.compile(
    r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)(?:[ T](?P<hh>[0-2]\d):(?P<mm>[0-5]\d))?\b"
)
_MDY = re.compile(r"\b" + _MONTH + r"\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b", re.I)
_DMY = re.compile(r"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<y>(?:19|20)\d\d)\b", re.I)


@dataclass(frozen=True)
class FoundDate:
    """A date found in text: its span, the text matched and its ISO form."""

    start: int
    end: int
    text: str
    iso: str


def find_dates(text: str) -> list[FoundDate]:
    """Full dates (with a year) in ``text``, in order of appearance, as ISO strings."""
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for pattern in (_ISO, _MDY, _DMY):
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            g = m.groupdict()
            month = int(g["m"]) if g.get("m") else MONTHS[g["mon"].lower()[:3]]
            day, year = int(g["d"]), int(g["y"])
            if not (1 <= month <= 12 and 1 <= day <= 31):
                continue
            iso = f"{year:04d}-{month:02d}-{day:02d}"
            if g.get("hh"):
                iso += f"T{g['hh']}:{g['mm']}"
            found.append(FoundDate(m.start(), m.end(), m.group(), iso))
            taken.append((m.start(), m.end()))
    found.sort(key=lambda d: d.start)
    return found
