"""Event, date, thread (B-cubed) and same_as scoring, to judge events and threads."""

from __future__ import annotations

import polars as pl

from threadline.scoring.spans import file_name, greedy, span_pairs

#: Gold fields scored per event, beside the date.
FIELDS = ("event_type", "sub_event_type", "actor1", "actor2", "weapon", "location")


def match_events(events: pl.DataFrame, gold_events: pl.DataFrame) -> pl.DataFrame:
    """One row per gold event (``g_`` columns) with its matched predicted event (``p_``).

    Spans of the same source file overlap; pairs are one-to-one, largest overlap first, ties
    by text position (prediction, then gold order): nothing about the answer breaks a tie.
    ``date_ok``: same TIMEX3 value, or the same date_start and date_end.
    """
    fields = [f for f in FIELDS if f in events.columns and f in gold_events.columns]
    pred = events.select(
        file_name("source"), "event_id", "start", "end", "date", "date_start", "date_end",
        "thread_label", "cluster_id", *fields,
    )
    gold = gold_events.select(
        "file", "event_id", "start", "end", "date", "date_start", "date_end", "thread", "same_as",
        *fields,
    )
    bounds = (pl.col("g_date_start").is_not_null() | pl.col("g_date_end").is_not_null()) & (
        pl.col("p_date_start").eq_missing(pl.col("g_date_start"))
        & pl.col("p_date_end").eq_missing(pl.col("g_date_end"))
    )
    date_ok = pl.col("g_date").is_not_null() & (
        (pl.col("p_date") == pl.col("g_date")).fill_null(False) | bounds
    )
    pairs = span_pairs(pred, gold, "file").with_columns(date_ok.alias("date_ok"))
    matched = greedy(pairs.sort(["overlap", "p_i", "g_i"], descending=[True, False, False]))
    keep = ["g_i", "overlap", "date_ok"] + [c for c in matched.columns if c.startswith("p_")]
    g = gold.rename({c: f"g_{c}" for c in gold.columns if c != "file"}).with_row_index("g_i")
    out = g.join(matched.select(keep).drop("p_i"), on="g_i", how="left").drop("g_i")
    return out.with_columns(
        pl.col("p_event_id").is_not_null().alias("found"), pl.col("date_ok").fill_null(False)
    )


def _bcubed(found: pl.DataFrame) -> tuple[float, float, float]:
    """B-cubed P/R/F1 of predicted thread (primary label) against gold thread on found events.

    An event without a predicted (or gold) thread is a singleton cluster.
    """
    if found.height == 0:
        return 0.0, 0.0, 0.0
    idx = pl.int_range(pl.len()).cast(pl.String)
    f = found.select(
        pl.coalesce("p_thread_label", pl.lit("\0") + idx).alias("sys"),
        pl.coalesce("g_thread", pl.lit("\0") + idx).alias("key"),
    )
    f = f.with_columns(
        pl.len().over("sys", "key").alias("both"),
        pl.len().over("sys").alias("n_sys"),
        pl.len().over("key").alias("n_key"),
    )
    p = f.select((pl.col("both") / pl.col("n_sys")).mean()).item()
    r = f.select((pl.col("both") / pl.col("n_key")).mean()).item()
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _fold(col: pl.Expr) -> pl.Expr:
    return col.str.to_lowercase().str.replace_all(r"[^\w]+", " ").str.strip_chars()


def field_scores(m: pl.DataFrame) -> dict:
    """Per field of FIELDS: gold events that have it, and how many found events name it right.
    Types must be equal; an actor, weapon or place is right when one folded name contains the
    other as whole words ("Islamic State" in "Islamic State (Syria)"). A missing prediction (no
    event, or the field left empty) is wrong."""
    out = {}
    for f in FIELDS:
        if f"g_{f}" not in m.columns or f"p_{f}" not in m.columns:
            continue
        g, p = _fold(pl.col(f"g_{f}")), _fold(pl.col(f"p_{f}"))
        if f in ("event_type", "sub_event_type"):
            right = g == p
        else:
            right = (pl.lit(" ") + g + " ").str.contains(pl.lit(" ") + p + " ", literal=True) | (
                (pl.lit(" ") + p + " ").str.contains(pl.lit(" ") + g + " ", literal=True))
        has = m.filter(pl.col(f"g_{f}").is_not_null())
        n = int(has.select((pl.col("found") & right.fill_null(False)).sum()).item() or 0)
        out[f"n_gold_{f}"], out[f"n_{f}_right"] = has.height, n
        out[f"{f}_recall"] = n / max(has.height, 1)
    return out


def score_events(events: pl.DataFrame, gold_events: pl.DataFrame) -> dict:
    """Event recall, date recall over dated gold events, per-field recall (`field_scores`),
    thread B-cubed, same_as links merged.

    Threads are scored on the *primary* thread (``thread_label``) of each found event, one
    label per event as in the gold; names need not match the gold's (B-cubed compares
    groupings). A same_as pair is merged when both are found and share a ``cluster_id``.
    """
    m = match_events(events, gold_events)
    files = gold_events["file"].unique().implode()
    in_files = events.select(file_name("source")).filter(pl.col("file").is_in(files)).height
    found = m.filter("found")
    dated = m.filter(pl.col("g_date").is_not_null())
    p_dated = found.filter(pl.col("p_date").is_not_null())
    n_right = int(dated["date_ok"].sum())
    cluster = m.select("g_event_id", "p_cluster_id")
    links = m.filter(pl.col("g_same_as").is_not_null()).join(
        cluster.rename({"g_event_id": "g_same_as", "p_cluster_id": "canon_cluster"}),
        on="g_same_as", how="left",
    )
    merged = links.filter(pl.col("p_cluster_id") == pl.col("canon_cluster")).height
    bp, br, bf = _bcubed(found)
    return {
        "n_pred": events.height, "n_pred_in_gold_files": in_files, "n_gold": m.height,
        "n_found": found.height, "event_recall": found.height / max(m.height, 1),
        "event_precision": found.height / max(in_files, 1),
        "n_gold_dated": dated.height, "n_date_right": n_right,
        "date_recall": n_right / max(dated.height, 1),
        "date_precision": n_right / max(p_dated.height, 1),
        "bcubed_precision": bp, "bcubed_recall": br, "bcubed_f1": bf,
        "n_same_as": links.height, "n_same_as_merged": merged, **field_scores(m),
    }
