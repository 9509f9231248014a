"""Engines that run shard tasks: tiny adapters over an existing scheduler, no home-made one.

An engine has ``run(fn, tasks)``, a generator of ``(task, result_or_exception)`` pairs in
completion order (the very task objects it was given), a ``client`` (the Dask client or None)
and ``close()``. Only the task (paths and names) and the result (counts, an
error string) cross between processes; the frames stay in the worker that read them.

    local  in this process, in order
    dask   a ``distributed`` cluster: a fresh LocalCluster of N one-thread worker processes,
           or an existing scheduler address / Client
    ray    a Ray cluster (optional; ``pip install ray``)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any


def worker_env(polars_threads: int = 1) -> dict[str, str]:
    """Environment of shard workers, set before polars loads: few polars threads per worker.

    >>> worker_env()
    {'POLARS_MAX_THREADS': '1'}
    """
    return {"POLARS_MAX_THREADS": str(polars_threads)}


def polars_threads() -> int:
    """The size of polars' thread pool in the calling process (workers report 1)."""
    import polars as pl

    return pl.thread_pool_size()


def local_cluster(workers: int = 2, polars_threads: int = 1) -> Any:
    """A Dask LocalCluster of `workers` one-thread processes whose polars uses few threads.

    The variables go in "pre-spawn-environ": a Nanny's ``env=`` is applied too late, after a
    spawned worker may have imported polars (e.g. through the ``__main__`` script).
    """
    import dask
    from distributed import LocalCluster

    env = worker_env(polars_threads)
    with dask.config.set({"distributed.nanny.pre-spawn-environ": env}):
        return LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            env=env,
        )


class LocalEngine:
    """Run tasks one after the other in this process."""

    name = "local"
    client = None

    def run(self, fn: Callable, tasks: Sequence[Any]) -> Iterator[tuple[Any, Any]]:
        """Yield (task, fn(task)) in order; an exception is yielded, not raised."""
        for task in tasks:
            try:
                yield task, fn(task)
            except Exception as exc:  # fn reports its own errors; this is a last resort
                yield task, exc

    def close(self) -> None:
        """Nothing to release."""


class DaskEngine:
    """Run tasks on a Dask ``distributed`` cluster with ``client.map`` + ``as_completed``."""

    name = "dask"

    def __init__(self, scheduler: Any = None, workers: int = 2, polars_threads: int = 1):
        try:
            from distributed import Client
        except ImportError as exc:  # pragma: no cover - depends on the installed extras
            raise ImportError(
                "engine='dask' needs the dask extra: pip install 'threadline[dask]'"
            ) from exc
        self._cluster = None
        self._own_client = True
        if isinstance(scheduler, Client):
            self.client, self._own_client = scheduler, False
        elif scheduler:
            self.client = Client(scheduler)
        else:
            self._cluster = local_cluster(workers, polars_threads)
            self.client = Client(self._cluster)

    def run(self, fn: Callable, tasks: Sequence[Any]) -> Iterator[tuple[Any, Any]]:
        """Submit every task, yield each (task, result or exception) as it completes."""
        from distributed import as_completed

        futures = self.client.map(fn, list(tasks), pure=False)
        task_of = {f.key: t for f, t in zip(futures, tasks, strict=True)}
        for future in as_completed(futures):
            task = task_of[future.key]
            try:
                result = future.result()
            except Exception as exc:  # a worker died or the task could not run
                result = exc
            future.release()
            yield task, result

    def close(self) -> None:
        """Close the client, and the cluster if this engine started it."""
        if self._own_client:
            self.client.close()
        if self._cluster is not None:
            self._cluster.close()


class RayEngine:
    """Run tasks as Ray remote functions (Ray is optional and not a dependency)."""

    name = "ray"
    client = None

    def __init__(self, address: str | None = None, workers: int = 2, polars_threads: int = 1):
        try:
            import ray
        except ImportError as exc:
            raise ImportError("engine='ray' needs Ray: pip install ray") from exc
        self._ray = ray
        runtime_env = {"env_vars": worker_env(polars_threads)}
        kwargs = {"address": address} if address else {"num_cpus": workers}
        ray.init(runtime_env=runtime_env, ignore_reinit_error=True, **kwargs)

    def run(self, fn: Callable, tasks: Sequence[Any]) -> Iterator[tuple[Any, Any]]:
        """Submit every task, yield each (task, result or exception) as it completes."""
        remote = self._ray.remote(num_cpus=1)(fn)
        pending = {remote.remote(t): t for t in tasks}
        while pending:
            (ref,), _ = self._ray.wait(list(pending), num_returns=1)
            task = pending.pop(ref)
            try:
                yield task, self._ray.get(ref)
            except Exception as exc:
                yield task, exc

    def close(self) -> None:
        """Leave the Ray runtime running (it may be shared); nothing to release here."""


def open_engine(
    engine: str | Any = "local",
    *,
    scheduler: Any = None,
    workers: int = 2,
    polars_threads: int = 1,
) -> Any:
    """An engine by name ("local", "dask", "ray"), or `engine` itself if it already is one.

    >>> open_engine("local").name
    'local'
    """
    if not isinstance(engine, str):
        return engine
    if engine == "local" and not scheduler:
        return LocalEngine()
    if engine in ("dask", "local"):
        return DaskEngine(scheduler, workers, polars_threads)
    if engine == "ray":
        return RayEngine(scheduler, workers, polars_threads)
    raise ValueError(f"unknown engine {engine!r}: use 'local', 'dask' or 'ray'")


__all__ = [
    "DaskEngine",
    "LocalEngine",
    "RayEngine",
    "local_cluster",
    "open_engine",
    "polars_threads",
    "worker_env",
]
