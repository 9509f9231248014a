"""Places the gazetteer lacks ("the village of X", "X district") and the choice of one place.

`contextual_places` reads capitalised chunks that a settlement or district word introduces or
follows and that matched no gazetteer name: they are kept as "contextual" places of the
document's main country, geo-precision 1 when the cue names a settlement ("the village of X",
"X town", "in X (District, Province)") and 2 when it names an area or nearness ("X district",
"X area", "near X"), as ACLED codes them. `choose_place` picks the place an event most likely
happened at from the mentions of a sentence or document.
"""

from __future__ import annotations

import functools

import polars as pl

from threadline.events.gazetteer import ascii_expr, fold_expr
from threadline.events.placedata import (
    common_words,
    countries,
    entities,
    key_set,
    keys,
    never_places,
    word_class,
)

_KINDS = ("admin2", "populated")
#: Words before an unknown capitalised name that make it a place of the document's country.
_NEAR = ("near", "outside", "around", "fled", "nearby")
#: Words before "X, Country" that make X a place of that country.
_LOCATIVE = ("in", "at", "near", "outside", "around", "from", "to", "into", "fled", "struck",
             "hit", "attacked", "captured", "seized", "of")


@functools.cache
def _words() -> pl.Series:
    return pl.Series(sorted(never_places()), dtype=pl.String)


@functools.cache
def _common() -> pl.Series:
    return pl.Series(sorted(common_words()), dtype=pl.String)


def _chunk_frame(toks: pl.DataFrame) -> pl.DataFrame:
    """One row per capitalised chunk, in text order: sid, r0/r1 (its first and last token's
    row), pos, end, size, any never-place member, all capitalised, g0 (the gap before its first
    token), w0/wl (its first and last word). A chunk's tokens are consecutive rows, so running
    counts at its ends give what a group-by would."""
    low = pl.col("low")
    bad = low.is_in(_words().implode()).cast(pl.Int64).cum_sum()
    lower = (~pl.col("cap")).cast(pl.Int64).cum_sum()
    members = toks.filter(pl.col("chunk").is_not_null()).select(
        "chunk", "sid", "row", "gap", "pos", "end", "low", bad.alias("_bad"),
        lower.alias("_low"), bad.shift(1).fill_null(0).alias("_bad0"),
        lower.shift(1).fill_null(0).alias("_low0"))
    first = members.filter(pl.col("chunk") != pl.col("chunk").shift(1).fill_null(-1))
    last = members.filter(pl.col("chunk") != pl.col("chunk").shift(-1).fill_null(-1))
    return first.select(
        "chunk", "sid", pl.col("row").cast(pl.Int64).alias("r0"), pl.col("gap").alias("g0"),
        last["row"].cast(pl.Int64).alias("r1"), "pos", last["end"].alias("end"),
        (last["row"] - pl.col("row") + 1).cast(pl.UInt32).alias("size"),
        (last["_bad"] - pl.col("_bad0") > 0).alias("bad"),
        (last["_low"] - pl.col("_low0") == 0).alias("all_cap"), pl.col("low").alias("w0"),
        last["low"].alias("wl"))


def contextual_places(sents: pl.DataFrame, toks: pl.DataFrame, found: pl.DataFrame,
                      docs: pl.DataFrame) -> pl.DataFrame:
    """Contextual places of the sentences (see the module docstring), columns as find_places."""
    ch = _cued_chunks(toks)
    if ch.is_empty():
        return found.clear()
    ch = _unclaimed(ch, found, sents)
    ch = _facility_towns(ch, docs)
    main = docs.sort("weight", "country_code", descending=[True, False]).group_by(
        "doc_id", maintain_order=True).first().join(
        countries().select("country_code", "country"), on="country_code", how="left")
    ch = ch.join(main.select("doc_id", "country_code", "country"), on="doc_id", how="left")
    ch = _hinted(ch, found)
    ch = ch.with_columns(pl.coalesce("_fc", "_apc", "_hc", "_lpc", "country").alias("country"),
                         pl.coalesce("_fcc", "_apcc", "_hcc", "_lpcc", "country_code")
                         .alias("country_code"))
    return _as_found(ch)


