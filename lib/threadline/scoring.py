"""Scoring against gold: TempEval-3 timex metrics, article/DCT verdicts, event dates and threads.

Pure functions, polars in and out. Spans are matched inside the same key (``doc_id`` by
default): *strict* = same (key, start, end); *relaxed* = overlapping, paired one-to-one
greedily by largest overlap. Gold loaders read the seed gold (``tests/gold``) with our doc ids
and the TempEval-style JSONL (TimeBank+AQUAINT), read by path only.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

#: The seed gold shipped with the repository (lib/threadline/../../tests/gold).
GOLD_DIR = Path(__file__).resolve().parents[2] / "tests" / "gold"
_COUNTS = ("n_pred", "n_gold", "n_strict", "n_relaxed", "n_value", "n_type")


def _typed(df: pl.DataFrame, cols: list[str]) -> pl.DataFrame:
    """`cols` of `df` with offsets as Int64 and the rest as String (empty frames have Null)."""
    return df.select(
        pl.col(c).cast(pl.Int64 if c in ("start", "end") else pl.String) for c in cols
    )


def _candidates(pred: pl.DataFrame, gold: pl.DataFrame, key: str | list[str]) -> pl.DataFrame:
    """Every (pred row, gold row) pair in the same `key` whose spans overlap, with `overlap`."""
    p = pred.with_row_index("p_i").rename({c: f"p_{c}" for c in pred.columns if c != key})
    g = gold.with_row_index("g_i").rename({c: f"g_{c}" for c in gold.columns if c != key})
    overlap = pl.min_horizontal("p_end", "g_end") - pl.max_horizontal("p_start", "g_start")
    return p.join(g, on=key).with_columns(overlap.alias("overlap")).filter(pl.col("overlap") > 0)


def _greedy(pairs: pl.DataFrame) -> pl.DataFrame:
    """Keep pairs in their given order unless one side is already taken: one-to-one matching."""
    used_p: set[int] = set()
    used_g: set[int] = set()
    keep = []
    for n, (pi, gi) in enumerate(zip(pairs["p_i"], pairs["g_i"], strict=True)):
        if pi not in used_p and gi not in used_g:
            used_p.add(pi)
            used_g.add(gi)
            keep.append(n)
    return pairs[keep]


def match_spans(pred: pl.DataFrame, gold: pl.DataFrame, *, key: str = "doc_id") -> pl.DataFrame:
    """Relaxed one-to-one matches: overlapping spans paired greedily, largest overlap first.

    Columns of `pred` come back prefixed ``p_``, those of `gold` ``g_`` (plus `key`, overlap).

    >>> p = pl.DataFrame({"doc_id": ["a", "a"], "start": [0, 10], "end": [5, 12]})
    >>> g = pl.DataFrame({"doc_id": ["a"], "start": [3], "end": [11]})
    >>> match_spans(p, g).select("p_start", "g_start", "overlap").rows()
    [(0, 3, 2)]
    """
    pairs = _candidates(pred, gold, key).sort(
        ["overlap", "p_i", "g_i"], descending=[True, False, False]
    )
    return _greedy(pairs)


def drop_overlapping(
    pred: pl.DataFrame, spans: pl.DataFrame, *, key: str = "doc_id"
) -> pl.DataFrame:
    """`pred` without the rows overlapping any of `spans` (don't-care zones such as borderline
    gold or teasers), so that they count neither as hits nor as spurious.

    >>> p = pl.DataFrame({"doc_id": ["a", "a"], "start": [0, 10], "end": [5, 12]})
    >>> drop_overlapping(p, pl.DataFrame({"doc_id": ["a"], "start": [4], "end": [6]})).rows()
    [('a', 10, 12)]
    """
    hit = _candidates(pred.select(key, "start", "end"), spans.select(key, "start", "end"), key)
    keep = pl.int_range(pl.len()).is_in(hit["p_i"].cast(pl.Int64).implode()).not_()
    return pred.filter(keep)


def _prf(counts: pl.DataFrame) -> pl.DataFrame:
    """Add precision/recall/F1 columns for strict, relaxed and value, and type accuracy."""

    def ratio(num: str, den: str) -> pl.Expr:
        return pl.when(pl.col(den) > 0).then(pl.col(num) / pl.col(den)).otherwise(0.0)

    cols = []
    for name in ("strict", "relaxed", "value"):
        p, r = ratio(f"n_{name}", "n_pred"), ratio(f"n_{name}", "n_gold")
        f1 = pl.when(p + r > 0).then(2 * p * r / (p + r)).otherwise(0.0)
        cols += [p.alias(f"{name}_precision"), r.alias(f"{name}_recall"), f1.alias(f"{name}_f1")]
    return counts.with_columns(*cols, ratio("n_type", "n_relaxed").alias("type_accuracy"))


def score_timexes(
    pred: pl.DataFrame, gold: pl.DataFrame, *, key: str = "doc_id", per_doc: bool = False
) -> dict:
    """TempEval-3 scores of predicted timexes against gold (both: key, start, end, value, type).

    Value P/R count relaxed matches with equal values over all predicted / gold timexes; type
    accuracy is over relaxed matches. ``per_doc=True`` adds a ``per_doc`` frame.

    >>> g = pl.DataFrame({"doc_id": ["d"] * 2, "start": [0, 20], "end": [8, 26],
    ...                   "value": ["2020-04", "P2M"], "type": ["DATE", "DURATION"]})
    >>> p = pl.DataFrame({"doc_id": ["d"] * 2, "start": [0, 22], "end": [8, 26],
    ...                   "value": ["2020-04", "P3M"], "type": ["DATE", "DURATION"]})
    >>> s = score_timexes(p, g)
    >>> s["strict_f1"], s["relaxed_f1"], s["value_f1"], s["type_accuracy"]
    (0.5, 1.0, 0.5, 1.0)
    """
    cols = [key, "start", "end", "value", "type"]
    pred, gold = _typed(pred, cols), _typed(gold, cols)
    m = match_spans(pred, gold, key=key).select(
        key,
        pl.lit(1).alias("n_relaxed"),
        pl.col("p_value").eq_missing(pl.col("g_value")).cast(pl.Int64).alias("n_value"),
        pl.col("p_type").eq_missing(pl.col("g_type")).cast(pl.Int64).alias("n_type"),
    )
    spans = [key, "start", "end"]
    strict = pred.select(spans).unique().join(gold.select(spans).unique(), on=spans)
    parts = [
        pred.group_by(key).len("n_pred"),
        gold.group_by(key).len("n_gold"),
        strict.group_by(key).len("n_strict"),
        m.group_by(key).agg(pl.col("n_relaxed", "n_value", "n_type").sum()),
    ]
    docs = pl.concat([pred.select(key), gold.select(key)]).unique().sort(key)
    for part in parts:
        docs = docs.join(part, on=key, how="left")
    docs = docs.with_columns(pl.col(*_COUNTS).fill_null(0).cast(pl.Int64))
    total = _prf(docs.select(pl.col(*_COUNTS).sum())).row(0, named=True)
    if per_doc:
        total["per_doc"] = _prf(docs)
    return total


def _pattern(text: pl.Expr) -> pl.Expr:
    """A coarse shape of an expression for grouping errors: lower case, every digit as 9."""
    return text.str.to_lowercase().str.replace_all(r"\d", "9")


def timex_errors(pred: pl.DataFrame, gold: pl.DataFrame, *, key: str = "doc_id") -> pl.DataFrame:
    """Misses, spurious timexes, wrong values and wrong extents, gold and prediction side by side.

    ``kind`` is missed | spurious | value (matched, values differ) | extent (value right, span
    not strict); ``pattern`` is the text's shape, for counting frequent errors.

    >>> g = pl.DataFrame({"doc_id": ["d"], "start": [0], "end": [8], "text": ["in April"],
    ...                   "value": ["2020-04"], "type": ["DATE"]})
    >>> p = g.with_columns(start=pl.lit(3), text=pl.lit("April"), value=pl.lit("2019-04"))
    >>> timex_errors(p, g).select("kind", "g_text", "p_value").rows()
    [('value', 'in April', '2019-04')]
    """
    cols = [key, "start", "end", "text", "value", "type"]
    pred, gold = _typed(pred, cols), _typed(gold, cols)
    m = match_spans(pred, gold, key=key)
    strict = (pl.col("p_start") == pl.col("g_start")) & (pl.col("p_end") == pl.col("g_end"))
    kind = (
        pl.when(pl.col("p_value").ne_missing(pl.col("g_value"))).then(pl.lit("value"))
        .when(~strict).then(pl.lit("extent"))
    )
    wrong = m.with_columns(kind.alias("kind")).filter(pl.col("kind").is_not_null())
    missed = gold.with_row_index("g_i").join(m.select("g_i"), on="g_i", how="anti")
    spurious = pred.with_row_index("p_i").join(m.select("p_i"), on="p_i", how="anti")
    frames = [
        wrong.drop("p_i", "g_i", "overlap"),
        missed.drop("g_i").rename({c: f"g_{c}" for c in cols if c != key})
        .with_columns(kind=pl.lit("missed")),
        spurious.drop("p_i").rename({c: f"p_{c}" for c in cols if c != key})
        .with_columns(kind=pl.lit("spurious")),
    ]
    out = pl.concat(frames, how="diagonal_relaxed")
    text = pl.coalesce("g_text", "p_text")
    order = [key, "kind", "g_start", "g_end", "g_text", "g_value", "g_type",
             "p_start", "p_end", "p_text", "p_value", "p_type"]
    return (
        out.select(order)
        .with_columns(_pattern(text).alias("pattern"))
        .sort(key, pl.coalesce("g_start", "p_start"))
    )


def _read_jsonl(path: Path) -> list[dict]:
    """Rows of a JSONL file, blank lines skipped."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _our_doc_id(gold_id: str, file: str) -> str:
    """Gold "000#1" in file "000_9d5c.txt" -> our "000_9d5c#1" (``<file stem>#<n>``)."""
    return f"{Path(file).stem}#{gold_id.split('#', 1)[1]}"


