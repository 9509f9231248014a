"""The whole build at corpus scale: per-stage wall time, characters per second and peak memory,
the growth with `--growth` times the corpus, and `dateparser.search_dates` on a sample of the
same text in the same run (the ratio the build must beat).

The corpus: the Guardian articles of TLS dev (``kind == "article"``, read by path from
../shared/data, never copied into the repository), `--docs` of them (default: every distinct
article once); more than there are repeats them with distinct doc ids (``~01``, ...), which the
output says, since repeated text is cheaper for the caches of repeated strings. The grown corpus
is the same articles `--growth` times over (4 by default), so growth measures the build's
scaling, not a change of text.

Each corpus is built in a fresh subprocess (peak memory is that process's), stage by stage as
`threadline build` runs them: read (read_corpus of a Parquet table), tag (tag_dates) and events
(extract_events), both in batches of `Settings.batch_size` documents as the build does; threads
(assign_threads, automatic threads unless `--threads FILE`), merge (merge_events), key dates
(key_dates, which the site also computes for its thread pages), site (write_site) and exports
(write_exports plus the documents and mentions tables). Printed per stage: wall seconds, share
of the build, characters of the corpus per second of that stage, and the peak RSS so far.

dateparser: `search_dates(text, languages=["en"], settings={"RELATIVE_BASE": published})` over
whole documents of the base corpus (distinct text) up to `--dateparser-chars` characters, after
a one-document warm-up; its characters per second give the time it would take on the whole
corpus, and the ratio is that time over the whole build's.

With `--engines-repeat N` (0: off) it then times the whole `threadline build` command on the
1x corpus with ``--engine local`` and ``--engine dask --workers 2``, alternating, N times each
in fresh processes, and prints the medians and their ratio (local / dask).

    .venv/bin/python benchmarks/bench_build.py [--docs N] [--growth 4] [--tls PATH]
        [--dateparser-chars 300000] [--threads FILE] [--keep DIR] [--engines-repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
TLS = ROOT.parent / "shared" / "data" / "tls_dev.jsonl"
STAGES = ("read", "tag", "events", "threads", "merge", "key dates", "site", "exports")
CLOCK = time.perf_counter


def articles(tls: Path) -> pl.DataFrame:
    """The distinct articles of TLS dev with the columns a tabular input takes."""
    if not tls.is_file():
        sys.exit(f"bench_build: {tls} not found (TLS dev set; pass --tls PATH)")
    table = pl.read_ndjson(tls, infer_schema_length=None).filter(pl.col("kind") == "article")
    title = pl.col("text").str.split("\n").list.first().str.slice(0, 90)
    return table.select("doc_id", "text", "published", title.alias("title"),
                        pl.col("source").fill_null("The Guardian"),
                        pl.concat_str(pl.lit("https://news.example.org/"), "doc_id").alias("url"))


def corpus(base: pl.DataFrame, n_docs: int) -> pl.DataFrame:
    """`n_docs` documents: the base articles in order, repeated with distinct doc ids."""
    reps = -(-n_docs // base.height)
    copies = [base if r == 0 else base.with_columns(pl.col("doc_id") + f"~{r:02d}")
              for r in range(reps)]
    return pl.concat(copies).head(n_docs)


def peak_mb() -> float:
    """This process's peak resident memory so far, in MB (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(path: Path, out: Path, threads: str | None) -> dict:
    """Build the corpus at `path` into `out`, stage by stage; wall seconds and peak MB each."""
    from threadline.documents import read_corpus
    from threadline.events import extract_events
    from threadline.exports import write_exports
    from threadline.exports.spreadsheet import spreadsheet_safe
    from threadline.pipeline import events_order
    from threadline.settings import DEFAULT
    from threadline.threads import assign_threads, key_dates, merge_events
    from threadline.timeline.pages import write_site
    from threadline.timex import tag_dates

    seconds: dict[str, float] = dict.fromkeys(STAGES, 0.0)
    cpu: dict[str, float] = dict.fromkeys(STAGES, 0.0)
    peaks: dict[str, float] = {}

    def timed(stage: str, fn, *args, **kwargs):
        t0, c0 = CLOCK(), time.process_time()
        result = fn(*args, **kwargs)
        seconds[stage] += CLOCK() - t0
        cpu[stage] += time.process_time() - c0
        peaks[stage] = peak_mb()
        return result

    start_mb = peak_mb()
    documents = timed("read", read_corpus, [path])
    mentions, events = [], []
    for batch in documents.iter_slices(DEFAULT.batch_size):
        m = timed("tag", tag_dates, batch, doc_type=DEFAULT.doc_type)
        events.append(timed("events", extract_events, batch, m))
        mentions.append(m)
    mentions = pl.concat(mentions, how="vertical_relaxed")
    events = events_order(pl.concat(events, how="vertical_relaxed"))  # as the build does
    events = timed("threads", assign_threads, events, threads)
    events = timed("merge", merge_events, events)
    keys = timed("key dates", key_dates, events, documents=documents)
    out.mkdir(parents=True, exist_ok=True)
    timed("site", write_site, out, documents, events, per_thread=DEFAULT.site_events_per_thread)

    def exports() -> None:
        documents.write_parquet(out / "documents.parquet")
        spreadsheet_safe(documents).write_csv(out / "documents.csv")
        mentions.write_parquet(out / "mentions.parquet")
        write_exports(out, documents, mentions, events)

    timed("exports", exports)
    written = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    return {"seconds": seconds, "cpu": cpu, "peak_mb": peaks, "start_mb": start_mb,
            "documents": documents.height, "chars": int(documents["text"].str.len_chars().sum()),
            "mentions": mentions.height, "events": events.height, "key_dates": keys.height,
            "threads": events["thread_id"].n_unique(), "written_mb": written / 1e6}


