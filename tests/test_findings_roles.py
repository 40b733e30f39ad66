"""role-changed: a person's role that gains or loses a rank word (deputy, former, acting)."""

from __future__ import annotations

import pytest

from lineage.findings import Finding, find_divergences
from lineage.options import Options


def compare_one(src: str, dst: str) -> tuple[Finding, ...]:
    """Role findings for two texts aligned as one passage."""
    kinds = frozenset({"role-changed", "role-dropped", "name-changed", "name-dropped"})
    return find_divergences(src, dst, [((0, len(src)), (0, len(dst)))], [], [], Options(findings=kinds))


@pytest.mark.parametrize(
    ("src", "dst", "old", "new", "change"),
    [
        (
            "Siaosi Sovaleni, deputy prime minister of Tonga, echoed the remarks.",
            "Siaosi Sovaleni, prime minister of Tonga, echoed the remarks.",
            "deputy prime minister of Tonga",
            "prime minister of Tonga",
            'lost "deputy"',
        ),
        (
            "Jack Ma, chairman of Alibaba, said at the ceremony that rules are needed.",
            "Jack Ma, former chairman of Alibaba, said at the ceremony that rules are needed.",
            "chairman of Alibaba",
            "former chairman of Alibaba",
            'gained "former"',
        ),
        (
            "The remarks of President Xi Jinping were echoed by the delegates.",
            "The remarks of Vice President Xi Jinping were echoed by the delegates.",
            "President",
            "Vice President",
            'gained "vice"',
        ),
        (  # "boss" is a role, and "Former" opens no name
            "Former Worldcom boss Bernie Ebbers never made accounting decisions, a witness said.",
            "Worldcom boss Bernie Ebbers never made accounting decisions, a witness said.",
            "Former Worldcom boss",
            "Worldcom boss",
            'lost "former"',
        ),
        (  # "chief executive" is a role though neither word is one alone
            "The trial of Bernie Ebbers, former chief executive of WorldCom, has started in New York.",
            "The trial of Bernie Ebbers, chief executive of WorldCom, has started in New York.",
            "former chief executive of WorldCom",
            "chief executive of WorldCom",
            'lost "former"',
        ),
    ],
)
def test_a_rank_word_gained_or_lost_is_a_changed_role(src: str, dst: str, old: str, new: str, change: str) -> None:
    (f,) = compare_one(src, dst)
    assert (f.kind, f.src_excerpt, f.dst_excerpt) == ("role-changed", old, new)
    assert change in f.explanation


@pytest.mark.parametrize(
    ("src", "dst"),
    [
        (  # the same role in other words
            "Siaosi Sovaleni, deputy prime minister of Tonga, echoed the remarks.",
            "Siaosi Sovaleni, Tonga's deputy prime minister, echoed the remarks.",
        ),
        (  # another person's role
            "Siaosi Sovaleni, deputy prime minister of Tonga, echoed the remarks of Lu Wei, director of the agency.",
            "Siaosi Sovaleni, deputy prime minister of Tonga, echoed the remarks of Lu Wei, director of the agency.",
        ),
    ],
)
def test_a_role_kept_at_its_rank_is_no_change(src: str, dst: str) -> None:
    assert [f for f in compare_one(src, dst) if f.kind == "role-changed"] == []
