"""Engines that run shard tasks: tiny adapters over an existing scheduler, no home-made one.

An engine has ``run(fn, tasks)``, a generator of ``(task, result_or_exception)`` pairs in
completion order (the very task objects it was given), ``submit(fn, *args)``, which starts
one call and returns a future (``.result()`` waits for it and raises its exception: the steps
after the shards, such as the pages of a site, run as such calls), a ``client`` (the Dask
client or None) and ``close()``. Only the task (paths and names) and the result (counts, an
error string) cross between processes; the frames stay in the worker that read them.

    local  in this process, in order
    dask   a ``distributed`` cluster: a fresh LocalCluster of N one-thread worker processes,
           or an existing scheduler address / Client
    ray    Ray remote functions: a fresh local Ray of N CPUs, an existing cluster's address
           ("auto", "host:port", "ray://..."), or the Ray already running in this process
           (the ``ray`` extra: ``pip install 'threadline[ray]'``)

Dask and Ray are both tested (tests/test_shards_dask.py, tests/test_shards_ray.py): the same
report and the same output parts as the local engine, polars single-threaded in the workers,
broken shards reported while the rest completes.
"""

from __future__ import annotations

import contextlib
import gc
import logging
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
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

    def submit(self, fn: Callable, *args: Any) -> Any:
        """Call fn(*args) now; its value (or exception) waits in the returned future."""
        from threadline.timeline.site import run_here

        return run_here(fn, *args)

    def run(self, fn: Callable, tasks: Sequence[Any]) -> Iterator[tuple[Any, Any]]:
        """Yield (task, fn(task)) in order; an exception is yielded, not raised."""
        for task in tasks:
            try:
                yield task, fn(task)
            except Exception as exc:  # fn reports its own errors; this is a last resort
                yield task, exc

    def close(self) -> None:
        """Nothing to release."""


#: Arguments of a submitted call above this size travel by `Client.scatter` (bytes).
SCATTER_BYTES = 1 << 20


def _size(value: Any) -> int:
    """The estimated bytes of a polars frame (0 for anything else: small by construction)."""
    estimate = getattr(value, "estimated_size", None)
    return estimate() if callable(estimate) else 0


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

    def submit(self, fn: Callable, *args: Any) -> Any:
        """fn(*args) on a worker; a Dask future (never deduplicated: pure=False). A big
        argument (over `SCATTER_BYTES`) is scattered to the workers first, not put into the
        task graph."""
        big = [a for a in args if _size(a) > SCATTER_BYTES]
        if big:
            scattered = iter(self.client.scatter(big, direct=True))
            args = tuple(next(scattered) if _size(a) > SCATTER_BYTES else a for a in args)
        return self.client.submit(fn, *args, pure=False)

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
        """Close the client, and the cluster if this engine started it.

        The workers of a cluster it started stop collecting garbage first: a worker's exit
        otherwise spends seconds in the collector over the caches of the rules (seconds the
        build waits, or past the nanny's patience a kill); the memory goes with the process.
        """
        if self._cluster is not None:
            with contextlib.suppress(Exception):  # a worker that is gone needs no help
                self.client.run(gc.freeze)
        if self._own_client:
            self.client.close()
        if self._cluster is not None:
            self._cluster.close()


