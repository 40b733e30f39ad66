"""A corpus kept as its prepared documents' records: what a graph run holds while it compares.

Prepared as objects, a 600-word story takes about 12 KB; its record
(:mod:`lineage.prepared_io`) takes under 3 KB and loads in a tenth of a
millisecond.  :class:`PackedCorpus` keeps every record in one buffer beside
the little the candidate indexes (:class:`Signed`) and the graph's nodes
read, and loads a document when a comparison asks for it.  Worker processes
forked to compare pairs read the one buffer their parent filled without
copying it: no reference count of a per-document object is written, so no
page of it is duplicated.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import overload

import numpy as np

from .prepare import PreparationScheme, PreparedDocument
from .prepared_io import dumps, loads


@dataclass(frozen=True)
class Signed:
    """What the candidate indexes read of a prepared document: signature and sentence stem hashes.

    Attributes
    ----------
    scheme : PreparationScheme
        The settings the document was prepared with.
    shingles : int
        Distinct word shingles (0: the document has no signature).
    signature : numpy.ndarray
        MinHash values of the shingles.
    segments : numpy.ndarray
        Segment index of each indexed sentence.
    bounds : numpy.ndarray
        Where each indexed sentence's hashes end in ``hashes``.
    hashes : numpy.ndarray
        The indexed sentences' stem hashes, one run after another.
    """

    scheme: PreparationScheme
    shingles: int
    signature: np.ndarray
    segments: np.ndarray
    bounds: np.ndarray
    hashes: np.ndarray

    @classmethod
    def of(cls, p: PreparedDocument) -> "Signed":
        """What ``p`` gives the candidate indexes, in a few flat arrays."""
        sent = p.sentence_hashes()
        runs = [h for _, h in sent]
        return cls(p.scheme, p.shingles, p.signature, np.array([s for s, _ in sent], dtype=np.int32),
                   np.cumsum([len(h) for h in runs], dtype=np.int64),
                   np.concatenate(runs) if runs else np.empty(0, np.uint32))

    def sentence_hashes(self) -> list[tuple[int, np.ndarray]]:
        """Indexed sentences with their stem hashes, as :meth:`PreparedDocument.sentence_hashes` gives them."""
        return list(zip(self.segments.tolist(), np.split(self.hashes, self.bounds[:-1])))


@dataclass(frozen=True)
class Packed:
    """One prepared document as the corpus keeps it: its record and what is read without loading it."""

    id: str
    record: bytes
    node: dict[str, object]
    signed: Signed
    recurring: int

    @classmethod
    def of(cls, p: PreparedDocument, node: Callable[[PreparedDocument], dict[str, object]]) -> "Packed":
        """``p`` packed, ``node(p)`` giving its node attributes."""
        return cls(p.id, dumps(p, level=1), node(p), Signed.of(p), len(p.document.recurring))


class PackedCorpus(Sequence[PreparedDocument]):
    """Prepared documents as records in one buffer; ``corpus[i]`` loads document ``i``.

    Attributes
    ----------
    ids : tuple of str
        Document ids, in corpus order.
    nodes : tuple of dict
        Each document's node attributes (:func:`lineage.graph.node_attributes`).
    recurring : int
        Lines found recurring across the corpus (page chrome).
    """

    def __init__(self, parts: Iterable[Packed], signed: list[Signed] | None = None) -> None:
        """The corpus of ``parts`` in order; what the indexes read of each goes to ``signed`` when given."""
        buffer = bytearray()
        ends: list[int] = []
        ids: list[str] = []
        nodes: list[dict[str, object]] = []
        recurring = 0
        for part in parts:
            buffer += part.record
            ends.append(len(buffer))
            ids.append(part.id)
            nodes.append(part.node)
            if signed is not None:
                signed.append(part.signed)
            recurring = part.recurring
        self._buffer = buffer
        self._ends = np.array(ends, dtype=np.int64)
        self.ids, self.nodes, self.recurring = tuple(ids), tuple(nodes), recurring
        self._position = {d: i for i, d in enumerate(ids)}

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, i: int) -> PreparedDocument: ...

    @overload
    def __getitem__(self, i: slice) -> list[PreparedDocument]: ...

    def __getitem__(self, i: int | slice) -> PreparedDocument | list[PreparedDocument]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        k = range(len(self))[i]
        start = int(self._ends[k - 1]) if k else 0
        return loads(bytes(memoryview(self._buffer)[start:int(self._ends[k])]))

    def __iter__(self) -> Iterator[PreparedDocument]:
        return (self[k] for k in range(len(self)))

    def by_id(self, doc_id: str) -> PreparedDocument:
        """The document with this id (KeyError when none)."""
        return self[self._position[doc_id]]

    @property
    def size(self) -> int:
        """Bytes the records take."""
        return len(self._buffer)
