"""The site at corpus scale: output size, largest page and the time until the index is drawn.

The corpus: the Guardian articles of TLS dev (``kind == "article"``) repeated with distinct doc
ids, plus ACLED dev notes as short articles, up to `--docs` documents (1,800 by default), each
with a title and a web URL; read by path from ../shared/data and written to a temporary folder
only (never into the repository). `threadline build` runs on it in a subprocess; then the
benchmark prints, for the output folder: total size (MB), the largest HTML page (MB), the
number of HTML pages, the number of plotly.js files, and the seconds from navigation until the
index's figures are drawn in headless Chromium (median of `--loads` loads, network blocked),
against the same index with plotly.js inlined (the old layout) loaded the same way.

    .venv/bin/python benchmarks/bench_site.py [--docs 1800] [--out DIR] [--loads 5]
        [--tls PATH] [--acled PATH] [--skip-build]
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
_DRAWN_JS = """() => [...document.querySelectorAll('.js-plotly-plot')].length > 0 &&
  [...document.querySelectorAll('.js-plotly-plot')].every(d => d.querySelector('.main-svg'))
  && document.body.dataset.ready === '1'"""


def make_corpus(tls: Path, acled: Path, n_docs: int, folder: Path) -> Path:
    """`n_docs` articles: TLS articles repeated with distinct ids (three quarters), ACLED notes
    (the rest), each with a title and an https URL; written as one Parquet table."""
    articles = pl.read_ndjson(tls, infer_schema_length=None).filter(pl.col("kind") == "article")
    title = pl.col("text").str.split("\n").list.first().str.slice(0, 90)
    base = articles.select("doc_id", "text", "published", title.alias("title"),
                           pl.col("source").fill_null("The Guardian"))
    n_tls = min(n_docs, n_docs * 3 // 4)
    reps = -(-n_tls // base.height)
    copies = pl.concat([base.with_columns(pl.col("doc_id") + f"~{r:02d}") for r in range(reps)])
    notes = pl.read_ndjson(acled, infer_schema_length=None).select(
        "doc_id", "text", "published", pl.col("text").str.slice(0, 60).alias("title"),
        pl.lit("ACLED note").alias("source"))
    table = pl.concat([copies.head(n_tls), notes.head(n_docs - n_tls)])
    table = table.with_columns(
        pl.concat_str(pl.lit("https://news.example.org/"), pl.col("doc_id")).alias("url"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "corpus.parquet"
    table.write_parquet(path)
    return path
