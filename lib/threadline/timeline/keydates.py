"""The key dates a thread page opens on: the threads stage's `key_dates`, as (thread, event).

`key_events` is the one place the site and the exports take them from: per thread the
representative report of each of its k most important dates (`threadline.threads.key_dates`);
events without a thread are the ``unthreaded`` page's.
"""

from __future__ import annotations

import polars as pl

from threadline.threads import key_dates
from threadline.timeline.lanes import UNTHREADED

#: The columns of DOCUMENTS and MENTIONS that `key_events` reads (a sharded build reads only
#: these back from its tables).
DOCUMENT_COLUMNS = ("doc_id", "dct")
MENTION_COLUMNS = ("doc_id", "type", "date_start", "date_end", "sentence_start", "sentence_end")


def key_events(events: pl.DataFrame, k: int | None = None,
               documents: pl.DataFrame | None = None,
               mentions: pl.DataFrame | None = None) -> pl.DataFrame:
    """(thread, event_id) of every thread's key dates, best first; `documents` (optional)
    give publication days and bound each thread's dates to its reporting period, `mentions`
    (optional) add the dates their text refers to (see `key_dates`). A date only mentions
    refer to has no event to show, so it is left out here.

    >>> import datetime as dt
    >>> from threadline import schema
    >>> day = dt.date(2021, 3, 9)
    >>> ev = schema.conform(pl.DataFrame({"event_id": ["a/E1", "b/E1", "c/E1"],
    ...     "doc_id": ["a", "b", "c"], "thread_id": ["t", "t", None],
    ...     "thread_ids": [["t"], ["t"], []], "anchor": "mention",
    ...     "sentence": ["Jets struck the depot.", "The depot was hit.", "Talks resumed."],
    ...     "date_start": [day, day, dt.date(2021, 4, 1)],
    ...     "date_end": [day, day, dt.date(2021, 4, 1)]}), schema.EVENTS)
    >>> key_events(ev).rows()
    [('t', 'a/E1'), ('unthreaded', 'c/E1')]
    """
    if documents is not None:  # only what it reads: no texts copied along
        documents = documents.select(c for c in DOCUMENT_COLUMNS if c in documents.columns)
    if mentions is not None:
        mentions = mentions.select(MENTION_COLUMNS)
    picked = key_dates(events, k=k, documents=documents, mentions=mentions)
    return picked.select(pl.col("thread_id").fill_null(UNTHREADED).alias("thread"),
                         "event_id").drop_nulls("event_id")
