"""EVENTS and MENTIONS -> files: Parquet, CSV (ACLED columns), TimelineJS JSON, TimeML."""

from __future__ import annotations

from pathlib import Path

import polars as pl


def write_exports(
    outdir: Path, documents: pl.DataFrame, mentions: pl.DataFrame, events: pl.DataFrame
) -> None:
    """PLACEHOLDER."""
    raise NotImplementedError
