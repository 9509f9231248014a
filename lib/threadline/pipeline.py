"""The whole job, files -> output folder: what `threadline build` runs.

    OUTDIR/documents.parquet, documents.csv   every input accounted for (status, error)
    OUTDIR/mentions.parquet                   temporal expressions with their resolution
    OUTDIR/events.parquet, events.csv         events, threads, same-event clusters
    OUTDIR/index.html, timelines/<thread>.html
    OUTDIR/.threadline-output                 marks the folder as a build's output

The output folder is written atomically: the build writes into a temporary folder beside it
(``.OUTDIR.building-*``, holding a ``BUILDING`` note while it runs) and swaps it in only when
every file is written, so a reused folder keeps no stale file and a killed build leaves the
previous output intact (and its temporary folder, with the note, until the next build clears
it). A folder that is not empty and not a build's output is refused, never replaced. A
document on which a per-document stage fails costs only itself: its row gets status "failed"
and the error, and the build goes on.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from tqdm.auto import tqdm

from threadline.documents import read_corpus
from threadline.documents.read import OUTPUT_MARKER
from threadline.events import extract_events
from threadline.exports import write_exports
from threadline.exports.spreadsheet import spreadsheet_safe
from threadline.settings import DEFAULT, Settings
from threadline.threads import assign_threads, merge_events
from threadline.threads.merge import without_members
from threadline.threads.spec import load_threads
from threadline.timeline.keydates import key_events
from threadline.timeline.pages import write_site
from threadline.timex import tag_dates

#: The note a running build leaves in its temporary folder.
BUILDING = "BUILDING"


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
    #: (source, message) of readable documents with a warning (a renamed repeated doc_id)
    warnings: list[tuple[str, str]] = field(default_factory=list)


def bad_inputs(documents: pl.DataFrame | pl.LazyFrame) -> list[tuple[str, str, str]]:
    """(source, status, error) for every document row that could not be read."""
    bad = documents.lazy().filter(pl.col("status") != "ok").select("source", "status", "error")
    return [tuple(r) for r in bad.collect().iter_rows()]


def warnings(documents: pl.DataFrame | pl.LazyFrame) -> list[tuple[str, str]]:
    """(source, warning) for every readable document whose row carries a warning."""
    ok = documents.lazy().filter((pl.col("status") == "ok") & pl.col("error").is_not_null())
    return [tuple(r) for r in ok.select("source", "error").collect().iter_rows()]


def _stages(documents: pl.DataFrame, doc_type: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    mentions = tag_dates(documents, doc_type=doc_type)
    return mentions, extract_events(documents, mentions)


def guarded_stages(
    documents: pl.DataFrame, doc_type: str = "news"
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """tag_dates and extract_events on `documents`; when they fail, again document by
    document, so a document they cannot handle costs only itself: its row becomes status
    "failed" with the stage's error. Returns (documents, mentions, events)."""
    try:
        return documents, *_stages(documents, doc_type)
    except Exception:
        pass
    ok = documents["status"] == "ok"
    mentions, events, errors = [], [], {}
    for i in range(documents.height):
        if not ok[i]:
            continue
        one = documents.slice(i, 1)
        try:
            m = tag_dates(one, doc_type=doc_type)
        except Exception as exc:
            errors[i] = _stage_error("tag_dates", one, exc)
            continue
        try:
            e = extract_events(one, m)
        except Exception as exc:
            errors[i] = _stage_error("extract_events", one, exc)
            e = None
        mentions.append(m)
        if e is not None:
            events.append(e)
    failed = pl.Series([errors.get(i) for i in range(documents.height)], dtype=pl.String)
    documents = documents.with_columns(
        pl.when(failed.is_not_null()).then(pl.lit("failed")).otherwise("status").alias("status"),
        pl.coalesce(failed, "error").alias("error"),
    )
    empty_m, empty_e = _stages(documents.clear(), doc_type)
    return (documents, pl.concat([empty_m, *mentions], how="vertical_relaxed"),
            pl.concat([empty_e, *events], how="vertical_relaxed"))


def _stage_error(stage: str, one: pl.DataFrame, exc: Exception) -> str:
    return (f"{one['source'][0]}: {stage} failed on document {one['doc_id'][0]!r} "
            f"({type(exc).__name__}: {str(exc)[:300]}); the rest of the corpus was built, "
            "please report this document")


