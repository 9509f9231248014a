"""Key dates on real text: Date-F1 against a journalist's timeline, and speed.

    .venv/bin/python benchmarks/bench_keydates.py [--data ../shared/data] [--events 15000]

1. The Timeline17 Iraq War dev collection (tls_dev.jsonl: 342 Guardian articles and the
   Guardian's timeline, read by path): the articles through the pipeline (from_table ->
   tag_dates -> extract_events -> assign_threads -> merge_events), the whole collection as one
   thread, k = the number of distinct timeline dates; Date-F1 exact and within one day of
   key_dates as before round 3 (events only, the burst split by fixed shares), with the
   burst credited to the day references point to, with the documents' date mentions, and as
   in round 4 (look_back 1); in the same run the baselines (documents with a day-precise
   event per day; articles published per day; documents whose date mentions refer back to the
   day; k random days, the chance level), each component turned off (ablations) and each
   constant of `KeyDateWeights` halved and doubled (no knife-edge).
2. Stability: the default against round 4 (look_back 1) on ten random halves of the articles
   and on each quarter's articles, so that a hit or two on the whole collection is not taken
   for an effect.
3. Which references point at the timeline's days: for each kind of date reference, one per
   (document, date), the share whose day is a timeline day, and the shares one day before and
   after (the "one day off" question), beside every day of the period.
4. Speed: key_dates (with mentions, and events only) on N events on one core
   (POLARS_MAX_THREADS=1): the dev events copied under new document ids, dates shifted two
   years a copy; CPU seconds, best of three, and the ratio of the two.
"""

from __future__ import annotations

import os

os.environ.setdefault("POLARS_MAX_THREADS", "1")

import argparse  # noqa: E402
import dataclasses  # noqa: E402
import datetime as dt  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import polars as pl  # noqa: E402
from threadline.scoring.timelines import date_f1, top_days  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def pipeline(path: Path) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, set[dt.date]]:
    """(documents, mentions, events, gold days) of a dev collection."""
    import threadline
    from threadline.documents import from_table

    rows = pl.read_ndjson(path, infer_schema_length=None)
    gold = set(rows.filter(pl.col("kind") == "timeline_entry")["date"].str.to_date())
    arts = rows.filter(pl.col("kind") == "article")
    docs = from_table(arts.select("doc_id", "text", "published"), str(path))
    mentions = threadline.tag_dates(docs)
    events = threadline.merge_events(threadline.assign_threads(
        threadline.extract_events(docs, mentions)))
    return docs, mentions, events, gold


def _baselines(docs, mentions, events, k: int) -> dict[str, list[dt.date]]:
    pub = docs.select("doc_id", pl.col("dct").str.to_date(strict=False).alias("pub"))
    back = (mentions.filter(pl.col("type").is_in(["DATE", "TIME"]),
                            pl.col("date_start") == pl.col("date_end"))
            .join(pub, on="doc_id").filter(pl.col("date_start") < pl.col("pub"))
            .join(pub.select(pl.col("pub").min().alias("lo")), how="cross")
            .filter(pl.col("date_start") >= pl.col("lo") - pl.duration(days=7)))
    return {
        "baseline: documents with a day-precise event": top_days(
            events.filter(pl.col("date_start") == pl.col("date_end"))
            .group_by(pl.col("date_start").alias("date"))
            .agg(pl.col("doc_id").n_unique().alias("n")), k),
        "baseline: articles published per day": top_days(
            pub.group_by(pl.col("pub").alias("date")).agg(pl.len().alias("n")), k),
        "baseline: documents whose mentions refer back": top_days(
            back.group_by(pl.col("date_start").alias("date"))
            .agg(pl.col("doc_id").n_unique().alias("n")), k),
    }


