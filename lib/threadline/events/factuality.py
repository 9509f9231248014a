"""Factuality of an event: does the text present it as happening, claimed, expected or denied?

A negation or a modal right before the trigger ("has not struck", "should be killed") governs
that trigger; irrealis cues anywhere in the sentence ("will", "plans to") make it expected.
"""

from __future__ import annotations

import functools
import re

import polars as pl

from threadline.events.dating import IRREALIS
from threadline.resources import load_yaml

_NEGATED = re.compile(r"\b(not|never|no longer|n't|neither|nor)\b[\w ]{0,20}$", re.IGNORECASE)
#: A modal of ability or obligation right before the trigger: "can be used", "must be found".
_MODAL = re.compile(r"\b(can|cannot|could|must|should|would|might|ought to)\s+(not\s+)?"
                    r"(be\s+|have\s+)?(\w+ly\s+)?$", re.IGNORECASE)
_CLAIMED = re.compile(r"\b(claim(s|ed|ing)?|alleg(e|es|ed|ing)|says? (it|they)|told)\b")
_REPORTED = re.compile(r"\b(reported|reportedly)\b")


@functools.cache
def _prevented() -> re.Pattern[str]:
    """Cues that the trigger's act was prevented ("forbade them from firing"),
    resources/en/events/factuality.yaml."""
    entries = load_yaml("en/events/factuality.yaml")["entries"]
    return re.compile("|".join(f"(?:{e['pattern']})" for e in entries), re.IGNORECASE)


def factual_expr() -> pl.Expr:
    """Events that the text presents as happening: not negated, and not hypothetical unless
    the text dates them ("expected to happen before the end of the year")."""
    expected = (pl.col("factuality") == "expected") & (pl.col("anchor") != "mention")
    return (pl.col("factuality") != "negated") & expected.not_()


def local_modality(sentence: str, pos: int) -> bool:
    """Whether a negation or a modal ("should be killed") governs this very trigger.

    >>> local_modality("Troops have not shelled the town.", 16)
    True
    """
    before = sentence[max(0, pos - 30) : pos]
    return bool(_NEGATED.search(before) or _MODAL.search(before))


def factuality(sentence: str, pos: int) -> str:
    """negated ("has not struck", "forbade them from firing"), expected (will, plans to, "can
    be found"), claimed (a party's claim: "says it", "told"), reported ("NBC reported") or
    asserted.

    >>> factuality("The army says it shelled the base.", 20)
    'claimed'
    """
    if _NEGATED.search(sentence[max(0, pos - 30) : pos]) or _prevented().search(
            sentence[max(0, pos - 80) : pos]):
        return "negated"
    if IRREALIS.search(sentence) or _MODAL.search(sentence[max(0, pos - 30) : pos]):
        return "expected"
    if _CLAIMED.search(sentence):
        return "claimed"
    return "reported" if _REPORTED.search(sentence) else "asserted"