def _per_document_stages(
    documents: pl.DataFrame, settings: Settings
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """`guarded_stages`, in batches of whole documents with a progress bar when the corpus is
    larger than `settings.progress_threshold` documents; the events in `events_order`, so
    the batch size does not change the output."""
    if documents.height <= settings.progress_threshold:
        return guarded_stages(documents, settings.doc_type)
    parts = []
    with tqdm(total=documents.height, unit="doc", desc="threadline build") as bar:
        for batch in documents.iter_slices(settings.batch_size):
            parts.append(guarded_stages(batch, settings.doc_type))
            bar.update(batch.height)
    documents, mentions, events = (pl.concat(p, how="vertical") for p in zip(*parts, strict=True))
    return documents, mentions, events_order(events)


def events_order(events: pl.DataFrame) -> pl.DataFrame:
    """Events of several batches or shards in the order `extract_events` gives one batch:
    by doc_id, each document's in its own order (all of a document's events come from one
    batch), so threads and merging see the same table however the corpus was cut."""
    return events.sort("doc_id", maintain_order=True)


def check_outdir(outdir: Path) -> None:
    """Raise ValueError unless `outdir` is new, empty, or a build's output (which a build may
    replace whole)."""
    if outdir.exists() and not outdir.is_dir():
        raise ValueError(f"{outdir}: exists and is not a folder; pass a folder for the output")
    if outdir.is_dir() and any(outdir.iterdir()) and not (
        (outdir / OUTPUT_MARKER).exists() or (outdir / "documents.parquet").exists()
    ):
        raise ValueError(f"{outdir}: exists, is not empty and is not a threadline output "
                         f"folder (no {OUTPUT_MARKER}); a build replaces its output folder "
                         "whole, so pass a new or empty folder")


def _clear_stale(outdir: Path) -> None:
    """Remove what killed builds of `outdir` left beside it (their temporary folders)."""
    for stale in outdir.parent.glob(f".{outdir.name[:60]}.building-*"):
        note = stale / BUILDING
        pid = note.read_text(encoding="utf-8").split("pid ", 1)[-1].split(")")[0] \
            if note.is_file() else ""
        if pid.isdigit() and Path(f"/proc/{pid}").exists() and int(pid) != os.getpid():
            continue  # another build of the same folder is running
        shutil.rmtree(stale, ignore_errors=True)
    for old in outdir.parent.glob(f".{outdir.name[:60]}.old-*"):
        if outdir.exists():
            shutil.rmtree(old, ignore_errors=True)
        else:  # a swap was cut between its two renames: put the previous output back
            os.rename(old, outdir)


@contextlib.contextmanager
def staged_output(outdir: str | Path) -> Iterator[Path]:
    """A temporary folder beside `outdir` to build into, swapped in for `outdir` when the
    body succeeds, removed when it fails (see the module docstring)."""
    outdir = Path(outdir)
    check_outdir(outdir)
    outdir.parent.mkdir(parents=True, exist_ok=True)
    _clear_stale(outdir)
    stage = Path(tempfile.mkdtemp(prefix=f".{outdir.name[:60]}.building-", dir=outdir.parent))
    started = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    (stage / BUILDING).write_text(
        f"threadline is building {outdir} here (since {started}, pid {os.getpid()}); if no "
        f"build runs, it was killed: delete this folder, {outdir} is the previous output\n",
        encoding="utf-8",
    )
    (stage / OUTPUT_MARKER).write_text("a threadline build's output folder\n", encoding="utf-8")
    try:
        yield stage
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    (stage / BUILDING).unlink()
    if outdir.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{outdir.name[:60]}.old-", dir=outdir.parent))
        os.rename(outdir, old / "previous")
        os.rename(stage, outdir)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(stage, outdir)


def build(
    inputs: str | Path | Sequence[str | Path],
    outdir: str | Path,
    *,
    metadata: str | Path | None = None,
    threads: str | Path | None = None,
    settings: Settings = DEFAULT,
) -> BuildReport:
    """Run every stage on `inputs` and write the tables and HTML pages into `outdir`.

    The thread file is read first, so a bad one fails before the corpus is read.
    """
    outdir = Path(outdir)
    if threads is not None:
        load_threads(threads)
    with staged_output(outdir) as stage:
        documents = read_corpus(inputs, metadata=metadata, settings=settings,
                                exclude=[outdir])
        documents, mentions, events = _per_document_stages(documents, settings)
        events = merge_events(assign_threads(events, threads))
        documents.write_parquet(stage / "documents.parquet")
        spreadsheet_safe(documents).write_csv(stage / "documents.csv")
        mentions.write_parquet(stage / "mentions.parquet")
        pages = without_members(events)  # the member lists go to the tables only
        keys = key_events(pages, documents=documents, mentions=mentions)
        write_exports(stage, documents, mentions, events, keys=keys)
        write_site(stage, documents, pages, per_thread=settings.site_events_per_thread,
                   keys=keys)
    return BuildReport(
        outdir=outdir,
        index_html=outdir / "index.html",
        n_documents=documents.height,
        n_ok=documents.filter(pl.col("status") == "ok").height,
        n_mentions=mentions.height,
        n_events=events.height,
        bad=bad_inputs(documents),
        warnings=warnings(documents),
    )
