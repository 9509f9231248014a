"""The event's place among its clause's place mentions (`events.places.find_places`).

The most specific place of the clause wins (a populated place, then a contextual one "the
village of X", then a first-level region, then a country), ties to the one after a locative
word ("in", "near", "outside") and nearest the trigger (so the agent's country, named without
a cue, yields to the place of the action: "Israel raided positions in Iraq"); the event also
carries every other place its sentence ties to the action by a cue, with the reason
(`linked_places`: "from Lebanon into Syria", "the village of X"); a place inside an actor's name
("Islamic State of Iraq") and a dateline ("BAGHDAD (Reuters) -") are not the event's place.
A sentence without a place takes the document's last place before it, with that place's own
geo_precision (a story's later sentences go on at the place it named: "In X, police raided a
house. Two men were arrested."), else the country the document talks about most
(geo_precision 3). Columns that find_places does not (yet) give are left null; the ones it
gives (admin1, geo_precision, rule) are used.
"""

from __future__ import annotations

import re

import polars as pl

from threadline.events.placeextra import place_rank

#: Specificity rank of a place kind (lower is more specific).
RANK = {"populated place": 0, "city": 0, "town": 0, "village": 0, "place": 0, "contextual": 1,
        "district": 1, "admin2": 1, "admin1": 2, "region": 2, "governorate": 2, "province": 2,
        "state": 2, "country": 3}
_LOCATIVE = re.compile(r"\b(in|near|at|outside|around|of|on|into|from|towards?|across)\s+"
                       r"(the\s+)?([\w-]+\s+){0,3}$", re.I)
_NEAR = re.compile(r"\b(near|outside|outskirts of|close to|around|north|south|east|west)\b"
                   r"[^,;.]{0,25}$", re.I)
#: The text between two places of one coordination ("in Aleppo, Homs and the Idlib countryside").
_COORDINATED = re.compile(r"^(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+)(?:the\s+)?$", re.I)
#: The text between a place and the wider one containing it ("Jabla in the province of Latakia").
_WITHIN = re.compile(r"^\s+in\s+(?:the\s+)?(?:[a-z-]+\s+){0,3}?(?:of\s+)?$")
_WIDER = ("admin1", "country")
_REGION = re.compile(r"\b(?:province|governorate|region|district|state|county|oblast)\b")
#: The words before a person's home town: an age ("X, 42, of"), "native of", "citizens from"
#: ("residents of X" protesting are in X).
_HOMETOWN = re.compile(r"(?:,\s*\d{1,3},\s+(?:of|from)|\b(?:native|natives|hometown)\s+of"
                       r"|\b(?:citizens?|nationals?)\s+(?:of|from))\s+$", re.I)
#: The rest of a sentence after a place of its attribution ("…, the ministry in X said.").
_ATTRIBUTION = re.compile(r"^[^,;:]{0,60}\b(?:said|says|told|reported|reports|announced|"
                          r"claimed|claims|added|stated)\b[^,;:]{0,40}[.!\"”’']*\s*$", re.I)
_DATELINE = re.compile(r"^[A-Z][A-Z .'-]+(,\s*[\w .'-]+)?\s*(\([^)]*\))?\s*[-–—:]")
COLUMNS = ["pos", "end", "text", "name", "kind", "country", "admin1", "lat", "lon",
           "geo_precision", "rule", "cue", "in_hint"]


def _frame(places: pl.DataFrame) -> pl.DataFrame:
    """Place mentions with every column of COLUMNS (null if absent) and their rank."""
    cols = [pl.col(c) if c in places.columns else pl.lit(None).alias(c) for c in COLUMNS]
    if "end" not in places.columns and "text" in places.columns:
        cols[1] = (pl.col("pos") + pl.col("text").str.len_chars()).alias("end")
    frame = places.select("doc_id", "sent_no", *cols).with_columns(place_rank().alias("rank"))
    return frame.sort("doc_id", "sent_no", "pos", maintain_order=True)


def _lists(frame: pl.DataFrame) -> dict[tuple[str, int], list[dict]]:
    out: dict[tuple[str, int], list[dict]] = {}
    for row in frame.iter_rows(named=True):
        out.setdefault((row["doc_id"], row["sent_no"]), []).append(row)
    return out


def place_lists(places: pl.DataFrame, keys: pl.DataFrame | None = None
                ) -> dict[tuple[str, int], list[dict]]:
    """Place mentions by (doc_id, sent_no), with every column of COLUMNS (null if absent);
    only the sentences of `keys` (doc_id, sent_no) when given."""
    frame = _frame(places)
    if keys is not None:
        frame = frame.join(keys.select("doc_id", "sent_no"), on=["doc_id", "sent_no"],
                           how="semi")
    return _lists(frame)


def context_places(places: pl.DataFrame) -> dict[str, list[tuple[int, dict]]]:
    """Per document, (sent_no, place) of each sentence whose best-ranked place (the rule of
    `choose`: rank, then first in the text) is a specific one, in text order."""
    best = (_frame(places).sort("doc_id", "sent_no", "rank", "pos", maintain_order=True)
            .unique(["doc_id", "sent_no"], keep="first", maintain_order=True)
            .filter(pl.col("kind").fill_null("").replace_strict(RANK, default=0,
                                                                return_dtype=pl.Int64) <= 1))
    out: dict[str, list[tuple[int, dict]]] = {}
    for row in best.iter_rows(named=True):
        out.setdefault(row["doc_id"], []).append((row["sent_no"], row))
    return out


