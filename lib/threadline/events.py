"""DOCUMENTS + MENTIONS -> EVENTS."""

from __future__ import annotations

import polars as pl


def extract_events(documents: pl.DataFrame, mentions: pl.DataFrame) -> pl.DataFrame:
    """PLACEHOLDER."""
    raise NotImplementedError
