"""order-swapped, modality-shifted and negation-flipped, with the near-misses that must stay quiet."""

from __future__ import annotations

import pytest

from lineage.findings import Finding, find_divergences
from lineage.options import Options


def compare_one(src: str, dst: str, *kinds: str) -> tuple[Finding, ...]:
    """Findings of the given kinds for two texts aligned as one passage."""
    return find_divergences(
        src, dst, [((0, len(src)), (0, len(dst)))], [], [], Options(findings=frozenset(kinds))
    )


def test_pair_order_swapped() -> None:
    src = "The center will have offices in Brussels and Beijing, he added."
    dst = "The center is set up with offices in Beijing and Brussels."
    (f,) = compare_one(src, dst, "order-swapped")
    assert (f.src_excerpt, f.dst_excerpt) == ("Brussels and Beijing", "Beijing and Brussels")
    assert f.explanation == 'Order swapped: "Brussels and Beijing" became "Beijing and Brussels".'


def test_list_of_three_reordered() -> None:
    src = "Chinese tech firms like Baidu, Alibaba and Tencent showed products."
    dst = "Chinese tech firms like Tencent, Baidu and Alibaba showed products."
    (f,) = compare_one(src, dst, "order-swapped")
    assert f.src_excerpt == "Baidu, Alibaba and Tencent"
    assert f.dst_excerpt == "Tencent, Baidu and Alibaba"


@pytest.mark.parametrize(
    ("src", "dst"),
    [
        (
            "Offices in Brussels and Beijing will open.",
            "Offices in Brussels and Beijing are to open.",
        ),
        (
            "Firms like Baidu, Alibaba and Tencent came.",
            "Firms such as Baidu, Alibaba, and Tencent came.",
        ),
        (
            "It studies European and Chinese regulation.",
            "It studies European and Chinese regulations.",
        ),
        ("Participants from China and abroad agreed.", "People from China and abroad agreed."),
    ],
)
def test_same_list_in_same_order_does_not_fire(src: str, dst: str) -> None:
    assert compare_one(src, dst, "order-swapped") == ()


@pytest.mark.parametrize(
    ("src", "dst", "old", "new"),
    [
        (
            "International efforts should be made to prevent crime.",
            "International efforts must be made to prevent crime.",
            "should be made",
            "must be made",
        ),
        (
            "The center will be established at the beginning of next year.",
            "The center is established at the start of next year.",
            "will be established",
            "is established",
        ),
        (
            "The ban may apply to imported goods from May.",
            "The ban will apply to imported goods from May.",
            "may apply",
            "will apply",
        ),
        (
            "The firm is expanding its network in Asia.",
            "The firm might be expanding its network in Asia.",
            "is expanding",
            "might be expanding",
        ),
        (  # no content word after the verb: the verb itself is governed
            "Six members of the committee will be in Scotland to seek views.",
            "Six members of the committee may be in Scotland to seek views.",
            "will be",
            "may be",
        ),
        (
            "The best performing police forces would get more cash, he said.",
            "The best performing police forces might get more cash, he said.",
            "would get",
            "might get",
        ),
        (  # an article between the verb and the word it governs
            "Campaigners argued that there should be a legal presumption of access.",
            "Campaigners argued that there must be a legal presumption of access.",
            "should be a legal",
            "must be a legal",
        ),
        (  # no content word near the verb: its counterpart sits between the same words
            "They would spend about 30% of their monthly salary on rent.",
            "They might spend about 30% of their monthly salary on rent.",
            "would spend",
            "might spend",
        ),
    ],
)
def test_modality_shift(src: str, dst: str, old: str, new: str) -> None:
    (f,) = compare_one(src, dst, "modality-shifted")
    assert (f.src_excerpt, f.dst_excerpt) == (old, new)
    assert f.explanation == f'Modality shifted: "{old}" became "{new}".'


