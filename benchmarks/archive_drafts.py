"""Planted drafts for the archive benchmark: new text that copies, paraphrases or summarises archived stories.

Each draft reuses one to three archived stories (Reuters, BBC or both), each
in one mode:

* ``copy``: a contiguous run of 2-8 body sentences verbatim (with the
  paragraph breaks between them), or, with probability ``WHOLE_STORY``, the
  whole body;
* ``paraphrase``: a run of 4-8 sentences with 1-2 of them dropped, 1-2 pairs
  of neighbouring sentences swapped and words replaced from ``SYNONYMS``
  (lower-case occurrences, or the first word of a sentence, so that names
  such as "New York" stay);
* ``summary``: 3-5 sentences, extractive with compression: the lead sentence
  and the sentences with the most rare words (document frequency under
  ``RARE_SHARE`` of the archive), each with parentheses, subordinate clauses
  after commas and trailing attributions cut, and some words replaced.

New text is mixed in as 1-3 paragraphs of 1-4 sentences, either from the
synthetic generator in the first source's style or from BBC stories held out
of the archive (real prose on the same subjects: the harder case).  A draft
is dated after its dated sources (1 hour to 30 days); drafts with only BBC
sources, which have no dates, get a day in the first half of 2006.

Truth per source: archive id, mode, ``draft_span`` and ``source_span``
(character offsets into the draft and into the archived text: for ``copy``
the two texts are equal), the edits made, and ``also``: other archived
stories holding at least half of the source span's word 8-grams (wire
re-files, BBC duplicates), which a checker may rightly report too.
Negatives are held-out BBC stories whole, or synthetic stories in the style
of an archived one; their truth is ``[]``.
"""

from __future__ import annotations

import datetime as _dt
import random
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np

from benchmarks.archive_data import words
from benchmarks.archive_stats import ngram_hashes
from benchmarks.archive_synth import Generator, Model
from lineage import Document
from lineage.prepare import segment

MODES = ("copy", "paraphrase", "summary")
MODE_WEIGHTS = (0.4, 0.35, 0.25)
#: Probability that a draft reuses 1, 2 or 3 stories.
SOURCE_COUNT_WEIGHTS = (0.5, 0.3, 0.2)
#: Probability that a draft's sources are all Reuters, all BBC, or both.
CORPUS_WEIGHTS = {"reuters": 0.45, "bbc": 0.35, "mixed": 0.2}
#: Probability that a copy takes the whole body.
WHOLE_STORY = 0.15
#: Words rarer than this share of archived stories count for a summary's choice of sentences.
RARE_SHARE = 0.01
#: Share of matching words replaced in a paraphrase and in a summary.
PARAPHRASE_RATE, SUMMARY_RATE = 0.6, 0.3
#: Another archived story holding this share of a source span's 8-grams is listed in ``also``.
ALSO_SHARE = 0.5
#: Seed offset of the generator of new text (the background's shards use seeds (seed, shard)).
NEW_TEXT_STREAM = 1_000_000

