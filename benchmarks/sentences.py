"""Sentence splitters and stemmers measured: boundary accuracy on hand-checked gold, and speed.

Usage::

    python benchmarks/sentences.py [--data DIR] [--only accuracy|speed|stemmers ...]
                                   [--splitter NAME ...] [--docs REGEX] [--timeout S]
                                   [--errors N]

Accuracy is scored against ``benchmarks/data/sentence_gold.json``: for each
document (the ``samples/`` files, BBC articles and PAN 2013 documents) the
character offsets where a sentence starts, judged by hand with news-style rules
(terminal punctuation ends a sentence, abbreviations, initials, decimals, URLs
and list numbers do not; every line break between headlines and paragraphs is a
boundary; sentences inside a quotation count).  A proposed boundary is right
when it is exactly a gold offset.  Scores are given over all boundaries and
over mid-line ones, the part splitters disagree on.  Speed runs each splitter in
a child process, killed after ``--timeout`` seconds, on BBC text with its
paragraphs and on BBC prose joined into a single line.  Data is read from
``--data``, else ``$LINEAGE_EVAL``, else ``../shared/eval``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.append(str(REPO))

from benchmarks import sentence_splitters, stemmers  # noqa: E402
from benchmarks.sentence_splitters import Splitter, lines, starts  # noqa: E402

GOLD = REPO / "benchmarks" / "data" / "sentence_gold.json"
CORPORA = {"samples/": "samples", "bbc/": "BBC", "pan13-train/": "PAN"}
KB = 1000
#: Speed cases: name -> (characters, one line?); None means all BBC text.
CASES: dict[str, tuple[int | None, bool]] = {
    "BBC, all 2,225 articles": (None, False),
    "400 KB, paragraphs": (400 * KB, False),
    "100 KB, one line": (100 * KB, True),
    "400 KB, one line": (400 * KB, True),
    "5 MB, one line": (5000 * KB, True),
}


def default_data() -> Path:
    """The evaluation data folder used when ``--data`` is not given."""
    env = os.environ.get("LINEAGE_EVAL")
    return Path(env) if env else REPO.parent / "shared" / "eval"


def read_text(path: Path) -> str:
    """A corpus file as text: UTF-8, or latin-1 for the odd BBC file that is not UTF-8."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def resolve(rel: str, data: Path) -> Path:
    """The file a gold entry names: ``samples/`` in the repository, the rest under ``data``."""
    return REPO / rel if rel.startswith("samples/") else data / rel


def load_gold(path: Path = GOLD) -> list[dict]:
    """The gold entries: ``path``, ``chars`` (text length) and sorted ``boundaries``."""
    return json.loads(path.read_text(encoding="utf-8"))


def corpus_of(rel: str) -> str:
    """The corpus a gold path belongs to (samples, BBC or PAN)."""
    return next(name for prefix, name in CORPORA.items() if rel.startswith(prefix))


def line_starts(text: str) -> set[int]:
    """Offsets of the first non-space character of each line: boundaries every splitter gets."""
    return set(starts(list(lines(text)), text))


