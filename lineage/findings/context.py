"""The pair the checkers read: a source and its copy, what each says, and where they align."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..text.spans import Span
from .mentions import Mentions


@dataclass(frozen=True)
class PairContext:
    """A source text and its copy as every finding checker reads them.

    Attributes
    ----------
    src, dst : Mentions
        What the source (the presumed original) and the copy say, indexed.
    pairs : tuple of ((int, int), (int, int))
        Aligned passages as (source span, copy span).
    dropped : tuple of (int, int)
        Source sentences with no counterpart in the copy.
    added : tuple of (int, int)
        Copy sentences with no counterpart in the source.
    """

    src: Mentions
    dst: Mentions
    pairs: tuple[tuple[Span, Span], ...]
    dropped: tuple[Span, ...] = ()
    added: tuple[Span, ...] = ()

    @classmethod
    def of(
        cls, src: Mentions, dst: Mentions, pairs: Sequence[tuple[Span, Span]],
        dropped: Sequence[Span] = (), added: Sequence[Span] = (),
    ) -> "PairContext":
        """The context of two analysed texts, each judged with the evidence of both on one-word names."""
        return cls(src.paired(dst), dst.paired(src), tuple(pairs), tuple(dropped), tuple(added))

    @property
    def src_text(self) -> str:
        """The source's full text."""
        return self.src.text

    @property
    def dst_text(self) -> str:
        """The copy's full text."""
        return self.dst.text
