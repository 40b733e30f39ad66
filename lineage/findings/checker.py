"""The interface every finding checker has, and the checker made of a check of one aligned passage."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..text.spans import Span
from .finding import Finding

if TYPE_CHECKING:
    from ..options import Options
    from .context import PairContext

#: Sentences whose words a checker keeps read (per checker): a document compared with several
#: others in a row has its passages read again for each.  256 kept every gain on Reuters
#: (4,096 cost 35 MB more a worker for nothing).
PASSAGE_CACHE = 256

#: What every checker module exposes as ``check``: the findings of its kinds for one pair.
Checker = Callable[["PairContext", "Options"], list[Finding]]
#: A check of one aligned passage: (context, source span, copy span) -> findings.
PassageCheck = Callable[["PairContext", Span, Span], list[Finding]]


def per_passage(check_passage: PassageCheck) -> Checker:
    """The checker running ``check_passage`` over every aligned passage of a pair (both sides non-empty)."""

    def check(ctx: PairContext, options: Options) -> list[Finding]:
        out: list[Finding] = []
        for s, d in ctx.pairs:
            if s[1] > s[0] and d[1] > d[0]:
                out += check_passage(ctx, s, d)
        return out

    check.__doc__ = f"{check_passage.__doc__.splitlines()[0] if check_passage.__doc__ else ''} (every aligned passage)"
    return check
