"""Column schemas of the tables that flow through threadline, and `check` to enforce them.

Data flows one way: files -> DOCUMENTS -> MENTIONS -> EVENTS (threads and clusters are columns
of EVENTS) -> figures. Every stage checks its input with `check` and returns a frame whose
columns are exactly (and in the order of) its output schema, extra columns allowed at the end.

Offsets (`start`, `end`) are always Python code points (str indices) into the decoded text of
the *source* (the input file, or the `text` cell of a tabular input), end exclusive.
"""

from __future__ import annotations

import polars as pl

#: One row per article found in the corpus, or per input that could not be read.
#: ``text`` is exactly ``source_text[start:end]`` with boilerplate lines inside the span blanked
#: out by spaces (same length), so ``start + i`` maps any index ``i`` of ``text`` to the source.
DOCUMENTS: dict[str, pl.DataType] = {
    "doc_id": pl.String(),  # stable: "<file stem>#<n>" for files, the doc_id column for tables
    "source": pl.String(),  # the input file as given (or "file.jsonl:LINE" for table rows)
    "start": pl.Int64(),  # article span in the source's decoded text (code points)
    "end": pl.Int64(),
    "title": pl.String(),
    "text": pl.String(),  # the article body (see above)
    "url": pl.String(),
    "dct": pl.String(),  # publication date as a TIMEX3 value ("2014-12-29", "2020", "2017-W35")
    "dct_source": pl.String(),  # metadata | text | inferred | unknown
    "dct_evidence": pl.String(),  # the quoted text or the reasoning
    "status": pl.String(),  # "ok" or a short error code (empty, binary, undecodable, ...)
    # the message for a bad input; for a readable one a warning (a repeated doc_id renamed,
    # see documents/ids.py) or null
    "error": pl.String(),
    # how the text was decoded: "utf-8", "cp1252", "utf-16-le", ... (documents/decode.py); null
    # when there was nothing to decode (a table cell read as text by polars, a missing file)
    "encoding": pl.String(),
}

#: One row per temporal expression (TIMEX3).
MENTIONS: dict[str, pl.DataType] = {
    "mention_id": pl.String(),  # "<doc_id>/T<nnn>", numbered in text order: stable
    "doc_id": pl.String(),
    "source": pl.String(),
    "start": pl.Int64(),  # offsets in the source's decoded text
    "end": pl.Int64(),
    "text": pl.String(),  # source_text[start:end]
    "type": pl.String(),  # DATE | TIME | DURATION | SET
    "value": pl.String(),  # TIMEX3 value: "2020-04-20", "2017-10", "2017-SU", "P8Y", "XXXX-09"
    "mod": pl.String(),  # START, MID, END, APPROX, BEFORE, AFTER, LESS_THAN, MORE_THAN or null
    "date_start": pl.Date(),  # inclusive first day of the denoted interval; null if unresolved
    "date_end": pl.Date(),  # inclusive last day
    "granularity": pl.String(),  # day, week, month, season, quarter, half, year, decade, ...
    "anchor": pl.String(),  # dct | narrative | absolute | event | none
    "anchor_ref": pl.String(),  # "dct", or the mention_id the value was resolved against
    "rule_id": pl.String(),  # the id of the pattern rule that found it
    "reason": pl.String(),  # why it was resolved this way (or why it stays unresolved)
    "sentence_start": pl.Int64(),  # the enclosing sentence, offsets in the source
    "sentence_end": pl.Int64(),
    # A range ("1915-17", "May 4 and 5", "from 15 to 22 February") is two mentions, one per end
    # (TimeML); both carry the other's mention_id and the interval the pair spans.
    "range_with": pl.String(),  # the mention_id of the range's other end, else null
    "range_start": pl.Date(),  # first day of the range (its first end's date_start)
    "range_end": pl.Date(),  # last day of the range (its second end's date_end)
    "freq": pl.String(),  # SET only: TimeML freq, how often per period ("2X": "twice a week")
    "quant": pl.String(),  # SET only: TimeML quant ("EVERY": "every week", "EACH")
}

