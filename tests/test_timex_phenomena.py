"""Phenomena of war reporting and war histories, one table each, in our own sentences: ranges
as two linked TIMEX3s, dates before the common era, a month or year written once for two
dates, seasons, parts of the day with a date, sets with freq/quant, histories anchored to
their own years (never to their download date), and clock times that are no years."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from threadline.timex import tag_dates


def _tag(text: str, dct: str | None = "2017-09-25", doc_type: str = "news") -> pl.DataFrame:
    docs = pl.DataFrame({"doc_id": ["t#1"], "source": ["t"], "start": [0], "text": [text],
                         "dct": [dct], "status": ["ok"]},
                        schema={"doc_id": pl.String, "source": pl.String, "start": pl.Int64,
                                "text": pl.String, "dct": pl.String, "status": pl.String})
    return tag_dates(docs, doc_type=doc_type)


def _values(mentions: pl.DataFrame) -> list[tuple[str, str]]:
    return mentions.select("text", "value").rows()


@pytest.mark.parametrize(("text", "dct", "ends", "span"), [
    ("The famine of 1915-17 killed thousands.", None, [("1915", "1915"), ("17", "1917")],
     ("1915-01-01", "1917-12-31")),
    ("Fighting raged from 1939 to 1945 in the north.", None,
     [("1939", "1939"), ("1945", "1945")], ("1939-01-01", "1945-12-31")),
    ("In 1871 the siege ended. On June 3 and 4 the last forts gave up.", None,
     [("June 3", "1871-06-03"), ("4", "1871-06-04")], ("1871-06-03", "1871-06-04")),
    ("The siege lasted from 15 to 22 February 1916.", None,
     [("15", "1916-02-15"), ("22 February 1916", "1916-02-22")], ("1916-02-15", "1916-02-22")),
    ("Reservists were called up in August and September 1914.", None,
     [("August", "1914-08"), ("September 1914", "1914-09")], ("1914-08-01", "1914-09-30")),
    ("The fleets clashed on 31 May-1 June 1916 in the North Sea.", None,
     [("31 May", "1916-05-31"), ("1 June 1916", "1916-06-01")], ("1916-05-31", "1916-06-01")),
    ("The first campaign (June 2-August 11, 1999) cost many lives.", None,
     [("June 2", "1999-06-02"), ("August 11, 1999", "1999-08-11")],
     ("1999-06-02", "1999-08-11")),
])
def test_timex_range_is_two_linked_timexes(text, dct, ends, span) -> None:
    mentions = _tag(text, dct).filter(pl.col("range_with").is_not_null())
    assert _values(mentions) == ends
    first, second = mentions.rows(named=True)
    assert first["range_with"] == second["mention_id"]
    assert second["range_with"] == first["mention_id"]
    for row in (first, second):
        assert row["type"] == "DATE"
        assert (row["range_start"], row["range_end"]) == tuple(map(dt.date.fromisoformat, span))


@pytest.mark.parametrize(("text", "expected"), [
    ("Profits in 2017-09 were flat.", [("2017", "2017")]),  # no range runs backwards
    # (told in the past tense in September: the December and January before the writing)
    ("The mine was found on December 15 and January 12.",
     [("December 15", "2016-12-15"), ("January 12", "2017-01-12")]),
    ("The mine will be cleared on December 15 and January 12.",
     [("December 15", "2017-12-15"), ("January 12", "2018-01-12")]),
    ("A 1996-1994 comparison is odd.", [("1996", "1996")]),
])
def test_timex_no_range_where_the_ends_do_not_run_forward(text, expected) -> None:
    mentions = _tag(text)
    assert _values(mentions) == expected
    assert mentions["range_with"].is_null().all()


@pytest.mark.parametrize(("text", "expected"), [
    ("The fleet sailed in 480 BC.", [("480 BC", "BC0480")]),
    ("Rome grew in the 3rd century BC.", [("the 3rd century BC", "BC02")]),
    ("The colonies grew during the 550s BC.", [("the 550s BC", "BC055")]),
    ("The uprising ran from 510 to 505 BC.", [("510", "BC0510"), ("505 BC", "BC0505")]),
    ("Envoys were sent in late autumn of 432 B.C. to the north.",
     [("late autumn of 432 B.C.", "BC0432-FA")]),
])
def test_timex_dates_before_the_common_era(text, expected) -> None:
    mentions = _tag(text, "2009-12-19", "narrative")
    assert _values(mentions) == expected
    assert mentions["date_start"].is_null().all()  # Python dates start in year 1


def test_timex_story_before_the_common_era_resolves_on_its_own_years() -> None:
    text = ("In 480 BC the army crossed the strait. In September its ships were lost, and "
            "the troops waited out the winter in the north. The following year it marched south; "
            "a decade earlier a first expedition had failed.")
    mentions = _tag(text, "2009-12-19", "narrative")
    assert _values(mentions) == [
        ("480 BC", "BC0480"), ("September", "BC0480-09"), ("the winter", "BC0480-WI"),
        ("The following year", "BC0479"), ("a decade earlier", "BC0489"),
    ]
    assert mentions["anchor"].to_list() == ["absolute"] + ["narrative"] * 4


@pytest.mark.parametrize(("text", "expected"), [
    ("In 1916 the front held. Their summer offensive opened in July.",
     [("1916", "1916"), ("summer", "1916-SU"), ("July", "1916-07")]),
    ("In 1848 the capital rose; the provinces rose that same spring.",
     [("1848", "1848"), ("spring", "1848-SP")]),
    ("The two armies rested in the spring and early summer of 1917.",
     [("the spring", "1917-SP"), ("early summer of 1917", "1917-SU")]),
    ("After the fall of Saigon the refugees left.", []),
    ("The Arab Spring reached Syria in 2011.", [("2011", "2011")]),
])
def test_timex_seasons(text, expected) -> None:
    assert _values(_tag(text, None)) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a story's season without a year is of the year it has reached, before or after its date
    ("In June 1916 the front held. Over the winter the lines froze.",
     [("June 1916", "1916-06"), ("the winter", "1916-WI")]),
    ("The siege ended in November 1863. In the spring the army moved east.",
     [("November 1863", "1863-11"), ("the spring", "1863-SP")]),
    ("On 2 June 431 BC the fleet sailed; it came back in the autumn.",
     [("2 June 431 BC", "BC0431-06-02"), ("the autumn", "BC0431-FA")]),
])
def test_timex_narrative_season_is_of_the_story_year(text, expected) -> None:
    assert _values(_tag(text, "2009-12-19", "narrative")) == expected


@pytest.mark.parametrize(("text", "value"), [
    ("The militia mustered on the night of April 18, 1775 near the bridge.", "1775-04-18TNI"),
    ("The bombardment opened on the morning of 12 October 1702.", "1702-10-12TMO"),
    ("The ferry sank early in the morning of 2 June 1921.", "1921-06-02TMO"),
    ("The rebels struck in the early morning hours of March 6, 1831.", "1831-03-06TMO"),
    ("The king spoke on the evening of July 9, 1830, to the guard.", "1830-07-09TEV"),
])
def test_timex_part_of_day_with_a_date(text, value) -> None:
    row = _tag(text, None).row(0, named=True)
    assert (row["type"], row["value"]) == ("TIME", value)
    assert row["date_start"] == dt.date.fromisoformat(value[:10])


@pytest.mark.parametrize(("text", "value", "freq", "quant"), [
    ("The fair is held annually.", "P1Y", None, None),
    ("The council meets twice a year in Geneva.", "P1Y", "2X", None),
    ("Convoys pass three times a week.", "P1W", "3X", None),
    ("Patrols leave every week from the base.", "P1W", None, "EVERY"),
    ("The market closes each Thursday at noon.", "XXXX-WXX-4", None, "EACH"),
    ("Flights leave every two weeks.", "P2W", None, "EVERY"),
])
def test_timex_sets_carry_freq_and_quant(text, value, freq, quant) -> None:
    row = _tag(text).row(0, named=True)
    assert (row["type"], row["value"], row["freq"], row["quant"]) == ("SET", value, freq, quant)
    assert row["date_start"] is None


HISTORY = ("The crisis began in 1958. On September 7 a truce was offered. By the end of the year "
           "the shelling had stopped, and this year was remembered as the quiet one.")


@pytest.mark.parametrize(("dct", "doc_type", "expected"), [
    # a history with its own years: never the download date's year
    ("2009-12-19", "narrative",
     [("1958", "1958"), ("September 7", "1958-09-07"), ("the end of the year", "1958"),
      ("this year", "1958")]),
    # the same text as news written early in 1959: the deictic years are the writer's
    ("1959-01-05", "news",
     [("1958", "1958"), ("September 7", "1958-09-07"), ("the end of the year", "1959"),
      ("this year", "1959")]),
])
def test_timex_history_is_never_anchored_to_its_download_date(dct, doc_type, expected) -> None:
    mentions = _tag(HISTORY, dct, doc_type)
    assert _values(mentions) == expected
    assert "2009" not in "".join(mentions["value"].to_list())


def test_timex_narrative_without_years_still_uses_its_dct() -> None:
    mentions = _tag("Last week the rebels took the town. This year was hard.", "2017-09-25",
                    "narrative")
    assert _values(mentions) == [("Last week", "2017-W38"), ("This year", "2017")]


@pytest.mark.parametrize("text", [
    "Updated 1549 28.05.2017 by the desk. Rebels shelled the town.",
    "Posted 27/05/2017 0930 | Rebels shelled the town.",
    "Printer friendly | Views 1662 | Rebels shelled the town.",
    "Comments: 1998 | Shares 2014 | Rebels shelled the town.",
])
def test_timex_clock_times_and_counters_are_no_years(text) -> None:
    mentions = _tag(text)
    years = mentions.filter(pl.col("granularity") == "year")
    assert years.height == 0, years.select("text", "value").rows()


@pytest.mark.parametrize("text", [
    "The Su-24 was shot down near the border.",
    "UN Security Council Resolution 1701 ended the war.",
    "The force deployed under UNSCR 1701 in the south.",
    "Some 2000 troops crossed the river.",
    "The shells travelled 1500 km.",
    "F-16 and MiG-29 jets flew over the Brigade 1701 base.",
    "The tunnel was 1800 metres long.",
    "Article 1701 of the code was cited.",
])
def test_timex_false_friends_stay_untagged(text) -> None:
    assert _tag(text).height == 0, _values(_tag(text))
