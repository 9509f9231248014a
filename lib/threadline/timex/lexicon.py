"""Lexicon look-ups for the parser: normal forms of words, counts and spelled-out years.

Every table lives in ``resources/<lang>/timex/lexicon.yaml``; nothing here knows a word.
"""

from __future__ import annotations

import re

from threadline.timex.rules import load


def norm_word(text: str) -> str:
    """Lower-cased, single-spaced, without a leading "the"."""
    return re.sub(r"\s+", " ", text.strip().lower()).removeprefix("the ")


def lookup(table: str, text: str | None, default=None):
    """The normal form of `text` in a lexicon table (`default` when absent).

    >>> lookup("months", "Sept."), lookup("mods", "the end of")
    (9, 'END')
    """
    if text is None:
        return default
    tables = load().tables[table]
    key = re.sub(r"\s+", " ", text.strip().lower())
    if key in tables:
        return tables[key]
    return tables.get(key.rstrip(".-"), tables.get(norm_word(key), default))


def number(text: str | None, fixed=None) -> float | None:
    """A count from digits or number words; None when vague ("a few")."""
    raw = fixed if text is None else text
    if raw is None:
        return 1
    if isinstance(raw, int | float):
        return raw
    raw = str(raw).strip().lower().replace(",", "")
    if raw == "x":
        return None
    half = re.fullmatch(r"(.+?)\s+(?:1/2|and\s+a\s+half)", raw)
    if half:
        whole = number(half.group(1))
        return None if whole is None else whole + 0.5
    if re.fullmatch(r"\d+(\.\d+)?", raw):
        return float(raw) if "." in raw else int(raw)
    if raw in ("other", "a couple of", "couple of"):
        return 2
    if raw in ("a", "an"):
        return 1
    parts = re.split(r"[- ]", raw)
    if len(parts) == 2 and parts[0] in ("twenty", "thirty", "forty", "fifty", "sixty",
                                        "seventy", "eighty", "ninety"):
        tens, ones = lookup("numbers", parts[0]), lookup("numbers", parts[1])
        if isinstance(tens, int) and isinstance(ones, int):
            return tens + ones
    value = lookup("numbers", raw)
    return None if value in (None, "X") else value


def fmt_count(n: float) -> str:
    """A count as written in a TIMEX3 value: 2 -> "2", 1.5 -> "1.5"."""
    return str(int(n)) if float(n).is_integer() else str(n)


def spelled_year(text: str) -> int | None:
    """'nineteen ninety-six' -> 1996, 'the year two thousand' -> 2000."""
    words = [w for w in re.split(r"[\s-]+", text.lower()) if w not in ("the", "year", "and")]
    if words[:2] == ["two", "thousand"]:
        rest = number(" ".join(words[2:])) if words[2:] else 0
        return None if rest is None else 2000 + int(rest)
    if words and words[0] == "nineteen":
        rest = words[1:]
        if rest == ["hundred"] or not rest:
            return 1900
        tens = number(rest[0])
        ones = number(rest[1]) if len(rest) > 1 else 0
        return None if tens is None or ones is None else 1900 + int(tens) + int(ones)
    return None
