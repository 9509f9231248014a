"""Speed and memory of `threadline.tag_dates` on real articles, against dateparser, same run.

Real articles: TimeBank+AQUAINT dev (news, read by path, never copied) plus the seed corpus.
Prints chars/s of tag_dates and of `dateparser.search_dates` (languages=["en"], RELATIVE_BASE =
the publication date) on the same documents and their ratio, cold (tag_dates' caches cleared
before each call; dateparser's first pass) and warm (tag_dates' caches filled by other
documents, timed on text they have never seen; dateparser's best pass); the
time at 1x and 4x the corpus (repeated with distinct doc ids) and its ratio (linear => about
4); the peak RSS of tagging >= 2 M characters in a fresh subprocess. Everything runs on one
core (one thread: polars limited to one, Python single-threaded) unless --all-cores, timed by
the process's CPU time (one core's work, not the waits for a core on a shared machine) unless
--wall.

    .venv/bin/python benchmarks/bench_tag.py [--tbaq PATH] [--runs 3] [--calls 10]
        [--dateparser-chars N] [--doc-type news] [--all-cores] [--wall]
"""

from __future__ import annotations

import os
import sys


def _one_core() -> bool:
    """Run on one core, as the targets are stated: polars to one thread (set before polars is
    imported; the RSS child inherits it), Python being single-threaded. The process is not
    pinned to a CPU: on a shared machine the scheduler picks the least busy one."""
    if "--all-cores" in sys.argv:
        return False
    os.environ["POLARS_MAX_THREADS"] = "1"
    return True


ONE_CORE = _one_core()
#: The clock of every timing: the CPU time of this process (one thread: one core's work, not
#: the time spent waiting for a core on a shared machine); --wall for wall-clock time.
WALL = "--wall" in sys.argv

import argparse  # noqa: E402 (after _one_core: polars reads its thread count on import)
import datetime as dt  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import resource  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import polars as pl  # noqa: E402
from threadline import read_corpus, tag_dates  # noqa: E402
from threadline.scoring import load_tempeval_jsonl  # noqa: E402
from threadline.timex import clear_caches  # noqa: E402

CLOCK = time.perf_counter if WALL else time.process_time

ROOT = Path(__file__).resolve().parents[1]
RSS_CHARS = 2_000_000
#: Folds of the warm measure: each timed on caches filled by the others.
FOLDS = 4


