"""The Finding record: one typed, located, explained difference between a source and its copy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import LineageError
from ..options import FINDING_KINDS


@dataclass(frozen=True)
class Finding:
    """A divergent fact between an original passage and its copy.

    Attributes
    ----------
    kind : str
        One of :data:`lineage.options.FINDING_KINDS`.
    severity : float
        0-1; 1 is most serious (an altered quotation is about 0.95, a changed
        number 0.8, a modality shift 0.5, a reordered list 0.3).
    src_span, dst_span : tuple of int, or None
        ``[start, end)`` character offsets of the divergent item in the full
        source and copy texts; ``None`` when the item has no counterpart on
        that side (a dropped quotation has no ``dst_span``).
    src_excerpt, dst_excerpt : str
        The text at those spans, or ``""``.
    explanation : str
        One plain-English sentence saying what changed.
    """

    kind: str
    severity: float
    src_span: tuple[int, int] | None
    dst_span: tuple[int, int] | None
    src_excerpt: str
    dst_excerpt: str
    explanation: str

    def __post_init__(self) -> None:
        if self.kind not in FINDING_KINDS:
            raise LineageError(f"unknown finding kind: {self.kind}")
        if not 0.0 <= self.severity <= 1.0:
            raise LineageError(f"severity must be between 0 and 1, not {self.severity}")

    def to_dict(self) -> dict[str, Any]:
        """The finding as a JSON-ready dict (spans as two-item lists or null)."""
        return {
            "kind": self.kind,
            "severity": round(self.severity, 3),
            "src_span": list(self.src_span) if self.src_span is not None else None,
            "dst_span": list(self.dst_span) if self.dst_span is not None else None,
            "src_excerpt": self.src_excerpt,
            "dst_excerpt": self.dst_excerpt,
            "explanation": self.explanation,
        }


def make_finding(
    kind: str,
    severity: float,
    src_text: str,
    dst_text: str,
    src_span: tuple[int, int] | None,
    dst_span: tuple[int, int] | None,
    explanation: str,
) -> Finding:
    """Build a Finding whose excerpts are taken from the texts, so they always match the spans."""
    return Finding(
        kind=kind,
        severity=round(min(1.0, max(0.0, severity)), 3),
        src_span=src_span,
        dst_span=dst_span,
        src_excerpt=src_text[src_span[0] : src_span[1]] if src_span else "",
        dst_excerpt=dst_text[dst_span[0] : dst_span[1]] if dst_span else "",
        explanation=explanation,
    )


def shorten(text: str, limit: int = 70) -> str:
    """One-line excerpt for explanations: whitespace collapsed, cut at a word with an ellipsis."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "\u2026"
