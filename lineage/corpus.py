"""Corpora: documents gathered from files, directories and JSON Lines, and their recurring boilerplate."""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from .documents import MAX_BYTES, Document, decode_bytes
from .errors import InputError
from .layout import BODY, TITLE, line_key

#: File suffixes read when walking a directory.
TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")
_BLOCKS = frozenset("p div br li h1 h2 h3 h4 h5 h6 tr section article header footer blockquote pre title".split())
_SKIP = frozenset(("script", "style", "noscript", "template"))


class _TextExtractor(HTMLParser):
    """Visible text of an HTML page, one line per block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip += 1
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Visible text of an HTML document, paragraphs separated by blank lines."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip() + "\n"


def _from_file(path: Path, max_bytes: int) -> Document:
    doc = Document.from_path(path, max_bytes)
    if path.suffix.lower() in (".html", ".htm"):
        text = html_to_text(doc.text)
        if not text.strip():
            raise InputError(f"{path}: HTML page holds no text")
        doc = replace(doc, text=text)
    return doc


def read_jsonl(lines: Iterable[str], label: str) -> Iterator[Document]:
    """Documents from JSON Lines of ``{"id", "text", "date"?, "title"?, "url"?, "source"?}``."""
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{label}:{n}: not valid JSON ({exc.msg})") from None
        if not isinstance(rec, dict):
            raise InputError(f"{label}:{n}: expected a JSON object")
        ident, text = rec.get("id"), rec.get("text")
        if ident is None or not isinstance(text, str):
            raise InputError(f"{label}:{n}: each record needs an \"id\" and a \"text\" string")
        if not text.strip():
            raise InputError(f"{label}:{n}: document {ident} is empty")
        fields = {k: (str(rec[k]) if rec.get(k) is not None else None) for k in ("date", "title", "url", "source")}
        extra = {k: str(v) for k, v in rec.items() if k not in ("id", "text", "date", "title", "url", "source")}
        yield Document(id=str(ident), text=text, extra=extra, **fields)  # type: ignore[arg-type]


def _read_jsonl_path(path: str, max_bytes: int) -> Iterator[Document]:
    if path == "-":
        yield from read_jsonl(sys.stdin, "<stdin>")
        return
    p = Path(path)
    if p.stat().st_size > max_bytes * 20:
        raise InputError(f"{path}: file is too large")
    data = p.read_bytes()
    text, _ = decode_bytes(data, path)
    yield from read_jsonl(text.splitlines(), path)


def _skipped(rel: Path) -> bool:
    """Hidden files and a folder's README describe the corpus rather than belong to it."""
    return any(part.startswith(".") for part in rel.parts) or rel.name.upper().startswith("README")


def load(inputs: Sequence[str | os.PathLike[str]], max_bytes: int = MAX_BYTES) -> list[Document]:
    """Documents from files, directories (recursively: .txt, .md, .html), ``.jsonl`` files or ``-``.

    In directories, hidden files and README files are skipped.

    Parameters
    ----------
    inputs : sequence of path
        What to read; ``-`` reads JSON Lines from standard input.
    max_bytes : int
        Largest single file accepted.

    Returns
    -------
    list of Document
        In input order; directory entries sorted by path.

    Raises
    ------
    InputError
        For a missing input, an unreadable file, a bad JSON line, duplicate ids
        or a corpus without documents.
    """
    docs: list[Document] = []
    for item in inputs:
        name = os.fspath(item)
        if name == "-" or name.endswith((".jsonl", ".ndjson")):
            if name != "-" and not Path(name).is_file():
                raise InputError(f"{name}: no such file")
            docs.extend(_read_jsonl_path(name, max_bytes))
            continue
        p = Path(name)
        if p.is_dir():
            files = sorted(
                f for f in p.rglob("*")
                if f.is_file() and f.suffix.lower() in TEXT_SUFFIXES and not _skipped(f.relative_to(p))
            )
            for f in files:
                doc = _from_file(f, max_bytes)
                docs.append(replace(doc, id=str(f.relative_to(p))))
        elif p.exists():
            docs.append(_from_file(p, max_bytes))
        else:
            raise InputError(f"{name}: no such file or directory")
    if not docs:
        raise InputError("no documents found in the inputs (looked for .txt, .md, .html and .jsonl)")
    seen: Counter[str] = Counter(d.id for d in docs)
    dup = [k for k, v in seen.items() if v > 1]
    if dup:
        raise InputError(f"duplicate document id(s): {', '.join(sorted(dup)[:5])}")
    return docs


def recurring_lines(docs: Sequence[Document], min_docs: int = 3, share: float = 0.01) -> frozenset[str]:
    """Lines recurring across documents: site furniture such as section names and sharing links.

    A short line (at most 12 words) is boilerplate when it appears in at least
    ``max(min_docs, share * len(docs))`` documents; a longer one only at five
    times that, since copies legitimately share sentences.
    """
    counts: Counter[str] = Counter()
    for d in docs:
        counts.update(line_keys(d))
    return recurring_of(counts.items(), len(docs), min_docs, share)


def line_keys(doc: Document) -> set[str]:
    """Distinct keys (``layout.line_key``) of a document's title and body lines, as counted for boilerplate."""
    keys = set()
    for r in doc.layout.regions:
        if r.kind in (BODY, TITLE):
            key = line_key(doc.text[r.start:r.end])
            if key:
                keys.add(key)
    return keys


def recurring_of(counts: Iterable[tuple[str, int]], n_docs: int, min_docs: int = 3,
                 share: float = 0.01) -> frozenset[str]:
    """The recurring lines among line keys counted in ``counts`` (documents holding each) over ``n_docs``."""
    need = max(min_docs, int(share * n_docs))
    return frozenset(k for k, c in counts if is_recurring(k, c, need))


def is_recurring(key: str, count: int, need: int) -> bool:
    """True when a line key held by ``count`` documents is boilerplate, ``need`` being the corpus's bar."""
    return (count >= need and len(key.split()) <= 12) or count >= 5 * need


def with_recurring(docs: Sequence[Document], recurring: frozenset[str]) -> list[Document]:
    """Copies of ``docs`` that treat ``recurring`` lines as page chrome."""
    if not recurring:
        return list(docs)
    return [replace(d, recurring=recurring) for d in docs]
