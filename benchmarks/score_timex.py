"""Score `threadline.tag_dates` against gold timexes with TempEval-3 metrics.

Corpora: TimeBank+AQUAINT dev (TempEval-3 training data, news), WikiWars dev (war narratives,
always tagged in narrative mode), both read by path and never copied, and the seed gold in
tests/gold (borderline expressions and listing-page teasers are don't-care zones: dropped from
the gold, and predictions overlapping them are dropped too).

    .venv/bin/python benchmarks/score_timex.py [--tbaq PATH] [--wikiwars PATH]
        [--doc-type news] [--errors 15]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import polars as pl
from threadline import read_corpus, tag_dates
from threadline.scoring import (
    drop_overlapping,
    load_gold,
    load_tempeval_jsonl,
    score_timexes,
    timex_errors,
)

ROOT = Path(__file__).resolve().parents[1]
METRICS = [
    "n_gold", "n_pred",
    "strict_precision", "strict_recall", "strict_f1",
    "relaxed_precision", "relaxed_recall", "relaxed_f1",
    "value_precision", "value_recall", "value_f1", "type_accuracy",
]


def tempeval_frames(path: Path, doc_type: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(predicted, gold) timexes of the TempEval-style JSONL at `path`, keyed by doc_id."""
    documents, gold = load_tempeval_jsonl(path)
    return tag_dates(documents, doc_type=doc_type), gold


def seed_frames(seeds: Path, gold_dir: Path, doc_type: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(predicted, gold) timexes of the seed corpus, keyed by file name (article splits vary)."""
    pred = tag_dates(read_corpus(seeds), doc_type=doc_type).with_columns(
        pl.col("source").str.extract(r"([^/\\]+)$").alias("file")
    )
    gold = load_gold("timexes", gold_dir)
    dont_care = pl.col("borderline") | (pl.col("zone") == "teaser")
    pred = drop_overlapping(pred, gold.filter(dont_care), key="file")
    return pred, gold.filter(~dont_care)


def frequent_errors(pred: pl.DataFrame, gold: pl.DataFrame, key: str, n: int) -> pl.DataFrame:
    """The `n` most frequent (kind, text shape) errors, with one example each."""
    errors = timex_errors(pred, gold, key=key)
    example = pl.format(
        "{} -> {}", pl.col("g_value").fill_null("-"), pl.col("p_value").fill_null("-")
    )
    return (
        errors.group_by("kind", "pattern")
        .agg(pl.len().alias("count"), example.first().alias("gold -> predicted value"))
        .sort(["count", "kind", "pattern"], descending=[True, False, False])
        .head(n)
    )


def main(argv: list[str] | None = None) -> int:
    """Parse flags, score each corpus, print one table (and the frequent errors)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tbaq", type=Path, default=ROOT.parent / "shared/data/tbaq_dev.jsonl",
                    help="TempEval-style JSONL (default ../shared/data/tbaq_dev.jsonl)")
    ap.add_argument("--wikiwars", type=Path,
                    default=ROOT.parent / "shared/data/wikiwars_dev.jsonl",
                    help="WikiWars JSONL, tagged as narratives "
                         "(default ../shared/data/wikiwars_dev.jsonl)")
    ap.add_argument("--seeds", type=Path, default=ROOT / "data/seeds")
    ap.add_argument("--gold", type=Path, default=ROOT / "tests/gold")
    ap.add_argument("--doc-type", choices=["news", "narrative"], default="news",
                    help="mode for tbaq_dev and the seeds (wikiwars_dev is always narrative)")
    ap.add_argument("--errors", type=int, default=0, metavar="N",
                    help="print the N most frequent error kinds per corpus")
    args = ap.parse_args(argv)

    corpora: dict[str, tuple[pl.DataFrame, pl.DataFrame, str]] = {}
    for name, path, doc_type in (("tbaq_dev", args.tbaq, args.doc_type),
                                 ("wikiwars_dev", args.wikiwars, "narrative")):
        if path.exists():
            corpora[name] = (*tempeval_frames(path, doc_type), "doc_id")
        else:
            print(f"note: {path} not found, {name} skipped", file=sys.stderr)
    corpora["seeds"] = (*seed_frames(args.seeds, args.gold, args.doc_type), "file")

    rows = []
    for name, (pred, gold, key) in corpora.items():
        scores = score_timexes(pred, gold, key=key)
        rows.append({"corpus": name, **{m: scores[m] for m in METRICS}})
    table = pl.DataFrame(rows).with_columns(
        pl.col(pl.Float64).round(3).cast(pl.String), pl.col(pl.Int64).cast(pl.String)
    )
    print(f"TempEval-3 timex scores of tag_dates (doc_type={args.doc_type}; "
          "wikiwars_dev: narrative)")
    with pl.Config(tbl_rows=-1, tbl_cols=-1, tbl_width_chars=200, tbl_hide_dataframe_shape=True,
                   tbl_hide_column_data_types=True):
        print(table.transpose(include_header=True, header_name="metric",
                              column_names="corpus"))
        for name, (pred, gold, key) in corpora.items():
            if args.errors > 0:
                print(f"\n{args.errors} most frequent errors, {name}")
                print(frequent_errors(pred, gold, key, args.errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