@pytest.mark.parametrize(
    ("src", "dst"),
    [
        (
            "The world community will face a huge challenge.",
            "He said the world community would face a huge challenge.",
        ),
        (
            "A community of common destiny can be achieved.",
            "A community of common destiny could be achieved.",
        ),
        ("Members must pay the fee by June.", "Members have to pay the fee by June."),
        ("We should act now to help the poor.", "We should act now to help the poor."),
        (
            "Buyers will now have to wait until spring for the new model.",
            "Buyers will now have to wait until spring for the new model.",
        ),
        (
            "Fans will have to wait for the final, and they may have to queue.",
            "Fans will have to wait for the final, and they may have to queue.",
        ),
    ],
)
def test_equivalent_modality_does_not_fire(src: str, dst: str) -> None:
    assert compare_one(src, dst, "modality-shifted") == ()


@pytest.mark.parametrize(
    ("src", "dst", "old", "new"),
    [
        (
            "Those who did not show up at the conference made a mistake.",
            "Those who showed up at the conference made a mistake.",
            "did not show",
            "showed",
        ),
        (
            "The plan is feasible for the city council.",
            "The plan is not feasible for the city council.",
            "is feasible",
            "is not feasible",
        ),
        (
            "The minister never signed the trade agreement.",
            "The minister signed the trade agreement.",
            "never signed",
            "signed",
        ),
        (  # a degree word between the negation and the word it grades
            "Job growth was not as strong as expected this winter.",
            "Job growth was as strong as expected this winter.",
            "was not as strong",
            "was as strong",
        ),
        (  # no content word after the negation: the auxiliary before it is negated
            "The minister said it was not her job to bow to the campaign.",
            "The minister said it was her job to bow to the campaign.",
            "was not",
            "was",
        ),
        (  # the same form of "be" on the other side, not the "am" before it
            '"I am afraid the resources are not up to the ambitions," he said.',
            '"I am afraid the resources are up to the ambitions," he said.',
            "are not",
            "are",
        ),
        (  # no content word near the negated word: its counterpart sits between the same words
            '"It is not an easy deal and for some of these suspects it won\'t be the solution," he said.',
            '"It is not an easy deal and for some of these suspects it will be the solution," he said.',
            "won't be the solution",
            "will be the solution",
        ),
        (
            "Sixteen percent of parents have digital players, against 9% of those who don't.",
            "Sixteen percent of parents have digital players, against 9% of those who do.",
            "don't",
            "do",
        ),
        (
            '"There isn\'t much I have to say today, all there is to say is that I came," he said.',
            '"There is much I have to say today, all there is to say is that I came," he said.',
            "isn't much",
            "is much",
        ),
        (  # "no" before the noun it negates
            "Consensus was reached by participants that Internet governance needs cooperation.",
            "No consensus was reached by participants that Internet governance needs cooperation.",
            "Consensus",
            "No consensus",
        ),
        (
            "There were no casualties after the blast in the market on Friday, police said.",
            "There were casualties after the blast in the market on Friday, police said.",
            "were no casualties",
            "were casualties",
        ),
        (  # a hyphenated word is the negated word, not the auxiliary before it
            "Doctors said there is no short-term prospect of her return to the track.",
            "Doctors said there is short-term prospect of her return to the track.",
            "is no short-term",
            "is short-term",
        ),
    ],
)
def test_negation_flipped(src: str, dst: str, old: str, new: str) -> None:
    (f,) = compare_one(src, dst, "negation-flipped")
    assert (f.src_excerpt, f.dst_excerpt) == (old, new)
    assert f.severity >= 0.8