def _hinted(ch: pl.DataFrame, found: pl.DataFrame) -> pl.DataFrame:
    """The country and admin1 (`_hc`, `_hcc`, `_ha1`) of the "(District, Province)" hint that
    closes a contextual place's phrase ("Kolofata town (Mayo-Sava, Extreme-Nord)", "the
    villages of A and B (Kalehe, Sud-Kivu)"): the hint's last place, the widest, tells where
    the phrase lies, before the document's main country. The hint is the first parenthesis
    after the name, at most 80 characters on, with no sentence break between."""
    cols = {"_hc": pl.String, "_hcc": pl.String, "_ha1": pl.String}
    gap = pl.col("sentence").str.slice(pl.col("end"), 80)
    at = gap.str.find(r"\(")
    before = gap.str.slice(0, at)
    ch = ch.with_columns(pl.when(at.is_not_null() & ~before.str.contains(r"[;.!?()]"))
                         .then(pl.col("end") + at).alias("_paren"))
    if "in_hint" not in found.columns or found.is_empty():
        return ch.with_columns([pl.lit(None, t).alias(c) for c, t in cols.items()])
    wide = found.filter(pl.col("in_hint"), pl.col("kind").is_in(["admin1", "country",
                                                                "populated place"]))
    sents = ch.select("doc_id", "sent_no", "sentence").unique(["doc_id", "sent_no"])
    wide = wide.join(sents, on=["doc_id", "sent_no"]).with_columns(
        pl.col("sentence").str.slice(0, pl.col("pos")).str.extract(r"^(.*)\(", 1)
        .str.len_chars().cast(pl.Int64).alias("_paren"))
    rank = pl.col("kind").replace_strict({"admin1": 0, "country": 1}, default=2,
                                         return_dtype=pl.Int64)
    last = wide.sort("pos", descending=True).with_columns(rank.alias("_r")).sort(
        "_r", maintain_order=True).unique(["doc_id", "sent_no", "_paren"], keep="first").select(
        "doc_id", "sent_no", pl.col("_paren").cast(pl.Int64), pl.col("country").alias("_hc"),
        pl.col("country_code").alias("_hcc"),
        pl.when(pl.col("kind") != "country").then(pl.col("admin1")).alias("_ha1"))
    return ch.with_columns(pl.col("_paren").cast(pl.Int64)).join(
        last, on=["doc_id", "sent_no", "_paren"], how="left")


