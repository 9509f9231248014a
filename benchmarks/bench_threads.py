"""Threads, same-event merging and key dates on real text: quality and speed figures.

    .venv/bin/python benchmarks/bench_threads.py [--data ../shared/data] [--sizes 15000 60000]

1. Key dates on the Timeline17 Iraq War dev collection (tls_dev.jsonl: 342 Guardian articles
   and the Guardian's timeline): the 342 articles through the pipeline (from_table -> tag_dates
   -> extract_events -> assign_threads -> merge_events), the whole collection as one thread,
   k = the number of distinct timeline dates; Date-F1 exact and within one day, beside two
   baselines in the same run: days by how many documents have a day-precise event on them,
   and days by how many articles are published on them.
2. Automatic threads on those articles: how many, the largest share, the unthreaded share and
   every label; the largest same-event cluster and any cluster wider than its precision.
3. The sample's thread score (tests/gold, B-cubed) with automatic threads and with the spec.
4. Speed: assign_threads + merge_events on N events on one core (POLARS_MAX_THREADS=1), each
   size in a fresh process with its peak memory, timed in the process's CPU time (one core's
   work, not the wait for a core on a shared machine; the wall time beside it); events are
   the dev sets through the pipeline (distinct real text), topped up with copies under new ids
   and dates shifted by two years a copy, so copies never merge; the growth ratio against the
   first size.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
from threadline.scoring.timelines import date_f1, top_days

ROOT = Path(__file__).resolve().parents[1]
POOL_SETS = ("tls_dev", "acled_dev", "re3d_dev", "wikiwars_dev", "tbaq_dev")


def _documents(path: Path) -> pl.DataFrame:
    """The articles of a dev JSONL file as DOCUMENTS (timeline entries left out)."""
    from threadline.documents import from_table

    rows = pl.read_ndjson(path, infer_schema_length=None)
    if "kind" in rows.columns:
        rows = rows.filter(pl.col("kind") == "article")
    if "published" not in rows.columns and "dct" in rows.columns:
        rows = rows.rename({"dct": "published"})
    keep = [c for c in ("doc_id", "text", "published", "url", "title") if c in rows.columns]
    return from_table(rows.select(keep), str(path))


def _events(docs: pl.DataFrame) -> pl.DataFrame:
    from threadline import extract_events, tag_dates

    return extract_events(docs, tag_dates(docs))


def key_date_figures(data: Path) -> None:
    import threadline
    from threadline.threads import thread_summary
    from threadline.threads.auto import is_generic

    path = data / "tls_dev.jsonl"
    rows = pl.read_ndjson(path, infer_schema_length=None)
    gold = set(rows.filter(pl.col("kind") == "timeline_entry")["date"].str.to_date())
    docs = _documents(path)
    start = time.perf_counter()
    events = threadline.merge_events(threadline.assign_threads(_events(docs)))
    took = time.perf_counter() - start
    one = events.with_columns(pl.lit("all").alias("thread_id"),
                              pl.lit(["all"]).alias("thread_ids"))
    k = len(gold)
    print(f"== key dates: {docs.height} articles, {events.height} events ({took:.1f} s), "
          f"{k} gold days")
    ranked = {
        "key_dates (with publication dates)": threadline.key_dates(one, k=k, documents=docs)[
            "date"].to_list(),
        "key_dates (events only)": threadline.key_dates(one, k=k)["date"].to_list(),
        "baseline: documents with a day-precise event": top_days(
            events.filter(pl.col("date_start") == pl.col("date_end"))
            .group_by(pl.col("date_start").alias("date"))
            .agg(pl.col("doc_id").n_unique().alias("n")), k),
        "baseline: articles published per day": top_days(
            docs.group_by(pl.col("dct").str.to_date(strict=False).alias("date"))
            .agg(pl.len().alias("n")), k),
    }
    for name, days in ranked.items():
        print(f"  {name:48s} Date-F1 exact {date_f1(days, gold):.3f}   "
              f"+-1 day {date_f1(days, gold, 1):.3f}   ({len(days)} days)")
    summary = thread_summary(events)
    named = summary.filter(pl.col("thread_id").is_not_null())
    rest = summary.filter(pl.col("thread_id").is_null())["share"].sum()
    generic = [lab for lab in named["thread_label"] if is_generic(lab)]
    print(f"== automatic threads on the articles: {named.height} threads, largest share "
          f"{named['share'].max():.3f}, unthreaded {rest:.3f}, generic labels {len(generic)}")
    for r in named.iter_rows(named=True):
        print(f"  {r['n_events']:5d} events {r['n_documents']:4d} docs {r['first']}..{r['last']}"
              f"  {r['thread_label']}")
    clusters = events.group_by("cluster_id").agg(
        pl.len().alias("reports"), pl.col("doc_id").n_unique().alias("docs"),
        ((pl.col("date_end").max() - pl.col("date_start").min()).dt.total_days() + 1)
        .alias("span"),
        ((pl.col("date_end") - pl.col("date_start")).dt.total_days() + 1).max().alias("widest"),
        pl.col("cluster_reason").first())
    big = clusters.sort(["reports", "cluster_id"], descending=[True, False]).row(0, named=True)
    wide = clusters.filter(pl.col("span") > pl.col("widest")).height
    print(f"== merging: {clusters.filter(pl.col('reports') > 1).height} merged events, "
          f"largest {big['reports']} reports from {big['docs']} documents over {big['span']} "
          f"day(s); clusters wider than their precision: {wide}\n  {big['cluster_reason']}")


def sample_figures() -> None:
    import threadline
    from threadline.scoring import load_gold, score_events

    docs = threadline.read_corpus(ROOT / "data" / "seeds")
    events = threadline.extract_events(docs, threadline.tag_dates(docs))
    for name, spec in (("automatic", None), ("spec data/threads.yaml", ROOT / "data" /
                                              "threads.yaml")):
        s = score_events(threadline.merge_events(threadline.assign_threads(events, spec)),
                         load_gold("events"))
        print(f"== sample threads, {name}: B-cubed P {s['bcubed_precision']:.3f} "
              f"R {s['bcubed_recall']:.3f} F1 {s['bcubed_f1']:.3f} on {s['n_found']} events")


def _pool(data: Path, out: Path) -> None:
    """The dev sets through the pipeline, written once as the speed runs' event pool; a set
    the pipeline fails on is left out and named (the failure is another stage's bug)."""
    frames = []
    for name in POOL_SETS:
        if not (data / f"{name}.jsonl").is_file():
            continue
        try:
            frames.append(_events(_documents(data / f"{name}.jsonl")))
        except Exception as exc:  # report and go on: the speed figures need some real text
            print(f"   (pool: {name} left out, the pipeline failed on it: "
                  f"{type(exc).__name__}: {exc})")
    pl.concat(frames, how="diagonal_relaxed").write_parquet(out)


def _run(pool: str, n: int) -> dict:
    """One speed run in this process: n events, assign_threads + merge_events timed."""
    import resource

    import threadline

    base = pl.read_parquet(pool)
    parts, r = [], 0
    while sum(p.height for p in parts) < n:
        shift = f"{2 * r}y"
        parts.append(base.with_columns(
            pl.col("event_id") + f"~{r}", pl.col("doc_id") + f"~{r}",
            pl.col("date_start").dt.offset_by(shift), pl.col("date_end").dt.offset_by(shift)))
        r += 1
    events = pl.concat(parts).head(n)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start, wall = time.process_time(), time.perf_counter()
    threaded = threadline.assign_threads(events)
    mid = time.process_time()
    merged = threadline.merge_events(threaded)
    end = time.process_time()
    wall = time.perf_counter() - wall
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"n": n, "distinct": base.height, "threads_s": mid - start, "merge_s": end - mid,
            "total_s": end - start, "wall_s": wall, "peak_mb": peak / 1024,
            "before_mb": before / 1024,
            "n_threads": threaded["thread_id"].n_unique() - 1,
            "largest_cluster": int(merged["cluster_members"].list.len().max())}


