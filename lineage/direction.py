"""Direction: which of two texts is the source, stated only on evidence that holds up.

Publication dates decide when both are known and differ.  Without them, the
text says little: on PAN 2013 train pairs (source known) and on Reuters
stories (the earlier one taken as source), the shorter or more contained
text, the one that lost names, figures or roles, or the one with fewer
quotations is the copy barely more often than chance, and sometimes less
(``benchmarks/direction.py``; ``benchmarks/RESULTS.md``, "Direction without
dates").  Two signals are kept:

- a paragraph condensing a stretch of the other text: the text holding the
  summary is the derived one (right in every decided PAN 05 pair);
- quotations reported without quotation marks, with a trace of the
  conversion (verbs shifted back, the speaker's first person gone, a
  reporting frame), in several aligned pairs: the quoting text is the source.

Everything else is undetermined rather than guessed: a verbatim copy, signals
that disagree, and a named source whose shared material lies much deeper in
it than in the other text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Sequence

from .alignment import VERBATIM, AlignedPair
from .params import DirectionParams
from .prepare import PreparedDocument
from .summaries import Summary
from .text.quotes import is_closed

# Verbs of direct speech and their reported (shifted-back) forms.
_BACKSHIFT = {"will": "would", "shall": "should", "is": "was", "are": "were", "has": "had", "have": "had",
              "can": "could", "may": "might"}
_FIRST_PERSON = frozenset({"i", "we", "my", "our", "me", "us", "mine", "ours"})
_FRAME = re.compile(r"\b(?:said|says|told \w+|added|stated) that\b|\baccording to\b", re.IGNORECASE)
_LETTERS = re.compile(r"[a-z]+")


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


def parse_date(value: str | None) -> datetime | None:
    """An ISO date or date-time as lineage records them, or None."""
    if not value:
        return None
    for fmt in ("%Y-%m-%dT%H:%M", "%Y-%m-%d"):
        try:
            return datetime.strptime(value[:16], fmt)
        except ValueError:
            continue
    return None


def _quoted(p: PreparedDocument, start: int, end: int) -> list[tuple[int, int]]:
    """Quotations, both marks present, lying in ``[start, end)``: what a writer quoted there."""
    return [q for q in p.quotes if start <= q[0] and q[1] <= end and is_closed(p.text, q)]


def _reported(quoter: PreparedDocument, qspan: tuple[int, int], plain: PreparedDocument,
              pspan: tuple[int, int]) -> bool:
    """Whether ``plain`` reports in indirect speech what ``quoter`` quotes in an aligned pair.

    The plain side has no quotation; and the conversion left a trace: verbs
    shifted back ("will" -> "would"), the speaker's first person gone, or a
    reporting frame ("said that", "according to") the quoting side lacks.
    """
    quotes = _quoted(quoter, *qspan)
    if not quotes or any(q[0] < pspan[1] and pspan[0] < q[1] for q in plain.quotes):
        return False
    qtext, ptext = quoter.text[qspan[0]:qspan[1]], plain.text[pspan[0]:pspan[1]]
    wq, wp = Counter(_LETTERS.findall(qtext.lower())), Counter(_LETTERS.findall(ptext.lower()))
    if any(wq[now] > wp[now] and wp[past] > wq[past] for now, past in _BACKSHIFT.items()):
        return True
    inside = " ".join(quoter.text[q0:q1] for q0, q1 in quotes).lower()
    first = {w for w in _LETTERS.findall(inside) if w in _FIRST_PERSON}
    if first and not any(wp[w] for w in first):
        return True
    return len(_FRAME.findall(ptext)) > len(_FRAME.findall(qtext))


def _depth(pairs: Sequence[AlignedPair], side: str) -> int:
    """Index of the first sentence of a side that holds reused material."""
    return min((p.a[0] if side == "a" else p.b[0]) for p in pairs)


def _verbatim_share(pairs: Sequence[AlignedPair]) -> float:
    chars = sum(p.a_end - p.a_start for p in pairs) or 1
    return sum(p.a_end - p.a_start for p in pairs if p.label == VERBATIM) / chars


def direction(
    copy_pairs: Sequence[AlignedPair],
    pa: PreparedDocument,
    pb: PreparedDocument,
    summaries: Sequence[Summary] = (),
    params: DirectionParams = DirectionParams(),
) -> Direction:
    """Which of two texts that share reuse is the source, and why; undetermined when nothing holds up.

    Parameters
    ----------
    copy_pairs : sequence of AlignedPair
        The aligned pairs that are evidence of reuse.
    pa, pb : PreparedDocument
        Texts A and B (their dates, quotations and sentences are read).
    summaries : sequence of Summary
        Paragraphs of either text found to condense the other.
    params : DirectionParams
        How many converted quotations decide, the depth veto and the verbatim guard.

    Returns
    -------
    Direction
        ``source`` "a", "b" or None, with its basis ("dates" or "evidence"),
        a 0-1 confidence, and the reasons.
    """
    if not copy_pairs and not summaries:
        return Direction(None, 0.0, ())
    da, db = parse_date(pa.date), parse_date(pb.date)
    if da and db and da != db:
        first = "A" if da < db else "B"
        reason = Reason(f"{first} is dated earlier ({pa.date} vs {pb.date})", 3.0 if da < db else -3.0)
        return Direction("a" if da < db else "b", params.dates_confidence, (reason,), "dates")
    reasons: list[Reason] = []
    for sm in summaries:
        # Named after the text holding the summary: it is the derived one.
        held, other = ("A", "B") if sm.side == "a" else ("B", "A")
        reasons.append(Reason(
            f"{held} has a paragraph condensing {other} ({sm.coverage:.0%} of its content words are in {other}, "
            f"{sm.baseline:.0%} for {held}'s other paragraphs)",
            params.summary_weight * (-1 if sm.side == "a" else 1),
        ))
    reported_in_b = sum(_reported(pa, (p.a_start, p.a_end), pb, (p.b_start, p.b_end)) for p in copy_pairs)
    reported_in_a = sum(_reported(pb, (p.b_start, p.b_end), pa, (p.a_start, p.a_end)) for p in copy_pairs)
    net = reported_in_b - reported_in_a
    if abs(net) >= params.reported_pairs:
        quoter, reporter = ("A", "B") if net > 0 else ("B", "A")
        reasons.append(Reason(
            f"{quoter} quotes speakers where {reporter}'s aligned sentences report them in indirect speech "
            f"({max(reported_in_a, reported_in_b)} vs {min(reported_in_a, reported_in_b)})",
            params.reported_weight * (1 if net > 0 else -1),
        ))
    if not reasons:
        return Direction(None, 0.0, ())
    if any(r.weight > 0 for r in reasons) and any(r.weight < 0 for r in reasons):
        return Direction(None, 0.0, tuple(reasons) + (Reason("the signals disagree", 0.0),))
    source = "a" if reasons[0].weight > 0 else "b"
    if not summaries and _verbatim_share(copy_pairs) >= params.verbatim_guard:
        return Direction(None, 0.0, tuple(reasons) + (Reason("the copy is verbatim: nothing shows its direction", 0.0),))
    if copy_pairs and _depth(copy_pairs, source) - _depth(copy_pairs, "b" if source == "a" else "a") >= params.depth_veto:
        return Direction(None, 0.0, tuple(reasons) + (
            Reason("the text named as source holds the shared material much deeper than the other", 0.0),))
    confidence = params.summary_confidence if summaries else params.reported_confidence
    return Direction(source, confidence, tuple(reasons), "evidence")
