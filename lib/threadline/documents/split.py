"""Where the articles of a page are: listing pages (title, teaser ending in "…", body, footer)
and single-article pages (header block with the headline, then prose until the footer)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

_ELLIPSIS = re.compile(r"\s*(…|\.\.\.)$")


@dataclass(frozen=True)
class Article:
    """One article of a page: body span [start, end) in code points, its title, and where its
    header (title block) starts, for publication-date rules that read the head."""

    start: int
    end: int
    title: str | None
    head_start: int


def _span(lines: dict, first: int, last: int) -> tuple[int, int]:
    """Code-point span of lines first..last with the outer whitespace trimmed."""
    return lines["start"][first] + lines["lead"][first], lines["start"][last] + lines["kept"][last]


def _next_nonempty(lines: dict, i: int, step: int) -> int | None:
    i += step
    while 0 <= i < len(lines["empty"]):
        if not lines["empty"][i]:
            return i
        i += step
    return None


def _teasers(lines: dict) -> list[tuple[int, int]]:
    """(teaser line, first body line) pairs: a teaser's words open the next non-empty line."""
    pairs = []
    for i, is_teaser in enumerate(lines["teaser"]):
        if not is_teaser:
            continue
        nxt = _next_nonempty(lines, i, 1)
        prefix = _ELLIPSIS.sub("", lines["stripped"][i])
        if (
            nxt is not None
            and lines["stripped"][nxt].startswith(prefix)
            and len(lines["stripped"][nxt]) > len(prefix)
        ):
            pairs.append((i, nxt))
    # a teaser repeated on the next line is one teaser: only the copy above the body pairs
    opening = {teaser for teaser, _ in pairs}
    return [(teaser, body) for teaser, body in pairs if body not in opening]


def _last_body_line(lines: dict, lo: int, hi: int) -> int:
    """Index of the last body line of an article whose body starts at `lo`, searching up to `hi`.

    The body ends before the first footer line (comments, reply box, republication notice);
    then trailing blank lines and boilerplate are dropped, and so are page furniture ("Syria
    War", a commenter's name) and an author box (a name line, then the bio) when boilerplate
    follows them: a table or list that simply ends the text stays.
    """
    end = next((i for i in range(lo + 1, hi) if lines["footer"][i]), hi)
    chrome_below = end < hi
    j = end - 1
    while j > lo:
        if lines["empty"][j]:
            j -= 1
        elif lines["boilerplate"][j]:
            j, chrome_below = j - 1, True
        elif lines["furniture"][j] and chrome_below:
            j -= 1
        else:
            block = j
            while block > lo and not lines["empty"][block - 1]:
                block -= 1
            if not (
                chrome_below and lo < block < j and j - block <= 3 and lines["name_line"][block]
            ):
                break
            j = block - 1
    return j


def _listing(lines: dict, teasers: list[tuple[int, int]]) -> list[Article]:
    titles = []
    for teaser, _ in teasers:
        prev = _next_nonempty(lines, teaser, -1)
        titles.append(prev if prev is not None and lines["headline"][prev] else None)
    articles = []
    for k, (teaser, body) in enumerate(teasers):
        if k + 1 < len(teasers):
            nxt_title, nxt_teaser = titles[k + 1], teasers[k + 1][0]
            hi = nxt_title if nxt_title is not None else nxt_teaser
        else:
            hi = len(lines["empty"])
        last = _last_body_line(lines, body, hi)
        start, end = _span(lines, body, last)
        t = titles[k]
        head = lines["start"][t] if t is not None else lines["start"][teaser]
        articles.append(Article(start, end, lines["stripped"][t] if t is not None else None, head))
    return articles


def _single(lines: dict) -> Article | None:
    first = next((i for i, p in enumerate(lines["prose"]) if p), None)
    if first is None:
        return None
    header = [i for i in range(first) if lines["headline"][i]]
    title = max(header, key=lambda i: len(lines["stripped"][i]), default=None)
    after = title + 1 if title is not None else 0
    first = next((i for i in range(after, first) if lines["dateline"][i]), first)
    last = _last_body_line(lines, first, len(lines["empty"]))
    start, end = _span(lines, first, last)
    if title is None:
        return Article(start, end, None, 0)
    # the head starts at the headline: a date above it is often the site's "today" widget
    return Article(start, end, lines["stripped"][title], lines["start"][title])


#: The flags the article rules read, each as bytes (one 0/1 byte per line).
_FLAGS = ("empty", "prose", "headline", "dateline", "furniture", "name_line", "teaser",
          "boilerplate", "footer")
_BITS = bytes.maketrans(b"01", b"\x00\x01")


def _columns(lines: pl.DataFrame) -> dict:
    """What the article rules read of `lines`, a run of empty lines kept as its first line
    only (the rules skip empty lines and see a run as one gap, so the articles are the same):
    each flag as bytes, one byte per line; `stripped`, `start`, `lead` (code points before a
    line's text) and `kept` (up to its end) as polars Series, read only at the lines an
    article starts or ends at, so a page of a million short lines makes no Python object per
    line."""
    empty = pl.col("empty")
    line = pl.col("line")
    frame = lines.filter(~(empty & empty.shift(1, fill_value=False))).select(
        "start",
        (line.str.len_chars() - line.str.strip_chars_start().str.len_chars()).alias("lead"),
        line.str.strip_chars_end().str.len_chars().alias("kept"),
        pl.when(~empty).then(pl.col("stripped")).alias("stripped"),
        pl.col("rule_id").is_not_null().alias("boilerplate"),
        (pl.col("role") == "footer").fill_null(False).alias("footer"),
        *_FLAGS[:7],
    )
    flags = frame.select(pl.col(f).cast(pl.UInt8).cast(pl.String).str.join("") for f in _FLAGS)
    cols: dict = {f: flags[f][0].encode("ascii").translate(_BITS) for f in _FLAGS}
    cols.update({c: frame[c] for c in ("start", "lead", "kept", "stripped")})
    return cols


def split_articles(text: str, lines: pl.DataFrame) -> list[Article]:
    """The articles of `text` (lines from `classify_lines`), in page order; never empty.

    A page with no prose at all is one article spanning its whole stripped text.

    >>> from threadline.documents.clean import classify_lines
    >>> page = ("Menu | Home\\n\\nRebels Seize Town\\n\\n"
    ...         "Rebels seized the town of Qara on Monday, a monitor said.\\n\\n1 Comment")
    >>> split_articles(page, classify_lines(page))
    [Article(start=32, end=89, title='Rebels Seize Town', head_start=13)]
    """
    cols = _columns(lines)
    teasers = _teasers(cols)
    if teasers:
        return _listing(cols, teasers)
    single = _single(cols)
    if single is not None:
        return [single]
    start = len(text) - len(text.lstrip())
    return [Article(start, max(start, len(text.rstrip())), None, 0)]
