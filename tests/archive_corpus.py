"""Generated documents for the archive tests: made-up words, so that no two documents share a phrase by chance."""

from __future__ import annotations

import json
import random
from pathlib import Path

_C = "bdfgklmnprstvz"
_V = "aeiou"


def word(rng: random.Random) -> str:
    """A made-up word of two or three syllables."""
    return "".join(rng.choice(_C) + rng.choice(_V) for _ in range(rng.choice((2, 3))))


def sentence(rng: random.Random, n: int | None = None) -> str:
    """A sentence of made-up words."""
    words = [word(rng) for _ in range(n or rng.randint(10, 16))]
    return " ".join(words).capitalize() + "."


def text(rng: random.Random, paragraphs: int = 3, sentences: int = 3) -> str:
    """A title and paragraphs of made-up sentences."""
    title = " ".join(word(rng) for _ in range(5)).capitalize()
    body = "\n\n".join(" ".join(sentence(rng) for _ in range(sentences)) for _ in range(paragraphs))
    return f"{title}\n\n{body}\n"


def records(n: int, seed: int = 1, prefix: str = "doc") -> list[dict[str, str]]:
    """``n`` JSON Lines records ``{"id", "text", "date", "source"}``."""
    rng = random.Random(seed)
    return [{"id": f"{prefix}/{i:05d}", "text": text(rng, 2, 2), "date": f"2020-01-{1 + i % 28:02d}",
             "source": "wire" if i % 2 else "paper"} for i in range(n)]


def write_jsonl(path: Path, recs: list[dict[str, str]]) -> Path:
    """Write records as JSON Lines."""
    path.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    return path


def unusable_archives(directory: Path) -> tuple[Path, Path]:
    """A file that is no database and an SQLite database that is no lineage archive."""
    import sqlite3

    noise = directory / "noise.db"
    noise.write_bytes(b"\x00\x17not a database at all" * 100)
    foreign = directory / "foreign.db"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE notes(x)")
    con.commit()
    con.close()
    return noise, foreign
