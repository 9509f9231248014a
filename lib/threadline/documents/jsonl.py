"""Tolerant JSONL reading: the lines that parse are kept, each line that does not is reported.

One reader for `read_corpus` (bad lines become "malformed" DOCUMENTS rows) and for the shard
workers of `threadline.scale.tasks` (a shard with bad lines is "partial"), so that one broken line
never costs the rest of its file. polars reads the file when it can (the fast path); only when
it refuses is the file read again line by line with `json.loads`.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from threadline.documents.chars import json_lone_surrogates

#: How many bad lines `summarise` spells out before counting the rest.
SHOWN = 5


@dataclass(frozen=True)
class JsonLines:
    """The rows of a JSONL file, and the lines that are not JSON objects (line number, why)."""

    frame: pl.DataFrame
    bad: list[tuple[int, str]] = field(default_factory=list)

    @property
    def bad_lines(self) -> list[str]:
        """The bad lines as "line N: reason" texts."""
        return [f"line {n}: {why}" for n, why in self.bad]


def read_jsonl(path: str | Path) -> JsonLines:
    """Every JSON-object line of `path` as a frame (schema inferred over all rows), and the rest.

    Blank lines are ignored. In the line-by-line fallback, bytes that are not UTF-8 are
    replaced (U+FFFD) rather than costing their line. Raises only if the good rows cannot form
    one frame.

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "rows.jsonl"
    >>> _ = p.write_text('{"text": "a"}\\n{"text": \\n\\n[1]\\n{"text": "b"}\\n')
    >>> got = read_jsonl(p)
    >>> got.frame["text"].to_list(), got.bad_lines
    (['a', 'b'], ['line 2: invalid JSON (Expecting value at column 10)', \
'line 4: expected a JSON object, got list'])
    """
    with open(path, "rb") as fh:
        data = json_lone_surrogates(fh.read())  # polars would read "\ud800" as NUL
    try:
        return JsonLines(pl.read_ndjson(io.BytesIO(data), infer_schema_length=None))
    except Exception:  # polars raises several error types for bad JSON; find which lines
        pass
    rows: list[dict] = []
    bad: list[tuple[int, str]] = []
    for n, raw in enumerate(io.BytesIO(data), 1):  # split on b"\n" only, as polars does
        line = raw.decode("utf-8", errors="replace").rstrip("\r\n")
        if n == 1:
            line = line.removeprefix("\ufeff")  # a byte-order mark
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            msg = exc.msg.removesuffix(" at")  # "Unterminated string starting at"
            bad.append((n, f"invalid JSON ({msg} at column {exc.colno})"))
            continue
        except RecursionError:
            bad.append((n, "JSON nested too deep to read"))
            continue
        if isinstance(obj, dict):
            rows.append(obj)
        else:
            bad.append((n, f"expected a JSON object, got {type(obj).__name__}"))
    return JsonLines(_frame(rows), bad)


def _frame(rows: list[dict]) -> pl.DataFrame:
    """The good rows as one frame; when their values cannot share a column type (a number
    here, a string there), every value is kept as its JSON text."""
    try:
        return pl.DataFrame(rows, infer_schema_length=None)
    except Exception:  # polars raises several error types for mixed columns
        keys = list(dict.fromkeys(k for r in rows for k in r))
        texts = [{k: _text(r.get(k)) for k in keys} for r in rows]
        return pl.DataFrame(texts, schema=dict.fromkeys(keys, pl.String))


def _text(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value)


def summarise(bad_lines: list[str], shown: int = SHOWN) -> str:
    """The first `shown` bad lines joined with "; ", then how many more there are.

    >>> summarise(["line 2: x", "line 3: y", "line 9: z"], shown=2)
    'line 2: x; line 3: y; and 1 more bad line'
    """
    text = "; ".join(bad_lines[:shown])
    rest = len(bad_lines) - shown
    return text + (f"; and {rest} more bad line{'s' * (rest > 1)}" if rest > 0 else "")
