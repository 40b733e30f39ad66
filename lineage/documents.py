"""Documents: reading text files safely and holding their text with metadata."""

from __future__ import annotations

import codecs
import os
import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Mapping

from .errors import InputError

if TYPE_CHECKING:
    from .layout import Layout

#: Default largest input accepted, in bytes; larger files are refused, not truncated.
MAX_BYTES = 50_000_000

# Control characters other than tab, newline, carriage return and form feed
# are rare in text and common in binary files.
_CONTROL = bytes(c for c in range(32) if c not in (9, 10, 12, 13))


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
        ISO date (``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM``) given by the caller;
        when None, a date printed in the text's header is used (see ``layout``).
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

    @classmethod
    def from_text(cls, text: str, id: str = "text", **fields: str | None) -> "Document":
        """Make a document from a string; raises InputError when it holds no text."""
        if not isinstance(text, str):
            raise InputError(f"{id}: expected text (str), got {type(text).__name__}")
        if not text.strip():
            raise InputError(f"{id}: document is empty")
        return cls(id=id, text=text, **fields)  # type: ignore[arg-type]

    @classmethod
    def from_path(cls, path: str | os.PathLike[str], max_bytes: int = MAX_BYTES) -> "Document":
        """Read a text file (``-`` for standard input), refusing what is not usable text."""
        name = os.fspath(path)
        if name == "-":
            data = sys.stdin.buffer.read(max_bytes + 1)
            label = "<stdin>"
        else:
            p = Path(name)
            if not p.exists():
                raise InputError(f"{name}: no such file")
            if p.is_dir():
                raise InputError(f"{name}: is a directory, not a file")
            try:
                size = p.stat().st_size
                if size > max_bytes:
                    raise InputError(
                        f"{name}: file is too large ({size:,} bytes; the limit is {max_bytes:,})"
                    )
                data = p.read_bytes()
            except PermissionError:
                raise InputError(f"{name}: permission denied") from None
            except IsADirectoryError:
                raise InputError(f"{name}: is a directory, not a file") from None
            except OSError as exc:
                raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None
            label = name
        if len(data) > max_bytes:
            raise InputError(f"{label}: input is too large (the limit is {max_bytes:,} bytes)")
        text, encoding = decode_bytes(data, label)
        ident = "stdin" if name == "-" else Path(name).name
        return cls(id=ident, text=text, path=None if name == "-" else name, encoding=encoding)

    @cached_property
    def layout(self) -> "Layout":
        """Title, body, boilerplate regions and header metadata found in the text."""
        from .layout import analyse

        return analyse(self.text, self.recurring)

    @property
    def effective_date(self) -> str | None:
        """The caller's date if given, else the date printed in the document's header."""
        return self.date or self.layout.date


def decode_bytes(data: bytes, label: str = "input") -> tuple[str, str]:
    """Decode file bytes as UTF-8 (with or without BOM, or UTF-16 with BOM), else cp1252/latin-1.

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
                return _checked(data.decode(enc), label), enc
            except UnicodeDecodeError:
                raise InputError(f"{label}: not valid {enc.upper()} text") from None
    sample = data[:65536]
    if b"\x00" in sample:
        raise InputError(f"{label}: looks like a binary file, not text")
    controls = sum(sample.count(bytes([c])) for c in _CONTROL)
    if controls > max(8, len(sample) // 100):
        raise InputError(f"{label}: looks like a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
        return _checked(text, label), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
        return _checked(text, label), "cp1252"
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; latin-1 maps every byte.
        return _checked(data.decode("latin-1"), label), "latin-1"


def _checked(text: str, label: str) -> str:
    if not text.strip():
        raise InputError(f"{label}: file holds only whitespace")
    return text
