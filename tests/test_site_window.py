"""Far-off dates: the default window of a figure is where the events are; a far-off date is
listed apart (never drawn), so it moves neither the axis nor the range slider."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
import threadline.schema as schema
from threadline.timeline.figures import drawn_marks, timeline
from threadline.timeline.window import split_far


def _events(extra: list[tuple[str, dt.date, dt.date]]) -> pl.DataFrame:
    days = [(f"d/E{i:03d}", dt.date(2019, 1, 1) + dt.timedelta(days=9 * i),
             dt.date(2019, 1, 1) + dt.timedelta(days=9 * i)) for i in range(40)]
    rows = days + extra
    return schema.conform(pl.DataFrame({
        "event_id": [r[0] for r in rows], "doc_id": "d", "sentence": "Shelling hit the town.",
        "date_start": [r[1] for r in rows], "date_end": [r[2] for r in rows],
        "event_type": "Battles", "thread_id": "t", "thread_label": "T",
        "thread_ids": [["t"]] * len(rows)}), schema.EVENTS)


@pytest.mark.parametrize(("far", "label"), [
    ((dt.date(1250, 1, 1), dt.date(1299, 12, 31)), "a 13th-century citadel"),
    ((dt.date(2061, 1, 1), dt.date(2061, 12, 31)), "a typo or a forecast"),
    ((dt.date(1900, 1, 1), dt.date(1999, 12, 31)), "the 20th century"),
])
def test_window_far_off_date_listed_apart(far, label) -> None:
    plain, with_far = _events([]), _events([("x/E001", *far)])
    fig_plain, fig_far = timeline(plain), timeline(with_far)
    assert fig_far.layout.xaxis.range == fig_plain.layout.xaxis.range, label
    drawn = {c[1] for t in fig_far.data for c in t.customdata}
    assert "x/E001" not in drawn and len(drawn) == 40
    assert fig_far.layout.meta["far"] == 1 and "1 far-off date" in (
        fig_far.layout.annotations[0].text)
    _, apart = drawn_marks(with_far)
    assert apart["event_id"].to_list() == ["x/E001"]


@pytest.mark.parametrize("years_before", [1, 5, 9])
def test_window_keeps_the_years_before_a_war(years_before: int) -> None:
    start = dt.date(2019 - years_before, 3, 1)
    events = _events([("x/E001", start, start)])
    inside, far = drawn_marks(events)
    assert far.height == 0 and "x/E001" in inside["event_id"].to_list()
    again, apart = split_far(inside)
    assert again.height == inside.height and apart.height == 0


def test_window_of_the_sample_drops_nothing(seed_pipeline) -> None:
    marks, far = drawn_marks(seed_pipeline["events"])
    assert far.height == 0 and marks.height > 50
