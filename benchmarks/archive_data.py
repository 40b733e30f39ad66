"""Benchmark data for the newsroom archive: the real archive, a synthetic background, planted drafts.

Usage::

    python benchmarks/archive_data.py real   --out /work/data/real.jsonl [--data EVAL_ROOT]
    python benchmarks/archive_data.py synth  --n 1000000 --out /work/data/synth/ --jobs 2 --seed 1 [--gzip]
    python benchmarks/archive_data.py drafts --archive /work/data/real.jsonl --n 200 --negatives 100
                                             --out /work/data/drafts.jsonl --seed 1
    python benchmarks/archive_data.py stats  --archive /work/data/real.jsonl --synth /work/data/synth/
                                             [--sample 20000] [--json FILE]

Data: ``--data``, else ``$LINEAGE_EVAL``, else ``../shared/eval`` beside the
repository (``bbc/<topic>/NNN.txt`` and ``reuters21578/reut2-*.sgm``).  When
absent a command prints one "skipped: ... not found" line and exits 0.

* ``real`` writes the archive as JSON Lines ``{"id", "text", "date"?, "title",
  "source", "topic"}``: BBC articles (id ``bbc/<topic>/NNN``, no date, the
  file's text), Reuters stories with a body (id ``reuters/<NEWID>``, date from
  ``<DATE>``, text as in :mod:`benchmarks.reuters_scale`) and the five
  ``samples/`` files.  ``HOLDOUT_SHARE`` of each BBC topic folder is kept out
  of the archive and written beside it (``<out>.unarchived.jsonl``): stories
  that are not in the archive, for the new text of drafts and for negatives.
  Only stories with no exact duplicate and no ``HOLDOUT_RUN``-word run shared
  with another BBC story are held out, so none of them is secretly archived.
* ``synth`` trains word-trigram models (backed off to bigrams) on the archive (see
  :mod:`benchmarks.archive_synth`) and writes shards of generated documents.
* ``drafts`` plants reuse of archived stories in new text (see
  :mod:`benchmarks.archive_drafts`).
* ``stats`` measures how crowded the LSH buckets and passage fingerprints of
  the synthetic documents are, next to the real ones (see
  :mod:`benchmarks.archive_stats`).

Readers accept a ``.jsonl`` or ``.jsonl.gz`` file or a folder of them.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.append(str(REPO))

from benchmarks.reuters_scale import eval_root, load_stories, to_document  # noqa: E402

#: Share of each BBC topic folder held out of the archive as "unarchived" stories.
HOLDOUT_SHARE = 0.05
#: A held-out story shares no run of this many words with another BBC story.
HOLDOUT_RUN = 8
#: Seed of the hold-out draw (fixed: the archive must not change with the drafts' seed).
HOLDOUT_SEED = 2005
#: Reuters topics that get their own style; stories with another or no topic are "other".
REUTERS_TOPICS = ("earn", "acq", "money-fx", "grain", "crude", "trade", "interest", "ship")

_WORD = re.compile(r"\w+")
_TOPICS = re.compile(r"<REUTERS\b[^>]*\bNEWID=\"(\d+)\"[^>]*>.*?<TOPICS>(.*?)</TOPICS>", re.DOTALL)
_D = re.compile(r"<D>(.*?)</D>")


def open_text(path: Path, mode: str = "rt", compress: bool | None = None) -> IO[str]:
    """A text file, gzip-compressed when ``compress`` is true or (by default) its name ends in ``.gz``."""
    if path.suffix == ".gz" if compress is None else compress:
        return gzip.open(path, mode, encoding="utf-8", compresslevel=3)  # type: ignore[return-value]
    return open(path, mode, encoding="utf-8")


def jsonl_files(path: Path) -> list[Path]:
    """``path`` itself, or the ``.jsonl``/``.jsonl.gz`` files of a folder in name order."""
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.name.endswith((".jsonl", ".jsonl.gz")))
    return [path]


def read_jsonl(path: Path, limit: int | None = None) -> Iterator[dict[str, Any]]:
    """Records of a JSON Lines file (plain or gzip) or of a folder of them, at most ``limit``."""
    n = 0
    for f in jsonl_files(path):
        with open_text(f) as fh:
            for line in fh:
                if limit is not None and n >= limit:
                    return
                if line.strip():
                    n += 1
                    yield json.loads(line)


def write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> int:
    """Write records as JSON Lines (gzip when the name ends in ``.gz``) via a temporary file; the count."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    n = 0
    with open_text(tmp, "wt", compress=path.suffix == ".gz") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    tmp.replace(path)
    return n


def words(text: str) -> list[str]:
    """Casefolded word tokens, as lineage's shingles count them."""
    return _WORD.findall(text.casefold())


def read_bbc(root: Path) -> list[dict[str, Any]]:
    """Every BBC article as an archive record (UTF-8, else latin-1; line ends normalised)."""
    out = []
    for path in sorted(root.glob("*/*.txt")):
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
        text = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n")).strip() + "\n"
        topic = path.parent.name
        out.append({"id": f"bbc/{topic}/{path.stem}", "text": text, "title": text.split("\n", 1)[0],
                    "source": "bbc", "topic": topic})
    return out


