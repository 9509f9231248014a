"""Every example and counter-example of the date tagger's rule files, one parametrised case each.

Pattern rules: the [bracketed] expression of an example is tagged by that rule, with the
expected value (and mod); a counter-example is never tagged by that rule. Block rules: nothing
inside a [bracketed] part of an example is tagged; a counter-example is not matched by the block.
"""

from __future__ import annotations

import re

import polars as pl
import pytest
from threadline.timex import tag_dates
from threadline.timex.rules import load

RES = load("en")
_UNSET = object()


def _doc(text: str, dct: str | None) -> pl.DataFrame:
    return pl.DataFrame({"doc_id": ["ex#1"], "source": ["ex"], "start": [0], "text": [text],
                         "dct": [dct], "status": ["ok"]},
                        schema={"doc_id": pl.String, "source": pl.String, "start": pl.Int64,
                                "text": pl.String, "dct": pl.String, "status": pl.String})


def _unbracket(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """Text without [ ] marks, and the spans the marks enclosed."""
    text, spans, pos = "", [], 0
    for m in re.finditer(r"\[([^\[\]]+)\]", marked):
        text += marked[pos : m.start()]
        spans.append((len(text), len(text) + len(m.group(1))))
        text += m.group(1)
        pos = m.end()
    return text + marked[pos:], spans


PATTERN_EXAMPLES = [pytest.param(r.id, ex, id=f"{r.id}:{ex['text']}")
                    for r in RES.rules for ex in r.examples]
PATTERN_COUNTERS = [pytest.param(r.id, text, id=f"{r.id}:{text}")
                    for r in RES.rules for text in r.counter_examples]
BLOCK_EXAMPLES = [pytest.param(b.id, ex["text"], id=f"{b.id}:{ex['text']}")
                  for b in RES.blocks for ex in b.examples]
BLOCK_COUNTERS = [pytest.param(b.id, b.pattern, text, id=f"{b.id}:{text}")
                  for b in RES.blocks for text in b.counter_examples]


@pytest.mark.parametrize(("rule_id", "example"), PATTERN_EXAMPLES)
def test_pattern_example_is_tagged_with_its_value(rule_id: str, example: dict) -> None:
    text, spans = _unbracket(example["text"])
    assert len(spans) == 1, "a pattern example marks exactly one expression"
    dct = example.get("dct", _UNSET)
    mentions = tag_dates(_doc(text, RES.example_dct if dct is _UNSET else dct))
    hit = mentions.filter((pl.col("start") == spans[0][0]) & (pl.col("end") == spans[0][1]))
    assert hit.height == 1, f"{text!r}: got {mentions.select('text', 'rule_id').rows()}"
    row = hit.row(0, named=True)
    assert row["rule_id"] == rule_id
    assert row["value"] == example["value"]
    assert row["mod"] == example.get("mod")


@pytest.mark.parametrize(("rule_id", "text"), PATTERN_COUNTERS)
def test_pattern_counter_example_is_not_tagged_by_the_rule(rule_id: str, text: str) -> None:
    mentions = tag_dates(_doc(text, RES.example_dct))
    assert rule_id not in mentions["rule_id"].to_list()


@pytest.mark.parametrize(("block_id", "marked"), BLOCK_EXAMPLES)
def test_block_example_yields_no_timex(block_id: str, marked: str) -> None:
    text, spans = _unbracket(marked)
    assert spans and re.search(next(b.pattern for b in RES.blocks if b.id == block_id), text)
    mentions = tag_dates(_doc(text, RES.example_dct))
    for start, end in spans:
        overlapping = mentions.filter((pl.col("start") < end) & (pl.col("end") > start))
        assert overlapping.height == 0, f"{text[start:end]!r} tagged: {overlapping['text']}"


@pytest.mark.parametrize(("block_id", "pattern", "text"), BLOCK_COUNTERS)
def test_block_counter_example_is_not_blocked(block_id: str, pattern: str, text: str) -> None:
    assert re.search(pattern, text) is None, f"block {block_id} matches {text!r}"


def test_every_rule_has_named_groups_and_examples() -> None:
    for rule in (*RES.rules, *RES.blocks):
        assert re.compile(rule.pattern).groupindex, rule.id
        assert rule.examples and rule.counter_examples, rule.id
