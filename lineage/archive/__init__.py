"""The newsroom archive: documents kept once, drafts checked against them before publication.

:class:`Archive` adds, updates and removes documents in a persistent store
(one SQLite file by default, see :mod:`lineage.archive.storage`) and checks a
draft against it (:meth:`Archive.check`): retrieval keys find candidates
without reading archived texts (:mod:`lineage.archive.index`), the best are
aligned with :func:`lineage.compare`, and the sources are reported ranked by
the share of the draft each accounts for (:mod:`lineage.archive.report`).
:meth:`Archive.rebuild` builds an archive again from its own documents when a
new lineage reads documents differently (:mod:`lineage.archive.rebuild`).
"""

from __future__ import annotations

from .archive import Archive, ArchiveInfo
from .ingest import AddResult
from .rebuild import RebuildResult
from .report import CheckReport, Retrieval, ReusedPassage, SourceMatch
from .storage import Storage, StoredDocument

__all__ = ["AddResult", "Archive", "ArchiveInfo", "CheckReport", "RebuildResult", "Retrieval", "ReusedPassage",
           "SourceMatch", "Storage", "StoredDocument"]
