"""Thread spec files, read strictly: every mistake is one line naming the file, line and field.

A spec file (see data/threads.yaml) is a mapping with a non-empty ``threads`` list and an
optional ``min_score`` (a positive integer); ``purpose``, ``format`` and ``example`` may
document it. Each thread has an ``id`` (a unique lower-case slug) and a ``label``, and may have
``keywords``, ``actors``, ``weapons``, ``places`` (lists of strings), a ``time_span``
({start, end} ISO days) and a ``description``. The YAML is composed to nodes first, so an
error points at the line of the offending value (``threads.yaml:12: thread 3 (tow):
keywords[2]: expected a string, got the integer 5``).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from threadline.resources import ResourceError

THREAD_KEYS = ("id", "label", "keywords", "actors", "weapons", "places", "time_span",
               "description")
LIST_KEYS = ("keywords", "actors", "weapons", "places")
TOP_KEYS = ("threads", "min_score", "purpose", "format", "example")
DEFAULT_MIN_SCORE = 2
_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]*")


def _kind(value: Any) -> str:
    """How an error names a wrong value: "the integer 5", "a list", "nothing"."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the boolean {value}"
    if isinstance(value, int | float):
        return f"the {'integer' if isinstance(value, int) else 'number'} {value}"
    if isinstance(value, dt.date):
        return f"the date {value}"
    return {dict: "a mapping", list: "a list", str: f"the text {value!r}"}.get(
        type(value), type(value).__name__)


class _Lines:
    """Line numbers (1-based) of every value of a YAML document, by its path of keys and
    indices; duplicate keys are errors. A list given directly has no lines."""

    def __init__(self, source: str, node: yaml.Node | None) -> None:
        self.source, self.lines = source, {}
        self.stamps: list[tuple[yaml.ScalarNode, tuple]] = []  # timestamp-shaped, checked late
        if node is not None:
            self._walk(node, ())

    def _walk(self, node: yaml.Node, path: tuple) -> None:
        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":timestamp"):
            self.stamps.append((node, path))
        if isinstance(node, yaml.MappingNode):
            seen = set()
            for key, value in node.value:
                name = key.value if isinstance(key, yaml.ScalarNode) else str(key)
                if name in seen:
                    raise ResourceError(f"{self.source}:{key.start_mark.line + 1}: duplicate "
                                        f"key {name!r}; keep one")
                seen.add(name)
                self._walk(value, (*path, name))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                self._walk(item, (*path, i))

    def error(self, path: tuple, message: str) -> ResourceError:
        """A one-line error at the nearest line known for `path`."""
        for cut in range(len(path), -1, -1):
            if path[:cut] in self.lines:
                return ResourceError(f"{self.source}:{self.lines[path[:cut]]}: {message}")
        return ResourceError(f"{self.source}: {message}")


def _read(path: str | Path) -> tuple[Any, _Lines]:
    """The document and its line table; YAML errors (bad syntax, impossible dates such as
    2017-13-01) become one-line ResourceErrors with the line."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ResourceError(f"{path}: cannot read ({exc})") from exc
    try:
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            lines = _Lines(str(path), node)
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except ResourceError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise ResourceError(f"{where}: invalid YAML: {exc.problem or exc}") from exc
    except yaml.YAMLError as exc:
        raise ResourceError(f"{path}: invalid YAML: {exc}") from exc
    except ValueError as exc:  # a timestamp-shaped value that is no date: 2017-13-01
        raise _bad_stamp(loader, lines, exc) from exc
    return data, lines


def _field(path: tuple) -> str:
    """A value's path as an error names it: ("threads", 2, "time_span", "start") ->
    "thread 3: time_span.start"."""
    if len(path) >= 2 and path[0] == "threads" and isinstance(path[1], int):
        return f"thread {path[1] + 1}: " + ".".join(map(str, path[2:]))
    return ".".join(map(str, path)) or "document"


def _bad_stamp(loader: yaml.SafeLoader, lines: _Lines, exc: ValueError) -> ResourceError:
    """The error for the first timestamp-shaped value that is no date, at its line."""
    for node, path in lines.stamps:
        try:
            loader.construct_yaml_timestamp(node)
        except ValueError as why:
            return ResourceError(f"{lines.source}:{node.start_mark.line + 1}: {_field(path)}: "
                                 f"invalid date {node.value} ({why}); write YYYY-MM-DD")
    return ResourceError(f"{lines.source}: invalid value ({exc})")


def _day(value: Any) -> dt.date:
    """An ISO day from a YAML date or a quoted string; ValueError otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    raise ValueError(f"expected a day YYYY-MM-DD, got {_kind(value)}")


