"""Corpora: documents gathered from files, directories and JSON Lines, and their recurring boilerplate."""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from .documents import MAX_BYTES, Document, decode_text
from .errors import InputError
from .files import read_bounded
from .layout import BODY, TITLE, analyse, line_key
from .pages import HTML_SUFFIXES, html_to_text, read_page

#: File suffixes read as one document each when walking a directory.
TEXT_SUFFIXES = (".txt", ".md", *HTML_SUFFIXES)
#: File suffixes read as JSON Lines, one document a line, given or found in a directory.
JSONL_SUFFIXES = (".jsonl", ".ndjson")
_FIELDS = ("id", "text", "date", "title", "url", "source")

__all__ = [
    "JSONL_SUFFIXES", "TEXT_SUFFIXES", "Skipped", "html_to_text", "load", "read_document", "read_jsonl",
    "recurring_lines", "with_recurring",
]


@dataclass(frozen=True)
class Skipped:
    """An input left out of a corpus: a file, or one line of a JSON Lines file (``FILE:LINE``), and why."""

    path: str
    reason: str


def read_document(path: str | os.PathLike[str], max_bytes: int = MAX_BYTES) -> Document:
    """Read one file as a document; an HTML page (``.html``, ``.htm``) is read as its article's text.

    Parameters
    ----------
    path : path-like
        A text file, an HTML page, or ``-`` for standard input (read as text).
    max_bytes : int
        Largest file accepted.

    Returns
    -------
    Document
        For a page: its article's text (see :func:`lineage.pages.read_page`)
        with the title, date, address and site name its markup gives.

    Raises
    ------
    InputError
        The file is missing, unreadable, empty, binary or too large, or a page holds no text.
    """
    doc = Document.from_path(path, max_bytes)
    name = os.fspath(path)
    if name == "-" or Path(name).suffix.lower() not in HTML_SUFFIXES:
        return doc
    page = read_page(doc.text, name)
    return replace(
        doc, text=page.text, title=page.title, date=page.date, url=page.url, source=page.source,
        extra={**doc.extra, "extractor": page.extractor},
    )


def _records(lines: Iterable[str], label: str) -> Iterator[tuple[int, Document | InputError]]:
    """Each non-blank line of JSON Lines as its number and its document, or the error that line makes."""
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield n, InputError(f"{label}:{n}: not valid JSON ({exc.msg})")
            continue
        if not isinstance(rec, dict):
            yield n, InputError(f"{label}:{n}: expected a JSON object")
            continue
        ident, text = rec.get("id"), rec.get("text")
        if ident is None or not isinstance(text, str):
            yield n, InputError(f"{label}:{n}: each record needs an \"id\" and a \"text\" string")
        elif not text.strip():
            yield n, InputError(f"{label}:{n}: document {ident} is empty")
        else:
            fields = {k: (str(rec[k]) if rec.get(k) is not None else None) for k in _FIELDS[2:]}
            extra = {k: str(v) for k, v in rec.items() if k not in _FIELDS}
            yield n, Document(id=str(ident), text=text, extra=extra, **fields)  # type: ignore[arg-type]


def read_jsonl(lines: Iterable[str], label: str) -> Iterator[Document]:
    """Documents from JSON Lines of ``{"id", "text", "date"?, "title"?, "url"?, "source"?}``; the first bad line raises InputError."""
    for _, rec in _records(lines, label):
        if isinstance(rec, InputError):
            raise rec
        yield rec


SkipHandler = Callable[[str, InputError], None]


def _read_jsonl_path(path: str, max_bytes: int, skip: SkipHandler) -> Iterator[Document]:
    label = "<stdin>" if path == "-" else path
    try:
        text, _, replaced = decode_text(read_bounded(path, max_bytes * 20), label)
    except InputError as exc:
        skip(label, exc)
        return
    warning = f"invalid UTF-8 byte(s) replaced in {label}"
    for n, rec in _records(text.splitlines(), label):
        if isinstance(rec, InputError):
            skip(f"{label}:{n}", rec)
        elif replaced and "\ufffd" in rec.text:
            yield replace(rec, extra={**rec.extra, "decode_warning": warning})
        else:
            yield rec


def _ignored(rel: Path) -> bool:
    """Hidden files and a folder's README describe the corpus rather than belong to it."""
    return any(part.startswith(".") for part in rel.parts) or rel.name.upper().startswith("README")


