"""DOCUMENTS + MENTIONS -> EVENTS: one event per trigger sentence, or per clause date.

The stage is a chain of components over all sentences of the batch at once: sentences and page
chrome -> triggers (`triggers`) -> each sentence's main trigger -> actors, weapons and places
matched in one pass each -> reference times (`reference`) -> per event: date (`dating`),
place (`locate`), roles (`actors`) -> ACLED type by the decision table (`subevents`) -> ACLED
names. Every event keeps the rules behind it (trigger_id, type_rule, actor1_rule, actor2_rule,
location_rule, date_reason).
"""

from __future__ import annotations

import bisect
import contextlib
import gc
from collections.abc import Iterator

import polars as pl

from threadline.events import dating as ed
from threadline.events import locate
from threadline.events.actor_vocab import country_forms
from threadline.events.actors import actor_mentions, category_of, roles
from threadline.events.clauses import clause_units
from threadline.events.factuality import factual_expr, factuality
from threadline.events.lexicons import match_terms
from threadline.events.naming import EXTRA, name_events
from threadline.events.places import find_places
from threadline.events.reference import place_mentions, references
from threadline.events.sites import sites_expr
from threadline.events.subevents import add_contexts, decide, follow_up
from threadline.events.triggers import chrome_rule, event_triggers, main_triggers
from threadline.events.vocab import find_weapons
from threadline.schema import DOCUMENTS, EVENTS, MENTIONS, check, conform, empty
from threadline.sentences import sentence_frame
from threadline.settings import DEFAULT, Settings

__all__ = ["EXTRA", "extract_events"]


def _grouped(frame: pl.DataFrame, columns: list[str] | None = None
             ) -> dict[tuple[str, int], list[dict]]:
    """Rows by (doc_id, sent_no), as dicts of `columns` (default: all but those two, which
    no reader of a row takes from it: one string object less per row)."""
    out: dict[tuple[str, int], list[dict]] = {}
    keys = frame.select("doc_id", "sent_no").iter_rows()
    columns = columns or [c for c in frame.columns if c not in ("doc_id", "sent_no")]
    for key, row in zip(keys, frame.select(columns).iter_rows(named=True), strict=True):
        out.setdefault(key, []).append(row)
    return out


def _multi_dated(trig: pl.DataFrame, ms_by_sentence: dict[tuple[str, int], list[dict]]
                 ) -> pl.DataFrame:
    """The triggers of the sentences with two mentions or more: the only ones `clause_units`
    looks at beside the main trigger (no Python row per trigger of the other sentences)."""
    keys = [k for k, ms in ms_by_sentence.items() if len(ms) >= 2]
    frame = pl.DataFrame(keys, schema={"doc_id": trig.schema["doc_id"],
                                       "sent_no": trig.schema["sent_no"]}, orient="row")
    return trig.join(frame, on=["doc_id", "sent_no"], how="semi")


def _country_evidence(sents: pl.DataFrame, places: pl.DataFrame) -> pl.DataFrame:
    """(doc_id, country, n, order, placed): how often and how early a document's places lie
    in a country (placed) or it names the country or its people (not placed)."""
    at = (pl.col("sent_no") * 100_000 + pl.col("pos")).alias("order")
    located = places.select("doc_id", pl.col("country").cast(pl.String), at)
    named = match_terms(sents.select("doc_id", "sent_no", "sentence"), country_forms(), True)
    parts = [located.with_columns(pl.lit(True).alias("placed")),
             named.select("doc_id", "country", at, pl.lit(False).alias("placed"))]
    return (pl.concat(parts).drop_nulls().group_by("doc_id", "country", "placed")
            .agg(pl.len().alias("n"), pl.col("order").min()))


def _doc_countries(evidence: pl.DataFrame) -> dict[str, str]:
    """The country each document's places lie in most often (ties: the one it names most,
    then the first), for events whose own clause names none; a document without places
    takes the country it names most (names and demonyms mostly name actors: "the U.S.
    supplied", "Syrian troops", so they only break ties among places)."""
    n = pl.col("n")
    per = evidence.group_by("doc_id", "country").agg(
        n.filter(pl.col("placed")).sum().alias("placed_n"),
        n.filter(~pl.col("placed")).sum().alias("named_n"), pl.col("order").min())
    best = (per.sort("doc_id", "placed_n", "named_n", "order",
                     descending=[False, True, True, False])
            .unique("doc_id", keep="first"))
    return dict(best.select("doc_id", "country").iter_rows())


def _last_before(ctx: list[tuple[int, dict]], sent_no: int) -> dict | None:
    """The last context place of a sentence before `sent_no` (binary search)."""
    at = bisect.bisect_left(ctx, sent_no, key=lambda x: x[0])
    return ctx[at - 1][1] if at else None


