"""Dating rules on conflict sentences of our own, with the real tagger and a pinned DCT."""

from __future__ import annotations

import polars as pl
import pytest
from threadline import extract_events, tag_dates
from threadline.schema import DOCUMENTS, conform
from threadline.settings import DEFAULT

KEEP_ALL = DEFAULT.replace(keep_unfactual_events=True)

CASES = [
    # (text, dct, n-th event, expected date, expected anchor)
    ("Investigators say militias seized more than 400 rifles from army depots between 2014 "
     "and 2017.", "2017-12-14", 0, "2014/2017", "mention"),
    ("On 31 March, jets bombed the runway of an air base in the east. The rebels shelled the "
     "same base again within two weeks.", "2020", 1, "2020-03-31/2020-04-14", "mention"),
    ("Over the past eight years, The Israeli Air Force (IAF) has conducted over 300 airstrikes "
     "in Syria.", "2020", 0, "2012/2020", "mention"),
    ("US soldiers still refuse to withdraw from southern Syria although a large-scale "
     "evacuation is expected to happen before the end of the year.", "2017-09-25", 0,
     "2017-09-25/2017-12-31", "mention"),
    ("In 2019, militias built a new base near the border. Fighters clashed with the army "
     "there.", "2020", 1, "2019", "narrative"),
    ("IDF engineers and bomb disposal units have identified and destroyed three tunnels.",
     "2018-12", 0, "2018-12", "dct"),
    ("The Coalition has not struck the convoy.", None, 0, None, "none"),
]


def _events(text: str, dct: str | None, settings=KEEP_ALL) -> pl.DataFrame:
    docs = conform(pl.DataFrame({"doc_id": ["x#1"], "source": ["x.txt"], "start": [0],
                                 "end": [len(text)], "text": [text], "dct": [dct],
                                 "status": ["ok"]}, schema_overrides={"dct": pl.String}),
                   DOCUMENTS)
    return extract_events(docs, tag_dates(docs), settings)


@pytest.mark.parametrize(("text", "dct", "n", "date", "anchor"), CASES)
def test_dating_rules(text: str, dct: str | None, n: int, date: str | None, anchor: str) -> None:
    ev = _events(text, dct).row(n, named=True)
    assert (ev["date"], ev["anchor"]) == (date, anchor), ev["date_reason"]
    assert ev["date_reason"]


def test_reported_past_events_are_capped_at_the_dct() -> None:
    ev = _events(CASES[0][0], CASES[0][1]).row(0, named=True)
    assert str(ev["date_start"]) == "2014-01-01" and str(ev["date_end"]) == "2017-12-14"


@pytest.mark.parametrize("settings", [KEEP_ALL, DEFAULT])
def test_negated_events_are_flagged_and_dropped_by_default(settings) -> None:
    ev = _events("The Coalition has not struck the convoy.", "2017-09-02", settings)
    expected = ["negated"] if settings.keep_unfactual_events else []
    assert ev["factuality"].to_list() == expected


@pytest.mark.parametrize(("text", "dct", "dates"), [
    ("In 2020, the IAF bombed IRGC-QF and PMU positions in eastern Syria on three different "
     "occasions (January, March, and May).", "2020", ["2020-01", "2020-03", "2020-05"]),
    ("The last three tunnels (discovered on December 15, December 29, and January 12) were dug "
     "from the Ramyeh-Ayta al-Shab areas in southwestern Lebanon.", "2019-02-21",
     ["2018-12-15", "2018-12-29", "2019-01-12"]),
])
def test_a_date_that_frames_the_others_makes_no_event_of_its_own(text, dct, dates) -> None:
    assert _events(text, dct)["date"].to_list() == dates