def run_child(table: pl.DataFrame, folder: Path, threads: str | None) -> dict:
    """`child` on `table` in a fresh interpreter; its figures."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "corpus.parquet"
    table.write_parquet(path)
    cmd = [sys.executable, __file__, "--child", str(path), "--out", str(folder / "out")]
    if threads:
        cmd += ["--threads", threads]
    env = {**os.environ, "TQDM_DISABLE": "1"}
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if done.returncode:
        sys.exit(f"bench_build: the build of {path} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def dateparser_rate(base: pl.DataFrame, max_chars: int) -> tuple[float, float, int, int]:
    """(chars/s of wall time, chars/s of CPU time, chars, hits) of search_dates over whole
    base documents up to `max_chars`."""
    from dateparser.search import search_dates

    def run(rows: pl.DataFrame) -> int:
        hits = 0
        for text, published in rows.select("text", "published").iter_rows():
            base_day = dt.datetime.fromisoformat(published[:10])
            found = search_dates(text, languages=["en"], settings={"RELATIVE_BASE": base_day})
            hits += len(found or [])
        return hits

    lengths = base["text"].str.len_chars()
    sample = base.filter((lengths.cum_sum() - lengths) < max_chars)
    run(sample.head(1))  # loads dateparser's English data
    t0, c0 = CLOCK(), time.process_time()
    hits = run(sample)
    took, cpu = CLOCK() - t0, time.process_time() - c0
    chars = int(sample["text"].str.len_chars().sum())
    return chars / took, chars / cpu, chars, hits


def children_cpu() -> float:
    """CPU seconds (user + system) of this process's finished child processes so far."""
    use = resource.getrusage(resource.RUSAGE_CHILDREN)
    return use.ru_utime + use.ru_stime


def engines(corpus_path: Path, root: Path, repeat: int, threads: str | None) -> str:
    """Median wall seconds of `threadline build` with the local and the dask engine, with the
    CPU seconds of each run's processes (its workers included) and the load average."""
    exe = Path(sys.executable).with_name("threadline")
    times: dict[str, list[float]] = {"local": [], "dask": []}
    cpus: dict[str, list[float]] = {"local": [], "dask": []}
    loads = [os.getloadavg()[0]]
    for i in range(repeat):
        for engine in times:
            out = root / f"engine-{engine}-{i}"
            cmd = [str(exe), "build", str(corpus_path), "-o", str(out), "--engine", engine]
            cmd += ["--workers", "2"] if engine == "dask" else []
            cmd += ["--threads", threads] if threads else []
            t0, c0 = CLOCK(), children_cpu()
            done = subprocess.run(cmd, capture_output=True, text=True, check=False,
                                  env={**os.environ, "TQDM_DISABLE": "1"})
            times[engine].append(CLOCK() - t0)
            cpus[engine].append(children_cpu() - c0)
            loads.append(os.getloadavg()[0])
            if done.returncode:
                sys.exit(f"bench_build: {' '.join(cmd)} failed:\n{done.stderr[-3000:]}")
    med = {k: statistics.median(v) for k, v in times.items()}
    cpu = {k: statistics.median(v) for k, v in cpus.items()}
    return (f"\nthreadline build, 1x corpus, median of {repeat}: local {med['local']:.1f} s "
            f"({', '.join(f'{t:.1f}' for t in times['local'])}; CPU {cpu['local']:.1f} s), "
            f"dask 2 workers {med['dask']:.1f} s "
            f"({', '.join(f'{t:.1f}' for t in times['dask'])}; CPU {cpu['dask']:.1f} s); "
            f"local / dask = {med['local'] / med['dask']:.2f}x (target >= 1.6x); load average "
            f"during the runs {min(loads):.1f}-{max(loads):.1f}")


