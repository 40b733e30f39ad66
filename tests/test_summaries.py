"""Summaries: a paragraph condensing the other text is found, placed and told from a copy or a related text."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from lineage import Document, compare
from lineage.cli import main
from lineage.passages import SUMMARY
from lineage.prepare import prepare
from lineage.summaries import Summary, find_summaries

SOURCE = "\n\n".join([
    'Flood waters rose across Marlow Creek on Tuesday after three days of heavy rain, forcing the evacuation of about 400 residents from low-lying streets near the river.',
    'The county emergency office said the river peaked at 6.2 metres in the early afternoon, almost two metres above the level at which water spills into the old mill district.',
    'Volunteers from the fire brigade and the rowing club used boats to carry elderly people from flooded cottages along Weir Lane, where water reached the windowsills.',
    'The primary school on Chapel Road was turned into a shelter, and the parish council arranged blankets, hot meals and camp beds for families who had nowhere else to go.',
    'Residents of the mill district said the water came faster than in the floods of 1998, when the river last broke its banks, and several shopkeepers lost their entire stock of goods.',
    'The local power company cut electricity to two hundred homes as a precaution after water entered a substation beside the towpath, and engineers worked through the night to restore supplies.',
    'Farmers upstream reported drowned fields and stranded livestock, and the regional agriculture board warned that the damage to winter crops could take months to assess.',
    'Engineers inspected the stone bridge that links the two halves of the town and closed it to traffic after finding cracks in one of its arches.',
    'Insurance advisers set up a desk in the town hall to help owners document the damage, and urged them to photograph every room before starting to clean up.',
    'Police closed the riverside road and the car park behind the brewery, and asked drivers to avoid the valley altogether until the clearance work is finished.',
    'The mayor, Helen Ashcroft, praised the volunteers and said the town would ask the national government for emergency funds to repair roads, drains and the bridge.',
    'Forecasters expect drier weather from Thursday, but the environment agency kept its flood warning in place and advised residents not to return home until the water recedes.',
])

OTHER_PARAGRAPHS = "\n\n".join([
    'The spring garden show opened with a record number of entries, and judges spent most of the morning comparing tulips, hyacinths and a striking display of early irises grown under glass.',
    'Local chess players gathered in the library hall for the annual rapid tournament, where a sixteen-year-old student beat two former champions on her way to a surprise victory.',
    "A new bakery on the market square has drawn queues since it opened, selling sourdough loaves, cinnamon buns and a rye bread made from a recipe the owner brought from her grandmother's village.",
    'The cycling club announced a longer route for its summer charity ride, which will now pass three villages and finish with a picnic beside the reservoir.',
])

SUMMARY_PARAGRAPH = (
    'Heavy rain over three days sent the river through Marlow Creek, and about 400 residents of'
    ' the low streets were evacuated as it peaked above six metres. Fire brigade volunteers and'
    ' rowing club members took elderly people out of flooded cottages by boat, the school '
    'became a shelter with meals and beds, and farmers upstream counted drowned fields and '
    'livestock. Cracks closed the stone bridge, the mayor will seek emergency government funds '
    'for repairs, and the flood warning stays until the water recedes.'
)
# The same subject in general words: a related report, not a summary of SOURCE.
RELATED_PARAGRAPH = (
    "Floods are becoming more frequent in river towns across the region, according to a study "
    "published this week. Its authors say that wetter winters, paved surfaces and neglected "
    "drainage ditches all add to the risk, and that many communities still have no warning "
    "system. They recommend planting trees on hillsides, restoring meadows that can store water "
    "and building homes further away from the banks, and they call for a national plan."
)


def _with(paragraph: str) -> str:
    parts = OTHER_PARAGRAPHS.split("\n\n")
    return "\n\n".join(parts[:2] + [paragraph] + parts[2:])


def _find(a: str, b: str, pieces: tuple[tuple[int, int, int, int], ...] = ()) -> tuple[Summary, ...]:
    """Summaries between two texts; ``pieces`` are (A start, A end, B start, B end) of aligned evidence."""
    return find_summaries(prepare(Document.from_text(a)), prepare(Document.from_text(b)), pieces)


def test_a_paragraph_condensing_the_source_is_a_summary_placed_in_both_texts() -> None:
    derived = _with(SUMMARY_PARAGRAPH)
    (s,) = _find(SOURCE, derived)
    assert s.side == "b"
    assert derived[s.start:s.end] == SUMMARY_PARAGRAPH
    # It draws on the source from its first paragraph to its last.
    assert s.source_start == 0 and s.source_end >= len(SOURCE) - len(SOURCE.split("\n\n")[-1])
    assert 0.6 <= s.coverage <= 1.0 and s.baseline < 0.3 and s.shared >= 25


def test_the_summary_is_found_whichever_side_holds_it() -> None:
    derived = _with(SUMMARY_PARAGRAPH)
    (ab,) = _find(SOURCE, derived)
    (ba,) = _find(derived, SOURCE)
    assert ba.side == "a"
    assert (ba.start, ba.end, ba.source_start, ba.source_end) == (ab.start, ab.end, ab.source_start, ab.source_end)


def test_a_related_paragraph_in_general_words_is_no_summary() -> None:
    assert _find(SOURCE, _with(RELATED_PARAGRAPH)) == ()


def test_a_text_of_one_paragraph_has_no_baseline_and_no_summary() -> None:
    assert _find(SOURCE, SUMMARY_PARAGRAPH) == ()


def test_a_paragraph_aligned_with_one_stretch_of_the_source_is_a_copy_not_a_summary() -> None:
    lead = SOURCE.split("\n\n")[:3]
    copied = " ".join(lead)
    derived = _with(copied)
    start = derived.index(copied)
    evidence = ((0, len("\n\n".join(lead)), start, start + len(copied)),)
    # Its words are all in the source, from everywhere the lead's words recur...
    assert len(_find(SOURCE, derived)) == 1
    # ...but the aligned evidence says it comes from one stretch as long as itself.
    assert _find(SOURCE, derived, evidence) == ()


def test_a_summary_aligned_in_part_with_the_lead_still_draws_on_the_rest() -> None:
    derived = _with(SUMMARY_PARAGRAPH)
    start = derived.index(SUMMARY_PARAGRAPH)
    # Its first two sentences align with the source's opening paragraphs, yet
    # many of its words come from further on.
    two = SUMMARY_PARAGRAPH.index(". ", SUMMARY_PARAGRAPH.index(". ") + 1) + 1
    opening = len("\n\n".join(SOURCE.split("\n\n")[:3]))
    evidence = ((0, opening, start, start + two),)
    assert len(_find(SOURCE, derived, evidence)) == 1


def test_compare_reports_the_summary_as_one_passage_and_the_summarised_text_as_source() -> None:
    derived = _with(SUMMARY_PARAGRAPH)
    r = compare(Document.from_text(SOURCE, id="report"), Document.from_text(derived, id="digest"))
    assert r.reuse_found
    (p,) = [p for p in r.passages if p.label == SUMMARY]
    assert derived[p.b_start:p.b_end] == SUMMARY_PARAGRAPH
    assert p.a_start == 0 and p.a_end > 0.8 * len(SOURCE)
    assert r.direction.source == "a"
    assert any("condensing" in e.reason for e in r.direction.evidence)


@pytest.mark.parametrize("paragraph", [RELATED_PARAGRAPH, OTHER_PARAGRAPHS.split("\n\n")[0]])
def test_compare_finds_no_reuse_without_the_summary(paragraph: str) -> None:
    r = compare(SOURCE, _with(paragraph))
    assert not [p for p in r.passages if p.label == SUMMARY]


def test_cli_json_with_a_summary_passage_follows_the_schema(tmp_path: Path) -> None:
    (tmp_path / "report.txt").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "digest.txt").write_text(_with(SUMMARY_PARAGRAPH), encoding="utf-8")
    res = CliRunner().invoke(main, ["compare", "--json", str(tmp_path / "report.txt"), str(tmp_path / "digest.txt")])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    jsonschema.validate(doc, json.loads(files("lineage").joinpath("data/compare.schema.json").read_text(encoding="utf-8")))
    assert [p["label"] for p in doc["passages"]].count(SUMMARY) == 1
    assert doc["direction"]["source"] == "a"
