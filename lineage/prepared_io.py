"""Prepared documents on disk and on the wire: an explicit, versioned record, never pickle.

A record is a JSON object of plain values; numeric arrays are little-endian
bytes in base64.  :func:`dumps` compresses it with zlib for storage (the
archive) and transport (Spark executors); :func:`loads` checks the format
name and version and refuses anything else.  The document's text may be
left out of the record and given back on loading, so a store keeping texts
elsewhere holds each one once.
"""

from __future__ import annotations

import base64
import json
import zlib
from types import MappingProxyType
from typing import Any

import numpy as np

from .documents import Document
from .errors import ArchiveError
from .fingerprints import SignatureScheme
from .layout import Layout, Region
from .prepare import ContentWords, PreparationScheme, PreparedDocument, Segment

#: Name and version of the record format; bump the version when a field changes meaning.
FORMAT = "lineage.prepared/1"
_DOC_FIELDS = ("id", "date", "title", "url", "source", "path", "encoding")


def _pack(a: np.ndarray, dtype: str) -> str:
    return base64.b64encode(np.ascontiguousarray(a, dtype=dtype).tobytes()).decode("ascii")


def _unpack(s: str, dtype: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(s), dtype=dtype).copy()


def _spans(spans: Any) -> str:
    return _pack(np.asarray(spans, dtype=np.int64).reshape(-1), "<i8")


def _unspans(s: str) -> list[tuple[int, int]]:
    flat = _unpack(s, "<i8").tolist()
    return list(zip(flat[::2], flat[1::2]))


def to_record(doc: PreparedDocument, include_text: bool = True) -> dict[str, Any]:
    """The prepared document as a JSON-ready record (format :data:`FORMAT`)."""
    d = doc.document
    vocab: dict[str, int] = {}
    stem_ids = [vocab.setdefault(s, len(vocab)) for seg in doc.stems for s in seg]
    layout = doc.layout
    sig = doc.scheme.signature
    return {
        "format": FORMAT,
        "scheme": {
            "preparation": doc.scheme.version, "keep_boilerplate": doc.scheme.keep_boilerplate,
            "shingle_size": sig.shingle_size, "num_perm": sig.num_perm, "seed": sig.seed,
            "minhash": sig.scheme, "shingle_hash": sig.shingle_hash,
        },
        "document": {**{k: getattr(d, k) for k in _DOC_FIELDS}, "extra": dict(d.extra),
                     "text": d.text if include_text else None},
        "layout": {
            "regions": [[r.kind, r.start, r.end] for r in layout.regions],
            "title": layout.title, "date": layout.date, "metadata": dict(layout.metadata),
        },
        "segments": {
            "spans": _spans([(s.start, s.end) for s in doc.segments]),
            "paragraphs": [s.paragraph for s in doc.segments],
            "kinds": [s.kind for s in doc.segments],
        },
        "sentences": _spans(doc.sentences),
        "quotes": _spans(doc.quotes),
        "stems": {"vocab": list(vocab), "ids": _pack(np.array(stem_ids), "<u4"),
                  "counts": [len(s) for s in doc.stems]},
        "words": {"ids": _pack(doc.words.ids, "<u8"), "starts": _pack(doc.words.starts, "<i8"),
                  "ends": _pack(doc.words.ends, "<i8")},
        "shingles": doc.shingles,
        "signature": _pack(doc.signature, "<u4"),
    }


def from_record(record: dict[str, Any], text: str | None = None) -> PreparedDocument:
    """The prepared document a record holds; ``text`` supplies a text the record left out.

    Raises
    ------
    ArchiveError
        When the record is of another format or version, or inconsistent.
    """
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        found = record.get("format") if isinstance(record, dict) else type(record).__name__
        raise ArchiveError(f"not a prepared document of format {FORMAT} (found {found!r})")
    try:
        sc, dd, lay = record["scheme"], record["document"], record["layout"]
        body = dd["text"] if dd["text"] is not None else text
        if body is None:
            raise ArchiveError(f"{dd['id']}: the record holds no text and none was given")
        scheme = PreparationScheme(
            bool(sc["keep_boilerplate"]),
            SignatureScheme(int(sc["shingle_size"]), int(sc["num_perm"]), int(sc["seed"]),
                            sc["minhash"], sc["shingle_hash"]),
            sc["preparation"],
        )
        doc = Document(id=dd["id"], text=body, extra=MappingProxyType(dict(dd["extra"])),
                       **{k: dd[k] for k in _DOC_FIELDS if k != "id"})
        layout = Layout(tuple(Region(k, s, e) for k, s, e in lay["regions"]), lay["title"], lay["date"],
                        MappingProxyType(dict(lay["metadata"])))
        seg_spans = _unspans(record["segments"]["spans"])
        segments = tuple(
            Segment(i, s, e, body[s:e], p, k)
            for i, ((s, e), p, k) in enumerate(zip(seg_spans, record["segments"]["paragraphs"],
                                                   record["segments"]["kinds"]))
        )
        vocab = record["stems"]["vocab"]
        ids = _unpack(record["stems"]["ids"], "<u4").tolist()
        stems, pos = [], 0
        for n in record["stems"]["counts"]:
            stems.append(tuple(vocab[i] for i in ids[pos:pos + n]))
            pos += n
        w = record["words"]
        words = ContentWords(_unpack(w["ids"], "<u8"), _unpack(w["starts"], "<i8"), _unpack(w["ends"], "<i8"))
        return PreparedDocument(
            doc, scheme, layout, segments, tuple(_unspans(record["sentences"])),
            tuple(_unspans(record["quotes"])), tuple(stems), words, int(record["shingles"]),
            _unpack(record["signature"], "<u4"),
        )
    except ArchiveError:
        raise
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise ArchiveError(f"corrupt prepared document record ({type(exc).__name__}: {exc})") from None


def dumps(doc: PreparedDocument, include_text: bool = True, level: int = 6) -> bytes:
    """The record of a prepared document, as compressed bytes.

    ``level`` is zlib's: 6 for what is stored; 1 for a record kept in memory
    for one run (twice as fast to make, 5 % larger on news stories).
    """
    return zlib.compress(json.dumps(to_record(doc, include_text), ensure_ascii=False,
                                    separators=(",", ":")).encode("utf-8"), level)


def loads(data: bytes, text: str | None = None) -> PreparedDocument:
    """A prepared document from :func:`dumps`' bytes (``text`` when they hold none).

    Raises
    ------
    ArchiveError
        When the bytes are not such a record.
    """
    try:
        record = json.loads(zlib.decompress(data).decode("utf-8"))
    except (zlib.error, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ArchiveError(f"corrupt prepared document ({type(exc).__name__})") from None
    return from_record(record, text)
