"""`threadline build` shows a progress bar, and batches documents, on corpora above a threshold."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from threadline import DEFAULT
from threadline.pipeline import build


@pytest.mark.parametrize(("threshold", "shows_bar"), [(3, True), (300, False)])
def test_pipeline_progress_bar_above_threshold(
    seeds_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture, threshold: int,
    shows_bar: bool,
) -> None:
    settings = DEFAULT.replace(progress_threshold=threshold, batch_size=3)
    report = build(seeds_dir, tmp_path / "out", settings=settings)
    err = capsys.readouterr().err
    assert ("threadline build" in err and "8/8" in err) is shows_bar
    assert report.n_documents == 8 and report.n_events > 0


def test_pipeline_batched_build_equals_whole_build(seeds_dir: Path, tmp_path: Path) -> None:
    batched = DEFAULT.replace(progress_threshold=1, batch_size=2)
    build(seeds_dir, tmp_path / "a", settings=batched)
    build(seeds_dir, tmp_path / "b")
    for table in ("mentions", "events"):
        a = pl.read_parquet(tmp_path / "a" / f"{table}.parquet")
        b = pl.read_parquet(tmp_path / "b" / f"{table}.parquet")
        assert a.equals(b), table
