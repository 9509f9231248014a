"""ACLED's whole taxonomy and actor patterns on short conflict sentences of our own."""

from __future__ import annotations

import re

import polars as pl
import pytest
from threadline.events import extract_events
from threadline.events.subevents import follow_up_patterns
from threadline.resources import load_yaml
from threadline.schema import DOCUMENTS, MENTIONS, conform, empty


def _events(text: str) -> pl.DataFrame:
    docs = conform(pl.DataFrame({"doc_id": ["t#1"], "source": ["t.txt"], "start": [0],
                                 "end": [len(text)], "text": [text], "status": ["ok"]}),
                   DOCUMENTS)
    return extract_events(docs, empty(MENTIONS))


SUB_EVENTS = [
    # Battles
    ("Soldiers clashed with rebels near the river crossing.", "Battles", "Armed clash"),
    ("The army recaptured the border town from the insurgents.", "Battles",
     "Government regains territory"),
    ("Rebel fighters seized control of two villages after the garrison fled.", "Battles",
     "Non-state actor overtakes territory"),
    # Explosions/Remote violence
    ("Doctors said a chlorine gas attack on the suburb suffocated a family.",
     "Explosions/Remote violence", "Chemical weapon"),
    ("Warplanes bombed a fuel depot outside the port.", "Explosions/Remote violence",
     "Air/drone strike"),
    ("A suicide bomber blew himself up at the gate of a police academy.",
     "Explosions/Remote violence", "Suicide bomb"),
    ("Rebels fired mortar rounds at an army base on the ridge.", "Explosions/Remote violence",
     "Shelling/artillery/missile attack"),
    ("A roadside bomb exploded as a bus passed the junction.", "Explosions/Remote violence",
     "Remote explosive/landmine/IED"),
    ("A man threw a grenade into a crowded bar.", "Explosions/Remote violence", "Grenade"),
    # an attack on a base or a police station is a battle with the forces holding it
    ("Insurgents attacked a military base outside the city.", "Battles", "Armed clash"),
    ("Militants stormed a police station and freed two prisoners.", "Battles", "Armed clash"),
    ("Angry crowds stormed the regional parliament.", "Riots", "Violent demonstration"),
    # Violence against civilians
    ("Witnesses said militiamen raped two women collecting firewood.",
     "Violence against civilians", "Sexual violence"),
    ("Gunmen killed three farmers working in their fields.", "Violence against civilians",
     "Attack"),
    ("Bandits kidnapped eight travellers on the highway.", "Violence against civilians",
     "Abduction/forced disappearance"),
    # Protests
    ("Hundreds of teachers protested outside the ministry over unpaid salaries.", "Protests",
     "Peaceful protest"),
    ("Police dispersed a sit-in by students with tear gas.", "Protests",
     "Protest with intervention"),
    ("Soldiers opened fire on peaceful marchers, killing three of them.", "Protests",
     "Excessive force against protesters"),
    # Riots
    ("Demonstrators threw stones at police and burned a patrol car.", "Riots",
     "Violent demonstration"),
    ("An angry mob lynched a man accused of stealing a goat.", "Riots", "Mob violence"),
    # Strategic developments
    ("The two armed factions signed a ceasefire agreement in the capital.",
     "Strategic developments", "Agreement"),
    ("Police arrested an opposition leader at his home.", "Strategic developments", "Arrests"),
    ("A rebel commander defected to the government with forty fighters.",
     "Strategic developments", "Change to group/activity"),
    ("Bomb disposal experts defused an explosive device near the school.",
     "Strategic developments", "Disrupted weapons use"),
    ("Riot police fired rubber bullets at students outside the university.", "Protests",
     "Protest with intervention"),
    ("Soldiers opened fire on a crowd of mourners, killing five.",
     "Violence against civilians", "Attack"),
    ("An angry crowd beat a suspected thief to death.", "Riots", "Mob violence"),
    # the weapons a disruption acts on never went off
    ("Troops recovered and defused two crude bombs hidden in a culvert.",
     "Strategic developments", "Disrupted weapons use"),
    ("Soldiers found rifles in the house, then bombed the camp.",
     "Explosions/Remote violence", "Air/drone strike"),
    ("The armed group established a base in an abandoned school.", "Strategic developments",
     "Headquarters or base established"),
    ("Armed men looted shops and a health centre in the town.", "Strategic developments",
     "Looting/property destruction"),
    ("Government troops withdrew from the town without a fight and the militia moved in.",
     "Strategic developments", "Non-violent transfer of territory"),
    ("The kidnappers released four of the hostages on Sunday.", "Strategic developments",
     "Other"),
]


