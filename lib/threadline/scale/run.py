"""Run shard tasks on an engine: each failure retried once, one report row per shard.

`map_shards` is the public verb: plan the tasks of any verb over the shards of a corpus, run
them locally, on Dask or on Ray (`threadline.scale.engines`), and return the report.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import polars as pl

from threadline.scale.engines import open_engine
from threadline.scale.tasks import REPORT, Task, plan_tasks, run_task
from threadline.settings import DEFAULT, Settings


def run_tasks(engine: Any, tasks: Sequence[Task], *, progress: bool | None = None) -> pl.DataFrame:
    """Run `tasks` on an open engine, retry each failure once, return the report (input order)."""
    from tqdm.auto import tqdm

    rows: dict[int, dict] = {}
    index = {id(t): i for i, t in enumerate(tasks)}
    bar = tqdm(
        total=len(tasks),
        unit="shard",
        desc="shards",
        file=sys.stderr,
        disable=(not progress) if progress is not None else None,
    )
    docs = 0
    pending = list(tasks)
    for attempt in (1, 2):
        for task, result in engine.run(run_task, pending):
            if isinstance(result, BaseException):
                result = {
                    "shard": task.name,
                    "status": "failed",
                    "seconds": None,
                    "error": f"{type(result).__name__}: {result}"[:2000],
                    "outputs": [],
                }
            rows[index[id(task)]] = {**result, "attempts": attempt}
            if result["status"] != "failed" or attempt == 2:
                bar.update(1)
                docs += result.get("rows_in") or 0
                bar.set_postfix(docs=docs, refresh=False)
        pending = [t for t in pending if rows[index[id(t)]]["status"] == "failed"]
        if not pending:
            break
    bar.close()
    report = pl.DataFrame([rows[i] for i in range(len(tasks))], schema=REPORT, strict=False)
    return report.select(list(REPORT))


def map_shards(
    verb: str | Callable,
    sources: str | Path | Iterable[str | Path],
    dst: str | Path,
    engine: str | Any = "local",
    *,
    scheduler: Any = None,
    workers: int = 2,
    options: Mapping[str, Any] | None = None,
    metadata: str | Path | None = None,
    settings: Settings = DEFAULT,
    progress: bool | None = None,
) -> pl.DataFrame:
    """Run `verb` on every shard of `sources` into Parquet under `dst`; one report row a shard.

    `engine` is "local" (this process), "dask" (a LocalCluster of `workers` one-thread
    processes, or the cluster at `scheduler`: an address or a Client), "ray", or an engine
    from `threadline.scale.engines.open_engine`. `options` are keyword arguments of the verb;
    a verb with a ``source`` parameter receives the shard's path.

    >>> import tempfile
    >>> tmp = Path(tempfile.mkdtemp())
    >>> pl.DataFrame({"doc_id": ["a", "b"]}).write_parquet(tmp / "in.parquet")
    >>> report = map_shards("polars:DataFrame.reverse", tmp / "in.parquet", tmp / "out")
    >>> report.select("status", "rows_in", "rows_out", "error").to_dicts()
    [{'status': 'done', 'rows_in': 2, 'rows_out': 2, 'error': None}]
    """
    tasks = plan_tasks(
        sources,
        verb,
        dst,
        options=options,
        metadata=metadata,
        files_per_shard=settings.files_per_shard,
        rows_per_shard=settings.rows_per_shard,
    )
    eng = open_engine(
        engine, scheduler=scheduler, workers=workers, polars_threads=settings.worker_polars_threads
    )
    try:
        return run_tasks(eng, tasks, progress=progress)
    finally:
        if eng is not engine:
            eng.close()