def _cued_chunks(toks: pl.DataFrame) -> pl.DataFrame:
    """The capitalised chunks that a place cue marks, with the cue that marks them."""
    words = list(set().union(*(word_class(k) for k in _KINDS)))
    ch = _chunk_frame(toks).filter(~pl.col("bad"), pl.col("size") <= 4)
    for name, row in (("n1", pl.col("r1") + 1), ("n2", pl.col("r1") + 2),
                      ("p1", pl.col("r0") - 1), ("p2", pl.col("r0") - 2)):
        at = ch.select(row.clip(0, toks.height - 1).alias("_i"))["_i"]
        same = toks["sid"].gather(at) == ch["sid"]
        ch = ch.with_columns(
            pl.when(same).then(toks["low"].gather(at)).alias(name),
            pl.when(same).then(toks["gap"].gather(at)).alias(name + "_gap"),
            pl.when(same).then(toks["cap"].gather(at)).alias(name + "_cap"))
    # "X village", not "the Tiv villages of A and B" (X describes the villages named next)
    after = (pl.col("n1").is_in(words) & (pl.col("n1_gap") == " ") & ~pl.col("n1_cap")
             & (pl.col("n2").fill_null("") != "of"))
    before = (pl.col("p1") == "of") & pl.col("p2").is_in(words)
    # "at X (District, Province)": the analysts' form names a place before its hint
    hinted = pl.col("p1").is_in(["in", "at", "near"]) & pl.col("n1_gap").str.contains(
        r"^\s*\([^)]*$") & pl.col("n1_cap")
    # "near X", "fled X": a cue of nearness or movement before an unknown capitalised name
    near = pl.col("p1").is_in(list(_NEAR)) & pl.col("g0").is_in([" ", "\u00a0"])
    # "X, Syria": a name in apposition to a country or province (checked below)
    appos = (pl.col("n1_gap").str.contains(r"^,\s+$") & pl.col("n1_cap")
             & pl.col("p1").is_in(list(_LOCATIVE)))
    # "Shayrat Air Base": a named facility (a place inside it lends its whereabouts below)
    heads = list(word_class("facility_heads"))
    facility = (pl.col("wl").is_in(heads) & ~pl.col("w0").is_in(list(word_class("facility")))
                & (pl.col("size") >= 2))
    # "in A, B and X": the last name of a list of places (checked below)
    last = (pl.col("p1") == "and") & pl.col("g0").is_in([" ", "\u00a0"])
    ch = ch.filter(after.fill_null(False) | before.fill_null(False) | hinted.fill_null(False)
                   | near.fill_null(False) | appos.fill_null(False) | last.fill_null(False)
                   | facility.fill_null(False))
    ch = ch.with_columns(pl.when(after).then(pl.col("n1")).when(before).then(
        pl.format("{} of", "p2")).when(hinted).then(pl.format("{} (hint)", "p1"))
        .when(near).then(pl.col("p1")).when(appos).then(pl.format("{}, (apposition)", "p1"))
        .when(last).then(pl.lit("and (list)")).otherwise(pl.lit("facility"))
        .alias("cue"), (appos & ~(after | before | hinted | near).fill_null(False))
        .fill_null(False).alias("_appos"),
        (last & ~(after | before | hinted | near | appos).fill_null(False)).fill_null(False)
        .alias("_last"), facility.fill_null(False).alias("_facility"))
    return ch


def _unclaimed(ch: pl.DataFrame, found: pl.DataFrame, sents: pl.DataFrame) -> pl.DataFrame:
    """The cued chunks with their text, not common words, not gazetteer keys, and not
    overlapping a found place (except the place inside a named facility, which lends its
    whereabouts)."""
    ch = ch.join(sents.select("sid", "doc_id", "sent_no", "sentence"), on="sid")
    ch = _linked(ch, found, sents)
    before_text = pl.col("sentence").str.slice(0, pl.col("pos"))
    ch = ch.with_columns(pl.col("sentence").str.slice(pl.col("pos"), pl.col("end") - pl.col(
        "pos")).alias("text"), (before_text.str.count_matches(r"\(")
                                > before_text.str.count_matches(r"\)")).alias("in_hint"))
    key = fold_expr(pl.col("text"))
    ch = ch.with_columns(key.alias("key")).filter(
        ~(pl.col("key").is_in(_common().implode()) & (pl.col("size") == 1))).join(
        key_set(), on="key", how="anti")
    taken = found.select("doc_id", "sent_no", pl.col("pos").alias("_p"), pl.col("end").alias(
        "_e"), pl.col("country").alias("_fc"), pl.col("country_code").alias("_fcc"),
        pl.col("admin1").alias("_fa1"), pl.col("lat").alias("_flat"),
        pl.col("lon").alias("_flon"))
    over = ch.join(taken, on=["doc_id", "sent_no"]).filter(
        (pl.col("_p") < pl.col("end")) & (pl.col("_e") > pl.col("pos")))
    # a facility keeps a place inside it ("Bagram Air Base") and lies where it does
    inner = over.filter(pl.col("_facility"), pl.col("_p") >= pl.col("pos"),
                        pl.col("_e") <= pl.col("end"))
    clash = over.join(inner.select("chunk", "_p"), on=["chunk", "_p"], how="anti")
    ch = ch.join(clash.select("chunk"), on="chunk", how="anti").join(
        inner.sort("_p").unique("chunk", keep="first").select(
            "chunk", "_fc", "_fcc", "_fa1", "_flat", "_flon"), on="chunk", how="left")
    return ch


