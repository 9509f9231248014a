"""Find timex candidates over a whole corpus: sentences, a vectorised prefilter, one regex pass.

Sentences come from one compiled regex per document; polars' Aho-Corasick (`str.contains_any`)
keeps only the sentences that hold a digit or a trigger word. In those, a trigger scan (a year,
a clock time, a month, a unit word ...) marks where timexes can be; the rules that can begin
with a word's first letter (`first.py`) are tried at the starter words shortly before each
trigger, in priority order, and block rules veto candidates. No per-character Python.
"""

from __future__ import annotations

import re

import polars as pl

from threadline.timex.rules import block_dispatch, dispatch, load, rule_groups

#: How far before its trigger word a timex may start ("the end of the 1990s").
LOOKBACK = 32
#: How far around a candidate a block match may begin or end ("Resolution 1701").
BLOCK_REACH = 24
_WORD_START = re.compile(r"(?<![\w$£€])[\w$£€]")
_BREAK = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])|\n\s*\n|\n(?=\s*[A-Z0-9\"“(\[])")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of the sentences of `text`: split at . ! ? before a capital and at line
    breaks, never after an abbreviation such as "Aug." or "U.S.".

    >>> sentences("On 18 April, Israel struck. A week later, on 27 April, it struck again.")
    [(0, 27), (28, 71)]
    """
    spans, start = [], 0
    abbreviation = load().abbreviation
    for m in _BREAK.finditer(text):
        head = text[max(start, m.start() - 12) : m.start() + 1]
        if text[m.start()] == "." and "\n" not in m.group() and abbreviation.search(head):
            continue
        end = m.start() + len(m.group().rstrip()) if m.group()[0] != "\n" else m.start()
        end = start + len(text[start:end].rstrip())
        if text[start:end].strip():
            spans.append(_trim(text, start, end))
        start = m.end()
    if text[start:].strip():
        spans.append(_trim(text, start, len(text.rstrip())))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    return start, end


def sentence_frame(documents: pl.DataFrame) -> pl.DataFrame:
    """One row per sentence: (row, s_start, s_end, sentence) with offsets into `text`."""
    rows: dict[str, list] = {"row": [], "s_start": [], "s_end": [], "sentence": []}
    for i, text in enumerate(documents["text"].to_list()):
        for s, e in sentences(text or ""):
            rows["row"].append(i)
            rows["s_start"].append(s)
            rows["s_end"].append(e)
            rows["sentence"].append(text[s:e])
    return pl.DataFrame(rows, schema={"row": pl.Int64, "s_start": pl.Int64, "s_end": pl.Int64,
                                      "sentence": pl.String})


def candidate_sentences(sent: pl.DataFrame) -> pl.DataFrame:
    """The sentences that may hold a timex (vectorised Aho-Corasick prefilter)."""
    triggers = [*load().triggers, *"0123456789"]
    return sent.filter(pl.col("sentence").str.contains_any(triggers, ascii_case_insensitive=True))


def _covering(sentence: str, lo: int, p: int, memo: dict) -> re.Match | None:
    """The first pattern match starting at a starter word in [lo, p] that covers position p
    (`memo`: position -> match, shared by the triggers of one text)."""
    res = load()
    for w in res.starter_regex.finditer(sentence, lo, p + 16):
        at = w.start()
        if at > p:
            break
        if at not in memo:
            memo[at] = dispatch(sentence[at].lower()).match(sentence, at)
        m = memo[at]
        if m is not None and m.end() > p:
            return m
    return None


def _blocked(text: str, start: int, end: int) -> bool:
    """Whether a block rule match that begins at a word start up to BLOCK_REACH characters
    before text[start:end] (or inside it) overlaps it."""
    for w in _WORD_START.finditer(text, max(0, start - BLOCK_REACH), end):
        m = block_dispatch(text[w.start()].lower()).match(text, w.start())
        if m is not None and m.end() > start:
            return True
    return False


def find(sentence: str) -> list[tuple[int, int, str, tuple[tuple[str, str], ...]]]:
    """(start, end, rule_id, groups) of every unblocked candidate in one sentence: patterns
    are tried only at word starts up to `LOOKBACK` characters before a trigger.

    >>> [(s, e, r) for s, e, r, _ in find("The Su-24 was hit on 24 November 2015.")]
    [(21, 37, 'day_month_year')]
    """
    res = load()
    out, pos, memo = [], 0, {}
    for t in res.trigger_regex.finditer(sentence):
        p = t.start()
        if p < pos:
            continue
        m = _covering(sentence, max(pos, p - LOOKBACK), p, memo)
        if m is None:
            continue
        start, end = m.span()
        pos = end
        if _blocked(sentence, start, end):
            continue
        rule_id = m.lastgroup
        out.append((start, end, rule_id, tuple(sorted(rule_groups(m, rule_id).items()))))
    return out
