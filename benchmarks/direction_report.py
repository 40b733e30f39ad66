"""Tables of the direction benchmark: decisions per subset and basis, signal precision, thresholds and the vote."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from benchmarks.direction_data import REUSE_ORDER, gap_bucket
from benchmarks.direction_signals import SIGNALS

Record = Mapping[str, Any]
Chooser = Callable[[Record], "str | None"]

#: Precision a signal (and the vote) must reach when it fires.
TARGET = 0.95
#: Groups with fewer firings than this are judged by their errors instead (at most MAX_SMALL_ERRORS).
MIN_FIRES = 20
MAX_SMALL_ERRORS = 1
#: Signals never allowed to decide: containment and length (which never decide alone), and
#: line breaks inside copied sentences (how PAN assembled its documents, not how a text was rewritten).
NOT_DECISIVE = frozenset({"coverage", "longer", "wrapped"})
PAN_ORDER = ("02", "03", "04", "05")
#: What a decision of lineage's direction stage rests on, in the order reported.
GROUNDS = ("summary", "reported speech", "dates")
#: Wrong decisions listed per subset.
WRONG_SHOWN = 5


def group(rec: Record) -> str:
    """Reported subset of a record: ``PAN 02``, ..., ``Reuters paraphrase``, ..."""
    if rec["corpus"] == "pan":
        return f"PAN {rec['subset'][:2]}"
    return f"Reuters {rec['subset']}"


def group_order(records: Iterable[Record]) -> list[str]:
    """Subsets present, PAN first, then Reuters by verdict strength."""
    present = {group(r) for r in records}
    wanted = [f"PAN {s}" for s in PAN_ORDER] + [f"Reuters {s}" for s in REUSE_ORDER]
    return [g for g in wanted if g in present]


@dataclass
class Tally:
    """Pairs of a subset, how many a chooser decided, and how many of those it got right."""

    pairs: int = 0
    decided: int = 0
    correct: int = 0

    @property
    def share(self) -> float:
        """Share of the pairs decided."""
        return self.decided / self.pairs if self.pairs else 0.0

    @property
    def accuracy(self) -> float | None:
        """Accuracy when decided (None when nothing was decided)."""
        return self.correct / self.decided if self.decided else None

    def ok(self, target: float = TARGET) -> bool:
        """Precise enough: the target when decided MIN_FIRES times or more, else at most MAX_SMALL_ERRORS wrong."""
        if self.decided >= MIN_FIRES:
            return self.correct >= target * self.decided
        return self.decided - self.correct <= MAX_SMALL_ERRORS


def tally(records: Iterable[Record], choose: Chooser, by: Callable[[Record], str] = group) -> dict[str, Tally]:
    """Decisions of ``choose`` per subset, plus ``PAN all`` and ``Reuters all``."""
    out: dict[str, Tally] = {}
    for r in records:
        pick = choose(r)
        for key in (by(r), "PAN all" if r["corpus"] == "pan" else "Reuters all"):
            t = out.setdefault(key, Tally())
            t.pairs += 1
            if pick is not None:
                t.decided += 1
                t.correct += pick == r["truth"]
    return out


def lineage_choice(r: Record) -> str | None:
    """What lineage's direction stage said."""
    return r.get("lineage")


def grounds(r: Record) -> set[str]:
    """What lineage's decision rests on (empty when undetermined): ``dates``, ``summary``, ``reported speech``.

    Read from the reasons the direction stage gave; a decision may rest on a summary
    and on reported speech at once (they agreed).
    """
    if r.get("lineage") is None:
        return set()
    if r.get("basis") == "dates":
        return {"dates"}
    reasons = r.get("evidence") or []
    out = set()
    if any("condensing" in e for e in reasons):
        out.add("summary")
    if any("indirect speech" in e for e in reasons):
        out.add("reported speech")
    return out


def basis_choice(basis: str) -> Chooser:
    """Chooser of lineage's decisions that rest on ``basis`` (others count as undecided)."""
    return lambda r: r.get("lineage") if basis in grounds(r) else None


def longer_choice(r: Record) -> str | None:
    """Naive baseline: the longer text is the source."""
    la, lb = r.get("length") or r["features"]["chars"]
    return None if la == lb else ("a" if la > lb else "b")


def shorter_choice(r: Record) -> str | None:
    """Naive baseline: the shorter text is the source."""
    pick = longer_choice(r)
    return None if pick is None else ("b" if pick == "a" else "a")


