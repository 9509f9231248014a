"""ACLED names of an event's actors and its place, once its type is decided.

ACLED names the actors of a demonstration by the kind of event, not by the words: a protest's
actor1 is "Protesters (X)" and a riot's "Rioters (X)", the group that took part ("Farmers (X)")
an associated actor; the police acting on them is actor2. Other events name the agent and
target found by `actors.roles`, else the decision rule's default ("Unidentified Armed Group
(X)", "Civilians (X)"). X is the event's country (its place's, else the document's).
"""

from __future__ import annotations

import polars as pl

from threadline.events.actor_vocab import of_country
from threadline.events.actors import actor_name, family, inter_of, is_generic, lone_attacker

#: Extra columns after the EVENTS schema. ``actors`` (ACLED names of the sentence's actors),
#: ``actor_families`` (the actors with an identity, generic labels such as "Civilians (X)"
#: left out, and what each belongs to: "Military Forces of Israel" -> "Israel"),
#: ``actor1_parent``, ``weapons`` (names) and ``location_kind`` are what same-event merging
#: compares; the rest is provenance (trigger_id, type_rule, actor1_rule, actor2_rule,
#: location_rule) and the text as written (location_text, actors_text, weapons_text);
#: ``sites`` the facilities and nominal places of the sentence ("a crowded market", `sites`);
#: ``co_locations`` the other places of the event's place phrase, as written: coordinated
#: with it ("in Aleppo and Idlib") or containing it ("Jabla in Latakia province"), or tied to
#: the action by a cue ("from Lebanon into Syria", "the village of X"); ``co_location_rules``
#: the reason for each, in the same order; ``gazetteer_name`` the gazetteer entry's own name of
#: the location (``location`` writes a town as the document does: "Palmyra", not "Tadmur").
EXTRA = {"actors": pl.List(pl.String), "weapons": pl.List(pl.String),
         "places": pl.List(pl.String), "factuality": pl.String,
         "actor_families": pl.List(pl.String), "actor1_parent": pl.String,
         "location_kind": pl.String, "trigger_id": pl.String, "type_rule": pl.String,
         "actor1_rule": pl.String, "actor2_rule": pl.String, "location_rule": pl.String,
         "location_text": pl.String, "actors_text": pl.List(pl.String),
         "weapons_text": pl.List(pl.String), "sites": pl.List(pl.String),
         "co_locations": pl.List(pl.String), "co_location_rules": pl.List(pl.String),
         "gazetteer_name": pl.String}
#: inter code of a default name by its head.
_DEFAULT_INTER = {"Unidentified Armed Group": 3, "Civilians": 7, "Protesters": 6,
                  "Rioters": 5, "Unidentified Military Forces": 8}


def _default(template: str | None, country: str | None, rule: str) -> tuple:
    if not template:
        return None, None, None
    name = of_country(template, country)
    head = template.split(" (")[0]
    return name, _DEFAULT_INTER.get(head), f"default of rule {rule}"


def _mention(m: dict | None, country: str | None, how: str) -> tuple:
    if m is None:
        return None, None, None
    return actor_name(m, country), inter_of(m, country), f"{m['actor_rule']} ({how})"


def _crowd(row: dict, obj: dict, country: str | None) -> dict:
    """Protests and riots: Protesters/Rioters (X) act; the state acting on them is actor2."""
    agent, target = obj["_agent"], obj["_target"]
    protest = row["event_type"] == "Protests"
    head = "Protesters ({country})" if protest else "Rioters ({country})"
    state = next((m for m in (agent, target) if m and m["category"] in ("state", "external")),
                 None)
    other = target if not protest and target and target is not state else None
    a2 = state or other
    groups = [of_country(m["group"], country) for m in (agent,) if m and m["group"]]
    a2name, a2inter, a2rule = _mention(a2, country, obj["_roles"])
    if a2name is None and row["default_actor2"]:
        a2name, a2inter, a2rule = _default(row["default_actor2"], country, row["type_rule"])
        a2inter = 1
    if protest and row["sub_event_type"] == "Peaceful protest":
        a2name = a2inter = a2rule = None
    return {"actor1": of_country(head, country), "inter1": 6 if protest else 5,
            "actor1_rule": f"{row['event_type'].lower()}: {head}", "actor2": a2name,
            "inter2": a2inter, "actor2_rule": a2rule, "assoc_actors": groups}


