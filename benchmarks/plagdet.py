"""PlagDet measures of the PAN text-alignment task, to score passage detections against truth.

Implements the character-level measures of Potthast, Stein, Barrón-Cedeño and
Rosso, "An Evaluation Framework for Plagiarism Detection" (COLING 2010), as used
to rank systems at PAN 2009-2015, and reads and writes the PAN XML format.

Definitions
-----------
A plagiarism case ``s`` and a detection ``r`` are both :class:`Annotation`\\ s:
a span of a suspicious document and a span of a source document.  Each is
viewed as the set of characters it covers in *both* documents, so
``|s| = this_length + source_length``.

* ``r`` *detects* ``s`` when both name the same suspicious and source document
  and their spans overlap (by at least one character) in the suspicious
  document *and* in the source document.
* ``s ⊓ r = s ∩ r`` if ``r`` detects ``s``, otherwise the empty set.
* macro recall ``rec(S, R) = 1/|S| · Σ_s |∪_r (s ⊓ r)| / |s|``
* macro precision ``prec(S, R) = 1/|R| · Σ_r |∪_s (s ⊓ r)| / |r|``
* granularity ``gran(S, R) = 1/|S_R| · Σ_{s ∈ S_R} |R_s|``, where ``S_R`` is
  the set of cases detected by at least one detection and ``R_s`` the
  detections that detect ``s``.
* ``plagdet = F1(prec, rec) / log2(1 + gran)``.

Conventions (those of the PAN evaluator, so figures are comparable)
-------------------------------------------------------------------
* The measures are computed once over all cases and detections of a corpus or
  subset, never averaged per document pair: a pair with five cases weighs five
  times a pair with one.
* Empty sets: with no cases *and* no detections, precision and recall are both
  1 (nothing to find, nothing wrongly found).  With cases but no detections,
  or detections but no cases, precision and recall are both 0.
* Granularity is 1 when there are no detections or no case is detected, so it
  never divides by zero and never rewards missing everything.
* PlagDet is 0 when precision and recall are both 0.
* Identical annotations are counted once (PAN reads them into a set), so
  reporting the same passage twice neither lowers precision nor raises
  granularity.
* A detection covering no character at all (both lengths 0) detects nothing
  and adds 0 to the precision sum; a case covering no character adds 0 to the
  recall sum.  Neither occurs in the PAN corpora.
"""

from __future__ import annotations

import math
import os
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import quoteattr

__all__ = [
    "Annotation",
    "Scores",
    "CASE_FEATURE",
    "DETECTION_FEATURE",
    "evaluate",
    "granularity",
    "macro_precision",
    "macro_recall",
    "plagdet_score",
    "read_xml",
    "write_xml",
]

#: ``name`` attribute of a truth feature in PAN XML.
CASE_FEATURE = "plagiarism"
#: ``name`` attribute of a detection feature in PAN XML.
DETECTION_FEATURE = "detected-plagiarism"


@dataclass(frozen=True, slots=True)
class Annotation:
    """One plagiarism case or detection: a suspicious span aligned with a source span.

    Attributes
    ----------
    this_reference : str
        File name of the suspicious document, e.g. ``suspicious-document00005.txt``.
    this_offset, this_length : int
        Character span in the suspicious document.
    source_reference : str
        File name of the source document, e.g. ``source-document01090.txt``.
    source_offset, source_length : int
        Character span in the source document.
    """

    this_reference: str
    this_offset: int
    this_length: int
    source_reference: str
    source_offset: int
    source_length: int

    def __post_init__(self) -> None:
        if min(self.this_offset, self.this_length, self.source_offset, self.source_length) < 0:
            raise ValueError(f"negative offset or length in {self!r}")

    @property
    def this_end(self) -> int:
        """End (exclusive) of the suspicious span."""
        return self.this_offset + self.this_length

    @property
    def source_end(self) -> int:
        """End (exclusive) of the source span."""
        return self.source_offset + self.source_length

    @property
    def size(self) -> int:
        """Number of characters covered, counting both documents."""
        return self.this_length + self.source_length


@dataclass(frozen=True, slots=True)
class Scores:
    """PlagDet and its components for one set of cases and detections.

    Attributes
    ----------
    plagdet : float
        F1 of precision and recall divided by ``log2(1 + granularity)``.
    precision : float
        Character-level macro precision.
    recall : float
        Character-level macro recall.
    granularity : float
        Average number of detections per detected case (>= 1).
    """

    plagdet: float
    precision: float
    recall: float
    granularity: float


