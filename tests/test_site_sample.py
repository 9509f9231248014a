"""Sites of large event tables: true totals gathered part by part, and thread pages capped to
their most-reported real events, saying so (`threadline.timeline.sample`, `html.write_site`)."""

from __future__ import annotations

import re

import polars as pl
from threadline.timeline.lanes import real_events, thread_table
from threadline.timeline.pages import page_id, write_site
from threadline.timeline.sample import TOTALS, site_sample


def _cluster_parts(events: pl.DataFrame, n: int) -> list[pl.DataFrame]:
    """`events` cut into `n` parts that never split a same-event cluster (as the shuffle)."""
    key = pl.col("cluster_id").fill_null(pl.col("event_id")).hash(seed=7) % n
    return [events.filter(key == i) for i in range(n)]


def test_site_sample_totals_from_parts_equal_whole_table(seed_pipeline):
    events = seed_pipeline["events"]
    parts = _cluster_parts(events, 4)
    assert sum(p.height for p in parts) == events.height and min(p.height for p in parts) > 0
    totals, shown, n = site_sample(iter(parts), cap=10_000)
    whole = thread_table(events).select(TOTALS)
    print(f"\n{whole.height} threads, {events.height} events over 4 parts")
    assert n == events.height
    assert totals.sort("thread").equals(whole.sort("thread"))
    assert shown.sort("event_id").equals(events.sort("event_id"))  # under the cap: everything


def test_site_sample_keeps_the_most_reported_per_thread(seed_pipeline):
    events = seed_pipeline["events"]
    cap = 2
    totals, shown, _ = site_sample(_cluster_parts(events, 3), cap=cap)
    real = real_events(events)
    for thread, n_real in totals.select("thread", "events").iter_rows():
        mine = real.filter(pl.col("thread") == thread)
        kept = real_events(shown, thread=thread)
        assert mine.height == n_real
        assert kept.height >= min(cap, n_real)
        # no real event left out is reported by more sources than one kept
        best_dropped = mine.join(kept, on="event_id", how="anti")["n_sources"].max() or 0
        assert best_dropped <= kept["n_sources"].max()
    assert shown.height < events.height


def test_site_pages_capped_say_so(seed_pipeline, tmp_path):
    events, documents = seed_pipeline["events"], seed_pipeline["documents"]
    write_site(tmp_path, documents, events, per_thread=2)
    totals = thread_table(events)
    big = totals.filter(pl.col("events") > 2)
    assert big.height > 0
    for tid, total in big.select("thread", "events").iter_rows():
        page = (tmp_path / "timelines" / f"{page_id(tid)}.html").read_text(encoding="utf-8")
        note = re.search(r"Showing the (\d+) most-reported of (\d+) events", page)
        assert note and int(note[2]) == total and int(note[1]) < total, tid
        dated = re.search(r"Dated events \((\d+)\)", page)
        assert dated is None or int(dated[1]) <= int(note[1])
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert f"{events.height} event mentions" in index  # counts stay those of the whole table
    assert "most-reported of" in index
    small = tmp_path / "all"
    write_site(small, documents, events)  # the default cap is far above the seed corpus
    assert "most-reported" not in (small / "index.html").read_text(encoding="utf-8")
