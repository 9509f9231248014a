"""files -> DOCUMENTS: reading, cleaning, article splitting and publication dates."""

from __future__ import annotations

from pathlib import Path

import polars as pl


def read_corpus(path: str | Path | list, metadata: str | Path | None = None) -> pl.DataFrame:
    """Read a corpus (folder, files, tables) into DOCUMENTS.  PLACEHOLDER."""
    raise NotImplementedError


def from_table(df: pl.DataFrame, source: str) -> pl.DataFrame:
    """Tabular rows (doc_id, text, published, url, title, source) -> DOCUMENTS, text as is."""
    raise NotImplementedError
