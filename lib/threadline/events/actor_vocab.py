"""Actor vocabulary: every country's forces by rule, armed groups and generic agents as data.

State forces are not a list: for every country that countryinfo knows (names, demonyms) and
pycountry codes, "{demonym} {military noun}" and "{country}'s {noun}" name its forces, with
ACLED's spelling of the country. Armed groups come from armed_groups.yaml, generic agents and
targets (gunmen, protesters, villagers) from generic_actors.yaml. `actor_lexicon` is the one
frame `match_terms` runs over (cached).
"""

from __future__ import annotations

import functools

import polars as pl
import pycountry
from countryinfo import all_countries

from threadline.events.vocab import _entries, _key, inflect
from threadline.resources import load_yaml

_DIR = "en/events"
#: ACLED's actor category of each inter code (unidentified groups are set by their rule).
CATEGORY = {1: "state", 2: "rebel", 3: "political_militia", 4: "identity_militia",
            5: "rioters", 6: "protesters", 7: "civilians", 8: "external"}


@functools.cache
def generic() -> dict:
    """The parsed generic_actors.yaml."""
    return load_yaml(f"{_DIR}/generic_actors.yaml")


@functools.cache
def countries() -> pl.DataFrame:
    """One row per country: iso2, country (ACLED's spelling), demonyms (list), names (list)."""
    conf = generic()["countries"]
    spelling, extra = conf["acled_spelling"], conf["demonym_extra"]
    blocked = set(conf["not_state"])
    rows: dict[str, dict] = {}
    for c in all_countries():
        info = c.info()
        iso2 = (info.get("ISO") or {}).get("alpha2")
        if not iso2 or iso2 in rows or pycountry.countries.get(alpha_2=iso2) is None:
            continue
        name = spelling.get(iso2, info.get("name"))
        dem = [d.strip() for d in (info.get("demonym") or "").split(",") if d.strip()]
        rows[iso2] = {"iso2": iso2, "country": name, "demonyms": dem,
                      "names": [name, info.get("name")], "population": info.get("population") or 0}
    for iso2, name in spelling.items():
        rows.setdefault(iso2, {"iso2": iso2, "country": name, "demonyms": [], "names": [name],
                               "population": 0})
    owner: dict[str, tuple[int, str]] = {}  # a shared demonym goes to the most populous
    for r in rows.values():
        r["demonyms"] = sorted({*r["demonyms"], *extra.get(r["country"], [])} - blocked)
        r["names"] = sorted({n for n in r["names"] if n})
        for d in r["demonyms"]:
            if d not in owner or owner[d][0] < r["population"]:
                owner[d] = (r["population"], r["iso2"])
    for r in rows.values():
        r["demonyms"] = [d for d in r["demonyms"] if owner[d][1] == r["iso2"]]
    return pl.DataFrame(list(rows.values())).drop("population")


def of_country(template: str, country: str | None) -> str:
    """Fill {country} in an ACLED name; "of the X" for names that take the article; without a
    country the qualifier is dropped ("Protesters", "Military Forces").

    >>> of_country("Military Forces of {country}", "Philippines")
    'Military Forces of the Philippines'
    >>> of_country("Protesters ({country})", None)
    'Protesters'
    """
    if "{country}" not in template:
        return template
    if not country:
        return template.replace(" of {country}", "").replace(" ({country})", "").strip()
    if country in generic()["countries"]["with_article"]:
        template = template.replace("of {country}", "of the {country}")
    return template.replace("{country}", country)


def _row(rule: str, form: str, name: str | None, inter: int | None, category: str, role: str,
         country: str | None = None, group: str | None = None, exact: bool = False,
         adjacent: bool = False, acronym: bool = False, homes: list[str] | None = None) -> dict:
    return {"actor_rule": rule, "form": form, "key": _key(form), "exact_case": exact,
            "name": name, "inter": inter, "category": category, "role": role,
            "fixed_country": country, "group": group, "adjacent": adjacent, "acronym": acronym,
            "homes": homes}


def _plurals(pattern: str) -> list[str]:
    return inflect(pattern, "NOUN") if pattern == pattern.lower() else [pattern]


#: A group alias ending in one of these nouns also names its members and its plural
#: ("Fulani militia" -> "Fulani militiamen", "Fulani militias").
_MEMBER_FORMS = {"militia": ("militias", "militiamen", "militiaman"),
                 "gunmen": ("gunman",), "fighters": ("fighter",)}


def _member_forms(alias: str) -> list[str]:
    """`alias` and the member/plural forms of its last noun (see `_MEMBER_FORMS`).

    >>> _member_forms("Fulani militia")
    ['Fulani militia', 'Fulani militias', 'Fulani militiamen', 'Fulani militiaman']
    >>> _member_forms("Boko Haram")
    ['Boko Haram']
    """
    head, _, last = alias.rpartition(" ")
    forms = _MEMBER_FORMS.get(last.lower(), ()) if head else ()
    return [alias, *(f"{head} {f}" for f in forms)]