#: Weapon classes in the order they decide an event (a suicide vest over the rifles carried).
_DECISIVE = ["chemical", "suicide_vest", "suicide_vbied", "vbied", "car_bomb", "parcel_bomb",
             "ied", "landmine", "uxo", "grenade", "barrel_bomb", "air_dropped_bomb",
             "loitering_munition", "drone_armed", "helicopter_gunship", "aircraft_manned",
             "air_strike_means", "missile_ballistic", "missile_cruise", "missile_guided",
             "rocket_mlrs", "rocket", "artillery", "mortar", "tank_fire", "naval_gun"]


#: The means an event names by its trigger when it names no weapon ("strikes", "shelling").
_MEANS = {"air_strike": "air strike", "strike": "air strike", "shelling": "artillery"}


def _weapons(ws: list[dict]) -> dict:
    """The event's weapon (the most decisive class, else the first named) and lists."""
    rank = {c: i for i, c in enumerate(_DECISIVE)}
    decisive = sorted((w for w in ws if w["weapon_class"] in rank),
                      key=lambda w: rank[w["weapon_class"]]) or ws
    w = decisive[0] if decisive else None
    return {"weapon": w and w["weapon"], "weapon_class": w["weapon_class"] if w else "none",
            "weapons": list(dict.fromkeys(x["weapon"] for x in ws)),
            "weapons_text": list(dict.fromkeys(x["text"] for x in ws))}


def _date(sent: dict, trig: dict, unit_ms: list[dict], ref: dict | None, dct: dict | None,
          fact: str) -> dict:
    """The event's date from its clause, else inherited from the story's reference."""
    ref = ref or dct
    when = ed.date_from_mentions(sent["sentence"], sent["start"], unit_ms, ref, dct)
    if when is None:
        vague = any(m["value"] in ed.VAGUE for m in unit_ms)
        when = ed.inherit(ref, sent["sentence"], vague, fact == "expected")
        if trig["precedes"] and ref is not dct:
            when = ed.before_reference(when, ref, dct)
    return when


def _event_rows(sent: dict, trig: dict, found: dict) -> list[dict]:
    """The events of one trigger sentence: one per clause date, each with its date, place and
    actor roles (names follow in `name_events`)."""
    key = (sent["doc_id"], sent["sent_no"])
    ms = found["mentions"].get(key, [])
    actors = found["actors"].get(key, [])
    places = found["places"].get(key, [])
    ws = _weapons(found["weapons"].get(key, []))
    if not ws["weapons"] and trig["class"] in _MEANS:  # "Coalition strikes": the means itself
        ws = {**ws, "weapon": _MEANS[trig["class"]], "weapons": [_MEANS[trig["class"]]],
              "weapons_text": [trig["text"]]}
    country_of_doc = found["countries"].get(sent["doc_id"])
    rows = []
    units = clause_units(sent["sentence"], sent["start"], trig, found["triggers"].get(key, []), ms)
    for n, (t, unit_ms) in enumerate(units):
        fact = factuality(sent["sentence"], t["pos"])
        when = _date(sent, t, unit_ms, found["refs"].get(key), found["frames"].get(
            sent["doc_id"]), fact)
        place = locate.choose(sent["sentence"], t["pos"], places, actors) or locate.from_context(
            _last_before(found["context"].get(sent["doc_id"], []), sent["sent_no"]),
            country_of_doc)
        country = (place or {}).get("country") or country_of_doc
        agent, target, how = roles(sent["sentence"], t["pos"], t["text"], t["class"], actors)
        rows.append({
            "doc_id": sent["doc_id"], "start": sent["start"], "end": sent["end"],
            "sentence": sent["sentence"], "trigger": t["lemma"], "trigger_text": t["text"],
            "trigger_id": t["id"], "trigger_class": t["class"], "default_type": t["event_type"],
            "default_sub": t["sub_event_type"], **when, **ws, "factuality": fact,
            "actor1_category": category_of(agent, country, agent=True),
            "actor2_category": category_of(target, country), "_agent": agent,
            "_target": target, "_roles": how, "_actors": actors, "_place": place,
            "_places": places,
            "event_country": country, "_n": n, "_sent_no": sent["sent_no"]})
    return rows


