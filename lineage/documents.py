"""Documents: reading text files safely and holding their text with metadata."""

from __future__ import annotations

import codecs
import datetime
import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Mapping

from .errors import InputError
from .files import read_bounded

if TYPE_CHECKING:
    from .layout import Layout

#: Default largest input accepted, in bytes; larger files are refused, not truncated.
MAX_BYTES = 50_000_000

# Control characters other than tab, newline, carriage return and form feed
# are rare in text and common in binary files.
_CONTROL = bytes(c for c in range(32) if c not in (9, 10, 12, 13))
#: A mostly-UTF-8 file keeps UTF-8 with at most one invalid byte in this many, and at most ``BAD_UTF8_MAX``.
BAD_UTF8_RATE = 1000
BAD_UTF8_MAX = 100
_SURROGATE = re.compile("[\ud800-\udfff]")
_ESCAPED = re.compile("[\udc80-\udcff]")


@dataclass(frozen=True)
class Document:
    """A text with its identity and metadata; offsets everywhere refer to ``text``.

    Attributes
    ----------
    id : str
        Name shown in reports (the file name by default).
    text : str
        The full text as read, never modified: every offset points into it.
    date : str or None
        ISO date (``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM``) given by the caller,
        as a ``datetime.date``, a ``datetime.datetime`` or a string in a usual
        form (``2015-12-19``, ``19/12/2015``, ``Dec 19, 2015``, ``19 December
        2015``; see :func:`lineage.text.dates.parse_date`), normalised to ISO.
        A string that is no readable date is dropped and noted in
        ``extra["date_warning"]``.  When None, a date printed in the text's
        header is used (see ``layout``).
    title, url, source, path : str or None
        Optional descriptive fields.
    encoding : str
        Encoding the file was decoded with (``"utf-8"`` for in-memory text).
    extra : mapping
        Any further fields given with the document (e.g. from JSON Lines).
    recurring : frozenset of str
        Lines recognised as boilerplate across the document's corpus
        (normalised by ``layout.line_key``), treated as page chrome.
    """

    id: str
    text: str
    date: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    path: str | None = None
    encoding: str = "utf-8"
    extra: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    recurring: frozenset[str] = frozenset()

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle by fields, the read-only mapping as a plain dict (for worker processes)."""
        from dataclasses import fields as _fields

        values = {f.name: getattr(self, f.name) for f in _fields(self)}
        values["extra"] = dict(values["extra"])
        return (_rebuild, (type(self), values))

    @classmethod
    def from_text(cls, text: str, id: str = "text", **fields: str | None) -> "Document":
        """Make a document from a string; raises InputError when it holds no text."""
        if not isinstance(text, str):
            raise InputError(f"{id}: expected text (str), got {type(text).__name__}")
        if not text.strip():
            raise InputError(f"{id}: document is empty")
        return cls(id=id, text=text, **fields)  # type: ignore[arg-type]

    def __post_init__(self) -> None:
        """Check the date and replace lone surrogates, so that every output can be encoded."""
        if not isinstance(self.text, str):
            raise InputError(f"{self.id}: expected text (str), got {type(self.text).__name__}")
        date: object = self.date
        if isinstance(date, datetime.datetime):
            object.__setattr__(self, "date", date.strftime("%Y-%m-%dT%H:%M"))
        elif isinstance(date, datetime.date):
            object.__setattr__(self, "date", date.isoformat())
        elif isinstance(date, str):
            self._read_date(date)
        elif date is not None:
            raise InputError(
                f"{self.id}: date must be a date string (such as 2015-12-19, 19/12/2015, Dec 19, 2015 "
                f"or 19 December 2015), a datetime.date or a datetime.datetime, not {type(date).__name__}"
            )
        for name in ("id", "text", "title", "url", "source", "path", "date"):
            value = getattr(self, name)
            if isinstance(value, str) and _SURROGATE.search(value):
                object.__setattr__(self, name, replace_surrogates(value))
        if not isinstance(self.extra, MappingProxyType):
            object.__setattr__(self, "extra", MappingProxyType(dict(self.extra)))

    def _read_date(self, date: str) -> None:
        """Normalise a date string to ISO; an unreadable one is dropped and noted in ``extra["date_warning"]``."""
        from .text.dates import parse_date

        iso = parse_date(date) if date.strip() else None
        object.__setattr__(self, "date", iso)
        if iso is None and date.strip():
            note = f"unreadable date '{' '.join(date.split())}' ignored"
            object.__setattr__(self, "extra", MappingProxyType({**self.extra, "date_warning": note}))

    @classmethod
    def from_path(cls, path: str | os.PathLike[str], max_bytes: int = MAX_BYTES) -> "Document":
        """Read a text file, device, FIFO or ``-`` (standard input), refusing what is not usable text.

        A mostly-UTF-8 file with a few invalid bytes keeps UTF-8, the bytes
        replaced by U+FFFD and counted in ``extra["decode_warning"]``.
        """
        name = os.fspath(path)
        label = "<stdin>" if name == "-" else name
        text, encoding, replaced = decode_text(read_bounded(name, max_bytes), label)
        ident = "stdin" if name == "-" else Path(name).name
        extra = {"decode_warning": _replaced_message(replaced)} if replaced else {}
        return cls(
            id=ident, text=text, path=None if name == "-" else name, encoding=encoding,
            extra=MappingProxyType(extra),
        )

    @cached_property
    def layout(self) -> "Layout":
        """Title, body, boilerplate regions and header metadata found in the text."""
        from .layout import analyse

        return analyse(self.text, self.recurring)

    @property
    def effective_date(self) -> str | None:
        """The caller's date if given, else the date printed in the document's header."""
        return self.date or self.layout.date


def replace_surrogates(text: str) -> str:
    """``text`` with each lone surrogate (not encodable in UTF-8) replaced by U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


