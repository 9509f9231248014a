"""DOCUMENTS + MENTIONS -> EVENTS: one event per trigger sentence, or per clause date.

A sentence with a trigger (events/triggers.yaml) is an event; when it lists several
distinct calendar dates ("discovered on December 15, December 29, and January 12") each date
makes its own clause-level event. Dates follow `threadline.events.dating`; actors, weapons and
places come from the lexicons, matched over all sentences at once.
"""

from __future__ import annotations

import polars as pl

from threadline.events import dating as ed
from threadline.events.factuality import factual_expr, factuality
from threadline.events.lexicons import actor_parents, find_terms, load_lexicon
from threadline.events.places import find_places
from threadline.events.roles import actor_roles, families
from threadline.events.triggers import clause_units, event_triggers, new_events, precedes
from threadline.schema import DOCUMENTS, EVENTS, MENTIONS, check, conform, empty
from threadline.sentences import sentence_frame
from threadline.settings import DEFAULT, Settings

#: Extra columns after the EVENTS schema: every actor, weapon and place named in the sentence.
#: ``actor_families`` adds each actor's parent ("Israeli Air Force" -> "Israel"),
#: ``actor1_parent`` is actor1's, ``location_kind`` the lexicon kind of the location (city,
#: country, ...): what same-event merging compares, so it never re-reads the lexicons.
EXTRA = {"actors": pl.List(pl.String), "weapons": pl.List(pl.String),
         "places": pl.List(pl.String), "factuality": pl.String,
         "actor_families": pl.List(pl.String), "actor1_parent": pl.String,
         "location_kind": pl.String}


def _by_sentence(frame: pl.DataFrame) -> dict[tuple[str, int], list[dict]]:
    out: dict[tuple[str, int], list[dict]] = {}
    for row in frame.iter_rows(named=True):
        out.setdefault((row["doc_id"], row["sent_no"]), []).append(row)
    return out


def _mentions_by_sentence(sents: pl.DataFrame, mentions: pl.DataFrame) -> dict:
    """Mentions placed in the sentence that contains their start."""
    placed = (
        mentions.join(sents.select("doc_id", "sent_no", pl.col("start").alias("s_start"),
                                   pl.col("end").alias("s_end")), on="doc_id", how="inner")
        .filter((pl.col("start") >= pl.col("s_start")) & (pl.col("start") < pl.col("s_end")))
        .sort("doc_id", "start")
    )
    return _by_sentence(placed)


def _ref(m: dict, kind: str) -> dict | None:
    iv = ed.mention_date(m)
    if not iv or iv[2] not in ("day", "week", "month", "season", "quarter", "half", "year"):
        return None
    return {"value": m["value"], "start": iv[0], "end": iv[1], "granularity": iv[2],
            "text": m["text"], "mention_id": m["mention_id"], "kind": kind, "at": m["start"]}


