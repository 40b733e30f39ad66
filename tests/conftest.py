"""Shared fixtures: the sample articles, by their three-digit prefix, and one local Spark session."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

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


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """A local Spark session (2 cores, 2 partitions) shared by the Spark tests; skipped without PySpark or Java."""
    pytest.importorskip("pyspark", reason="PySpark is not installed (pip install 'lineage[spark]')")
    from lineage.spark.session import java_found, session

    if not java_found():
        pytest.skip("Spark needs Java: none on JAVA_HOME or the PATH (apt-get install default-jre-headless)")
    s = session("local[2]", partitions=2)
    yield s
    s.stop()