def _replaced_message(count: int) -> str:
    return f"{count} invalid UTF-8 byte(s) replaced"


def decode_bytes(data: bytes, label: str = "input") -> tuple[str, str]:
    """Decode file bytes as :func:`decode_text` does; returns the text and the encoding used."""
    text, encoding, _ = decode_text(data, label)
    return text, encoding


def decode_text(data: bytes, label: str = "input") -> tuple[str, str, int]:
    """Decode file bytes as UTF-8 (with or without BOM, or UTF-16/32 with BOM), else cp1252/latin-1.

    Parameters
    ----------
    data : bytes
        The file's content.
    label : str
        Name used in error messages.

    Returns
    -------
    tuple of (str, str, int)
        The text, the encoding used, and how many invalid UTF-8 bytes were
        replaced by U+FFFD: a file holding valid UTF-8 beyond ASCII keeps UTF-8
        when at most one byte in ``BAD_UTF8_RATE`` (and at most ``BAD_UTF8_MAX``)
        is invalid and its valid non-ASCII characters are at least as many.

    Raises
    ------
    InputError
        When the bytes are empty, whitespace only, or look binary.
    """
    if not data.strip():
        raise InputError(f"{label}: file is empty" if not data else f"{label}: file holds only whitespace")
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return _checked(data.decode(enc), label), enc, 0
            except UnicodeDecodeError:
                raise InputError(f"{label}: not valid {enc.upper()} text") from None
    sample = data[:65536]
    if b"\x00" in sample:
        raise InputError(f"{label}: looks like a binary file, not text")
    controls = sum(sample.count(bytes([c])) for c in _CONTROL)
    if controls > max(8, len(sample) // 100):
        raise InputError(f"{label}: looks like a binary file, not text")
    body = data[len(codecs.BOM_UTF8):] if data.startswith(codecs.BOM_UTF8) else data
    try:
        return _checked(body.decode("utf-8"), label), "utf-8", 0
    except UnicodeDecodeError:
        pass
    # Each invalid byte becomes one lone surrogate U+DC80-U+DCFF: count them, then replace them.
    escaped = body.decode("utf-8", "surrogateescape")
    bad = len(_ESCAPED.findall(escaped))
    # Valid non-ASCII characters are the evidence that the file is UTF-8 at all.
    valid = len(escaped) - len(escaped.encode("ascii", "ignore")) - bad
    if bad <= min(BAD_UTF8_MAX, len(data) // BAD_UTF8_RATE) and valid >= bad:
        return _checked(_ESCAPED.sub("\ufffd", escaped), label), "utf-8", bad
    try:
        return _checked(data.decode("cp1252"), label), "cp1252", 0
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; latin-1 maps every byte.
        return _checked(data.decode("latin-1"), label), "latin-1", 0
def _checked(text: str, label: str) -> str:
    if not text.strip():
        raise InputError(f"{label}: file holds only whitespace")
    return text


def _rebuild(cls: type[Any], values: dict[str, Any]) -> Any:
    """An object of ``cls`` from its field values (the inverse of ``__reduce__``)."""
    return cls(**values)
