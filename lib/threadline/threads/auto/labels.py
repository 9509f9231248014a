"""Readable, unique thread labels and ids from each thread's most distinctive entities."""

from __future__ import annotations

import re

import polars as pl

#: Kinds that may name a thread (keywords only when a thread has too few of these).
LABEL_KINDS = ("a", "w", "p")


def thread_labels(vec: pl.DataFrame, primary: pl.DataFrame, n: int) -> pl.DataFrame:
    """Unique readable label (its 2-3 most distinctive entities) and id of each thread ``c``,
    biggest thread first."""
    score = (vec.join(primary, on="i").group_by("c", "feature", "kind")
             .agg(pl.len().alias("count"), pl.col("df").first())
             .join(primary.group_by("c").agg(pl.len().alias("size")), on="c")
             .with_columns((pl.col("count") / pl.col("size")
                            * ((1 + n) / (1 + pl.col("df"))).log()).alias("score"),
                           pl.col("kind").is_in(LABEL_KINDS).alias("entity"))
             .filter(pl.col("entity") | (pl.col("kind") == "k"))
             .sort(["c", "entity", "score", "feature"], descending=[False, True, True, False]))
    order = (primary.group_by("c").agg(pl.len().alias("size"), pl.col("i").min())
             .sort(["size", "i"], descending=[True, False]))["c"]
    names = {c: [f[2:] for f in fs] for c, fs
             in score.group_by("c", maintain_order=True).agg("feature").iter_rows()}
    rows: list[tuple[int, str, str]] = []
    taken: set[str] = set()
    for c in order:
        words = names.get(c) or [f"thread {len(rows) + 1}"]
        extra, label = 3, " / ".join(words[:3])
        while label in taken or _slug(label) in taken:  # a twin: add a feature, else number it
            extra += 1
            label = (" / ".join(words[:extra]) if extra <= len(words)
                     else f"{' / '.join(words[:3])} ({extra - len(words)})")
        rows.append((c, label, _slug(label)))
        taken |= {label, _slug(label)}
    return pl.DataFrame(rows, orient="row", schema={
        "c": pl.Int64, "thread_label": pl.String, "thread_id": pl.String})


def _slug(label: str) -> str:
    """The thread id of a label: "auto-" and its lower-case words joined by hyphens."""
    return "auto-" + re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