def _all_rows(main: pl.DataFrame, live: pl.DataFrame, found: dict) -> list[dict]:
    """The event rows of every main trigger, but an anaphoric one in a sentence without a
    calendar date of its own."""
    cols = ["doc_id", "sent_no", "start", "end", "sentence"]
    by_key = {(r["doc_id"], r["sent_no"]): r for r in live.select(cols).iter_rows(named=True)}
    rows: list[dict] = []
    for t in main.iter_rows(named=True):
        key = (t["doc_id"], t["sent_no"])
        has_date = any(ed.is_calendar(m) for m in found["mentions"].get(key, []))
        if t["all_anaphoric"] and not has_date:
            continue
        rows += _event_rows(by_key[key], t, found)
    return rows


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for the stage (restored after): its row dicts are
    short-lived and acyclic, but each full collection they trigger walks every long-lived
    object of the process (the rule and gazetteer caches of all stages), about a tenth of the
    stage's time on a corpus."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def extract_events(documents: pl.DataFrame, mentions: pl.DataFrame,
                   settings: Settings = DEFAULT) -> pl.DataFrame:
    """Find the events of every document, dated from `mentions` (see module docstring).

    Negated events and undated hypothetical ones are dropped unless
    ``settings.keep_unfactual_events``; the ``factuality`` column says asserted, reported,
    claimed, expected or negated.

    >>> docs = pl.DataFrame({"doc_id": ["a#1"], "source": ["a.txt"], "start": [0], "end": [40],
    ...     "text": ["On 4 May, Israeli missiles struck Homs."], "dct": ["2020"],
    ...     "status": ["ok"]})
    >>> ments = pl.DataFrame({"mention_id": ["a#1/T001"], "doc_id": ["a#1"], "start": [3],
    ...     "end": [8], "text": ["4 May"], "type": ["DATE"], "value": ["2020-05-04"]})
    >>> ev = extract_events(conform(docs, DOCUMENTS), conform(ments, MENTIONS))
    >>> ev.select("trigger", "date", "actor1", "sub_event_type").rows()
    [('strike', '2020-05-04', 'Military Forces of Israel', 'Shelling/artillery/missile attack')]
    """
    check(documents, DOCUMENTS, name="extract_events(documents)")
    check(mentions, MENTIONS, name="extract_events(mentions)")
    with _collector_paused():
        return _extract(documents, mentions, settings)


def _extract(documents: pl.DataFrame, mentions: pl.DataFrame, settings: Settings
             ) -> pl.DataFrame:
    """`extract_events` on checked inputs."""
    sents = sentence_frame(documents)
    if sents.is_empty():
        return conform(empty(EVENTS), EVENTS | EXTRA)
    sents = sents.with_columns(chrome_rule(sents).alias("chrome"))
    trig = event_triggers(sents.filter(pl.col("chrome").is_null()))
    if trig.is_empty():
        return conform(empty(EVENTS), EVENTS | EXTRA)
    main = main_triggers(trig)
    live = sents.join(main.select("doc_id", "sent_no"), on=["doc_id", "sent_no"], how="semi")
    places = find_places(sents.select("doc_id", "sent_no", "sentence"))
    frames, refs, ms_by_sentence = references(sents, place_mentions(sents, mentions), documents)
    place_rows = locate.place_lists(places, main)
    evidence = _country_evidence(sents, places)
    found = {"triggers": _grouped(_multi_dated(trig, ms_by_sentence)),
             "mentions": ms_by_sentence, "refs": refs, "frames": frames,
             "actors": _grouped(actor_mentions(live, evidence.select("doc_id", "country"))),
             "weapons": _grouped(find_weapons(live), ["weapon", "weapon_class", "text"]),
             "places": place_rows, "context": locate.context_places(places),
             "countries": _doc_countries(evidence)}
    del trig, places, evidence, place_rows
    rows = _all_rows(main, live, found)
    # the rows keep what they use: the groupings go before the frame is built
    del found, main, live, frames, refs, ms_by_sentence
    if not rows:
        return conform(empty(EVENTS), EVENTS | EXTRA)
    objects = [{k: r.pop(k) for k in ("_agent", "_target", "_roles", "_actors", "_place",
                                      "_places")}
               for r in rows]
    out = pl.DataFrame(rows, infer_schema_length=None)
    del rows
    out = follow_up(decide(add_contexts(out)), sents)
    out = name_events(out, objects).with_columns(sites_expr(pl.col("sentence")).alias("sites"))
    del objects
    meta = documents.select("doc_id", "source", "url")
    out = out.join(meta, on="doc_id", how="left")
    if not settings.keep_unfactual_events:
        out = out.filter(factual_expr())
    out = out.sort("doc_id", "start", "_n").with_columns(
        (pl.col("doc_id") + "/E" + (pl.int_range(pl.len()).over("doc_id") + 1)
         .cast(pl.String).str.zfill(3)).alias("event_id"))
    return conform(out.select([c for c in (*EVENTS, *EXTRA) if c in out.columns]),
                   EVENTS | EXTRA)
