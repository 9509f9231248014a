"""`read_corpus`: every input file -> DOCUMENTS rows (articles, or one row saying why a file
could not be read), in sorted path order, then article order."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from threadline.documents.clean import blank_lines, classify_lines, classify_many
from threadline.documents.dct import find_dct
from threadline.documents.ids import unique_ids
from threadline.documents.metadata import apply_sidecar
from threadline.documents.published import parse_one
from threadline.documents.read import (
    HTML_SUFFIXES,
    TABLE_SUFFIXES,
    Input,
    collect,
    read_file,
    refuse,
)
from threadline.documents.split import split_articles
from threadline.documents.tables import documents_frame, error_row, read_table
from threadline.documents.web import Page, read_page
from threadline.settings import DEFAULT, Settings

#: Files whose lines are classified together in one vectorised pass.
BATCH = 256


@dataclass(frozen=True)
class _Text:
    """A decoded text waiting to be split into articles (with its HTML page, if any)."""

    inp: Input
    text: str
    encoding: str | None
    page: Page | None


def article_rows(
    text: str,
    inp: Input,
    encoding: str | None,
    language: str = "en",
    lines: pl.DataFrame | None = None,
) -> list[dict]:
    """DOCUMENTS rows of one decoded page: its articles, boilerplate blanked, with their DCT.

    >>> from pathlib import Path
    >>> page = ("Rebels Seize Town\\n\\nDecember 14, 2017\\n"
    ...         "Rebels seized the town of Qara, a monitor said.")
    >>> row = article_rows(page, Input("a.txt", Path("a.txt")), "utf-8")[0]
    >>> row["doc_id"], row["title"], row["dct"], row["dct_source"]
    ('a#1', 'Rebels Seize Town', '2017-12-14', 'text')
    """
    lines = classify_lines(text, language) if lines is None else lines
    chrome = lines.filter(pl.col("rule_id").is_not_null() & (pl.col("end") > pl.col("start")))
    spans = list(zip(chrome["start"].to_list(), chrome["end"].to_list(), strict=True))
    starts = [s for s, _ in spans]
    rows = []
    for n, art in enumerate(split_articles(text, lines), 1):
        body = blank_lines(text, spans, starts, art.start, art.end)
        head = blank_lines(text, spans, starts, art.head_start, art.start)
        dct = find_dct(_squeezed(head), _squeezed(body), language)
        title = art.title.lstrip("#").strip() if art.title else None
        rows.append(
            {
                "doc_id": f"{inp.key}#{n}",
                "source": inp.given,
                "start": art.start,
                "end": art.end,
                "title": title or None,
                "text": body,
                "dct": dct.value,
                "dct_source": dct.source,
                "dct_evidence": dct.evidence,
                "status": "ok",
                "encoding": encoding,
            }
        )
    return rows


#: A run of blank lines (blanks allowed on them): the DCT rules see one blank line instead, so
#: a rule opening with ``^\s*`` never rescans the run from each of its lines (quadratic).
_BLANK_RUN = re.compile(r"\n(?:[^\S\n]*\n)+")


def _squeezed(text: str) -> str:
    """`text` with every run of blank lines made one empty line: what the DCT rules read (they
    return a value and a quote, never offsets, so nothing else moves)."""
    return _BLANK_RUN.sub("\n\n", text) if "\n" in text else text


def _html_rows(page: Page, rows: list[dict]) -> list[dict]:
    """Article rows of an HTML page's main text, with the page's metadata applied: a meta date
    wins over the text; one that is not a date leaves the text's, and the evidence says why."""
    dct, why = parse_one(page.date[:200]) if page.date else (None, "")
    for row in rows:
        if len(rows) == 1:  # the page's title names its one article
            row["title"] = page.title or row["title"]
        row["url"] = page.url
        if dct:
            note = f" ({why})" if why else ""
            row.update(
                dct=dct,
                dct_source="metadata",
                dct_evidence=f"HTML {page.date_field} = {page.date}{note}",
            )
        elif page.date:
            row["dct_evidence"] = (f"HTML {page.date_field} = {page.date[:200]!r} is not a date "
                                   f"({why}); {row['dct_evidence']}")
    return rows


