"""Direction: which of two texts is the source, from dates when both are known, else from the text.

Publication dates decide when both are known and differ.  Otherwise the
evidence is what a copy leaves behind, each reason with a weight (positive
favours A as the source); when the weights do not add up to a clear answer,
the direction stays undetermined rather than guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Sequence

from .alignment import AlignedPair
from .evidence import _quoted_in
from .prepare import PreparedDocument, Segment
from .summaries import Summary
from .text.words import STOPWORDS

#: Weight of a paragraph condensing the other text, towards the other text as the source.
SUMMARY_WEIGHT = 1.5
#: Direction needs this much net evidence (in evidence units) to be stated.
DIRECTION_MIN_EVIDENCE = 1.0

_CAPWORD = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*")
_NUMBER = re.compile(r"\d[\d,.]*")


@dataclass(frozen=True)
class Reason:
    """One reason for a direction: what was seen and its weight (positive favours A as source)."""

    reason: str
    weight: float

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {"reason": self.reason, "weight": round(self.weight, 3)}


@dataclass(frozen=True)
class Direction:
    """Which text is the likely source: ``"a"``, ``"b"`` or None (undetermined), and why."""

    source: str | None
    confidence: float
    evidence: tuple[Reason, ...]
    basis: str | None = None  # "dates" or "evidence" when a source is named


def _segtext(segs: Sequence[Segment], idx: Sequence[int]) -> str:
    return " ".join(segs[i].text for i in idx)


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    for fmt in ("%Y-%m-%dT%H:%M", "%Y-%m-%d"):
        try:
            return datetime.strptime(value[:16], fmt)
        except ValueError:
            continue
    return None


def _specifics(text: str) -> set[str]:
    """Names and figures a sentence carries: what a copy tends to lose."""
    stop = STOPWORDS
    names = set()
    for m in _CAPWORD.finditer(text):
        # A capitalised function word ("The", "It" after a quotation mark) is no name.
        words = m.group().split()
        while words and words[0].lower() in stop:
            words.pop(0)
        if words:
            names.add(" ".join(words))
    return names | {m.group().rstrip(".,") for m in _NUMBER.finditer(text)}


def direction(
    copy_pairs: Sequence[AlignedPair],
    pa: PreparedDocument,
    pb: PreparedDocument,
    reused_a: float,
    reused_b: float,
    date_a: str | None,
    date_b: str | None,
    summaries: Sequence[Summary] = (),
) -> Direction:
    """Weigh the evidence for which text is the source; undetermined when it is weak.

    Publication dates decide when both are known and differ (the rest of the
    evidence then only sets the confidence).  Otherwise the evidence is:
    coverage asymmetry (the copy is the text more fully contained in the
    other); specifics (names, roles, figures) present on one side of aligned
    pairs but lost on the other; quotations on one side reported without
    quotation marks on the other; and paragraphs condensing the other text
    (a summary is written from its source, not the other way round).
    """
    if not copy_pairs and not summaries:
        return Direction(None, 0.0, ())
    ev: list[Reason] = []
    da, db = _parse_date(date_a), _parse_date(date_b)
    if da and db and da != db:
        w = 3.0 if da < db else -3.0
        ev.append(Reason(f"{'A' if w > 0 else 'B'} is dated earlier ({date_a} vs {date_b})", w))
    diff = reused_b - reused_a
    if abs(diff) >= 0.15:
        ev.append(Reason(
            f"{'B' if diff > 0 else 'A'} is more fully contained in the other "
            f"({max(reused_a, reused_b):.0%} of it reused vs {min(reused_a, reused_b):.0%})",
            2.0 * diff,
        ))
    lost_a = lost_b = 0
    examples_a: list[str] = []
    examples_b: list[str] = []
    for p in copy_pairs:
        xa, xb = _specifics(_segtext(pa.segments, p.a)), _specifics(_segtext(pb.segments, p.b))
        only_a = {x for x in xa - xb if not any(x in y or y in x for y in xb)}
        only_b = {x for x in xb - xa if not any(x in y or y in x for y in xa)}
        lost_a += len(only_a)
        lost_b += len(only_b)
        examples_a.extend(sorted(only_a))
        examples_b.extend(sorted(only_b))
    examples_a, examples_b = list(dict.fromkeys(examples_a)), list(dict.fromkeys(examples_b))
    total = lost_a + lost_b
    if total >= 3 and lost_a != lost_b:
        w = 1.5 * (lost_a - lost_b) / total * min(1.0, total / 6)
        side, other, ex = ("A", "B", examples_a) if w > 0 else ("B", "A", examples_b)
        ev.append(Reason(
            f"{side} holds names and figures that {other}'s aligned sentences lack "
            f"({max(lost_a, lost_b)} vs {min(lost_a, lost_b)}, e.g. {', '.join(ex[:4])})",
            w,
        ))
    # A copy turns quotations into reported speech far more often than it invents them.
    qa = [bool(_quoted_in(pa.quotes, p.a_start, p.a_end)) for p in copy_pairs]
    qb = [bool(_quoted_in(pb.quotes, p.b_start, p.b_end)) for p in copy_pairs]
    quoted_a = sum(1 for x, y in zip(qa, qb) if x and not y)
    quoted_b = sum(1 for x, y in zip(qa, qb) if y and not x)
    if quoted_a + quoted_b >= 2 and quoted_a != quoted_b:
        total = quoted_a + quoted_b
        w = 1.5 * (quoted_a - quoted_b) / total * min(1.0, total / 3)
        side, other = ("A", "B") if w > 0 else ("B", "A")
        ev.append(Reason(
            f"{side} quotes speakers where {other}'s aligned sentences report them without quotation marks "
            f"({max(quoted_a, quoted_b)} vs {min(quoted_a, quoted_b)})",
            w,
        ))
    for sm in summaries:
        # Named after the text holding the summary: it is the derived one.
        held, other = ("A", "B") if sm.side == "a" else ("B", "A")
        ev.append(Reason(
            f"{held} has a paragraph condensing {other} ({sm.coverage:.0%} of its content words are in {other}, "
            f"{sm.baseline:.0%} for {held}'s other paragraphs)",
            SUMMARY_WEIGHT * (-1 if sm.side == "a" else 1),
        ))
    if da and db and da != db:
        # Dates decide; textual evidence against them only lowers the confidence.
        toward = sum(e.weight for e in ev[1:]) * (1 if da < db else -1)
        confidence = min(1.0, max(0.2, 0.7 + toward / 5))
        return Direction("a" if da < db else "b", round(confidence, 3), tuple(ev), "dates")
    score = sum(e.weight for e in ev)
    if abs(score) < DIRECTION_MIN_EVIDENCE:
        return Direction(None, round(min(1.0, abs(score) / 3.0), 3), tuple(ev))
    return Direction("a" if score > 0 else "b", round(min(1.0, abs(score) / 3.0), 3), tuple(ev), "evidence")
