"""Readable, unique thread labels from what sets each thread apart: its actors, place, names.

A feature describes a thread when many of its events hold it (``share``) and far more than
events elsewhere do (``lift``). The label names the two sides when one actor1-vs-actor2 pair
dominates ("Israeli Air Force vs IRGC"), else its most distinctive actor, then its most
distinctive place, then names or words until it has two parts: "Hezbollah, Qalamoun",
"United States, Baghdad, Abu Ghraib". Generic words never name a thread (`is_generic`).
"""

from __future__ import annotations

import functools
import re
from difflib import SequenceMatcher

import polars as pl

from threadline.threads.auto.features import (
    generic_actor_pattern,
    generic_words,
    is_generic_actor,
)

#: Least share of a thread's events holding an actor or place that names it, and least lift;
#: names and words need less share but more lift.
MIN_SHARE, MIN_LIFT = 0.12, 1.5
NAME_SHARE, NAME_LIFT = 0.05, 2.0
#: Least share of a thread's events of one ACLED event type for the type to name it.
TYPE_SHARE = 0.5
#: Longest label part: a longer "A vs B" keeps its acting side only.
PART_CHARS = 59
#: Features a twin label may borrow a further part from.
SPARE = 20


@functools.cache
def demonyms() -> frozenset[str]:
    """Lower-case demonyms of every country, singular and plural ("iraqi", "iraqis"), from
    countryinfo: a people's name says no more about a thread than its country does."""
    import countryinfo

    names = {c.demonym().lower() for c in countryinfo.all_countries() if c.demonym()}
    return frozenset(names | {f"{n}s" for n in names})


def is_generic(label: str) -> bool:
    """Whether a label says nothing: all its words generic (or shorter than 3 letters).

    >>> is_generic("Today / people / said"), is_generic("Hezbollah, Qalamoun")
    (True, False)
    """
    words = re.findall(r"[a-z][a-z'’-]*", label.lower())
    return all(w in generic_words() or len(w) < 3 for w in words)


def _slug(label: str) -> str:
    """The thread id of a label: "auto-" and its lower-case words joined by hyphens."""
    return "auto-" + re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


def _scores(vec: pl.DataFrame, primary: pl.DataFrame, n: int) -> pl.DataFrame:
    """Per thread and feature: share of the thread's events holding it and its lift."""
    size = primary.group_by("c").agg(pl.len().alias("size"))
    return (vec.join(primary, on="i").group_by("c", "feature", "kind")
            .agg(pl.len().alias("count"), pl.col("df").first())
            .join(size, on="c")
            .with_columns((pl.col("count") / pl.col("size")).alias("share"))
            .with_columns((pl.col("share") / (pl.col("df") / n)).alias("lift"))
            .filter(pl.col("kind").is_in(["a", "p", "w", "n", "k"]) & (pl.col("count") >= 2))
            .with_columns((pl.col("share") * pl.col("lift").clip(1.0001).log()).alias("score"),
                          (pl.col("kind").is_in(["a", "p"]) & (pl.col("share") >= MIN_SHARE)
                           & (pl.col("lift") >= MIN_LIFT)
                           | (pl.col("kind").is_in(["w", "n", "k"])
                              & (pl.col("share") >= NAME_SHARE)
                              & (pl.col("lift") >= NAME_LIFT))).alias("strong"))
            .sort(["c", "score", "feature"], descending=[False, True, False]))


def _sides(events: pl.DataFrame, primary: pl.DataFrame) -> dict[int, str]:
    """"A vs B" of threads where one actor1/actor2 pair holds a fifth of the events."""
    if "actor1" not in events.columns or "actor2" not in events.columns:
        return {}
    pairs = (events.with_row_index("i").select("i", "actor1", "actor2").join(primary, on="i")
             .with_columns(pl.len().over("c").alias("size"))
             .filter(pl.col("actor1").is_not_null() & pl.col("actor2").is_not_null()
                     & (pl.col("actor1") != pl.col("actor2")))
             .filter(~pl.col("actor1").str.contains(generic_actor_pattern())
                     & ~pl.col("actor2").str.contains(generic_actor_pattern()))
             .group_by("c", "actor1", "actor2").agg(pl.len().alias("k"), pl.col("size").first())
             .filter(pl.col("k") >= 0.2 * pl.col("size"))
             .sort(["c", "k", "actor1", "actor2"], descending=[False, True, False, False])
             .group_by("c", maintain_order=True).first())
    return {c: _short(f"{a} vs {b}", a)
            for c, a, b in pairs.select("c", "actor1", "actor2").iter_rows()}


