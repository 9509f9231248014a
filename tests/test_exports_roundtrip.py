"""Every export loads back: Parquet, CSV (ACLED columns), TimelineJS JSON, TimeML (issue 4)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import polars as pl
import pytest
from threadline.exports import to_acled, to_timeml, write_exports

ACLED = ["event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type",
         "actor1", "actor2", "country", "location", "latitude", "longitude", "source", "notes"]


@pytest.fixture(scope="module")
def outdir(seed_pipeline, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("exports")
    p = seed_pipeline
    write_exports(out, p["documents"], p["mentions"], p["events"])
    return out


def test_parquet_round_trip(outdir: Path, seed_pipeline) -> None:
    back = pl.read_parquet(outdir / "events.parquet")
    assert back.equals(seed_pipeline["events"])


def test_csv_round_trip(outdir: Path, seed_pipeline) -> None:
    flat = to_acled(seed_pipeline["events"])
    back = pl.read_csv(outdir / "events.csv", schema=flat.schema)
    assert back.columns[: len(ACLED)] == ACLED
    assert back.equals(flat)
    assert back["thread_ids"].str.contains(";").any()


@pytest.mark.parametrize(("granularity", "precision"), [("day", 1), ("year", None)])
def test_acled_time_precision(seed_pipeline, granularity: str, precision: int | None) -> None:
    flat = to_acled(seed_pipeline["events"]).filter(pl.col("granularity") == granularity)
    assert flat.height > 0
    assert flat["time_precision"].to_list() == [precision] * flat.height
    if precision == 1:
        assert (flat["event_date"] == flat["date_start"]).all()
    else:
        assert flat["event_date"].null_count() == flat.height


def test_timelinejs_shape(outdir: Path, seed_pipeline) -> None:
    data = json.loads((outdir / "timeline.json").read_text(encoding="utf-8"))
    assert set(data) <= {"title", "events", "eras", "scale"}
    events = data["events"]
    dated = seed_pipeline["events"].filter(pl.col("date_start").is_not_null())
    assert len(events) == dated.height > 0
    for e in events:
        assert {"start_date", "display_date", "text", "group"} <= set(e)
        for key in ("start_date", "end_date"):
            if key in e:
                parts = e[key]
                assert "year" in parts and set(parts) <= {"year", "month", "day"}
                assert list(parts) == ["year", "month", "day"][: len(parts)]
                assert all(isinstance(v, int | str) for v in parts.values())
        assert set(e["text"]) == {"headline", "text"} and e["text"]["text"]
        assert "<" not in e["text"]["text"]
    by_id = {r["event_id"].replace("#", "-").replace("/", "-"): r
             for r in dated.iter_rows(named=True)}
    def whole_year(r: dict) -> bool:
        return r["granularity"] == "year" and (r["date_start"].month, r["date_start"].day,
                                               r["date_end"].month, r["date_end"].day) == (
            1, 1, 12, 31)

    years = [e for e in events if whole_year(by_id[e["unique_id"]])]
    assert years and all(set(e["start_date"]) == {"year"} and "end_date" not in e
                         for e in years)
    capped = [e for e in events if by_id[e["unique_id"]]["granularity"] == "year"
              and not whole_year(by_id[e["unique_id"]])]
    assert all(set(e["end_date"]) == {"year", "month", "day"} for e in capped)


def test_timeml_parses_back_with_the_mentions(outdir: Path, seed_pipeline) -> None:
    docs, mentions = seed_pipeline["documents"], seed_pipeline["mentions"]
    files = sorted((outdir / "timeml").glob("*.tml"))
    assert len(files) == docs.height
    xml = to_timeml(docs, mentions)
    for doc in docs.iter_rows(named=True):
        root = ET.fromstring(xml[doc["doc_id"]])
        text = root.find("TEXT")
        assert "".join(text.itertext()) == doc["text"]
        tagged = [(t.text, t.get("value")) for t in text.iter("TIMEX3")]
        ours = mentions.filter(pl.col("doc_id") == doc["doc_id"]).sort("start")
        assert tagged == list(zip(ours["text"], ours["value"].fill_null(""), strict=True))
    ET.parse(files[0])