def _armed(row: dict, obj: dict, country: str | None) -> dict:
    a1, i1, r1 = _mention(obj["_agent"], country, obj["_roles"])
    if lone_attacker(obj["_agent"]):
        a1, i1 = of_country("Unidentified Armed Group ({country})", country), 3
        r1 = f"lone attacker {obj['_agent']['text']!r} ({obj['_roles']})"
    if a1 is None:
        a1, i1, r1 = _default(row["default_actor1"], country, row["type_rule"])
    target = obj["_target"]
    a2, i2, r2 = _mention(target, country, obj["_roles"])
    if a2 is None:
        a2, i2, r2 = _default(row["default_actor2"], country, row["type_rule"])
    groups = [of_country(target["group"], country)] if target and target["group"] else []
    return {"actor1": a1, "inter1": i1, "actor1_rule": r1, "actor2": a2, "inter2": i2,
            "actor2_rule": r2, "assoc_actors": groups}


def display_name(place: dict) -> str | None:
    """A town's name as the document writes it when that is one of the gazetteer entry's own
    alternate names ("Palmyra" for the entry "Tadmur", "Raqqa" for "Ar Raqqah"): the same
    place, in the reporting's spelling; the gazetteer's name otherwise, and always for
    countries and regions (ACLED's spellings) and for a line in capitals ("BAGHDAD -")."""
    text, name = place.get("text"), place["name"]
    if (place.get("kind") != "populated place" or not text or text.isupper() or "\n" in text
            or len(text.split()) > 4):
        return name
    return text


def _place(place: dict | None, country: str | None) -> dict:
    if place is None:
        return {"location": None, "location_text": None, "country": country, "admin1": None,
                "lat": None, "lon": None, "geo_precision": None, "location_kind": None,
                "location_rule": "no place in the sentence or the document", "co_locations": [],
                "co_location_rules": [], "gazetteer_name": None}
    return {"location": display_name(place), "location_text": place["text"],
            "gazetteer_name": place["name"],
            "country": place["country"] or country, "admin1": place["admin1"],
            "lat": place["lat"], "lon": place["lon"], "geo_precision": place["geo_precision"],
            "location_kind": place["kind"], "location_rule": place["why"],
            "co_locations": place.get("also") or [],
            "co_location_rules": place.get("also_why") or []}


def name_events(events: pl.DataFrame, objects: list[dict]) -> pl.DataFrame:
    """Add actor, place and provenance columns to decided `events` (row i uses objects[i]:
    its agent/target mentions, the sentence's actor mentions and its chosen place)."""
    out = []
    for row, obj in zip(events.iter_rows(named=True), objects, strict=True):
        country = row["event_country"]
        crowd = row["event_type"] in ("Protests", "Riots")
        actors = (_crowd if crowd else _armed)(row, obj, country)
        named = [actor_name(m, country) for m in obj["_actors"]
                 if not m["adjacent"] or m is obj["_agent"]]  # "toward Iraq" is a place
        names = list(dict.fromkeys(n for n in [actors["actor1"], actors["actor2"], *named] if n))
        own = [n for n in names if not is_generic(n)]
        out.append({**actors, **_place(obj["_place"], country), "actors": names,
                    "places": list(dict.fromkeys(p["name"] for p in obj["_places"])),
                    "actors_text": [m["text"] for m in obj["_actors"]],
                    "actor_families": list(dict.fromkeys(
                        [*own, *(f for n in own if (f := family(n)))])),
                    "actor1_parent": family(actors["actor1"])})
    schema = {"actor1": pl.String, "inter1": pl.Int64, "actor1_rule": pl.String,
              "actor2": pl.String, "inter2": pl.Int64, "actor2_rule": pl.String,
              "assoc_actors": pl.List(pl.String), "location": pl.String,
              "location_text": pl.String, "country": pl.String, "admin1": pl.String,
              "lat": pl.Float64, "lon": pl.Float64, "geo_precision": pl.Int64,
              "location_kind": pl.String, "location_rule": pl.String,
              "co_locations": pl.List(pl.String), "co_location_rules": pl.List(pl.String),
              "gazetteer_name": pl.String, "actors": pl.List(pl.String),
              "places": pl.List(pl.String),
              "actors_text": pl.List(pl.String),
              "actor_families": pl.List(pl.String), "actor1_parent": pl.String}
    named_cols = pl.DataFrame(out, schema=schema)
    return pl.concat([events.drop([c for c in schema if c in events.columns]), named_cols],
                     how="horizontal")