@pytest.mark.parametrize(
    ("src", "dst"),
    [
        (
            "Those who did not show up made a mistake.",
            "Those that didn\u2019t show up made a mistake.",
        ),
        ("They are not present and do not know the plan.", "Absent, they do not know the plan."),
        (
            "Cyberspace should not become a battlefield. Efforts aim to stop the Internet becoming a hotbed.",
            "Cyberspace should not be turned into a battlefield. Efforts aim to stop the Internet becoming a den.",
        ),
        ("Not only exports but also imports rose.", "Exports and imports rose."),
        (
            "The company failed to pay its debts on time.",
            "The company did not pay its debts on time.",
        ),
        (  # "no" negates another noun than the one the copy keeps (MRPC)
            "Earlier Friday, Taiwan reported 55 new cases but no new deaths.",
            "Yesterday, Taiwan reported 65 new cases, its biggest one-day increase yet.",
        ),
        (
            "Holders get 0.09 shares of Palm (and no shares of PalmSource) for each share.",
            "Holders get 0.09 shares of the parent company for each share.",
        ),
        ("Three no votes would kill it for now.", "It would take three votes to kill the expansion."),
        (  # two statements by the same sources, not one flipped (Reuters 5777 / 6368)
            "The sources did not say when the board would announce its decision on the Toyota application.",
            "Official sources said the Toyota application was likely to be approved by the board.",
        ),
    ],
)
def test_same_polarity_does_not_fire(src: str, dst: str) -> None:
    assert compare_one(src, dst, "negation-flipped") == ()


@pytest.mark.parametrize(
    ("src", "dst"),
    [
        (
            "PeopleSoft said the acquisition would close in the third quarter.",
            "PeopleSoft said the acquisition closes in the third quarter.",
        ),
        (
            "Two lawmakers said Democrats might entice some Republicans to back a tax hike.",
            "Two lawmakers said it might be possible for Democrats to entice some Republicans to back a tax hike.",
        ),
        (
            "The fund will be controlled by the United States and Britain.",
            "A new fund, controlled by the United States and Britain, was set up.",
        ),
        (
            "Bush flies to Japan, followed by visits to the Philippines and Thailand.",
            "Besides Japan he will visit the Philippines and Thailand.",
        ),
        (
            "The directors will have to abandon the project.",
            "The directors have to abandon the project.",
        ),
        (
            "The currency may pick up speed if it breaks below $1.15.",
            "The currency could pick up speed if it broke below $1.15.",
        ),
    ],
)
def test_reported_speech_and_hedges_are_not_modality_shifts(src: str, dst: str) -> None:
    assert compare_one(src, dst, "modality-shifted") == ()


@pytest.mark.parametrize(
    ("src", "dst"),
    [
        (
            "Ms. Stewart is being prosecuted not because of who she is.",
            "Martha Stewart is not being prosecuted for who she is.",
        ),
        (
            "The spokesman would not comment on its status.",
            "The spokesman declined to comment on its status.",
        ),
        (
            "Details haven't been finalized, said Mike Nash.",
            "Details havent been finalized, said Mike Nash.",
        ),
        (
            "If the subsidies are not repealed, the EU will impose sanctions.",
            "The EU will impose sanctions unless the subsidies are repealed.",
        ),
    ],
)
def test_reworded_negation_is_not_a_flip(src: str, dst: str) -> None:
    assert compare_one(src, dst, "negation-flipped") == ()


def test_swapped_names_are_reported_whole() -> None:
    src = "Dylan Baker and Lindsay Frost play her parents."
    dst = "Lindsay Frost and Dylan Baker played her parents."
    (f,) = compare_one(src, dst, "order-swapped")
    assert (f.src_excerpt, f.dst_excerpt) == (
        "Dylan Baker and Lindsay Frost",
        "Lindsay Frost and Dylan Baker",
    )


REPEATED = ('Mr Hill was defiant after the hearing. "We are not prosecuted for that. We are prosecuted for a '
            'Public Order Act offence. We are not guilty of it." The case resumes in March.')


def test_a_sentence_is_read_against_its_own_counterpart_not_a_later_one_sharing_its_words() -> None:
    from lineage import compare

    # "We are not prosecuted for that." shares all its content words with the next sentence too;
    # read against that one, it looked like a flipped negation in a text compared with itself.
    assert compare(REPEATED, REPEATED).findings == ()
    edited = compare(REPEATED, REPEATED.replace("defiant", "calm"))
    assert not [f for f in edited.findings if f.kind == "negation-flipped"]
    flipped = compare(REPEATED, REPEATED.replace("We are not prosecuted for that", "We are prosecuted for that"))
    assert [(f.kind, f.src_excerpt, f.dst_excerpt) for f in flipped.findings if f.kind == "negation-flipped"] == [
        ("negation-flipped", "are not prosecuted", "are prosecuted")]