def fired(r: Record, signal: str, threshold: float) -> str | None:
    """The side a signal names as the source when ``|value| >= threshold`` (never at 0), else None."""
    v = (r.get("signals") or {}).get(signal)
    if v is None or v == 0 or abs(v) < threshold:
        return None
    return "a" if v > 0 else "b"


def _fmt(t: Tally | None) -> str:
    if t is None or not t.pairs:
        return "– | –"
    acc = "–" if t.accuracy is None else f"{t.accuracy:.3f}"
    return f"{t.share:.1%} ({t.decided}) | {acc}"


def decision_table(records: Sequence[Record], choosers: Mapping[str, Chooser]) -> str:
    """Markdown table: per subset, pairs and for each chooser the share decided (count) and accuracy."""
    rows = group_order(records) + ["PAN all", "Reuters all"]
    tallies = {name: tally(records, c) for name, c in choosers.items()}
    head = "| subset | pairs | " + " | ".join(f"{n}: decided | {n}: accuracy" for n in choosers) + " |"
    out = [head, "|---|---:|" + "---:|---:|" * len(choosers)]
    for g in rows:
        n = next((t[g].pairs for t in tallies.values() if g in t), 0)
        if not n:
            continue
        out.append(f"| {g} | {n} | " + " | ".join(_fmt(tallies[c].get(g)) for c in choosers) + " |")
    return "\n".join(out)


def gap_table(records: Sequence[Record], choosers: Mapping[str, Chooser]) -> str:
    """The decision table of the Reuters pairs by time gap instead of verdict."""
    reuters = [r for r in records if r["corpus"] == "reuters" and r.get("gap_minutes") is not None]
    if not reuters:
        return ""
    order = ["< 1 hour", "1 hour - 1 day", "1-7 days", "> 7 days"]
    tallies = {n: tally(reuters, c, lambda r: gap_bucket(r["gap_minutes"])) for n, c in choosers.items()}
    out = ["| time gap | pairs | " + " | ".join(f"{n}: decided | {n}: accuracy" for n in choosers) + " |",
           "|---|---:|" + "---:|---:|" * len(choosers)]
    for g in order:
        n = next((t[g].pairs for t in tallies.values() if g in t), 0)
        if n:
            out.append(f"| {g} | {n} | " + " | ".join(_fmt(tallies[c].get(g)) for c in choosers) + " |")
    return "\n".join(out)


def precise(records: Sequence[Record], choose: Chooser) -> bool:
    """Whether a chooser is precise enough in every subset and in each corpus as a whole."""
    return all(t.ok() for t in tally(records, choose).values())


