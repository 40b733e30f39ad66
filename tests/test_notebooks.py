"""The notebooks run: every code cell, in order, in one namespace, from the repository root."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_cells_run(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    namespace: dict[str, object] = {}
    for i, cell in enumerate(cells):
        if cell["cell_type"] == "code":
            exec(compile("".join(cell["source"]), f"{path.name}[{i}]", "exec"), namespace)  # noqa: S102
    graph = namespace["graph"]
    edges = [(u[:3], v[:3], d["kind"]) for u, v, d in graph.edges(data=True)]  # type: ignore[attr-defined]
    assert edges == [("002", "001", "paraphrase")]
    assert {f.kind for f in namespace["quiet"].findings} <= {"order-swapped", "number-changed"}  # type: ignore[attr-defined]
