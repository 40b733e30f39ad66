"""Typed, located and explained differences of fact between a source and its copy.

:func:`find_divergences` compares aligned passages (and lists dropped and added
sentences) with deterministic extractors for numbers and dates, names and roles,
quotations and attributions, list order, modality and negation.  Each result is a
:class:`Finding` naming its kind (one of :data:`lineage.options.FINDING_KINDS`),
a 0-1 severity, the spans in both texts and a one-line explanation.
"""

from __future__ import annotations

from .detect import find_divergences
from .finding import Finding

__all__ = ["Finding", "find_divergences"]
