"""Quality gate: lineage's PAN 2013 scores on a fixed sample must not fall below pinned floors.

Runs about 100 pairs (20 per subset, chosen by ``benchmarks.pan13.sample_pairs``)
through the same code path as ``benchmarks/pan13.py``.  To see the figures the
floors are pinned against, run ``python benchmarks/pan13.py --sample 20``.
Skipped when the evaluation data is absent.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks import pan13  # noqa: E402

# Per subset (and "overall"): "plagdet" and "pair_recall" are floors,
# "max_fp_rate" is a ceiling on the share of negative pairs flagged.
# Pinned a little under the figures `python benchmarks/pan13.py --sample 20` measured.
FLOORS: dict[str, dict[str, float]] = {
    # No case to find, so PlagDet says nothing here (any detection makes it 0);
    # measured 2026-12-03 on this sample (2d0abeb): FP 1/20
    "01-no-plagiarism": {"max_fp_rate": 0.10},
    # measured: PlagDet 0.862, pair recall 20/20
    "02-no-obfuscation": {"plagdet": 0.84, "pair_recall": 0.95},
    # measured: PlagDet 0.906, pair recall 20/20
    "03-random-obfuscation": {"plagdet": 0.88, "pair_recall": 0.95},
    # measured: PlagDet 0.889, pair recall 20/20
    "04-translation-obfuscation": {"plagdet": 0.86, "pair_recall": 0.95},
    # measured: PlagDet 0.945, pair recall 10/10, FP 0/10
    "05-summary-obfuscation": {"plagdet": 0.92, "pair_recall": 0.90, "max_fp_rate": 0.10},
    # measured: PlagDet 0.890, pair recall 70/70, FP 1/30
    "overall": {"plagdet": 0.86, "pair_recall": 0.95, "max_fp_rate": 0.07},
}

#: Pairs per subset; 5 subsets give the ~100-pair sample the floors are pinned on.
SAMPLE_PER_SUBSET = 20


def _corpus() -> Path:
    """The PAN corpus location, as benchmarks/pan13.py resolves it."""
    return pan13.default_corpus()


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> pan13.Report:
    """Run the fixed sample once for all assertions of this module."""
    corpus = _corpus()
    if not corpus.is_dir():
        pytest.skip(
            f"PAN 2013 corpus not found at {corpus} "
            "(set LINEAGE_EVAL to the folder holding pan13-train/)"
        )
    pairs: list[pan13.Pair] = []
    for subset in pan13.find_subsets(corpus):
        pairs.extend(pan13.sample_pairs(pan13.load_pairs(corpus, subset), SAMPLE_PER_SUBSET))
    result = pan13.run(
        corpus,
        pairs,
        jobs=os.cpu_count() or 1,
        out=tmp_path_factory.mktemp("pan13-detections"),
    )
    # Shown with -s or on failure, so a drop can be read off without rerunning.
    print("\n" + pan13.format_report(result))
    return result


def _row(report: pan13.Report, name: str) -> pan13.SubsetReport:
    """Scores of one subset or of the overall row."""
    if name == "overall":
        return report.overall
    assert name in report.subsets, f"subset {name} missing from the corpus"
    return report.subsets[name]


def test_no_pair_raises(report: pan13.Report) -> None:
    failed = [f"{r.pair.subset}/{r.pair.xml_name}: {r.error}" for r in report.results if r.error]
    assert not failed, "lineage raised on:\n" + "\n".join(failed)


def test_sample_covers_every_subset(report: pan13.Report) -> None:
    assert set(report.subsets) == set(FLOORS) - {"overall"}
    assert all(s.pairs > 0 for s in report.subsets.values())


@pytest.mark.parametrize("name", [n for n, f in FLOORS.items() if "plagdet" in f])
def test_plagdet_floor(report: pan13.Report, name: str) -> None:
    floor = FLOORS[name]["plagdet"]
    s = _row(report, name).scores
    assert s.plagdet >= floor, (
        f"{name}: PlagDet {s.plagdet:.3f} < {floor} "
        f"(precision {s.precision:.3f}, recall {s.recall:.3f}, granularity {s.granularity:.3f})"
    )


@pytest.mark.parametrize("name", [n for n, f in FLOORS.items() if "pair_recall" in f])
def test_pair_recall_floor(report: pan13.Report, name: str) -> None:
    row = _row(report, name)
    assert row.pair_recall is not None, f"{name}: sample holds no positive pair"
    floor = FLOORS[name]["pair_recall"]
    assert row.pair_recall >= floor, (
        f"{name}: {row.detected_positives}/{row.positives} positive pairs flagged, floor {floor}"
    )


@pytest.mark.parametrize("name", [n for n, f in FLOORS.items() if "max_fp_rate" in f])
def test_false_positive_ceiling(report: pan13.Report, name: str) -> None:
    row = _row(report, name)
    assert row.fp_rate is not None, f"{name}: sample holds no negative pair"
    ceiling = FLOORS[name]["max_fp_rate"]
    assert row.fp_rate <= ceiling, (
        f"{name}: {row.false_positives}/{row.negatives} negative pairs flagged, ceiling {ceiling}"
    )
