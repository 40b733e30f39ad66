"""Sentence splitters under one signature, ``split(text) -> [(start, end)]``, for the benchmark.

Every splitter is handed the whole text and returns sentence spans as character
offsets into it.  Lineage's two splitters and the libraries are driven line by
line, as lineage's layout hands them its paragraphs: a newline always ends a
sentence.  A candidate ``lineage.text.sentences.split_sentences`` is called on
the whole text, since its contract is to do the same by itself, and so is the
rule sketch of :mod:`benchmarks.sentence_rules`.  pysbd is
measured when installed but is not in the ``bench`` extra: its wheel also
installs a top-level ``benchmarks`` package that shadows this folder.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterator
from pathlib import Path

Span = tuple[int, int]
Splitter = Callable[[str], list[Span]]

_LINE = re.compile(r"[^\n\r]+")


def lines(text: str) -> Iterator[Span]:
    """Non-blank lines of ``text`` as (start, end) spans, as lineage's layout finds them."""
    for m in _LINE.finditer(text):
        if not m.group().isspace():
            yield m.start(), m.end()


def starts(spans: list[Span], text: str) -> list[int]:
    """Sorted offsets where the non-blank spans begin, leading whitespace skipped."""
    out = set()
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        if s < e:
            out.add(s)
    return sorted(out)


def per_line(split_line: Callable[[str], list[Span]]) -> Splitter:
    """A splitter that calls ``split_line`` on each line and shifts its spans to text offsets."""

    def split(text: str) -> list[Span]:
        out: list[Span] = []
        for s, e in lines(text):
            out.extend((s + a, s + b) for a, b in split_line(text[s:e]))
        return out

    return split


def _segments() -> Splitter:
    from lineage.segments import split_sentences

    def split(text: str) -> list[Span]:
        out: list[Span] = []
        for s, e in lines(text):
            out.extend(split_sentences(text, s, e))
        return out

    return split


def _findings() -> Splitter:
    from lineage.findings.text import sentences

    return lambda text: sentences(text)


def _pysbd() -> Splitter:
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=False)

    def split_line(line: str) -> list[Span]:
        spans, pos = [], 0
        for piece in segmenter.segment(line):
            # Segments normally tile the input; find() covers the rare one that does not.
            at = pos if line.startswith(piece, pos) else line.find(piece.strip(), pos)
            if at < 0:
                continue
            spans.append((at, at + len(piece)))
            pos = at + len(piece)
        return spans

    return per_line(split_line)


def _syntok() -> Splitter:
    from syntok import segmenter

    def split_line(line: str) -> list[Span]:
        return [
            (sent[0].offset, sent[-1].offset + len(sent[-1].value))
            for para in segmenter.analyze(line)
            for sent in para
            if sent
        ]

    return per_line(split_line)


def _candidate() -> Splitter:
    import lineage

    module = importlib.import_module("lineage.text.sentences")
    # An editable install can serve a submodule from another checkout: take only our own.
    if Path(module.__file__ or "").parent.parent != Path(lineage.__file__).parent:
        raise ImportError(f"lineage.text.sentences comes from {module.__file__}")
    return module.sentences  # type: ignore[no-any-return]


def _rules() -> Splitter:
    from benchmarks.sentence_rules import split_sentences

    return split_sentences


#: Splitter factories by display name; a factory raising ImportError or
#: AttributeError marks a splitter that is not available here.
FACTORIES: dict[str, Callable[[], Splitter]] = {
    "lineage segments": _segments,
    "lineage findings": _findings,
    "pysbd": _pysbd,
    "syntok": _syntok,
    "lineage (new)": _candidate,
    "rules sketch": _rules,
}


def available(names: list[str] | None = None) -> tuple[dict[str, Splitter], dict[str, str]]:
    """Splitters that can be built here, and why the others cannot.

    Parameters
    ----------
    names : list of str, optional
        Display names to keep (all when None).

    Returns
    -------
    tuple of dict
        Name to splitter, in the order of :data:`FACTORIES`; name to the
        reason it is missing (a library not installed, no candidate yet).
    """
    out, missing = {}, {}
    for name, factory in FACTORIES.items():
        if names and name not in names:
            continue
        try:
            out[name] = factory()
        except (ImportError, AttributeError) as exc:
            missing[name] = str(exc)
    return out, missing


def versions() -> dict[str, str]:
    """Installed versions of the libraries the benchmark compares."""
    from importlib import metadata

    out = {}
    for dist in ("pysbd", "syntok", "snowballstemmer", "PyStemmer", "regex"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "absent"
    return out
