"""Readable, unique thread labels from what sets each thread apart, read from the events'
columns: its sides (actor1 vs actor2), its actor, its place (location, admin-1 region or
country), its event type and its weapon.

A value describes a thread when many of its events hold it (``share``) and far more than the
corpus does (``lift``). The label names the two sides when one pair of sides is strong
("Syrian forces vs Free Syrian Army"), else its most distinctive actor, then its most
distinctive place, then its event type or weapon until it has two parts: "Syrian forces vs
Free Syrian Army, Homs", "Islamic State, Deir ez-Zor". Sentence names and words never name a
thread (a surname or a phrase says nothing to a reader of the list), nor do generic actors
("Civilians (Iraq)") or generic words (`is_generic`), nor a location the corpus never reads as
a place (`_doubtful_places`: a person's name matched to a town); a thread named by one place
alone takes a second place, neither within the other. Every label comes with its reason: which
column gave each part, in what share of the thread's events and how many times the corpus's
share (``label_reason``).
"""

from __future__ import annotations

import functools
import re
from difflib import SequenceMatcher

import polars as pl

from threadline.threads.auto.features import generic_actor_pattern, generic_words
from threadline.threads.auto.names import short_actor

#: Least share of a thread's events holding a value, and least lift, for it to name the
#: thread, by kind: sides (s), actor (a), place (p), event type (t), weapon (w).
MIN_SHARE = {"s": 0.2, "a": 0.12, "p": 0.12, "t": 0.2, "w": 0.12}
MIN_LIFT = {"s": 1.5, "a": 1.5, "p": 1.5, "t": 2.0, "w": 1.5}
#: Of the strong places, a thread is named by the most distinctive (highest lift) one held by
#: at least this share of the events the commonest holds: "London" rather than "United
#: Kingdom" when most of a thread's British events are in London.
PLACE_SPREAD = 0.5
#: Longest label part: a longer "A vs B" keeps its acting side only.
PART_CHARS = 59
#: A thread with one strong part takes a second from the values holding this share of the
#: strong share (and the lift): "Peaceful protest, United States" rather than "Peaceful protest".
FAIR = 0.5
#: Best values kept per thread besides the strong ones (a label of a thread with none).
FALLBACKS = 5
#: The order of a label's parts by kind: who, where, what.
RANK = {"s": 0, "a": 1, "p": 2, "t": 3, "w": 4}
#: The reading of each kind in a label reason.
KIND_NAMES = {"s": "sides", "a": "actor", "p": "place", "t": "event type", "w": "weapon"}


@functools.cache
def demonyms() -> frozenset[str]:
    """Lower-case demonyms of every country, singular and plural ("iraqi", "iraqis"), from
    countryinfo: a people's name says no more about a thread than its country does."""
    import countryinfo

    names = {c.demonym().lower() for c in countryinfo.all_countries() if c.demonym()}
    return frozenset(names | {f"{n}s" for n in names})


def is_generic(label: str) -> bool:
    """Whether a label says nothing: all its words generic (or shorter than 3 letters).

    >>> is_generic("Today / people / said"), is_generic("Hezbollah, Qalamoun")
    (True, False)
    """
    words = re.findall(r"[a-z][a-z'’-]*", label.lower())
    return all(w in generic_words() or len(w) < 3 for w in words)


def _slug(label: str) -> str:
    """The thread id of a label: "auto-" and its lower-case words joined by hyphens."""
    return "auto-" + re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


#: How the event stage tells that a sentence ties its place to the action ("in X", "near X",
#: "the town of X"): the ``cue`` part of a location rule (`threadline.events.locate`).
CUE = "cue '"
#: Two or more capitalised words in a row: a person's full name ("Casey Sheehan"), or a
#: name made of a place's ("Geneva Convention"); a sentence's first word and a title or
#: article before it do not count (`LEAD`).
RUN = r"\b[A-Z][a-z'’]+(?:\s+[A-Z][a-z'’]+)+"
LEAD = r"^(?:The|A|An|In|On|At|But|And|As|Mr|Mrs|Ms|Dr)\s+"


