"""Run a verb over corpus shards, locally or on Dask."""

from __future__ import annotations


def map_shards(verb, sources, dst, engine: str = "local"):
    """PLACEHOLDER."""
    raise NotImplementedError
