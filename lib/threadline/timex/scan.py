"""Find timex candidates over a whole corpus: sentences, a vectorised prefilter, one regex pass.

Sentences come from one compiled regex per document; polars' Aho-Corasick (`str.contains_any`)
keeps only the sentences that hold a digit or a trigger word. In those, a trigger scan (a year,
a clock time, a month, a unit word ...) marks where timexes can be; the rules that can begin
with a word's first letter (`first.py`) are tried at the starter words shortly before each
trigger, in priority order, and block rules veto candidates. No per-character Python.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

import polars as pl

from threadline.timex.rules import candidates, load

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


def _first_match(text: str, at: int) -> tuple[str, re.Match] | None:
    """(rule id, match) of the first rule, in priority order, that matches at text[at:]."""
    for rule_id, regex in candidates(text, at):
        m = regex.match(text, at)
        if m is not None:
            return rule_id, m
    return None


def _starts(sentence: str, lo: int, p: int, starters: list[int] | None) -> Iterator[int]:
    """The starter word starts in [lo, p] (`starters`: all of them in the sentence; None: find
    them with the starter regex)."""
    if starters is None:
        for w in load().starter_regex.finditer(sentence, lo, p + 16):
            if w.start() > p:
                return
            yield w.start()
        return
    for k in range(bisect.bisect_left(starters, lo), len(starters)):
        if starters[k] > p:
            return
        yield starters[k]


def _covering(sentence: str, lo: int, p: int, memo: dict,
              starters: list[int] | None) -> tuple[str, re.Match] | None:
    """The first pattern match starting at a starter word in [lo, p] that covers position p
    (`memo`: position -> (rule id, match), shared by the triggers of one text)."""
    for at in _starts(sentence, lo, p, starters):
        if at not in memo:
            memo[at] = _first_match(sentence, at)
        hit = memo[at]
        if hit is not None and hit[1].end() > p:
            return hit
    return None


def _blocked(text: str, start: int, end: int) -> bool:
    """Whether a block rule match that begins at a word start up to BLOCK_REACH characters
    before text[start:end] (or inside it) overlaps it."""
    for w in _WORD_START.finditer(text, max(0, start - BLOCK_REACH), end):
        at = w.start()
        for _id, regex in candidates(text, at, block=True):
            m = regex.match(text, at)
            if m is not None:
                if m.end() > start:
                    return True
                break
    return False


def _word_starts(words: list[str]) -> pl.Expr:
    """Per ASCII sentence `s`, the word starts where one of `words` (or a digit) begins,
    case-insensitively, in order: polars' Aho-Corasick looks for " word" in the sentence with
    every character but a letter or digit blanked (same offsets) and a blank put before."""
    blanked = pl.lit(" ") + pl.col("s").str.replace_all("[^A-Za-z0-9]", " ")
    keys = sorted({f" {w}" for w in words} | {f" {d}" for d in "0123456789"})
    return blanked.str.find_many(keys, ascii_case_insensitive=True)


def word_hits(sentences: pl.Series) -> list[tuple[list[int], list[int]] | None]:
    """Per sentence, (where a trigger word or a digit begins, where a starter word or a digit
    begins): word starts, sorted; the first a superset of the trigger regex's matches, the
    second exactly the starter regex's. None for a non-ASCII sentence (byte offsets are not
    code points there, and `re` folds more than ASCII case): `find` searches it with regexes.

    >>> word_hits(pl.Series(["On 2 May 2015, today", "No date", "À 2 mai"]))
    [([3, 5, 9, 15], [3, 5, 9, 15]), ([], [0]), None]
    """
    res = load()
    frame = pl.DataFrame({"s": sentences}).select(
        pl.col("s").str.len_bytes() == pl.col("s").str.len_chars(),
        _word_starts([w.lower() for w in res.triggers]).alias("t"),
        _word_starts(list(res.starter_words)).alias("w"))
    return [(t, w) if ascii else None for ascii, t, w in frame.iter_rows()]


def _triggers(sentence: str, hits: list[int] | None) -> Iterator[int]:
    """The start of each trigger regex match, as `finditer` finds them; `hits`: a superset of
    the positions where one can match (None: search the whole sentence)."""
    regex = load().trigger_regex
    if hits is None:
        yield from (t.start() for t in regex.finditer(sentence))
        return
    end = 0
    for q in hits:
        if q >= end and (m := regex.match(sentence, q)) is not None:
            end = m.end()
            yield q


def find(sentence: str, hits: tuple[list[int], list[int]] | None = None
         ) -> list[tuple[int, int, str, tuple[tuple[str, str], ...]]]:
    """(start, end, rule_id, groups) of every unblocked candidate in one sentence: patterns
    are tried only at word starts up to `LOOKBACK` characters before a trigger (`hits`: where
    triggers and starter words begin, from `word_hits`; None: search for them).

    >>> [(s, e, r) for s, e, r, _ in find("The Su-24 was hit on 24 November 2015.")]
    [(21, 37, 'day_month_year')]
    """
    out, pos, memo = [], 0, {}
    triggers, starters = hits if hits is not None else (None, None)
    for p in _triggers(sentence, triggers):
        if p < pos:
            continue
        hit = _covering(sentence, max(pos, p - LOOKBACK), p, memo, starters)
        if hit is None:
            continue
        rule_id, m = hit
        start, end = m.span()
        pos = end
        if _blocked(sentence, start, end):
            continue
        groups = tuple(sorted((k, v) for k, v in m.groupdict().items() if v is not None))
        out.append((start, end, rule_id, groups))
    return out
