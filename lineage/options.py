"""One frozen, validated options object shared by the command line and the library."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from types import MappingProxyType
from typing import Any, Mapping

from .errors import OptionsError
from .params import (
    AlignmentParams,
    CandidateParams,
    DerivationParams,
    DirectionParams,
    EvidenceParams,
    PassageParams,
    SummaryParams,
)
from .vocabulary import FindingKind

#: Every kind of divergent finding lineage can report (see :mod:`lineage.findings`).
FINDING_KINDS: tuple[str, ...] = tuple(str(k) for k in FindingKind)


def _proxy(mapping: Mapping[str, float]) -> Mapping[str, float]:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class Options:
    """Settings of a comparison, with defaults calibrated on public labelled data.

    Attributes
    ----------
    shingle_size : int
        Words per shingle for MinHash signatures (default 3).
    num_perm : int
        MinHash permutations (default 128); more is slower and more precise.
    seed : int
        Seed of the MinHash permutations; recorded in every result.
    keep_boilerplate : bool
        Keep page chrome, captions and reader comments in the comparison.
    min_sentence_score : float
        0-1 score at or above which two sentences are aligned (default 0.6,
        the best F1 on PAN 2013 and MRPC training pairs; ``benchmarks/calibrate.py``).
    max_bytes : int
        Largest input file accepted, in bytes (default 50 MB).
    findings : frozenset of str
        Kinds of divergent findings to report (default: all of ``FINDING_KINDS``).
    finding_thresholds : mapping of str to float
        Per-kind minimum severity (0-1) for a finding to be reported; a higher
        value makes that kind less sensitive.  Kinds not listed use 0.
    alignment, passages, summaries, candidates, derivation, evidence, direction
        The tuned parameters of each stage (:mod:`lineage.params`).
    """

    shingle_size: int = 3
    num_perm: int = 128
    seed: int = 1
    keep_boilerplate: bool = False
    min_sentence_score: float = 0.6
    max_bytes: int = 50_000_000
    findings: frozenset[str] = frozenset(FINDING_KINDS)
    finding_thresholds: Mapping[str, float] = field(default_factory=lambda: _proxy({}))
    alignment: AlignmentParams = AlignmentParams()
    passages: PassageParams = PassageParams()
    summaries: SummaryParams = SummaryParams()
    candidates: CandidateParams = CandidateParams()
    derivation: DerivationParams = DerivationParams()
    evidence: EvidenceParams = EvidenceParams()
    direction: DirectionParams = DirectionParams()

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle by fields, the read-only mapping as a plain dict (for worker processes)."""
        from dataclasses import fields as _fields

        values = {f.name: getattr(self, f.name) for f in _fields(self)}
        values["finding_thresholds"] = dict(values["finding_thresholds"])
        return (_rebuild, (type(self), values))

    def __post_init__(self) -> None:
        for name, cls in _PARAMS.items():
            if not isinstance(getattr(self, name), cls):
                raise OptionsError(f"{name} must be a {cls.__name__}, not {getattr(self, name)!r}")
        if not 1 <= self.shingle_size <= 10:
            raise OptionsError(f"shingle_size must be between 1 and 10, not {self.shingle_size}")
        if not 16 <= self.num_perm <= 1024:
            raise OptionsError(f"num_perm must be between 16 and 1024, not {self.num_perm}")
        if not 0 <= self.seed < 2**32:
            raise OptionsError(f"seed must be between 0 and 2**32-1, not {self.seed}")
        if not 0.0 < self.min_sentence_score < 1.0:
            raise OptionsError(
                f"min_sentence_score must be strictly between 0 and 1, not {self.min_sentence_score}"
            )
        if self.max_bytes < 1:
            raise OptionsError(f"max_bytes must be positive, not {self.max_bytes}")
        unknown = set(self.findings) - set(FINDING_KINDS)
        if unknown:
            raise OptionsError(f"unknown finding kind(s): {', '.join(sorted(unknown))}")
        object.__setattr__(self, "findings", frozenset(self.findings))
        for kind, value in self.finding_thresholds.items():
            if kind not in FINDING_KINDS:
                raise OptionsError(f"unknown finding kind in finding_thresholds: {kind}")
            if not 0.0 <= value <= 1.0:
                raise OptionsError(f"threshold for {kind} must be between 0 and 1, not {value}")
        object.__setattr__(self, "finding_thresholds", _proxy(self.finding_thresholds))

    def with_changes(self, **changes: Any) -> "Options":
        """Return a copy with some fields changed (validated again)."""
        names = {f.name for f in fields(self)}
        bad = set(changes) - names
        if bad:
            raise OptionsError(f"unknown option(s): {', '.join(sorted(bad))}")
        return replace(self, **changes)

    def threshold(self, kind: str) -> float:
        """Minimum severity for findings of ``kind``."""
        return float(self.finding_thresholds.get(kind, 0.0))


_PARAMS: dict[str, type] = {
    "alignment": AlignmentParams, "passages": PassageParams, "summaries": SummaryParams,
    "candidates": CandidateParams, "derivation": DerivationParams, "evidence": EvidenceParams,
    "direction": DirectionParams,
}

DEFAULT_OPTIONS = Options()


def _rebuild(cls: type[Any], values: dict[str, Any]) -> Any:
    """An object of ``cls`` from its field values (the inverse of ``__reduce__``)."""
    return cls(**values)
