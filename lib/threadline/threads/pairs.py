"""Which pairs of reports may be the same real event: ACLED's rule, vectorised over blocked pairs.

Two reports are *compatible* when neither is negated or merely expected, their types agree
(equal, or both violent), their dates agree at their precision (one interval inside the other;
a date inherited from the story or the publication date, "by then", only admits a report dated
to a day or week inside the `SLACK_DAYS` before it), their places agree (the same place or
within `NEAR_KM`; a region, or a report naming several places, is only as precise as its
admin1 region or country; a place the sentence does not name, taken from the story, only as
precise as its country; a report with no place below a country agrees with any), and their
actors agree (the actor families overlap, or one names none; the acting side, actor1, is the
same or unknown: ACLED's "Unidentified Armed Group" is nobody's side). They are *linked* when
they are compatible and share evidence:

* both dated to a week or better: the same place (ACLED's day + place + type), or a shared
  actor and the trigger or a weapon;
* one dated by inheritance: a shared actor and the trigger, a weapon or the place; or the same
  place and the trigger or a weapon;
* a date coarser than a week (a month, a year): the same place;
* one undated: a shared actor, a shared weapon and the same trigger.

Candidates come from joins on keys made of exactly that evidence (actor + trigger, place +
weapon, ...) within a day or month block, so the work grows with the pairs that could link;
the joins and the judging of the pairs run a bounded batch at a time, so memory does not grow
with the corpus.
"""

from __future__ import annotations

import math

import polars as pl

NEAR_KM = 25.0
AREA_KM = 150.0
SLACK_DAYS = 30
VIOLENT = ("Battles", "Explosions/Remote violence", "Violence against civilians")
#: Granularities coarser than these days are too vague to merge (decades, centuries).
MAX_DAYS = 366
_CELL = 0.5  # degrees: places within NEAR_KM lie in the same or a neighbouring cell
_EMPTY = pl.lit([], dtype=pl.List(pl.String))
#: ACLED's names for an actor nobody identified ("Unidentified Armed Group (Iraq)"): no side.
UNKNOWN = "Unidentified "

#: Columns of EVENTS (and of `extract_events`' extras) that merging reads, with what a frame
#: without them means; ``admin1`` and ``geo_precision`` are used when the events stage adds them.
INPUTS: dict[str, pl.Expr] = {
    "actors": _EMPTY,
    "weapons": _EMPTY,
    "places": pl.concat_list(pl.col("location")).list.drop_nulls(),
    "actor_families": pl.col("actors"),
    "actor1_parent": pl.lit(None, pl.String),
    "location_kind": pl.lit(None, pl.String),
    "factuality": pl.lit("asserted"),
    "admin1": pl.lit(None, pl.String),
    "geo_precision": pl.lit(None, pl.Int64),
}


def _list(col: str) -> pl.Expr:
    return (pl.col(col).cast(pl.List(pl.String)).fill_null([]).list.drop_nulls().list.unique()
            .list.sort())


