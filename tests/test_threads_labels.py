"""Thread labels are never made only of generic words: the resource's examples, and every
automatic label on the dev articles (../shared/data/tls_dev.jsonl)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from threadline.resources import load_yaml
from threadline.threads.auto import is_generic

GENERIC = load_yaml("en/threads/generic.yaml")
TLS = Path(__file__).resolve().parents[2] / "shared" / "data" / "tls_dev.jsonl"


@pytest.mark.parametrize("label", GENERIC["examples"])
def test_generic_labels_are_caught(label: str) -> None:
    assert is_generic(label)


@pytest.mark.parametrize("label", GENERIC["counter_examples"])
def test_telling_labels_pass(label: str) -> None:
    assert not is_generic(label)


def test_generic_words_are_lower_case_words() -> None:
    words = GENERIC["words"]
    assert all(isinstance(w, str) and w == w.lower() and " " not in w for w in words)


@pytest.fixture(scope="module")
def tls_threads() -> pl.DataFrame:
    """The dev articles through the pipeline, threaded without a spec."""
    if not TLS.is_file():
        pytest.skip(f"Timeline17 dev articles not found at {TLS} (read by path, not shipped)")
    from threadline import assign_threads, extract_events, tag_dates
    from threadline.documents import from_table

    rows = pl.read_ndjson(TLS, infer_schema_length=None).filter(pl.col("kind") == "article")
    docs = from_table(rows.select("doc_id", "text", "published"), str(TLS))
    return assign_threads(extract_events(docs, tag_dates(docs)))


@pytest.mark.slow
@pytest.mark.parametrize(("fewest", "most", "largest", "rest"), [(5, 40, 0.35, 0.35)])
def test_dev_articles_get_a_handful_of_telling_threads(
    tls_threads: pl.DataFrame, fewest: int, most: int, largest: float, rest: float
) -> None:
    labels = tls_threads["thread_label"].drop_nulls().unique().to_list()
    share = tls_threads["thread_label"].value_counts().filter(
        pl.col("thread_label").is_not_null())["count"].max() / tls_threads.height
    unthreaded = tls_threads["thread_id"].null_count() / tls_threads.height
    print(f"\n{len(labels)} threads, largest {share:.2f}, unthreaded {unthreaded:.2f}: "
          f"{sorted(labels)}")
    assert fewest <= len(labels) <= most
    assert share <= largest and unthreaded <= rest
    assert not [lab for lab in labels if is_generic(lab)]