@pytest.mark.parametrize(("sentence", "event_type", "sub_event_type"), SUB_EVENTS)
def test_sub_event_types(sentence: str, event_type: str, sub_event_type: str) -> None:
    ev = _events(sentence)
    assert ev.select("event_type", "sub_event_type").rows() == [(event_type, sub_event_type)], (
        ev.select("trigger_id", "type_rule").rows())


def test_the_table_covers_every_sub_event_type() -> None:
    from threadline.events.vocab import taxonomy

    wanted = {(t, s) for t, subs in taxonomy().items() for s in subs}
    assert wanted == {(t, s) for _, t, s in SUB_EVENTS}


NOT_EVENTS = [
    "Send us your comments using the form below.",
    "Share this article on Facebook",
    "The views expressed in this column about the war are the author's own.",
    "The two ministers clashed over the budget in parliament.",
    "Teachers struck for higher pay.",
    "The comedy bombed at the box office.",
    "He protested his innocence in court.",
    "The study demonstrated a link between diet and health.",
    "Shares rallied on Friday.",
    "The agency executed the contract on time.",
    "Prices exploded after the harvest failed.",
    "The company fired its chief executive.",
    "Fans had a blast at the concert.",
    "Photo: soldiers patrol the streets of the capital",
]


@pytest.mark.parametrize("sentence", NOT_EVENTS)
def test_sentences_that_are_not_events(sentence: str) -> None:
    assert _events(sentence).height == 0


ACTORS = [
    # (sentence, actor1, actor2, inter1)
    ("Syrian troops shelled the rebel-held town.", "Military Forces of Syria", None, 1),
    ("Turkey's army struck Kurdish positions across the border.", "Military Forces of Turkey",
     None, 1),
    ("Philippine police arrested a suspect in a raid.", "Police Forces of the Philippines",
     "Civilians (Philippines)", 1),
    ("Two civilians were killed by Nigerian soldiers on Monday.", "Military Forces of Nigeria",
     "Civilians (Nigeria)", 1),
    ("The military forces of Armenia fired on the positions of the military forces of "
     "Azerbaijan.", "Military Forces of Armenia", "Military Forces of Azerbaijan", 1),
    ("Gunmen on motorcycles killed a trader at the market.", "Unidentified Armed Group",
     "Civilians", 3),
    ("Islamic State fighters attacked an army checkpoint.", "Islamic State", "Military Forces", 2),
    ("Farmers staged a protest demanding higher prices for wheat.", "Protesters", None, 6),
    # ACLED names the forces of an attacked police post or base as actor2, rioters included
    ("Rioters set fire to a police post in the old town.", "Rioters", "Police Forces", 5),
    ("Militants attacked an army base near the border at dawn.", "Unidentified Armed Group",
     "Military Forces", 3),
    ("Gunmen opened fire on a police station in the town centre.", "Unidentified Armed Group",
     "Police Forces", 3),
    ("Rebels fired rockets at a Turkish military base near Mosul overnight.",
     "Unidentified Armed Group (Iraq)", "Military Forces of Turkey", 3),
    ("Soldiers at the army camp shot dead two farmers.", "Military Forces", "Civilians", 1),
    ("Gunmen stormed a hotel in the capital and killed four guests.",
     "Unidentified Armed Group", "Civilians", 3),
    ("Villagers beat a suspected thief to death.", "Rioters", "Civilians", 5),
    ("A body with gunshot wounds was found in a ditch.", "Unidentified Armed Group", "Civilians",
     3),
    # coordinated sides: the first named is actor1, the other the side it fights
    ("Ethiopian and Eritrean forces fought along the border on Tuesday.",
     "Military Forces of Ethiopia", "Military Forces of Eritrea", 1),
    ("The armies of India and Pakistan exchanged fire near Kupwara in Kashmir.",
     "Military Forces of India", "Military Forces of Pakistan", 1),
    ("Soldiers and police raided the camp and arrested twelve men.", "Military Forces",
     "Civilians", 1),
    # the owner named with the trigger acts: "Israeli airstrikes", "Russian shelling" (a state
    # acting outside its own country is external, inter 8, as ACLED codes Israel in Palestine)
    ("Israeli airstrikes hit a refugee camp in Khan Younis.", "Military Forces of Israel",
     "Civilians (Palestine)", 8),
    # people hit by a mine or a shell never set it off: the unknown attacker is actor1
    ("Twelve people were killed when a landmine exploded under a minibus.",
     "Unidentified Armed Group", "Civilians", 3),
]


