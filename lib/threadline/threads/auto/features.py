"""What an event is to threading: a bag of typed features, its TF-IDF vector, and that vector
read in context (blended with the reports around it in its article)."""

from __future__ import annotations

import functools
import re

import polars as pl

from threadline.resources import load_yaml
from threadline.threads.auto.options import AutoThreadOptions

#: Feature kinds and their weights: actors (not generic ones), weapons and places carry the
#: story; the event's two sides (``s:``, who fights whom), its admin-1 region (``r:``, a
#: front: the towns of one province), names, words, countries and the month and year nudge
#: it. Actor families ("Israel" beside "Military Forces of Israel") and event types are left
#: out: shared across the stories of one war, they fuse its threads.
KIND_WEIGHTS: dict[str, float] = {"a": 1.0, "w": 1.0, "p": 1.0, "s": 0.5, "r": 0.5, "n": 0.5,
                                  "k": 0.5, "c": 0.5, "t": 0.8}
#: Added to every IDF so that a feature all events share still counts a little.
IDF_FLOOR = 0.5
#: Events whose feature bags are built at a time (row order kept: the same frame).
FEATURE_BATCH = 5_000
#: A run of capitalised words (with joiners such as "al-", "bin", "of"): a name.
NAME = r"\b[A-Z][a-z'’]+(?:(?:[ -]|\s(?:al|bin|ibn|of|de|el|the)[ -])[A-Z][a-z'’]+)*"


@functools.cache
def generic_words() -> frozenset[str]:
    """Words that mark no thread (resources/en/threads/generic.yaml)."""
    return frozenset(load_yaml("en/threads/generic.yaml")["words"])


@functools.cache
def generic_actor_pattern() -> str:
    """A regex matching ACLED's generic actor names and generic weapon words
    (resources/en/threads/generic_actors.yaml): what kind of actor, not who."""
    data = load_yaml("en/threads/generic_actors.yaml")
    stems = "|".join(re.escape(x) for x in data["actors"])
    weapons = "|".join(re.escape(x) for x in data["weapons"])
    return rf"^(?:(?:{stems})(?: \([^()]*\))?|{weapons})$"


def is_generic_actor(name: str) -> bool:
    """Whether an actor (or weapon) name says only what kind of actor acted.

    >>> is_generic_actor("Civilians (Iraq)"), is_generic_actor("Hezbollah")
    (True, False)
    """
    return re.match(generic_actor_pattern(), name) is not None


def _telling(col: pl.Expr) -> pl.Expr:
    """The names of a list column that are not generic actors or weapons."""
    return col.list.filter(~pl.element().str.contains(generic_actor_pattern()))


def _sides(a1: pl.Expr, a2: pl.Expr) -> pl.Expr:
    """``s:A|B``: the event's two telling sides, in name order (who fights whom, whichever
    acted); null when either is missing, generic or the same."""
    generic = generic_actor_pattern()
    lo, hi = pl.min_horizontal(a1, a2), pl.max_horizontal(a1, a2)
    return (pl.when(a1.is_not_null() & a2.is_not_null() & (a1 != a2)
                    & ~a1.str.contains(generic) & ~a2.str.contains(generic))
            .then(pl.lit("s:") + lo + "|" + hi))


def _words(opt: AutoThreadOptions) -> pl.Expr:
    """Salient lower-case words of the sentence, plurals folded ("strikes" -> "strike")."""
    stop = pl.lit(sorted(generic_words()))
    return (pl.col("sentence").fill_null("").str.to_lowercase()
            .str.extract_all(rf"[a-z][a-z-]{{{opt.min_word - 1},}}")
            .list.filter(~pl.element().is_in(stop))
            .list.eval(pl.element().str.replace(r"([^aisu])s$", "$1"))
            .list.filter(~pl.element().is_in(stop)))


def _names() -> pl.Expr:
    """Names in the sentence (capitalised runs), without the sentence's first word when it is
    a generic one ("The", "But") and without generic single words."""
    stop = pl.lit(sorted(generic_words()))
    runs = pl.col("sentence").fill_null("").str.extract_all(NAME)
    lead = r"^(?:The|A|An|In|On|At|But|And|Mr|Mrs|Ms|Dr) "
    keep = ~pl.element().str.to_lowercase().is_in(stop) & (pl.element().str.len_chars() >= 3)
    return runs.list.eval(pl.element().str.replace(lead, "")).list.filter(keep)