def _place(places: list[dict]) -> dict:
    specific = [p for p in places if p["kind"] != "country"] or places
    if not specific:
        return {"location": None, "country": None, "lat": None, "lon": None,
                "location_kind": None}
    p = specific[0]
    return {"location": p["name"], "country": p["country"], "lat": p["lat"], "lon": p["lon"],
            "location_kind": p["kind"]}


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
    >>> ev.select("event_id", "trigger", "date", "actor1", "location").rows()
    [('a#1/E001', 'strike', '2020-05-04', 'Israeli Air Force', 'Homs')]
    """
    check(documents, DOCUMENTS, name="extract_events(documents)")
    check(mentions, MENTIONS, name="extract_events(mentions)")
    sents = sentence_frame(documents)
    if sents.is_empty():
        return conform(empty(EVENTS), EVENTS | EXTRA)
    triggers = _by_sentence(event_triggers(sents))
    actors = _by_sentence(find_terms(sents, "actors"))
    weapons = _by_sentence(find_terms(sents, "weapons"))
    places = _by_sentence(find_places(sents))
    ments = _mentions_by_sentence(sents, mentions)
    found = {"triggers": triggers, "actors": actors, "weapons": weapons, "places": places,
             "mentions": ments}
    docs = {d["doc_id"]: d for d in documents.iter_rows(named=True)}
    rows: list[dict] = []
    for (doc_id,), doc_sents in sents.group_by(["doc_id"], maintain_order=True):
        rows += _document_events(docs[doc_id], doc_sents.sort("sent_no"), found)
    if not rows:
        return conform(empty(EVENTS), EVENTS | EXTRA)
    out = pl.DataFrame(rows, schema_overrides=EVENTS | EXTRA, infer_schema_length=None)
    if not settings.keep_unfactual_events:
        out = out.filter(factual_expr())
    out = out.sort("doc_id", "start", "_n").with_columns(
        (pl.col("doc_id") + "/E" + (pl.int_range(pl.len()).over("doc_id") + 1)
         .cast(pl.String).str.zfill(3)).alias("event_id"),
    ).drop("_n")
    return conform(out, EVENTS | EXTRA)


def _document_events(doc: dict, sents: pl.DataFrame, found: dict) -> list[dict]:
    """The event rows of one document, walking its sentences in order to keep the narrative
    reference: the last date of the paragraph, else the last section date, else the DCT."""
    doc_id, ments = doc["doc_id"], found["mentions"]
    trig_lex = {r["id"]: r for r in load_lexicon("triggers").iter_rows(named=True)}
    headers = [r for sent in sents.iter_rows(named=True)
               for m in ments.get((doc_id, sent["sent_no"]), [])
               if _is_header(sent, m) and (r := _ref(m, "section date"))]
    doc_ms = [m for sent in sents.iter_rows(named=True)
              for m in ments.get((doc_id, sent["sent_no"]), [])]
    dct, header, para_ref, para = ed.frame(doc["dct"], headers, doc_ms), None, None, -1
    rows = []
    for sent in sents.iter_rows(named=True):
        key = (doc_id, sent["sent_no"])
        if sent["para"] != para:
            para, para_ref = sent["para"], None
        ref = para_ref or header or dct
        ms = [ed.resolve_underspecified(m, dct if ed.RELATIVE.search(m["text"]) else ref,
                                        bool(ed.IRREALIS.search(sent["sentence"])))
              for m in ments.get(key, [])]
        trigs = new_events(found["triggers"].get(key, []), ms)
        units = clause_units(sent, trigs, ms) if trigs else []
        actors, weapons = found["actors"].get(key, []), found["weapons"].get(key, [])
        places = found["places"].get(key, [])
        for n, (trig, unit_ms) in enumerate(units):
            when = ed.date_from_mentions(sent["sentence"], sent["start"], unit_ms, ref, dct)
            fact = factuality(sent["sentence"], trig["pos"])
            if when is None:
                vague = any(m["value"] in ed.VAGUE for m in unit_ms)
                when = ed.inherit(ref, sent["sentence"], vague, fact == "expected")
                if precedes(sent["sentence"], trig["pos"]) and ref is not dct:
                    when = ed.before_reference(when, ref, dct)
            a1, a2, kind = actor_roles(sent["sentence"], trig["pos"], actors)
            sub = trig_lex[trig["id"]].get("state_sub_event_type") if kind == "state" else None
            rows.append({
                "doc_id": doc_id, "source": doc["source"], "url": doc["url"],
                "start": sent["start"], "end": sent["end"], "sentence": sent["sentence"],
                "trigger": trig["lemma"], "trigger_text": trig["text"], **when,
                "event_type": trig["event_type"],
                "sub_event_type": sub or trig["sub_event_type"], "actor1": a1, "actor2": a2,
                "weapon": weapons[0]["name"] if weapons else None, **_place(places),
                "actors": list(dict.fromkeys(a["name"] for a in actors)),
                "actor_families": families([a["name"] for a in actors]),
                "actor1_parent": actor_parents().get(a1) if a1 else None,
                "weapons": list(dict.fromkeys(w["name"] for w in weapons)),
                "places": list(dict.fromkeys(p["name"] for p in places)),
                "factuality": fact, "_n": n,
            })
        for m in ms:
            r = _ref(m, "section date" if _is_header(sent, m) else "narrative date")
            if r and r["kind"] == "section date":
                header, para_ref = r, None
            elif r:
                para_ref = r
    return rows


def _is_header(sent: dict, m: dict) -> bool:
    """A date that heads a section: a short line made mostly of the date ("UPDATE Aug 30")."""
    return len(sent["sentence"]) <= 40 and (m["end"] - m["start"]) >= 0.4 * len(sent["sentence"])