class RayEngine:
    """Run tasks as Ray remote functions, one CPU each, collected with ``ray.wait``.

    With no `address` and no Ray running in this process, a light local Ray is started
    (`workers` CPUs, no dashboard, a small object store: only paths and counts cross) and
    ``close()`` shuts it down. With an `address` ("auto", "host:port", "ray://host:port") the
    engine connects as a driver and ``close()`` disconnects, leaving the cluster running. If
    Ray is already initialised in this process, that runtime is used as is (and `address` is
    ignored) and ``close()`` leaves it alone.
    """

    name = "ray"
    client = None  # `link_events` shuffles with Dask; on Ray it runs on the local scheduler
    #: Bytes of shared memory for Ray's object store: results are small dicts, so keep it small
    #: (Ray's default is 30% of RAM) and under the /dev/shm of a container.
    object_store_memory = 200 * 1024**2

    def __init__(self, address: str | None = None, workers: int = 2, polars_threads: int = 1):
        try:
            import ray
        except ImportError as exc:
            raise ImportError(
                "engine='ray' needs Ray: pip install ray (or pip install 'threadline[ray]')"
            ) from exc
        self._ray = ray
        env = worker_env(polars_threads)
        self._own_connection = not ray.is_initialized()
        if self._own_connection:
            options: dict[str, Any] = (
                {"address": address}
                if address
                else {
                    "num_cpus": workers,
                    "include_dashboard": False,
                    "object_store_memory": self.object_store_memory,
                }
            )
            _init_ray(ray, runtime_env={"env_vars": env}, logging_level=logging.WARNING,
                      **options)
        # The job's environment reaches every task; a runtime someone else started may lack
        # our variables, so then each task asks for them (Ray starts workers that have them).
        job_env = ray.get_runtime_context().runtime_env.get("env_vars") or {}
        missing = any(job_env.get(k) != v for k, v in env.items())
        self._task_options: dict[str, Any] = {"num_cpus": 1, "max_retries": 0}
        if missing:
            self._task_options["runtime_env"] = {"env_vars": {**job_env, **env}}

    def submit(self, fn: Callable, *args: Any) -> RayFuture:
        """fn(*args) as a Ray task of one CPU; its future."""
        ref = self._ray.remote(**self._task_options)(fn).remote(*args)
        return RayFuture(self._ray, ref)

    def run(self, fn: Callable, tasks: Sequence[Any]) -> Iterator[tuple[Any, Any]]:
        """Submit every task, yield each (task, result or exception) as it completes.

        Ray does not retry a task whose worker died (``max_retries=0``): `run_tasks` owns the
        retry policy. A task's exception arrives as the original exception, not Ray's wrapper.
        """
        ray = self._ray
        remote = ray.remote(**self._task_options)(fn)
        pending = {remote.remote(t): t for t in tasks}
        try:
            while pending:
                (ref,), _ = ray.wait(list(pending), num_returns=1)
                task = pending.pop(ref)
                try:
                    result = ray.get(ref)
                except Exception as exc:  # the task raised, or its worker died
                    result = _ray_error(exc)
                yield task, result
        finally:  # the caller stopped early: do not leave work queued on the cluster
            for ref in pending:
                ray.cancel(ref)

    def close(self) -> None:
        """Shut down the Ray this engine started, or disconnect from the cluster it joined."""
        if self._own_connection and self._ray.is_initialized():
            self._ray.shutdown()


class RayFuture:
    """A Ray object reference with ``result()``, raising the task's own exception."""

    def __init__(self, ray: Any, ref: Any) -> None:
        self._ray, self._ref = ray, ref

    def result(self) -> Any:
        """The task's value, or raise the exception it raised."""
        try:
            return self._ray.get(self._ref)
        except Exception as exc:
            raise _ray_error(exc) from None


#: Attempts at starting a local Ray: its node start-up has a fixed 30 s deadline that a busy
#: machine can miss (seen three times running at a load of 15 on 2 cores); each new attempt
#: starts a fresh node, so a few minutes of attempts outlast a burst of load.
RAY_START_ATTEMPTS = 8


def _init_ray(ray: Any, **options: Any) -> None:
    """`ray.init`, retried when the local node times out during start-up."""
    for attempt in range(1, RAY_START_ATTEMPTS + 1):
        try:
            ray.init(**options)
            return
        except Exception as exc:
            if "timed out during startup" not in str(exc) or attempt == RAY_START_ATTEMPTS:
                raise
            ray.shutdown()


def _ray_error(exc: Exception) -> Exception:
    """The exception a Ray task raised, rather than Ray's ``RayTaskError`` wrapper, whose text
    is a colour-coded remote traceback; other Ray errors (a worker died...) are kept."""
    from ray.exceptions import RayTaskError

    cause = getattr(exc, "cause", None)
    if isinstance(exc, RayTaskError) and isinstance(cause, Exception):
        return cause
    return exc


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


def start_engine(
    engine: str | Any = "local",
    *,
    scheduler: Any = None,
    workers: int = 2,
    polars_threads: int = 1,
) -> Future:
    """`open_engine` in a background thread, so the caller can read and split its inputs
    while a cluster starts (most of which is waiting on new processes); a future of the
    engine. Ray starts in the calling thread (its start-up installs signal handlers, which
    only the main thread may), as does anything already open; the future is then done."""
    args = {"scheduler": scheduler, "workers": workers, "polars_threads": polars_threads}
    if isinstance(engine, str) and engine != "ray" and (engine != "local" or scheduler):
        pool = ThreadPoolExecutor(1, thread_name_prefix="threadline-engine-start")
        future = pool.submit(open_engine, engine, **args)
        pool.shutdown(wait=False)
        return future
    done: Future = Future()
    done.set_result(open_engine(engine, **args))
    return done


__all__ = [
    "DaskEngine",
    "LocalEngine",
    "RayEngine",
    "local_cluster",
    "open_engine",
    "polars_threads",
    "start_engine",
    "worker_env",
]
