"""EVENTS -> thread assignment and same-event merging."""

from __future__ import annotations

import polars as pl


def assign_threads(events: pl.DataFrame, threads=None) -> pl.DataFrame:
    """PLACEHOLDER."""
    raise NotImplementedError


def merge_events(events: pl.DataFrame) -> pl.DataFrame:
    """PLACEHOLDER."""
    raise NotImplementedError