def _precision(p: dict, sentence: str) -> int:
    if p["geo_precision"] is not None:
        base = int(p["geo_precision"])
    else:
        base = {0: 1, 1: 2, 2: 3, 3: 3}[RANK.get(p["kind"] or "", 0)]
    return max(base, 2) if _NEAR.search(sentence[max(0, p["pos"] - 40) : p["pos"]]) else base


def _owner(sentence: str, p: dict, spans: list[tuple[int, int]]) -> bool:
    """A country named as an actor's owner ("Iran's Revolutionary Guards fired", "Turkey's
    army"), without a place cue: whose forces, not where the event happened."""
    if p["cue"] or p["kind"] != "country":
        return False
    tail = re.match(r"[’']s\s+", sentence[p["end"]: p["end"] + 4])
    return bool(tail) and any(s == p["end"] + tail.end() for s, _ in spans)


def choose(sentence: str, trig_pos: int, places: list[dict], actors: list[dict]) -> dict | None:
    """The event place among a sentence's places (see module docstring), with its reason."""
    spans = [(a["pos"], a["end"]) for a in actors]
    # a named armed group is never the place, even when a town shares its name ("Hamas")
    groups = {(a["pos"], a["end"]) for a in actors
              if str(a.get("actor_rule") or "").startswith("group:")}
    dateline = _DATELINE.match(sentence)
    usable = [p for p in places
              if not any(s <= p["pos"] and p["end"] <= e and (s, e) != (p["pos"], p["end"])
                         for s, e in spans)
              and (p["pos"], p["end"]) not in groups
              and not (dateline and p["end"] <= dateline.end())]
    usable = [p for p in _not_hometowns(sentence, usable) if not _owner(sentence, p, spans)]
    if not usable:
        return None

    # same rank: a place the sentence ties to the action by a cue ("in Iraq") before one it
    # names without ("Israel raided positions in Iraq": the agent's country is no location)
    best = min(usable, key=lambda p: (p["rank"], not p["cue"], p["pos"]))
    why = (f"best-ranked of {len(usable)} place(s) in the sentence ({best['kind']}"
           + (f", cue {best['cue']!r}" if best["cue"] else "") + ")"
           + (f"; {best['rule']}" if best["rule"] else ""))
    also = linked_places(sentence, usable, best)
    return {**best, "geo_precision": _precision(best, sentence), "why": why,
            "also": list(also), "also_why": list(also.values())}


def linked_places(sentence: str, places: list[dict], best: dict) -> dict[str, str]:
    """The other places of the event, as written, each with its reason: the place phrase of
    `best` (coordinated with it, or the wider place containing it), then every place the
    sentence ties to the action by a cue ("from X into Y", "near X", "the village of X",
    "X province") with the places coordinated with it; not a place of a trailing attribution
    ("..., the ministry in X said")."""
    out: dict[str, str] = {}
    for p in coordinated(sentence, places, best):
        if p is not best:
            out.setdefault(p["text"], "place phrase of the location")
    for p in places:
        if p is best or not (p["cue"] or p["in_hint"]) or _ATTRIBUTION.match(
                sentence[p["end"]:]):
            continue
        cue = p["cue"] or "hint"
        for q in coordinated(sentence, places, p):
            if q is not best:
                out.setdefault(q["text"], f"cue {cue!r} of {p['text']!r} in the sentence")
    return out


def _not_hometowns(sentence: str, places: list[dict]) -> list[dict]:
    """The places that are not a person's home ("Sgt. X, 24, of Dayton, Ohio, died in ...",
    "a native of X"), with the places of the home's own phrase."""
    home: list[dict] = []
    for p in places:
        if _HOMETOWN.search(sentence[max(0, p["pos"] - 40) : p["pos"]]):
            home += coordinated(sentence, places, p)
    return [p for p in places if not any(p is h for h in home)]


def _joined(sentence: str, left: dict, right: dict) -> bool:
    """Whether two places in text order belong to one place phrase: coordinated, or the
    right one the wider place containing the left ("Tel Tamer in Hasaka Province")."""
    if left["end"] > right["pos"]:
        return False
    gap = sentence[left["end"] : right["pos"]]
    wider = right["kind"] in _WIDER or _REGION.search(gap)
    return bool(_COORDINATED.match(gap) or (wider and _WITHIN.match(gap)))


def coordinated(sentence: str, places: list[dict], best: dict) -> list[dict]:
    """The places of the place phrase `best` stands in ("strikes in Aleppo and Idlib": the
    event happened at each; "in Jabla in Latakia province": the wider place), in text order,
    `best` included."""
    ordered = sorted(places, key=lambda p: p["pos"])
    at = next(i for i, p in enumerate(ordered) if p is best)
    lo = hi = at
    while lo > 0 and _joined(sentence, ordered[lo - 1], ordered[lo]):
        lo -= 1
    while hi + 1 < len(ordered) and _joined(sentence, ordered[hi], ordered[hi + 1]):
        hi += 1
    return ordered[lo : hi + 1]


def from_context(last: dict | None, doc_country: str | None) -> dict | None:
    """The document's place context for a sentence without a place of its own."""
    if last is not None:
        return {**last, "geo_precision": last["geo_precision"] or 2,
                "why": f"no place in the sentence; the document's last place {last['text']!r}"}
    if doc_country:
        return {"name": doc_country, "text": None, "kind": "country", "country": doc_country,
                "admin1": None, "lat": None, "lon": None, "geo_precision": 3, "rule": None,
                "why": "no place in the sentence or before it; the document's main country"}
    return None