def _thread(spec: Any, n: int, lines: _Lines, seen: set[str]) -> dict:
    """One validated thread spec (its time_span as dates)."""
    at = ("threads", n - 1)
    if not isinstance(spec, dict):
        raise lines.error(at, f"thread {n}: expected a mapping with 'id' and 'label', got "
                              f"{_kind(spec)}")
    name = f"thread {n} ({spec.get('id', '?')})"
    if bad := sorted(set(spec) - set(THREAD_KEYS), key=str):
        raise lines.error((*at, bad[0]), f"{name}: unknown key(s) {', '.join(map(str, bad))};"
                                         f" allowed: {', '.join(THREAD_KEYS)}")
    for key in ("id", "label"):
        if key not in spec:
            raise lines.error(at, f"{name}: needs at least 'id' and 'label' (no {key!r})")
    if not isinstance(spec["id"], str) or not _SLUG.fullmatch(spec["id"]):
        raise lines.error((*at, "id"), f"{name}: id: must be a lower-case slug (a-z, 0-9, - "
                                       f"and _), got {_kind(spec['id'])}")
    if spec["id"] in seen:
        raise lines.error((*at, "id"), f"{name}: id: {spec['id']!r} is used twice; ids must "
                                       f"be a unique lower-case slug")
    seen.add(spec["id"])
    for key in ("label", "description"):
        value = spec.get(key, "text")
        if not isinstance(value, str) or not value.strip():
            raise lines.error((*at, key), f"{name}: {key}: expected text, got {_kind(value)}")
    for key in LIST_KEYS:
        items = spec.get(key, [])
        if not isinstance(items, list):
            raise lines.error((*at, key), f"{name}: {key}: must be a list of words, got "
                                          f"{_kind(items)}")
        for i, item in enumerate(items):
            if not isinstance(item, str) or not item.strip():
                raise lines.error((*at, key, i), f"{name}: {key}[{i + 1}]: expected a string,"
                                                 f" got {_kind(item)} (quote it)")
    return {**spec, "time_span": _span(spec.get("time_span"), at, name, lines)}


def _span(span: Any, at: tuple, name: str, lines: _Lines) -> dict[str, dt.date]:
    """A thread's validated time_span as {start, end} dates (either may be absent)."""
    if span is None:
        return {}
    where = (*at, "time_span")
    if not isinstance(span, dict) or not span or set(span) - {"start", "end"}:
        raise lines.error(where, f"{name}: time_span must be {{start: YYYY-MM-DD, end: "
                                 f"YYYY-MM-DD}}, got {_kind(span)}")
    bounds = {}
    for key, value in span.items():
        try:
            bounds[key] = _day(value)
        except ValueError as exc:
            raise lines.error((*where, key), f"{name}: time_span.{key}: invalid date "
                                             f"{value!r} ({exc})") from exc
    if len(bounds) == 2 and bounds["start"] > bounds["end"]:
        raise lines.error(where, f"{name}: time_span: start {bounds['start']} is after end "
                                 f"{bounds['end']}")
    return bounds


def load_threads(path: str | Path | list[dict]) -> tuple[list[dict], int]:
    """Read and strictly validate a thread spec file (or a list of specs): (threads, min_score).

    >>> load_threads([{"id": "tow", "label": "TOW missiles", "keywords": ["TOW"]}])[1]
    2
    >>> load_threads([{"id": "tow", "label": "TOW", "keywords": [5]}])
    Traceback (most recent call last):
    ...
    threadline.resources.ResourceError: <thread specs>: thread 1 (tow): keywords[1]: expected \
a string, got the integer 5 (quote it)
    """
    if isinstance(path, list):
        data, lines = {"threads": path}, _Lines("<thread specs>", None)
    else:
        data, lines = _read(path)
    if not isinstance(data, dict) or not isinstance(data.get("threads"), list):
        odd = sorted(map(str, set(data) - set(TOP_KEYS))) if isinstance(data, dict) else []
        extra = f"; unknown top-level key(s) {', '.join(odd)}" if odd else ""
        raise lines.error((), f"expected a mapping with a 'threads' list{extra}")
    if bad := sorted(set(data) - set(TOP_KEYS), key=str):
        raise lines.error((bad[0],), f"unknown top-level key(s) {', '.join(map(str, bad))}; "
                                     f"allowed: {', '.join(TOP_KEYS)}")
    if not data["threads"]:
        raise lines.error(("threads",), "threads: the list is empty; list at least one thread "
                                        "(or pass no spec for automatic threads)")
    min_score = data.get("min_score", DEFAULT_MIN_SCORE)
    if isinstance(min_score, bool) or not isinstance(min_score, int) or min_score < 1:
        raise lines.error(("min_score",), f"min_score: expected a positive integer, got "
                                          f"{_kind(min_score)}")
    seen: set[str] = set()
    threads = [_thread(spec, n, lines, seen) for n, spec in enumerate(data["threads"], 1)]
    return threads, min_score
