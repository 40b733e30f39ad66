"""How a copy treats the source's names: kept, respelled, replaced, truncated or dropped, and their roles."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from rapidfuzz import fuzz

from ..text.names import CAP_STOP, CONNECTORS, NameMention, plain
from ..text.spans import Span, within
from ..text.words import tokens
from .checker import per_passage
from .context import PairContext
from .finding import Finding, make_finding
from .mentions import Mentions

# Family names that come first in Chinese names: for "Lu Wei" the short form is "Lu", not "Wei".
_CHINESE_SURNAMES = frozenset(
    """li wang zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo zheng
    liang xie song tang han feng deng cao peng zeng xiao tian dong yuan pan cai jiang yu du ye
    cheng wei su lu ding ren shen yao jin lou qiu xia shi xiong hao kong bai mao qin xi tan fan
    fang zou jia gu meng qian yan duan lei long tao he hou shao wan qi dai mo kang""".split()
)


def occurs(key: Sequence[str], folded: str) -> bool:
    """Whether the name with this key occurs in an already folded text, as whole words."""
    parts = _name_parts(tuple(key))
    # Most names are found written plainly, and a missing first part rules a name out:
    # both are settled without compiling the name's pattern.
    if not parts or parts[0] not in folded:
        return False
    return _plainly_in(" ".join(parts), folded) or _name_pattern(parts).search(folded) is not None


def _plainly_in(name: str, text: str) -> bool:
    """Whether ``name`` occurs in ``text`` as whole words, its parts one space apart (as the pattern allows)."""
    i = text.find(name)
    while i >= 0:
        e = i + len(name)
        if (i == 0 or not text[i - 1].isalnum()) and (
            not text[e:e + 1].isalnum()
            or (text[e:e + 1] == "s" and not text[e + 1:e + 2].isalnum())
            or (text[e:e + 2] == "'s" and not text[e + 2:e + 3].isalnum())
        ):
            return True
        i = text.find(name, i + 1)
    return False


@lru_cache(maxsize=4096)
def _name_parts(key: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(p for k in key for p in re.split(r"[\-'.]+", k) if p)


@lru_cache(maxsize=4096)
def _name_pattern(parts: tuple[str, ...]) -> re.Pattern[str]:
    # Tolerate hyphens, dots and apostrophes ("DVD-CCA"/"DVD CCA", "O'Neill"/"ONeill")
    # and a plural or possessive ending ("Long Day's"/"Long Days").
    return re.compile(
        r"(?<![^\W_])" + r"[\s.\-']*".join(re.escape(p) for p in parts) + r"(?:'?s)?(?![^\W_])"
    )


def _acronym_in(key: Sequence[str], raw: str) -> bool:
    """Whether the capitalised initials of a multiword name occur in ``raw`` ("U.N.", "UN")."""
    pattern = _acronym_pattern(_initials(key).upper())
    return pattern is not None and pattern.search(raw) is not None


@lru_cache(maxsize=4096)
def _acronym_pattern(initials: str) -> re.Pattern[str] | None:
    if len(initials) < 2:
        return None
    return re.compile(r"(?<![^\W_])" + r"\.?".join(initials) + r"\.?(?![^\W_])")


def _initials(key: Sequence[str]) -> str:
    """Initials of a multiword name ("united nations" -> "un"), or "" for one word."""
    words = [k for k in key if k not in CONNECTORS and k != "the"]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


def _same_entity(a: NameMention, b: NameMention) -> bool:
    """Same name in another form: shorter or longer, or an acronym of the other."""
    if set(a.key) <= set(b.key) or set(b.key) <= set(a.key):
        return True
    flat_a, flat_b = "".join(a.key), "".join(b.key)
    (short, short_text), (long_, _) = sorted(((a.key, a.text), (b.key, b.text)),
                                             key=lambda k: (len(k[0]), len("".join(k[0]))))
    return (
        (len(a.key) == 1 and flat_a == _initials(b.key))
        or (len(b.key) == 1 and flat_b == _initials(a.key))
        or (flat_a.replace("'", "").rstrip("s") == flat_b.replace("'", "").rstrip("s"))
        # A clipped form of an organisation's word, "Fed" for "Federal" (a longer stem is
        # another name: "Bello" and "Bellows" are two people).
        or (not (a.person or b.person) and len(short) == 1 and 3 <= len(short[0]) <= 4
            and not short_text.isupper()  # "SEC" is an acronym, not "Securities" clipped
            and any(w.startswith(short[0]) and len(w) >= len(short[0]) + 3 for w in long_))
    )


# Abbreviated titles and their full forms, so "Gen." is kept by "General".
_EXPANDED = {
    "gen": "general",
    "sen": "senator",
    "rep": "representative",
    "gov": "governor",
    "lt": "lieutenant",
    "col": "colonel",
    "sgt": "sergeant",
    "capt": "captain",
    "adm": "admiral",
    "prof": "professor",
    "dr": "doctor",
    "pres": "president",
    "brig": "brigadier",
    "cmdr": "commander",
    "ceo": "executive",  # "chief executive" and "CEO" name one role
    "executive": "ceo",
}


def _short_form_ok(person: NameMention, short: str, src: Mentions) -> bool:
    """Whether referring to ``person`` by the single word ``short`` is ordinary usage."""
    if (short,) in src.name_keys:
        return True  # the source itself uses this short form
    return _surname(person, short)


def _surname(person: NameMention, short: str) -> bool:
    """Whether ``short`` is the part of a person's name used alone: the last word, or a Chinese surname."""
    idx = person.key.index(short)
    if person.key[0] in _CHINESE_SURNAMES and len(person.key) in (2, 3):
        return idx == 0
    return idx == len(person.key) - 1