def candidate_thresholds(records: Sequence[Record], signal: str, steps: int = 40) -> list[float]:
    """Thresholds to try for a signal: quantiles of its non-zero magnitudes, ascending."""
    mags = sorted({abs(v) for r in records if (v := (r.get("signals") or {}).get(signal))})
    if len(mags) <= steps:
        return mags
    return sorted({mags[i * (len(mags) - 1) // (steps - 1)] for i in range(steps)})


def choose_threshold(records: Sequence[Record], signal: str, min_total: int = MIN_FIRES) -> float | None:
    """Lowest threshold at which the signal is precise in every subset, firing at least ``min_total`` times."""
    for t in candidate_thresholds(records, signal):
        choose = _signal_chooser(signal, t)
        if sum(1 for r in records if choose(r)) < min_total:
            return None
        if precise(records, choose):
            return t
    return None


def _signal_chooser(signal: str, threshold: float) -> Chooser:
    return lambda r: fired(r, signal, threshold)


@dataclass(frozen=True)
class Rule:
    """A vote of direction signals: each decisive signal that fires names a source; vetoes can only abstain.

    Attributes
    ----------
    decide : mapping of str to float
        Decisive signals and the magnitude at which each fires.
    veto : mapping of str to float
        Signals that, firing against the decision at that magnitude, make it undetermined.
    max_verbatim : float or None
        Undetermined when this share (or more) of the aligned text is verbatim: a verbatim copy
        carries no evidence of direction in its wording.
    """

    decide: Mapping[str, float]
    veto: Mapping[str, float] = field(default_factory=dict)
    max_verbatim: float | None = None

    def choose(self, r: Record) -> str | None:
        """The source the rule names for one pair, or None."""
        share = (r.get("features") or {}).get("verbatim_share", 0.0)
        if self.max_verbatim is not None and share >= self.max_verbatim:
            return None
        picks = {fired(r, s, t) for s, t in self.decide.items()} - {None}
        if len(picks) != 1:
            return None
        pick = picks.pop()
        if any(fired(r, s, t) not in (None, pick) for s, t in self.veto.items()):
            return None
        return pick

    def describe(self) -> str:
        """One line: the decisive signals, vetoes and verbatim guard with their thresholds."""
        parts = [" or ".join(f"|{s}| >= {t:g}" for s, t in self.decide.items()) or "nothing"]
        if self.veto:
            parts.append("unless " + " or ".join(f"|{s}| >= {t:g} against" for s, t in self.veto.items()))
        if self.max_verbatim is not None:
            parts.append(f"undetermined when verbatim share >= {self.max_verbatim:g}")
        return "; ".join(parts)


#: The rule recommended for lineage's direction stage (see benchmarks/RESULTS.md).
RECOMMENDED = Rule({"summary": 1.5, "reported_speech": 3}, {"head": 10}, max_verbatim=0.9)


def vote(rule: Mapping[str, float]) -> Chooser:
    """Chooser of a plain vote: the side named by every signal that fires (none disagreeing)."""
    return Rule(dict(rule)).choose


def signal_table(records: Sequence[Record], thresholds: Mapping[str, float]) -> str:
    """Markdown table: per signal and subset, the share of pairs it fires on and its precision then."""
    groups = group_order(records)
    out = ["| signal | threshold | " + " | ".join(groups) + " |", "|---|---:|" + "---:|" * len(groups)]
    for s, t in thresholds.items():
        ts = tally(records, _signal_chooser(s, t))
        cells = []
        for g in groups:
            x = ts.get(g)
            cells.append("–" if x is None or not x.decided else
                         f"{x.share:.0%} / {x.accuracy:.2f}")
        out.append(f"| {s} | {t:g} | " + " | ".join(cells) + " |")
    return "\n".join(out)


def fit_rule(fit: Sequence[Record]) -> dict[str, float]:
    """Signals precise on the fit half at their lowest such threshold (containment and length left out)."""
    rule = {}
    for s in SIGNALS:
        if s in NOT_DECISIVE:
            continue
        t = choose_threshold(fit, s)
        if t is not None:
            rule[s] = t
    # Drop signals, most disagreeing first, until the vote is precise on the fit half.
    while rule and not precise(fit, vote(rule)):
        worst = min(rule, key=lambda s: _vote_without(fit, rule, s))
        del rule[worst]
    return rule


def _vote_without(fit: Sequence[Record], rule: Mapping[str, float], drop: str) -> float:
    rest = {s: t for s, t in rule.items() if s != drop}
    ts = tally(fit, vote(rest))
    return -min((t.accuracy or 1.0) for t in ts.values())


def stage_choosers() -> dict[str, Chooser]:
    """lineage's decisions, all of them and those resting on each basis."""
    return {"lineage": lineage_choice, **{g: basis_choice(g) for g in GROUNDS}}


def acceptance(records: Sequence[Record], target: float = TARGET, min_decided: int = MIN_FIRES) -> list[str]:
    """Whether lineage is right ``target`` of the time it decides: over all pairs, and per corpus or subset deciding enough."""
    ts = tally(records, lineage_choice)
    everything = tally(records, lineage_choice, lambda r: "all pairs")["all pairs"] if records else Tally()
    rows = [("all pairs", everything)] + [(g, ts[g]) for g in ["PAN all", "Reuters all"] + group_order(records)
                                          if g in ts]
    out = []
    for name, t in rows:
        if name == "all pairs" or t.decided >= min_decided:
            if t.accuracy is None:
                out.append(f"- {name}: nothing decided")
                continue
            holds = t.accuracy >= target
            out.append(f"- {name}: {t.correct} of {t.decided} decisions right ({t.accuracy:.3f}): "
                       f"{'holds' if holds else 'MISSED'}")
        elif t.decided:
            out.append(f"- {name}: {t.correct} of {t.decided} right (fewer than {min_decided} decisions: not judged)")
    return out


def wrong_decisions(records: Sequence[Record], shown: int = WRONG_SHOWN) -> list[str]:
    """The first ``shown`` wrong decisions of lineage per subset: pair, the text named, the reasons."""
    out: list[str] = []
    for g in group_order(records):
        wrong = [r for r in records if group(r) == g and r.get("lineage") not in (None, r["truth"])]
        for r in wrong[:shown]:
            named = r.get(r["lineage"], r["lineage"])
            source = r.get(r["truth"], r["truth"])
            out.append(f"- {g} {r['key']} ({r['verdict']}): named {named}, source is {source}; "
                       + "; ".join(r.get("evidence") or []))
        if len(wrong) > shown:
            out.append(f"- {g}: {len(wrong) - shown} more")
    return out


def verdict_counts(records: Sequence[Record]) -> list[str]:
    """Per corpus: labelled pairs and how many lineage's verdict calls reuse, by verdict."""
    out = []
    for corpus in ("pan", "reuters"):
        mine = [r for r in records if r["corpus"] == corpus]
        if mine:
            by = Counter(r["verdict"] for r in mine)
            reuse = sum(by[v] for v in REUSE_ORDER)
            rest = [f"{v} {n}" for v, n in sorted(by.items()) if v not in REUSE_ORDER]
            out.append(f"{corpus}: {len(mine)} pairs, {reuse} found as reuse ("
                       + ", ".join(f"{v} {by[v]}" for v in REUSE_ORDER) + ")"
                       + (", " + ", ".join(rest) if rest else ""))
    return out


def stage_report(records: Sequence[Record]) -> list[str]:
    """lineage's direction stage now: decisions per subset and basis on all pairs and on each half, acceptance."""
    fit = [r for r in records if r.get("half") == "fit"]
    held = [r for r in records if r.get("half") != "fit"]
    out = ["### lineage's direction stage now (decided share (count) | accuracy, per basis)", ""]
    out += verdict_counts(records) + [""]
    for name, part in (("all pairs", records), ("fit half", fit), ("held-out half", held)):
        out += [f"{name}:", "", decision_table(part, stage_choosers()), ""]
    out += [f"Acceptance (accuracy when decided >= {TARGET:g}; subsets with {MIN_FIRES} or more decisions):", ""]
    out += acceptance(records) + [""]
    wrong = wrong_decisions(records)
    out += ["Wrong decisions:", ""] + (wrong or ["- none"]) + [""]
    return out


def format_report(records: Sequence[Record], counts: Mapping[str, int], rule: Rule) -> str:
    """Every table of the benchmark, in Markdown: lineage, baselines, signals, learned vote, ``rule``."""
    ok = [r for r in records if r.get("verdict") != "error"]
    errors = len(records) - len(ok)
    fit = [r for r in ok if r.get("half") == "fit"]
    held = [r for r in ok if r.get("half") != "fit"]
    base = {"lineage": lineage_choice, "longer is source": longer_choice, "shorter is source": shorter_choice}
    out = stage_report(ok)
    out += ["### Current lineage and naive baselines (all pairs; decided share (count) | accuracy)", "",
            decision_table(ok, base), ""]
    gaps = gap_table(ok, {"lineage": lineage_choice, "rule": rule.choose})
    if gaps:
        out += ["### Reuters pairs by time gap (lineage, and the rule below)", "", gaps, ""]
    if counts:
        out += ["Reuters: " + ", ".join(f"{k} {v}" for k, v in counts.items()), ""]
    if errors:
        out += [f"{errors} pairs raised an error and are left out.", ""]
    out += ["### Signals firing at any non-zero value (fire rate / precision, all pairs)", "",
            signal_table(ok, {s: 0.0 for s in SIGNALS}), ""]
    thr = {s: t for s in SIGNALS if (t := choose_threshold(fit, s)) is not None}
    out += ["### Signals at the lowest threshold precise in every subset of the fit half", ""]
    if thr:
        out += ["fit half:", "", signal_table(fit, thr), "", "held-out half:", "", signal_table(held, thr), ""]
    else:
        out += ["No signal is precise on the fit half at any threshold.", ""]
    own = {**rule.decide, **rule.veto}
    out += ["### The rule's signals on their own (fire rate / precision)", "", "fit half:", "",
            signal_table(fit, own), "", "held-out half:", "", signal_table(held, own), ""]
    learned = Rule(fit_rule(fit))
    for title, r in (("Learned vote (signals precise on the fit half)", learned), ("Rule", rule)):
        out += [f"### {title}: {r.describe()}", ""]
        for name, part in (("fit half", fit), ("held-out half", held)):
            out += [f"{name}:", "", decision_table(part, {"rule": r.choose, "lineage": lineage_choice}), ""]
    return "\n".join(out)