def reuters_topics(folder: Path) -> dict[str, str]:
    """First ``<TOPICS>`` entry of each story by NEWID, mapped to a style (``REUTERS_TOPICS`` or "other")."""
    out: dict[str, str] = {}
    for path in sorted(folder.glob("reut2-*.sgm")):
        for m in _TOPICS.finditer(path.read_bytes().decode("latin-1")):
            first = _D.findall(m.group(2))[:1]
            out[m.group(1)] = first[0] if first and first[0] in REUTERS_TOPICS else "other"
    return out


def read_reuters(folder: Path) -> list[dict[str, Any]]:
    """Every Reuters story with a body as an archive record, in file order."""
    topics = reuters_topics(folder)
    out = []
    for s in load_stories(folder):
        d = to_document(s)
        rec = {"id": f"reuters/{s.newid}", "text": d.text, "date": s.date or None, "title": s.title,
               "source": "reuters", "topic": topics.get(s.newid, "other")}
        out.append({k: v for k, v in rec.items() if v is not None})
    return out


def read_samples() -> list[dict[str, Any]]:
    """The five sample articles of the repository (id = file name)."""
    return [{"id": p.name, "text": p.read_text(encoding="utf-8"), "source": "samples", "topic": "samples"}
            for p in sorted((REPO / "samples").glob("*.txt"))]


def _ngram_owners(texts: list[str], n: int) -> list[set[int]]:
    """For each text, the other texts it shares a word ``n``-gram with or equals after normalisation."""
    owners: dict[tuple[str, ...] | str, set[int]] = defaultdict(set)
    for i, t in enumerate(texts):
        w = words(t)
        owners[" ".join(w)].add(i)
        for g in {tuple(w[k:k + n]) for k in range(len(w) - n + 1)}:
            owners[g].add(i)
    near: list[set[int]] = [set() for _ in texts]
    for group in owners.values():
        if len(group) > 1:
            for i in group:
                near[i] |= group - {i}
    return near


def holdout(bbc: list[dict[str, Any]]) -> set[str]:
    """Ids of the BBC articles kept out of the archive: ``HOLDOUT_SHARE`` per topic, none overlapping another."""
    near = _ngram_owners([r["text"].split("\n", 1)[-1] for r in bbc], HOLDOUT_RUN)
    rng = random.Random(HOLDOUT_SEED)
    by_topic: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(bbc):
        by_topic[r["topic"]].append(i)
    out: set[str] = set()
    for topic in sorted(by_topic):
        members = by_topic[topic]
        clean = [i for i in members if not near[i]]
        out.update(bbc[i]["id"] for i in rng.sample(clean, min(len(clean), round(HOLDOUT_SHARE * len(members)))))
    return out


