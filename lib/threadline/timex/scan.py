"""Find timex candidates over a whole corpus: sentences, vectorised word hits, rule matching.

Sentences come from one compiled regex per document; polars' Aho-Corasick keeps only the
sentences that hold a digit or a trigger word and, over all of them at once, finds where the
trigger words and the starter words begin (`word_hits`; ASCII sentences, offsets = code
points). At each trigger only the rules whose match can begin with the opening characters of
a starter word shortly before it are tried (`rules.candidates`, from `prefix`), in priority
order, and block rules veto candidates. Non-ASCII sentences take the same steps with regexes.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator

import polars as pl

from threadline.sentences import sentences
from threadline.timex.parse import parse
from threadline.timex.rules import HEAD, candidates, head_memo, load

#: How far before its trigger word a timex may start ("the end of the 1990s").
LOOKBACK = 32
#: How far around a candidate a block match may begin or end ("Resolution 1701").
BLOCK_REACH = 24
_UNSEEN = object()
_DIGITS = frozenset("0123456789")
#: The ASCII characters that are not letters, digits or spaces (blanked before looking for
#: words; a space needs no replacing).
_BLANKED = [chr(c) for c in range(128) if not chr(c).isalnum() and chr(c) != " "]
_BLANKS = [" "] * len(_BLANKED)
_WORD_START = re.compile(r"(?<![\w$£€])[\w$£€]")
#: Sentences per frame of `sentence_batches`.
BATCH = 16384
def sentence_frame(documents: pl.DataFrame) -> pl.DataFrame:
    """One row per sentence: (row, s_start, s_end, sentence) with offsets into `text`."""
    return next(sentence_batches(documents, None))


def sentence_batches(documents: pl.DataFrame, size: int | None = BATCH
                     ) -> Iterator[pl.DataFrame]:
    """`sentence_frame` in frames of at most `size` sentences (None: one frame), in text
    order (a document may go on in the next frame; one empty frame for no sentences): the
    Python lists behind a frame stay bounded whatever the corpus."""
    rows: dict[str, list] = {"row": [], "s_start": [], "s_end": [], "sentence": []}
    row, s_start, s_end, sentence = rows.values()
    full = False  # whether a full frame was given
    for i, text in enumerate(documents["text"].to_list()):
        for s, e in sentences(text or ""):
            row.append(i)
            s_start.append(s)
            s_end.append(e)
            sentence.append(text[s:e])
            if size is not None and len(row) >= size:
                yield _sentences_of(rows)
                full = True
                for column in rows.values():
                    column.clear()
    if row or not full:
        yield _sentences_of(rows)


def _sentences_of(rows: dict[str, list]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={"row": pl.Int64, "s_start": pl.Int64, "s_end": pl.Int64,
                                      "sentence": pl.String})


def candidate_sentences(sent: pl.DataFrame) -> pl.DataFrame:
    """The sentences that may hold a timex (vectorised Aho-Corasick prefilter)."""
    return sent.filter(_may_hold_timex())


@functools.cache
def _may_hold_timex() -> pl.Expr:
    """A sentence holds a digit or a trigger word (vectorised Aho-Corasick); built once, as
    building a polars expression costs more than running it on a small call."""
    triggers = [*load().triggers, *"0123456789"]
    return pl.col("sentence").str.contains_any(triggers, ascii_case_insensitive=True)


def _first_match(text: str, at: int, memo: dict | None = None, k: int = 0,
                 ranges: frozenset[str] | None = None) -> tuple[str, re.Match] | None:
    """(rule id, match) of the first rule, in priority order, that matches at text[at:]
    (`memo`, `k`: `head_memo()`, looked up here). A range rule (of `ranges`) matches only
    where its two ends make a range that runs forward ("December 15 and January 12")."""
    found = memo.get(text[at : at + k]) if memo is not None else None
    if ranges is None:
        ranges = load().ranges
    for rule_id, regex in found if found is not None else candidates(text, at):
        m = regex.match(text, at)
        if m is not None and (rule_id not in ranges or _is_range(rule_id, m)):
            return rule_id, m
    return None


def _is_range(rule_id: str, m: re.Match) -> bool:
    """Whether the ends of a range rule's match make a range (`parse` of its first end)."""
    groups = tuple(sorted((k, v) for k, v in m.groupdict().items()
                          if v is not None and k not in ("first", "second")))
    return parse(rule_id, (*groups, ("part", "1"))) is not None


def _starter_positions(sentence: str, lo: int, p: int) -> list[int]:
    """The starts of the starter regex's matches in [lo, p] (the first pattern match starting
    at one of them that covers p is the candidate)."""
    out = []
    for w in load().starter_regex.finditer(sentence, lo, p + 16):
        if w.start() > p:
            break
        out.append(w.start())
    return out