def report(name: str, r: dict) -> float:
    """Print one build's stages; return its total wall seconds."""
    total = sum(r["seconds"].values())
    print(f"\n{name}: {r['documents']} documents, {r['chars'] / 1e6:.2f} M chars, "
          f"{r['mentions']} mentions, {r['events']} events, {r['threads']} threads, "
          f"{r['key_dates']} key dates; wrote {r['written_mb']:.1f} MB")
    print(f"  {'stage':<10} {'seconds':>8} {'CPU s':>7} {'share':>6} {'k chars/s':>10} "
          f"{'peak MB':>8}")
    for stage in STAGES:
        s = r["seconds"][stage]
        rate = r["chars"] / s / 1e3 if s else float("inf")
        print(f"  {stage:<10} {s:8.2f} {r['cpu'][stage]:7.2f} {s / total:6.1%} {rate:10.0f} "
              f"{r['peak_mb'].get(stage, 0):8.0f}")
    peak = max(r["peak_mb"].values())
    cpu = sum(r["cpu"].values())
    print(f"  {'build':<10} {total:8.2f} {cpu:7.2f} {1:6.0%} {r['chars'] / total / 1e3:10.0f} "
          f"{peak:8.0f}   (interpreter and imports: {r['start_mb']:.0f} MB)")
    return total


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tls", type=Path, default=TLS)
    ap.add_argument("--docs", type=int, default=None, help="documents (default: each once)")
    ap.add_argument("--growth", type=int, default=4)
    ap.add_argument("--dateparser-chars", type=int, default=300_000)
    ap.add_argument("--threads", default=None, help="a thread file (default: automatic)")
    ap.add_argument("--engines-repeat", type=int, default=0)
    ap.add_argument("--keep", type=Path, default=None, help="build here instead of a tmp dir")
    ap.add_argument("--child", type=Path, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.out, args.threads)))
        return 0
    base = articles(args.tls)
    n_docs = args.docs or base.height
    print(f"bench_build: {n_docs} documents from {base.height} distinct TLS dev articles"
          + (" (repeated with distinct ids: repeated text is cheaper)" if n_docs > base.height
             else "") + f"; growth x{args.growth}; load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        root = args.keep or Path(tmp)
        one = run_child(corpus(base, n_docs), root / "1x", args.threads)
        grown = run_child(corpus(base, n_docs * args.growth), root / f"{args.growth}x",
                          args.threads)
        versus = engines(root / "1x" / "corpus.parquet", root, args.engines_repeat,
                         args.threads) if args.engines_repeat else ""
    t1 = report("1x", one)
    tk = report(f"{args.growth}x", grown)
    rate, cpu_rate, chars, hits = dateparser_rate(base, args.dateparser_chars)
    projected = one["chars"] / rate
    m1, mk = max(one["peak_mb"].values()), max(grown["peak_mb"].values())
    print(f"\ndateparser.search_dates: {chars / 1e3:.0f} k chars of distinct articles in "
          f"{chars / rate:.1f} s ({rate / 1e3:.1f} k chars/s, {hits} hits); on the 1x corpus "
          f"about {projected:.0f} s")
    print(f"whole build vs dateparser alone (1x): {projected / t1:.2f}x faster in wall time "
          f"(target >= 3x); {one['chars'] / cpu_rate / sum(one['cpu'].values()):.2f}x in CPU "
          "time")
    print(f"peak memory (1x): {m1:.0f} MB (target <= 1536 MB)")
    print(f"growth x{args.growth}: time {tk / t1:.2f}x (target <= {args.growth + 0.5}x), "
          f"peak memory {mk / m1:.2f}x (target <= 2x); load average now "
          f"{os.getloadavg()[0]:.1f}")
    if versus:
        print(versus)
    return 0


if __name__ == "__main__":
    sys.exit(main())
