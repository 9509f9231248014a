"""Roles of the actors of an event: who acts (actor1) and who is acted on (actor2).

The actor before the trigger acts, the next other one after it is the target; the passive
with an agent ("X was struck by Y") puts Y first.
"""

from __future__ import annotations

from threadline.events.lexicons import actor_parents

_PASSIVE = ("was ", "were ", "been ", "be ", "is ", "are ")


def actor_roles(sentence: str, at: int, actors: list[dict]) -> tuple[str | None, str | None, str]:
    """(actor1, actor2, actor1 kind) of the trigger at `at` among the sentence's `actors`
    (dicts with ``pos``, ``name`` and ``kind``).

    >>> acts = [{"pos": 0, "name": "A", "kind": "state"}, {"pos": 18, "name": "B", "kind": ""}]
    >>> actor_roles("A was attacked by B.", 6, acts)
    ('B', 'A', '')
    """
    before = [a for a in actors if a["pos"] < at]
    after = [a for a in actors if a["pos"] > at]
    if sentence[max(0, at - 6) : at].endswith(_PASSIVE) and " by " in sentence[at : at + 80]:
        by = sentence.index(" by ", at)
        agents = [a for a in after if a["pos"] > by]
        if agents:
            target = before[-1] if before else None
            return agents[0]["name"], target and target["name"], agents[0]["kind"]
    first = before[-1] if before else (after[0] if after else None)
    if first is None:
        return None, None, ""
    second = next((a for a in after if a["name"] != first["name"]), None)
    return first["name"], second and second["name"], first["kind"]


def families(names: list[str]) -> list[str]:
    """The actors and the actors they belong to, once each, in order.

    >>> families(["Israeli Air Force"])
    ['Israeli Air Force', 'Israel']
    """
    parents = actor_parents()
    return list(dict.fromkeys([*names, *(parents[n] for n in names if n in parents)]))