def _overlaps(case: Annotation, det: Annotation) -> bool:
    """Tell whether ``det`` detects ``case`` (same pair, overlap in both documents)."""
    return (
        case.this_reference == det.this_reference
        and case.source_reference == det.source_reference
        and det.this_offset < case.this_end
        and case.this_offset < det.this_end
        and det.source_offset < case.source_end
        and case.source_offset < det.source_end
    )


def _union_length(spans: Iterable[tuple[int, int]]) -> int:
    """Number of integer positions covered by half-open spans, overlaps counted once."""
    total = 0
    cur_start = cur_end = -1
    for start, end in sorted(spans):
        if end <= start:
            continue
        if start > cur_end:
            total += cur_end - cur_start
            cur_start, cur_end = start, end
        elif end > cur_end:
            cur_end = end
    return total + (cur_end - cur_start)


def _covered(target: Annotation, others: Sequence[Annotation]) -> int:
    """Size of ``∪_o (target ⊓ o)``: characters of ``target`` inside overlapping ``others``."""
    this_spans = []
    source_spans = []
    for o in others:
        if not _overlaps(target, o):
            continue
        this_spans.append((max(target.this_offset, o.this_offset), min(target.this_end, o.this_end)))
        source_spans.append(
            (max(target.source_offset, o.source_offset), min(target.source_end, o.source_end))
        )
    if not this_spans:
        return 0
    return _union_length(this_spans) + _union_length(source_spans)


def _by_pair(annotations: Iterable[Annotation]) -> dict[tuple[str, str], list[Annotation]]:
    """Group annotations by (suspicious, source) document pair."""
    index: dict[tuple[str, str], list[Annotation]] = defaultdict(list)
    for a in annotations:
        index[(a.this_reference, a.source_reference)].append(a)
    return index


def _unique(annotations: Iterable[Annotation]) -> list[Annotation]:
    """Drop repeated identical annotations, keeping first-seen order."""
    return list(dict.fromkeys(annotations))


def _macro_coverage(targets: Sequence[Annotation], others: Sequence[Annotation]) -> float:
    """Average over ``targets`` of the fraction of each covered by overlapping ``others``.

    Recall is ``_macro_coverage(cases, detections)``; precision is the same with
    the roles swapped, exactly as in the paper.
    """
    if not targets and not others:
        return 1.0
    if not targets or not others:
        return 0.0
    index = _by_pair(others)
    total = 0.0
    for t in targets:
        if t.size == 0:
            continue
        candidates = index.get((t.this_reference, t.source_reference))
        if candidates:
            total += _covered(t, candidates) / t.size
    return total / len(targets)


def macro_recall(cases: Iterable[Annotation], detections: Iterable[Annotation]) -> float:
    """Character-level macro-averaged recall of ``detections`` on ``cases``.

    Parameters
    ----------
    cases : iterable of Annotation
        Truth plagiarism cases, possibly spanning many document pairs.
    detections : iterable of Annotation
        Detected passages, possibly spanning many document pairs.

    Returns
    -------
    float
        Mean over cases of the detected share of each case's characters;
        1 if both sets are empty, 0 if only one is.
    """
    return _macro_coverage(_unique(cases), _unique(detections))


def macro_precision(cases: Iterable[Annotation], detections: Iterable[Annotation]) -> float:
    """Character-level macro-averaged precision of ``detections`` on ``cases``.

    Parameters
    ----------
    cases : iterable of Annotation
        Truth plagiarism cases, possibly spanning many document pairs.
    detections : iterable of Annotation
        Detected passages, possibly spanning many document pairs.

    Returns
    -------
    float
        Mean over detections of the share of each detection's characters that
        lie in a case it detects; 1 if both sets are empty, 0 if only one is.
    """
    return _macro_coverage(_unique(detections), _unique(cases))


def granularity(cases: Iterable[Annotation], detections: Iterable[Annotation]) -> float:
    """Average number of detections per detected case.

    Parameters
    ----------
    cases : iterable of Annotation
        Truth plagiarism cases.
    detections : iterable of Annotation
        Detected passages.

    Returns
    -------
    float
        ``Σ_{s ∈ S_R} |R_s| / |S_R|``; 1 when no case is detected.
    """
    index = _by_pair(_unique(detections))
    detected = 0
    hits = 0
    for case in _unique(cases):
        n = sum(1 for d in index.get((case.this_reference, case.source_reference), ()) if _overlaps(case, d))
        if n:
            detected += 1
            hits += n
    return hits / detected if detected else 1.0


