"""What makes a date important to a thread: references, the reporting burst after it, its merged
event and its violence, as features of every (thread, date) candidate.

Date selection in news timeline summarisation (Tran et al. 2013; Martschat & Markert 2018;
Gholipour Ghalandari & Ifrim 2020) ranks dates by how the collection refers to them. Here:

* ``refs``: the documents that refer to the date, each once (spread across sources), weighted
  by how the date is known (`KeyDateWeights.anchors`: written in the sentence, or found through a
  merged report, 1; inherited from the story, half; the publication date alone nothing, as is a
  document's reference to its own publication day or a period holding it ("this year"):
  publishing on a day is no reference to it),
  by what is said of it (denied: nothing; expected: half), by violence (x 1 + ``severe``), and
  by the date's precision (a day 1, coarser dates ``1 / (1 + log2 days)``: a month about a
  sixth);
* ``burst``: the reporting right after an event. Publishing on a day p says that something
  happened on p - 1 (a morning paper's news) or on p (a web report's); which of the two, the
  document itself ("yesterday", "this morning") and the collection's references tell
  (`bursts`): each document's (1 + ``same_day``) goes to p - 1 and p in proportion to its
  own references to each (a reference back to p - 1, "yesterday", weighing ``look_back``
  times one to p, "today": a reference back points at the day it names, one to the
  publication day as often at the day before), the references each has, and pseudo-counts 1
  and ``same_day``. So
  of two neighbouring days the one the reports are about takes the burst, not the
  publication day that merely follows it (``refer_burst`` and ``doc_burst`` off: the fixed
  shares). Documents without events count for every thread by its share of all events
  (`shares`, times ``eventless``): an analysis published the day after an attack is
  reporting on it too;
* ``merged``: the sources of the date's biggest merged event.

The score is ``log1p(refs) + burst x log1p(burst docs) + merged x log1p(sources - 1)``: each
feature with diminishing returns, so that no single one (a day every article mentions) decides
alone. A candidate is a date some report states (in its sentence or its story: a report on its
own publication day is a candidate, counted in the burst, not as a reference), or, given the
documents' date mentions, one written in their text (`threadline.threads.keymentions`); a day
that is only published on is no key date.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

VIOLENT = ("Battles", "Explosions/Remote violence", "Violence against civilians")
#: Dates coarser than this many days are no key dates (decades, centuries).
MAX_DAYS = 366


def _anchors() -> dict[str, float]:
    return {"mention": 1.0, "event": 1.0, "absolute": 1.0, "narrative": 0.5, "dct": 0.0}


@dataclass(frozen=True)
class KeyDateWeights:
    """The weights of `key_dates`' features, set by reasoning (not fitted to any collection);
    a weight of 0 turns its feature off (ablation)."""

    #: Reference weight by how the date is known (a missing or unknown anchor counts as
    #: written: a date given with the event is a stated date).
    anchors: dict[str, float] = field(default_factory=_anchors)
    #: Weight of denied and expected reports.
    negated: float = 0.0
    expected: float = 0.5
    #: Extra reference weight of a violent report.
    severe: float = 0.25
    #: Weight of the reporting burst after a day, and of the day's own publications in it.
    burst: float = 1.0
    same_day: float = 0.5
    #: Weight of the date's biggest merged event (its sources beyond the first).
    merged: float = 0.25
    #: Whether coarser dates (weeks, months, years) are candidates at all.
    coarse: bool = True
    #: Whether a document's reference to its own publication day counts as a reference.
    own_day: bool = False
    #: Reference weight of a date mention (`threadline.threads.keymentions`) against a
    #: report's: a date written in the text is as much a reference with or without an event.
    mentions: float = 1.0
    #: Whether a publication day's burst goes to the day (of it and the day before) that
    #: reports refer back to (`bursts`), rather than split by fixed shares.
    refer_burst: bool = True
    #: Weight of what a document itself says of the day before its publication and of its
    #: own day (`bursts`) in crediting its burst: 0, only the collection's references decide.
    doc_burst: float = 1.0
    #: How much more a document's reference back to the day before its publication
    #: ("yesterday", "on 9 July", an event of that day) tells which day it reports than one to
    #: its own day ("today", an event of its day): references back point at the day they name
    #: (a timeline day about 0.63 of the time in bench_keydates, its eve about 0.35), those to
    #: the publication day as often at the day before as at the day itself (0.5 either way).
    look_back: float = 2.0
    #: Weight of a document without events (an analysis, a profile) against one with events
    #: of the thread, in the burst and in its mentions' references (`shares`); 0: ablation.
    eventless: float = 1.0


def precision_weight(days: pl.Expr) -> pl.Expr:
    """1 for a day, 1 / (1 + log2 days) for a longer date: a week ~0.26, a month ~0.17."""
    return 1.0 / (1.0 + days.cast(pl.Float64).log(2))


def thread_of(events: pl.DataFrame) -> pl.Expr:
    """Every thread an event belongs to (its thread_ids, else its primary thread or null)."""
    return (pl.when(pl.col("thread_ids").list.len() > 0).then(pl.col("thread_ids"))
            .otherwise(pl.concat_list(pl.col("thread_id"))))


def published(documents: pl.DataFrame | None) -> pl.DataFrame:
    """(doc_id, pub): the day each document was published (its day-precise ``dct``); empty
    without documents."""
    if documents is None or "dct" not in documents.columns:
        return pl.DataFrame(schema={"doc_id": pl.String, "pub": pl.Date})
    value = pl.col("dct").cast(pl.String)
    day = pl.when(value.str.contains(r"^\d{4}-\d{2}-\d{2}")).then(
        value.str.slice(0, 10).str.to_date(strict=False))
    return documents.select("doc_id", day.alias("pub")).drop_nulls().unique("doc_id")


def reports(events: pl.DataFrame, pub: pl.DataFrame, wt: KeyDateWeights) -> pl.DataFrame:
    """Dated reports, one row per (thread, report), with their reference weight ``w``."""
    fact = (pl.col("factuality") if "factuality" in events.columns else pl.lit("asserted"))
    days = (pl.col("date_end") - pl.col("date_start")).dt.total_days() + 1
    anchor = pl.col("anchor").fill_null("").replace_strict(
        wt.anchors, default=1.0, return_dtype=pl.Float64)
    said = fact.fill_null("asserted").replace_strict(
        {"negated": wt.negated, "expected": wt.expected}, default=1.0,
        return_dtype=pl.Float64)
    own = (pl.col("date_start") <= pl.col("pub")) & (pl.col("date_end") >= pl.col("pub"))
    own = pl.lit(False) if wt.own_day else own.fill_null(False)
    severe = pl.col("event_type").is_in(VIOLENT).fill_null(False)
    stated = anchor * said * (1 + wt.severe * severe.cast(pl.Float64)) * precision_weight(days)
    dated = pl.col("date_start").is_not_null() & pl.col("date_end").is_not_null()
    keep = (days <= (MAX_DAYS if wt.coarse else 1))
    return (events.filter(dated).join(pub, on="doc_id", how="left")
            .with_columns(thread_of(events).alias("_thread"),
                          pl.when(own & (days > 1)).then(0.0).otherwise(stated).alias("stated"),
                          pl.when(own).then(0.0).otherwise(stated).alias("w"),
                          severe.alias("severe"), days.alias("days"),
                          pl.col("cluster_id").fill_null(pl.col("event_id")),
                          pl.col("n_sources").fill_null(1))
            .filter(keep).explode("_thread")
            .select(pl.col("_thread").alias("thread_id"), pl.col("date_start").alias("date"),
                    "date_end", "days", "event_id", "doc_id", "sentence", "cluster_id",
                    "n_sources", "stated", "w", "severe",
                    pl.col("anchor").is_in(["mention", "event", "absolute"]).fill_null(True)
                    .alias("explicit"),
                    (fact.fill_null("asserted") == "asserted").alias("asserted"),
                    pl.lit(True).alias("is_event")))


def shares(events: pl.DataFrame, pub: pl.DataFrame, eventless: float = 1.0) -> pl.DataFrame:
    """(doc_id, thread_id, share): the share of each document's events in each thread; a
    published document without events (an analysis, a profile: no trigger, yet about the
    same story) counts for every thread by the thread's share of all events, the best guess
    of what it is about, times `eventless` (`KeyDateWeights.eventless`; 0 leaves them out)."""
    per = events.select("doc_id", thread_of(events).alias("thread_id")).explode("thread_id")
    own = (per.group_by("doc_id", "thread_id").agg(pl.len().alias("n"))
           .with_columns((pl.col("n") / pl.col("n").sum().over("doc_id")).alias("share"))
           .drop("n"))
    prior = per.group_by("thread_id").agg(
        (eventless * pl.len() / max(per.height, 1)).alias("share"))
    rest = pub.select("doc_id").unique().join(own.select("doc_id"), on="doc_id", how="anti")
    return pl.concat([own, rest.join(prior, how="cross")], how="vertical_relaxed")


def publications(events: pl.DataFrame, pub: pl.DataFrame,
                 eventless: float = 1.0) -> pl.DataFrame:
    """(thread_id, doc_id, pub, share): the day each of each thread's documents was published,
    and how much of the document is the thread's (1 for a document with events of the thread;
    a document without events by `shares`)."""
    docs = shares(events, pub, eventless)
    evented = events.select("doc_id").unique()
    whole = docs.join(evented, on="doc_id", how="semi").with_columns(pl.lit(1.0).alias("share"))
    rest = docs.join(evented, on="doc_id", how="anti")
    return pl.concat([whole, rest]).join(pub, on="doc_id")


def bursts(docs: pl.DataFrame, refs: pl.DataFrame, own: pl.DataFrame,
           wt: KeyDateWeights) -> pl.DataFrame:
    """(thread_id, date, burst docs): the reporting burst of each publication day p, credited
    to the two days it may be news of, p - 1 and p itself.

    Publishing says only that something happened on p - 1 or p (a morning paper's news is
    yesterday's, a web report's today's). Each document's (1 + `same_day`) share goes to the
    two days in proportion to pseudo-counts 1 for p - 1 and `same_day` for p, plus what the
    document itself says of the two days (its `own` references: "yesterday", "this morning",
    an event of either day; `doc_burst` x their weight, a dateline none, those back to p - 1
    `look_back` times those to p), plus the
    collection's references to each (`refs`; with ``refer_burst``). So a document's burst
    goes to the day it reports, and without a word of its own to the day later reports refer
    back to, not to the publication day that merely follows it."""
    r = refs.select("thread_id", "date", "refs")
    o = own.select("thread_id", "doc_id", "date", pl.col("stated").alias("o"))
    prev = pl.col("pub") - pl.duration(days=1)
    both = (docs.with_columns(prev.alias("date"))
            .join(r.rename({"refs": "r_prev"}), on=["thread_id", "date"], how="left",
                  nulls_equal=True)
            .join(o.rename({"o": "o_prev"}), on=["thread_id", "doc_id", "date"], how="left",
                  nulls_equal=True).drop("date")
            .join(r.rename({"date": "pub", "refs": "r_same"}), on=["thread_id", "pub"],
                  how="left", nulls_equal=True)
            .join(o.rename({"date": "pub", "o": "o_same"}), on=["thread_id", "doc_id", "pub"],
                  how="left", nulls_equal=True)
            .with_columns(pl.col("r_prev", "r_same", "o_prev", "o_same").fill_null(0.0)))
    collection = 1.0 if wt.refer_burst else 0.0
    a = 1.0 + collection * pl.col("r_prev") + wt.doc_burst * wt.look_back * pl.col("o_prev")
    b = wt.same_day + collection * pl.col("r_same") + wt.doc_burst * pl.col("o_same")
    total = (1.0 + wt.same_day) * pl.col("share")
    credit = both.select("thread_id", prev.alias("prev"), "pub",
                         (total * a / (a + b)).alias("to_prev"),
                         (total * b / (a + b)).alias("to_same"))
    return (pl.concat([credit.select("thread_id", pl.col("prev").alias("date"),
                                     pl.col("to_prev").alias("n")),
                       credit.select("thread_id", pl.col("pub").alias("date"),
                                     pl.col("to_same").alias("n"))])
            .group_by("thread_id", "date").agg(pl.col("n").sum().alias("burst_docs")))


def score(rep: pl.DataFrame, per_day: pl.DataFrame, wt: KeyDateWeights) -> pl.DataFrame:
    """Score, counts, documents and representative report of every (thread, date, date_end)
    candidate some report states (not only publishes on)."""
    key = ["thread_id", "date", "date_end"]
    per_doc = rep.group_by(*key, "doc_id").agg(pl.col("w", "stated").max())
    best = (rep.sort([*key, "is_event", "n_sources", "explicit", "asserted", "w", "event_id"],
                     descending=[False, False, False, True, True, True, True, True, False],
                     nulls_last=True)
            .group_by(key, maintain_order=True).first()
            .select(*key, "days", "event_id", "sentence", "cluster_id",
                    pl.col("n_sources").alias("cluster_sources")))
    counts = rep.group_by(key).agg(
        pl.col("is_event").sum().cast(pl.Int64).alias("n_reports"),
        pl.col("doc_id").unique().sort().alias("doc_ids"),
        pl.col("severe").any().alias("any_severe"))
    day = pl.col("days") == 1
    value = (pl.col("refs").log1p()
             + wt.burst * pl.when(day).then(pl.col("burst_docs")).otherwise(0.0).log1p()
             + wt.merged * (pl.col("cluster_sources") - 1).clip(0).cast(pl.Float64).log1p())
    refs = (per_doc.group_by(key).agg(pl.col("w").sum().alias("refs"),
                                      pl.col("stated").max().alias("stated"))
            .filter(pl.col("stated") > 0))
    day_only = pl.col("date") == pl.col("date_end")
    burst = bursts(per_day, refs.filter(day_only), per_doc.filter(day_only), wt)
    return (refs
            .join(counts, on=key, nulls_equal=True)
            .join(best, on=key, nulls_equal=True)
            .join(burst, on=["thread_id", "date"], how="left", nulls_equal=True)
            .with_columns(pl.col("burst_docs").fill_null(0.0))
            .with_columns(value.alias("score"),
                          pl.col("doc_ids").list.len().cast(pl.Int64).alias("n_sources")))

