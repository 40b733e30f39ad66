"""Shared fixtures: the sample articles, by their three-digit prefix."""

from __future__ import annotations

from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def sample_path(prefix: str) -> Path:
    """Path of the sample whose name starts with ``prefix`` (e.g. ``"001"``)."""
    matches = sorted(SAMPLES.glob(f"{prefix}_*.txt"))
    assert len(matches) == 1, f"expected one sample {prefix}_*.txt, found {matches}"
    return matches[0]


@pytest.fixture(scope="session")
def samples() -> dict[str, Path]:
    """The five sample articles keyed by prefix 000-004."""
    return {p: sample_path(p) for p in ("000", "001", "002", "003", "004")}