def report_frame(events: pl.DataFrame) -> pl.DataFrame:
    """One row per event (``i`` = row number) with what linking compares: the kind of date
    (``fine`` explicit day/week, ``coarse`` explicit month..year, ``inherited``, ``undated``,
    or null: never merged), the date window, the place and its precision, actors, weapons."""
    for col, default in INPUTS.items():
        if col not in events.columns:
            events = events.with_columns(default.alias(col))
    days = (pl.col("date_end") - pl.col("date_start")).dt.total_days() + 1
    inherited = pl.col("anchor").is_in(["narrative", "dct"]).fill_null(False)
    dated = pl.col("date_start").is_not_null() & pl.col("date_end").is_not_null()
    kind = (pl.when(pl.col("factuality").is_in(["negated", "expected"]).fill_null(False))
            .then(None)
            .when(~dated).then(pl.lit("undated"))
            .when(days > MAX_DAYS).then(None)
            .when(inherited).then(pl.lit("inherited"))
            .when(days <= 7).then(pl.lit("fine"))
            .otherwise(pl.lit("coarse")))
    kinds = pl.col("location_kind").fill_null("")
    named = _list("places").list.len()
    geo = pl.col("geo_precision").cast(pl.Int64, strict=False)
    exact = (pl.col("location").is_not_null() & ~kinds.is_in(["country", "region", "province"])
             & (named <= 1) & (geo.is_null() | (geo <= 1)))
    specific = pl.col("location").is_not_null() & (kinds != "country")
    # a place the sentence does not name (the story's last place) is the context's, not the
    # event's: like an inherited date it only says which country
    context = pl.col("location").is_not_null() & (named == 0)
    return events.with_row_index("i").select(
        "i", "event_id", "doc_id", "start", kind.alias("kind"),
        pl.when(pl.col("event_type").is_in(VIOLENT)).then(pl.lit("violent"))
        .otherwise(pl.col("event_type").fill_null("")).alias("tgroup"),
        "date_start", "date_end",
        pl.when(inherited).then(pl.col("date_start") - pl.duration(days=SLACK_DAYS))
        .otherwise(pl.col("date_start")).alias("lo"),
        pl.when(context).then(pl.lit("context")).when(exact).then(pl.lit("exact"))
        .when(specific).then(pl.lit("area")).alias("precision"),
        "location", "lat", "lon", "country", pl.col("admin1").cast(pl.String),
        _list("actor_families").alias("fam"), _list("weapons").alias("weap"),
        pl.col("trigger").fill_null(""),
        pl.concat_list(pl.col("actor1"), pl.col("actor1_parent").fill_null(pl.col("actor1")))
        .list.drop_nulls().list.filter(~pl.element().str.starts_with(UNKNOWN)).list.unique()
        .alias("side"),
    )


def _cells(around: bool) -> pl.Expr:
    """Place tokens of exact places: the name, and the grid cell (or, `around`, the 3 x 3
    cells around it, so that places within NEAR_KM share a token across a cell border)."""
    x = (pl.col("lat") / _CELL).floor().cast(pl.Int64)
    y = (pl.col("lon") / _CELL).floor().cast(pl.Int64)
    steps = [(a, b) for a in (-1, 0, 1) for b in (-1, 0, 1)] if around else [(0, 0)]
    cells = [pl.format("c{}:{}", x + a, y + b) for a, b in steps]
    return (pl.when(pl.col("precision") == "exact")
            .then(pl.concat_list(pl.lit("n") + pl.col("location"), *cells).list.drop_nulls())
            .otherwise(_EMPTY))


def _keys(reports: pl.DataFrame, around: bool) -> pl.DataFrame:
    """(i, kind, tgroup, key) for every evidence key of every mergeable report."""
    base = reports.filter(pl.col("kind").is_not_null()).with_columns(
        _cells(around).alias("pt"), pl.concat_list(pl.col("trigger")).alias("tr"))
    parts = []
    for name, left, right in (("at", "fam", "tr"), ("aw", "fam", "weap"), ("ap", "fam", "pt"),
                              ("pt", "pt", "tr"), ("pw", "pt", "weap")):
        parts.append(base.filter(pl.col("kind") != "coarse").select(
            "i", left, right).explode(left).explode(right).drop_nulls()
            .select("i", pl.format(f"{name}|{{}}|{{}}", left, right).alias("key")))
    parts.append(base.filter(pl.col("kind").is_in(["coarse", "fine"])).select("i", "pt")
                 .explode("pt").drop_nulls().select("i", (pl.lit("p|") + pl.col("pt"))
                                                    .alias("key")))
    parts.append(base.select("i", "fam", "weap", "trigger").explode("fam").explode("weap")
                 .drop_nulls().select("i", pl.format("awt|{}|{}|{}", "fam", "weap", "trigger")
                                      .alias("key")))
    return pl.concat(parts).unique().join(base.select("i", "kind", "tgroup", "date_start",
                                                      "date_end", "lo"), on="i")


def _blocks(keys: pl.DataFrame, days: bool) -> pl.DataFrame:
    """Keys exploded into their day blocks (fine reports) or month blocks (all dated)."""
    if days:
        fine = keys.filter(pl.col("kind") == "fine")
        return fine.with_columns(pl.date_ranges("date_start", "date_end").alias("b")).explode("b")
    month = pl.col("lo").dt.year() * 12 + pl.col("lo").dt.month()
    last = pl.col("date_end").dt.year() * 12 + pl.col("date_end").dt.month()
    dated = keys.filter(pl.col("kind") != "undated")
    return dated.with_columns(pl.int_ranges(month, last + 1).alias("b")).explode("b")


