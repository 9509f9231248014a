"""Date references written in a thread's documents (MENTIONS) as key-date references.

Events are only the sentences with an event trigger; most of what a collection says about a
day ("the report published yesterday", "since Tuesday's vote", "on 17 March") is a date
mention in a sentence without one. Date selection in news timeline summarisation (Tran et al.
2013; Gholipour Ghalandari & Ifrim 2020) counts these references in the text, so a mention is
one more reference of its document to the date it denotes, for the threads its document reports:

* each thread gets the share of the document's events in that thread (an article half about a
  thread refers to its dates half as surely), or the whole reference when the mention's own
  sentence holds an event of the thread; a document without events (an analysis, a profile)
  counts for every thread by the thread's share of all events (`keyscore.shares`);
* a date written in the text counts as written, however it was resolved: "yesterday" and "on
  Tuesday" (resolved from the publication date) as much as "4 March 2005";
* a date after the document's publication is a forward reference, weighted as an expected
  report; a document's mention of its own publication day ("today"), or of a period holding
  it ("this year"), is no reference back (``KeyDateWeights.own_day``); "today" still tells
  which day the document reports (its burst, `keyscore.bursts`), but its own publication day
  written out in full (its dateline, a timestamp) tells nothing, and neither it nor a present
  period ("this month") makes a candidate by itself;
* only dates (DATE, TIME) count, not durations or sets.
"""

from __future__ import annotations

import polars as pl

from threadline.threads.keyscore import MAX_DAYS, KeyDateWeights, precision_weight, thread_of
from threadline.threads.keyscore import shares as doc_shares


def _own_sentence(events: pl.DataFrame) -> pl.DataFrame:
    """(doc_id, _pos, thread_id): where each event of each thread is (its offset, when the
    events carry one)."""
    if "start" not in events.columns:
        return pl.DataFrame(schema={"doc_id": pl.String, "_pos": pl.Int64,
                                    "thread_id": pl.String})
    return (events.select("doc_id", pl.col("start").alias("_pos"),
                          thread_of(events).alias("thread_id"))
            .explode("thread_id").drop_nulls("_pos").unique())


def mention_reports(mentions: pl.DataFrame, events: pl.DataFrame, pub: pl.DataFrame,
                    wt: KeyDateWeights, documents: pl.DataFrame | None = None
                    ) -> pl.DataFrame:
    """The date mentions of the threads' documents as reports (the columns of
    `keyscore.reports`, ``event_id`` null, ``is_event`` false), one row per (thread, mention).
    """
    days = (pl.col("date_end") - pl.col("date_start")).dt.total_days() + 1
    m = (mentions.filter(pl.col("type").is_in(["DATE", "TIME"])
                         & pl.col("date_start").is_not_null()
                         & pl.col("date_end").is_not_null())
         .select("doc_id", "date_start", "date_end", "sentence_start", "sentence_end",
                 (pl.col("anchor") if "anchor" in mentions.columns
                  else pl.lit(None, pl.String)).alias("anchor"), days.alias("days"))
         .filter(pl.col("days") <= (MAX_DAYS if wt.coarse else 1))
         .join(pub, on="doc_id", how="left"))
    shares = doc_shares(events, pub, wt.eventless)
    own = _own_sentence(events)
    m = m.join(shares, on="doc_id")
    in_sentence = (own.join(m.select("doc_id", "sentence_start", "sentence_end").unique(),
                            on="doc_id")
                   .filter(pl.col("_pos").is_between("sentence_start",
                                                     pl.col("sentence_end") - 1))
                   .select("doc_id", "sentence_start", "thread_id", pl.lit(True).alias("_own"))
                   .unique())
    m = m.join(in_sentence, on=["doc_id", "sentence_start", "thread_id"], how="left",
               nulls_equal=True)
    ahead = (pl.col("date_start") > pl.col("pub")).fill_null(False)
    own_day = ((pl.col("date_start") == pl.col("pub")) & (pl.col("days") == 1)).fill_null(False)
    now = ((pl.col("date_start") <= pl.col("pub")) & (pl.col("date_end") >= pl.col("pub"))
           ).fill_null(False)
    said = pl.when(ahead).then(wt.expected).otherwise(1.0)
    share = pl.when(pl.col("_own").fill_null(False)).then(1.0).otherwise(pl.col("share"))
    stated = wt.mentions * share * said * precision_weight(pl.col("days"))
    dateline = own_day & (pl.col("anchor") == "absolute").fill_null(False)
    frame = now & (pl.col("days") > 1)
    stated = pl.when((dateline | frame) & ~pl.lit(wt.own_day)).then(0.0).otherwise(stated)
    w = pl.when(now & ~pl.lit(wt.own_day)).then(0.0).otherwise(stated)
    sentence = pl.lit(None, pl.String)
    if documents is not None and "text" in documents.columns:
        text = documents.select("doc_id", "text", pl.col("start").alias("_doc_start")
                                if "start" in documents.columns else pl.lit(0).alias(
                                    "_doc_start")).unique("doc_id")
        m = m.join(text, on="doc_id", how="left")
        sentence = pl.col("text").str.slice(pl.col("sentence_start") - pl.col("_doc_start"),
                                            pl.col("sentence_end") - pl.col("sentence_start"))
    return m.select(
        "thread_id", pl.col("date_start").alias("date"), "date_end", "days",
        pl.lit(None, pl.String).alias("event_id"), "doc_id", sentence.alias("sentence"),
        pl.lit(None, pl.String).alias("cluster_id"), pl.lit(1, pl.Int64).alias("n_sources"),
        stated.alias("stated"), w.alias("w"), pl.lit(False).alias("severe"),
        pl.lit(True).alias("explicit"), pl.lit(True).alias("asserted"),
        pl.lit(False).alias("is_event"))
