"""The events vocabulary is data: every example / counter-example of every file runs here."""

from __future__ import annotations

import re

import polars as pl
import pytest
from threadline.events.actors import actor_mentions
from threadline.events.subevents import rules
from threadline.events.triggers import chrome_rule, trigger_candidates
from threadline.events.vocab import examples, find_weapons, guards, trigger_lexicon
from threadline.resources import load_yaml


def _sentence(text: str) -> pl.DataFrame:
    return pl.DataFrame({"doc_id": ["x"], "sent_no": [0], "sentence": [text]})


@pytest.mark.parametrize(("entry", "sentence", "should"), examples("triggers.yaml"))
def test_trigger_examples(entry: str, sentence: str, should: bool) -> None:
    assert (entry in trigger_candidates(_sentence(sentence))["id"].to_list()) is should


@pytest.mark.parametrize(("guard", "phrase"), [
    (g["id"], e) for g in load_yaml("en/events/triggers.yaml")["guards"]
    for e in g.get("examples", [])])
def test_guard_examples(guard: str, phrase: str) -> None:
    g = guards()[guard]
    text = phrase if g["where"] != "before" else phrase
    assert re.search(g["pattern"], text), (guard, phrase)


@pytest.mark.parametrize(("entry", "sentence", "should"), examples("weapons.yaml"))
def test_weapon_examples(entry: str, sentence: str, should: bool) -> None:
    found = find_weapons(_sentence(sentence))
    assert (entry in found["weapon_id"].to_list()) is should


ACTOR_CASES = [(f"group:{e}", s, ok) for key in ("groups", "state_units")
               for e, s, ok in examples("armed_groups.yaml", key)]
ACTOR_CASES += [(f"generic:{e}", s, ok) for e, s, ok in examples("generic_actors.yaml", "rules")]


@pytest.mark.parametrize(("rule", "sentence", "should"), ACTOR_CASES)
def test_actor_examples(rule: str, sentence: str, should: bool) -> None:
    assert (rule in actor_mentions(_sentence(sentence))["actor_rule"].to_list()) is should


@pytest.mark.parametrize(("rule", "sentence"), [
    (r["id"], s) for r in rules()[0] for s in r.get("examples", [])])
def test_decision_rule_examples(rule: str, sentence: str) -> None:
    from threadline.events import extract_events
    from threadline.schema import DOCUMENTS, MENTIONS, conform, empty

    docs = conform(pl.DataFrame({"doc_id": ["x#1"], "source": ["x"], "start": [0],
                                 "end": [len(sentence)], "text": [sentence], "status": ["ok"]}),
                   DOCUMENTS)
    ev = extract_events(docs, empty(MENTIONS))
    then = next(r["then"] for r in rules()[0] if r["id"] == rule)
    assert ev.select("event_type", "sub_event_type").rows()[:1] == [
        (then["event_type"], then["sub_event_type"])], ev.select("trigger_id", "type_rule").rows()


@pytest.mark.parametrize(("entry", "sentence", "should"), examples("not_events.yaml"))
def test_not_event_examples(entry: str, sentence: str, should: bool) -> None:
    assert (chrome_rule(pl.DataFrame({"sentence": [sentence]}))[0] == entry) is should


@pytest.mark.parametrize("name", ["triggers.yaml", "weapons.yaml", "not_events.yaml"])
def test_every_entry_has_an_example(name: str) -> None:
    data = load_yaml(f"en/events/{name}")
    assert [e["id"] for e in data["entries"] if not e.get("examples")] == []


@pytest.mark.parametrize("pos", ["VERB", "NOUN"])
def test_trigger_forms_are_inflected_not_listed(pos: str) -> None:
    """Entries hold lemmas only; the loader adds the inflections (struck, shot, clashes)."""
    lex = trigger_lexicon()
    entries = load_yaml("en/events/triggers.yaml")["entries"]
    assert all("forms" not in e for e in entries)
    n_lemmas = sum(e["pos"] == pos for e in entries)
    n_forms = lex.join(pl.DataFrame({"id": [e["id"] for e in entries if e["pos"] == pos]}),
                       on="id").height
    assert n_forms > 1.5 * n_lemmas


@pytest.mark.parametrize(("sentence", "names"), [
    ("Engineers built a depot, called “Imam Ali” base, near the border.", []),
    ("The army launched an operation dubbed \"Mother Courage\" in the hills.",
     ["Military Forces of {country}"]),
    ("Gunmen shot dead an imam outside the mosque.",
     ["Unidentified Armed Group ({country})", "Civilians ({country})"]),
    ("The rebels said \"we killed the villagers\" in a statement.",
     ["Unidentified Armed Group ({country})", "Civilians ({country})"]),
])
def test_a_title_inside_a_quoted_name_is_no_actor(sentence: str, names: list[str]) -> None:
    """“Imam Ali” garrison names no imam; a quoted sentence still holds its actors."""
    assert actor_mentions(_sentence(sentence))["name"].to_list() == names