def _doubtful_places(events: pl.DataFrame) -> list[str]:
    """Locations to name no thread by: the gazetteer knows them only as a town, no event of
    the corpus ties them to its action by a place cue, and some sentence of the corpus uses
    the name inside a longer name ("Warrant Officer Lawrence Colton", "her son Casey
    Sheehan", "the Geneva Convention"): a person's name or a thing's matched to a town. A
    place the corpus puts events at ("in Basra"), a site, a region, a country, and every
    location when the frame carries no location rules are kept.

    >>> rule = "best-ranked of 1 place(s) in the sentence (populated place{})"
    >>> ev = pl.DataFrame({"location": ["Casey", "Casey", "Basra", "Hanoi", "Golan Heights",
    ...                                 "Los Angeles"],
    ...     "location_kind": ["populated place"] * 4 + ["contextual", "populated place"],
    ...     "location_rule": [rule.format(""), "no place in the sentence; the document's last "
    ...         "place 'Casey'", rule.format(", cue 'near'"), rule.format(""), rule.format(""),
    ...         rule.format("")],
    ...     "sentence": ["Casey Sheehan was killed.", "His mother spoke.", "Basra Palace fell.",
    ...                  "Hanoi refused the offer.", "Golan Heights Brigade units moved.",
    ...                  "The Los Angeles Times said so."]})
    >>> _doubtful_places(ev)
    ['Casey', 'Los Angeles']
    """
    if not {"location", "location_kind", "location_rule", "sentence"} <= set(events.columns):
        return []
    cued = pl.col("location_rule").fill_null("").str.contains(CUE, literal=True)
    town = (pl.col("location_kind") == "populated place").fill_null(False)
    maybe = (events.filter(pl.col("location").is_not_null() & pl.col("location_rule")
                           .is_not_null())
             .group_by("location").agg(cued.any().alias("cued"), town.all().alias("town"))
             .filter(~pl.col("cued") & pl.col("town"))["location"])
    if maybe.is_empty():
        return []
    runs = (events.select(pl.col("sentence").fill_null("").unique())
            .select(pl.col("sentence").str.replace(LEAD, "").str.extract_all(RUN).alias("r"))
            .explode("r").drop_nulls("r").unique()["r"])
    one = maybe.filter(~maybe.str.contains(" "))
    found = set(one.filter(one.is_in(runs.str.split(" ").explode().implode())).to_list())
    more = sorted(maybe.filter(maybe.str.contains(" ")).to_list(), key=lambda m: (-len(m), m))
    if more:  # names of several words inside a longer run, in one pass over the runs
        alt = "|".join(re.escape(m) for m in more)
        hits = pl.DataFrame({"run": runs}).with_columns(
            pl.col("run").str.extract_all(rf"\b(?:{alt})\b").alias("m")).explode("m")
        found |= set(hits.filter(pl.col("m").is_not_null() & (pl.col("m") != pl.col("run")))
                     ["m"].to_list())
    return sorted(found)


def _values(events: pl.DataFrame) -> pl.DataFrame:
    """(i, kind, value, shown, depth) of every event: its sides (unordered, shown as the event
    has them), actors, places (depth 3 its location, 2 its admin-1 region, 1 its country),
    event types and weapons, generic actors and weapons left out."""
    cols = set(events.columns)
    generic = generic_actor_pattern()

    def one(c: str) -> pl.Expr:
        return pl.col(c) if c in cols else pl.lit(None, pl.String)

    def lst(c: str) -> pl.Expr:
        return (pl.col(c).cast(pl.List(pl.String)).fill_null([]) if c in cols
                else pl.lit([], pl.List(pl.String)))

    a1, a2 = one("actor1"), one("actor2")
    telling = a1.is_not_null() & a2.is_not_null() & (a1 != a2) & ~a1.str.contains(generic) \
        & ~a2.str.contains(generic)
    sides = pl.when(telling).then(pl.struct(
        value=pl.min_horizontal(a1, a2) + " | " + pl.max_horizontal(a1, a2),
        shown=a1 + " vs " + a2))
    kinds = {"a": pl.concat_list(a1, a2, lst("actors")),
             "p": pl.concat_list(one("location"), one("admin1"), one("country")),
             "t": pl.concat_list(pl.when(one("sub_event_type") != "Other")
                                 .then(one("sub_event_type")), one("event_type")),
             "w": pl.concat_list(one("weapon"), lst("weapons"))}
    rows = events.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("i"), sides.alias("s"),
                         *(e.list.drop_nulls().list.unique().alias(k) for k, e in kinds.items()),
                         one("location").alias("_loc"), one("admin1").alias("_adm"))
    doubtful = pl.lit(pl.Series(_doubtful_places(events), dtype=pl.String)).implode()
    value = pl.col("value")
    depth = (pl.when(pl.col("kind") != "p").then(0).when(value == pl.col("_loc")).then(3)
             .when(value == pl.col("_adm")).then(2).otherwise(1))
    out = [rows.select("i", pl.lit("s").alias("kind"), "s", pl.lit(0).alias("depth"))
           .drop_nulls("s").unnest("s")]
    for k in kinds:
        part = (rows.select("i", pl.lit(k).alias("kind"), pl.col(k).alias("value"), "_loc",
                            "_adm").explode("value").drop_nulls("value"))
        if k in ("a", "w"):
            part = part.filter(~value.str.contains(generic))
        if k == "p":  # a location never read as a place names no thread, nor does the
            # region the gazetteer gave it (its country, from the document too, still may)
            gave = (value == pl.col("_loc")) | (value == pl.col("_adm"))
            part = part.filter(~(gave.fill_null(False) & pl.col("_loc").is_in(doubtful)))
        out.append(part.select("i", "kind", "value", value.alias("shown"), depth.alias("depth")))
    return pl.concat(out, how="vertical_relaxed").unique(["i", "kind", "value"], keep="first")