#: One row per event (a fact at sentence or clause level).
EVENTS: dict[str, pl.DataType] = {
    "event_id": pl.String(),  # stable: "<doc_id>/E<nnn>" in text order
    "doc_id": pl.String(),
    "source": pl.String(),
    "url": pl.String(),
    "start": pl.Int64(),  # the evidence sentence, offsets in the source
    "end": pl.Int64(),
    "sentence": pl.String(),
    "trigger": pl.String(),  # the trigger lemma (attack, strike, capture, ...)
    "trigger_text": pl.String(),  # the trigger as written
    "date": pl.String(),  # TIMEX3 value or null
    "mod": pl.String(),
    "date_start": pl.Date(),
    "date_end": pl.Date(),
    "granularity": pl.String(),
    "date_text": pl.String(),  # the expression as written, when the date comes from a mention
    "date_mention_id": pl.String(),
    "anchor": pl.String(),  # mention | narrative | dct | event (coreference) | none
    "date_reason": pl.String(),  # why this date (or why none)
    "event_type": pl.String(),  # ACLED event type
    "sub_event_type": pl.String(),  # ACLED sub-event type
    "actor1": pl.String(),
    "actor2": pl.String(),
    "weapon": pl.String(),
    "location": pl.String(),
    "country": pl.String(),
    "lat": pl.Float64(),
    "lon": pl.Float64(),
    "thread_id": pl.String(),  # primary thread (null until assign_threads)
    "thread_label": pl.String(),
    "thread_ids": pl.List(pl.String()),  # every thread the event belongs to
    "cluster_id": pl.String(),  # the same real event across sources
    "cluster_reason": pl.String(),
    "n_sources": pl.Int64(),  # how many distinct documents report this cluster
    "cluster_members": pl.List(pl.String()),  # the event_ids of the cluster (itself included)
    "inter1": pl.Int64(),  # ACLED actor category of actor1: 1 state forces, 2 rebels, 3 political
    "inter2": pl.Int64(),  # militias, 4 identity militias, 5 rioters, 6 protesters, 7 civilians,
    #                        8 external/other forces (null: no actor)
    "assoc_actors": pl.List(pl.String()),  # associated actors ("Farmers (India)" beside actor1)
    "admin1": pl.String(),  # first-level region of the location (governorate, province, state)
    "geo_precision": pl.Int64(),  # ACLED: 1 the place itself, 2 near it / part of a region,
    #                               3 a larger region or the country
}


class SchemaError(ValueError):
    """A frame handed to a stage lacks columns or has columns of the wrong type."""


def empty(schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """An empty frame with exactly `schema`: what a stage returns when it finds nothing."""
    return pl.DataFrame(schema=schema)


def check(df: pl.DataFrame, schema: dict[str, pl.DataType], *, name: str = "frame") -> None:
    """Raise SchemaError naming every missing or mistyped column of `df` against `schema`."""
    if not isinstance(df, pl.DataFrame):
        raise SchemaError(f"{name}: expected a polars DataFrame, got {type(df).__name__}")
    problems = []
    actual = df.schema  # built on each access: read once
    for col, dtype in schema.items():
        if col not in actual:
            problems.append(f"missing column {col!r}")
        elif actual[col] != dtype and actual[col] != pl.Null:
            problems.append(f"column {col!r} is {actual[col]}, expected {dtype}")
    if problems:
        raise SchemaError(f"{name}: " + "; ".join(problems))


def conform(df: pl.DataFrame, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """Return `df` with the columns of `schema` first, in order, cast to their types.

    Missing columns are added as nulls; extra columns are kept after the schema's.
    """
    cols = [
        (pl.col(c) if c in df.columns else pl.lit(None)).cast(t).alias(c)
        for c, t in schema.items()
    ]
    extra = [c for c in df.columns if c not in schema]
    return df.select(*cols, *extra)