@dataclass
class Score:
    """Boundary counts of one splitter on one corpus, with a few wrong ones for the error list."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    wrong: list[tuple[str, str, int]] = field(default_factory=list)

    def add(self, gold: set[int], found: set[int], rel: str, keep: int) -> None:
        """Count ``found`` against ``gold`` and keep up to ``keep`` errors (kind, path, offset)."""
        self.tp += len(gold & found)
        extra, missed = sorted(found - gold), sorted(gold - found)
        self.fp += len(extra)
        self.fn += len(missed)
        for kind, offsets in (("FP", extra), ("FN", missed)):
            for off in offsets:
                if len(self.wrong) < keep:
                    self.wrong.append((kind, rel, off))

    def prf(self) -> tuple[float, float, float]:
        """Precision, recall and F1."""
        p = self.tp / max(self.tp + self.fp, 1)
        r = self.tp / max(self.tp + self.fn, 1)
        return p, r, 2 * p * r / max(p + r, 1e-12)


def accuracy(
    splitters: dict[str, Splitter], gold: list[dict], data: Path, keep: int = 0
) -> dict[tuple[str, str, str], Score]:
    """Score every splitter on every gold document.

    Parameters
    ----------
    splitters : dict
        Name to splitter.
    gold : list of dict
        Gold entries (see :func:`load_gold`).
    data : Path
        The evaluation data folder.
    keep : int
        Wrong boundaries to keep per splitter and corpus for the error list.

    Returns
    -------
    dict
        ``(splitter, corpus, "all" | "mid-line") -> Score``; corpus "all" sums the others.
    """
    scores: dict[tuple[str, str, str], Score] = {}
    for entry in gold:
        rel = entry["path"]
        text = read_text(resolve(rel, data))
        if len(text) != entry["chars"]:
            raise ValueError(f"{rel}: {len(text)} characters, gold was labelled on {entry['chars']}")
        truth = set(entry["boundaries"])
        edges = line_starts(text)
        for name, split in splitters.items():
            found = set(starts(split(text), text))
            for corpus in (corpus_of(rel), "all"):
                for view, g, f in (("all", truth, found),
                                   ("mid-line", truth - edges, found - edges)):
                    k = keep if corpus != "all" and view == "mid-line" else 0
                    scores.setdefault((name, corpus, view), Score()).add(g, f, rel, k)
    return scores


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table."""
    lines_ = ["| " + " | ".join(map(str, header)) + " |", "|" + "---|" * len(header)]
    lines_ += ["| " + " | ".join(map(str, r)) + " |" for r in rows]
    return "\n".join(lines_)


def accuracy_tables(scores: dict[tuple[str, str, str], Score], gold: list[dict]) -> str:
    """Precision/recall/F1 tables, mid-line boundaries first, then all boundaries."""
    names = list(dict.fromkeys(k[0] for k in scores))
    corpora = [*dict.fromkeys(corpus_of(e["path"]) for e in gold), "all"]
    out = []
    for view in ("mid-line", "all"):
        rows = []
        for name in names:
            row = [name]
            for corpus in corpora:
                p, r, f = scores[(name, corpus, view)].prf()
                row.append(f"{p:.3f} / {r:.3f} / **{f:.3f}**")
            rows.append(row)
        counts = {c: scores[(names[0], c, view)] for c in corpora}
        head = ["splitter"] + [f"{c} ({s.tp + s.fn})" for c, s in counts.items()]
        out.append(f"{view} boundaries, P / R / F1 (gold count per corpus):\n\n" + table(head, rows))
    return "\n\n".join(out)


