"""DOCUMENTS + MENTIONS -> EVENTS: one event per trigger sentence, or per clause date.

A sentence with a trigger (events/triggers.yaml) is an event; when it lists several
distinct calendar dates ("discovered on December 15, December 29, and January 12") each date
makes its own clause-level event. Dates follow `threadline.events.dating`; actors, weapons and
places come from the lexicons, matched over all sentences at once.
"""

from __future__ import annotations

import re

import polars as pl

from threadline.events import dating as ed
from threadline.events.lexicons import actor_parents, find_terms, load_lexicon
from threadline.events.places import find_places
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
_PASSIVE = ("was ", "were ", "been ", "be ", "is ", "are ")
_NEGATED = re.compile(r"\b(not|never|no longer|n't|neither|nor)\b[\w ]{0,20}$", re.IGNORECASE)
#: A modal of ability or obligation right before the trigger: "can be used", "must be found".
_MODAL = re.compile(r"\b(can|cannot|could|must|should|would|might|ought to)\s+(not\s+)?"
                    r"(be\s+|have\s+)?(\w+ly\s+)?$", re.IGNORECASE)
_CLAIMED = re.compile(r"\b(claim(s|ed|ing)?|alleg(e|es|ed|ing)|says? (it|they)|told)\b")
_REPORTED = re.compile(r"\b(reported|reportedly)\b")
_AFTER = re.compile(r"\b(after|following)\b[^,;]*$")
#: A definite determiner, and at most one lower-case word, right before a trigger noun.
_ANAPHORA = r"(?i:\b(the|this|that|these|those|same))\s+([a-z][\w’'-]*\s+)?$"
_BACKGROUND = re.compile(r"\b(response to|after|following|amid|despite|since|than)\b[^,;]*$")


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


def _background(sentence: str, pos: int) -> bool:
    """Whether a trigger sits in a backgrounded phrase ("in response to the air strikes")."""
    return bool(_BACKGROUND.search(sentence[max(0, pos - 45) : pos]))


def _precedes(sentence: str, pos: int) -> bool:
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


def _new_events(triggers: list[dict], ms: list[dict]) -> list[dict]:
    """The triggers that state an event: a sentence whose triggers all refer back ("the
    strike", "the same raid") and which has no date of its own adds no event."""
    live = [t for t in triggers if not t["anaphoric"]]
    return live or (triggers if any(ed.is_calendar(m) for m in ms) else [])


def factual_expr() -> pl.Expr:
    """Events that the text presents as happening: not negated, and not hypothetical unless
    the text dates them ("expected to happen before the end of the year")."""
    expected = (pl.col("factuality") == "expected") & (pl.col("anchor") != "mention")
    return (pl.col("factuality") != "negated") & expected.not_()


