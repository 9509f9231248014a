"""The command line: `threadline build`, `threadline figure` and `threadline tag`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import polars as pl

from threadline.settings import DEFAULT


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="threadline", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="corpus -> documents, mentions, events and timelines")
    b.add_argument(
        "inputs", nargs="+", help="files or folders: .txt .html .md .jsonl .csv .parquet"
    )
    b.add_argument("-o", "--outdir", required=True, help="output folder")
    b.add_argument("--metadata", help="sidecar CSV/JSON: file or doc_id -> url, published, ...")
    b.add_argument("--threads", help="thread spec YAML (default: automatic threads)")
    b.add_argument("--doc-type", choices=["news", "narrative"], default=DEFAULT.doc_type)
    b.add_argument("--engine", choices=["local", "dask", "ray"], default="local")
    b.add_argument(
        "--scheduler", help="address of a running Dask scheduler, or of a Ray cluster ('auto')"
    )
    b.add_argument(
        "--workers", type=int, default=2, help="workers of a local Dask or Ray (default 2)"
    )

    f = sub.add_parser("figure", help="events.parquet -> a static PNG/SVG/PDF figure")
    f.add_argument("events", help="an events.parquet written by `threadline build`")
    f.add_argument("-o", "--output", required=True, help="image file (.png .svg .pdf ...)")
    f.add_argument("--kind", choices=["timeline", "counts", "map"], default="timeline")
    f.add_argument("--thread", help="one thread (id or label); default: all threads")
    f.add_argument("--width", type=int)
    f.add_argument("--height", type=int)

    t = sub.add_parser("tag", help="tag temporal expressions in a JSONL file")
    t.add_argument("input", help='JSONL, one {"doc_id", "text", "dct"} per line')
    t.add_argument("-o", "--output", required=True, help="output JSONL")
    t.add_argument("--doc-type", choices=["news", "narrative"], default=DEFAULT.doc_type)
    return p


def _build(args: argparse.Namespace) -> int:
    from threadline.resources import ResourceError

    settings = DEFAULT.replace(doc_type=args.doc_type)
    try:
        report = _run_build(args, settings)
    except (ValueError, ResourceError, OSError) as exc:  # a bad thread file, output folder...
        print(f"threadline: error: {' '.join(str(exc).split())}", file=sys.stderr)
        return 2
    for source, status, error in report.bad:
        print(f"threadline: {source}: {status}: {error}", file=sys.stderr)
    for source, warning in report.warnings:
        print(f"threadline: {source}: warning: {warning}", file=sys.stderr)
    print(
        f"{report.n_documents} documents ({report.n_ok} ok, {len(report.bad)} bad), "
        f"{report.n_mentions} temporal expressions, {report.n_events} events",
        file=sys.stderr,
    )
    if report.n_ok == 0:
        print("threadline: nothing could be read", file=sys.stderr)
        return 1
    return 0


def _run_build(args: argparse.Namespace, settings: object) -> object:
    if args.engine != "local" or args.scheduler:
        from threadline.scale import build_sharded

        return build_sharded(
            args.inputs, args.outdir, metadata=args.metadata, threads=args.threads,
            settings=settings, engine=args.engine, scheduler=args.scheduler,
            workers=args.workers,
        )
    from threadline.pipeline import build

    return build(
        args.inputs, args.outdir, metadata=args.metadata, threads=args.threads,
        settings=settings,
    )


def _tag(args: argparse.Namespace) -> int:
    from threadline.documents import from_table
    from threadline.documents.jsonl import read_jsonl
    from threadline.timex import tag_dates

    try:
        lines = read_jsonl(args.input)
    except Exception as exc:  # unreadable file, or rows that cannot form one table
        print(f"threadline: {args.input}: cannot read JSONL: {exc}", file=sys.stderr)
        return 2
    for bad in lines.bad_lines:  # reported and skipped; the other lines are still tagged
        print(f"threadline: {args.input}: {bad}; line skipped (not valid JSONL)", file=sys.stderr)
    table = lines.frame
    if table.height == 0:
        Path(args.output).write_text("", encoding="utf-8")
        print(f"threadline: {args.input}: no JSON object to tag", file=sys.stderr)
        return 2
    if "dct" in table.columns and "published" not in table.columns:
        table = table.rename({"dct": "published"})
    documents = from_table(table, source=str(args.input))
    mentions = tag_dates(documents, doc_type=args.doc_type)
    offsets = documents.select("doc_id", pl.col("start").alias("_base"))
    local = mentions.join(offsets, on="doc_id", how="left").with_columns(
        pl.col("start") - pl.col("_base"), pl.col("end") - pl.col("_base")
    )
    fields = ["start", "end", "text", "type", "value", "mod", "date_start", "date_end",
              "granularity", "anchor", "anchor_ref", "rule_id", "reason"]
    by_doc = {
        d: rows.select(fields).with_columns(pl.col("date_start", "date_end").cast(pl.String))
        .to_dicts()
        for (d,), rows in local.group_by("doc_id", maintain_order=True)
    }
    with open(args.output, "w", encoding="utf-8") as out:
        for doc_id, dct in documents.select("doc_id", "dct").iter_rows():
            line = {"doc_id": doc_id, "dct": dct, "timexes": by_doc.get(doc_id, [])}
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    return 2 if lines.bad else 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `threadline` command."""
    args = _parser().parse_args(argv)
    if args.command == "build":
        return _build(args)
    if args.command == "figure":
        from threadline.exports.images import main_figure

        return main_figure(args)
    return _tag(args)


if __name__ == "__main__":
    sys.exit(main())
