"""Every boilerplate and DCT rule runs its own examples and counter-examples (rules are data)."""

from __future__ import annotations

import polars as pl
import pytest
from threadline.documents.clean import boilerplate_rules, classify_lines
from threadline.documents.dct import _parts, dct_config, rule_value
from threadline.resources import load_yaml

BOILER = boilerplate_rules("en").rules
DCT = load_yaml("en/documents/dct.yaml")
DCT_RULES = {r.id: r for r in dct_config("en").rules}


def _cases(rules: list[dict], key: str) -> list[tuple[str, object]]:
    return [(r["id"], ex) for r in rules for ex in r[key]]


@pytest.mark.parametrize(("rule_id", "line"), _cases(BOILER, "examples"))
def test_boilerplate_example_matches(rule_id: str, line: str) -> None:
    rule = next(r for r in BOILER if r["id"] == rule_id)
    assert pl.Series([line.strip()]).str.contains(rule["pattern"])[0], (rule_id, line)
    assert classify_lines(line)["rule_id"][0] is not None  # boilerplate by some rule


@pytest.mark.parametrize(("rule_id", "line"), _cases(BOILER, "counter_examples"))
def test_boilerplate_counter_example_is_text(rule_id: str, line: str) -> None:
    rule = next(r for r in BOILER if r["id"] == rule_id)
    assert not pl.Series([line.strip()]).str.contains(rule["pattern"])[0], (rule_id, line)
    assert classify_lines(line)["rule_id"][0] is None  # no other rule eats it either


@pytest.mark.parametrize(("rule_id", "example"), _cases(DCT["rules"], "examples"))
def test_dct_rule_example_gives_value(rule_id: str, example: dict) -> None:
    rule = DCT_RULES[rule_id]
    match = rule.regex.search(example["text"])
    assert match is not None, (rule_id, example["text"])
    assert rule_value(match, rule.precision, dct_config("en")) == example["value"]


@pytest.mark.parametrize(("rule_id", "text"), _cases(DCT["rules"], "counter_examples"))
def test_dct_rule_counter_example_gives_nothing(rule_id: str, text: str) -> None:
    rule = DCT_RULES[rule_id]
    values = [rule_value(m, rule.precision, dct_config("en")) for m in rule.regex.finditer(text)]
    assert not any(values), (rule_id, text, values)


@pytest.mark.parametrize("example", DCT["update"]["header_examples"])
def test_update_header_example(example: dict) -> None:
    match = dct_config("en").update_header.search(example["text"])
    assert match is not None
    year, month, day = _parts(match, dct_config("en"))
    assert f"{year or 'XXXX'}-{month:02d}-{day:02d}" == example["value"]


@pytest.mark.parametrize("text", DCT["update"]["header_counter_examples"])
def test_update_header_counter_example(text: str) -> None:
    assert dct_config("en").update_header.search(text) is None