def _scores(values: pl.DataFrame, primary: pl.DataFrame, n: int) -> pl.DataFrame:
    """Per thread and value: its share of the thread's events, its lift over the corpus, its
    score (share x log lift), whether it is strong, and how the thread's events mostly show
    it; best first."""
    df = values.group_by("kind", "value").agg(pl.len().alias("df"))
    size = primary.group_by("c").agg(pl.len().alias("size"))
    least = pl.col("kind").replace_strict(MIN_SHARE, return_dtype=pl.Float64)
    lift = pl.col("kind").replace_strict(MIN_LIFT, return_dtype=pl.Float64)
    return (values.join(primary, on="i")
            .group_by("c", "kind", "value")
            .agg(pl.len().alias("count"), pl.col("shown").mode().sort().first(),
                 pl.col("depth").max())
            .join(df, on=["kind", "value"]).join(size, on="c")
            .filter(pl.col("count") >= 2)
            .with_columns((pl.col("count") / pl.col("size")).alias("share"))
            .with_columns((pl.col("share") / (pl.col("df") / n)).alias("lift"))
            .with_columns((pl.col("share") * pl.col("lift").clip(1.0001).log()).alias("score"),
                          ((pl.col("share") >= least) & (pl.col("lift") >= lift))
                          .alias("strong"),
                          ((pl.col("share") >= FAIR * least) & (pl.col("lift") >= lift))
                          .alias("fair"))
            .sort(["c", "score", "kind", "value"], descending=[False, True, False, False]))


def _shown(kind: str, value: str) -> str:
    """How a label shows a value: actors by their short names, "A vs B" within PART_CHARS
    (else the acting side alone)."""
    if kind == "s":
        a, b = value.split(" vs ", 1)
        part = f"{short_actor(a)} vs {short_actor(b)}"
        return part if len(part) <= PART_CHARS else short_actor(a)[:PART_CHARS]
    return (short_actor(value) if kind == "a" else value)[:PART_CHARS]


def _overlaps(f: str, parts: list[str]) -> bool:
    """Whether `f` repeats a part: contains it, is contained, or shares a near-identical word
    ("Qaida" beside "Al Qaeda", "Iraq" beside "Iraqi forces")."""
    low = f.lower()
    words = re.findall(r"[a-z]{4,}", low)
    return any(low in p.lower() or p.lower() in low
               or any(SequenceMatcher(None, w, x).ratio() >= 0.8 for w in words
                      for x in re.findall(r"[a-z]{4,}", p.lower())) for p in parts)


def _telling(shown: str) -> bool:
    return not is_generic(shown) and shown.lower() not in demonyms()