@pytest.mark.parametrize(("sentence", "actor1", "actor2", "inter1"), ACTORS)
def test_actor_patterns(sentence: str, actor1: str, actor2: str | None, inter1: int) -> None:
    ev = _events(sentence).row(0, named=True)
    assert (ev["actor1"], ev["actor2"], ev["inter1"]) == (actor1, actor2, inter1), (
        ev["actor1_rule"], ev["actor2_rule"])


@pytest.mark.parametrize(("sentence", "group"), [
    ("Farmers staged a protest demanding higher prices for wheat.", "Farmers"),
    ("Students marched to the ministry to demand lower fees.", "Students"),
])
def test_protest_groups_are_associated_actors(sentence: str, group: str) -> None:
    assert _events(sentence)["assoc_actors"].to_list() == [[group]]


@pytest.mark.parametrize("column", ["trigger_id", "type_rule", "actor1_rule", "location_rule",
                                    "date_reason"])
def test_every_event_keeps_its_rules(column: str) -> None:
    ev = _events("On Monday, Syrian troops shelled a village near Homs.")
    assert ev[column].null_count() == 0 and ev.height == 1


@pytest.mark.parametrize(("text", "sub_event_type", "actor2"), [
    ("Workers protested outside the factory demanding unpaid wages. Police dispersed them with "
     "tear gas.", "Protest with intervention", "Police Forces"),
    ("Residents marched to the town hall over water cuts. Some of them pelted the building "
     "with stones.", "Violent demonstration", None),
    ("Farmers rallied in the square against the new levy. The rally ended peacefully.",
     "Peaceful protest", None),
    ("Nurses demonstrated outside the ministry over unpaid overtime. Police intervened and "
     "detained six of them.", "Protest with intervention", "Police Forces"),
    ("Students marched to the governor's office on Monday. Several demonstrators were arrested "
     "near the gate.", "Protest with intervention", None),
    ("Journalists protested in the capital against the arrest of an editor. He was arrested "
     "last week on a charge of sedition.", "Peaceful protest", None),
])
def test_a_protest_is_what_its_next_sentence_makes_it(text: str, sub_event_type: str,
                                                      actor2: str | None) -> None:
    ev = _events(text).row(0, named=True)
    assert (ev["sub_event_type"], ev["actor2"]) == (sub_event_type, actor2), ev["type_rule"]


@pytest.mark.parametrize(("text", "actor2"), [
    ("Warplanes bombed a fuel depot outside the port, residents said.", None),
    ("Warplanes bombed a fuel depot outside the port, according to residents.", None),
    ("Warplanes bombed a fuel depot outside the port, killing two residents.", "Civilians"),
    ("Soldiers clashed with militants with reported links to the rebels.",
     "Unidentified Armed Group"),
])
def test_who_reports_an_event_is_not_its_target(text: str, actor2: str | None) -> None:
    ev = _events(text).row(0, named=True)
    assert ev["actor2"] == actor2, ev["actor2_rule"]


@pytest.mark.parametrize(("text", "location"), [
    ("Turkey's army struck Kurdish positions in Duhok province.", "Duhok"),
    ("Iran's Revolutionary Guards fired missiles at a base in Erbil.", "Erbil"),
    ("Rebels ambushed a convoy in Mali's north.", "Mali"),
])
def test_a_country_owning_the_actor_is_not_the_place(text: str, location: str | None) -> None:
    ev = _events(text).row(0, named=True)
    assert ev["location"] == location, ev["location_rule"]


def test_an_owner_country_alone_leaves_the_sentence_without_a_place() -> None:
    ev = _events("Iran's Revolutionary Guards fired missiles at a base.").row(0, named=True)
    assert ev["location_rule"].startswith("no place in the sentence"), ev["location_rule"]


@pytest.mark.parametrize(("key", "sentence", "should"), [
    (key, sentence, should) for key, entry in load_yaml(
        "en/events/subevent_rules.yaml")["follow_up"].items()
    for should, field in ((True, "examples"), (False, "counter_examples"))
    for sentence in entry.get(field, [])])
def test_follow_up_pattern_examples(key: str, sentence: str, should: bool) -> None:
    assert bool(re.search(follow_up_patterns()[key], sentence)) is should


def test_a_named_group_is_never_the_place() -> None:
    """A town may share a group's name; the group's mention is an actor, not the place."""
    ev = _events("Hamas militants launched rockets into southern Israel.").row(0, named=True)
    assert (ev["actor1"], ev["location"]) == ("Hamas Movement", "Israel"), ev["location_rule"]