def error_lines(scores: dict[tuple[str, str, str], Score], data: Path, width: int = 40) -> str:
    """Kept wrong boundaries with some context, ``||`` where the boundary is or should be."""
    out: list[str] = []
    texts: dict[str, str] = {}
    for (name, corpus, view), score in scores.items():
        for kind, rel, off in score.wrong:
            if rel not in texts:
                texts[rel] = read_text(resolve(rel, data))
            text = texts[rel]
            ctx = (text[max(0, off - width):off] + " || " + text[off:off + width // 2])
            out.append(f"{name:18s} {corpus:7s} {kind} {rel}:{off}  {ctx!r}")
    return "\n".join(out)


def bbc_text(data: Path) -> str:
    """All BBC articles joined by blank lines, in path order."""
    paths = sorted((data / "bbc").glob("*/*.txt"))
    return "\n\n".join(read_text(p) for p in paths)


def case_text(data: Path, case: str) -> str:
    """The text of a speed case: BBC text cut or repeated to size, optionally on one line."""
    size, one_line = CASES[case]
    text = bbc_text(data)
    if one_line:
        text = re.sub(r"\s*\n\s*", " ", text)
    if size is None:
        return text
    return (text * (size // len(text) + 1))[:size]


def time_one(name: str, case: str, data: Path) -> dict[str, float]:
    """Seconds one splitter takes on one case (run in the child process), and its sentences."""
    split = sentence_splitters.available([name])[0][name]
    text = case_text(data, case)
    split("Warm up. The splitter once.\nOn two lines.")
    t0 = time.perf_counter()
    n = len(split(text))
    return {"seconds": time.perf_counter() - t0, "sentences": n, "chars": len(text)}


def time_case(name: str, case: str, data: Path, timeout: float) -> dict[str, float] | None:
    """:func:`time_one` in a child process; None when it ran past ``timeout`` seconds."""
    cmd = [sys.executable, __file__, "--data", str(data), "--time-one", name, case]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def speed(names: list[str], data: Path, timeout: float) -> str:
    """Speed tables: seconds and characters per second per case, and the one-line growth exponent."""
    rows, chars = [], {}
    for name in names:
        row, secs = [name], {}
        for case in CASES:
            got = time_case(name, case, data, timeout)
            if got is None:
                row.append(f"> {timeout:.0f} s")
                continue
            secs[case] = got["seconds"]
            chars[case] = int(got["chars"])
            row.append(f"{got['seconds']:.2f} s ({got['chars'] / got['seconds'] / 1e6:.2f} M/s)")
        a, b = secs.get("100 KB, one line"), secs.get("400 KB, one line")
        if a and b:
            row.append(f"{math.log(b / a) / math.log(4):.2f}")
        else:  # Past the timeout on 400 KB: the exponent is at least this.
            row.append(f"> {math.log(timeout / a) / math.log(4):.2f}" if a else "n/a")
        rows.append(row)
    head = ["splitter", *(f"{c} ({chars[c]:,} chars)" if c in chars else c for c in CASES),
            "exponent 100→400 KB one line"]
    return "Seconds (million characters per second):\n\n" + table(head, rows)


def bbc_words(data: Path) -> list[str]:
    """Every casefolded word (letters only) of the BBC articles, in text order."""
    return re.findall(r"[^\W\d_]+", bbc_text(data).casefold())


def stemmer_tables(data: Path) -> str:
    """Stemmer speed on all BBC words, and the agreement table on the inflection list."""
    words = bbc_words(data)
    speed_head = ["stemmer", "words/s", "words/s with dict cache", "distinct stems"]
    head, rows = stemmers.agreement_rows()
    return (f"Speed on all {len(words):,} BBC words ({len(set(words)):,} distinct):\n\n"
            + table(speed_head, stemmers.speed_rows(words))
            + "\n\nWhich stemmers give a group one stem:\n\n" + table(head, rows))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print Markdown tables; exit 0 with a note when the data is absent.

    Parameters
    ----------
    argv : sequence of str, optional
        Command-line arguments (``sys.argv[1:]`` when None).

    Returns
    -------
    int
        Exit status.
    """
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=None, help="evaluation data folder")
    ap.add_argument("--gold", type=Path, default=GOLD, help="gold boundaries (JSON)")
    ap.add_argument("--only", nargs="+", choices=["accuracy", "speed", "stemmers"],
                    default=["accuracy", "speed", "stemmers"], help="parts to run")
    ap.add_argument("--splitter", nargs="+", default=None,
                    help=f"splitters to run (of: {', '.join(sentence_splitters.FACTORIES)})")
    ap.add_argument("--docs", default=None, metavar="REGEX",
                    help="score only gold documents whose path matches REGEX")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per speed case")
    ap.add_argument("--errors", type=int, default=0,
                    help="print up to N wrong mid-line boundaries per splitter and corpus")
    ap.add_argument("--time-one", nargs=2, metavar=("SPLITTER", "CASE"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    data = args.data or default_data()
    if args.time_one:
        name, case = args.time_one
        print(json.dumps(time_one(name, case, data)))
        return 0
    if not (data / "bbc").is_dir() or not (data / "pan13-train").is_dir():
        print(f"skipped: evaluation data not found at {data} (BBC and PAN 2013 needed)")
        return 0
    splitters, missing = sentence_splitters.available(args.splitter)
    import lineage

    libs = ", ".join(f"{k} {v}" for k, v in sentence_splitters.versions().items())
    print(f"{platform.system()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
          f"{libs}; lineage from {Path(lineage.__file__).parent}; "
          f"load average {os.getloadavg()[0]:.1f} at start")
    print(f"Splitters: {', '.join(splitters)}")
    for name, why in missing.items():
        print(f"Not measured: {name} ({why})")
    print()
    if "accuracy" in args.only:
        gold = [e for e in load_gold(args.gold) if re.search(args.docs or "", e["path"])]
        scores = accuracy(splitters, gold, data, keep=args.errors)
        print(f"## Accuracy ({len(gold)} documents)\n\n{accuracy_tables(scores, gold)}\n")
        if args.errors:
            print(error_lines(scores, data) + "\n")
    if "speed" in args.only:
        print(f"## Speed\n\n{speed(list(splitters), data, args.timeout)}\n")
    if "stemmers" in args.only:
        print(f"## Stemmers\n\n{stemmer_tables(data)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
