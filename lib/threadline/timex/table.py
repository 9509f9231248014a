"""Building MENTIONS fast: per-call memos of the pure value functions, rows as tuples.

A corpus repeats the same few thousand values ("1998", "2017-09-25"), so their intervals,
granularities and anchors are computed once per `tag_dates` call; rows are appended as tuples
and become one DataFrame at the end, with no dict per mention.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from threadline.schema import MENTIONS
from threadline.timex.resolve import Anchor, Resolved, make_anchor, tense
from threadline.timex.rules import load
from threadline.timex.values import granularity, interval

_MISSING = object()
_COLUMNS = list(MENTIONS)
_DATE_START, _DATE_END, _RANGE = (_COLUMNS.index(c) for c in ("date_start", "date_end",
                                                               "range_with"))
#: The `ref` of the anchors of `Values.plain`: a memoised resolution names its reference
#: mention by this placeholder, replaced per mention.
PLACEHOLDER = "\x00"


class Values:
    """Memo of `interval`, `granularity`, `make_anchor` and `resolve` (all pure functions of
    their inputs; an anchor differs only by its `ref`), shared by the calls of one process
    (`SHARED`) and emptied when it holds more than `LIMIT` entries, so that its memory stays
    bounded whatever the corpus.

    >>> v = Values()
    >>> v.anchor("2017-W35", "d/T001").start, v.granularity("2017-W35")
    (datetime.date(2017, 8, 28), 'week')
    """

    #: Entries (over all the memos) above which `bounded` empties them.
    LIMIT = 1 << 18

    def __init__(self) -> None:
        self._spans: dict[tuple[str | None, str | None], tuple[dt.date, dt.date] | None] = {}
        self._grans: dict[str | None, str | None] = {}
        self._anchors: dict[str | None, Anchor | None] = {}
        self._plain: dict[str | None, Anchor | None] = {}
        #: `resolve` results by their pure inputs (filled by `threadline.timex._resolve`).
        self.resolved: dict[tuple, Resolved] = {}
        self._tenses: dict[tuple[str, int, int], str] = {}

    def size(self) -> int:
        """How many entries the memos hold."""
        return (len(self._spans) + len(self._grans) + len(self._anchors) + len(self._plain)
                + len(self.resolved) + len(self._tenses))

    def clear(self) -> None:
        """Empty every memo."""
        for memo in (self._spans, self._grans, self._anchors, self._plain, self.resolved,
                     self._tenses):
            memo.clear()

    def bounded(self) -> Values:
        """This memo, emptied first if it holds more than `LIMIT` entries."""
        if self.size() > self.LIMIT:
            self.clear()
        return self

    def interval(self, value: str | None, mod: str | None) -> tuple[dt.date, dt.date] | None:
        """`values.interval(value, mod)`, memoised."""
        key = (value, mod)
        span = self._spans.get(key, _MISSING)
        if span is _MISSING:
            span = self._spans[key] = interval(value, mod)
        return span  # type: ignore[return-value]

    def granularity(self, value: str | None) -> str | None:
        """`values.granularity(value)`, memoised."""
        gran = self._grans.get(value, _MISSING)
        if gran is _MISSING:
            gran = self._grans[value] = granularity(value)
        return gran  # type: ignore[return-value]

    def anchor(self, value: str | None, ref: str) -> Anchor | None:
        """`resolve.make_anchor(value, ref)`, memoised by value."""
        base = self._anchors.get(value, _MISSING)
        if base is _MISSING:
            base = self._anchors[value] = make_anchor(value, ref)
        if base is None:
            return None
        return base if base.ref == ref else Anchor(**{**vars(base), "ref": ref})


    def tense(self, sentence: str, start: int, end: int) -> str:
        """`resolve.tense(sentence, start, end)`, memoised by the window it reads: from the
        character before its reach back (a clause end's look-behind) to its reach ahead, so
        a text that repeats itself decides each tense once.

        >>> Values().tense("Talks will resume on Thursday.", 21, 29)
        'future'
        """
        t = load().tense
        lo = max(0, start - t.before - 1)
        key = (sentence[lo : end + t.after], start - lo, end - lo)
        found = self._tenses.get(key)
        if found is None:
            found = self._tenses[key] = tense(*key)
        return found

    def plain(self, value: str | None) -> Anchor | None:
        """`resolve.make_anchor(value, PLACEHOLDER)`, memoised (None for no value)."""
        base = self._plain.get(value, _MISSING)
        if base is _MISSING:
            base = self._plain[value] = make_anchor(value, PLACEHOLDER) if value else None
        return base  # type: ignore[return-value]


#: The memo of the process, kept across `tag_dates` calls (`threadline.timex.clear_caches`
#: empties it).
SHARED = Values()


class Columns:
    """MENTIONS rows appended as tuples, turned into a polars frame every `CHUNK` rows (the
    last row stays, as it may still be linked to the next), then one frame: the Python rows
    alive at once stay bounded, so memory follows the frame's compact columns.

    >>> Columns(Values()).frame().height
    0
    """

    #: Rows kept as tuples before they become a frame.
    CHUNK = 4096

    def __init__(self, values: Values) -> None:
        self.values = values
        self.rows: list[tuple] = []
        self._frames: list[pl.DataFrame] = []

    def add(self, doc: tuple, mention_id: str, start: int, end: int, rule_id: str,
            res: Resolved, sent: tuple[int, int]) -> None:
        """Append one mention of `doc` (doc_id, source, start, text, ...) at text[start:end]."""
        if len(self.rows) > self.CHUNK:
            self._frames.append(_frame(self.rows[:-1]))
            del self.rows[:-1]
        doc_id, source, base, text = doc[:4]
        base = base or 0
        span = self.values.interval(res.value, res.mod) if res.type in ("DATE", "TIME") else None
        self.rows.append((
            mention_id, doc_id, source, base + start, base + end, text[start:end], res.type,
            res.value, res.mod, span[0] if span else None, span[1] if span else None,
            self.values.granularity(res.value), res.anchor, res.anchor_ref, rule_id, res.reason,
            base + sent[0], base + sent[1], None, None, None, res.freq, res.quant))

    def link_last(self) -> None:
        """Make the last two rows the two ends of one range: each names the other and both
        carry the interval from the first's start to the second's end."""
        a, b = self.rows[-2], self.rows[-1]
        start, end = a[_DATE_START], b[_DATE_END]
        if start is None or end is None or end < start:
            start = end = None
        self.rows[-2] = (*a[:_RANGE], b[0], start, end, *a[_RANGE + 3:])
        self.rows[-1] = (*b[:_RANGE], a[0], start, end, *b[_RANGE + 3:])

    def frame(self) -> pl.DataFrame:
        """The rows so far as a MENTIONS frame."""
        frames = [*self._frames, _frame(self.rows)]
        return frames[0] if len(frames) == 1 else pl.concat(frames)


def _frame(rows: list[tuple]) -> pl.DataFrame:
    """MENTIONS rows (tuples in schema order) as a frame (built with the schema: its columns
    and types already, so no `conform` pass). Dates go in as day numbers (an Int32 column
    cast to Date), which polars reads far faster than date objects."""
    columns = zip(*rows, strict=True) if rows else ([] for _ in MENTIONS)
    return pl.DataFrame([
        pl.Series(name, [None if d is None else d.toordinal() - _EPOCH for d in values],
                  dtype=pl.Int32).cast(pl.Date) if dtype == pl.Date
        else pl.Series(name, values, dtype=dtype)
        for (name, dtype), values in zip(MENTIONS.items(), columns, strict=True)])


#: The proleptic ordinal of 1970-01-01, day 0 of a polars Date.
_EPOCH = dt.date(1970, 1, 1).toordinal()