def _units(sent: dict, triggers: list[dict], ms: list[dict]) -> list[tuple[dict, list[dict]]]:
    """(trigger, mentions) per clause-level event of a sentence; the main trigger is the most
    violent one that is not backgrounded, then the first. A date that contains the others ("In
    2020, ... (January, March, and May)") frames them and makes no event of its own."""
    text = sent["sentence"]
    main = min(triggers, key=lambda t: (_local_modality(text, t["pos"]), _background(
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


def _actors(sent: dict, trig: dict, actors: list[dict]) -> tuple[str | None, str | None, str]:
    """(actor1, actor2, actor1 kind) around the trigger; "X was struck by Y" puts Y first."""
    text, at = sent["sentence"], trig["pos"]
    before = [a for a in actors if a["pos"] < at]
    after = [a for a in actors if a["pos"] > at]
    if text[max(0, at - 6) : at].endswith(_PASSIVE) and " by " in text[at : at + 80]:
        by = text.index(" by ", at)
        agents = [a for a in after if a["pos"] > by]
        if agents:
            target = before[-1] if before else None
            return agents[0]["name"], target and target["name"], agents[0]["kind"]
    first = before[-1] if before else (after[0] if after else None)
    if first is None:
        return None, None, ""
    second = next((a for a in after if a["name"] != first["name"]), None)
    return first["name"], second and second["name"], first["kind"]


def _place(places: list[dict]) -> dict:
    specific = [p for p in places if p["kind"] != "country"] or places
    if not specific:
        return {"location": None, "country": None, "lat": None, "lon": None,
                "location_kind": None}
    p = specific[0]
    return {"location": p["name"], "country": p["country"], "lat": p["lat"], "lon": p["lon"],
            "location_kind": p["kind"]}


def _families(names: list[str]) -> list[str]:
    """The actors and the actors they belong to, once each, in order."""
    parents = actor_parents()
    return list(dict.fromkeys([*names, *(parents[n] for n in names if n in parents)]))


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
        trigs = _new_events(found["triggers"].get(key, []), ms)
        units = _units(sent, trigs, ms) if trigs else []
        actors, weapons = found["actors"].get(key, []), found["weapons"].get(key, [])
        places = found["places"].get(key, [])
        for n, (trig, unit_ms) in enumerate(units):
            when = ed.date_from_mentions(sent["sentence"], sent["start"], unit_ms, ref, dct)
            factuality = _factuality(sent["sentence"], trig["pos"])
            if when is None:
                vague = any(m["value"] in ed.VAGUE for m in unit_ms)
                when = ed.inherit(ref, sent["sentence"], vague, factuality == "expected")
                if _precedes(sent["sentence"], trig["pos"]) and ref is not dct:
                    when = ed.before_reference(when, ref, dct)
            a1, a2, kind = _actors(sent, trig, actors)
            sub = trig_lex[trig["id"]].get("state_sub_event_type") if kind == "state" else None
            rows.append({
                "doc_id": doc_id, "source": doc["source"], "url": doc["url"],
                "start": sent["start"], "end": sent["end"], "sentence": sent["sentence"],
                "trigger": trig["lemma"], "trigger_text": trig["text"], **when,
                "event_type": trig["event_type"],
                "sub_event_type": sub or trig["sub_event_type"], "actor1": a1, "actor2": a2,
                "weapon": weapons[0]["name"] if weapons else None, **_place(places),
                "actors": list(dict.fromkeys(a["name"] for a in actors)),
                "actor_families": _families([a["name"] for a in actors]),
                "actor1_parent": actor_parents().get(a1) if a1 else None,
                "weapons": list(dict.fromkeys(w["name"] for w in weapons)),
                "places": list(dict.fromkeys(p["name"] for p in places)),
                "factuality": factuality, "_n": n,
            })
        for m in ms:
            r = _ref(m, "section date" if _is_header(sent, m) else "narrative date")
            if r and r["kind"] == "section date":
                header, para_ref = r, None
            elif r:
                para_ref = r
    return rows


def _local_modality(sentence: str, pos: int) -> bool:
    """Whether a negation or a modal ("should be killed") governs this very trigger."""
    before = sentence[max(0, pos - 30) : pos]
    return bool(_NEGATED.search(before) or _MODAL.search(before))


def _factuality(sentence: str, pos: int) -> str:
    """negated ("has not struck"), expected (will, plans to, "can be found"), claimed (a
    party's claim: "says it", "told"), reported ("NBC reported") or asserted."""
    if _NEGATED.search(sentence[max(0, pos - 30) : pos]):
        return "negated"
    if ed.IRREALIS.search(sentence) or _MODAL.search(sentence[max(0, pos - 30) : pos]):
        return "expected"
    if _CLAIMED.search(sentence):
        return "claimed"
    return "reported" if _REPORTED.search(sentence) else "asserted"


def _is_header(sent: dict, m: dict) -> bool:
    """A date that heads a section: a short line made mostly of the date ("UPDATE Aug 30")."""
    return len(sent["sentence"]) <= 40 and (m["end"] - m["start"]) >= 0.4 * len(sent["sentence"])
