"""Escaped hover text for timeline marks, built with vectorised polars expressions.

Plotly renders hover text, tick labels and menu labels as a subset of HTML, so every string
that comes from a document is data: it is escaped here (``<script>`` -> ``&lt;script&gt;``)
before it reaches a figure, and only the markup this module writes itself is left live.
"""

from __future__ import annotations

import polars as pl

#: html.escape's table, as two parallel lists for `str.replace_many` ("&" must come first).
_HTML_FROM = ["&", "<", ">", '"', "'"]
_HTML_TO = ["&amp;", "&lt;", "&gt;", "&quot;", "&#x27;"]


def escape(expr: pl.Expr) -> pl.Expr:
    """HTML-escape a string expression (the vectorised twin of `html.escape`).

    >>> pl.select(escape(pl.lit('<img onerror="x">'))).item()
    '&lt;img onerror=&quot;x&quot;&gt;'
    """
    return expr.cast(pl.String).str.replace_many(_HTML_FROM, _HTML_TO)


def wrap(expr: pl.Expr, width: int = 80) -> pl.Expr:
    """Escape a string and break it into lines of at most about `width` characters (``<br>``).

    Breaks fall on whitespace, so hover labels stay narrow without cutting words.

    >>> pl.select(wrap(pl.lit("a <b> c d"), width=4)).item()
    'a<br>&lt;b&gt;<br>c d'
    """
    lines = expr.cast(pl.String).str.replace_all(rf"(\S.{{0,{width - 1}}})(?:\s+|$)", "${1}\n")
    return escape(lines.str.strip_chars_end("\n")).str.replace_all("\n", "<br>", literal=True)


def _line(label: str, value: pl.Expr) -> pl.Expr:
    """``<b>label</b> value`` when `value` is non-empty, else null (the line is dropped)."""
    return pl.when(value.is_not_null() & (value != "")).then(
        pl.concat_str(pl.lit(f"<b>{label}</b> "), value)
    )


def source_link(url: pl.Expr, label: pl.Expr) -> pl.Expr:
    """An ``<a href>`` to `url` (escaped) only for http(s) URLs, else just the escaped label.

    >>> pl.select(source_link(pl.lit("javascript:alert(1)"), pl.lit("doc"))).item()
    'doc'
    >>> pl.select(source_link(pl.lit("https://x.org/?a=1&b=<2>"), pl.lit("doc"))).item()
    '<a href="https://x.org/?a=1&amp;b=&lt;2&gt;">doc</a>'
    """
    is_web = url.str.contains(r"(?i)^https?://\S+$").fill_null(False)
    return (
        pl.when(is_web)
        .then(pl.concat_str(pl.lit('<a href="'), escape(url), pl.lit('">'), escape(label),
                            pl.lit("</a>")))
        .otherwise(escape(label))
    )


def interval_text() -> pl.Expr:
    """The resolved interval as text: ``2020-03-01`` or ``2020-03-01 – 2020-03-31 (month)``."""
    start = pl.col("date_start").dt.to_string("%Y-%m-%d")
    end = pl.col("date_end").dt.to_string("%Y-%m-%d")
    span = (
        pl.when(end.is_null() | (start == end))
        .then(start)
        .otherwise(pl.concat_str(start, pl.lit(" – "), end))
    )
    detail = pl.concat_str(pl.col("date"), pl.col("mod"), pl.col("granularity"),
                           separator=", ", ignore_nulls=True)
    return pl.concat_str(
        escape(span), pl.when(detail != "").then(pl.concat_str(pl.lit(" ("), escape(detail),
                                                               pl.lit(")"))),
        ignore_nulls=True,
    )


def article_label() -> pl.Expr:
    """How a mark names its article: its title, else its source path (or URL); the document
    id follows. Needs a ``title`` column (`with_titles` adds one).

    >>> df = pl.DataFrame({"title": ["Strikes <hit>", None], "source": ["a.txt", "b.txt"],
    ...                    "url": None, "doc_id": ["a", "b"]})
    >>> df.select(article_label()).to_series().to_list()
    ['Strikes <hit> · a', 'b.txt · b']
    """
    title = pl.col("title").cast(pl.String).str.strip_chars().replace("", None)
    return pl.concat_str(pl.coalesce(title, pl.col("source"), pl.col("url")), pl.col("doc_id"),
                         separator=" · ", ignore_nulls=True)


def with_titles(events: pl.DataFrame, documents: pl.DataFrame | pl.LazyFrame | None = None
                ) -> pl.DataFrame:
    """`events` with a ``title`` column: kept if present, else the documents' titles joined
    by ``doc_id`` (null when no documents are given)."""
    if documents is not None:
        titles = documents.lazy().select("doc_id", pl.col("title").alias("_title")).unique(
            "doc_id", keep="first").collect()
        joined = events.join(titles, on="doc_id", how="left", maintain_order="left")
        if "title" in events.columns:
            return joined.with_columns(pl.coalesce("title", "_title").alias("title")).drop(
                "_title")
        return joined.rename({"_title": "title"})
    if "title" in events.columns:
        return events
    return events.with_columns(pl.lit(None, pl.String).alias("title"))


def hover_text(width: int = 80) -> pl.Expr:
    """One hover label per event: date as written, interval, anchor, actors, weapon, place,
    sentence, source (linked when it has a web URL) and the number of merged sources."""
    actors = pl.concat_str(pl.col("actor1"), pl.col("actor2"), separator=" → ",
                           ignore_nulls=True)
    place = pl.concat_str(pl.col("location"), pl.col("country"), separator=", ",
                          ignore_nulls=True)
    anchor = pl.concat_str(pl.col("anchor"), pl.col("date_reason"), separator=": ",
                           ignore_nulls=True)
    kind = pl.concat_str(pl.col("event_type"), pl.col("sub_event_type"), separator=" / ",
                         ignore_nulls=True)
    doc = article_label()
    n = pl.col("n_sources").fill_null(1)
    docs = escape(pl.col("cluster_docs"))
    sources = pl.when(n > 1).then(pl.concat_str(pl.lit("<b>merged:</b> "), n.cast(pl.String),
                                                pl.lit(" sources ("), docs, pl.lit(")"),
                                                ignore_nulls=True))
    return pl.concat_str(
        pl.when(kind != "").then(pl.concat_str(pl.lit("<b>"), escape(kind), pl.lit("</b>"))),
        _line("written:", escape(pl.concat_str(pl.lit("“"), pl.col("date_text"), pl.lit("”")))),
        _line("interval:", interval_text()),
        _line("anchor:", wrap(anchor, width)),
        _line("actors:", escape(actors)),
        _line("weapon:", escape(pl.col("weapon"))),
        _line("place:", escape(place)),
        pl.concat_str(pl.lit("<i>"), wrap(pl.col("sentence"), width), pl.lit("</i>")),
        _line("source:", source_link(pl.col("url"), doc)),
        sources,
        separator="<br>",
        ignore_nulls=True,
    )
