"""DOCUMENTS -> MENTIONS: find, parse and resolve temporal expressions."""

from __future__ import annotations

import polars as pl


def tag_dates(documents: pl.DataFrame, *, doc_type: str = "news") -> pl.DataFrame:
    """Tag every temporal expression in `documents`.  PLACEHOLDER."""
    raise NotImplementedError