# Near synonyms from news copy, and the wire's abbreviations spelled out.
_SYNONYM_PAIRS = """
said:stated says:states told:informed added:continued announced:unveiled reported:posted rose:climbed
fell:dropped increased:grew decreased:declined declined:fell climbed:rose jumped:surged dropped:slipped
gained:advanced lost:shed cut:reduced raised:lifted lowered:reduced bought:purchased buy:purchase
sold:offloaded sell:offload acquired:bought acquire:buy approved:backed approve:endorse rejected:dismissed
warned:cautioned expected:anticipated expects:anticipates expect:anticipate believe:think believes:thinks
want:wish wants:wishes hopes:aims help:assist helped:assisted helping:assisting start:begin started:began
began:started begin:start showed:revealed shows:reveals claimed:alleged criticised:attacked
criticized:attacked urged:pressed allow:permit allowed:permitted boost:lift boosted:lifted hit:struck
launched:introduced launch:introduce signed:inked won:secured win:secure beat:defeated needed:required
need:require needs:requires offered:proposed remain:stay remained:stayed remains:stays created:formed
create:form estimated:forecast predicted:forecast predict:forecast considering:weighing consider:weigh
discuss:debate discussed:debated ended:finished reached:hit tried:attempted try:attempt trying:attempting
received:got receive:get provide:supply provided:supplied prevent:stop fight:battle reduce:cut
reduced:cut improve:enhance improved:enhanced insisted:maintained suggested:indicated confirmed:verified
revealed:disclosed disclosed:revealed released:published published:released company:firm
companies:firms firm:company firms:companies government:administration officials:authorities
deal:agreement agreement:accord talks:negotiations profits:earnings revenue:turnover revenues:sales
shareholders:stockholders stockholders:shareholders chief:head spokesman:representative
spokeswoman:representative country:nation countries:nations nation:country people:individuals
children:youngsters problem:issue problems:issues issue:matter scheme:plan proposals:plans
proposal:plan rules:regulations law:legislation laws:legislation election:poll elections:polls
voters:electors campaign:drive war:conflict attack:assault attacks:assaults troops:soldiers
soldiers:troops money:funds cash:money costs:expenses price:cost prices:costs growth:expansion
demand:appetite jobs:posts workers:employees employees:staff staff:employees job:post industry:sector
sector:industry analysts:observers analyst:observer investors:backers bank:lender banks:lenders
loan:credit loans:credits debt:borrowing stake:holding stakes:holdings unit:subsidiary
subsidiary:unit merger:tie-up takeover:acquisition acquisition:purchase offer:bid bid:offer film:movie
films:movies movie:film album:record singer:vocalist star:celebrity stars:celebrities award:prize
awards:prizes prize:award audience:viewers viewers:audience fans:supporters supporters:fans match:game
game:match games:matches team:side coach:manager defeat:loss championship:title injury:knock
users:customers customers:clients technology:tech software:programs computer:PC computers:PCs
phone:handset phones:handsets mobile:cellular internet:web website:site services:offerings
research:study study:research data:figures figures:data statistics:figures survey:poll
experts:specialists scientists:researchers researchers:scientists big:large large:sizeable
small:modest major:key main:principal key:crucial important:significant significant:considerable
recent:latest latest:newest new:fresh also:additionally about:around nearly:almost almost:nearly
very:extremely quickly:rapidly rapidly:quickly currently:presently however:nevertheless because:as
many:numerous difficult:hard hard:tough strong:robust weak:feeble higher:greater likely:probable
possible:feasible previous:prior previously:earlier despite:notwithstanding following:after
after:following before:ahead_of during:throughout total:overall annual:yearly pct:percent
mln:million dlrs:dollars dlr:dollar stg:sterling cts:cents qtr:quarter avg:average shrs:shares
mths:months yr:year vs:versus
"""
#: One-way word substitutions ("_" stands for a space in a replacement).
SYNONYMS: dict[str, str] = {a: b.replace("_", " ") for a, b in re.findall(r"(\S+):(\S+)", _SYNONYM_PAIRS)}

_WORDS = re.compile(r"[A-Za-z]+")
_PARENS = re.compile(r"\s*\([^()\"]*\)")
_RELATIVE = re.compile(r",\s+(?:which|who|whose|where)\b[^,;\"]*?(?:,(?=\s)|(?=;|[.!?]['\"]?$))")
_ADVERBIAL = re.compile(r",\s+(?:while|although|though|including|according to|as well as|after|before|despite|"
                        r"because|since|with)\b[^,;\"]*?(?=[,;]|[.!?]['\"]?$)")
_ATTRIBUTION = re.compile(r",\s+[^,\"]{0,40}\b(?:said|says|added|told reporters)\s*([.!?])$")


@dataclass(frozen=True)
class Story:
    """An archived (or held-out) story and the spans of its body sentences."""

    id: str
    text: str
    date: str | None
    source: str
    style: str
    title: str
    sents: tuple[tuple[int, int], ...]

    @classmethod
    def from_record(cls, rec: dict[str, Any]) -> Story:
        """Segment a record's text as lineage does and keep the body sentences."""
        doc = Document.from_text(rec["text"], id=rec["id"])
        body = tuple((s.start, s.end) for s in segment(doc) if s.kind == "body")
        return cls(rec["id"], rec["text"], rec.get("date"), rec["source"], f"{rec['source']}/{rec.get('topic', '')}",
                   rec.get("title") or "", body)

    def sentence(self, i: int) -> str:
        """Body sentence ``i`` with its whitespace normalised."""
        a, b = self.sents[i]
        return " ".join(self.text[a:b].split())

    def eligible(self) -> bool:
        """Long enough to reuse: five body sentences or more, three of them with eight words or more."""
        return len(self.sents) >= 5 and sum(len(words(self.sentence(i))) >= 8 for i in range(len(self.sents))) >= 3