def _blocked(text: str, start: int, end: int, absent: int = 0) -> bool:
    """Whether a block rule match that begins at a word start up to BLOCK_REACH characters
    before text[start:end] (or inside it) overlaps it (`absent`: the `need_bits` of the block
    rules whose `needs` the text lacks, which cannot match)."""
    if absent == _all_absent():
        return False
    memo, k = MASKED.setdefault(absent, {}), HEAD[True]
    for w in _WORD_START.finditer(text, max(0, start - BLOCK_REACH), end):
        at = w.start()
        regex = memo.get(text[at : at + k], _UNSEEN)
        if regex is _UNSEEN:
            bits = need_bits()
            regex = memo[text[at : at + k]] = _first_of(tuple(
                c for c in candidates(text, at, block=True) if not bits.get(c[0], 0) & absent))
        if regex is not None and (m := regex.match(text, at)) is not None and m.end() > start:
            return True
    return False


#: A named group's opening (names are dropped when rules are joined; none refers to one).
_GROUP_NAME = re.compile(r"(?<!\\)\(\?P<\w+>")


def _first_of(rules: tuple[tuple[str, re.Pattern], ...]) -> re.Pattern | None:
    """One regex whose match at a position is that of the first of `rules` that matches there
    (an alternation is tried in order; group names dropped, as rules share them): one `match`
    call per word start instead of one per rule. None for no rules."""
    if len(rules) <= 1:
        return rules[0][1] if rules else None
    return _joined(tuple(r.pattern for _id, r in rules))


@functools.lru_cache(maxsize=4096)
def _joined(patterns: tuple[str, ...]) -> re.Pattern:
    """`_first_of`, memoised by the patterns' text (whose hashes the strings keep): a compiled
    pattern hashes its whole compiled code on every lookup, microseconds for a rule."""
    return re.compile("|".join(f"(?:{_GROUP_NAME.sub('(?:', p)})" for p in patterns))


#: `absent` mask -> text opening -> the block rules that can begin there (`candidates`)
#: less those whose `needs` the sentence lacks, as one regex (`_first_of`; None: no rule)
#: (bounded by the vocabulary and 2**len(masks)).
MASKED: dict[int, dict[str, re.Pattern | None]] = {}


@functools.cache
def need_bits() -> dict[str, int]:
    """Block rule id -> its bit in a sentence's `absent` mask, for the rules with `needs`."""
    with_needs = [b.id for b in load().blocks if b.needs]
    return {rule_id: 1 << i for i, rule_id in enumerate(with_needs)}


@functools.cache
def _all_absent() -> int:
    """The `absent` mask of a sentence that lacks the `needs` of every block rule, where no
    block can match (-1, never a mask, when some block rule has no `needs`)."""
    bits = need_bits()
    return sum(bits.values()) if len(bits) == len(load().blocks) else -1


def _absent() -> pl.Expr:
    """Per sentence, the `need_bits` of the block rules whose `needs` it lacks (vectorised;
    Int64, as `_all_absent` may exceed 32 bits)."""
    needs = {b.id: b.needs for b in load().blocks if b.needs}
    bits = [pl.when(pl.col("s").str.contains(needs[i])).then(0).otherwise(pl.lit(bit, pl.Int64))
            for i, bit in need_bits().items()]
    return pl.sum_horizontal(bits) if bits else pl.lit(0, pl.Int64)


def _word_starts(blanked: pl.Expr, words: list[str]) -> pl.Expr:
    """Per ASCII sentence, the word starts where one of `words` (or a digit) begins,
    case-insensitively, in order: polars' Aho-Corasick looks for " word" in the `blanked`
    sentence (every character but a letter or digit made a space, same offsets, and a space
    put before)."""
    keys = sorted({f" {w}" for w in words} | {f" {d}" for d in "0123456789"})
    return blanked.str.find_many(keys, ascii_case_insensitive=True)


def word_hits(sentences: pl.Series) -> list[tuple[list[int], list[int], int] | None]:
    """Per sentence, (where a trigger word or a digit begins, where a starter word or a digit
    begins, the `need_bits` of the block rules it cannot hold): word starts, sorted; the first
    a superset of the trigger regex's matches, the second exactly the starter regex's. None for
    a non-ASCII sentence (byte offsets are not code points there, and `re` folds more than
    ASCII case): `find` searches it with regexes.

    >>> word_hits(pl.Series(["On 2 May 2015, today", "The F-16 is 30 years old", "À 2 mai"]))
    [([3, 5, 9, 15], [3, 5, 9, 15], 262127), ([6, 12, 15], [0, 6, 12, 15], 491006), None]
    """
    frame = pl.DataFrame({"s": sentences}).lazy().with_columns(**_hit_columns()).collect()
    return _hits(frame)


