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
#: Words that end a modifier run: a site's modifiers are never function words.
_FUNCTION = (r"the|a|an|this|that|these|those|of|in|on|at|to|for|from|by|with|and|or|but|near|"
             r"into|as|is|was|were|are|be|been|has|have|had|it|its|their|his|her|our|who|"
             r"which|where|when|after|before|during|over|under|than|not|said|says")
#: A head followed by one of these modifies people, not a place ("border guards").
_PEOPLE = (r"guards?|staff|officials?|police|forces|workers|authorities|director|chief|"
           r"managers?|teachers?|pupils|students|doctors|nurses|residents|leaders?|members?")


@functools.cache
def site_nouns() -> dict[str, list[str]]:
    """Entry id -> the surface forms of its nouns (lemmas and plurals)."""
    where = "resources/en/events/sites.yaml"
    out = {}
    for e in _entries(load_yaml("en/events/sites.yaml"), "entries", where, ("nouns",)):
        out[e["id"]] = sorted({f for n in e["nouns"] for f in inflect(n, "NOUN")})
    return out


@functools.cache
def site_pattern() -> str:
    """The regex of a candidate site phrase: determiner, at most two words, a site noun, and a
    people word after it if there is one (such candidates are dropped by `sites_expr`)."""
    forms = sorted({f for fs in site_nouns().values() for f in fs}, key=len, reverse=True)
    nouns = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms)
    return (rf"(?i)\b(?:{_DETS})\s+(?:[A-Za-z][\w’'-]*\s+){{0,2}}(?:{nouns})\b"
            rf"(?:-\w+)?(?:\s+(?:{_PEOPLE})\b)?")


def sites_expr(sentence: pl.Expr) -> pl.Expr:
    """The site phrases of each sentence, as written, in text order: candidates whose
    modifiers hold no function word, that end in no hyphen tail ("town-based") and that no
    people word follows.

    >>> s = pl.DataFrame({"s": ["A shell hit a crowded market near the old bridge."]})
    >>> s.select(sites_expr(pl.col("s")))["s"].to_list()
    [['a crowded market', 'the old bridge']]
    """
    det = rf"(?i)^(?:{_DETS})\s+"
    bad = pl.element().str.replace(det, "").str.contains(rf"(?i)(?:^|\s)(?:{_FUNCTION})\s")
    people = pl.element().str.contains(rf"(?i)\s(?:{_PEOPLE})$|-\w+$")
    return sentence.str.extract_all(site_pattern()).list.eval(
        pl.element().filter(~bad & ~people))
