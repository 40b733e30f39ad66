"""Documents streamed from files, directories and JSON Lines, for archives too large to hold in memory.

The inputs of :func:`lineage.corpus.load` (files, directories read
recursively with the JSON Lines files in them, ``.jsonl`` files, ``-`` for
JSON Lines on standard input), plus gzip-compressed JSON Lines
(``.jsonl.gz``), read one document at a time; the first unusable input raises.
"""

from __future__ import annotations

import gzip
import io
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import IO, Iterator, Sequence

from ..corpus import JSONL_SUFFIXES, TEXT_SUFFIXES, read_document, read_jsonl
from ..documents import MAX_BYTES, Document
from ..errors import InputError

#: JSON Lines files, plain or compressed with gzip.
STREAM_SUFFIXES = (*JSONL_SUFFIXES, *(s + ".gz" for s in JSONL_SUFFIXES))


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
    opener = gzip.open if name.lower().endswith(".gz") else open
    with opener(name, "rb") as stream:
        yield from read_jsonl(_lines(stream, name), name)  # type: ignore[arg-type]


def _left_out(rel: Path) -> bool:
    """Hidden files and a folder's README describe the corpus rather than belong to it (as ``load``)."""
    return any(part.startswith(".") for part in rel.parts) or rel.name.upper().startswith("README")


def iter_documents(inputs: Sequence[str | os.PathLike[str]], max_bytes: int = MAX_BYTES) -> Iterator[Document]:
    """Documents from files, directories (recursively), JSON Lines files or ``-``, one at a time.

    Raises
    ------
    InputError
        For a missing input or an unreadable file or line, when reached.
    """
    for item in inputs:
        name = os.fspath(item)
        p = Path(name)
        if name == "-" or (name.lower().endswith(STREAM_SUFFIXES) and not p.is_dir()):
            yield from _jsonl(name)
        elif p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file() and not _left_out(f.relative_to(p))
                           and (f.suffix.lower() in TEXT_SUFFIXES or f.name.lower().endswith(STREAM_SUFFIXES)))
            for f in files:
                if f.name.lower().endswith(STREAM_SUFFIXES):
                    yield from _jsonl(str(f))
                else:
                    yield replace(read_document(f, max_bytes), id=str(f.relative_to(p)))
        elif p.exists():
            yield read_document(p, max_bytes)
        else:
            raise InputError(f"{name}: no such file or directory")
