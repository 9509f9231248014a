"""DOCUMENTS -> MENTIONS: find, parse and resolve temporal expressions (TIMEX3).

Phase 1 (`scan`, `parse`): candidates found over the whole corpus, each distinct candidate
parsed once into an underspecified value. Phase 2 (`resolve`): per document, in text order,
values completed from the publication date or the story's current reference time. A range
("1915-17") is two mentions that name each other; a history (a narrative whose own dates all
lie years before its DCT, a download date) is never anchored to its DCT.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import re
from collections.abc import Iterator

import polars as pl

from threadline.schema import DOCUMENTS, MENTIONS, check, conform
from threadline.timex.parse import Spec, parse
from threadline.timex.resolve import (
    STORY_YEARS,
    Anchor,
    Resolved,
    make_anchor,
    resolve,
)
from threadline.timex.rules import load
from threadline.timex.scan import candidate_hits, find, sentence_batches
from threadline.timex.table import PLACEHOLDER, SHARED, Columns, Values

__all__ = ["clear_caches", "tag_dates"]

DOC_TYPES = ("news", "narrative")
#: Between a clock time and its day: "5:34 AM Baghdad time on March 20", "09:00 local time on".
_ZONE_GAP = re.compile(r",?\s+(?:[A-Z][a-z]+\s+|local\s+)?time,?\s+(?:on\s+)?")
#: A date after "since" starts a background span ("part of the empire since 513 BC"): the
#: story does not move there.
_SINCE = re.compile(r"\b[Ss]ince\s+(?:the\s+)?$")


@functools.cache
def _event_signal() -> re.Pattern:
    """Signal words after a duration that tie it to an event ("59 days after the Army ...")."""
    words = load().tables.get("event_signals") or {}
    alts = "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in words), key=len,
                           reverse=True))
    return re.compile(rf"\s+(?:{alts})\s+(?P<next>\S+)", re.I)


def _following_day(spec: Spec, cands: list, k: int, doc_type: str, dct: Anchor | None,
                   ref: Anchor | None, next_id: str) -> Anchor | None:
    """For a clock time right before its day ("04:45 on 19 November"), that day (the mention
    `next_id`) as anchor."""
    if spec.kind != "time" or k + 1 >= len(cands):
        return None
    s_start, _s_end, sentence, _start, end, _rule, _groups = cands[k]
    nxt = cands[k + 1]
    gap = sentence[end - s_start : nxt[3] - s_start]
    if nxt[0] != s_start or (len(gap) > 6 and not _ZONE_GAP.fullmatch(gap)) or any(
            c.isdigit() for c in gap):
        return None
    following = parse(nxt[5], nxt[6])
    if following is None or following.type != "DATE":
        return None
    day = make_anchor(resolve(following, doc_type, dct, ref, "").value, next_id)
    return day if day is not None and day.gran == "day" else None


def _resolve(values: Values, key: tuple, spec: Spec, dct: Anchor | None, ref: str | None,
             ref_id: str, when: str) -> Resolved:
    """`resolve` memoised for one call (key: rule, groups, doc type, dct value) against the
    reference value `ref` of mention `ref_id`: a resolution depends on its anchors' values only,
    and names the reference mention in `anchor_ref` and the reason, filled in here."""
    memo = values.resolved
    full = key[:3] if spec.kind in ("absolute", "fixed") else (*key, ref, when)
    res = memo.get(full)
    if res is None:
        res = memo[full] = resolve(spec, key[2], dct, values.plain(ref), when)
    if ref is None or PLACEHOLDER not in res.reason:
        return res
    return Resolved(res.type, res.value, res.mod, res.anchor,
                    ref_id if res.anchor_ref == PLACEHOLDER else res.anchor_ref,
                    res.reason.replace(PLACEHOLDER, ref_id))


def _history(specs: list[Spec | None], dct: Anchor | None) -> bool:
    """Whether a narrative is a history: it names its own dates (fully specified DATEs or
    TIMEs) and none of them within STORY_YEARS of its DCT, which is then a download date,
    never a time of the story (a news story run as a narrative keeps its DCT)."""
    own = near = False
    for s in specs:
        if s is not None and s.kind == "absolute" and s.type in ("DATE", "TIME"):
            own = True
            bc = (s.value or "").startswith("BC")
            near = near or (s.year is not None and not bc and dct is not None
                            and abs(s.year - dct.start.year) <= STORY_YEARS)
    return own and not near


def _after_since(sentence: str, at: int) -> bool:
    """Whether sentence[at:] follows "since" ("since 513 BC")."""
    lo = max(0, at - 16)
    return sentence.find("ince", lo, at) >= 0 and _SINCE.search(sentence, lo, at) is not None


def _looks_back(spec: Spec) -> bool:
    """A year-long look back ("a year earlier", "the previous year") compares; the story does
    not move there, so it gives no new reference date."""
    return spec.unit == "year" and (spec.kind == "shift" or (
        spec.kind == "this" and spec.anchor == "anaphoric" and (spec.offset or 0) < 0))


def _tag_document(doc: tuple, cands: list, doc_type: str, out: Columns) -> None:
    """Resolve one document's candidates in text order (cands: sentence, start, end, rule...)
    into `out` (doc: doc_id, source, start, text, dct)."""
    doc_id, dct_value = doc[0], doc[4]
    values = out.values
    dct = values.anchor(dct_value, "dct")
    specs = [parse(c[5], c[6]) for c in cands] if doc_type == "narrative" else None
    if specs is not None and dct is not None and _history(specs, dct):
        dct_value, dct = None, None
    ref: str | None = None  # the story's reference value and the mention that gave it
    ref_id = ""
    signal = _event_signal()
    n, pending = 0, False  # pending: the last row is a range's first end, awaiting its second
    for k, (s_start, s_end, sentence, start, end, rule_id, groups) in enumerate(cands):
        spec = specs[k] if specs is not None else parse(rule_id, groups)
        if spec is None:
            continue
        when = None  # the clause's tense, found when needed
        if spec.type == "DURATION" and (m := signal.match(sentence, end - s_start)) and (
                k + 1 == len(cands) or cands[k + 1][3] > s_start + m.start("next")):
            # tied to an event: the signal word's next word comes before the next candidate
            after = sentence[end - s_start:]
            res = Resolved(spec.type, spec.value or "", spec.mod, "event", None,
                           "unresolved: measured from an undated event "
                           f"({after.strip()[:60]!r}); never from the publication date")
        elif spec.kind in ("absolute", "fixed"):  # no anchor, no tense
            res = _resolve(values, (rule_id, groups, doc_type), spec, dct, None, "", "")
        else:
            when = values.tense(sentence, start - s_start, end - s_start)
            day = None
            if spec.kind == "time":
                day = _following_day(spec, cands, k, doc_type, dct, values.plain(ref),
                                     f"{doc_id}/T{n + 2:03d}")
            res = _resolve(values, (rule_id, groups, doc_type, dct_value), spec, dct,
                           *((day.value, day.ref) if day else (ref, ref_id)), when)
        n += 1
        mention_id = f"{doc_id}/T{n:03d}"
        out.add(doc, mention_id, start, end, rule_id, res, (s_start, s_end))
        part = groups[-1][1] if groups and groups[-1][0] == "part" else None
        if part == "2" and pending:
            out.link_last()
        pending = part == "1"
        if res.type in ("DATE", "TIME") and res.anchor != "event" and not _looks_back(spec) \
                and not _after_since(sentence, start - s_start) \
                and (new := values.plain(res.value)) is not None and not (
                    doc_type == "news" and res.anchor != "absolute" and dct is not None
                    and new.start > dct.end) and (
                    when if when is not None else values.tense(sentence, start - s_start,
                                                        end - s_start)) != "future":
            ref, ref_id = res.value, mention_id  # (a plan or a forecast does not move it, nor
            # in news a date found ahead of the writing: "expect it done by Dec. 15", said)


def clear_caches(resources: bool = False) -> None:
    """Empty the engine's caches that persist across calls (parses, rule dispatch by word
    opening, value intervals and resolutions), so that a benchmark can time a cold run;
    `resources` also drops the compiled rules and lexicon (as in a fresh process).

    >>> clear_caches(); parse.cache_info().currsize
    0
    """
    from threadline.timex import prefix, rules, scan, values

    parse.cache_clear()
    SHARED.clear()
    rules._RAW.clear()
    rules._STATES.clear()
    scan.MASKED.clear()
    scan.GROUPS.clear()
    for fn in (scan._joined, prefix.possible, prefix.automaton, values.interval,
               values.granularity):
        fn.cache_clear()
    if resources:
        for fn in (load, rules._table, rules.rules_by_id, prefix._trie, prefix.first_seqs,
                   _event_signal, scan.need_bits, scan._all_absent, scan._may_hold_timex,
                   scan._hit_columns):
            fn.cache_clear()


def _bound_openings() -> None:
    """Empty the memos of rule dispatch by text opening (`rules._RAW`, `scan.MASKED`) and of
    groups by matched text (`scan.GROUPS`) once they hold more than `Values.LIMIT` entries: a
    long run over an archive meets ever new openings, and memory must stay bounded whatever
    the corpus."""
    from threadline.timex import rules, scan

    if (sum(map(len, rules._RAW.values())) + sum(map(len, scan.MASKED.values()))
            + len(scan.GROUPS)) > Values.LIMIT:
        rules._RAW.clear()
        scan.MASKED.clear()
        scan.GROUPS.clear()


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while tagging, then restore its state: the engine
    builds only acyclic tuples and lists, and collecting them over and over (the more, the
    larger the corpus) cost a fifth of the run and its linear growth."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def tag_dates(documents: pl.DataFrame, *, doc_type: str = "news") -> pl.DataFrame:
    """Tag every temporal expression in `documents` (DOCUMENTS) and return MENTIONS.

    >>> docs = pl.DataFrame({"doc_id": ["d#1"], "source": ["d.txt"], "start": [0],
    ...     "text": ["On 20 April 2020 it struck. A week later, on 27 April, again."],
    ...     "dct": ["2020"], "status": ["ok"]})
    >>> tag_dates(docs).select("text", "value", "anchor").rows()
    [('20 April 2020', '2020-04-20', 'absolute'), ('A week later', '2020-04-27', 'narrative'), \
('27 April', '2020-04-27', 'narrative')]
    """
    if doc_type not in DOC_TYPES:
        raise ValueError(f"tag_dates: doc_type must be one of {DOC_TYPES}, got {doc_type!r}")
    needed = {c: DOCUMENTS[c] for c in ("doc_id", "source", "start", "text", "dct", "status")}
    check(documents, needed, name="tag_dates(documents)")
    docs = documents.filter(pl.col("status") == "ok").select(*needed)
    if docs.height == 0:
        return conform(pl.DataFrame(schema=MENTIONS), MENTIONS)
    with _gc_paused():
        return _tag(docs, doc_type)


def _tag(docs: pl.DataFrame, doc_type: str) -> pl.DataFrame:
    """`tag_dates` proper: documents resolved one by one as their candidates are found, over
    bounded frames of sentences (memory follows the output, whatever the corpus); its
    temporaries die (by reference count) when it returns, before the garbage collector is
    back on and would walk them."""
    _bound_openings()
    out = Columns(SHARED.bounded())
    records = docs.select("doc_id", "source", "start", "text", "dct").rows()
    row, cands = -1, []  # the document being gathered and its candidates, in text order
    for batch in sentence_batches(docs):
        for i, s_start, s_end, sentence, where in candidate_hits(batch):
            found = find(sentence, where)
            if not found:
                continue
            if i != row:
                if cands:
                    _tag_document(records[row], cands, doc_type, out)
                row, cands = i, []
            cands += [(s_start, s_end, sentence, s_start + start, s_start + end, rule_id,
                       groups) for start, end, rule_id, groups in found]
    if cands:
        _tag_document(records[row], cands, doc_type, out)
    return out.frame()
