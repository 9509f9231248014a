"""The site ships a partial plotly.js bundle (bar, scatter, scattergeo): it holds every trace
type the site draws, it is the plotly package's version (else the full bundle is written),
it is small, and its licence travels with it."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
import threadline.schema as schema
from plotly.offline import get_plotlyjs_version
from threadline.timeline.assets import (
    FILES,
    partial_bundle,
    plotlyjs,
    site_plotlyjs,
    write_assets,
)
from threadline.timeline.counts import counts, counts_figure
from threadline.timeline.figures import timeline
from threadline.timeline.map import event_map


def _events() -> pl.DataFrame:
    day = dt.date(2022, 6, 3)
    return schema.conform(pl.DataFrame({
        "event_id": ["a/E001", "a/E002", "b/E001"], "doc_id": ["a", "a", "b"],
        "date_start": [day, dt.date(2022, 6, 1), day],
        "date_end": [day, dt.date(2022, 6, 30), day],
        "event_type": ["Battles", "Protests", "Battles"], "thread_id": "t",
        "lat": [35.0, None, 35.1], "lon": [38.0, None, 38.2],
        "sentence": ["Fighting broke out near the dam.", "Crowds gathered in June.",
                     "Shelling hit the dam road."]}), schema.EVENTS)


@pytest.mark.parametrize("figure", ["timeline", "map", "counts"])
def test_site_bundle_holds_every_trace_the_site_draws(figure):
    ev = _events()
    fig = {"timeline": lambda: timeline(ev), "map": lambda: event_map(ev),
           "counts": lambda: counts_figure(counts(ev))}[figure]()
    version, traces = partial_bundle()
    used = {t.type for t in fig.data}
    assert used and used <= traces, (used, traces)
    assert version == get_plotlyjs_version()


def test_site_bundle_is_the_partial_one_at_the_same_version():
    version, _ = partial_bundle()
    partial = site_plotlyjs(version)
    assert partial != plotlyjs() and len(partial) < len(plotlyjs()) / 2
    assert len(partial.encode("utf-8")) < 5_000_000
    assert "partial bundle" in partial[:400] and f"plotly.js v{version}" in partial[:400]


def test_site_bundle_falls_back_to_the_full_one_on_another_version():
    assert site_plotlyjs("0.0.0-other") == plotlyjs()


@pytest.mark.parametrize("text", [None, "/* plotly.js without a banner */"])
def test_site_bundle_falls_back_to_the_full_one_without_a_partial(tmp_path, monkeypatch, text):
    from threadline.timeline import assets

    name = "absent-partial.min.js"
    if text is not None:  # a partial file that names no version: unreadable, never shipped
        folder = tmp_path / "static"
        folder.mkdir()
        (folder / name).write_text(text, encoding="utf-8")
        shipped = assets._static
        monkeypatch.setattr(assets, "_static", lambda n: (
            (folder / n).read_text("utf-8") if n == name else shipped(n)))
    monkeypatch.setattr(assets, "PARTIAL", name)
    assets.site_plotlyjs.cache_clear()
    try:
        assert assets.site_plotlyjs() == plotlyjs()
        written = write_assets(tmp_path / "out") / "plotly.min.js"
        assert written.read_text(encoding="utf-8") == plotlyjs()
    finally:
        assets.site_plotlyjs.cache_clear()


def test_site_bundle_registers_its_traces():
    body = site_plotlyjs(partial_bundle()[0])
    for name in ("bar", "scattergeo"):
        assert f'name:"{name}"' in body, name
    assert 'name:"pie"' not in body and 'name:"heatmap"' not in body


def test_site_bundle_licence_written_beside_it(tmp_path):
    folder = write_assets(tmp_path)
    assert {p.name for p in folder.iterdir()} == set(FILES)
    assert "MIT" in (folder / "LICENSE-plotly.js.txt").read_text(encoding="utf-8")
    assert (folder / "plotly.min.js").read_text(encoding="utf-8") == site_plotlyjs()