def _read_one(inp: Input, settings: Settings) -> pl.DataFrame | list[dict] | _Text:
    """A table's DOCUMENTS, an error row, or the decoded text still to be split; an error
    nobody foresaw costs only this input (status "failed", the exception as its error)."""
    try:
        return _read_input(inp, settings)
    except Exception as exc:
        return [_failed_row(inp, exc)]


def _failed_row(inp: Input, exc: BaseException) -> dict:
    return error_row(f"{inp.key}#1", inp.given, "failed",
                     f"{inp.given}: could not be read ({type(exc).__name__}: "
                     f"{str(exc)[:300]}); please report this with the file")


def _read_input(inp: Input, settings: Settings) -> pl.DataFrame | list[dict] | _Text:
    suffix = inp.path.suffix.lower()
    if suffix in TABLE_SUFFIXES and inp.status is None:
        bad = refuse(inp, settings.max_file_bytes, limit_size=False)
        return (
            read_table(inp.path, inp.given)
            if bad is None
            else [error_row(f"{inp.key}#1", inp.given, bad.status, bad.error)]
        )
    dec = read_file(inp, settings.max_file_bytes, settings.language)
    if dec.text is None:
        return [error_row(f"{inp.key}#1", inp.given, dec.status, dec.error, dec.encoding)]
    if suffix not in HTML_SUFFIXES:
        return _Text(inp, dec.text, dec.encoding, None)
    page = read_page(dec.text, settings.language)
    if page.text is None:
        return [
            error_row(
                f"{inp.key}#1",
                inp.given,
                "empty",
                f"{inp.given}: no main text found in the HTML page; check that it is "
                "an article page, or save it as text",
                dec.encoding,
            )
        ]
    return _Text(inp, page.text, dec.encoding, page)


def _batch(inputs: list[Input], settings: Settings) -> list[pl.DataFrame | list[dict]]:
    """DOCUMENTS pieces of `inputs`, in order; their texts' lines are classified in one pass."""
    read = [_read_one(inp, settings) for inp in inputs]
    texts = [r for r in read if isinstance(r, _Text)]
    classified = iter(classify_many([t.text for t in texts], settings.language) if texts else [])
    out = []
    for r in read:
        if isinstance(r, _Text):
            lines = next(classified)
            try:
                rows = article_rows(r.text, r.inp, r.encoding, settings.language, lines)
                out.append(_html_rows(r.page, rows) if r.page is not None else rows)
            except Exception as exc:  # costs only this input
                out.append([_failed_row(r.inp, exc)])
        else:
            out.append(r)
    return out


def read_corpus(
    path: str | os.PathLike | Input | Sequence[str | os.PathLike | Input],
    metadata: str | os.PathLike | None = None,
    *,
    settings: Settings = DEFAULT,
    exclude: Sequence[str | os.PathLike] = (),
) -> pl.DataFrame:
    """Read a corpus (folders, files, tables) into DOCUMENTS: one row per article, one per bad
    input; every entry the walk meets is accounted for (`read.collect`; folders in `exclude`,
    such as the build's output folder, are "skipped" rows). doc_ids are unique by the rule of
    `ids.unique_ids`. `metadata` is an optional sidecar that wins.

    >>> import threadline, pathlib
    >>> seeds = pathlib.Path(threadline.__file__).parents[2] / "data" / "seeds"
    >>> docs = read_corpus(seeds)
    >>> docs.select("doc_id", "dct", "dct_source").head(3).rows()  # doctest: +NORMALIZE_WHITESPACE
    [('000_9d5c45902de9babf#1', '2014-12-29', 'text'),
     ('001_c376f01b16ea287a#1', '2017-12-14', 'text'),
     ('002_98f9f62c1b7ff02d#1', '2020', 'inferred')]
    """
    inputs = collect(path, exclude=exclude)
    chunks: list[pl.DataFrame | list[dict]] = []
    for i in range(0, len(inputs), BATCH):
        for rows in _batch(inputs[i : i + BATCH], settings):
            if isinstance(rows, list) and chunks and isinstance(chunks[-1], list):
                chunks[-1].extend(rows)
            else:
                chunks.append(rows)
    frames = [documents_frame(c) if isinstance(c, list) else c for c in chunks]
    docs = unique_ids(pl.concat(frames, how="vertical") if frames else documents_frame([]))
    return apply_sidecar(docs, metadata) if metadata is not None else docs
