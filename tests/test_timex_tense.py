"""The tense cues of the lexicon (`tense` in resources/en/timex/lexicon.yaml): every example's
[bracketed] expression gets its clause's tense, and the tense moves a date without its year."""

from __future__ import annotations

import re

import polars as pl
import pytest
from threadline.timex import tag_dates
from threadline.timex.resolve import _cue, tense
from threadline.timex.rules import load

EXAMPLES = [pytest.param(ex, id=ex["text"]) for ex in load("en").tense.examples]


def _unbracket(marked: str) -> tuple[str, int, int]:
    m = re.search(r"\[([^\[\]]+)\]", marked)
    assert m is not None, f"{marked!r}: an example marks one expression in [brackets]"
    text = marked[: m.start()] + m.group(1) + marked[m.end():]
    return text, m.start(), m.start() + len(m.group(1))


def test_there_are_tense_examples_of_each_kind() -> None:
    assert {ex["tense"] for ex in load("en").tense.examples} == {"future", "past",
                                                                 "progressive", ""}


@pytest.mark.parametrize("example", EXAMPLES)
def test_tense_example(example: dict) -> None:
    text, start, end = _unbracket(example["text"])
    assert tense(text, start, end) == example["tense"]


def _month_value(text: str, dct: str) -> str:
    docs = pl.DataFrame({"doc_id": ["t#1"], "source": ["t"], "start": [0], "text": [text],
                         "dct": [dct], "status": ["ok"]})
    return tag_dates(docs).filter(pl.col("rule_id") == "month_bare")["value"].item()


def test_a_past_tense_keeps_a_month_of_the_year_of_writing() -> None:
    # written late in October: "January" told in the past tense is this year's January
    assert _month_value("In January, the rebels took the dam.", "2021-10-27") == "2021-01"
    assert _month_value("In January, the rebels will retreat from the dam.",
                        "2021-10-27") == "2022-01"


def test_a_date_set_ahead_in_a_past_tense_clause_stays_ahead() -> None:
    # a past tense announces a date a few weeks ahead: still the coming one
    assert _month_value("The ministry announced elections for December.",
                        "2021-11-02") == "2021-12"


def _weekday_value(text: str, dct: str) -> str:
    docs = pl.DataFrame({"doc_id": ["t#1"], "source": ["t"], "start": [0], "text": [text],
                         "dct": [dct], "status": ["ok"]})
    return tag_dates(docs).filter(pl.col("text").str.contains("day"))["value"].item()


def test_a_plan_told_in_the_past_keeps_its_weekday_ahead() -> None:
    # written on Wednesday 2021-03-10: the planned crossing is the coming Friday, while the
    # day the planning is dated by is the Monday before
    assert _weekday_value("The convoy planned to cross on Friday.", "2021-03-10") == "2021-03-12"
    assert _weekday_value("On Monday, the convoy planned to cross.", "2021-03-10") == "2021-03-08"
    assert _weekday_value("The convoy crossed on Friday.", "2021-03-10") == "2021-03-05"


@pytest.mark.parametrize(("text", "value"), [
    ("The envoys are meeting in Geneva on Friday.", "2021-03-12"),
    ("The envoys are meeting in Geneva on Monday.", "2021-03-15"),
    ("The envoys met in Geneva on Friday.", "2021-03-05"),
    ("The envoys were meeting in Geneva on Monday.", "2021-03-08"),
])
def test_a_weekday_in_the_present_progressive_is_the_coming_one(text: str, value: str) -> None:
    # written on Wednesday 2021-03-10: "are meeting" is an arrangement ahead; "were" is past
    assert _weekday_value(text, "2021-03-10") == value


def test_the_present_progressive_does_not_move_a_month_ahead() -> None:
    # written late in October: the bank raising its reserves "in June" speaks of this June
    assert _month_value("The bank is raising its reserves under a deal struck in June.",
                        "2021-10-27") == "2021-06"


@pytest.mark.parametrize(("text", "value"), [
    ("The council votes on the truce Thursday.", "2021-03-11"),  # no cue: tomorrow
    ("The council voted on the truce Thursday.", "2021-03-04"),  # past: last Thursday
    ("The council votes on the truce Tuesday.", "2021-03-09"),  # no cue, not tomorrow: past
])
def test_a_bare_weekday_without_a_tense_cue_is_tomorrow_only_the_day_after_writing(
        text: str, value: str) -> None:
    # written on Wednesday 2021-03-10
    assert _weekday_value(text, "2021-03-10") == value


def test_a_measure_effective_from_a_month_takes_the_coming_one() -> None:
    # written late in October: "effective January" announces the coming January
    assert _month_value("The council named a new governor, effective January.",
                        "2021-10-27") == "2022-01"
    assert _month_value("The council named a new governor in January.",
                        "2021-10-27") == "2021-01"


#: Clause ends of every kind before and after an expression, and none at all.
CLAUSE_TEXTS = [
    ("Officials said: talks will resume on Thursday (as planned).", "Thursday"),
    ("The army withdrew - or so it said - on Friday; talks followed.", "Friday"),
    ("He spoke to the envoy, who arrived on Monday, and left.", "Monday"),
    ("The convoy that will leave on Sunday was stopped “for checks”.", "Sunday"),
    ("Talks resumed on Tuesday", "Tuesday"),
]


def _tense_scanning_every_position(sentence: str, start: int, end: int) -> str:
    """`tense` with the clause ends searched from every position (no skip to their first
    characters), the reference the fast scan must agree with."""
    t = load().tense
    lo = max(0, start - t.before)
    for m in t.clause_end.finditer(sentence, lo, start):
        lo = m.end()
    found = _cue(sentence, lo, end, t)
    if found:
        return found
    hi = min(len(sentence), end + t.after)
    stop = t.clause_end.search(sentence, end, hi)
    return _cue(sentence, end, stop.start() if stop else hi, t, last=False)


@pytest.mark.parametrize(("sentence", "expr"), CLAUSE_TEXTS)
def test_skipping_to_clause_end_characters_changes_no_tense(sentence: str, expr: str) -> None:
    start = sentence.index(expr)
    end = start + len(expr)
    assert tense(sentence, start, end) == _tense_scanning_every_position(sentence, start, end)


def test_every_clause_end_begins_with_one_of_its_first_characters() -> None:
    t = load().tense
    assert t.clause_start is not None
    starts = [m.start() for text, _ in CLAUSE_TEXTS for m in t.clause_end.finditer(text)]
    assert starts  # the texts hold clause ends
    for text, _ in CLAUSE_TEXTS:
        for m in t.clause_end.finditer(text):
            assert t.clause_start.match(text, m.start())
