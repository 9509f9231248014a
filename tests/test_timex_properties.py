"""Property tests of the date engine: calendar arithmetic against dateutil.relativedelta,
interval sanity, and tag_dates never raising with offsets that slice out each mention's text,
also under a machine timezone far from UTC.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import polars as pl
import pytest
from conftest import GOLD, ROOT
from dateutil.relativedelta import relativedelta
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal
from threadline import tag_dates
from threadline.schema import DOCUMENTS, MENTIONS, check, conform
from threadline.scoring import load_gold
from threadline.timex.values import granularity, interval, shift, truncate

PROPERTY = settings(max_examples=200, deadline=None)
DAYS = st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(2999, 12, 31))
AMOUNTS = {"day": 100_000, "week": 10_000, "month": 3_000, "year": 250}

# Real date phrases and date-like traps from the seed gold, to mix with digits and noise.
PHRASES = sorted(
    set(load_gold("timexes", GOLD)["text"]) | set(load_gold("false_friends", GOLD)["text"])
)
NOISE = list(" ,.;:!?-–—/()[]'\"…\n\t\u00a0") + ["In ", "on ", " later", " ago", "last ", "the "]
PIECES = st.one_of(
    st.sampled_from(PHRASES),
    st.from_regex(r"\d{1,5}", fullmatch=True),
    st.sampled_from(NOISE),
    st.text(max_size=6),
)
TEXTS = st.one_of(st.text(max_size=300), st.lists(PIECES, max_size=40).map("".join))
DCTS = st.sampled_from(
    [None, "2017-09-25", "2014-12-29", "2020", "2018-12", "2017-W35", "1998-08-07T10:35"]
)
DOCS = st.lists(st.tuples(TEXTS, DCTS, st.integers(0, 40)), min_size=1, max_size=3)


@pytest.mark.parametrize("unit", sorted(AMOUNTS))
@PROPERTY
@given(data=st.data())
def test_timex_shift_matches_relativedelta(unit: str, data: st.DataObject) -> None:
    day = data.draw(DAYS)
    amount = data.draw(st.integers(-AMOUNTS[unit], AMOUNTS[unit]))
    try:
        expected = day + relativedelta(**{f"{unit}s": amount})
    except (OverflowError, ValueError):  # outside datetime.date's years 1..9999
        return
    assert shift(day, amount, unit) == expected


# unit -> (shortest, longest) interval in days
SPANS = {
    "day": (1, 1), "week": (7, 7), "month": (28, 31), "quarter": (90, 92),
    "half": (181, 184), "season": (72, 114),  # SP 03-21..05-31, SU 06-01..09-22 (gold)
    "year": (365, 366), "decade": (3652, 3653),
}


@pytest.mark.parametrize("unit", sorted(SPANS))
@PROPERTY
@given(day=DAYS)
def test_timex_interval_of_truncated_value(unit: str, day: dt.date) -> None:
    value = truncate(day, unit)
    span = interval(value)
    assert span is not None
    first, last = span
    assert first <= day <= last
    assert SPANS[unit][0] <= (last - first).days + 1 <= SPANS[unit][1]
    # granularity consistency: the interval is exactly the days that truncate to the value
    assert granularity(value) == unit
    assert truncate(first, unit) == truncate(last, unit) == value
    assert truncate(first - dt.timedelta(days=1), unit) != value
    assert truncate(last + dt.timedelta(days=1), unit) != value


@pytest.mark.parametrize("mod", ["START", "MID", "END"])
@PROPERTY
@given(day=DAYS, unit=st.sampled_from(["month", "year", "quarter", "decade"]))
def test_timex_interval_mod_narrows(mod: str, day: dt.date, unit: str) -> None:
    value = truncate(day, unit)
    first, last = interval(value)
    sub_first, sub_last = interval(value, mod)
    assert first <= sub_first <= sub_last <= last
    assert (sub_last - sub_first) < (last - first)
    if mod == "START":
        assert sub_first == first
    if mod == "END":
        assert sub_last == last


def _documents(docs: list[tuple[str, str | None, int]]) -> pl.DataFrame:
    """DOCUMENTS whose article i sits at offset `pad` of its source, after `pad` x's."""
    rows = [
        {"doc_id": f"prop-{i}#1", "source": f"prop-{i}.txt", "start": pad,
         "end": pad + len(text), "text": text, "dct": dct,
         "dct_source": "metadata" if dct else "unknown", "status": "ok"}
        for i, (text, dct, pad) in enumerate(docs)
    ]
    return conform(pl.DataFrame(rows, schema={c: DOCUMENTS[c] for c in rows[0]}), DOCUMENTS)


