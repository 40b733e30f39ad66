"""One-edit copies of BBC News articles: does each single edit read as a near-duplicate, named by its finding?

Usage::

    python benchmarks/one_edit.py [--data EVAL_ROOT] [--articles 200] [--seed 1] [--json FILE]

Data: ``--data``, else ``$LINEAGE_EVAL``, else ``../shared/eval`` beside the
repository (articles are read from ``bbc/<topic>/NNN.txt``, title on the first
line, UTF-8 else latin-1).  Without it the script prints one "skipped: ...
not found" line and exits 0.

``--articles`` articles are drawn with ``random.Random(seed)`` from the BBC
articles of at least ``MIN_WORDS`` words, one per group of exact duplicates.
For each article and each kind of edit in :data:`benchmarks.one_edit_sites.EXPECTED`
one site is drawn where that edit can be made (a figure outside quotations, a
quotation with its speaker, a modal verb, a negation, a pair "X and Y" of
capitalised words, ...; see :mod:`benchmarks.one_edit_sites`); kinds with no
site in an article are skipped.  The copy is the article with that one exact
replacement, compared both ways (``compare(copy, original)`` and
``compare(original, copy)``).  A comparison passes when the verdict is
``near-duplicate`` and a finding of the expected kind holds the edited words
in its excerpts (for a plain word: no finding asserting a changed fact).  A
truncated name read from the copy is the original giving the name in full,
which changes no fact: that comparison passes with no fact finding.  Each
article is also compared with itself (``identical`` and no finding expected).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from importlib.metadata import version
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.append(str(REPO))

from benchmarks.one_edit_sites import EXPECTED, FACT_KINDS, Edit, pick_edits  # noqa: E402
from lineage import compare  # noqa: E402
from lineage.comparison import CompareResult  # noqa: E402

MIN_WORDS = 150


@dataclass(frozen=True)
class Outcome:
    """What lineage made of one edited copy in one order."""

    article: str
    kind: str
    copy_first: bool
    verdict: str
    named: bool
    kind_found: bool
    findings: tuple[str, ...]
    old: str
    new: str

    @property
    def passed(self) -> bool:
        """Near-duplicate and named by its finding (for a plain word: no fact finding)."""
        return self.verdict == "near-duplicate" and self.named

    def wrong(self) -> str:
        """A short label of what went wrong, for the table of common wrong outcomes."""
        if EXPECTED[self.kind] is None:
            false = sorted({k for k in self.findings if k in FACT_KINDS})
            return self.verdict + (f" + false {'/'.join(false)}" if false else "")
        if self.named:
            return self.verdict
        return f"{self.verdict}, finding missing" + ("" if not self.kind_found else " (kind found, words not)")


def eval_root(arg: Path | None) -> Path:
    """The eval root: ``--data``, ``$LINEAGE_EVAL`` or ``../shared/eval`` beside the repository.

    Parameters
    ----------
    arg : Path or None
        The ``--data`` option.

    Returns
    -------
    Path
        The folder, whether or not it exists.
    """
    env = os.environ.get("LINEAGE_EVAL")
    return arg or (Path(env) if env else REPO.parent / "shared" / "eval")


def read_bbc(root: Path) -> dict[str, str]:
    """Every BBC article as ``{topic/NNN: text}``, UTF-8 else latin-1, line endings as stored.

    Parameters
    ----------
    root : Path
        The ``bbc`` folder holding one folder per topic.

    Returns
    -------
    dict of str to str
        Texts by id, sorted by id.
    """
    out = {}
    for path in sorted(root.glob("*/*.txt")):
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
        out[f"{path.parent.name}/{path.stem}"] = text
    return out


def normalised(text: str) -> str:
    """Casefolded words joined by single spaces: equal for exact duplicates.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        Its ``\\w+`` words, casefolded, joined by single spaces.
    """
    return " ".join(re.findall(r"\w+", text.casefold()))


def _has(word: str, excerpt: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", excerpt) is not None


def judge(r: CompareResult, edit: Edit, copy_first: bool, article: str) -> Outcome:
    """Score one comparison of an edited copy against its original.

    Parameters
    ----------
    r : CompareResult
        ``compare(copy, original)`` when ``copy_first``, else ``compare(original, copy)``.
    edit : Edit
        The edit that made the copy.
    copy_first : bool
        Which order was compared.
    article : str
        The article id, for the record.

    Returns
    -------
    Outcome
        Verdict and whether a finding names the edit.
    """
    kinds = set(EXPECTED[edit.kind] or ())
    source = r.direction.source or "a"
    if edit.kind == "quote-dropped" and (source == "a") == copy_first:
        kinds.add("sentence-added")  # findings read from the copy: the quotation is "added" by the original
    if edit.kind == "attribution-dropped" and (source == "a") == copy_first:
        kinds = {"attribution-added"}  # read from the copy: the original "adds" the speaker
    if edit.kind == "name-truncated" and (source == "a") == copy_first:
        # Read from the copy, the original only gives the name in full: no fact changed, none to report.
        named = not any(f.kind in FACT_KINDS for f in r.findings)
        return Outcome(article, edit.kind, copy_first, r.verdict, named, False,
                       tuple(f.kind for f in r.findings), edit.old, edit.new)
    of_kind = [f for f in r.findings if f.kind in kinds]
    words = (*edit.gone, *edit.came)
    if EXPECTED[edit.kind] is None:
        named = not any(f.kind in FACT_KINDS for f in r.findings)
    else:
        named = any(all(_has(w, f.src_excerpt) or _has(w, f.dst_excerpt) for w in words) for f in of_kind)
    return Outcome(article, edit.kind, copy_first, r.verdict, named, bool(of_kind),
                   tuple(f.kind for f in r.findings), edit.old, edit.new)


def name_pool(texts: dict[str, str]) -> list[str]:
    """Surnames that follow a title (Mr, Mrs, Ms, Dr) anywhere in the corpus: stand-ins for names and speakers.

    Parameters
    ----------
    texts : dict of str to str
        The articles by id.

    Returns
    -------
    list of str
        Distinct surnames, sorted.
    """
    found = {m.group(1) for t in texts.values() for m in re.finditer(r"\b(?:Mr|Mrs|Ms|Dr) ([A-Z][a-z]{2,})\b(?! [A-Z])", t)}
    return sorted(found)


def run(texts: dict[str, str], n_articles: int, seed: int) -> tuple[list[Outcome], dict[str, bool], list[str]]:
    """Draw articles, make every one-edit copy, compare both ways and judge each comparison.

    Parameters
    ----------
    texts : dict of str to str
        The BBC articles by id.
    n_articles : int
        How many articles to draw.
    seed : int
        Seed of every draw.

    Returns
    -------
    outcomes : list of Outcome
        One per edit and order.
    itself : dict of str to bool
        Per article, whether it compared with itself gives ``identical`` and no finding.
    articles : list of str
        The ids drawn.
    """
    rng = random.Random(seed)
    seen: set[str] = set()
    ids = []
    for k, t in texts.items():
        key = normalised(t)
        if key not in seen and len(t.split()) >= MIN_WORDS:
            seen.add(key)
            ids.append(k)
    chosen = sorted(rng.sample(ids, min(n_articles, len(ids))))
    pool = name_pool(texts)
    outcomes: list[Outcome] = []
    itself: dict[str, bool] = {}
    for n, aid in enumerate(chosen, 1):
        text = texts[aid]
        r = compare(text, text)
        itself[aid] = r.verdict == "identical" and not r.findings
        for edit in pick_edits(text, rng, pool).values():
            copy = edit.apply(text)
            for copy_first in (True, False):
                r = compare(copy, text) if copy_first else compare(text, copy)
                outcomes.append(judge(r, edit, copy_first, aid))
        if n % 25 == 0:
            print(f"  {n}/{len(chosen)} articles", file=sys.stderr, flush=True)
    return outcomes, itself, chosen


def _pct(k: int, n: int) -> str:
    return f"{k / n:.0%}" if n else "-"


def format_table(outcomes: Sequence[Outcome], itself: dict[str, bool]) -> str:
    """The results as a Markdown table, one row per kind of edit, and the identical-to-itself rate.

    Parameters
    ----------
    outcomes : sequence of Outcome
        From :func:`run`.
    itself : dict of str to bool
        From :func:`run`.

    Returns
    -------
    str
        The table and one line on the texts compared with themselves.
    """
    by_kind: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        by_kind[o.kind].append(o)
    lines = [
        ("| edit | edits | comparisons | near-duplicate | expected finding with the edited words | both |"
        " most common wrong outcomes |"),
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    total = Counter[str]()
    for kind in EXPECTED:
        rows = by_kind.get(kind, [])
        if not rows:
            lines.append(f"| {kind} | 0 | 0 | - | - | - | |")
            continue
        n = len(rows)
        nd = sum(o.verdict == "near-duplicate" for o in rows)
        named = sum(o.named for o in rows)
        ok = sum(o.passed for o in rows)
        wrong = Counter(o.wrong() for o in rows if not o.passed).most_common(3)
        total.update({"n": n, "nd": nd, "named": named, "ok": ok})
        lines.append(f"| {kind} | {n // 2} | {n} | {_pct(nd, n)} | {_pct(named, n)} | {_pct(ok, n)} | "
                     + "; ".join(f"{w} ({c})" for w, c in wrong) + " |")
    n = total["n"]
    lines.append(f"| **all** | {n // 2} | {n} | {_pct(total['nd'], n)} | {_pct(total['named'], n)} | "
                 f"{_pct(total['ok'], n)} | |")
    same = sum(itself.values())
    lines.append("")
    lines.append(f"Each article against itself: identical with no finding {same}/{len(itself)} "
                 f"({_pct(same, len(itself))}).")
    return "\n".join(lines)


def _positive_int(text: str) -> int:
    n = int(text)
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text}")
    return n


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments (default ``sys.argv[1:]``).

    Returns
    -------
    int
        0 (also when the data is absent).
    """
    ap = argparse.ArgumentParser(description="One-edit copies of BBC articles: verdicts and findings per kind of edit.")
    ap.add_argument("--data", type=Path, default=None, help="eval root holding bbc/ (default: $LINEAGE_EVAL or ../shared/eval)")
    ap.add_argument("--articles", type=_positive_int, default=200, metavar="N", help="articles to draw (default 200)")
    ap.add_argument("--seed", type=int, default=1, help="seed of every draw (default 1)")
    ap.add_argument("--json", type=Path, default=None, metavar="FILE", help="also write every outcome as JSON")
    args = ap.parse_args(argv)
    root = eval_root(args.data) / "bbc"
    if not root.is_dir():
        print(f"skipped: BBC articles not found at {root}")
        return 0
    t0 = time.perf_counter()
    texts = read_bbc(root)
    outcomes, itself, chosen = run(texts, args.articles, args.seed)
    print(f"one-edit copies of {len(chosen)} BBC articles (seed {args.seed}), lineage {version('lineage')}, "
          f"{time.perf_counter() - t0:.0f} s\n")
    print(format_table(outcomes, itself))
    if args.json:
        doc = {"seed": args.seed, "articles": chosen, "itself": itself, "outcomes": [asdict(o) for o in outcomes]}
        args.json.write_text(json.dumps(doc, indent=1), encoding="utf-8")
        print(f"\noutcomes written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
