"""Plain-text summary of an archive: what ``lineage index info`` prints."""

from __future__ import annotations

from typing import Any


def _mb(n: Any) -> str:
    return f"{int(n or 0) / 1e6:,.1f} MB"


def info_text(info: dict[str, Any]) -> str:
    """Counts, sizes, schema version and settings of an archive, one fact a line."""
    s = info.get("settings", {})
    sig, prep, idx = s.get("signature", {}), s.get("preparation", {}), s.get("index", {})
    docs = int(info.get("documents", 0))
    size = int(info.get("bytes", 0))
    lines = [
        f"archive: {info.get('path')}",
        f"documents: {docs:,}",
        f"size: {_mb(size)} ({_mb(info.get('free_bytes'))} free)"
        + (f", {size / docs:,.0f} bytes per document" if docs else ""),
        f"postings: {int(info.get('postings', 0)):,} in {info.get('runs', 0)} run(s); "
        f"{int(info.get('common_keys', 0)):,} common key(s) ignored; "
        f"{int(info.get('removed_versions', 0)):,} removed version(s) awaiting a merge",
        f"schema: {s.get('format')} version {info.get('schema_version')}; created {s.get('created')} "
        f"by lineage {s.get('lineage_version')}",
        f"preparation: {prep.get('version')}, boilerplate {'kept' if prep.get('keep_boilerplate') else 'set aside'}",
        f"signature: MinHash, {sig.get('shingle_size')}-word shingles, {sig.get('num_perm')} permutations, "
        f"seed {sig.get('seed')}, datasketch scheme {sig.get('scheme')}, {sig.get('shingle_hash')}",
        f"retrieval: document bands {idx.get('doc_bands')}x{idx.get('doc_rows')} (Jaccard ~{idx.get('doc_threshold')}), "
        f"sentence bands {idx.get('sentence_bands')}x{idx.get('sentence_rows')} of {idx.get('sentence_perm')} "
        f"permutations (~{idx.get('sentence_threshold')}), {idx.get('gram_words')}-word grams 1 in "
        f"{idx.get('gram_sample')}, runs of {idx.get('number_run')} figures; keys in more than "
        f"{idx.get('max_postings')} documents ignored ({idx.get('version')})",
    ]
    if "verified" in info:
        lines.append(f"integrity: {info['verified']}")
    return "\n".join(lines)
