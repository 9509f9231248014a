"""Shared fixtures: the bundled sample corpus and its hand-made gold (copied from shared/gold)."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "seeds"
GOLD = Path(__file__).resolve().parent / "gold"
#: TimeBank+AQUAINT is read by path only (its text is licensed elsewhere; never copied here).
TBAQ = ROOT.parent / "shared" / "data" / "tbaq_dev.jsonl"


def load_jsonl(path: Path) -> list[dict]:
    """Rows of a JSONL file."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def gold_documents() -> list[dict]:
    return load_jsonl(GOLD / "documents.jsonl")


@pytest.fixture(scope="session")
def gold_timexes() -> list[dict]:
    return load_jsonl(GOLD / "timexes.jsonl")


@pytest.fixture(scope="session")
def gold_false_friends() -> list[dict]:
    return load_jsonl(GOLD / "false_friends.jsonl")


@pytest.fixture(scope="session")
def gold_events() -> list[dict]:
    return load_jsonl(GOLD / "events.jsonl")


@pytest.fixture(scope="session")
def seed_documents() -> pl.DataFrame:
    """DOCUMENTS of the sample corpus, read once per test session."""
    from threadline import read_corpus

    return read_corpus(SEEDS)
