"""Dates in the usual forms are read wherever lineage reads dates: metadata fields, JSON Lines, page headers."""

from __future__ import annotations

import datetime

import pytest

from lineage import Document
from lineage.corpus import read_jsonl
from lineage.text.dates import find_dates, parse_date


@pytest.mark.parametrize("value, iso", [
    ("2015-12-19", "2015-12-19"),
    ("19/12/2015", "2015-12-19"),
    ("19.12.2015", "2015-12-19"),
    ("12/19/2015", "2015-12-19"),  # the first number cannot be a month: month first
    ("03/04/2015", "2015-04-03"),  # ambiguous: day first
    ("2015/12/19", "2015-12-19"),
    ("Dec 19, 2015", "2015-12-19"),
    ("Dec. 19, 2015", "2015-12-19"),
    ("December 19 2015", "2015-12-19"),
    ("19 December 2015", "2015-12-19"),
    ("19th December, 2015", "2015-12-19"),
    ("Saturday, 19 December 2015", "2015-12-19"),
    ("19-Dec-2015", "2015-12-19"),
    ("2015-12-19 09:13", "2015-12-19T09:13"),
    ("2015-12-19T09:13:00+08:00", "2015-12-19T09:13"),
    ("2015-12-19T09:13Z", "2015-12-19T09:13"),
    ("Sat, 19 Dec 2015 09:13:00 +0800", "2015-12-19T09:13"),
    ("December 18, 2015 at 3:12 pm", "2015-12-18T15:12"),
    ("26-FEB-1987 15:01:01.79", "1987-02-26T15:01"),
])
def test_usual_forms_read_as_iso(value: str, iso: str) -> None:
    assert parse_date(value) == iso


@pytest.mark.parametrize("value", ["next Friday", "2015", "Dec 2015", "30/02/2015", "19 Dec 2015 or so", "13/13/2015", ""])
def test_what_is_no_date_is_none(value: str) -> None:
    assert parse_date(value) is None


def test_dates_in_running_text() -> None:
    found = find_dates("Posted 19/12/2015, wire of 26-FEB-1987, updated 2015-12-19 09:13 and Dec 18, 2015.")
    assert [d.iso for d in found] == ["2015-12-19", "1987-02-26", "2015-12-19T09:13", "2015-12-18"]
    assert found[0].text == "19/12/2015"


def test_document_dates_normalised_and_unreadable_ones_noted() -> None:
    assert Document(id="x", text="t", date="19 December 2015").date == "2015-12-19"
    assert Document(id="x", text="t", date="Dec 19, 2015").date == "2015-12-19"
    assert Document(id="x", text="t", date=datetime.date(2015, 12, 19)).date == "2015-12-19"  # type: ignore[arg-type]
    bad = Document(id="x", text="t", date="sometime in 2015")
    assert bad.date is None and bad.extra["date_warning"] == "unreadable date 'sometime in 2015' ignored"
    assert "date_warning" not in Document(id="x", text="t", date="").extra


def test_jsonl_dates_in_every_form() -> None:
    lines = [
        '{"id": "a", "text": "One.", "date": "19/12/2015"}',
        '{"id": "b", "text": "Two.", "date": "Dec 19, 2015"}',
        '{"id": "c", "text": "Three.", "date": "when it rained"}',
    ]
    docs = list(read_jsonl(lines, "t.jsonl"))
    assert [d.date for d in docs] == ["2015-12-19", "2015-12-19", None]
    assert "unreadable date 'when it rained'" in docs[2].extra["date_warning"]


def test_header_dates_in_the_layout() -> None:
    text = "Ministers meet on the budget\n\n19/12/2015\n\nThe ministers met on Friday to agree the budget for next year.\n"
    d = Document(id="x", text=text)
    assert d.layout.date == "2015-12-19" and d.effective_date == "2015-12-19"
    assert d.layout.regions[1].kind == "metadata"
