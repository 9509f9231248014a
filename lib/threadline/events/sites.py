"""Sites: the facilities and nominal places an event's sentence names (sites.yaml).

A site is a determiner phrase whose head is a site noun ("a crowded market", "the police
station", "their home"), read as written; it fills the EVENTS `sites` column (a list, in text
order), beside the gazetteer place of `location`.
"""

from __future__ import annotations

import functools
import re

import polars as pl

from threadline.events.vocab import _entries, inflect
from threadline.resources import load_yaml

_DETS = (r"the|a|an|this|that|these|those|its|their|his|her|our|another|several|many|some|"
         r"numerous|two|three|four|five|six|seven|eight|nine|ten|dozens of|hundreds of|\d+")
#: Words that end a modifier run: a site's modifiers are never function words ("and" joins two
#: heads: "a clinic and pharmacy").
_FUNCTION = (r"the|a|an|this|that|these|those|of|in|on|at|to|for|from|by|with|but|near|"
             r"into|as|is|was|were|are|be|been|has|have|had|it|its|their|his|her|our|who|"
             r"which|where|when|after|before|during|over|under|than|not|said|says")
#: A head followed by one of these modifies people, not a place ("border guards").
_PEOPLE = (r"guards?|staff|officials?|police|forces|workers|authorities|director|chief|"
           r"managers?|teachers?|pupils|students|doctors|nurses|residents|leaders?|members?")


@functools.cache
def _entries_of() -> list[dict]:
    where = "resources/en/events/sites.yaml"
    return _entries(load_yaml("en/events/sites.yaml"), "entries", where, ("nouns",))


@functools.cache
def site_nouns() -> dict[str, list[str]]:
    """Entry id -> the surface forms of its nouns (lemmas and plurals)."""
    return {e["id"]: sorted({f for n in e["nouns"] for f in inflect(n, "NOUN")})
            for e in _entries_of()}


@functools.cache
def _bare_plurals() -> list[str]:
    """Plural site nouns that are a site without a determiner ("destroyed homes"), those that
    are also verbs ("houses", "bases") left out (sites.yaml `verb_like`)."""
    verbs = set(load_yaml("en/events/sites.yaml").get("verb_like", []))
    return sorted({f for e in _entries_of() for n in e["nouns"] for f in inflect(n, "NOUN")
                   if f != n and f.endswith("s") and f.split()[-1] not in verbs})


def _alternation(forms: list[str] | set[str]) -> str:
    ordered = sorted(set(forms), key=len, reverse=True)
    return "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in ordered)


@functools.cache
def site_pattern() -> str:
    """The regex of a candidate site phrase: determiners, at most two words, a site noun, and a
    hyphen tail or a people word after it if there is one (such candidates are dropped by
    `sites_expr`); or a bare plural site noun."""
    nouns = _alternation({f for fs in site_nouns().values() for f in fs})
    mass = _alternation(load_yaml("en/events/sites.yaml").get("mass_nouns", []))
    modifier = r"(?:(?:(?-i:\p{Lu})[\w’'-]*|[\w’']+-[\w’'-]+)\s+)?"
    return (rf"(?i)\b(?:(?:(?:{_DETS})\s+)+(?:[A-Za-z][\w’'-]*\s+){{0,2}}(?:{nouns})"
            rf"|(?:{_alternation(_bare_plurals())})|{modifier}(?:{mass}))\b(?:-\w+)?"
            rf"(?:\s+(?:{_PEOPLE})\b)?")


def sites_expr(sentence: pl.Expr) -> pl.Expr:
    """The site phrases of each sentence, as written, in text order: candidates whose
    modifiers hold no function word, that end in no hyphen tail ("town-based") and that no
    people word follows; a mass noun needs no determiner ("Lebanese airspace").

    >>> s = pl.DataFrame({"s": ["A shell hit a crowded market near the old bridge."]})
    >>> s.select(sites_expr(pl.col("s")))["s"].to_list()
    [['a crowded market', 'the old bridge']]
    """
    dets = rf"(?i)^(?:(?:{_DETS})\s+)*((?:{_DETS})\s+)"  # "that the town": the last one
    bad = pl.element().str.replace(dets, "").str.contains(rf"(?i)(?:^|\s)(?:{_FUNCTION})\s")
    people = pl.element().str.contains(rf"(?i)\s(?:{_PEOPLE})$|-\w+$")
    return sentence.str.extract_all(site_pattern()).list.eval(
        pl.element().filter(~bad & ~people).str.replace(dets, "${1}"))