#: Key rows of one side joined at a time: the candidate join is held a batch at a time, so
#: memory is bounded by a batch (times the largest block), not by the corpus.
BATCH_ROWS = 5_000
#: Candidate pairs judged at a time (each with both reports' columns).
BATCH_PAIRS = 50_000
_LOOSE = ("coarse", "inherited")


def _joined(left: pl.DataFrame, right: pl.DataFrame, on: list[str],
            keep: pl.Expr | None = None) -> pl.DataFrame:
    """Distinct pairs (i < j, i != j) of a left and a right row sharing `on` (and `keep`), a
    batch of left rows at a time, each batch reduced to its pairs before the next."""
    right = right.select("i", "kind", *on)
    out = [pl.DataFrame(schema={"i": left.schema["i"], "j": left.schema["i"]})]
    for part in left.select("i", "kind", *on).iter_slices(BATCH_ROWS):
        found = part.join(right, on=on, suffix="_j")
        found = found.filter(keep) if keep is not None else found
        out.append(found.select(pl.min_horizontal("i", "i_j").alias("i"),
                                pl.max_horizontal("i", "i_j").alias("j"))
                   .filter(pl.col("i") != pl.col("j")).unique())
    return pl.concat(out)


def candidate_pairs(reports: pl.DataFrame) -> pl.DataFrame:
    """Pairs (i < j) of reports of different sentences that share an evidence key in a common
    day or month block (or, one undated, any block), by joins; no pair is compared twice."""
    left, right = _keys(reports, False), _keys(reports, True)
    block = ["tgroup", "b", "key"]
    found = [_joined(_blocks(left, True), _blocks(right, True), block)]
    # month blocks link only when one side is coarse or inherited: those left rows with
    # every right row, the other left rows with the loose right rows (a partition)
    lmon, rmon = _blocks(left, False), _blocks(right, False)
    loose = pl.col("kind").is_in(_LOOSE)
    found.append(_joined(lmon.filter(loose), rmon, block))
    found.append(_joined(lmon.filter(~loose), rmon.filter(loose), block))
    undated = left.filter(pl.col("key").str.starts_with("awt|"))
    found.append(_joined(undated, undated, ["tgroup", "key"],
                         (pl.col("kind") == "undated") | (pl.col("kind_j") == "undated")))
    pairs = pl.concat(found).unique()
    sent = reports.select("i", "doc_id", "start")
    return (pairs.join(sent, on="i").join(sent.rename({"i": "j"}), on="j", suffix="_j")
            .filter((pl.col("doc_id") != pl.col("doc_id_j"))
                    | (pl.col("start") != pl.col("start_j")))
            .select("i", "j").sort("i", "j"))


def _km() -> pl.Expr:
    """Great-circle distance between the two reports' coordinates (null when either lacks)."""
    rad = math.pi / 180
    la1, la2 = pl.col("lat") * rad, pl.col("lat_j") * rad
    dlat, dlon = la2 - la1, (pl.col("lon_j") - pl.col("lon")) * rad
    h = (dlat / 2).sin() ** 2 + la1.cos() * la2.cos() * (dlon / 2).sin() ** 2
    return 2 * 6371.0 * h.sqrt().clip(0, 1).arcsin()


def _dates_agree() -> pl.Expr:
    k, kj = pl.col("kind"), pl.col("kind_j")
    s, e, sj, ej = (pl.col(c) for c in ("date_start", "date_end", "date_start_j", "date_end_j"))
    nested = ((s <= sj) & (ej <= e)) | ((sj <= s) & (e <= ej))
    inside_i = (pl.col("lo") <= sj) & (ej <= e)  # j's day/week inside i's window
    inside_j = (pl.col("lo_j") <= s) & (e <= ej)
    overlap = (pl.col("lo") <= ej) & (pl.col("lo_j") <= e)
    same = (s == sj) & (e == ej)
    return (pl.when((k == "undated") | (kj == "undated")).then(True)
            .when((k == "inherited") & (kj == "inherited"))
            .then(same | ((pl.col("doc_id") == pl.col("doc_id_j")) & overlap))
            .when(k == "inherited").then((kj == "fine") & inside_i)
            .when(kj == "inherited").then((k == "fine") & inside_j)
            .otherwise(nested))


