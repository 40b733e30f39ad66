"""PAN 2013 corpus layout: pairs, subsets, truth cases and even samples (used by ``pan13.py``)."""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.append(str(REPO))

from benchmarks.plagdet import Annotation, read_xml  # noqa: E402

#: Verdicts that count as "this pair holds reuse" for pair-level detection.
DETECTED_VERDICTS: frozenset[str] = frozenset(
    {"identical", "near-duplicate", "paraphrase", "partial reuse"}
)


@dataclass(frozen=True, slots=True)
class Pair:
    """One suspicious/source document pair of a subset, with its truth cases.

    Attributes
    ----------
    subset : str
        Subset folder name, e.g. ``02-no-obfuscation``.
    susp : str
        Suspicious document file name.
    src : str
        Source document file name.
    cases : tuple of Annotation
        Truth plagiarism cases of the pair (empty for negatives).
    """

    subset: str
    susp: str
    src: str
    cases: tuple[Annotation, ...] = ()

    @property
    def xml_name(self) -> str:
        """PAN file name of the pair's truth and detection XML."""
        return f"{Path(self.susp).stem}-{Path(self.src).stem}.xml"

    @property
    def positive(self) -> bool:
        """Whether the truth holds at least one plagiarism case."""
        return bool(self.cases)


@dataclass(frozen=True, slots=True)
class PairResult:
    """What lineage reported for one pair.

    Attributes
    ----------
    pair : Pair
        The pair compared.
    passages : tuple of (int, int, int, int)
        ``(a_start, a_end, b_start, b_end)`` of each passage, suspicious then source.
    verdict : str
        ``r.verdict``, or ``"error"`` when the comparison raised.
    seconds : float
        Time spent building the documents and comparing them (not reading files).
    error : str or None
        Exception type and message when the comparison raised.
    """

    pair: Pair
    passages: tuple[tuple[int, int, int, int], ...]
    verdict: str
    seconds: float
    error: str | None = None

    @property
    def detected(self) -> bool:
        """Whether lineage's verdict says the pair holds reuse."""
        return self.verdict in DETECTED_VERDICTS

    def detections(self) -> list[Annotation]:
        """The passages as PAN detections of this pair."""
        return [
            Annotation(self.pair.susp, a0, a1 - a0, self.pair.src, b0, b1 - b0)
            for a0, a1, b0, b1 in self.passages
        ]


def default_corpus() -> Path:
    """Corpus used when none is given: ``$LINEAGE_EVAL/pan13-train`` or ``<repo>/../shared/eval/pan13-train``.

    Returns
    -------
    Path
        The path, whether or not it exists.
    """
    root = os.environ.get("LINEAGE_EVAL")
    base = Path(root) if root else REPO.parent / "shared" / "eval"
    return base / "pan13-train"


def find_subsets(corpus: Path) -> list[str]:
    """List the subset folders of a PAN corpus (those holding a ``pairs`` file).

    Parameters
    ----------
    corpus : Path
        Corpus root.

    Returns
    -------
    list of str
        Folder names, sorted (PAN numbers them ``01-``, ``02-``, ...).
    """
    return sorted(
        p.name for p in corpus.iterdir() if p.is_dir() and (p / "pairs").is_file()
    )


def read_pairs(path: Path) -> list[tuple[str, str]]:
    """Read a PAN ``pairs`` file.

    Parameters
    ----------
    path : Path
        File of lines ``suspicious-documentX.txt source-documentY.txt``.

    Returns
    -------
    list of (str, str)
        (suspicious, source) file names in file order; blank lines skipped.

    Raises
    ------
    ValueError
        If a non-blank line does not hold exactly two names.
    """
    pairs: list[tuple[str, str]] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) != 2:
            raise ValueError(f"{path}:{n}: expected two file names, got {line!r}")
        pairs.append((parts[0], parts[1]))
    return pairs


def _match_subsets(available: Sequence[str], wanted: Sequence[str] | None) -> list[str]:
    """Resolve ``--subset`` values: exact folder name, or its number or name part (``02``, ``no-obfuscation``)."""
    if not wanted:
        return list(available)
    chosen: set[str] = set()
    for w in wanted:
        hits = [a for a in available if a == w or a.split("-", 1)[0] == w or a.split("-", 1)[-1] == w]
        if len(hits) != 1:
            raise ValueError(f"--subset {w!r} matches {hits or 'nothing'}; subsets: {', '.join(available)}")
        chosen.add(hits[0])
    return [a for a in available if a in chosen]


def load_pairs(corpus: Path, subset: str) -> list[Pair]:
    """Read a subset's pairs together with their truth cases.

    Parameters
    ----------
    corpus : Path
        Corpus root.
    subset : str
        Subset folder name.

    Returns
    -------
    list of Pair
        In the order of the subset's ``pairs`` file.

    Raises
    ------
    FileNotFoundError
        If a pair has no truth XML.
    """
    folder = corpus / subset
    out = []
    for susp, src in read_pairs(folder / "pairs"):
        pair = Pair(subset, susp, src)
        cases = tuple(read_xml(folder / pair.xml_name))
        out.append(dataclasses.replace(pair, cases=cases))
    return out


def _evenly(items: Sequence[Pair], n: int) -> list[Pair]:
    """Pick ``n`` items spread evenly over a sequence, first one included."""
    if n >= len(items):
        return list(items)
    return [items[i * len(items) // n] for i in range(n)]


def sample_pairs(pairs: Sequence[Pair], n: int) -> list[Pair]:
    """Deterministic sample of ``n`` pairs of one subset, stratified by truth.

    When the subset mixes positives and negatives (as ``05-summary-obfuscation``
    does, with only one positive in five) half the sample is taken from each,
    so both pair-level recall and false positives are measured; otherwise the
    pairs are spread evenly over the pairs file.

    Parameters
    ----------
    pairs : sequence of Pair
        One subset's pairs, in file order.
    n : int
        Sample size.

    Returns
    -------
    list of Pair
        The sample, in file order.
    """
    pos = [p for p in pairs if p.positive]
    neg = [p for p in pairs if not p.positive]
    if not pos or not neg:
        return _evenly(pairs, n)
    n_pos = min(len(pos), n // 2)
    chosen = set(_evenly(pos, n_pos)) | set(_evenly(neg, n - n_pos))
    return [p for p in pairs if p in chosen]
