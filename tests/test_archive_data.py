"""The archive benchmark's generators on a tiny corpus: determinism, counts, truth spans, skipping without data."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.archive_data import main, read_jsonl, words, write_jsonl
from benchmarks.archive_drafts import MODES, make_drafts
from benchmarks.archive_synth import MIN_COPY_WORDS, Generator, generate_corpus, train

_WIRE = [
    "The company said its board approved a plan to buy back up to one mln of its common shares.",
    "Net profit for the first quarter rose to 12.5 mln dlrs from 9.8 mln dlrs a year earlier.",
    "Analysts said the results were better than expected because of strong sales in Europe.",
    "The bank said it would cut its prime lending rate to 7.5 pct from 7.75 pct next week.",
    "Officials said the government had agreed to sell 200,000 tonnes of wheat to the Soviet Union.",
    "The dollar fell against the yen in early trading as dealers waited for the trade figures.",
    "Shares of the company rose two dlrs to 45 dlrs on the New York Stock Exchange.",
    "A spokesman said the acquisition would be completed by the end of the year.",
    "The ministry said exports rose 4.2 pct in March while imports fell 1.1 pct.",
    "The offer is subject to approval by shareholders and regulators, the company said.",
    "Oil prices rose after the cartel agreed to hold output at current levels.",
    "Traders said the market was quiet ahead of the holiday weekend.",
]
_BBC = [
    "The singer told reporters that the new album would be released in the spring.",
    "Ministers have promised to spend more on schools and hospitals over the next three years.",
    "The striker scored twice as the home side won the match in front of a large crowd.",
    "Mobile phone users will be able to download films and music at much higher speeds.",
    "The film won three awards at the ceremony in London on Sunday night.",
    "Critics said the plans would do little to help people on low incomes.",
    "The coach said his players had shown great character after a difficult start to the season.",
    "Experts warned that the number of computer viruses had risen sharply this year.",
    "The party said the election campaign would focus on the economy and crime.",
    "Fans queued for hours outside the cinema to see the first screening of the movie.",
    "The firm said it expected profits to rise despite the weak dollar.",
    "Researchers found that people who used the internet at home watched less television.",
]


def _story(sentences: list[str], k: int, n: int = 6) -> str:
    picked = [sentences[(k + 5 * j) % len(sentences)] for j in range(n)]
    return " ".join(picked[:3]) + "\n\n" + " ".join(picked[3:])


def _corpus() -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    archive = []
    for k in range(5):
        title = f"COMPANY {k} REPORTS RESULTS"
        archive.append({"id": f"reuters/{k}", "title": title, "text": f"{title}\n\n{_story(_WIRE, k)}\n",
                        "date": f"1987-03-0{k + 1}T10:00", "source": "reuters", "topic": "earn"})
    for k in range(5):
        title = f"Tech story {k}"
        archive.append({"id": f"bbc/tech/{k:03d}", "title": title, "text": f"{title}\n\n{_story(_BBC, k)}\n",
                        "source": "bbc", "topic": "tech"})
    held = [{"id": "bbc/tech/900", "title": "A story kept out", "source": "bbc", "topic": "tech",
             "text": "A story kept out\n\n" + _story(_BBC, 7) + "\n"}]
    return archive, held


@pytest.fixture(scope="module")
def model():
    """The tiny corpus's model."""
    return train(_corpus()[0])


def test_generator_is_deterministic_and_counts(model):
    """Same seed, same documents; the requested number, numbered from ``first``, in real stories' shapes."""
    a = list(Generator(model, 7).documents(3, 6))
    b = list(Generator(model, 7).documents(3, 6))
    c = list(Generator(model, 8).documents(3, 6))
    assert a == b
    assert a != c
    assert [d["id"] for d in a] == [f"synth/{i}" for i in range(3, 9)]
    shapes = {len(paras) for _, _, paras in model.shapes}
    for d in a:
        assert d["source"] == "synthetic" and "1987-01-01" <= d["date"] <= "2005-12-31"
        title, body = d["text"].split("\n\n", 1)
        assert title == d["title"] and body.endswith("\n")
        assert len(body.strip().split("\n\n")) in shapes