def quality(docs, mentions, events, gold: set[dt.date]) -> None:
    import threadline
    from threadline.threads.keyscore import KeyDateWeights

    one = events.with_columns(pl.lit("all").alias("thread_id"),
                              pl.lit(["all"]).alias("thread_ids"))
    k, base = len(gold), KeyDateWeights()
    fixed = dataclasses.replace(base, refer_burst=False)

    def kd(men=None, wt=base) -> list[dt.date]:
        return threadline.key_dates(one, k=k, documents=docs, mentions=men, weights=wt)[
            "date"].to_list()

    span = [min(gold) + dt.timedelta(days=i) for i in range((max(gold) - min(gold)).days + 1)]
    print(f"== key dates on tls_dev: {docs.height} articles, {mentions.height} mentions, "
          f"{events.height} events; {k} timeline days = {k / len(span):.0%} of the "
          f"{len(span)} days they span; {sum(g + dt.timedelta(days=1) in gold for g in gold)}"
          " timeline days have a timeline day after them")
    ranked = {"key_dates before (events, burst by fixed shares)": kd(wt=fixed),
              "key_dates events, burst to the referred day": kd(),
              "key_dates + mentions, burst by fixed shares": kd(mentions, fixed),
              "key_dates + mentions, round 4 (look_back 1)": kd(
                  mentions, dataclasses.replace(base, look_back=1.0)),
              "key_dates + mentions, default (look_back 2)": kd(mentions),
              **_baselines(docs, mentions, events, k)}
    for name, days in ranked.items():
        print(f"  {name:52s} Date-F1 exact {date_f1(days, gold):.3f}   "
              f"+-1 day {date_f1(days, gold, 1):.3f}   ({len(days)} days)")
    draws = [random.Random(seed).sample(span, k) for seed in range(200)]
    print(f"  {'chance: k random days of the span (200 draws)':52s} Date-F1 exact "
          f"{statistics.mean(date_f1(d, gold) for d in draws):.3f}   +-1 day "
          f"{statistics.mean(date_f1(d, gold, 1) for d in draws):.3f}")
    print("  ablations (key_dates + mentions, one component off): exact, +-1")
    off = {"date mentions (events only)": (None, base),
           "burst (burst 0)": (mentions, dataclasses.replace(base, burst=0.0)),
           "collection's references in the burst (refer_burst False)": (
               mentions, dataclasses.replace(base, refer_burst=False)),
           "documents' own references in the burst (doc_burst 0)": (
               mentions, dataclasses.replace(base, doc_burst=0.0)),
           "look-back over own-day references in the burst (look_back 1)": (
               mentions, dataclasses.replace(base, look_back=1.0)),
           "documents without events (eventless 0, keyscore.shares)": (
               mentions, dataclasses.replace(base, eventless=0.0)),
           "merged event (merged 0)": (mentions, dataclasses.replace(base, merged=0.0)),
           "violence (severe 0)": (mentions, dataclasses.replace(base, severe=0.0)),
           "story-inherited dates (anchors[narrative] 0)": (
               mentions, dataclasses.replace(base, anchors={**base.anchors, "narrative": 0.0})),
           "coarser dates (coarse False)": (mentions, dataclasses.replace(base, coarse=False))}
    for name, (men, wt) in off.items():
        days = kd(men, wt)
        print(f"    without {name:62s} {date_f1(days, gold):.3f} {date_f1(days, gold, 1):.3f}")
    print("  neighbours (key_dates + mentions, one constant halved / doubled): exact, +-1")
    for name in ("mentions", "burst", "same_day", "expected", "severe", "merged", "doc_burst",
                 "look_back", "eventless"):
        cells = []
        for f in (0.5, 2.0):
            days = kd(mentions, dataclasses.replace(base, **{name: getattr(base, name) * f}))
            cells.append(f"x{f}: {date_f1(days, gold):.3f} {date_f1(days, gold, 1):.3f}")
        print(f"    {name:10s} (= {getattr(base, name)})  " + "   ".join(cells))
    for name, anchors in (("narrative", 0.25), ("narrative", 1.0)):
        days = kd(mentions, dataclasses.replace(base, anchors={**base.anchors, name: anchors}))
        print(f"    anchors[{name}] = {anchors}: {date_f1(days, gold):.3f} "
              f"{date_f1(days, gold, 1):.3f}")
    days = kd(mentions, dataclasses.replace(base, coarse=False))
    print(f"    coarse = False: {date_f1(days, gold):.3f} {date_f1(days, gold, 1):.3f}")