def load_corpus(tbaq: Path, seeds: Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(TimeBank+AQUAINT documents, seed documents), both DOCUMENTS frames of ok rows."""
    news, _ = load_tempeval_jsonl(tbaq)
    seed = read_corpus(seeds).filter(pl.col("status") == "ok")
    return news, seed


def n_chars(documents: pl.DataFrame) -> int:
    """Characters of article text in `documents`."""
    return int(documents["text"].str.len_chars().sum())


def repeat(documents: pl.DataFrame, k: int) -> pl.DataFrame:
    """`documents` k times over, each copy with distinct doc ids and sources."""
    copies = [
        documents.with_columns(pl.col("doc_id") + f"~{i}", pl.col("source") + f"~{i}")
        for i in range(k)
    ]
    return pl.concat(copies)


def best_time(fn, runs: int) -> float:
    """The fastest of `runs` wall-clock timings of fn() (machines are shared and noisy)."""
    times = []
    for _ in range(runs):
        t0 = CLOCK()
        fn()
        times.append(CLOCK() - t0)
    return min(times)


def time_tag(documents: pl.DataFrame, args: argparse.Namespace) -> float:
    """Seconds per cold call of tag_dates over `documents`: the best of `--runs` windows, each
    the mean of `--calls` back-to-back calls (a window of about a second, like one dateparser
    pass, so both see the shared machine's noise alike), every call starting with the
    engine's cross-call caches emptied (`clear_caches`, untimed; the compiled rules are kept)."""
    windows = []
    for _ in range(args.runs):
        total = 0.0
        for _ in range(args.calls):
            clear_caches()
            t0 = CLOCK()
            tag_dates(documents, doc_type=args.doc_type)
            total += CLOCK() - t0
        windows.append(total / args.calls)
    return min(windows)


def folds(documents: pl.DataFrame, k: int) -> list[pl.DataFrame]:
    """`documents` dealt into `k` folds (document i to fold i mod k), in corpus order."""
    row = pl.int_range(pl.len())
    return [documents.filter(row % k == i) for i in range(k)]


def time_unseen(documents: pl.DataFrame, args: argparse.Namespace) -> float:
    """Seconds to tag `documents` with warm caches, on text the caches have never seen: each
    of FOLDS folds is timed right after the caches were emptied and then filled by tagging
    the other folds (untimed), as in a long run over an archive where only other articles came
    before. The sum over the folds is one pass; the best of `--runs` passes is kept. Tagging
    the same text again would time the memo's hits instead (every value already known)."""
    parts = folds(documents, FOLDS)
    passes = []
    for _ in range(args.runs):
        total = 0.0
        for i, part in enumerate(parts):
            clear_caches()
            tag_dates(pl.concat([*parts[:i], *parts[i + 1:]]), doc_type=args.doc_type)
            t0 = CLOCK()
            tag_dates(part, doc_type=args.doc_type)
            total += CLOCK() - t0
        passes.append(total)
    return min(passes)


def dateparser_subset(documents: pl.DataFrame, max_chars: int | None) -> pl.DataFrame:
    """Whole documents, in corpus order, until `max_chars` is reached (None: all of them)."""
    if max_chars is None:
        return documents
    cum = documents["text"].str.len_chars().cum_sum()
    return documents.filter((cum - documents["text"].str.len_chars()) < max_chars)


def run_dateparser(documents: pl.DataFrame) -> int:
    """search_dates over every document, anchored at its publication date; returns hits."""
    from dateparser.search import search_dates

    hits = 0
    for text, dct in documents.select("text", "dct").iter_rows():
        base = dt.datetime.fromisoformat(dct)
        found = search_dates(text, languages=["en"], settings={"RELATIVE_BASE": base})
        hits += len(found or [])
    return hits


def time_dateparser(documents: pl.DataFrame, runs: int) -> tuple[float, float, int]:
    """(first pass, best of `runs` passes, hits) of `run_dateparser` over `documents`, after a
    one-document warm-up that loads dateparser's English data. The first pass is dateparser's
    cold figure (its own caches fill as it goes); the best pass is its warm one."""
    run_dateparser(documents.head(1))
    times, hits = [], 0
    for _ in range(runs):
        t0 = CLOCK()
        hits = run_dateparser(documents)
        times.append(CLOCK() - t0)
    return times[0], min(times), hits


def rss_child(args: argparse.Namespace) -> int:
    """In a fresh process: tag >= 2 M chars, print peak RSS (before and after) as JSON."""
    news, seed = load_corpus(args.tbaq, args.seeds)
    base = pl.concat([news, seed], how="diagonal_relaxed")
    big = repeat(base, math.ceil(RSS_CHARS / n_chars(base)))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    mentions = tag_dates(big, doc_type=args.doc_type)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"chars": n_chars(big), "mentions": mentions.height,
                      "rss_before_kb": before, "rss_peak_kb": after}))
    return 0


