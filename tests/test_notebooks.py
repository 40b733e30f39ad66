"""The notebooks run: every code cell, in order, in one namespace, from the repository root."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _compare_samples(namespace: dict[str, Any]) -> None:
    graph = namespace["graph"]
    edges = [(u[:3], v[:3], d["kind"]) for u, v, d in graph.edges(data=True)]
    assert edges == [("002", "001", "paraphrase")]
    assert {f.kind for f in namespace["quiet"].findings} <= {"order-swapped", "number-changed"}


def _newsroom_archive(namespace: dict[str, Any]) -> None:
    report = namespace["report"]
    assert report.sources[0].document.id.startswith("002_") and report.sources[0].findings
    assert len(namespace["mixed_report"].sources) == 2


#: What each notebook must have found once its cells have run.
CHECKS: dict[str, Callable[[dict[str, Any]], None]] = {
    "compare_samples.ipynb": _compare_samples,
    "newsroom_archive.ipynb": _newsroom_archive,
}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_cells_run(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    namespace: dict[str, Any] = {}
    for i, cell in enumerate(cells):
        if cell["cell_type"] == "code":
            exec(compile("".join(cell["source"]), f"{path.name}[{i}]", "exec"), namespace)  # noqa: S102
    CHECKS[path.name](namespace)