def substitute(sentence: str, rng: random.Random, rate: float) -> tuple[str, int]:
    """Replace words from ``SYNONYMS`` with probability ``rate`` each; the new sentence and the count."""
    n = 0

    def repl(m: re.Match[str]) -> str:
        nonlocal n
        w = m.group()
        first = m.start() == 0
        if not (w.islower() or (first and w[:1].isupper() and w[1:].islower())):
            return w
        new = SYNONYMS.get(w.lower())
        if new is None or rng.random() >= rate:
            return w
        n += 1
        return new[:1].upper() + new[1:] if first and w[:1].isupper() else new

    out = _WORDS.sub(repl, sentence)
    return out, n


def compress(sentence: str) -> str:
    """A shorter sentence: parentheses, subordinate clauses after commas and a trailing attribution cut."""
    out = _PARENS.sub("", sentence)
    out = _ADVERBIAL.sub("", _RELATIVE.sub("", out))
    if len(words(out)) >= 10:
        out = _ATTRIBUTION.sub(r"\1", out)
    return out if len(words(out)) >= 4 else sentence


def shorten_lead(sentence: str) -> str:
    """The lead compressed, then cut at a comma after its tenth word when still over 25 words."""
    out = compress(sentence)
    if len(words(out)) > 25 and '"' not in out:
        for m in re.finditer(r",\s", out):
            if len(words(out[:m.start()])) >= 10:
                return out[:m.start()] + "."
    return out


