"""Block rules' `needs` (blocks.yaml), a speed-only prefilter, must be sound: wherever a block
pattern matches, its `needs` is found, and polars (which computes the per-sentence mask) agrees
with `re` on it, on real text (seed articles, TimeBank+AQUAINT dev) and the rule's examples."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import polars as pl
import pytest
from conftest import SEEDS
from threadline import read_corpus
from threadline.scoring import load_tempeval_jsonl
from threadline.timex import rules, scan

NEEDY = [b for b in rules.load().blocks if b.needs]


@functools.cache
def _sentences(tbaq_path: Path) -> tuple[str, ...]:
    """Every sentence of the seed articles and of all TBAQ dev documents."""
    seeds = read_corpus(SEEDS).filter(pl.col("status") == "ok")["text"].to_list()
    news, _ = load_tempeval_jsonl(tbaq_path)
    frame = scan.sentence_frame(pl.DataFrame({"text": seeds + news["text"].to_list()}))
    return tuple(frame["sentence"].to_list())


def _texts(block: rules.Block, tbaq_path: Path) -> list[str]:
    examples = [re.sub(r"[\[\]]", "", e["text"]) for e in block.examples]
    return [*examples, *block.counter_examples, *_sentences(tbaq_path)]


@pytest.mark.parametrize("block", NEEDY, ids=[b.id for b in NEEDY])
def test_needs_is_found_wherever_the_block_matches(block: rules.Block, tbaq_path: Path) -> None:
    pattern, needs = re.compile(block.pattern), re.compile(block.needs or "")
    matched = [t for t in _texts(block, tbaq_path) if pattern.search(t)]
    missing = [t for t in matched if not needs.search(t)]
    assert not missing, missing[:3]
    assert matched  # at least the rule's own examples


@pytest.mark.parametrize("block", NEEDY, ids=[b.id for b in NEEDY])
def test_polars_and_re_agree_on_needs(block: rules.Block, tbaq_path: Path) -> None:
    texts = [t for t in _texts(block, tbaq_path) if t.isascii()]
    fast = pl.Series(texts, dtype=pl.String).str.contains(block.needs or "").to_list()
    slow = [re.search(block.needs or "", t) is not None for t in texts]
    assert fast == slow
    assert 0 < sum(slow) < len(texts)  # the prefilter skips some sentences, not all


def test_absent_mask_matches_the_needs(tbaq_path: Path) -> None:
    sentences = [s for s in _sentences(tbaq_path) if s.isascii()][:2000]
    bits = scan.need_bits()
    hits = scan.word_hits(pl.Series(sentences, dtype=pl.String))
    skipped = 0
    for sentence, (_t, _w, absent) in zip(sentences, hits, strict=True):
        for block in NEEDY:
            lacks = re.search(block.needs or "", sentence) is None
            assert bool(absent & bits[block.id]) is lacks, (block.id, sentence)
            skipped += lacks
    assert skipped > len(sentences)