_GOLD_COLUMNS = {
    "documents": ["start", "end", "title", "dct", "dct_source", "not_before", "not_after",
                  "teaser_start", "teaser_end", "dct_revised", "known_date"],
    "timexes": ["timex_id", "start", "end", "text", "type", "value", "mod", "anchor", "zone",
                "borderline", "known_value", "range_begin", "range_end"],
    "false_friends": ["start", "end", "text", "why", "risk", "zone"],
    "events": ["event_id", "start", "end", "evidence", "date", "mod", "date_kind", "date_start",
               "date_end", "date_text", "date_timex_id", "summary", "event_type",
               "sub_event_type", "actor1", "actor2", "weapon", "location", "country", "thread",
               "same_as", "part_of", "anchor_event_id", "anchor_offset", "is_aggregate",
               "factuality", "known_date"],
}


def load_gold(kind: str, gold_dir: str | Path | None = None) -> pl.DataFrame:
    """The seed gold `kind` (documents | timexes | false_friends | events) as a frame.

    Rows carry our ``doc_id``, the ``gold_id`` ("002#3") and the seed ``file`` name; offsets
    are code points into that file. Event ``date_start``/``date_end`` are dates.

    >>> load_gold("documents").select("doc_id", "dct").row(0)
    ('000_9d5c45902de9babf#1', '2014-12-29')
    """
    if kind not in _GOLD_COLUMNS:
        raise ValueError(f"unknown gold kind {kind!r}: use one of {', '.join(_GOLD_COLUMNS)}")
    gold_dir = Path(gold_dir) if gold_dir is not None else GOLD_DIR
    files = {r["doc_id"]: r["file"] for r in _read_jsonl(gold_dir / "documents.jsonl")}
    rows = _read_jsonl(gold_dir / f"{kind}.jsonl")
    for r in rows:
        bounds = r.get("dct_text_bounds") or {}
        r["not_before"], r["not_after"] = bounds.get("not_before"), bounds.get("not_after")
    cols = _GOLD_COLUMNS[kind]
    data = {
        "doc_id": [_our_doc_id(r["doc_id"], files[r["doc_id"]]) for r in rows],
        "gold_id": [r["doc_id"] for r in rows],
        "file": [files[r["doc_id"]] for r in rows],
        **{c: [r.get(c) for r in rows] for c in cols},
    }
    df = pl.DataFrame(data, infer_schema_length=None)
    dates = [c for c in ("date_start", "date_end", "not_before", "not_after") if c in cols]
    return df.with_columns(pl.col(c).cast(pl.String).str.to_date() for c in dates)


