"""Same-event clusters as cliques: two clusters join only if every cross pair is linked.

Linked pairs (`threadline.threads.pairs.linked_pairs`) are taken strongest first; a pair
whose reports sit in different clusters merges them when *every* report of one is linked to
every report of the other, so a cluster never grows by a chain of look-alikes (A ~ B ~ C with
A and C apart). A cluster whose dates are all inherited ("by then") must agree on one date.
Clusters hold reports of one event, so the cross checks stay small: the work is linear in the
linked pairs times the (bounded) cluster sizes.
"""

from __future__ import annotations

import polars as pl


def clique_roots(reports: pl.DataFrame, linked: pl.DataFrame) -> list[int]:
    """Cluster root (the smallest row number of its cluster) of every report row ``i``."""
    n = reports.height
    root = list(range(n))
    members: dict[int, list[int]] = {}
    edges = set(zip(linked["i"].to_list(), linked["j"].to_list(), strict=True))
    kind = reports["kind"].to_list()
    dates = list(zip(reports["date_start"].to_list(), reports["date_end"].to_list(),
                     strict=True))
    for i, j in zip(linked["i"].to_list(), linked["j"].to_list(), strict=True):
        a, b = root[i], root[j]
        if a == b:
            continue
        left, right = members.get(a, [a]), members.get(b, [b])
        if not all((min(x, y), max(x, y)) in edges for x in left for y in right):
            continue
        both = left + right
        explicit = any(kind[m] in ("fine", "coarse") for m in both)
        if not explicit and len({dates[m] for m in both if kind[m] == "inherited"}) > 1:
            continue  # only inherited dates: they must be the same date
        keep, drop = min(a, b), max(a, b)
        for m in members.pop(drop, [drop]):
            root[m] = keep
        members[keep] = sorted(both)
    return root


def _join(items: list[str], most: int = 3) -> str:
    return ", ".join(items[:most]) + (f" and {len(items) - most} more" if len(items) > most
                                      else "")


def cluster_reason(rows: list[dict]) -> str:
    """A short readable sentence (at most 300 characters) naming what the reports of one
    cluster share: the date, the place, the actors and weapons more than one names, the type.

    >>> cluster_reason([{"doc_id": "a", "date": "2020-04-20", "granularity": "day", "days": 1,
    ...     "location": "Palmyra", "fam": ["Israel"], "weap": [], "trigger": "strike",
    ...     "event_type": "Explosions/Remote violence", "kind": "fine", "precision": "exact"},
    ...    {"doc_id": "b", "date": "2020-04-20", "granularity": "day", "days": 1,
    ...     "location": "Palmyra",
    ...     "fam": ["Israel"], "weap": [], "trigger": "raid", "kind": "fine",
    ...     "event_type": "Explosions/Remote violence", "precision": "exact"}])
    '2 reports in 2 documents of one event: 2020-04-20 (day), at Palmyra, actors Israel; \
Explosions/Remote violence (raid, strike)'
    """
    if len(rows) == 1:
        return "single report: no other report matches it"
    dated = [r for r in rows if r["kind"] in ("fine", "coarse")] or [
        r for r in rows if r["kind"] == "inherited"]
    parts = []
    if dated:
        finest = min(dated, key=lambda r: (r["days"], r["date"] or ""))
        parts.append(f"{finest['date']} ({finest['granularity'] or 'no precision'})")
    places = sorted({r["location"] for r in rows if r["precision"] == "exact"})
    if places:
        parts.append(f"at {_join(places, 2)}")

    def shared(key: str) -> list[str]:
        seen: dict[str, int] = {}
        for r in rows:
            for x in r[key]:
                seen[x] = seen.get(x, 0) + 1
        return sorted(x for x, c in seen.items() if c > 1)

    if actors := shared("fam"):
        parts.append(f"actors {_join(actors)}")
    if weapons := shared("weap"):
        parts.append(f"weapon {_join(weapons, 2)}")
    types = sorted({r["event_type"] for r in rows if r["event_type"]})
    triggers = sorted({r["trigger"] for r in rows if r["trigger"]})
    docs = len({r["doc_id"] for r in rows})
    text = (f"{len(rows)} reports in {docs} document{'s' if docs > 1 else ''} of one event: "
            + ", ".join(parts) + f"; {' / '.join(types) or 'type unknown'}"
            + (f" ({_join(triggers)})" if triggers else ""))
    return text if len(text) <= 300 else text[:299] + "…"