class Planter:
    """Makes drafts from an archive, deterministic given the seed.

    Parameters
    ----------
    archive : list of dict
        Archived records (BBC, Reuters; other sources are never chosen as sources).
    unarchived : list of dict
        Held-out records, for new text and negatives.
    model : Model
        Synthetic text model trained on the archive.
    seed : int
    """

    def __init__(self, archive: list[dict[str, Any]], unarchived: list[dict[str, Any]], model: Model,
                 seed: int) -> None:
        self.rng = random.Random(seed)
        self.gen = Generator(model, [seed, NEW_TEXT_STREAM])
        self.styles = {s.name: i for i, s in enumerate(model.styles)}
        self.records = archive
        self.pool = {c: [i for i, r in enumerate(archive) if r["source"] == c] for c in ("reuters", "bbc")}
        self.held = [Story.from_record(r) for r in unarchived]
        self.held = [s for s in self.held if len(s.sents) >= 3]
        df: Counter[str] = Counter()
        grams: list[np.ndarray] = []
        vocab: dict[str, int] = {}
        for r in archive:
            w = words(r["text"])
            df.update(set(w))
            ids = np.array([vocab.setdefault(x, len(vocab)) for x in w], dtype=np.uint64)
            grams.append(np.unique(ngram_hashes(ids, min(8, max(len(ids), 1)))))
        self.vocab = vocab
        self.lengths: dict[int, list[int]] = {}
        for style, _, paras in model.shapes:
            self.lengths.setdefault(style, []).extend(x for p in paras for x in p)
        self.rare = {w for w, c in df.items() if c < RARE_SHARE * len(archive) and not w.isdigit()}
        owners = np.repeat(np.arange(len(grams)), [len(g) for g in grams])
        keys = np.concatenate(grams) if grams else np.empty(0, dtype=np.uint64)
        order = np.argsort(keys, kind="stable")
        self.gram_keys, self.gram_owner = keys[order], owners[order]
        self.stories: dict[int, Story] = {}

    def story(self, index: int) -> Story:
        """Archived record ``index`` as a segmented story (segmented once)."""
        if index not in self.stories:
            self.stories[index] = Story.from_record(self.records[index])
        return self.stories[index]

    def also(self, story: Story, span: tuple[int, int]) -> list[str]:
        """Other archived stories holding at least ``ALSO_SHARE`` of the span's word 8-grams."""
        w = words(story.text[span[0]:span[1]])
        ids = np.array([self.vocab.get(x, 0) for x in w], dtype=np.uint64)
        keys = np.unique(ngram_hashes(ids, min(8, max(len(ids), 1))))
        lo = np.searchsorted(self.gram_keys, keys, side="left")
        hi = np.searchsorted(self.gram_keys, keys, side="right")
        owners = np.concatenate([self.gram_owner[a:b] for a, b in zip(lo, hi)]) if len(keys) else np.empty(0, int)
        counts = Counter(owners.tolist())
        return sorted(self.records[i]["id"] for i, c in counts.items()
                      if c >= ALSO_SHARE * len(keys) and self.records[i]["id"] != story.id)

    def pick(self, corpus: str, taken: set[int]) -> Story:
        """A random eligible archived story of a corpus (of any corpus when it has none left), not taken yet."""
        for pool in (self.pool[corpus], self.pool["reuters"] + self.pool["bbc"]):
            tries = [self.rng.choice(pool) for _ in range(100)] if pool else []
            for i in tries + self.rng.sample(pool, len(pool)):
                if i not in taken and self.story(i).eligible():
                    taken.add(i)
                    return self.story(i)
        raise ValueError("the archive holds too few stories of five sentences or more to plant drafts")

    def copy(self, s: Story) -> tuple[str, tuple[int, int], dict[str, Any]]:
        """A verbatim run of 2-8 sentences (or the whole body): text, source span, edits."""
        n = len(s.sents)
        if self.rng.random() < WHOLE_STORY:
            a, b = 0, n
        else:
            k = self.rng.randint(2, min(8, n))
            a = self.rng.randint(0, n - k)
            b = a + k
        span = (s.sents[a][0], s.sents[b - 1][1])
        return s.text[span[0]:span[1]], span, {"sentences": [a, b]}

    def paraphrase(self, s: Story) -> tuple[str, tuple[int, int], dict[str, Any]]:
        """A run of 4-8 sentences with drops, neighbour swaps and substitutions: text, source span, edits."""
        n = len(s.sents)
        k = self.rng.randint(min(4, n), min(8, n))
        a = self.rng.randint(0, n - k)
        order = list(range(a, a + k))
        dropped = sorted(self.rng.sample(order, min(self.rng.randint(1, 2), k - 3)))
        order = [i for i in order if i not in dropped]
        swaps = 0
        for _ in range(self.rng.randint(1, 2)):
            j = self.rng.randrange(len(order) - 1)
            order[j], order[j + 1] = order[j + 1], order[j]
            swaps += 1
        out, subs = [], 0
        for i in order:
            text, c = substitute(s.sentence(i), self.rng, PARAPHRASE_RATE)
            out.append(text)
            subs += c
        return " ".join(out), (s.sents[a][0], s.sents[a + k - 1][1]), {
            "sentences": [a, a + k], "dropped": dropped, "swaps": swaps, "substitutions": subs}

    def summary(self, s: Story) -> tuple[str, tuple[int, int], dict[str, Any]]:
        """The lead and the sentences richest in rare words, compressed: text, source span, edits."""
        k = self.rng.randint(3, min(5, len(s.sents)))
        scores = [(len(set(words(s.sentence(i))) & self.rare), -i) for i in range(1, len(s.sents))
                  if len(words(s.sentence(i))) >= 6]
        chosen = sorted([0] + [-i for _, i in sorted(scores, reverse=True)[:k - 1]])
        out, subs = [], 0
        for i in chosen:
            text = shorten_lead(s.sentence(i)) if i == 0 else compress(s.sentence(i))
            text, c = substitute(text, self.rng, SUMMARY_RATE)
            out.append(text)
            subs += c
        return " ".join(out), (s.sents[chosen[0]][0], s.sents[chosen[-1]][1]), {
            "sentences": chosen, "substitutions": subs}

    def new_sentences(self, kind: str, style: str, n: int) -> list[str]:
        """``n`` sentences of new text: synthetic in a style, or a run from one held-out story."""
        if kind == "unarchived" and self.held:
            h = self.rng.choice(self.held)
            n = min(n, len(h.sents))
            a = self.rng.randint(0, len(h.sents) - n)
            return [h.sentence(i) for i in range(a, a + n)]
        s = self.styles.get(style, 0)
        return [self.gen.take(s, self.rng.choice(self.lengths[s])) for _ in range(n)]

    def title(self, kind: str, style: str) -> str:
        """A title for a draft: a held-out story's or a synthetic one in the style."""
        if kind == "unarchived" and self.held:
            return self.rng.choice(self.held).title
        return self.gen.take(self.styles.get(style, 0), self.rng.randint(5, 10), title=True)

    def date(self, after: list[str | None]) -> str:
        """A date after the given ones (1 hour to 30 days after the latest), else a day in the first half of 2006."""
        dated = [_dt.datetime.fromisoformat(d) for d in after if d]
        if dated:
            return (max(dated) + _dt.timedelta(minutes=self.rng.randint(60, 30 * 24 * 60))).strftime("%Y-%m-%dT%H:%M")
        return (_dt.date(2006, 1, 1) + _dt.timedelta(days=self.rng.randint(0, 180))).isoformat()

    def draft(self, number: int) -> dict[str, Any]:
        """One draft reusing 1-3 archived stories, with its truth."""
        corpus = self.rng.choices(list(CORPUS_WEIGHTS), weights=list(CORPUS_WEIGHTS.values()))[0]
        k = self.rng.choices((1, 2, 3), weights=SOURCE_COUNT_WEIGHTS)[0]
        if corpus == "mixed":
            k = max(k, 2)
        corpora = ["reuters" if corpus == "reuters" or (corpus == "mixed" and j % 2 == 0) else "bbc"
                   for j in range(k)]
        taken: set[int] = set()
        stories = [self.pick(c, taken) for c in corpora]
        kind = self.rng.choice(("synthetic", "unarchived"))
        blocks: list[tuple[str, dict[str, Any] | None]] = []
        for s in stories:
            mode = self.rng.choices(MODES, weights=MODE_WEIGHTS)[0]
            text, span, edits = getattr(self, mode)(s)
            blocks.append((text, {"id": s.id, "mode": mode, "source_span": list(span),
                                  "also": self.also(s, span), "edits": edits}))
        for _ in range(self.rng.randint(1, 3)):
            new = " ".join(self.new_sentences(kind, stories[0].style, self.rng.randint(1, 4)))
            blocks.insert(self.rng.randint(0, len(blocks)), (new, None))
        title = self.title(kind, stories[0].style)
        text = f"{title}\n\n"
        truth = []
        for body, src in blocks:
            if src is not None:
                src["draft_span"] = [len(text), len(text) + len(body)]
                truth.append(src)
            text += body + "\n\n"
        return {"draft_id": f"draft/{number:04d}", "text": text.rstrip("\n") + "\n", "title": title,
                "date": self.date([s.date for s in stories]), "new_text": kind,
                "sources": [{key: t[key] for key in ("id", "mode", "draft_span", "source_span", "also", "edits")}
                            for t in truth]}

    def negative(self, number: int) -> dict[str, Any]:
        """A draft reusing nothing: a held-out BBC story, or a synthetic story in an archived story's style."""
        if self.held and number % 2 == 0:
            h = self.rng.choice(self.held)
            text, kind, date = h.text, "unarchived", self.date([])
        else:
            rec = self.records[self.rng.choice(self.pool["reuters"] + self.pool["bbc"])]
            style = f"{rec['source']}/{rec.get('topic', '')}"
            title, body, _ = self.gen.story(self.styles.get(style, 0))
            text, kind = f"{title}\n\n{body}\n", "synthetic"
            date = self.date([rec.get("date")])
        return {"draft_id": f"negative/{number:04d}", "text": text, "title": text.split("\n", 1)[0], "date": date,
                "new_text": kind, "sources": []}


def make_drafts(archive: list[dict[str, Any]], unarchived: list[dict[str, Any]], model: Model, n: int = 200,
                negatives: int = 100, seed: int = 1) -> list[dict[str, Any]]:
    """Drafts with planted reuse and negatives, each with its truth.

    Parameters
    ----------
    archive : list of dict
        Archived records; sources are drawn from its BBC and Reuters stories.
    unarchived : list of dict
        Held-out records (not in the archive): new text and negatives.
    model : Model
        Synthetic text model trained on the archive.
    n : int
        Drafts with sources.
    negatives : int
        Drafts without sources.
    seed : int

    Returns
    -------
    list of dict
        ``{"draft_id", "text", "title", "date", "new_text", "sources": [{"id", "mode",
        "draft_span", "source_span", "also", "edits"}]}``, drafts first, then negatives.
    """
    planter = Planter(archive, unarchived, model, seed)
    return [planter.draft(i) for i in range(n)] + [planter.negative(i) for i in range(negatives)]