def name_findings(ctx: PairContext, src_span: Span, dst_span: Span) -> list[Finding]:
    """``name-changed``, ``name-dropped`` and ``role-dropped`` findings for one aligned pair.
    """
    src_text, dst_text = ctx.src_text, ctx.dst_text
    src = ctx.src.names_in(src_span)
    dst = ctx.dst.names_in(dst_span)
    dst_fold = plain(dst_text[dst_span[0] : dst_span[1]])
    # Names the copy uses more often than the source: one of them may stand in a changed slot.
    new = [m for m in dst if ctx.src.name_count(m.key) < max(1, ctx.dst.name_count(m.key))]
    out: list[Finding] = []
    seen: set[tuple[str, ...]] = set()
    dropped_roles: list[Span] = []
    findings_by_key: list[tuple[NameMention, Finding | None]] = []
    for n in sorted(src, key=lambda m: -len(m.key)):
        if n.key in seen or any(set(n.key) <= set(k) for k in seen):
            continue
        seen.add(n.key)
        result = _judge(n, ctx, dst, new, dst_fold, dst_text[dst_span[0] : dst_span[1]])
        findings_by_key.append((n, result))
        if result is None and n.role_span and n.role_keys and n.person:
            present = occurs(n.key, dst_fold) or any(
                set(m.key) <= set(n.key) or set(n.key) <= set(m.key) for m in dst
            )
            shown = next((m for m in dst if set(m.key) & set(n.key)), None)
            # A copy that gives the person another role changed it in other words; not a drop.
            own_role = any(m.role_span for m in dst if set(m.key) & set(n.key))
            kept = any(
                occurs((k,), dst_fold) or occurs((_EXPANDED.get(k, k),), dst_fold)
                for k in n.role_keys
            )
            if present and not own_role and not kept:
                role = src_text[n.role_span[0] : n.role_span[1]]
                out.append(
                    make_finding(
                        "role-dropped",
                        0.4,
                        src_text,
                        dst_text,
                        n.role_span,
                        shown.span if shown else None,
                        f'The copy keeps "{n.text}" but drops the role the source gives: "{role}".',
                    )
                )
                dropped_roles.append(n.role_span)
        elif result is not None and result.kind == "name-dropped" and n.role_span:
            dropped_roles.append(n.role_span)
    for n, result in findings_by_key:
        if result is None:
            continue
        if result.kind == "name-dropped" and any(within(n.span, r) for r in dropped_roles):
            continue  # already told: the role that mentioned it is gone
        out.append(result)
    out.extend(_truncations(ctx, src_span, dst))
    return out


