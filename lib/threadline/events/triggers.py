"""Triggers in an event use, and the clause-level events of a sentence.

A trigger (lexicon ``triggers.yaml``) counts unless it sits in a caption or heading, is glued
after a hyphen as a modifier ("Tube-launched"), or only refers back to an event already told
("the strike") in a sentence without a date of its own. A sentence that lists several
distinct dates makes one event per date, each with its nearest trigger.
"""

from __future__ import annotations

import re

import polars as pl

from threadline.events import dating as ed
from threadline.events.factuality import local_modality
from threadline.events.lexicons import find_terms

_AFTER = re.compile(r"\b(after|following)\b[^,;]*$")
#: A definite determiner, and at most one lower-case word, right before a trigger noun.
_ANAPHORA = r"(?i:\b(the|this|that|these|those|same))\s+([a-z][\w’'-]*\s+)?$"
_BACKGROUND = re.compile(r"\b(response to|after|following|amid|despite|since|than)\b[^,;]*$")


def background(sentence: str, pos: int) -> bool:
    """Whether a trigger sits in a backgrounded phrase ("in response to the air strikes")."""
    return bool(_BACKGROUND.search(sentence[max(0, pos - 45) : pos]))


def precedes(sentence: str, pos: int) -> bool:
    """Whether a trigger names what came before the clause's time ("This comes after a deal
    was struck")."""
    return bool(_AFTER.search(sentence[max(0, pos - 45) : pos]))


def event_triggers(sents: pl.DataFrame) -> pl.DataFrame:
    """Trigger matches in an event use: not in a caption or heading (a line without final
    punctuation) and not glued after a hyphen as a modifier ("Tube-launched").

    >>> s = pl.DataFrame({"doc_id": ["d"] * 3, "sent_no": [0, 1, 2], "sentence": [
    ...     "The TOW (Tube-launched) is a missile.", "Layout of the Assault (visual)",
    ...     "Israel launched an assault."]})
    >>> event_triggers(s).select("sent_no", "text", "anaphoric").rows()
    [(2, 'launched', False), (2, 'assault', False)]
    """
    found = find_terms(sents, "triggers")
    text = sents.select("doc_id", "sent_no", "sentence")
    glued = pl.col("sentence").str.slice(pl.col("pos") - 1, 1).eq("-") & (pl.col("pos") > 0)
    ended = pl.col("sentence").str.strip_chars_end().str.contains(r"[.!?:;\"”’]$")
    before = pl.col("sentence").str.slice(0, pl.col("pos")).str.contains(_ANAPHORA)
    after = pl.col("sentence").str.slice(pl.col("pos") + pl.col("text").str.len_chars(), 5)
    return (found.join(text, on=["doc_id", "sent_no"], how="left")
            .filter(ended & glued.not_())
            .with_columns((before & (after.str.contains(r"^\s+of\b") | pl.col("text").str
                               .contains(r"(?i)\bof$")).not_()).alias("anaphoric"))
            .drop("sentence"))


def new_events(triggers: list[dict], ms: list[dict]) -> list[dict]:
    """The triggers that state an event: a sentence whose triggers all refer back ("the
    strike", "the same raid") and which has no date of its own adds no event."""
    live = [t for t in triggers if not t["anaphoric"]]
    return live or (triggers if any(ed.is_calendar(m) for m in ms) else [])


def clause_units(sent: dict, triggers: list[dict], ms: list[dict]
                 ) -> list[tuple[dict, list[dict]]]:
    """(trigger, mentions) per clause-level event of a sentence; the main trigger is the most
    violent one that is not backgrounded, then the first. A date that contains the others ("In
    2020, ... (January, March, and May)") frames them and makes no event of its own."""
    text = sent["sentence"]
    main = min(triggers, key=lambda t: (local_modality(text, t["pos"]), background(
        text, t["pos"]), t["light"], t["rank"], t["pos"]))
    if ed.between_pair(sent["sentence"], sent["start"], ms):
        return [(main, ms)]
    by_value: dict[str, dict] = {}
    for m in ms:
        if ed.is_calendar(m):
            by_value.setdefault(m["value"], m)
    spans = {v: ed.mention_date(m) for v, m in by_value.items()}
    frames = {v for v, a in spans.items() if a and any(
        b and b[:2] != a[:2] and a[0] <= b[0] and b[1] <= a[1] for b in spans.values())}
    if len(by_value) - len(frames) < 2:
        return [(main, ms)]
    out = []
    for m in (m for v, m in by_value.items() if v not in frames):
        at = m["start"] - sent["start"]
        near = min(triggers, key=lambda t: (t["pos"] > at, abs(t["pos"] - at)))
        out.append((near, [m]))
    return out
