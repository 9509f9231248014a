"""The places an event carries: its location, the places its sentence ties to it by a cue
(co_locations, each with a reason), the agent's country never its location when a place of the
action is named, a town written as the document writes it, homes and homonyms abroad left out.
Sentences of our own."""

from __future__ import annotations

import polars as pl
import pytest
import threadline as tl
from threadline.events.places import find_places


def events_of(*texts: str) -> pl.DataFrame:
    docs = tl.documents.from_table(pl.DataFrame({
        "doc_id": [f"p{i}" for i in range(len(texts))], "published": ["2021-05-04"] * len(texts),
        "text": list(texts)}), "links.jsonl")
    return tl.extract_events(docs, tl.tag_dates(docs))


def first(text: str) -> dict:
    ev = events_of(text)
    assert ev.height >= 1, text
    return ev.sort("start").row(0, named=True)


def places_of(ev: dict) -> set[str]:
    """Every place the event carries, as written (location and co_locations), last word."""
    return {p.split()[-1] for p in [ev["location_text"], *ev["co_locations"]] if p}


@pytest.mark.parametrize(("text", "carried"), [
    ("On 2 May 2021, troops captured Tal Abyad and pushed on towards Raqqa.",
     {"Abyad", "Raqqa"}),
    ("On 2 May 2021, jets fired missiles from Lebanon into Syria, striking a depot near Homs.",
     {"Lebanon", "Syria", "Homs"}),
    ("On 2 May 2021, a car bomb exploded in Kirkuk and gunmen attacked a checkpoint in Mosul.",
     {"Kirkuk", "Mosul"}),
    ("On 2 May 2021, rebels shelled Homs, a spokesman for the army in Damascus said.",
     {"Homs"}),
])
def test_event_carries_the_places_its_sentence_ties_to_it(text: str, carried: set) -> None:
    ev = first(text)
    assert places_of(ev) == carried
    assert len(ev["co_location_rules"]) == len(ev["co_locations"])
    assert all(ev["co_location_rules"])


@pytest.mark.parametrize(("text", "reasons"), [
    ("On 2 May 2021, rebels attacked Tal Abyad from the outskirts of Raqqa.",
     {"Raqqa": "'near'"}),
    ("On 2 May 2021, jets fired missiles from Lebanon into Syria, striking a depot near Homs.",
     {"Lebanon": "'from'", "Syria": "'into'"}),
    ("On 2 May 2021, a bomb exploded in Jableh in the coastal province of Latakia.",
     {"Latakia": "place phrase"}),
])
def test_a_co_location_says_which_cue_ties_it(text: str, reasons: dict) -> None:
    ev = first(text)
    why = dict(zip(ev["co_locations"], ev["co_location_rules"], strict=True))
    assert set(why) == set(reasons)
    assert all(reasons[p] in why[p] for p in reasons), why


@pytest.mark.parametrize(("text", "location"), [
    ("On 3 May 2021, Israel raided Iranian positions in Iraq, killing four fighters.", "Iraq"),
    ("On 3 May 2021, Turkey struck Kurdish positions in Syria.", "Syria"),
    ("On 3 May 2021, the United States bombed militant camps in Somalia.", "Somalia"),
    ("On 3 May 2021, Turkey shot down a jet.", "Turkey"),  # no other place: it stays
])
def test_the_agents_country_is_no_location_when_a_place_of_the_action_is_named(
        text: str, location: str) -> None:
    assert first(text)["location"] == location


@pytest.mark.parametrize(("text", "actor1"), [
    ("On 4 May 2021, Turkey shot down a Russian jet.", "Military Forces of Turkey"),
    ("On 4 May 2021, Jordan shot down a drone near the border.", "Military Forces of Jordan"),
    ("On 4 May 2021, Chad attacked rebel positions in the north.", "Military Forces of Chad"),
    ("On 4 May 2021, Niger shelled militant camps.", "Military Forces of Niger"),
])
def test_a_country_as_subject_of_a_violent_verb_is_its_state_forces(text: str, actor1: str
                                                                     ) -> None:
    assert first(text)["actor1"] == actor1


@pytest.mark.parametrize("text", [
    "On 3 May 2021, the group said it acted in response to Israeli raids.",
    "On 3 May 2021, the minister vowed revenge for the bombing.",
])
def test_a_cause_phrase_noun_makes_no_event(text: str) -> None:
    assert events_of(text).is_empty()


@pytest.mark.parametrize(("text", "trigger"), [
    ("On 3 May 2021, militants attacked a village in retaliation for the killings.", "attack"),
    ("On 3 May 2021, police opened fire in response to protesters who attacked a checkpoint.",
     None),
])
def test_the_event_is_the_action_not_its_cause(text: str, trigger: str | None) -> None:
    ev = events_of(text)
    assert ev.height == 1
    if trigger:
        assert ev["trigger"][0] == trigger
    assert "kill" not in ev["trigger"][0]


@pytest.mark.parametrize(("text", "location", "gazetteer"), [
    ("On 3 May 2021, militants attacked a checkpoint near Palmyra.", "Palmyra", "Tadmur"),
    ("On 3 May 2021, protesters marched through Hama.", "Hama", "Hamah"),
    ("On 3 May 2021, rebels shelled Aleppo.", "Aleppo", "Aleppo"),
])
def test_a_town_is_named_as_the_document_writes_it(text: str, location: str,
                                                    gazetteer: str) -> None:
    ev = first(text)
    assert (ev["location"], ev["gazetteer_name"]) == (location, gazetteer)


def test_a_country_keeps_its_own_name() -> None:
    ev = first("On 3 May 2021, protesters rallied in the UK against the war.")
    assert ev["location"] == "United Kingdom"


def test_citizens_from_a_country_name_their_home_not_the_place() -> None:
    ev = first("On 3 May 2021, gunmen abducted two citizens from Jordan near Ramadi.")
    assert ev["location"] == "Ramadi"
    assert "Jordan" not in ev["co_locations"]


def test_a_small_town_abroad_in_a_story_of_another_country_is_no_place() -> None:
    """Dover (a town of England and of Delaware) in a story that names Mali is a homonym of a
    place the gazetteer lacks, not a town abroad; named in a story of Britain it is one."""
    s = pl.DataFrame({"doc_id": ["m", "m", "e"], "sent_no": [0, 1, 0], "sentence": [
        "The army of Mali said it had retaken two towns in Mali.",
        "Fighting was reported near Dover on Monday.",
        "Ferries from Dover in Britain to Calais in France were cancelled."]})
    found = find_places(s).filter(pl.col("name") == "Dover")
    assert found["doc_id"].to_list() == ["e"]


@pytest.mark.parametrize(("text", "kind"), [
    ("On 4 May 2021, rebels attacked army posts in the province of Idlib.", "admin1"),
    ("On 4 May 2021, rebels attacked army posts in the northern province of Idlib.", "admin1"),
    ("On 4 May 2021, rebels attacked army posts in the city of Idlib.", "populated place"),
])
def test_the_province_of_x_is_the_province(text: str, kind: str) -> None:
    assert first(text)["location_kind"] == kind
