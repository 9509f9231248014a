"""threadline: conflict reporting in, dated timelines per thread out.

The public verbs, one per stage (each a function between polars DataFrames, see `schema`):

    read_corpus    files                 -> DOCUMENTS                          (documents/)
    tag_dates      DOCUMENTS             -> MENTIONS (temporal expressions)    (timex/)
    extract_events DOCUMENTS, MENTIONS   -> EVENTS                             (events/)
    assign_threads EVENTS                -> EVENTS with thread columns         (threads/)
    merge_events   EVENTS                -> EVENTS with cluster columns        (threads/)
    key_dates      EVENTS                -> the key dates of every thread      (threads/)
    timeline       EVENTS                -> plotly Figure                      (timeline/)
    counts         EVENTS                -> real events per period and group   (timeline/)
    write_html     Figure/EVENTS         -> standalone HTML file               (timeline/)
    build          inputs                -> an output folder with all of the above (pipeline)
    build_sharded  inputs                -> the same, shard by shard on local/Dask/Ray (scale/)
    map_shards     verb, shards          -> Parquet parts of any verb, one report row a shard
"""

from threadline.documents import read_corpus
from threadline.events import extract_events
from threadline.pipeline import build
from threadline.scale import build_sharded, map_shards
from threadline.schema import DOCUMENTS, EVENTS, MENTIONS
from threadline.settings import DEFAULT, Settings
from threadline.threads import assign_threads, key_dates, merge_events
from threadline.timeline import counts, timeline, write_html
from threadline.timex import tag_dates
from threadline.version import __version__

__all__ = [
    "DEFAULT",
    "DOCUMENTS",
    "EVENTS",
    "MENTIONS",
    "Settings",
    "__version__",
    "assign_threads",
    "build",
    "build_sharded",
    "counts",
    "extract_events",
    "key_dates",
    "map_shards",
    "merge_events",
    "read_corpus",
    "tag_dates",
    "timeline",
    "write_html",
]