def _reason(exc: InputError, name: str) -> str:
    """An error's message without the name it starts with."""
    message = str(exc)
    return message[len(name) + 2:] if message.startswith(f"{name}: ") else message


def load(
    inputs: Sequence[str | os.PathLike[str]], max_bytes: int = MAX_BYTES, *, strict: bool = True,
    on_skip: Callable[[Skipped], None] | None = None,
) -> list[Document]:
    """Documents from files, directories, JSON Lines files or ``-``, skipping unusable files when not strict.

    A directory is walked recursively for ``.txt``, ``.md``, ``.html``,
    ``.htm``, ``.jsonl`` and ``.ndjson`` files (hidden files and README files
    left out); a file's id is its path under the directory, a JSON Lines
    record's id its ``"id"``.  HTML pages are read as their article's text
    (:func:`read_document`).

    Parameters
    ----------
    inputs : sequence of path
        What to read; ``-`` reads JSON Lines from standard input.
    max_bytes : int
        Largest single file accepted.
    strict : bool
        True (the default): the first unusable file or JSON Lines record
        raises InputError.  False: it is left out, and so is a document whose
        id was already taken, each reported to ``on_skip``.
    on_skip : callable, optional
        Called with a :class:`Skipped` for each input left out when not
        strict (``skipped = []; load(paths, strict=False, on_skip=skipped.append)``).

    Returns
    -------
    list of Document
        In input order; directory entries sorted by path.

    Raises
    ------
    InputError
        For a missing input, a corpus without documents, and when strict for
        an unusable file, a bad JSON line or duplicate ids.
    """
    skipped = 0

    def skip(name: str, exc: InputError) -> None:
        nonlocal skipped
        if strict:
            raise exc
        skipped += 1
        if on_skip:
            on_skip(Skipped(name, _reason(exc, name)))

    docs: list[Document] = []
    for item in inputs:
        name = os.fspath(item)
        p = Path(name)
        if name == "-" or (name.lower().endswith(JSONL_SUFFIXES) and not p.is_dir()):
            if name != "-" and not p.exists():
                raise InputError(f"{name}: no such file")
            docs.extend(_read_jsonl_path(name, max_bytes, skip))
        elif p.is_dir():
            files = sorted(
                f for f in p.rglob("*")
                if f.is_file() and f.suffix.lower() in TEXT_SUFFIXES + JSONL_SUFFIXES and not _ignored(f.relative_to(p))
            )
            for f in files:
                if f.suffix.lower() in JSONL_SUFFIXES:
                    docs.extend(_read_jsonl_path(str(f), max_bytes, skip))
                    continue
                try:
                    docs.append(replace(read_document(f, max_bytes), id=str(f.relative_to(p))))
                except InputError as exc:
                    skip(str(f), exc)
        elif p.exists():
            try:
                docs.append(read_document(p, max_bytes))
            except InputError as exc:
                skip(name, exc)
        else:
            raise InputError(f"{name}: no such file or directory")
    docs = _unique(docs, strict, skip)
    if not docs:
        looked = "looked for .txt, .md, .html, .htm, .jsonl and .ndjson"
        raise InputError(f"no documents found in the inputs ({looked}" + (f"; {skipped} skipped)" if skipped else ")"))
    return docs


def _unique(docs: list[Document], strict: bool, skip: SkipHandler) -> list[Document]:
    """``docs`` with unique ids: a duplicate raises when strict, else the later ones are skipped."""
    seen: Counter[str] = Counter(d.id for d in docs)
    dup = [k for k, v in seen.items() if v > 1]
    if not dup:
        return docs
    if strict:
        raise InputError(f"duplicate document id(s): {', '.join(sorted(dup)[:5])}")
    kept: dict[str, Document] = {}
    for d in docs:
        if d.id in kept:
            first = kept[d.id].path or "an earlier input"
            skip(d.path or d.id, InputError(f"duplicate document id {d.id} (already read from {first})"))
        else:
            kept[d.id] = d
    return list(kept.values())


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
    # Read, not cached on the caller's document: a corpus run prepares copies that find their own layout.
    for r in analyse(doc.text, doc.recurring).regions:
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


def with_recurring(docs: Iterable[Document], recurring: frozenset[str]) -> Iterator[Document]:
    """Copies of ``docs``, made one at a time, that treat ``recurring`` lines as page chrome.

    Copies even when nothing recurs: what a run caches on a document (its
    layout) goes with the copy, not onto the caller's documents.
    """
    return (replace(d, recurring=recurring) for d in docs)
