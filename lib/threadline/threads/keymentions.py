"""Date references written in a thread's documents (MENTIONS) as key-date references.

Events are only the sentences with an event trigger; most of what a collection says about a
day ("the report published yesterday", "since Tuesday's vote", "on 17 March") is a date
mention in a sentence without one. Date selection in news timeline summarisation (Tran et al.
2013; Gholipour Ghalandari & Ifrim 2020) counts these references in the text, so a mention is
one more reference of its document to the date it denotes, for the threads its document reports:

* each thread gets the share of the document's events in that thread (an article half about a
  thread refers to its dates half as surely), or the whole reference when the mention's own
  sentence holds an event of the thread;
* a date written in the text counts as written, however it was resolved: "yesterday" and "on
  Tuesday" (resolved from the publication date) as much as "4 March 2005";
* a date after the document's publication is a forward reference, weighted as an expected
  report; a document's mention of its own publication day (its dateline, "today") is no
  reference back (``KeyDateWeights.own_day``) and makes no candidate by itself;
* only dates (DATE, TIME) count, not durations or sets.
"""

from __future__ import annotations

import polars as pl

from threadline.threads.keyscore import MAX_DAYS, KeyDateWeights, precision_weight, thread_of


def _shares(events: pl.DataFrame) -> pl.DataFrame:
    """(doc_id, thread_id, share): the share of each document's events in each thread."""
    per = events.select("doc_id", thread_of(events).alias("thread_id")).explode("thread_id")
    return (per.group_by("doc_id", "thread_id").agg(pl.len().alias("n"))
            .with_columns((pl.col("n") / pl.col("n").sum().over("doc_id")).alias("share"))
            .drop("n"))


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
                 days.alias("days"))
         .filter(pl.col("days") <= (MAX_DAYS if wt.coarse else 1))
         .join(pub, on="doc_id", how="left"))
    shares = _shares(events)
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
    said = pl.when(ahead).then(wt.expected).otherwise(1.0)
    share = pl.when(pl.col("_own").fill_null(False)).then(1.0).otherwise(pl.col("share"))
    stated = wt.mentions * share * said * precision_weight(pl.col("days"))
    stated = pl.when(own_day & ~pl.lit(wt.own_day)).then(0.0).otherwise(stated)
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
        stated.alias("stated"), stated.alias("w"), pl.lit(False).alias("severe"),
        pl.lit(True).alias("explicit"), pl.lit(True).alias("asserted"),
        pl.lit(False).alias("is_event"))