def _state_rows() -> list[dict]:
    """Country names (as an agent right before a trigger: "Israel struck"), demonyms and the
    state-forces nouns; `actors.actor_mentions` joins a demonym or a country's possessive with
    the noun that follows it ("Syrian troops", "Turkey's army") into that state's forces."""
    conf = generic()["state_forces"]
    rows = []
    for kind in ("military", "police", "government"):
        for noun in conf[kind]:
            for form in _plurals(noun):
                rows.append(_row(f"state_noun:{kind}", form, None, None, "state", "either"))
    for c in countries().iter_rows(named=True):
        military = of_country(conf["names"]["military"], c["country"])
        for cname in c["names"]:
            rows.append(_row(f"state_by_name:{c['iso2']}", cname, military, None, "state",
                             "agent", c["country"], exact=True, adjacent=True))
        for dem in c["demonyms"]:
            rows.append(_row(f"demonym:{c['iso2']}", dem, None, None, "state", "either",
                             c["country"], exact=True))
    return rows


@functools.cache
def state_names() -> pl.DataFrame:
    """(noun_kind, fixed_country, name): the ACLED name of each kind of every state's forces."""
    names = generic()["state_forces"]["names"]
    rows = [(kind, c, of_country(t, c)) for kind, t in names.items()
            for c in countries()["country"]]
    return pl.DataFrame(rows, schema=["noun_kind", "fixed_country", "name"], orient="row")


def _group_rows() -> list[dict]:
    where = f"resources/{_DIR}/armed_groups.yaml"
    data = load_yaml(f"{_DIR}/armed_groups.yaml")
    rows = []
    for key in ("groups", "state_units"):
        for g in _entries(data, key, where, ("acled_name", "inter", "aliases")):
            cat = CATEGORY[int(g["inter"])]
            homes = list(g.get("countries") or []) or None
            fixed = homes[0] if homes and len(homes) == 1 else None
            for alias in g["aliases"]:
                titled = all(w[:1].isupper() for w in alias.split() if w[:1].isalpha())
                for form in _member_forms(alias):
                    rows.append(_row(f"group:{g['id']}", form, g["acled_name"],
                                     int(g["inter"]), cat, "either", fixed, exact=titled,
                                     homes=homes))
            for acro in g.get("acronyms") or []:
                rows.append(_row(f"group:{g['id']}", acro, g["acled_name"], int(g["inter"]),
                                 cat, "either", fixed, exact=True, acronym=True, homes=homes))
    return rows


def _generic_rows() -> list[dict]:
    where = f"resources/{_DIR}/generic_actors.yaml"
    rows = []
    for r in _entries(generic(), "rules", where, ("patterns", "acled_name", "inter",
                                                   "category", "role")):
        for pattern in r["patterns"]:
            for form in _plurals(pattern):
                rows.append(_row(f"generic:{r['id']}", form, r["acled_name"], int(r["inter"]),
                                 r["category"], r["role"], group=r.get("group"),
                                 exact=pattern != pattern.lower()))
    for phrase in generic().get("not_actors") or []:
        rows.append(_row("not_actor", phrase, "", None, "none", "none"))
    return rows


@functools.cache
def actor_lexicon() -> pl.DataFrame:
    """Every actor surface form: actor_rule, form, key, exact_case, name (maybe with
    {country}), inter (null: decided by the event's country), category, role, fixed_country,
    group, adjacent, acronym, homes (a group's countries), shared (an acronym of several
    groups: "IAF"). Named groups win over generic rules for the same form; rows without a name
    (demonyms, state nouns) only name an actor joined by `actors.actor_mentions`."""
    rows = [*_group_rows(), *_generic_rows(), *_state_rows()]
    schema = {"actor_rule": pl.String, "form": pl.String, "key": pl.String,
              "exact_case": pl.Boolean, "name": pl.String, "inter": pl.Int64,
              "category": pl.String, "role": pl.String, "fixed_country": pl.String,
              "group": pl.String, "adjacent": pl.Boolean, "acronym": pl.Boolean,
              "homes": pl.List(pl.String)}
    frame = pl.DataFrame(rows, schema=schema).unique(["key", "exact_case", "form", "actor_rule"],
                                                     keep="first", maintain_order=True)
    shared = pl.col("acronym") & (pl.col("actor_rule").n_unique().over("form", "acronym") > 1)
    return frame.with_columns(shared.alias("shared"))


@functools.cache
def country_forms() -> pl.DataFrame:
    """Country names and demonyms as written -> ACLED country: what a document talks about."""
    c = countries()
    names = c.select("country", pl.col("names").alias("form")).explode("form")
    dems = c.select("country", pl.col("demonyms").alias("form")).explode("form")
    both = pl.concat([names, dems]).drop_nulls().unique(["form"], keep="first")
    return both.with_columns(pl.col("form").map_elements(_key, return_dtype=pl.String)
                             .alias("key"), pl.lit(True).alias("exact_case"))
