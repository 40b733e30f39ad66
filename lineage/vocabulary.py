"""lineage's vocabulary: verdicts, alignment labels, finding kinds and edge kinds, each with its meaning.

Every name lineage prints or writes comes from here.  The members are
``StrEnum``: they compare equal to their strings and serialise as them, so
JSON outputs and callers comparing with plain strings are unaffected.
"""

from __future__ import annotations

from enum import StrEnum


class Verdict(StrEnum):
    """What a comparison concludes about two texts, strongest first."""

    IDENTICAL = "identical"
    NEAR_DUPLICATE = "near-duplicate"
    PARAPHRASE = "paraphrase"
    PARTIAL_REUSE = "partial reuse"
    RELATED = "related"
    UNRELATED = "unrelated"

    @property
    def description(self) -> str:
        """One line saying what the verdict means."""
        return _VERDICTS[self]

    @property
    def is_reuse(self) -> bool:
        """True when one text reuses the other (partial reuse or stronger)."""
        return self in REUSE_VERDICTS


_VERDICTS = {
    Verdict.IDENTICAL: "the texts are equal once whitespace and Unicode forms are normalised (boilerplate aside)",
    Verdict.NEAR_DUPLICATE: "one text copies the other with a few words, figures or sentences changed",
    Verdict.PARAPHRASE: "one text rewrites most of the other in other words",
    Verdict.PARTIAL_REUSE: "one text copies or rewrites part of the other",
    Verdict.RELATED: "same story, shared quotations or one fixed format filled with other figures; no copying",
    Verdict.UNRELATED: "nothing of note in common",
}
#: Verdicts that mean one text reuses the other.
REUSE_VERDICTS = frozenset({Verdict.IDENTICAL, Verdict.NEAR_DUPLICATE, Verdict.PARAPHRASE, Verdict.PARTIAL_REUSE})


class PairLabel(StrEnum):
    """How closely an aligned pair of sentences (or a passage) follows its counterpart."""

    VERBATIM = "verbatim"
    NEAR_VERBATIM = "near-verbatim"
    PARAPHRASE = "paraphrase"
    SUMMARY = "summary"

    @property
    def description(self) -> str:
        """One line saying what the label means."""
        return _LABELS[self]


_LABELS = {
    PairLabel.VERBATIM: "the same words (word-level edit similarity 0.95 or more) and the same facts",
    PairLabel.NEAR_VERBATIM: "mostly the same words (edit similarity 0.80 or more)",
    PairLabel.PARAPHRASE: "the same content in other words",
    PairLabel.SUMMARY: "a paragraph condensing a longer stretch of the other text (passages only)",
}


class FindingKind(StrEnum):
    """A kind of divergent fact between a source and its copy."""

    QUOTE_ALTERED = "quote-altered"
    QUOTE_DROPPED = "quote-dropped"
    QUOTE_TO_REPORTED = "quote-to-reported"
    QUOTE_REATTRIBUTED = "quote-reattributed"
    ATTRIBUTION_DROPPED = "attribution-dropped"
    ATTRIBUTION_CHANGED = "attribution-changed"
    ATTRIBUTION_ADDED = "attribution-added"
    NUMBER_CHANGED = "number-changed"
    NAME_CHANGED = "name-changed"
    NAME_DROPPED = "name-dropped"
    ROLE_DROPPED = "role-dropped"
    ROLE_CHANGED = "role-changed"
    ORDER_SWAPPED = "order-swapped"
    MODALITY_SHIFTED = "modality-shifted"
    NEGATION_FLIPPED = "negation-flipped"
    SENTENCE_DROPPED = "sentence-dropped"
    SENTENCE_ADDED = "sentence-added"

    @property
    def description(self) -> str:
        """One line saying what the finding reports."""
        return _KINDS[self][0]

    @property
    def checker(self) -> str:
        """The module of :mod:`lineage.findings` whose ``check`` reports this kind."""
        return _KINDS[self][1]


_KINDS = {
    FindingKind.QUOTE_ALTERED: ("words inside a quotation differ", "quotes"),
    FindingKind.QUOTE_DROPPED: ("a quotation of the source is gone from the copy", "quotes"),
    FindingKind.QUOTE_TO_REPORTED: ("a quotation became unquoted reported speech", "quotes"),
    FindingKind.QUOTE_REATTRIBUTED: ("a quotation is given to another speaker", "quotes"),
    FindingKind.ATTRIBUTION_DROPPED: ("a statement lost the speaker it was attributed to", "attribution"),
    FindingKind.ATTRIBUTION_CHANGED: ("a statement is attributed to someone else", "attribution"),
    FindingKind.ATTRIBUTION_ADDED: ("the copy gives a speaker to a statement the source makes without one",
                                    "attribution"),
    FindingKind.NUMBER_CHANGED: ("a figure, date or time changed, or was dropped or added", "number_checks"),
    FindingKind.NAME_CHANGED: ("a name was replaced, respelled or truncated", "name_checks"),
    FindingKind.NAME_DROPPED: ("a name of the source is gone from the copy's passage", "name_checks"),
    FindingKind.ROLE_DROPPED: ("a person is kept but the role the source gives is gone", "name_checks"),
    FindingKind.ROLE_CHANGED: ("a person's role gained or lost a rank word (deputy, former, acting)", "roles"),
    FindingKind.ORDER_SWAPPED: ("the items of a coordination or list come in another order", "lists"),
    FindingKind.MODALITY_SHIFTED: ("a modal verb changed (should -> must, will be -> is)", "modality"),
    FindingKind.NEGATION_FLIPPED: ("a statement was negated or lost its negation", "modality"),
    FindingKind.SENTENCE_DROPPED: ("a sentence of the source has no counterpart in the copy", "sentences"),
    FindingKind.SENTENCE_ADDED: ("a sentence of the copy has no counterpart in the source", "sentences"),
}


class EdgeKind(StrEnum):
    """The kind of a derivation edge, from the comparison's verdict."""

    COPY = "copy"
    NEAR_DUPLICATE = "near-duplicate"
    PARAPHRASE = "paraphrase"
    PARTIAL_REUSE = "partial reuse"

    @classmethod
    def of(cls, verdict: Verdict | str) -> "EdgeKind":
        """The edge kind of a reuse verdict."""
        return _EDGE_OF[Verdict(verdict)]


_EDGE_OF = {
    Verdict.IDENTICAL: EdgeKind.COPY,
    Verdict.NEAR_DUPLICATE: EdgeKind.NEAR_DUPLICATE,
    Verdict.PARAPHRASE: EdgeKind.PARAPHRASE,
    Verdict.PARTIAL_REUSE: EdgeKind.PARTIAL_REUSE,
}