def event_features(events: pl.DataFrame, options: AutoThreadOptions | None = None
                   ) -> pl.DataFrame:
    """One row per (event row ``i``, feature) with its kind and kind weight ``kw``.

    >>> from threadline.schema import EVENTS, conform
    >>> ev = pl.DataFrame({"event_id": ["a/E001"], "doc_id": ["a"],
    ...     "sentence": ["Israel bombed the Mezzeh runway."], "actors": [["Israel"]],
    ...     "weapons": [[]], "places": [["Mezzeh Air Base"]], "country": ["Syria"]})
    >>> event_features(conform(ev, EVENTS))["feature"].to_list()  # doctest: +NORMALIZE_WHITESPACE
    ['a:Israel', 'c:Syria', 'd:a', 'k:bombed', 'k:israel', 'k:mezzeh', 'k:runway',
     'n:Israel', 'n:Mezzeh', 'p:Mezzeh Air Base']
    """
    opt = options or AutoThreadOptions()
    cols = set(events.columns)

    def lst(c: str) -> pl.Expr:
        return (pl.col(c).cast(pl.List(pl.String)).fill_null([]) if c in cols
                else pl.lit([], pl.List(pl.String)))

    def one(c: str) -> pl.Expr:
        return pl.col(c) if c in cols else pl.lit(None, pl.String)

    actors = _telling(lst("actors"))
    span = (pl.col("date_end") - pl.col("date_start")).dt.total_days()
    parts = [actors.list.eval(pl.lit("a:") + pl.element()),
             _telling(lst("weapons")).list.eval(pl.lit("w:") + pl.element()),
             lst("places").list.eval(pl.lit("p:") + pl.element()),
             _names().list.eval(pl.lit("n:") + pl.element()),
             _words(opt).list.eval(pl.lit("k:") + pl.element()),
             pl.concat_list(pl.lit("r:") + one("admin1") + "|" + pl.col("country"),
                            _sides(one("actor1"), one("actor2"))),
             pl.concat_list(pl.lit("c:") + pl.col("country"), pl.lit("d:") + pl.col("doc_id"),
                            pl.when(span <= 31).then(pl.col("date_start").dt.strftime("t:%Y-%m")),
                            pl.when(span <= 366).then(pl.col("date_start").dt.strftime("t:%Y")))]
    bag = pl.concat_list(*parts).list.drop_nulls().list.unique().alias("feature")
    # a batch of rows at a time: the sentence's word lists live for one batch, not the corpus
    rows = events.with_row_index("i")
    long = pl.concat([pl.DataFrame(schema={"i": rows.schema["i"], "feature": pl.String})]
                     + [part.select("i", bag).explode("feature").drop_nulls("feature")
                        .sort("i", "feature") for part in rows.iter_slices(FEATURE_BATCH)])
    kinds = pl.DataFrame({"kind": list(KIND_WEIGHTS), "kw": list(KIND_WEIGHTS.values())})
    return long.with_columns(pl.col("feature").str.head(1).alias("kind")).join(
        kinds, on="kind", how="left", maintain_order="left")


def tfidf_vectors(long: pl.DataFrame, n: int) -> pl.DataFrame:
    """Unit-length TF-IDF weights ``w`` of every weighted (i, feature) held by two events or
    more, with its document frequency ``df`` (the article, ``d:``, is no part of the vector)."""
    return (long.filter(pl.col("kw").is_not_null())
            .with_columns(pl.len().over("feature").alias("df"))
            .with_columns((pl.col("kw") * (((1 + n) / (1 + pl.col("df"))).log() + IDF_FLOOR)
                           ).alias("w"))
            .with_columns((pl.col("w") / (pl.col("w") ** 2).sum().over("i").sqrt()).alias("w"))
            .filter(pl.col("w") > 0))


def in_context(vec: pl.DataFrame, events: pl.DataFrame, opt: AutoThreadOptions
               ) -> pl.DataFrame:
    """Each event's vector plus `context` x the vectors of the `window` reports before and
    after it in its article (by position), renormalised: a sentence read in its paragraph."""
    pos = events.with_row_index("i").with_columns(pl.col("start").fill_null(0)).select(
        "i", "doc_id", pl.col("start").rank("ordinal").over("doc_id").cast(pl.Int64).alias("r"))
    offsets = pl.DataFrame({"d": [d for d in range(-opt.window, opt.window + 1) if d]})
    near = (pos.join(offsets, how="cross").with_columns(pl.col("r") + pl.col("d"))
            .join(pos.rename({"i": "j"}), on=["doc_id", "r"]).select("i", "j"))
    ctx = (near.join(vec.select(pl.col("i").alias("j"), "feature", "w"), on="j")
           .group_by("i", "feature").agg((opt.context / (2 * opt.window) * pl.col("w")).sum()
                                         .alias("w")))
    both = pl.concat([vec.select("i", "feature", "w"), ctx])
    return (both.group_by("i", "feature").agg(pl.col("w").sum())
            .with_columns(pl.col("w") / (pl.col("w") ** 2).sum().over("i").sqrt())
            .join(vec.select("feature", "kind", "df").unique("feature"), on="feature")
            .sort("i", "feature"))


def article_weights(docs: pl.DataFrame, member: pl.DataFrame, damping: float) -> pl.DataFrame:
    """(i, c, aw): each member event's weight in its cluster's summed vector, k ** -damping
    where k is the number of events of its article in that cluster: a long article counts as
    one voice (damping 1), not as many."""
    return (member.join(docs.select("i", pl.col("feature").alias("_doc")), on="i", how="left")
            .with_columns(pl.len().over("c", "_doc").cast(pl.Float64).pow(-damping).alias("aw"))
            .select("i", "c", "aw"))