def test_generator_rejects_real_sentences(model):
    """No generated sentence of ``MIN_COPY_WORDS`` words or more equals a real one."""
    real = {" ".join(words(s)) for s in _WIRE + _BBC}
    gen = Generator(model, 1)
    for d in gen.documents(0, 20):
        for para in d["text"].split("\n\n")[1:]:
            for s in para.replace("? ", ". ").split(". "):
                w = words(s)
                assert len(w) < MIN_COPY_WORDS or " ".join(w) not in real
    assert gen.counts["equal to a real sentence"] > 0


def test_shards_do_not_depend_on_workers(model, tmp_path):
    """One worker or two: the same shards, byte for byte; gzip shards read back the same records."""
    one = generate_corpus(model, 9, tmp_path / "one", jobs=1, seed=3)
    two = generate_corpus(model, 9, tmp_path / "two", jobs=2, seed=3)
    assert one["documents"] == two["documents"] == 9
    for f in sorted((tmp_path / "one").glob("*.jsonl")):
        assert f.read_bytes() == (tmp_path / "two" / f.name).read_bytes()
    generate_corpus(model, 9, tmp_path / "gz", jobs=1, seed=3, compress=True)
    assert list(read_jsonl(tmp_path / "gz")) == list(read_jsonl(tmp_path / "one"))
    assert [r["id"] for r in read_jsonl(tmp_path / "one")] == [f"synth/{i}" for i in range(9)]


def test_draft_spans_point_at_the_reused_text(model):
    """Copies equal their source span; paraphrases and summaries share most of its words; dates follow."""
    archive, held = _corpus()
    by_id = {r["id"]: r for r in archive}
    drafts = make_drafts(archive, held, model, n=30, negatives=4, seed=5)
    assert drafts == make_drafts(archive, held, model, n=30, negatives=4, seed=5)
    assert len(drafts) == 34 and all(not d["sources"] for d in drafts[30:])
    seen = set()
    for d in drafts[:30]:
        assert 1 <= len(d["sources"]) <= 3
        for s in d["sources"]:
            seen.add(s["mode"])
            draft_part = d["text"][slice(*s["draft_span"])]
            source_part = by_id[s["id"]]["text"][slice(*s["source_span"])]
            if s["mode"] == "copy":
                assert draft_part == source_part
            else:
                shared = set(words(draft_part)) & set(words(source_part))
                assert len(shared) >= 0.5 * len(set(words(draft_part)))
            if by_id[s["id"]].get("date"):
                assert d["date"] > by_id[s["id"]]["date"]
    assert seen == set(MODES)


def test_skips_without_data(tmp_path, capsys):
    """Every command prints one "skipped" line and exits 0 when its data is absent."""
    missing = tmp_path / "nothing"
    commands = [
        ["real", "--data", str(missing), "--out", str(tmp_path / "real.jsonl")],
        ["synth", "--data", str(missing), "--n", "5", "--out", str(tmp_path / "synth")],
        ["drafts", "--archive", str(missing / "real.jsonl"), "--out", str(tmp_path / "drafts.jsonl")],
        ["stats", "--archive", str(missing / "real.jsonl"), "--synth", str(missing)],
    ]
    for argv in commands:
        assert main(argv) == 0
        out = capsys.readouterr().out
        assert out.startswith("skipped:") and out.count("\n") == 1
    assert not (tmp_path / "real.jsonl").exists() and not (tmp_path / "synth").exists()


def test_jsonl_round_trip(tmp_path):
    """Plain and gzip JSON Lines hold the same records."""
    recs = [{"id": "a", "text": "caf\u00e9\n"}, {"id": "b", "text": json.dumps({"x": 1})}]
    write_jsonl(tmp_path / "r.jsonl", recs)
    write_jsonl(tmp_path / "r.jsonl.gz", recs)
    assert list(read_jsonl(tmp_path / "r.jsonl")) == list(read_jsonl(tmp_path / "r.jsonl.gz")) == recs
    assert list(read_jsonl(tmp_path / "r.jsonl", limit=1)) == recs[:1]
