"""The whole job, files -> output folder: what `threadline build` runs.

    OUTDIR/documents.parquet, documents.csv   every input accounted for (status, error)
    OUTDIR/mentions.parquet                   temporal expressions with their resolution
    OUTDIR/events.parquet, events.csv         events, threads, same-event clusters
    OUTDIR/index.html, timelines/<thread>.html
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from tqdm.auto import tqdm

from threadline.documents import read_corpus
from threadline.events import extract_events
from threadline.exports import write_exports
from threadline.settings import DEFAULT, Settings
from threadline.threads import assign_threads, merge_events
from threadline.timeline.pages import write_site
from threadline.timex import tag_dates


@dataclass(frozen=True)
class BuildReport:
    """What a build produced: counts, the bad inputs with their reasons, the index page."""

    outdir: Path
    index_html: Path
    n_documents: int
    n_ok: int
    n_mentions: int
    n_events: int
    bad: list[tuple[str, str, str]] = field(default_factory=list)  # (source, status, error)


def bad_inputs(documents: pl.DataFrame | pl.LazyFrame) -> list[tuple[str, str, str]]:
    """(source, status, error) for every document row that could not be read."""
    bad = documents.lazy().filter(pl.col("status") != "ok").select("source", "status", "error")
    return [tuple(r) for r in bad.collect().iter_rows()]


def _per_document_stages(
    documents: pl.DataFrame, settings: Settings
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """tag_dates and extract_events, in batches of whole documents with a progress bar when the
    corpus is larger than `settings.progress_threshold` documents."""
    if documents.height <= settings.progress_threshold:
        mentions = tag_dates(documents, doc_type=settings.doc_type)
        return mentions, extract_events(documents, mentions)
    all_mentions, all_events = [], []
    with tqdm(total=documents.height, unit="doc", desc="threadline build") as bar:
        for batch in documents.iter_slices(settings.batch_size):
            mentions = tag_dates(batch, doc_type=settings.doc_type)
            all_mentions.append(mentions)
            all_events.append(extract_events(batch, mentions))
            bar.update(batch.height)
    return pl.concat(all_mentions, how="vertical"), pl.concat(all_events, how="vertical")


def build(
    inputs: str | Path | Sequence[str | Path],
    outdir: str | Path,
    *,
    metadata: str | Path | None = None,
    threads: str | Path | None = None,
    settings: Settings = DEFAULT,
) -> BuildReport:
    """Run every stage on `inputs` and write the tables and HTML pages into `outdir`."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    documents = read_corpus(inputs, metadata=metadata, settings=settings)
    mentions, events = _per_document_stages(documents, settings)
    events = merge_events(assign_threads(events, threads))
    documents.write_parquet(outdir / "documents.parquet")
    documents.write_csv(outdir / "documents.csv")
    mentions.write_parquet(outdir / "mentions.parquet")
    write_exports(outdir, documents, mentions, events)
    index = write_site(outdir, documents, events, per_thread=settings.site_events_per_thread)
    return BuildReport(
        outdir=outdir,
        index_html=index,
        n_documents=documents.height,
        n_ok=documents.filter(pl.col("status") == "ok").height,
        n_mentions=mentions.height,
        n_events=events.height,
        bad=bad_inputs(documents),
    )
