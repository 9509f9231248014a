"""Options of every stage, in one frozen dataclass: the only home of defaults.

Stages take a `Settings` (or use `DEFAULT`) and never mutate it; derive a variant with
`replace`, e.g. ``DEFAULT.replace(doc_type="narrative")``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    """Every tunable of threadline, with its default."""

    #: How relative dates are anchored: "news" (publication date first) or "narrative"
    #: (the story's current reference time first).
    doc_type: str = "news"
    #: Language of the rule resources under ``resources/<language>/``.
    language: str = "en"
    #: Files larger than this are refused with status "too_large" (bytes).
    max_file_bytes: int = 20_000_000
    #: Show a progress bar when a build handles more than this many documents.
    progress_threshold: int = 300
    #: Documents per batch when a build runs with a progress bar (bounds peak memory too).
    batch_size: int = 200
    #: Polars threads used by shard workers (see `threadline.scale.tasks`).
    worker_polars_threads: int = 1
    #: Text files (.txt, .html, ...) per shard when a folder is processed shard by shard.
    files_per_shard: int = 200
    #: A Parquet table of more rows is cut into shards of this many rows (0: one shard a
    #: file), so the documents of one big table spread over a cluster's workers.
    rows_per_shard: int = 250
    #: Above this many events, same-event merging runs as a Dask shuffle by link component.
    shuffle_threshold_rows: int = 5_000_000
    #: A site's thread page draws at most this many real events (the most-reported first);
    #: every event stays in events.parquet. Browsers draw thousands of marks, not millions.
    site_events_per_thread: int = 2000
    #: A thread gets its own page from this many real events; smaller ones are reached from
    #: the index (on it, or on ``smaller-threads.html`` when the index shows a sample).
    site_min_thread_events: int = 3
    #: The index draws about this many real events in all (each thread's most-reported).
    site_index_events: int = 1500
    #: Keep events the text negates ("has never struck the convoy") and undated hypothetical
    #: ones ("Hezbollah will aim to infiltrate"); by default extract_events drops them.
    keep_unfactual_events: bool = False

    def replace(self, **changes: object) -> Settings:
        """A copy with `changes` applied; unknown names raise TypeError."""
        return dataclasses.replace(self, **changes)


DEFAULT = Settings()
