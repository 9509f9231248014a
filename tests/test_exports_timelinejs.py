"""TimelineJS 3 exports: every sample thread's timeline and timeline.json pass a JSON schema of
TimelineJS 3's format (tests/schemas, written from its documentation); slides are key dates,
one per real event, with readable headlines, credited sources and dates at their precision."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import polars as pl
import pytest
from threadline.exports import headline, thread_timelinejs, write_exports
from threadline.timeline.keydates import key_events
from threadline.timeline.lanes import real_events, thread_table

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "timelinejs3.schema.json").read_text(
    encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


@pytest.fixture(scope="module")
def exported(seed_pipeline, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tljs")
    p = seed_pipeline
    write_exports(out, p["documents"], p["mentions"], p["events"])
    return out


def test_timelinejs_schema_refuses_what_timelinejs_cannot_read() -> None:
    good = {"events": [{"start_date": {"year": 2020, "month": 2}, "text": {"headline": "x"}}]}
    assert VALIDATOR.is_valid(good)
    for bad in ({"events": [{"text": {"headline": "no date"}}]},
                {"events": [{"start_date": {"month": 2}}]},
                {"events": [{"start_date": {"year": 2020, "month": 13}}]},
                {"events": [{"start_date": {"year": 2020}, "head_line": "typo"}]},
                {"title": {"text": {"headline": "no events"}}}):
        assert not VALIDATOR.is_valid(bad), bad


def test_timelinejs_every_sample_thread_passes_the_schema(exported, seed_pipeline) -> None:
    files = sorted((exported / "timelinejs").glob("*.json"))
    threads = thread_table(seed_pipeline["events"])
    assert files and len(files) == threads.filter(pl.col("dated") >= 3).height
    for path in files:
        doc = json.loads(path.read_text(encoding="utf-8"))
        errors = [e.message for e in VALIDATOR.iter_errors(doc)]
        assert errors == [], (path.name, errors[:3])
        assert doc["events"], path.name
    whole = json.loads((exported / "timeline.json").read_text(encoding="utf-8"))
    assert [e.message for e in VALIDATOR.iter_errors(whole)] == []
    print(f"\n{len(files)} thread timelines and timeline.json pass the TimelineJS 3 schema")


def test_timelinejs_thread_slides_are_its_key_dates(seed_pipeline) -> None:
    events = seed_pipeline["events"]
    keys = key_events(events)
    for tid in thread_table(events).filter(pl.col("dated") >= 3)["thread"]:
        doc = thread_timelinejs(events, tid)
        ids = [e["unique_id"] for e in doc["events"]]
        mine = keys.filter(pl.col("thread") == tid)["event_id"]
        assert sorted(ids) == sorted(page_id_like(e) for e in mine)
        assert len(set(ids)) == len(ids)  # one slide per real event, never per report
        assert {e["group"] for e in doc["events"]} == {doc["title"]["text"]["headline"]}
        for e in doc["events"]:
            head = e["text"]["headline"]
            assert head and "unknown" not in head.lower() and len(head) <= 80
            assert "Reported by" in e["text"]["text"]


def page_id_like(event_id: str) -> str:
    """The unique_id a slide gets for an event id."""
    return "".join(c if c.isalnum() or c in "_-" else "-" for c in event_id)


def _frame(**cols) -> pl.DataFrame:
    import threadline.schema as schema

    return schema.conform(pl.DataFrame(cols, infer_schema_length=None), schema.EVENTS)


def test_timelinejs_merged_event_credits_every_source_escaped() -> None:
    events = _frame(
        event_id=["a/E001", "b/E001", "c/E001"], doc_id=["a", "b", "c"],
        sentence=["Jets struck the <depot> at dawn.", "The depot was hit.", "Talks began."],
        trigger=["strike", "strike", "meet"], actor1=["Air force", None, None],
        location=["Port town", "Port town", None],
        url=["https://ex.org/a?x=1&y=2", "javascript:alert(1)", None],
        date_start=[dt.date(2021, 3, 2)] * 2 + [dt.date(2021, 5, 1)],
        date_end=[dt.date(2021, 3, 2)] * 2 + [dt.date(2021, 5, 31)],
        thread_id="t", thread_label="Port <war>", thread_ids=[["t"]] * 3,
        cluster_id=["a/E001", "a/E001", "c/E001"], n_sources=[2, 2, 1],
    ).with_columns(pl.Series("title", ["Strike <b>news</b>", None, "Talks"]))
    doc = thread_timelinejs(events, "t")
    assert VALIDATOR.is_valid(doc)
    strike, talks = doc["events"]
    assert strike["text"]["headline"] == "Air force: strike in Port town"
    assert strike["start_date"] == {"year": 2021, "month": 3, "day": 2}
    assert talks["start_date"] == {"year": 2021, "month": 5} and "end_date" not in talks
    assert talks["text"]["headline"] == "Meet"
    text = strike["text"]["text"]
    assert "Jets struck the &lt;depot&gt; at dawn." in text
    assert "Reported by 2 sources" in text
    assert '<a href="https://ex.org/a?x=1&amp;y=2">Strike &lt;b&gt;news&lt;/b&gt;</a>' in text
    assert "javascript:" not in json.dumps(doc) and ", b</p>" in text  # no link, the doc id
    assert strike["group"] == "Port &lt;war&gt;"


@pytest.mark.parametrize(("event", "expected"), [
    ({"actor1": "Military Forces of Syria", "trigger": "shell", "location": "Homs"},
     "Military Forces of Syria: shell in Homs"),
    ({"actor1": None, "trigger": "kill", "location": None}, "Kill"),
    ({"actor1": None, "trigger": None, "sub_event_type": "Armed clash", "location": "Idlib"},
     "Armed clash in Idlib"),
    ({}, "Event"),
    ({"actor1": "A" * 90, "trigger": "strike"}, "A" * 79 + "…"),
])
def test_timelinejs_headline_is_readable(event: dict, expected: str) -> None:
    assert headline(event) == expected


def test_timelinejs_title_slide_names_the_thread(seed_pipeline) -> None:
    events = seed_pipeline["events"]
    tid = thread_table(events).sort("events", descending=True)["thread"][0]
    doc = thread_timelinejs(events, tid)
    total = real_events(events, thread=tid).height
    assert f"of {total} events" in doc["title"]["text"]["text"]
