"""lineage: find near-duplicate and derived text and tell its lineage.

Compare two texts (:func:`compare`), name what a copy changed (findings), and
build the derivation graph of a corpus.  Names are imported on first use, so
``import lineage`` and the command line start fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .alignment import AlignedPair
    from .archive import Archive, CheckReport
    from .comparison import CompareResult, compare
    from .corpus import load as load_corpus
    from .documents import Document
    from .errors import ArchiveError, InputError, LineageError, OptionsError
    from .findings import Finding
    from .graph import Graphs, build_graph, build_graphs
    from .options import FINDING_KINDS, Options
    from .passages import Passage

_EXPORTS = {
    "AlignedPair": "alignment",
    "Archive": "archive",
    "ArchiveError": "errors",
    "CheckReport": "archive",
    "CompareResult": "comparison",
    "compare": "comparison",
    "Document": "documents",
    "InputError": "errors",
    "LineageError": "errors",
    "OptionsError": "errors",
    "Finding": "findings",
    "Graphs": "graph",
    "build_graph": "graph",
    "build_graphs": "graph",
    "load_corpus": "corpus",
    "FINDING_KINDS": "options",
    "Options": "options",
    "Passage": "passages",
}

_ALIASES = {"load_corpus": "load"}

__all__ = sorted([*_EXPORTS, "__version__"])


def __getattr__(name: str) -> Any:
    if name == "__version__":  # read on first use: importlib.metadata costs a tenth of a start-up
        from importlib.metadata import PackageNotFoundError, version

        try:
            globals()[name] = version("lineage")
        except PackageNotFoundError:  # running from a source tree that was never installed
            globals()[name] = "0.0.0"
        return globals()[name]
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'lineage' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), _ALIASES.get(name, name))
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