def _precision() -> pl.Expr:
    """ACLED's geo-precision of a contextual place from its cue: 2 for an area, a district or
    nearness ("X district", "the Y area", "near Z", or a name ending in such a word: "Guma
    LGA", "Nameless Hills": the event is somewhere in or around it), else 1 (a named
    settlement: "X village", "the town of Y", "in Z (District, Province)")."""
    wide = sorted(word_class("near") | word_class("admin2") | word_class("wide_area"))
    first = pl.col("cue").str.extract(r"^([\w-]+)", 1).str.to_lowercase()
    return pl.when(first.is_in(wide) | pl.col("wl").is_in(wide)).then(2).otherwise(1)


def _as_found(ch: pl.DataFrame) -> pl.DataFrame:
    """The contextual places in find_places' columns."""
    return ch.select(
        "doc_id", "sent_no", "text", "pos", ascii_expr(pl.col("text")).alias("name"),
        pl.lit("contextual").alias("kind"), "country",
        pl.coalesce("_flat", "_aplat").alias("lat"), pl.coalesce("_flon", "_aplon").alias("lon"),
        "end", pl.coalesce("_fa1", "_apa1", "_ha1", "_lpa1").alias("admin1"),
        pl.lit(None, pl.Int64).alias("population"), _precision().alias("geo_precision"),
        pl.format("contextual:{} document country", "cue").alias("rule"),
        pl.lit(None, pl.Int64).alias("geonameid"), "country_code", "cue",
        "in_hint", pl.lit(None, pl.String).alias("admin2_hint"),
        pl.lit(None, pl.String).alias("admin1_hint"))


def _linked(ch: pl.DataFrame, found: pl.DataFrame, sents: pl.DataFrame) -> pl.DataFrame:
    """Keep the apposition chunks ("X, Syria", "X, Aleppo") whose neighbour is a gazetteer
    place (its country and admin1 theirs, a town's coordinates too: X lies in it), and the
    last names of a list ("A, B and X") whose place before "and" is a town or region itself
    after a comma ("Aleppo and Assad" is no list)."""
    town = pl.col("kind") == "populated place"
    wider = found.filter(pl.col("kind").is_in(["country", "admin1", "populated place"])).select(
        "doc_id", "sent_no", pl.col("pos").alias("_ap"), pl.col("country").alias("_apc"),
        pl.col("country_code").alias("_apcc"), pl.col("admin1").alias("_apa1"),
        pl.when(town).then(pl.col("lat")).alias("_aplat"),
        pl.when(town).then(pl.col("lon")).alias("_aplon"))
    listed = pl.col("sentence").str.slice(pl.max_horizontal(pl.col("pos") - 2, 0), 2) == ", "
    prior = found.filter(pl.col("kind").is_in(["populated place", "admin1"])).join(
        sents.select("doc_id", "sent_no", "sentence"), on=["doc_id", "sent_no"]).filter(
        listed).select(
        "doc_id", "sent_no", pl.col("end").alias("_lp"), pl.col("country").alias("_lpc"),
        pl.col("country_code").alias("_lpcc"), pl.col("admin1").alias("_lpa1"))
    at_and = (pl.col("pos") - pl.col("g0").str.len_chars() - 3
              - pl.col("p1_gap").fill_null("").str.len_chars())
    return (ch.with_columns((pl.col("end") + pl.col("n1_gap").str.len_chars()).alias("_ap"),
                            at_and.alias("_lp"))
            .join(wider, on=["doc_id", "sent_no", "_ap"], how="left")
            .join(prior, on=["doc_id", "sent_no", "_lp"], how="left")
            .filter(~pl.col("_appos") | pl.col("_apc").is_not_null(),
                    ~pl.col("_last") | pl.col("_lpc").is_not_null()))


