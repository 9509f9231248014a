"""Corpus scale: wall time and peak memory of `map_shards` at 1x, 4x and 16x, local vs Dask.

The corpus is TimeBank+AQUAINT dev (read by path, never copied into the repo) repeated with
distinct doc ids, written as Parquet (or JSONL) shards into a temporary folder. Each run is a
fresh subprocess: the local engine runs every shard in that one process; the dask engine runs
them on a LocalCluster of N one-thread worker processes. Both use POLARS_MAX_THREADS=1.

Steady state: before the clock starts, every process that will run shards (the local process,
or each Dask worker) runs the verb once over the dev set itself (`--warm dev`), so imports,
rules and the caches of repeated date strings are as in a long run; the copies then cost the
same as the original, and time measures throughput, not first-pass cache filling. That first
pass is timed too (`warm_s`: the cold cost of the dev set in one process). `--warm one` warms
on one short document only: the 1x run then pays the cold pass, and the copies in 4x and 16x
are cheaper (sub-linear growth from cache hits on the repeated text).

Each (scale, engine) is measured `--repeat` times, alternating engines, each in a fresh
process writing to a fresh folder; the median is reported. Prints, per scale and engine:
shards, documents, rows out, wall seconds (median and range), CPU seconds (of the process, or
summed over the workers), peak RSS of the driver and of the workers; then the linearity of
local time, t(kx) / (k * t(1x)) with 1.0 = linear, and the speed-up of the workers over one
process at the largest scale, t_local / t_dask, with the machine's load average.

    .venv/bin/python benchmarks/bench_scale.py [--scales 1,4,16] [--engines local,dask]
        [--workers 2] [--docs-per-shard 64] [--format parquet|jsonl] [--verb DOTTED.NAME]
        [--warm dev|one] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
TBAQ = ROOT.parent / "shared" / "data" / "tbaq_dev.jsonl"
#: The per-shard chain of `threadline build`: documents -> mentions -> events.
CHAIN = "threadline.scale.build:shard_stages"
WARMUP = {
    "doc_id": ["warmup"],
    "published": ["2015-05-13"],
    "text": ["On Friday, 12 May 2015, an air strike hit the town; a week later it fell."],
}


def make_corpus(root: Path, scale: int, docs_per_shard: int, fmt: str) -> tuple[Path, int]:
    """`scale` copies of the dev set with distinct doc ids, cut into shards under `root`."""
    base = pl.read_ndjson(TBAQ).select("doc_id", "text", pl.col("dct").alias("published"))
    copies = pl.concat([base.with_columns(pl.col("doc_id") + f"~{r:03d}") for r in range(scale)])
    folder = root / f"corpus-{scale}x"
    folder.mkdir(parents=True, exist_ok=True)
    for i, part in enumerate(copies.iter_slices(docs_per_shard)):
        path = folder / f"shard-{i:05d}.{fmt}"
        part.write_parquet(path) if fmt == "parquet" else part.write_ndjson(path)
    return folder, copies.height


def peak_rss_mb() -> float:
    """Peak resident memory of the calling process, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """User + system CPU time of the calling process so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def warm_up(verb: str, table: str | None = None) -> float:
    """Run `verb` once, untimed by the benchmark, on the table at `table` (the dev set) or on
    one short document; return the seconds it took (the cold pass)."""
    import inspect

    from threadline.scale.tasks import resolve_verb

    fn = resolve_verb(verb)
    kwargs = {"source": "warmup"} if "source" in inspect.signature(fn).parameters else {}
    frame = pl.read_parquet(table) if table else pl.DataFrame(WARMUP)
    t0 = time.perf_counter()
    fn(frame, **kwargs)
    return time.perf_counter() - t0


def run_child(args: argparse.Namespace) -> dict:
    """One measurement in this (fresh) process: map_shards over the corpus, timed."""
    from threadline.scale import map_shards
    from threadline.scale.engines import local_cluster, open_engine

    cluster, engine, extra = None, args.engine, {}
    if args.engine == "dask":
        from distributed import Client

        t0 = time.perf_counter()
        cluster = local_cluster(args.workers)
        client = Client(cluster)
        extra["cluster_start_s"] = round(time.perf_counter() - t0, 2)
        warm = client.run(warm_up, args.verb, args.warm_table)
        extra["warm_s"] = round(max(warm.values()), 2)
        engine = open_engine("dask", scheduler=client)
    else:
        extra["warm_s"] = round(warm_up(args.verb, args.warm_table), 2)
    cpu0 = sum(client.run(cpu_seconds).values()) if cluster else cpu_seconds()
    t0 = time.perf_counter()
    report = map_shards(args.verb, args.corpus, args.out, engine=engine, progress=False)
    seconds = time.perf_counter() - t0
    cpu = (sum(client.run(cpu_seconds).values()) if cluster else cpu_seconds()) - cpu0
    if cluster is not None:
        extra["worker_peak_rss_mb"] = round(max(client.run(peak_rss_mb).values()), 1)
        client.close()
        cluster.close()
    failed = report.filter(pl.col("status") == "failed")
    return {
        "shards": report.height,
        "docs": int(report["rows_in"].sum() or 0),
        "rows_out": int(report["rows_out"].sum() or 0),
        "failed": failed.height,
        "skipped": report.filter(pl.col("status") == "skipped").height,
        "first_error": failed["error"].first(),
        "seconds": round(seconds, 2),
        "cpu_s": round(cpu, 2),
        "driver_peak_rss_mb": round(peak_rss_mb(), 1),
        **extra,
    }


def measure(
    engine: str, corpus: Path, out: Path, warm_table: Path | None, args: argparse.Namespace
) -> dict:
    """Run one measurement in a fresh subprocess and return its figures."""
    cmd = [
        sys.executable,
        __file__,
        "--child",
        "--engine",
        engine,
        "--corpus",
        str(corpus),
        "--out",
        str(out),
        "--workers",
        str(args.workers),
        "--verb",
        args.verb,
    ]
    if warm_table is not None:
        cmd += ["--warm-table", str(warm_table)]
    env = {**os.environ, "POLARS_MAX_THREADS": "1"}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"{engine} run failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def summarise(runs: list[dict]) -> dict:
    """The median run of a (scale, engine) by wall time, with the range of wall times."""
    ordered = sorted(runs, key=lambda r: r["seconds"])
    median = dict(ordered[(len(ordered) - 1) // 2])
    if len(runs) > 1:
        median["seconds_range"] = f"{ordered[0]['seconds']}-{ordered[-1]['seconds']}"
    return median


def main() -> None:
    """Build the corpora, measure every (scale, engine), print the table and the ratios."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--scales", default="1,4,16")
    p.add_argument("--engines", default="local,dask")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--docs-per-shard", type=int, default=64)
    p.add_argument("--format", choices=["parquet", "jsonl"], default="parquet")
    p.add_argument("--verb", default=CHAIN, help="dotted name of the per-shard verb")
    p.add_argument("--warm", choices=["dev", "one"], default="dev", help="see the docstring")
    p.add_argument("--repeat", type=int, default=3, help="runs per (scale, engine); median")
    p.add_argument("--verbose", action="store_true", help="print every run")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--engine", help=argparse.SUPPRESS)
    p.add_argument("--corpus", help=argparse.SUPPRESS)
    p.add_argument("--out", help=argparse.SUPPRESS)
    p.add_argument("--warm-table", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        print(json.dumps(run_child(args)))
        return
    scales = [int(s) for s in args.scales.split(",")]
    engines = args.engines.split(",")
    results: dict[tuple[int, str], dict] = {}
    print(
        f"verb {args.verb}; {args.docs_per_shard} docs/shard ({args.format}); "
        f"dask: {args.workers} workers x 1 thread; POLARS_MAX_THREADS=1; warm-up: {args.warm}; "
        f"median of {args.repeat}; load average before: {os.getloadavg()[0]:.2f}",
        flush=True,
    )
    loads = []
    with tempfile.TemporaryDirectory(prefix="bench_scale_") as tmp:
        warm_table = None
        if args.warm == "dev":
            warm_table = Path(tmp) / "warm.parquet"
            pl.read_ndjson(TBAQ).select(
                "doc_id", "text", pl.col("dct").alias("published")
            ).write_parquet(warm_table)
        for scale in scales:
            corpus, n_docs = make_corpus(Path(tmp), scale, args.docs_per_shard, args.format)
            runs: dict[str, list[dict]] = {e: [] for e in engines}
            for rep in range(args.repeat):
                for engine in engines:
                    out = Path(tmp) / f"out-{scale}x-{engine}-{rep}"
                    runs[engine].append(measure(engine, corpus, out, warm_table, args))
                    if args.verbose:
                        print(f"    {scale}x {engine} run {rep}: {runs[engine][-1]}", flush=True)
                    loads.append(os.getloadavg()[0])
            for engine in engines:
                r = results[scale, engine] = summarise(runs[engine])
                print(
                    f"{scale:>3}x {engine:<5} " + " ".join(f"{k}={v}" for k, v in r.items()),
                    flush=True,
                )
    base = scales[0]
    if "local" in engines:
        for scale in scales[1:]:
            for what in ("seconds", "cpu_s"):
                ratio = results[scale, "local"][what] / (
                    results[base, "local"][what] * scale / base
                )
                print(
                    f"local linearity of {what} {scale}x/{base}x: {ratio:.3f} (1.0 = linear; "
                    f"{'within' if abs(ratio - 1) <= 0.10 else 'OUTSIDE'} 10%)"
                )
    if {"local", "dask"} <= set(engines):
        top = scales[-1]
        speedup = results[top, "local"]["seconds"] / results[top, "dask"]["seconds"]
        print(
            f"speed-up of {args.workers} dask workers over one process at {top}x: "
            f"{speedup:.2f} ({'>=' if speedup >= 1.6 else '<'} 1.6); "
            f"load average during the runs: {min(loads):.2f}-{max(loads):.2f}"
        )


if __name__ == "__main__":
    main()
