"""events.csv and counts.csv open safely in a spreadsheet: text cells bounded with a marker,
cells that could start a formula neutralised as OWASP advises, lists joined; counts.csv has
Datawrapper's layout (month first, one column per event type)."""

from __future__ import annotations

import csv
import datetime as dt

import polars as pl
import pytest
import threadline.schema as schema
from threadline.exports import write_event_files
from threadline.exports.spreadsheet import MAX_CELL, spreadsheet_safe

STARTS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tTAB", "\rCR"]


def _events() -> pl.DataFrame:
    n = len(STARTS) + 1
    return schema.conform(pl.DataFrame({
        "event_id": [f"d{i}/E001" for i in range(n)], "doc_id": [f"d{i}" for i in range(n)],
        "sentence": [f"{s} rebels shelled the ridge." for s in STARTS] + ["x" * 5000],
        "actor1": STARTS + ["Rebels"],
        "date_start": [dt.date(2021, 3, 1)] * 4 + [dt.date(2021, 4, 2)] * (n - 4),
        "date_end": [dt.date(2021, 3, 1)] * 4 + [dt.date(2021, 4, 2)] * (n - 4),
        "event_type": ["Battles"] * 5 + ["Protests"] * (n - 5),
        "thread_ids": [["a", "b"]] * n, "lat": [-12.5] * n,
    }), schema.EVENTS)


def _cells(path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_events_csv_cells_are_safe(tmp_path) -> None:
    write_event_files(tmp_path, [_events()])
    rows = _cells(tmp_path / "events.csv")
    assert len(rows) == len(STARTS) + 1
    for row in rows:
        for col, value in row.items():
            if col in ("latitude", "lat", "longitude", "lon"):
                continue  # numbers stay numbers ("-12.5")
            assert value[:1] not in ("=", "+", "-", "@", "\t", "\r"), (col, value)
            assert len(value) <= MAX_CELL, col
    starts = {r["actor1"] for r in rows}
    assert {"'" + s for s in STARTS} <= starts  # neutralised, not dropped
    long = next(r["notes"] for r in rows if r["notes"].startswith("xxx"))
    assert long.endswith("… [cut: 5000 characters]") and len(long) == MAX_CELL
    assert {r["thread_ids"] for r in rows} == {"a;b"}
    assert {r["latitude"] for r in rows} == {"-12.5"}


@pytest.mark.parametrize("parts", [1, 3])
def test_counts_csv_for_datawrapper(tmp_path, parts: int) -> None:
    ev = _events()
    chunks = [ev[i::parts] for i in range(parts)]
    write_event_files(tmp_path, chunks)
    table = pl.read_csv(tmp_path / "counts.csv")
    assert table.columns == ["month", "Battles", "Protests"]
    assert table.rows() == [("2021-03", 4, 0), ("2021-04", 1, 2)]


def test_spreadsheet_safe_keeps_other_types() -> None:
    frame = pl.DataFrame({"n": [-1], "d": [dt.date(2020, 1, 1)], "s": ["-1"]})
    out = spreadsheet_safe(frame)
    assert out.schema["n"] == pl.Int64 and out.schema["d"] == pl.Date
    assert out.row(0) == (-1, dt.date(2020, 1, 1), "'-1")