def _check_mentions(documents: pl.DataFrame, mentions: pl.DataFrame) -> None:
    """Schema, unique ids, and offsets that slice out exactly each mention's text."""
    check(mentions, MENTIONS, name="tag_dates output")
    assert mentions["mention_id"].n_unique() == mentions.height
    docs = {r["doc_id"]: r for r in documents.iter_rows(named=True)}
    for m in mentions.iter_rows(named=True):
        doc = docs[m["doc_id"]]
        assert m["source"] == doc["source"]
        assert doc["start"] <= m["start"] < m["end"] <= doc["end"]
        assert doc["text"][m["start"] - doc["start"]:m["end"] - doc["start"]] == m["text"]
        if m["date_start"] is not None and m["date_end"] is not None:
            assert m["date_start"] <= m["date_end"]


@PROPERTY
@given(docs=DOCS, doc_type=st.sampled_from(["news", "narrative"]))
def test_timex_tag_dates_never_raises_and_offsets_slice(docs: list, doc_type: str) -> None:
    documents = _documents(docs)
    _check_mentions(documents, tag_dates(documents, doc_type=doc_type))


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(docs=DOCS)
def test_timex_tag_dates_property_under_foreign_tz(foreign_tz: str, docs: list) -> None:
    documents = _documents(docs)
    _check_mentions(documents, tag_dates(documents))


CHILD = """
import sys, polars as pl
from threadline import tag_dates
tag_dates(pl.read_parquet(sys.argv[1])).write_parquet(sys.argv[2])
"""


@pytest.mark.parametrize("tz", ["Pacific/Kiritimati", "America/Adak"])
def test_timex_tag_dates_same_in_any_timezone(
    tz: str, gold_documents_frame: pl.DataFrame, tmp_path
) -> None:
    # the seed articles (relative dates: "last week", "Today", "on Monday") with and without
    # their DCT, tagged here and in a fresh process (no warm caches) under another TZ
    documents = pl.concat([
        gold_documents_frame,
        gold_documents_frame.with_columns(pl.col("doc_id") + "-nodct", dct=None),
    ])
    documents.write_parquet(tmp_path / "docs.parquet")
    env = {"TZ": tz, "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    run = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path / "docs.parquet"),
         str(tmp_path / "out.parquet")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 0, run.stderr
    here = tag_dates(documents)
    assert here.filter(pl.col("date_start").is_not_null()).height > 0
    assert_frame_equal(pl.read_parquet(tmp_path / "out.parquet"), here)



def test_dispatch_memos_stay_bounded_across_calls(monkeypatch) -> None:
    """A long run meets ever new text openings: the memos of rule dispatch are emptied past
    the limit (memory bounded whatever the corpus), and tagging is unchanged by it."""
    from threadline.timex import clear_caches, rules, scan, table

    def doc(first_year: int) -> pl.DataFrame:
        text = " ".join(f"They met in {y} at dawn." for y in range(first_year, first_year + 40))
        return pl.DataFrame({"doc_id": ["b#1"], "source": ["b"], "start": [0], "text": [text],
                             "dct": ["2017-09-25"], "status": ["ok"]})

    def size() -> int:
        return sum(map(len, rules._RAW.values())) + sum(map(len, scan.MASKED.values()))

    clear_caches()
    alone = tag_dates(doc(1960))
    size_alone = size()
    clear_caches()
    monkeypatch.setattr(table.Values, "LIMIT", 30)
    tag_dates(doc(1900))
    assert size() > 30
    after = tag_dates(doc(1960))  # starts by emptying the memos filled past the limit
    assert size() == size_alone
    assert_frame_equal(after, alone)
