"""Short readable names of ACLED actors for thread labels: "Military Forces of Iraq (2003-)"
reads "Iraqi forces", "Police Forces of the United Kingdom" "British police", "SDF: Syrian
Democratic Forces" "Syrian Democratic Forces". ACLED's naming conventions (its codebook), not
any corpus: a state's forces are named "Military/Police Forces of <country>", a group with a
known acronym "<ACRONYM>: <name>", and a period or place qualifier goes in parentheses."""

from __future__ import annotations

import functools
import re

#: ACLED's state-actor names: the kind of force and its country.
STATE = re.compile(r"^(Military|Police) Forces of (?:the )?(.+)$")
#: What each kind of state force is called after its country's demonym.
FORCE_WORD = {"Military": "forces", "Police": "police"}
#: ACLED's "ACRONYM: Full Name" (the full name is what a reader recognises).
ACRONYM = re.compile(r"^[A-Z0-9][A-Za-z0-9\-&'.]*: (.+)$")
#: A trailing parenthesised qualifier: years, a country, a faction.
QUALIFIER = re.compile(r" \([^()]*\)$")


@functools.cache
def country_demonyms() -> dict[str, str]:
    """Country name (lower case, common and official spellings) -> demonym ("Iraq" ->
    "Iraqi"), from countryinfo."""
    import countryinfo

    out: dict[str, str] = {}
    for c in countryinfo.all_countries():
        dem = c.demonym()
        if not dem:
            continue
        for name in [c.name(), *(c.alt_spellings() or [])]:
            if name:
                out.setdefault(name.lower(), dem)
    return out


def short_actor(name: str) -> str:
    """A state force by its country's demonym, an acronymed group by its full name, without
    ACLED's trailing qualifier; any other name as it is.

    >>> short_actor("Military Forces of Iraq (2003-)")
    'Iraqi forces'
    >>> short_actor("SDF: Syrian Democratic Forces")
    'Syrian Democratic Forces'
    >>> short_actor("Police Forces of the United Kingdom"), short_actor("Hezbollah")
    ('British police', 'Hezbollah')
    >>> short_actor("Islamic State (Syria)"), short_actor("Military Forces of Atlantis")
    ('Islamic State', 'Military Forces of Atlantis')
    """
    bare = QUALIFIER.sub("", name)
    if m := STATE.match(bare):
        dem = country_demonyms().get(m.group(2).lower())
        return f"{dem} {FORCE_WORD[m.group(1)]}" if dem else bare
    if m := ACRONYM.match(bare):
        return m.group(1)
    return bare or name