def _facility_towns(ch: pl.DataFrame, docs: pl.DataFrame) -> pl.DataFrame:
    """A named facility whose first word names a populated place ("Damascus International
    Airport") lies there: the most populous such place in the document's countries, anywhere
    only when the document names no country clearly; a facility that already has a place
    inside it keeps that one."""
    fac = ch.filter(pl.col("_facility"), pl.col("_fc").is_null()).select(
        "chunk", "doc_id", fold_expr(pl.col("w0")).alias("key"))
    if fac.is_empty():
        return ch
    town = (keys().filter(pl.col("evidence") == "name").join(fac, on="key")
            .join(entities().filter(pl.col("kind") == "populated place"), on="id")
            .join(docs, on=["doc_id", "country_code"], how="left")
            .join(docs.group_by("doc_id").agg(pl.col("weight").max().alias("_dw")),
                  on="doc_id", how="left")
            .filter(pl.col("weight").is_not_null() | (pl.col("_dw").fill_null(0) < 2))
            .sort("weight", "population", descending=True, nulls_last=True)
            .unique("chunk", keep="first")
            .join(countries().select("country_code", pl.col("country").alias("_tc")),
                  on="country_code", how="left")
            .select("chunk", "_tc", pl.col("country_code").alias("_tcc"),
                    pl.col("lat").alias("_tlat"), pl.col("lon").alias("_tlon")))
    return ch.join(town, on="chunk", how="left").with_columns(
        pl.coalesce("_fc", "_tc").alias("_fc"), pl.coalesce("_fcc", "_tcc").alias("_fcc"),
        pl.coalesce("_flat", "_tlat").alias("_flat"),
        pl.coalesce("_flon", "_tlon").alias("_flon")).drop("_tc", "_tcc", "_tlat", "_tlon")


def place_rank() -> pl.Expr:
    """The one rule ranking a sentence's places as the event's place (lower is better): a
    populated place with a locative cue, a contextual one with a cue, any populated or
    contextual place, a place named inside an "(District, Province)" hint (the wider area
    of a place the gazetteer lacks), a subdivision, a country."""
    kind, cued = pl.col("kind"), pl.col("cue").is_not_null()
    hint = pl.col("in_hint").fill_null(False)
    return (pl.when(hint & kind.is_in(["populated place", "contextual"])).then(3)
            .when(hint).then(6)
            .when((kind == "populated place") & cued).then(0)
            .when((kind == "contextual") & cued).then(1)
            .when(kind.is_in(["populated place", "contextual"])).then(2)
            .when(kind == "admin1").then(4).otherwise(5))


def choose_place(places: pl.DataFrame, by: tuple[str, ...] = ("doc_id", "sent_no")
                 ) -> pl.DataFrame:
    """One place per `by` group: the best `place_rank`, then the first in the text.

    >>> p = pl.DataFrame({"doc_id": ["d"] * 3, "sent_no": [0] * 3, "pos": [0, 20, 30],
    ...     "name": ["Syria", "Hamah", "Hama"], "kind": ["country", "populated place", "admin1"],
    ...     "cue": [None, "in", "hint"], "in_hint": [False, False, True]})
    >>> choose_place(p)["name"].to_list()
    ['Hamah']
    """
    order = [*by, "_rank", *(c for c in ("sent_no", "pos") if c in places.columns and c not in by)]
    return (places.with_columns(place_rank().alias("_rank")).sort(order)
            .group_by(list(by), maintain_order=True).first().drop("_rank"))
