"""Documents streamed from files, directories and JSON Lines, for archives too large to hold in memory.

The same inputs as :func:`lineage.corpus.load` (files, directories read
recursively, ``.jsonl`` files, ``-`` for JSON Lines on standard input), plus
gzip-compressed JSON Lines (``.jsonl.gz``), read one document at a time.
"""

from __future__ import annotations

import gzip
import io
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import IO, Iterator, Sequence

from ..corpus import TEXT_SUFFIXES, _from_file, _skipped, read_jsonl
from ..documents import MAX_BYTES, Document
from ..errors import InputError

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")


def _lines(stream: IO[bytes], label: str) -> Iterator[str]:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="strict")
    try:
        yield from text
    except UnicodeDecodeError:
        raise InputError(f"{label}: not UTF-8 text") from None
    except (OSError, EOFError) as exc:
        raise InputError(f"{label}: cannot read ({exc})") from None


def _jsonl(name: str) -> Iterator[Document]:
    if name == "-":
        yield from read_jsonl(_lines(sys.stdin.buffer, "<stdin>"), "<stdin>")
        return
    if not Path(name).is_file():
        raise InputError(f"{name}: no such file")
    opener = gzip.open if name.endswith(".gz") else open
    with opener(name, "rb") as stream:
        yield from read_jsonl(_lines(stream, name), name)  # type: ignore[arg-type]


def size_of(inputs: Sequence[str | os.PathLike[str]]) -> int:
    """Bytes of the named files and directories (for a progress display); 0 for standard input."""
    total = 0
    for item in inputs:
        p = Path(os.fspath(item))
        if p.is_file():
            total += p.stat().st_size
        elif p.is_dir():
            total += sum(f.stat().st_size for f in p.rglob("*") if f.is_file())
    return total


def iter_documents(inputs: Sequence[str | os.PathLike[str]], max_bytes: int = MAX_BYTES) -> Iterator[Document]:
    """Documents from files, directories (recursively: .txt, .md, .html), JSON Lines or ``-``, lazily.

    Raises
    ------
    InputError
        For a missing input or an unreadable file or line, when reached.
    """
    for item in inputs:
        name = os.fspath(item)
        if name == "-" or name.endswith(JSONL_SUFFIXES):
            yield from _jsonl(name)
            continue
        p = Path(name)
        if p.is_dir():
            files = sorted(f for f in p.rglob("*")
                           if f.is_file() and f.suffix.lower() in TEXT_SUFFIXES and not _skipped(f.relative_to(p)))
            for f in files:
                doc = _from_file(f, max_bytes)
                yield replace(doc, id=str(f.relative_to(p)))
        elif p.exists():
            yield _from_file(p, max_bytes)
        else:
            raise InputError(f"{name}: no such file or directory")