def _short(part: str, fallback: str) -> str:
    """`part` if it fits PART_CHARS; else without ACLED's parenthesised qualifiers; else
    `fallback` (the acting side alone)."""
    if len(part) <= PART_CHARS:
        return part
    bare = re.sub(r" \([^()]*\)", "", part)
    return bare if len(bare) <= PART_CHARS else fallback[:PART_CHARS]


def _types(events: pl.DataFrame, primary: pl.DataFrame) -> dict[int, str]:
    """The ACLED event type of threads where one type holds TYPE_SHARE of the events and at
    least MIN_LIFT times its corpus share ("Protests")."""
    if "event_type" not in events.columns:
        return {}
    typed = events.with_row_index("i").select("i", "event_type").join(primary, on="i",
                                                                      how="left")
    corpus = typed.group_by("event_type").agg((pl.len() / typed.height).alias("base"))
    tops = (typed.drop_nulls("c").with_columns(pl.len().over("c").alias("size"))
            .group_by("c", "event_type").agg(pl.len().alias("k"), pl.col("size").first())
            .join(corpus, on="event_type", nulls_equal=True)
            .filter(pl.col("event_type").is_not_null()
                    & (pl.col("k") >= TYPE_SHARE * pl.col("size"))
                    & (pl.col("k") / pl.col("size") >= MIN_LIFT * pl.col("base"))))
    return dict(tops.select("c", "event_type").iter_rows())


def _overlaps(f: str, parts: list[str]) -> bool:
    """Whether `f` repeats a part: contains it, is contained, or shares a near-identical word
    ("Qaida" beside "Al Qaeda")."""
    low = f.lower()
    words = re.findall(r"[a-z]{4,}", low)
    return any(low in p.lower() or p.lower() in low
               or any(SequenceMatcher(None, w, x).ratio() >= 0.8 for w in words
                      for x in re.findall(r"[a-z]{4,}", p.lower())) for p in parts)


def _parts(feats: list[tuple[str, str, bool]], sides: str | None, kind: str | None
           ) -> list[str]:
    """The label parts of one thread from its ranked (kind, name, strong) features: its sides
    or actor (else its event type), its place, then names, weapons and words until there are
    two parts (sentence words are too loose to name a thread); with no strong feature, its most
    telling feature. A part repeating another ("Israel" beside "Military Forces of Israel") is
    skipped."""
    parts: list[str] = [sides] if sides else []
    strong = [(k, f) for k, f, ok in feats if ok]
    if not sides and (actors := [f for k, f in strong if k == "a"]):
        parts.append(_short(actors[0], actors[0]))
    elif not sides and kind:
        parts.append(kind)
    for kinds in (("p",), ("n", "w")):
        for f in (f for k, f in strong if k in kinds):
            if len(parts) >= 2:
                return parts
            if not _overlaps(f, parts):
                parts.append(_short(f, f))
    rest = [f for k, f, _ in feats if k != "k"] or [f for _, f, _ in feats]
    return parts or [_short(f, f) for f in rest[:1]]


def thread_labels(vec: pl.DataFrame, primary: pl.DataFrame, n: int,
                  events: pl.DataFrame) -> pl.DataFrame:
    """Unique readable label and id (c, thread_label, thread_id) of each thread, biggest
    thread first."""
    score = _scores(vec, primary, n)
    feats = {c: list(zip(ks, [f[2:] for f in fs], ok, strict=True)) for c, ks, fs, ok
             in score.group_by("c", maintain_order=True).agg("kind", "feature", "strong")
             .iter_rows()}
    sides, types = _sides(events, primary), _types(events, primary)
    order = (primary.group_by("c").agg(pl.len().alias("size"), pl.col("i").min())
             .sort(["size", "i"], descending=[True, False]))["c"].to_list()
    rows, taken = [], set()
    for c in order:
        mine = [x for x in feats.get(c, []) if not is_generic(x[1])
                and not is_generic_actor(x[1]) and x[1].lower() not in demonyms()]
        parts = _parts(mine, sides.get(c), types.get(c)) or [f"thread {len(rows) + 1}"]
        label = ", ".join(parts)
        spare = (f for _, f, _ in mine[:SPARE])
        while label in taken or _slug(label) in taken:  # a twin: add a feature, else number
            extra = next((f for f in spare if not _overlaps(f, label.split(", "))), None)
            if extra and label.count(", ") < 3:
                label = f"{label}, {_short(extra, extra)}"
            else:
                label = f"{', '.join(parts)} ({len(rows)})"
        rows.append((c, label, _slug(label)))
        taken |= {label, _slug(label)}
    return pl.DataFrame(rows, orient="row", schema={
        "c": pl.Int64, "thread_label": pl.String, "thread_id": pl.String})