@functools.cache
def _hit_columns() -> dict[str, pl.Expr]:
    """The columns `_hits` reads, from a sentence column `s`: the `absent` mask straight from
    one `needs` regex per block rule (one combined regex to pick out the sentences that hold
    some `needs` cost more than testing them all, as its alternation defeats the regex
    engine's literal search). Built once (read-only): building these expressions cost a
    few milliseconds per `tag_dates` call, more than running them on a small call."""
    res = load()
    blanked = pl.lit(" ") + pl.col("s").str.replace_many(_BLANKED, _BLANKS)
    return {"other": pl.col("s").str.contains(r"[^\x00-\x7F]"),
            "t": _word_starts(blanked, [w.lower() for w in res.triggers]),
            "w": _word_starts(blanked, list(res.starter_words)),
            "a": _absent()}


def _hits(frame: pl.DataFrame) -> list[tuple[list[int], list[int], int] | None]:
    return [None if other else (t, w, a) for other, t, w, a in zip(
        frame["other"].to_list(), frame["t"].to_list(), frame["w"].to_list(),
        frame["a"].to_list(), strict=True)]


def candidate_hits(sent: pl.DataFrame) -> list[tuple[int, int, int, str, tuple | None]]:
    """(row, s_start, s_end, sentence, word hits) of the sentences of `sent` (a
    `sentence_frame`) that may hold a timex: `candidate_sentences` and `word_hits` in one
    polars query.

    >>> sent = sentence_frame(pl.DataFrame({"text": ["No date here. Since 2015, yes."]}))
    >>> candidate_hits(sent)
    [(0, 14, 30, 'Since 2015, yes.', ([6], [6], 524287))]
    """
    frame = (
        sent.lazy().filter(_may_hold_timex())
        .select("row", "s_start", "s_end", pl.col("sentence").alias("s"))
        .with_columns(**_hit_columns()).collect()
    )
    return list(zip(frame["row"].to_list(), frame["s_start"].to_list(),
                    frame["s_end"].to_list(), frame["s"].to_list(), _hits(frame), strict=True))


def _triggers(sentence: str, hits: list[int] | None) -> Iterator[int]:
    """The start of each trigger regex match, as `finditer` finds them; `hits`: a superset of
    the positions where one can match in an ASCII sentence (None: search the whole sentence).
    At a trigger word the regex matches within the word; only a digit needs the regex."""
    regex = load().trigger_regex
    if hits is None:
        yield from (t.start() for t in regex.finditer(sentence))
        return
    end = 0
    for q in hits:
        if q < end:
            continue
        if sentence[q] not in _DIGITS:
            yield q
        elif (m := regex.match(sentence, q)) is not None:
            end = m.end()
            yield q


def find(sentence: str, hits: tuple[list[int], list[int], int] | None = None
         ) -> list[tuple[int, int, str, tuple[tuple[str, str], ...]]]:
    """(start, end, rule_id, groups) of every unblocked candidate in one sentence: patterns
    are tried only at word starts up to `LOOKBACK` characters before a trigger (`hits`: where
    triggers and starter words begin and the block rules it cannot hold, from `word_hits`;
    None: search for them and try every block rule).

    >>> [(s, e, r) for s, e, r, _ in find("The Su-24 was hit on 24 November 2015.")]
    [(21, 37, 'day_month_year')]
    """
    out, pos, memo = [], 0, {}
    triggers, starters, absent = hits if hits is not None else (None, None, 0)
    heads, k = head_memo()
    ranges = load().ranges
    for p in _triggers(sentence, triggers):
        if p < pos:
            continue
        lo = max(pos, p - LOOKBACK)
        if starters is None:
            positions = _starter_positions(sentence, lo, p)
        else:
            positions = starters[bisect.bisect_left(starters, lo) : bisect.bisect_right(
                starters, p)]
        hit = None
        for at in positions:
            found = memo.get(at, _UNSEEN)
            if found is _UNSEEN:
                found = memo[at] = _first_match(sentence, at, heads, k, ranges)
            if found is not None and found[1].end() > p:
                hit = found
                break
        if hit is None:
            continue
        rule_id, m = hit
        start, end = m.span()
        pos = end
        if _blocked(sentence, start, end, absent):
            continue
        if rule_id in ranges:  # two TIMEX3s, one per end of the range
            groups = tuple(sorted((k, v) for k, v in m.groupdict().items()
                                  if v is not None and k not in ("first", "second")))
            out.append((*m.span("first"), rule_id, (*groups, ("part", "1"))))
            out.append((*m.span("second"), rule_id, (*groups, ("part", "2"))))
        else:
            out.append((start, end, rule_id, _groups(m)))
    return out


def _groups(m: re.Match) -> tuple[tuple[str, str], ...]:
    """The (name, text) of the groups of the match `m` that took part, sorted,
    as one shared tuple per distinct value ("2017", "Monday" come back over and over), so a
    repeat holds no memory of its own."""
    groups = tuple(sorted((k, v) for k, v in m.groupdict().items() if v is not None))
    return GROUPS.setdefault(groups, groups)


#: groups -> the shared tuple of equal groups (`_groups`; emptied with the dispatch memos).
GROUPS: dict[tuple, tuple] = {}
