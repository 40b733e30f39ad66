"""Direction signals from raw pair features: one number per signal, positive when it favours A as the source."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

Features = Mapping[str, Any]


def _diff(name: str, source_side: int = 0) -> Callable[[Features], float | None]:
    """Signal ``A - B`` of a per-side count (``B - A`` when the copy is the side that has more)."""
    def f(x: Features) -> float | None:
        v = x.get(name)
        if v is None or v[0] is None or v[1] is None:
            return None
        return float(v[0] - v[1]) if source_side == 0 else float(v[1] - v[0])
    return f


def _findings_total(x: Features) -> float | None:
    keys = [k for k in x if k.startswith("finding:")]
    if not keys:
        return None
    return float(sum(x[k][0] - x[k][1] for k in keys))


def _cohesion_contrast(x: Features) -> float | None:
    c, f = x.get("context_cohesion"), x.get("far_cohesion")
    if not c or not f or None in c or None in f:
        return None
    return (c[0] - f[0]) - (c[1] - f[1])


def _wps(x: Features) -> float | None:
    w = x.get("words_per_sentence")
    if not w or not w[0] or not w[1]:
        return None
    return math.log2(w[0] / w[1])


#: Every signal measured: name -> (what it is, function of the features).
SIGNALS: dict[str, tuple[str, Callable[[Features], float | None]]] = {
    "coverage": ("share of B reused minus share of A reused (the more contained text as the copy)",
                 lambda x: x["reused"][1] - x["reused"][0]),
    "longer": ("log2 of A's length over B's (the longer text as the source)", lambda x: x["log_length"]),
    "specifics_lineage": (("capitalised words and numbers only A's aligned sentences hold, minus B's "
                          "(direction_features.specifics)"), _diff("specifics_lineage")),
    "names_only": (("names (extract_names) in A's aligned sentences none of whose words B's counterpart has, "
                   "minus the same for B"), _diff("names_only")),
    "names_fuller": ("names in A's aligned sentences of which B's counterpart keeps only some words, minus B's",
                     _diff("names_fuller")),
    "roles_only": ("roles attached to names in A's aligned sentences that B's counterpart lacks, minus B's",
                   _diff("roles_only")),
    "figures_only": (("figures (extract_numbers, not weak) in A's aligned sentences with no equal figure in B's "
                     "counterpart, minus B's"), _diff("figures_only")),
    "figures_precise": ("figures A states with more significant digits than a close figure in B, minus B's",
                        _diff("figures_precise")),
    "quotes": ("aligned pairs quoted in A and not in B, minus the reverse", _diff("quoted")),
    "reported_speech": (("aligned pairs quoted in A and reported in B without quotation marks, with verbs shifted "
                        "back or first person turned third, minus the reverse"), _diff("reported", 1)),
    "summary": ("lineage's summary evidence: +1.5 per paragraph of B condensing A, -1.5 per paragraph of A",
                lambda x: x.get("summary", 0.0)),
    "findings_asym": (("asymmetric findings (quote-dropped, quote-to-reported, attribution-dropped, name-dropped, "
                      "role-dropped) with A as source minus with B as source"), _findings_total),
    "attribution_added": ("attribution verbs in B's aligned sentences that A's lack, minus the reverse",
                          _diff("attribution_added", 1)),
    "hedge_added": ("hedges and approximations in B's aligned sentences that A's lack, minus the reverse",
                    _diff("hedge_added", 1)),
    "backshift": ("verbs back-shifted in B (will->would, is->was), minus in A", _diff("backshift", 1)),
    "merged": ("aligned pairs with more sentences in A than in B, minus the reverse", _diff("merged")),
    "disfluent": ("ill-formed function-word bigrams per 100 words in B's aligned text, minus A's",
                  _diff("aligned_disfluent", 1)),
    "malformed": (("orthographic slips per 100 words (space before punctuation, lower-case sentence start, "
                  "doubled word) in B's aligned text, minus A's"), _diff("aligned_malformed", 1)),
    "displaced_caps": ("capitalised function words inside sentences per 100 words in B's aligned text, minus A's",
                       _diff("aligned_displaced_caps", 1)),
    "rare_punct": ("semicolons, colons, brackets and dashes per 100 words in A's aligned text, minus B's",
                   _diff("aligned_rare_punct")),
    "ttr": ("type-token ratio of A's aligned text minus B's", _diff("aligned_ttr")),
    "words_per_sentence": ("log2 of words per aligned sentence, A over B", _wps),
    "interior": ("unaligned sentences between B's aligned ones, minus A's (insertions into the copy)",
                 _diff("interior", 1)),
    "head": ("unaligned sentences before B's first aligned one, minus A's", _diff("head", 1)),
    "tail": ("unaligned sentences after B's last aligned one, minus A's", _diff("tail", 1)),
    "start": ("relative position of B's first aligned sentence minus A's", _diff("start", 1)),
    "context_cohesion": ("share of the context sentences' stems found in the aligned block, A minus B",
                         _diff("context_cohesion")),
    "cohesion_contrast": ("context cohesion over distant-sentence cohesion, A minus B", _cohesion_contrast),
    "context_names": ("capitalised words of context sentences that the aligned block also has, A minus B",
                      _diff("context_names")),
    "wrapped": ("share of B's aligned sentences broken over lines, minus A's (a layout trace, not wording)",
                _diff("wrapped", 1)),
    "temporal": ("back-references (earlier, previously, had said) in B's unaligned text, minus A's",
                 _diff("temporal_unaligned", 1)),
}
for _kind in ("quote-dropped", "quote-to-reported", "attribution-dropped", "name-dropped", "role-dropped"):
    SIGNALS[f"finding:{_kind}"] = (f"{_kind} findings with A as source minus with B as source",
                                   _diff(f"finding:{_kind}"))


def signal_values(features: Features) -> dict[str, float | None]:
    """Every signal of one pair (None when it cannot be measured, e.g. no aligned pairs)."""
    out: dict[str, float | None] = {}
    for name, (_, fn) in SIGNALS.items():
        try:
            v = fn(features)
        except (KeyError, TypeError, IndexError):
            v = None
        out[name] = None if v is None else round(float(v), 4)
    return out