def plagdet_score(precision: float, recall: float, granularity: float) -> float:
    """Combine precision, recall and granularity into PlagDet.

    Parameters
    ----------
    precision, recall : float
        Macro precision and recall in [0, 1].
    granularity : float
        Granularity, at least 1.

    Returns
    -------
    float
        ``F1 / log2(1 + granularity)``, or 0 when precision and recall are both 0.
    """
    if precision + recall <= 0:
        return 0.0
    if granularity < 1:
        raise ValueError(f"granularity must be >= 1, got {granularity}")
    f1 = 2 * precision * recall / (precision + recall)
    return f1 / math.log2(1 + granularity)


def evaluate(cases: Iterable[Annotation], detections: Iterable[Annotation]) -> Scores:
    """Score detections against truth over a whole corpus or subset at once.

    Parameters
    ----------
    cases : iterable of Annotation
        All truth cases of the corpus (every pair together, not per pair).
    detections : iterable of Annotation
        All detections of the corpus.

    Returns
    -------
    Scores
        PlagDet, precision, recall and granularity, with the empty-set
        conventions described in the module docstring.
    """
    case_list = _unique(cases)
    det_list = _unique(detections)
    prec = _macro_coverage(det_list, case_list)
    rec = _macro_coverage(case_list, det_list)
    gran = granularity(case_list, det_list)
    return Scores(
        plagdet=plagdet_score(prec, rec, gran), precision=prec, recall=rec, granularity=gran
    )


def read_xml(path: str | os.PathLike[str], feature: str = CASE_FEATURE) -> list[Annotation]:
    """Read the cases (or detections) of one PAN XML file.

    Parameters
    ----------
    path : str or path-like
        A file ``<document reference="suspicious-documentX.txt"> <feature .../> </document>``.
    feature : str
        ``name`` of the features to read: ``"plagiarism"`` for truth (default)
        or ``"detected-plagiarism"`` for detections.  Other features (``about``,
        ``md5``) are ignored.

    Returns
    -------
    list of Annotation
        The features in file order; empty when the document holds none.

    Raises
    ------
    ValueError
        If the root has no ``reference`` or a matching feature lacks a
        source span or has a non-integer or negative offset or length.
    """
    root = ET.parse(path).getroot()
    this_ref = root.get("reference")
    if not this_ref:
        raise ValueError(f"{path}: root element has no 'reference' attribute")
    out: list[Annotation] = []
    for node in root.iter("feature"):
        if node.get("name") != feature:
            continue
        try:
            out.append(
                Annotation(
                    this_reference=this_ref,
                    this_offset=int(node.attrib["this_offset"]),
                    this_length=int(node.attrib["this_length"]),
                    source_reference=node.attrib["source_reference"],
                    source_offset=int(node.attrib["source_offset"]),
                    source_length=int(node.attrib["source_length"]),
                )
            )
        except (KeyError, ValueError) as exc:
            raise ValueError(f"{path}: bad {feature!r} feature {node.attrib}: {exc}") from exc
    return out


def write_xml(
    path: str | os.PathLike[str],
    this_reference: str,
    detections: Iterable[Annotation],
) -> None:
    """Write detections of one suspicious document as a PAN detections XML file.

    Parameters
    ----------
    path : str or path-like
        Output file, conventionally ``suspicious-documentX-source-documentY.xml``.
    this_reference : str
        File name of the suspicious document (the root ``reference``); written
        even when there are no detections, as PAN expects one file per pair.
    detections : iterable of Annotation
        Detections, each written as one ``detected-plagiarism`` feature.

    Raises
    ------
    ValueError
        If a detection belongs to another suspicious document.
    """
    lines = [f"<document reference={quoteattr(this_reference)}>"]
    for d in detections:
        if d.this_reference != this_reference:
            raise ValueError(f"detection {d!r} is not about {this_reference!r}")
        lines.append(
            f'<feature name="{DETECTION_FEATURE}"'
            f' this_offset="{d.this_offset}" this_length="{d.this_length}"'
            f" source_reference={quoteattr(d.source_reference)}"
            f' source_offset="{d.source_offset}" source_length="{d.source_length}"/>'
        )
    lines.append("</document>\n")
    Path(path).write_text("\n".join(lines), encoding="utf-8")