def _places_agree(km: pl.Expr) -> pl.Expr:
    p, pj = pl.col("precision"), pl.col("precision_j")
    same_name = pl.col("location") == pl.col("location_j")
    admin = pl.col("admin1").is_not_null() & pl.col("admin1_j").is_not_null()
    country = pl.col("country").is_not_null() & pl.col("country_j").is_not_null()
    return (pl.when(p.is_null() | pj.is_null()).then(True)
            .when((p == "exact") & (pj == "exact")).then(same_name | (km <= NEAR_KM))
            .when(same_name).then(True)
            .when((p == "context") | (pj == "context"))
            .then(pl.col("country").eq_missing(pl.col("country_j")) | ~country)
            .when(admin).then(pl.col("admin1") == pl.col("admin1_j"))
            .when(country).then(pl.col("country") == pl.col("country_j"))
            .otherwise((km <= AREA_KM).fill_null(True)))


def linked_pairs(reports: pl.DataFrame, pairs: pl.DataFrame | None = None) -> pl.DataFrame:
    """The candidate pairs that are compatible and linked (see the module docstring), with
    what they share: ``actors`` (families), ``weapons``, ``same_place``, ``same_trigger``, and
    a ``strength`` (how many of those) that orders the merging."""
    pairs = candidate_pairs(reports) if pairs is None else pairs
    other = reports.rename({c: f"{c}_j" for c in reports.columns if c != "i"}).rename(
        {"i": "j"})
    # each pair is judged on its own: `BATCH_PAIRS` pairs at a time bound the wide frame
    found = [_linked(part.join(reports, on="i").join(other, on="j"))
             for part in pairs.iter_slices(BATCH_PAIRS)]
    empty = _linked(pairs.head(0).join(reports, on="i").join(other, on="j"))
    return (pl.concat([empty, *found])
            .sort(["strength", "i", "j"], descending=[True, False, False]))


def _linked(p: pl.DataFrame) -> pl.DataFrame:
    """The linked pairs of `p` (pairs with both reports' columns) and what they share."""
    km = _km()
    p = p.with_columns(
        pl.col("fam").list.set_intersection("fam_j").alias("actors"),
        pl.col("weap").list.set_intersection("weap_j").alias("weapons"),
        ((pl.col("precision") == "exact") & (pl.col("precision_j") == "exact")
         & ((pl.col("location") == pl.col("location_j")) | (km <= NEAR_KM)))
        .fill_null(False).alias("same_place"),
        ((pl.col("trigger") == pl.col("trigger_j")) & (pl.col("trigger") != "")).alias(
            "same_trigger"),
    )
    actor, weapon = pl.col("actors").list.len() > 0, pl.col("weapons").list.len() > 0
    place, trig = pl.col("same_place"), pl.col("same_trigger")
    kinds = pl.concat_list("kind", "kind_j")
    evidence = (pl.when(kinds.list.contains("undated")).then(actor & weapon & trig)
                .when(kinds.list.contains("coarse")).then(place)
                .when(kinds.list.contains("inherited"))
                .then((actor & (trig | weapon | place)) | (place & (trig | weapon)))
                .otherwise(place | (actor & (trig | weapon))))
    compatible = (
        (pl.col("tgroup") == pl.col("tgroup_j")) & _dates_agree() & _places_agree(km)
        & ((pl.col("fam").list.len() == 0) | (pl.col("fam_j").list.len() == 0) | actor)
        & ((pl.col("side").list.len() == 0) | (pl.col("side_j").list.len() == 0)
           | (pl.col("side").list.set_intersection("side_j").list.len() > 0))
    )
    return (p.filter((compatible & evidence).fill_null(False))
            .select("i", "j", "actors", "weapons", "same_place", "same_trigger",
                    (actor.cast(pl.Int8) + weapon.cast(pl.Int8) + place.cast(pl.Int8)
                     + trig.cast(pl.Int8)).alias("strength")))