def load_tempeval_jsonl(path: str | Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A TempEval-style JSONL ({doc_id, dct, text, timexes}) -> (DOCUMENTS, gold timexes).

    Each line is one document whose source is ``"<path>:<line>"``; timex offsets are code points
    into its text. Read by path: the corpus is never copied into the repository.

    >>> import tempfile
    >>> line = {"doc_id": "d1", "dct": "2020-04-20", "text": "On Monday they left.",
    ...         "timexes": [{"start": 3, "end": 9, "text": "Monday", "type": "DATE",
    ...                      "value": "2020-04-20"}]}
    >>> with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as fh:
    ...     _ = fh.write(json.dumps(line) + "\\n")
    >>> docs, gold = load_tempeval_jsonl(fh.name); Path(fh.name).unlink()
    >>> docs.select("doc_id", "end", "dct").row(0), gold.select("text", "value").row(0)
    (('d1', 20, '2020-04-20'), ('Monday', '2020-04-20'))
    """
    from threadline.schema import DOCUMENTS, MENTIONS, conform

    path = Path(path)
    docs, timexes = [], []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            r = json.loads(line)
            source = f"{path}:{n}"
            docs.append({"doc_id": r["doc_id"], "source": source, "start": 0,
                         "end": len(r["text"]), "text": r["text"], "dct": r.get("dct"),
                         "dct_source": "metadata" if r.get("dct") else "unknown",
                         "status": "ok"})
            timexes += [{"doc_id": r["doc_id"], "source": source, **t} for t in r["timexes"]]
    gold = pl.DataFrame(timexes, infer_schema_length=None)
    gold = conform(gold, {c: MENTIONS[c] for c in
                          ("doc_id", "source", "start", "end", "text", "type", "value", "mod")})
    return conform(pl.DataFrame(docs, infer_schema_length=None), DOCUMENTS), gold


def _file_name(source: str) -> pl.Expr:
    """The file name of a ``source`` column (path, or "file.jsonl:LINE" for table rows)."""
    return pl.col(source).str.extract(r"([^/\\]+?)(?::\d+)?$").alias("file")


def _dct_verdict(row: dict) -> str:
    """exact | null | in_bounds | wrong | no_article, by the gold's dct_source rules."""
    from threadline.timex.values import interval

    pred, gold, source = row["pred_dct"], row["dct"], row["dct_source"]
    if row["pred_doc_id"] is None:
        return "no_article"
    if pred is not None and pred == gold:
        return "exact"
    if source != "text" and pred is None:
        return "null"
    if source == "inferred" and pred is not None:
        span = interval(pred)
        lo, hi = row["not_before"], row["not_after"]
        if span and (lo is None or span[0] >= lo) and (hi is None or span[1] <= hi):
            return "in_bounds"
    return "wrong"


def score_documents(documents: pl.DataFrame, gold_documents: pl.DataFrame) -> pl.DataFrame:
    """Per gold article: the best-overlapping predicted article of the same file and its DCT.

    ``overlap`` is intersection over union of the spans; ``verdict`` follows the gold rules:
    the exact DCT where it is printed ("text"), null or a value inside ``dct_text_bounds``
    (or the gold value) where "inferred", null where "unknown"; ``ok`` says it passed.
    """
    pred = documents.filter(pl.col("status") == "ok").select(
        _file_name("source"), "doc_id", "start", "end", "dct"
    )
    gold = gold_documents.select("file", "doc_id", "start", "end")
    union = pl.max_horizontal("p_end", "g_end") - pl.min_horizontal("p_start", "g_start")
    best = (
        _candidates(pred, gold, "file")
        .sort("overlap", descending=True)
        .group_by("g_doc_id", maintain_order=True).first()
        .select(
            pl.col("g_doc_id").alias("doc_id"), pl.col("p_doc_id").alias("pred_doc_id"),
            pl.col("p_start").alias("pred_start"), pl.col("p_end").alias("pred_end"),
            (pl.col("overlap") / union).alias("overlap"), pl.col("p_dct").alias("pred_dct"),
        )
    )
    out = gold_documents.select(
        "doc_id", "file", "start", "end", "dct", "dct_source", "not_before", "not_after"
    ).join(best, on="doc_id", how="left")
    verdicts = [_dct_verdict(r) for r in out.iter_rows(named=True)]
    return out.with_columns(
        pl.Series("verdict", verdicts, dtype=pl.String),
        pl.Series("ok", [v in ("exact", "null", "in_bounds") for v in verdicts]),
    )


def match_events(events: pl.DataFrame, gold_events: pl.DataFrame) -> pl.DataFrame:
    """One row per gold event (``g_`` columns) with its matched predicted event (``p_``).

    Spans of the same source file overlap; pairs are one-to-one, largest overlap first, a right
    date breaking ties. ``date_ok``: same TIMEX3 value, or the same date_start and date_end.
    """
    pred = events.select(
        _file_name("source"), "event_id", "start", "end", "date", "date_start", "date_end",
        "thread_label", "cluster_id",
    )
    gold = gold_events.select(
        "file", "event_id", "start", "end", "date", "date_start", "date_end", "thread", "same_as"
    )
    bounds = (pl.col("g_date_start").is_not_null() | pl.col("g_date_end").is_not_null()) & (
        pl.col("p_date_start").eq_missing(pl.col("g_date_start"))
        & pl.col("p_date_end").eq_missing(pl.col("g_date_end"))
    )
    date_ok = pl.col("g_date").is_not_null() & (
        (pl.col("p_date") == pl.col("g_date")).fill_null(False) | bounds
    )
    pairs = _candidates(pred, gold, "file").with_columns(date_ok.alias("date_ok"))
    matched = _greedy(pairs.sort(["overlap", "date_ok", "p_i", "g_i"],
                                 descending=[True, True, False, False]))
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


def score_events(events: pl.DataFrame, gold_events: pl.DataFrame) -> dict:
    """Event recall, date recall over dated gold events, thread B-cubed, same_as links merged.

    Threads are scored on the *primary* thread (``thread_label``) of each found event, one
    label per event as in the gold; names need not match the gold's (B-cubed compares
    groupings). A same_as pair is merged when both are found and share a ``cluster_id``.
    """
    m = match_events(events, gold_events)
    files = gold_events["file"].unique().implode()
    in_files = events.select(_file_name("source")).filter(pl.col("file").is_in(files)).height
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
        "n_same_as": links.height, "n_same_as_merged": merged,
    }