def _pick(feats: list[dict], order: tuple[str, ...], parts: list[dict], most: int,
          strength: str = "strong", fresh: bool = False) -> None:
    """Append to `parts` the best feature of each kind group in `order` (kinds joined
    by "|") that is `strength` ("strong" or "fair") and does not repeat a part (its label or
    its value) (nor, if `fresh`, of a kind it has), until there are `most` parts; of
    places, the most distinctive of the common ones (`PLACE_SPREAD`), of equals the most
    precise."""
    for group in order:
        if len(parts) >= most:
            return
        if fresh and any(p["kind"] in group.split("|") for p in parts):
            continue
        said = [p["label"] for p in parts] + [p["value"] for p in parts]
        fits = [f for f in feats if f["kind"] in group.split("|") and f[strength]
                and not _overlaps(f["label"], said) and not _overlaps(f["value"], said)]
        if group == "p" and fits:
            common = max(f["share"] for f in fits)
            fits = sorted((f for f in fits if f["share"] >= PLACE_SPREAD * common),
                          key=lambda f: (-round(f["lift"], 9), -f["depth"]))
        if fits:
            parts.append(fits[0])


def _within(events: pl.DataFrame) -> set[tuple[str, str]]:
    """(place, wider place) pairs the events give: a location in its admin-1 region or its
    country, a region in its country."""
    cols = [c for c in ("location", "admin1", "country") if c in events.columns]
    pairs: set[tuple[str, str]] = set()
    for k, inner in enumerate(cols):
        for outer in cols[k + 1:]:
            pairs |= set(events.select(inner, outer).drop_nulls().unique().iter_rows())
    return pairs


def _reason(parts: list[dict]) -> str:
    return "; ".join(f"{KIND_NAMES[p['kind']]} {p['shown']} in {p['share']:.0%} of its events "
                     f"({p['lift']:.1f}x the corpus)" for p in parts)


def thread_labels(primary: pl.DataFrame, events: pl.DataFrame) -> pl.DataFrame:
    """Unique readable label, id and reason (c, thread_label, thread_id, label_reason) of
    each thread (`primary`: event row i -> thread c of `events`), biggest thread first."""
    scored = _scores(_values(events), primary, events.height).filter(
        pl.col("fair") | (pl.int_range(pl.len()).over("c") < FALLBACKS))
    feats: dict[int, list[dict]] = {}
    for row in scored.iter_rows(named=True):
        row["label"] = _shown(row["kind"], row["shown"])
        if _telling(row["label"]):
            feats.setdefault(row["c"], []).append(row)
    within = _within(events)
    order = (primary.group_by("c").agg(pl.len().alias("size"), pl.col("i").min())
             .sort(["size", "i"], descending=[True, False]))["c"].to_list()
    rows, taken = [], set()
    for c in order:
        mine = feats.get(c, [])
        parts: list[dict] = []
        for strength in ("strong", "fair"):  # its sides, else its actor; place; type, weapon
            _pick(mine, ("s",), parts, 1 if strength == "strong" else 2, strength, fresh=True)
            if not any(p["kind"] == "s" for p in parts):
                _pick(mine, ("a",), parts, 2, strength, fresh=True)
            _pick(mine, ("p", "t|w"), parts, 2, strength, fresh=True)
        if not parts and mine:  # nothing strong: its most telling actor or place
            parts = [next((f for f in mine if f["kind"] in "sap"), mine[0])]
        if len(parts) == 1 and parts[0]["kind"] == "p":  # a place alone: a second place
            first = parts[0]["value"]  # ("London, New York"), neither within the other
            _pick([f for f in mine if f["kind"] == "p" and f["depth"] == 3
                   and (f["value"], first) not in within and (first, f["value"]) not in within],
                  ("p",), parts, 2, "fair")
        parts.sort(key=lambda p: RANK[p["kind"]])  # who, where, what
        label = ", ".join(p["label"] for p in parts) or f"thread {len(rows) + 1}"
        while label in taken or _slug(label) in taken:  # a twin: one more part, else a number
            more = len(parts)
            _pick(mine, ("p", "t|w", "a", "p"), parts, len(parts) + 1)
            if len(parts) == more:  # no strong part left: a fair one tells the twins apart
                _pick(mine, ("p", "t|w", "a", "p"), parts, len(parts) + 1, "fair")
            parts.sort(key=lambda p: RANK[p["kind"]])
            if len(parts) == more or len(parts) > 4:
                label = f"{', '.join(p['label'] for p in parts)} ({len(rows) + 1})"
                break
            label = ", ".join(p["label"] for p in parts)
        rows.append((c, label, _slug(label), _reason(parts)))
        taken |= {label, _slug(label)}
    return pl.DataFrame(rows, orient="row", schema={
        "c": pl.Int64, "thread_label": pl.String, "thread_id": pl.String,
        "label_reason": pl.String})
