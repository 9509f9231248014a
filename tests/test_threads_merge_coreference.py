"""Coreferent reports that share little wording: an unknown attacker, a vaguer date, a place
taken from the story, still merge when ACLED's rule holds; near misses stay apart (sentences
written for this test)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from threadline.schema import EVENTS, conform
from threadline.threads import merge_events

D = dt.date
BOMB, VAC, BATTLE = "Explosions/Remote violence", "Violence against civilians", "Battles"
TOWN, OTHER = ("Kirkuk", 35.468, 44.392), ("Basra", 30.508, 47.783)


def _report(eid: str, text: str, span: tuple[dt.date, dt.date], kind: str, actor1: str | None,
            place: tuple | None, named: bool = True, anchor: str = "mention",
            trigger: str = "attack", country: str = "Iraq") -> dict:
    families = [a for a in [actor1] if a and not a.startswith("Unidentified")]
    return {"event_id": eid, "doc_id": eid.split("/")[0], "start": int(eid[-1]) * 100,
            "sentence": text, "trigger": trigger, "event_type": kind, "anchor": anchor,
            "date_start": span[0], "date_end": span[1], "actor1": actor1,
            "actors": [a for a in [actor1] if a], "actor_families": families, "weapons": [],
            "location": place[0] if place else None, "lat": place[1] if place else None,
            "lon": place[2] if place else None, "places": [place[0]] if place and named else [],
            "location_kind": "populated place" if place else None, "country": country,
            "factuality": "asserted"}


def _merge(rows: list[dict]) -> dict[str, list[str]]:
    frame = pl.DataFrame(rows, schema_overrides={c: pl.List(pl.String) for c in (
        "actors", "actor_families", "weapons", "places")})
    out = merge_events(conform(frame, EVENTS))
    return dict(zip(out["event_id"], out["cluster_members"].to_list(), strict=True))


DAY = (D(2021, 1, 3), D(2021, 1, 3))
MONTH, YEAR = (D(2021, 1, 1), D(2021, 1, 31)), (D(2021, 1, 1), D(2021, 12, 31))


@pytest.mark.parametrize(("rows", "together", "why"), [
    ([_report("a/E1", "Gunmen killed the governor in Kirkuk on 3 January.", DAY, VAC,
              "Unidentified Armed Group (Iraq)", TOWN, trigger="kill"),
      _report("b/E1", "A militia's bomb killed the governor in Kirkuk on Sunday.", DAY, BOMB,
              "Islamic State", TOWN, trigger="bomb")],
     True, "an unidentified attacker is nobody's side: same day, town and violence"),
    ([_report("a/E1", "His killing in Kirkuk earlier this year changed the war.", YEAR, VAC,
              "Unidentified Armed Group (Iraq)", TOWN, trigger="killing"),
      _report("b/E1", "He died in an air strike in Kirkuk in January 2021.", MONTH, BOMB,
              "Military Forces of the United States", TOWN, trigger="strike")],
     True, "a year inside which the month lies, the same town, both violent"),
    ([_report("a/E1", "Police fought rebels in Kirkuk on 3 January.", DAY, BATTLE,
              "Police Forces of Iraq", TOWN, trigger="fight"),
      _report("b/E1", "Rebels fought police in Basra on 3 January.", DAY, BATTLE,
              "Police Forces of Iraq", OTHER, trigger="fight")],
     False, "another town, named in both sentences"),
    ([_report("a/E1", "Police fought rebels in Kirkuk on 3 January.", DAY, BATTLE,
              "Police Forces of Iraq", TOWN, trigger="fight"),
      _report("b/E1", "Later police fought the rebels again.", DAY, BATTLE,
              "Police Forces of Iraq", OTHER, named=False, anchor="narrative", trigger="fight")],
     True, "the second report's town is the story's, not its sentence's: only its country"),
    ([_report("a/E1", "Police fought rebels in Kirkuk on 3 January.", DAY, BATTLE,
              "Police Forces of Iraq", TOWN, trigger="fight"),
      _report("b/E1", "Later police fought the rebels again.", DAY, BATTLE,
              "Police Forces of Iraq", OTHER, named=False, anchor="narrative", trigger="fight",
              country="Syria")],
     False, "a story's place in another country"),
])
def test_coreferent_reports_merge_and_near_misses_do_not(rows: list[dict], together: bool,
                                                         why: str) -> None:
    clusters = _merge(rows)
    assert (clusters["a/E1"] == ["a/E1", "b/E1"]) is together, why