def _judge(
    n: NameMention, ctx: PairContext, dst: Sequence[NameMention], new: Sequence[NameMention],
    dst_fold: str, dst_raw: str,
) -> Finding | None:
    """What became of one source name in the copy's passage: kept (None), changed into one of ``new``, or dropped."""
    src_text, dst_text = ctx.src_text, ctx.dst_text
    if occurs(n.key, dst_fold) or _acronym_in(n.key, dst_raw):
        return None
    if any(_same_entity(n, m) for m in dst):
        return None  # a longer or shorter form of the same name; truncations are checked apart
    for m in new:
        shared = set(m.key) & set(n.key)
        if n.person and m.person and shared and set(m.key) - shared and set(n.key) - shared:
            return _changed(n, m, src_text, dst_text)
        if fuzz.ratio(" ".join(n.key), " ".join(m.key)) >= 80:
            return _changed(n, m, src_text, dst_text)
    src_ctx = _context(src_text, n.span)
    for m in new:
        # Another name in the very same words around it ("Mr Bello explained" -> "Mr Bussereau explained").
        if src_ctx and _context(dst_text, m.span) & src_ctx:
            return _changed(n, m, src_text, dst_text)
    if ctx.dst.names_anywhere(n.key):
        return None  # the copy names it elsewhere: moved, not dropped
    role = ""
    if n.role_span:
        role = f" ({' '.join(src_text[n.role_span[0] : n.role_span[1]].split())})"
    return make_finding(
        "name-dropped",
        0.5 if n.person else 0.4,
        src_text,
        dst_text,
        n.span,
        None,
        f'The name "{n.text}"{role} in the source does not appear in the copy.',
    )


def _context(text: str, span: Span) -> set[tuple[str, str, str]]:
    """Two words on each side of a name, tagged by side, when they are not all function words."""
    left = [t.lower for t in tokens(text, max(0, span[0] - 40), span[0])][-2:]
    right = [t.lower for t in tokens(text, span[1], span[1] + 40)][:2]
    gap_left = text[max(0, span[0] - 3) : span[0]]
    gap_right = text[span[1] : span[1] + 3]
    out: set[tuple[str, str, str]] = set()
    if (
        len(left) == 2
        and not re.search(r"[,.;:\"\u201c\u201d]", gap_left)
        and any(w not in CAP_STOP for w in left)
    ):
        out.add(("L", left[0], left[1]))
    if (
        len(right) == 2
        and not re.search(r"[,.;:\"\u201c\u201d]", gap_right)
        and any(w not in CAP_STOP for w in right)
    ):
        out.add(("R", right[0], right[1]))
    return out


def _changed(n: NameMention, m: NameMention, src_text: str, dst_text: str) -> Finding:
    return make_finding(
        "name-changed",
        0.7,
        src_text,
        dst_text,
        n.span,
        m.span,
        f'The name "{n.text}" in the source became "{m.text}" in the copy.',
    )


_WORD_NEAR = re.compile(r"\w+")


def _same_place(a_text: str, a: Span, b_text: str, b: Span) -> bool:
    """Whether two mentions stand between the same words: the word before or the word after matches."""
    after_a, after_b = _WORD_NEAR.search(a_text, a[1]), _WORD_NEAR.search(b_text, b[1])
    before_a = _WORD_NEAR.findall(a_text, max(0, a[0] - 40), a[0])
    before_b = _WORD_NEAR.findall(b_text, max(0, b[0] - 40), b[0])
    same_after = bool(after_a and after_b and after_a.group().lower() == after_b.group().lower())
    same_before = bool(before_a and before_b and before_a[-1].lower() == before_b[-1].lower())
    return same_after or same_before


def _truncations(ctx: PairContext, src_span: Span, dst: Sequence[NameMention]) -> list[Finding]:
    """A person called by a part of the name the source never uses alone ("Lu Wei" -> "Wei")."""
    src_text, dst_text = ctx.src_text, ctx.dst_text
    out: list[Finding] = []
    done: set[tuple[str, ...]] = set()
    for m in dst:
        if len(m.key) != 1:
            continue
        short = m.key[0]
        # Prefer the person as named in this passage, else the nearest earlier mention.
        candidates = ctx.src.people_named(short)
        if not candidates:
            continue
        inside = [n for n in candidates if within(n.span, src_span)]
        before = [n for n in candidates if n.span[0] < src_span[0]]
        person = (inside or before[-1:] or candidates)[0]
        if person.key in done:
            continue
        if not _short_form_ok(person, short, ctx.src):
            why = "a short form the source never uses"
        elif (inside and (short,) in ctx.src.name_keys and _surname(person, short) and _same_place(src_text, person.span, dst_text, m.span)
              and not any(set(person.key) <= set(n.key) for n in ctx.dst.names)):
            # "Jack Ma, chairman of" -> "Ma, chairman of": the short form the source goes on to use
            # (so a person's), but where the source gives the full name, and the copy never gives it.
            why = "and never by the full name"
        else:
            continue
        done.add(person.key)
        out.append(
            make_finding(
                "name-changed",
                0.45,
                src_text,
                dst_text,
                person.span,
                m.span,
                f'Name truncated: "{person.text}" in the source is called "{m.text}" in the copy, {why}.',
            )
        )
    return out


#: The checker of this module (see :data:`lineage.findings.context.Checker`).
check = per_passage(name_findings)
