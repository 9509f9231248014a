"""EVENTS -> plotly Figure."""

from __future__ import annotations

import polars as pl


def timeline(events: pl.DataFrame, *, thread: str | None = None):
    """PLACEHOLDER."""
    raise NotImplementedError
