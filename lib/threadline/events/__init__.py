"""DOCUMENTS + MENTIONS -> EVENTS: who did what to whom, when, where and with what.

    extract      extract_events                  the stage: one event per trigger clause
    triggers     event_triggers, main_triggers   triggers in an event use, page chrome
    vocab        trigger_lexicon, weapon_lexicon the vocabulary as data (lemmas inflected)
    actor_vocab  actor_lexicon, countries        state forces by rule, groups, generic actors
    actors       actor_mentions, roles           who acts (actor1), who is acted on (actor2)
    subevents    decide                          ACLED type and sub-event (decision table)
    naming       name_events, EXTRA              ACLED names of actors and place, provenance
    locate       choose, from_context            the event's place among the clause's places
    reference    references, place_mentions      the story's reference time per sentence
    clauses      clause_units                    one event per date of a sentence
    places       find_places                     places, backed by a gazetteer
    sites        sites_expr                      facilities and nominal places ("a market")
    dating       frame, date_from_mentions       an event's date from its clause or the story
    factuality   factuality, factual_expr        asserted, reported, claimed, expected, negated
    lexicons     match_terms                     vectorised whole-word matching
"""

from threadline.events.extract import EXTRA, extract_events

__all__ = ["EXTRA", "extract_events"]