def real_archive(root: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The archive records (BBC, Reuters, samples) and the held-out BBC records.

    Parameters
    ----------
    root : Path
        The eval root holding ``bbc/`` and ``reuters21578/``.

    Returns
    -------
    (list of dict, list of dict)
        Archived records in the order BBC, Reuters, samples; unarchived BBC records.
    """
    bbc = read_bbc(root / "bbc")
    held = holdout(bbc)
    archived = [r for r in bbc if r["id"] not in held] + read_reuters(root / "reuters21578") + read_samples()
    return archived, [r for r in bbc if r["id"] in held]


def _missing(root: Path) -> str | None:
    """What is missing from the eval root for the real archive, or None."""
    if not any((root / "bbc").glob("*/*.txt")):
        return f"BBC articles ({root / 'bbc'}/<topic>/NNN.txt)"
    if not any((root / "reuters21578").glob("reut2-*.sgm")):
        return f"Reuters-21578 files ({root / 'reuters21578'}/reut2-*.sgm)"
    return None


def unarchived_path(archive: Path) -> Path:
    """Where the held-out stories of an archive file are written: ``<name>.unarchived.jsonl``."""
    name = archive.name.removesuffix(".gz").removesuffix(".jsonl")
    return archive.with_name(name + ".unarchived.jsonl")


def cmd_real(args: argparse.Namespace) -> int:
    """Write the real archive and its held-out stories."""
    root = eval_root(args.data)
    if miss := _missing(root):
        print(f"skipped: {miss} not found")
        return 0
    t0 = time.perf_counter()
    archived, held = real_archive(root)
    n = write_jsonl(args.out, archived)
    write_jsonl(unarchived_path(args.out), held)
    by = Counter(r["source"] for r in archived)
    print(f"wrote {n} archive records to {args.out} ({', '.join(f'{k} {v}' for k, v in by.items())}); "
          f"{len(held)} unarchived BBC stories to {unarchived_path(args.out)}; {time.perf_counter() - t0:.1f} s")
    return 0


def cmd_synth(args: argparse.Namespace) -> int:
    """Train the trigram models on the real archive and write the synthetic background."""
    from benchmarks.archive_synth import generate_corpus, train

    root = eval_root(args.data)
    if miss := _missing(root):
        print(f"skipped: {miss} not found")
        return 0
    t0 = time.perf_counter()
    archived, _ = real_archive(root)
    model = train([r for r in archived if r["source"] != "samples"])
    t1 = time.perf_counter()
    print(f"trained on {model.stories} stories, {model.sentences} sentences, {model.vocabulary} token types, "
          f"{len(model.styles)} styles in {t1 - t0:.1f} s")
    report = generate_corpus(model, args.n, args.out, jobs=args.jobs, seed=args.seed, compress=args.gzip)
    report["training_seconds"] = round(t1 - t0, 1)
    (args.out / "manifest.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=1))
    return 0


def cmd_drafts(args: argparse.Namespace) -> int:
    """Write planted drafts and negatives with their truth."""
    from benchmarks.archive_drafts import make_drafts
    from benchmarks.archive_synth import train

    if not args.archive.exists():
        print(f"skipped: archive {args.archive} not found (run the real command first)")
        return 0
    held_path = args.unarchived or unarchived_path(args.archive)
    archive = list(read_jsonl(args.archive))
    held = list(read_jsonl(held_path)) if held_path.exists() else []
    model = train([r for r in archive if r["source"] != "samples"])
    drafts = make_drafts(archive, held, model, n=args.n, negatives=args.negatives, seed=args.seed)
    write_jsonl(args.out, drafts)
    modes = Counter(s["mode"] for d in drafts for s in d["sources"])
    print(f"wrote {len(drafts)} drafts to {args.out}: {sum(1 for d in drafts if d['sources'])} with sources "
          f"({', '.join(f'{k} {v}' for k, v in sorted(modes.items()))}), "
          f"{sum(1 for d in drafts if not d['sources'])} negatives")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    """Print the crowding and overlap measurements of synthetic against real documents."""
    from benchmarks.archive_stats import format_stats, measure, scale_candidates

    for path, what in ((args.archive, "archive"), (args.synth, "synthetic documents")):
        if not path.exists():
            print(f"skipped: {what} {path} not found")
            return 0
    real = [r for r in read_jsonl(args.archive) if r["source"] != "samples"]
    synth = list(read_jsonl(args.synth, limit=max([args.sample, *args.scale])))
    result = measure(real, synth, sample=args.sample, seed=args.seed)
    if args.scale:
        result["scale"] = scale_candidates(synth, args.scale)
    print(format_stats(result))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run one command."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    sub = ap.add_subparsers(dest="command", required=True)
    real = sub.add_parser("real", help="write the real archive")
    real.add_argument("--out", type=Path, required=True, help="JSON Lines file to write")
    synth = sub.add_parser("synth", help="write synthetic background documents")
    synth.add_argument("--n", type=int, default=20_000, help="documents to generate (default 20000)")
    synth.add_argument("--out", type=Path, required=True, help="folder for the shards")
    synth.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    synth.add_argument("--seed", type=int, default=1, help="seed (default 1)")
    synth.add_argument("--gzip", action="store_true", help="compress the shards (.jsonl.gz)")
    for p in (real, synth):
        p.add_argument("--data", type=Path, default=None, help="eval root (default: $LINEAGE_EVAL or ../shared/eval)")
    drafts = sub.add_parser("drafts", help="write planted drafts with their truth")
    drafts.add_argument("--archive", type=Path, required=True, help="the real archive (JSON Lines)")
    drafts.add_argument("--unarchived", type=Path, default=None,
                        help="held-out stories (default: <archive>.unarchived.jsonl)")
    drafts.add_argument("--n", type=int, default=200, help="drafts with sources (default 200)")
    drafts.add_argument("--negatives", type=int, default=100, help="drafts without sources (default 100)")
    drafts.add_argument("--out", type=Path, required=True, help="JSON Lines file to write")
    drafts.add_argument("--seed", type=int, default=1, help="seed (default 1)")
    stats = sub.add_parser("stats", help="crowding of synthetic against real documents")
    stats.add_argument("--archive", type=Path, default=Path("/work/data/real.jsonl"), help="the real archive")
    stats.add_argument("--synth", type=Path, default=Path("/work/data/synth"), help="synthetic documents")
    stats.add_argument("--sample", type=int, default=20_000, help="documents of each kind (default 20000)")
    stats.add_argument("--seed", type=int, default=1, help="seed of the real sample (default 1)")
    stats.add_argument("--scale", type=int, nargs="*", default=[],
                       help="also count lineage's candidate pairs among this many synthetic documents")
    stats.add_argument("--json", type=Path, default=None, help="also write the results as JSON")
    args = ap.parse_args(argv)
    command = {"real": cmd_real, "synth": cmd_synth, "drafts": cmd_drafts, "stats": cmd_stats}[args.command]
    return command(args)


if __name__ == "__main__":
    sys.exit(main())
