"""threadline: conflict reporting in, dated timelines per thread out.

The public verbs, one per stage (each a function between polars DataFrames, see `schema`):

    read_corpus    files                 -> DOCUMENTS
    tag_dates      DOCUMENTS             -> MENTIONS (temporal expressions, resolved)
    extract_events DOCUMENTS, MENTIONS   -> EVENTS
    assign_threads EVENTS                -> EVENTS with thread columns
    merge_events   EVENTS                -> EVENTS with cluster columns (same real event)
    timeline       EVENTS                -> plotly Figure
    write_html     Figure/EVENTS         -> standalone HTML file
    build          inputs                -> an output folder with all of the above
    build_sharded  inputs                -> the same, shard by shard on local/Dask/Ray workers
    map_shards     verb, shards          -> Parquet parts of any verb, one report row a shard
"""

from threadline.documents import read_corpus
from threadline.events import extract_events
from threadline.figures import timeline
from threadline.html import write_html
from threadline.pipeline import build
from threadline.schema import DOCUMENTS, EVENTS, MENTIONS
from threadline.settings import DEFAULT, Settings
from threadline.shards import build_sharded, map_shards
from threadline.threads import assign_threads, merge_events
from threadline.timex import tag_dates

__all__ = [
    "DEFAULT",
    "DOCUMENTS",
    "EVENTS",
    "MENTIONS",
    "Settings",
    "assign_threads",
    "build",
    "build_sharded",
    "extract_events",
    "map_shards",
    "merge_events",
    "read_corpus",
    "tag_dates",
    "timeline",
    "write_html",
]

__version__ = "0.1.0"
