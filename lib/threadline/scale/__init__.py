"""The same verbs over corpus shards, in one process or on a Dask or Ray cluster.

    tasks    Task, plan_tasks, run_task                shards of any verb: plan, run one
    run      run_tasks, map_shards                     run them on an engine, a report row each
    engines  open_engine and the engine adapters       local, Dask and Ray
    io       content_hash, read_shard, write_atomic    shard input and atomic output
    build    build_sharded, shard_stages, link_events  `threadline build` shard by shard
    outputs  write_outputs, scan_parts, read_each      the output folder from the parts
"""

from threadline.scale.build import build_sharded
from threadline.scale.run import map_shards, run_tasks
from threadline.scale.tasks import REPORT, Task, plan_tasks

__all__ = ["REPORT", "Task", "build_sharded", "map_shards", "plan_tasks", "run_tasks"]