def measure_rss(args: argparse.Namespace) -> dict:
    """Run `rss_child` in a fresh interpreter and read its JSON line."""
    cmd = [sys.executable, __file__, "--rss-child", "--tbaq", str(args.tbaq),
           "--seeds", str(args.seeds), "--doc-type", args.doc_type]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    """Time tag_dates and dateparser, check linearity and memory, print one table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tbaq", type=Path, default=ROOT.parent / "shared/data/tbaq_dev.jsonl")
    ap.add_argument("--seeds", type=Path, default=ROOT / "data/seeds")
    ap.add_argument("--doc-type", choices=["news", "narrative"], default="news")
    ap.add_argument("--runs", type=int, default=3, help="timings per measure; the best is kept")
    ap.add_argument("--calls", type=int, default=10,
                    help="tag_dates calls averaged in one timing (default 10)")
    ap.add_argument("--dateparser-chars", type=int, default=None, metavar="N",
                    help="time dateparser on whole documents up to N chars (default: all)")
    ap.add_argument("--wall", action="store_true",
                    help="time with the wall clock instead of the process's CPU time")
    ap.add_argument("--all-cores", action="store_true",
                    help="let polars use every core")
    ap.add_argument("--rss-child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    if args.rss_child:
        return rss_child(args)

    news, seed = load_corpus(args.tbaq, args.seeds)
    corpus = pl.concat([news, seed], how="diagonal_relaxed")
    t_first = best_time(lambda: tag_dates(seed, doc_type=args.doc_type), 1)
    chars1, t1 = n_chars(corpus), time_tag(corpus, args)
    corpus4 = repeat(corpus, 4)
    chars4, t4 = n_chars(corpus4), time_tag(corpus4, args)

    sub = dateparser_subset(news, args.dateparser_chars)
    chars_sub = n_chars(sub)
    t_cold = time_tag(sub, args)
    dp_first, dp_best, hits = time_dateparser(sub, args.runs)
    t_warm = time_unseen(sub, args)
    rss = measure_rss(args)

    def speed(t: float, chars: int = chars_sub) -> str:
        return f"{t:.3f} s = {chars / t:,.0f} chars/s"

    mb = 1024.0
    rows = [
        ("corpus", f"{news.height} TBAQ dev + {seed.height} seed articles, {chars1:,} chars"),
        ("tag_dates first call (seeds)", f"{t_first:.3f} s (loads and compiles the rules)"),
        ("tag_dates 1x corpus, cold", f"{speed(t1, chars1)} (target >= 2,000,000)"),
        ("tag_dates 4x corpus, cold", speed(t4, chars4)),
        ("time ratio 4x / 1x (linear ~ 4)", f"{t4 / t1:.2f}"),
        ("dateparser text", f"{sub.height} TBAQ documents, {chars_sub:,} chars"),
        ("COLD dateparser (first pass)", f"{speed(dp_first)} ({hits} hits)"),
        ("COLD tag_dates (caches cleared)", speed(t_cold)),
        ("COLD speed ratio", f"{dp_first / t_cold:.1f}x"),
        ("WARM dateparser (best pass)", speed(dp_best)),
        ("WARM tag_dates (unseen text)", f"{speed(t_warm)} (caches filled by the other "
                                         f"{FOLDS - 1} of {FOLDS} folds)"),
        ("WARM speed ratio", f"{dp_best / t_warm:.1f}x (target >= 60x)"),
        ("peak RSS tagging (fresh process)", f"{rss['rss_peak_kb'] / mb:,.0f} MB for "
                                             f"{rss['chars']:,} chars (target < 1024 MB)"),
        ("  RSS before tagging", f"{rss['rss_before_kb'] / mb:,.0f} MB"),
    ]
    table = pl.DataFrame(rows, schema=["measure", "value"], orient="row")
    cores = "one core (POLARS_MAX_THREADS=1)" if ONE_CORE else "all cores"
    cores += ", wall-clock time" if WALL else ", CPU time of the process"
    print(f"bench_tag: {cores}; doc_type={args.doc_type}; tag_dates: best of {args.runs} means of "
          f"{args.calls} calls (cold: caches cleared before each call); warm: best of {args.runs} "
          f"passes over {FOLDS} folds, each on caches filled by the others; dateparser: first "
          f"and best of {args.runs} passes; polars {pl.__version__}, python "
          f"{sys.version.split()[0]}")
    with pl.Config(tbl_rows=-1, tbl_width_chars=160, fmt_str_lengths=100,
                   tbl_hide_dataframe_shape=True, tbl_hide_column_data_types=True):
        print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
