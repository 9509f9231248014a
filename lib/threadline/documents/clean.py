"""Lines of a page and what each one is: boilerplate (by the rules in ``boilerplate.yaml``),
prose, headline, page furniture. Vectorised over a polars frame of lines."""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass

import polars as pl

from threadline.resources import ResourceError, load_yaml, require_keys

ROLES = ("chrome", "footer")


@dataclass(frozen=True)
class BoilerplateRules:
    """The compiled content of ``<language>/boilerplate.yaml``."""

    rules: tuple[dict, ...]
    layout: dict


@functools.cache
def boilerplate_rules(language: str = "en") -> BoilerplateRules:
    """Load and validate the boilerplate rules of `language` (cached)."""
    relpath = f"{language}/documents/boilerplate.yaml"
    data = load_yaml(relpath)
    rules = data.get("rules") if isinstance(data, dict) else None
    if not isinstance(rules, list) or not rules:
        raise ResourceError(f"{relpath}: expected a non-empty list under 'rules'")
    for i, rule in enumerate(rules):
        where = f"{relpath}: rule {i} ({rule.get('id', '?') if isinstance(rule, dict) else '?'})"
        require_keys(rule, ("id", "role", "pattern", "examples", "counter_examples"), where=where)
        if rule["role"] not in ROLES:
            raise ResourceError(f"{where}: role must be one of {ROLES}, got {rule['role']!r}")
    layout = data.get("layout")
    require_keys(
        layout,
        (
            "prose_min_words",
            "sentence_end",
            "headline_max_words",
            "furniture_max_words",
            "name_line",
            "teaser_end",
            "teaser_min_words",
            "dateline",
        ),
        where=f"{relpath}: layout",
    )
    return BoilerplateRules(rules=tuple(rules), layout=layout)


def _frame(texts: list[str]) -> pl.DataFrame:
    """Lines of several texts: doc (index into `texts`), span in its text, line, stripped."""
    # split in polars: a text of a million short lines makes no Python string per line
    lines = (
        pl.DataFrame({"doc": range(len(texts)), "line": texts},
                     schema={"doc": pl.Int64, "line": pl.String})
        .with_columns(pl.col("line").str.split("\n"))
        .explode("line")
    )
    step = pl.col("line").str.len_chars().cast(pl.Int64) + 1
    return lines.select(
        "doc",
        (step.cum_sum().over("doc") - step).alias("start"),
        (step.cum_sum().over("doc") - 1).alias("end"),
        "line",
        pl.col("line").str.strip_chars().alias("stripped"),
    )


def line_frame(text: str) -> pl.DataFrame:
    """One row per line of `text`: its span (code points, newline excluded) and stripped text.

    >>> line_frame("Title\\n\\nBody.").select("start", "end", "stripped").rows()
    [(0, 5, 'Title'), (6, 6, ''), (7, 12, 'Body.')]
    """
    return _frame([text]).drop("doc")


@functools.cache
def _stages(language: str) -> tuple[list[pl.Expr], list[pl.Expr]]:
    """The classification expressions of `language`, built once."""
    cfg = boilerplate_rules(language)
    lay = cfg.layout
    s = pl.col("stripped")
    rule_id = pl.lit(None, dtype=pl.String)
    role = pl.lit(None, dtype=pl.String)
    for rule in reversed(cfg.rules):  # the first rule in the file wins
        hit = s.str.contains(rule["pattern"])
        rule_id = pl.when(hit).then(pl.lit(rule["id"])).otherwise(rule_id)
        role = pl.when(hit).then(pl.lit(rule["role"])).otherwise(role)
    first = [
        rule_id.alias("rule_id"),
        role.alias("role"),
        s.str.count_matches(r"\S+").alias("words"),
        s.str.contains(lay["sentence_end"]).alias("sentence"),
    ]
    words, sentence = pl.col("words"), pl.col("sentence")
    empty = words == 0
    plain = pl.col("rule_id").is_null() & ~empty
    prose = plain & (
        ((words >= lay["prose_min_words"]) & sentence) | (words > lay["headline_max_words"])
    )
    dateline = s.str.contains(lay["dateline"])
    second = [
        empty.alias("empty"),
        prose.alias("prose"),
        (plain & ~prose & (words <= lay["headline_max_words"]) & ~dateline).alias("headline"),
        (plain & dateline).alias("dateline"),
        (plain & ~sentence & (words <= lay["furniture_max_words"])).alias("furniture"),
        (plain & s.str.contains(lay["name_line"])).alias("name_line"),
        (plain & s.str.contains(lay["teaser_end"]) & (words >= lay["teaser_min_words"])).alias(
            "teaser"
        ),
    ]
    return first, second


def classify_many(texts: list[str], language: str = "en") -> list[pl.DataFrame]:
    """`classify_lines` of many texts in one vectorised pass (one frame per text)."""
    first, second = _stages(language)
    df = _frame(texts).with_columns(first).with_columns(second)
    counts = [t.count("\n") + 1 for t in texts]
    offsets = [0]
    for n in counts[:-1]:
        offsets.append(offsets[-1] + n)
    return [df.slice(o, n).drop("doc") for o, n in zip(offsets, counts, strict=True)]


def classify_lines(text: str, language: str = "en") -> pl.DataFrame:
    """`line_frame` plus rule_id/role of the first boilerplate rule that matches and layout flags.

    >>> df = classify_lines("Join our AMN Telegram channel!\\n\\nRebels took the town on Monday.")
    >>> df.select("rule_id", "role").row(0)
    ('messenger_invite', 'chrome')
    """
    return classify_many([text], language)[0]


def blank_lines(
    text: str, spans: list[tuple[int, int]], starts: list[int], lo: int, hi: int
) -> str:
    """``text[lo:hi]`` with the (start, end) line spans inside it replaced by spaces; `starts`
    are the sorted span starts. The length never changes: index i is ``lo + i`` in `text`.

    >>> blank_lines("a\\nJoin us\\nb", [(2, 9)], [2], 0, 11)
    'a\\n       \\nb'
    """
    parts, pos = [], lo
    for s, e in spans[bisect.bisect_left(starts, lo) : bisect.bisect_left(starts, hi)]:
        e = min(e, hi)
        if s < e:
            parts += [text[pos:s], " " * (e - s)]
            pos = e
    parts.append(text[pos:hi])
    return "".join(parts)
