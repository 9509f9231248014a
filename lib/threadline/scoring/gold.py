"""Gold loaders (seed gold under our doc ids, TempEval-style JSONL): frames for scorers."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

#: The seed gold shipped with the repository (lib/threadline/scoring/../../../tests/gold).
GOLD_DIR = Path(__file__).resolve().parents[3] / "tests" / "gold"


def _read_jsonl(path: Path) -> list[dict]:
    """Rows of a JSONL file, blank lines skipped."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _our_doc_id(gold_id: str, file: str) -> str:
    """Gold "000#1" in file "000_9d5c.txt" -> our "000_9d5c#1" (``<file stem>#<n>``)."""
    return f"{Path(file).stem}#{gold_id.split('#', 1)[1]}"


_GOLD_COLUMNS = {
    "documents": ["start", "end", "title", "dct", "dct_source", "not_before", "not_after",
                  "teaser_start", "teaser_end", "dct_revised", "known_date"],
    "timexes": ["timex_id", "start", "end", "text", "type", "value", "mod", "anchor", "zone",
                "borderline", "known_value", "range_begin", "range_end"],
    "false_friends": ["start", "end", "text", "why", "risk", "zone"],
    "events": ["event_id", "start", "end", "evidence", "date", "mod", "date_kind", "date_start",
               "date_end", "date_text", "date_timex_id", "summary", "event_type",
               "sub_event_type", "actor1", "actor2", "weapon", "location", "country", "thread",
               "same_as", "part_of", "anchor_event_id", "anchor_offset", "is_aggregate",
               "factuality", "known_date"],
}


def load_gold(kind: str, gold_dir: str | Path | None = None) -> pl.DataFrame:
    """The seed gold `kind` (documents | timexes | false_friends | events) as a frame.

    Rows carry our ``doc_id``, the ``gold_id`` ("002#3") and the seed ``file`` name; offsets
    are code points into that file. Event ``date_start``/``date_end`` are dates.

    >>> load_gold("documents").select("doc_id", "dct").row(0)
    ('000_9d5c45902de9babf#1', '2014-12-29')
    """
    if kind not in _GOLD_COLUMNS:
        raise ValueError(f"unknown gold kind {kind!r}: use one of {', '.join(_GOLD_COLUMNS)}")
    gold_dir = Path(gold_dir) if gold_dir is not None else GOLD_DIR
    files = {r["doc_id"]: r["file"] for r in _read_jsonl(gold_dir / "documents.jsonl")}
    rows = _read_jsonl(gold_dir / f"{kind}.jsonl")
    for r in rows:
        bounds = r.get("dct_text_bounds") or {}
        r["not_before"], r["not_after"] = bounds.get("not_before"), bounds.get("not_after")
    cols = _GOLD_COLUMNS[kind]
    data = {
        "doc_id": [_our_doc_id(r["doc_id"], files[r["doc_id"]]) for r in rows],
        "gold_id": [r["doc_id"] for r in rows],
        "file": [files[r["doc_id"]] for r in rows],
        **{c: [r.get(c) for r in rows] for c in cols},
    }
    df = pl.DataFrame(data, infer_schema_length=None)
    dates = [c for c in ("date_start", "date_end", "not_before", "not_after") if c in cols]
    return df.with_columns(pl.col(c).cast(pl.String).str.to_date() for c in dates)


def load_tempeval_jsonl(path: str | Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A TempEval-style JSONL ({doc_id, dct, text, timexes}) -> (DOCUMENTS, gold timexes).

    Each line is one document whose source is ``"<path>:<line>"``; timex offsets are code points
    into its text. Read by path: the corpus is never copied into the repository.

    >>> import tempfile
    >>> line = {"doc_id": "d1", "dct": "2020-04-20", "text": "On Monday they left.",
    ...         "timexes": [{"start": 3, "end": 9, "text": "Monday", "type": "DATE",
    ...                      "value": "2020-04-20"}]}
    >>> with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as fh:
    ...     _ = fh.write(json.dumps(line) + "\\n")
    >>> docs, gold = load_tempeval_jsonl(fh.name); Path(fh.name).unlink()
    >>> docs.select("doc_id", "end", "dct").row(0), gold.select("text", "value").row(0)
    (('d1', 20, '2020-04-20'), ('Monday', '2020-04-20'))
    """
    from threadline.schema import DOCUMENTS, MENTIONS, conform

    path = Path(path)
    docs, timexes = [], []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            r = json.loads(line)
            source = f"{path}:{n}"
            docs.append({"doc_id": r["doc_id"], "source": source, "start": 0,
                         "end": len(r["text"]), "text": r["text"], "dct": r.get("dct"),
                         "dct_source": "metadata" if r.get("dct") else "unknown",
                         "status": "ok"})
            timexes += [{"doc_id": r["doc_id"], "source": source, **t} for t in r["timexes"]]
    gold = pl.DataFrame(timexes, infer_schema_length=None)
    gold = conform(gold, {c: MENTIONS[c] for c in
                          ("doc_id", "source", "start", "end", "text", "type", "value", "mod")})
    return conform(pl.DataFrame(docs, infer_schema_length=None), DOCUMENTS), gold
