"""`threadline.counts`: real events per period and group, against a plain-Python reference on
the sample corpus and on hand-made rows; drawn as a stacked bar chart (structure only)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import polars as pl
import pytest
import threadline
import threadline.schema as schema
from threadline.timeline.counts import counts, counts_figure, datawrapper_table


def _reference(events: pl.DataFrame, by: tuple[str, ...], every: str) -> dict:
    """{(group..., period): real events}: one cluster once, dated by its narrowest report."""
    best: dict[tuple, tuple] = {}
    for r in events.iter_rows(named=True):
        if r["date_start"] is None:
            continue
        key = (*(r[c] for c in by), r["cluster_id"] or r["event_id"])
        width = ((r["date_end"] or r["date_start"]) - r["date_start"], r["event_id"])
        if key not in best or width < best[key][0]:
            best[key] = (width, r["date_start"])
    out: dict[tuple, int] = defaultdict(int)
    for key, (_, start) in best.items():
        if every == "1mo":
            period = start.replace(day=1)
        elif every == "1y":
            period = start.replace(month=1, day=1)
        else:  # "1w": weeks start on Monday
            period = start - dt.timedelta(days=start.weekday())
        out[(*key[:-1], period)] += 1
    return dict(out)


@pytest.mark.parametrize("every", ["1mo", "1w", "1y"])
@pytest.mark.parametrize("by", [("thread_id", "event_type"), ("event_type",), ("country",)])
def test_counts_match_a_reference(seed_pipeline, by, every) -> None:
    events = seed_pipeline["events"]
    table = threadline.counts(events, by=by, every=every)
    got = {(*row[:-3], row[-3]): row[-2] for row in table.rows()}
    assert got == _reference(events, by, every)
    assert table.columns == [*by, "period", "events", "reports"]
    assert table["period"].is_sorted()


def test_counts_cluster_once_undated_never() -> None:
    ev = schema.conform(pl.DataFrame({
        "event_id": ["a/E1", "b/E1", "c/E1", "d/E1"], "doc_id": ["a", "b", "c", "d"],
        "cluster_id": ["a/E1", "a/E1", None, None], "thread_id": "t",
        "event_type": "Battles",
        "date_start": [dt.date(2020, 3, 30), dt.date(2020, 4, 2), dt.date(2020, 4, 9), None],
        "date_end": [dt.date(2020, 4, 5), dt.date(2020, 4, 2), dt.date(2020, 4, 9), None]}),
        schema.EVENTS)
    table = counts(ev, by=("thread_id",))
    # the merged pair counts once, in the month of its most precise report (April)
    assert table.rows() == [("t", dt.date(2020, 4, 1), 2, 3)]


def test_counts_names_missing_columns() -> None:
    with pytest.raises(ValueError, match="admin1"):
        counts(pl.DataFrame({"event_id": ["a"], "date_start": [dt.date(2020, 1, 1)]}),
               by=("admin1",))


def test_counts_figure_stacks_one_trace_per_type(seed_pipeline) -> None:
    table = counts(seed_pipeline["events"], by=("thread_id", "event_type"))
    fig = counts_figure(table)
    assert fig.layout.barmode == "stack"
    names = [t.name for t in fig.data]
    assert len(names) == len(set(names)) == table["event_type"].fill_null("x").n_unique()
    total = sum(sum(t.y) for t in fig.data)
    assert total == table["events"].sum()
    periods = {x for t in fig.data for x in t.x}
    assert len(periods) == table["period"].n_unique() == fig.layout.meta["periods"]
    wide = datawrapper_table(table)
    assert wide.height == len(periods) and wide.drop("month").sum_horizontal().sum() == total
