"""`threadline tag IN.jsonl -o OUT.jsonl`: real seed sentences in, TIMEX3 JSONL out."""

from __future__ import annotations

import functools
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import ROOT

# Sentences of the seed corpus with the values the gold gives them.
DOCS = [
    {"doc_id": "002-1", "dct": None,
     "text": "In 2020, the Israeli Air Force (IAF) has conducted 14 operations in Syria (by the "
             "date of the publication of this analysis). On 18 April, an Israeli drone "
             "unsuccessfully targeted Hezbollah commander Mustafa Mughniyeh near the Lebanese "
             "border."},
    {"doc_id": "000-1", "dct": "2014-12-29",
     "text": "In early October, many FSA groups assisted Al Nusrah and Ahrar al Sham in southern "
             "Syria with TOWs."},
    {"doc_id": "003-1", "dct": "2017-09-25",
     "text": "The footage was nevertheless released by Jaish Maghawir Tahwra (US-backed Free "
             "Syrian Army group) last week in what it said was preparations for an upcoming "
             "desert offensive against the Syrian Arab Army (SAA)."},
]
# (doc_id, expression, value)
RESOLVED = [("002-1", "2020", "2020"), ("000-1", "early October", "2014-10"),
            ("003-1", "last week", "2017-W38")]
FIELDS = {"start", "end", "text", "type", "value", "mod", "date_start", "date_end"}


def _tag(tmp_path: Path, lines: list[str], *extra: str) -> tuple[subprocess.CompletedProcess,
                                                                  Path]:
    """Write `lines` as IN.jsonl and run `threadline tag` on it in a subprocess."""
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "threadline.cli", "tag", str(src), "-o", str(out), *extra],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    return run, out


@functools.cache
def _tagged(doc_type: str) -> list[dict]:
    """Output lines of `threadline tag --doc-type doc_type` on the seed sentences (run once)."""
    with tempfile.TemporaryDirectory() as tmp:
        run, out = _tag(Path(tmp), [json.dumps(d) for d in DOCS], "--doc-type", doc_type)
        assert run.returncode == 0, run.stderr
        return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("doc_type", ["news", "narrative"])
def test_cli_tag_output_shape_and_offsets(doc_type: str) -> None:
    lines = _tagged(doc_type)
    assert [line["doc_id"] for line in lines] == [d["doc_id"] for d in DOCS]
    assert [line["dct"] for line in lines] == [d["dct"] for d in DOCS]
    for line, doc in zip(lines, DOCS, strict=True):
        assert set(line) == {"doc_id", "dct", "timexes"}
        assert line["timexes"], f"no timex found in {doc['doc_id']}"
        for t in line["timexes"]:
            assert set(t) >= FIELDS
            assert doc["text"][t["start"]:t["end"]] == t["text"]


@pytest.mark.parametrize(("doc_id", "expression", "value"), RESOLVED)
def test_cli_tag_resolves_values(doc_id: str, expression: str, value: str) -> None:
    line = next(x for x in _tagged("news") if x["doc_id"] == doc_id)
    values = {t["text"]: t["value"] for t in line["timexes"]}
    assert values.get(expression) == value, values


@pytest.mark.parametrize(
    "bad, kept",
    [('{"doc_id": "a", "text": "On 18 April 2015 it fell.", "dct": "2015-05-01"}\n'
      '{"doc_id": "b", "text": ', ["a"]),
     ("this is not json", [])],
)
def test_cli_tag_malformed_lines_reported_others_tagged(tmp_path: Path, bad: str, kept) -> None:
    run, out = _tag(tmp_path, [bad])
    assert run.returncode == 2
    bad_line = len(kept) + 1
    assert f"in.jsonl: line {bad_line}: invalid JSON" in run.stderr
    assert "Traceback" not in run.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["doc_id"] for r in rows] == kept
    if kept:
        assert [t["value"] for t in rows[0]["timexes"]] == ["2015-04-18"]