def stability(docs, mentions, events, gold: set[dt.date], n: int = 10) -> None:
    """Date-F1 exact of the default and of round 4 (look_back 1) on random halves of the
    articles (the whole timeline, k = its days) and on the articles of each quarter of the
    timeline's span (its days there):
    whether a change of a hit or two on the whole collection holds on parts of it."""
    import threadline
    from threadline.threads.keyscore import KeyDateWeights

    base = KeyDateWeights()
    variants = {"default": base, "look_back 1": dataclasses.replace(base, look_back=1.0)}
    one = events.with_columns(pl.lit("all").alias("thread_id"),
                              pl.lit(["all"]).alias("thread_ids"))
    pub = docs.select("doc_id", pl.col("dct").str.to_date(strict=False).alias("pub"))

    def f1(ids: list[str], days: set[dt.date]) -> list[float]:
        d, e = docs.filter(pl.col("doc_id").is_in(ids)), one.filter(pl.col("doc_id").is_in(ids))
        m = mentions.filter(pl.col("doc_id").is_in(ids))
        return [date_f1(threadline.key_dates(e, k=len(days), documents=d, mentions=m,
                                             weights=wt)["date"].to_list(), days)
                for wt in variants.values()]

    ids = docs["doc_id"].to_list()
    halves = [f1(random.Random(seed).sample(ids, len(ids) // 2), gold) for seed in range(n)]
    print(f"== stability: Date-F1 exact of {' / '.join(variants)} on parts of the collection")
    means = " / ".join(f"{statistics.mean(h[i] for h in halves):.3f}"
                       for i in range(len(variants)))
    wins = sum(h[0] > h[1] for h in halves), sum(h[0] < h[1] for h in halves)
    print(f"  {n} random halves of the articles: mean {means}; default better in {wins[0]}, "
          f"worse in {wins[1]}")
    first, last = min(gold), max(gold) + dt.timedelta(days=1)
    cuts = [first + (last - first) * q / 4 for q in range(5)]
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        part = pub.filter(pl.col("pub").is_between(lo, hi, closed="left"))["doc_id"].to_list()
        days = {g for g in gold if lo <= g < hi}
        if part and days:
            print(f"  articles of {lo} - {hi - dt.timedelta(days=1)} ({len(part)}, "
                  f"{len(days)} days): " + " / ".join(f"{x:.3f}" for x in f1(part, days)))


def references(docs, mentions, events, gold: set[dt.date]) -> None:
    """Share of each kind of reference whose day (and the days either side) is a gold day."""
    pub = docs.select("doc_id", pl.col("dct").str.to_date(strict=False).alias("pub"))
    lag = (pl.col("pub") - pl.col("date_start")).dt.total_days()
    day = pl.col("date_start") == pl.col("date_end")
    m = (mentions.filter(day, pl.col("type").is_in(["DATE", "TIME"])).join(pub, on="doc_id")
         .with_columns(lag.alias("lag")))
    e = events.filter(day).join(pub, on="doc_id").with_columns(lag.alias("lag"))
    rel, ab = pl.col("anchor") == "dct", pl.col("anchor") == "absolute"
    kinds = {
        "mention resolved from the publication day, 1 day back (yesterday, last night)":
            m.filter(rel, pl.col("lag") == 1),
        "mention resolved from the publication day, 2-7 days back (on Tuesday)":
            m.filter(rel, pl.col("lag").is_between(2, 7)),
        "mention of its own publication day, relative (today, this morning)":
            m.filter(rel, pl.col("lag") == 0),
        "mention of its own publication day, absolute (the dateline)":
            m.filter(ab, pl.col("lag") == 0),
        "absolute or story-resolved mention, 1-30 days back": m.filter(
            ~rel, pl.col("lag").is_between(1, 30)),
        "event dated by its sentence, 1+ days back": e.filter(
            pl.col("anchor").is_in(["mention", "event"]), pl.col("lag") >= 1),
        "event dated by its sentence, its own publication day": e.filter(
            pl.col("anchor").is_in(["mention", "event"]), pl.col("lag") == 0),
        "event inheriting the story's date, 1+ days back": e.filter(
            pl.col("anchor") == "narrative", pl.col("lag") >= 1),
        "event inheriting the story's date, its own publication day": e.filter(
            pl.col("anchor") == "narrative", pl.col("lag") == 0),
        "publication days (one per article)": pub.select(pl.col("pub").alias("date_start"),
                                                         "doc_id"),
    }
    lo, hi = min(gold), max(gold)
    span = pl.DataFrame({"date_start": pl.date_range(lo, hi, eager=True), "doc_id": "-"})
    kinds["every day of the timeline's span"] = span
    g = pl.Series(sorted(gold)).implode()
    print("== which references point at a timeline day: per (document, date), the share whose"
          " day is one, and the day before / after")
    for name, df in kinds.items():
        df = df.unique(["doc_id", "date_start"]).filter(
            pl.col("date_start").is_between(lo, hi))
        d = pl.col("date_start")
        r = df.select(d.is_in(g).mean().alias("at"),
                      (d - pl.duration(days=1)).is_in(g).mean().alias("before"),
                      (d + pl.duration(days=1)).is_in(g).mean().alias("after"))
        at, before, after = (r.item(0, c) or 0.0 for c in ("at", "before", "after"))
        print(f"  {name:78s} n={df.height:4d}  day {at:.2f}  before {before:.2f}  "
              f"after {after:.2f}")


def _copies(frame: pl.DataFrame, n: int, cols: tuple[str, ...]) -> pl.DataFrame:
    """`frame` copied n times under new doc ids (and event ids), dates two years on a copy."""
    out = []
    for i in range(n):
        shift = pl.duration(days=730 * i)
        out.append(frame.with_columns(
            *(pl.col(c) + shift for c in cols),
            pl.format("{}~{}", "doc_id", pl.lit(i)).alias("doc_id"),
            *([pl.format("{}~{}", "event_id", pl.lit(i)).alias("event_id")]
              if "event_id" in frame.columns else [])))
    return pl.concat(out)


def speed(docs, mentions, events, n_events: int) -> None:
    import threadline

    n = -(-n_events // events.height)
    ev = _copies(events, n, ("date_start", "date_end")).head(n_events)
    men = _copies(mentions, n, ("date_start", "date_end"))
    dct = pl.col("dct").str.to_date(strict=False)
    dd = pl.concat([docs.with_columns((dct + pl.duration(days=730 * i)).cast(pl.String)
                                      .alias("dct"),
                                      pl.format("{}~{}", "doc_id", pl.lit(i)).alias("doc_id"))
                    for i in range(n)])
    times = {}
    for name, m in (("with mentions", men), ("events only", None)):
        best = float("inf")
        for _ in range(3):
            t = time.process_time()
            out = threadline.key_dates(ev, documents=dd, mentions=m)
            best = min(best, time.process_time() - t)
        times[name] = best
        print(f"  key_dates {name:14s} {ev.height} events, {ev['thread_id'].n_unique()} "
              f"threads{'' if m is None else f', {m.height} mentions'}: {best:.2f} s CPU "
              f"(one core), {out.height} key dates")
    print(f"  ratio with mentions / events only: "
          f"{times['with mentions'] / times['events only']:.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--events", type=int, default=15000)
    args = ap.parse_args()
    path = args.data / "tls_dev.jsonl"
    if not path.is_file():
        sys.exit(f"bench_keydates: {path} not found (pass --data)")
    docs, mentions, events, gold = pipeline(path)
    quality(docs, mentions, events, gold)
    stability(docs, mentions, events, gold)
    references(docs, mentions, events, gold)
    print(f"== speed on one core (POLARS_MAX_THREADS={os.environ['POLARS_MAX_THREADS']})")
    speed(docs, mentions, events, args.events)


if __name__ == "__main__":
    main()