def speed_figures(data: Path, sizes: list[int]) -> None:
    pool = Path(os.environ.get("TMPDIR", "/tmp")) / "threadline_bench_threads_pool.parquet"
    _pool(data, pool)
    env = {**os.environ, "POLARS_MAX_THREADS": "1"}
    first = None
    for n in sizes:
        out = subprocess.run([sys.executable, __file__, "--run", str(pool), str(n)], env=env,
                             capture_output=True, text=True, check=True).stdout
        res = json.loads(out.strip().splitlines()[-1])
        first = first or res
        print(f"== speed, {res['n']} events ({res['distinct']} distinct, one core): threads "
              f"{res['threads_s']:.1f} s + merging {res['merge_s']:.1f} s = "
              f"{res['total_s']:.1f} s CPU ({res['wall_s']:.1f} s wall); peak memory "
              f"{res['peak_mb']:.0f} MB (events loaded: {res['before_mb']:.0f} MB); "
              f"{res['n_threads']} threads, largest cluster {res['largest_cluster']}; "
              f"x{res['n'] / first['n']:.0f} events -> "
              f"x{res['total_s'] / first['total_s']:.2f} time")
    pool.unlink(missing_ok=True)


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--run":
        print(json.dumps(_run(sys.argv[2], int(sys.argv[3]))))
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--sizes", type=int, nargs="*", default=[15000, 60000])
    args = ap.parse_args()
    if not (args.data / "tls_dev.jsonl").is_file():
        sys.exit(f"bench_threads: {args.data / 'tls_dev.jsonl'} not found (pass --data)")
    key_date_figures(args.data)
    sample_figures()
    if args.sizes:
        speed_figures(args.data, args.sizes)


if __name__ == "__main__":
    main()
