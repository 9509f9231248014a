"""The publication date (DCT) of an article from its own text, by the rules in ``dct.yaml``,
with the quoted evidence; an undated original may be bounded by its dated UPDATE sections."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from threadline.resources import ResourceError, load_yaml, require_keys

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
#: Where a rule looks: the head lines, the head and the last lines, or the whole body.
WHERE = ("head", "edges", "body")


@dataclass(frozen=True)
class Dct:
    """A publication date as a TIMEX3 value (or None), how it was found, and the evidence."""

    value: str | None
    source: str  # metadata | text | inferred | unknown
    evidence: str


@dataclass(frozen=True)
class DctRule:
    """One compiled rule of ``dct.yaml``."""

    id: str
    where: str
    source: str
    precision: str
    regex: re.Pattern


@dataclass(frozen=True)
class DctConfig:
    """The compiled content of ``<language>/dct.yaml``."""

    rules: tuple[DctRule, ...]
    months: dict[str, int]
    head_lines: int
    pivot: int
    update_header: re.Pattern
    update_dates: tuple[re.Pattern, ...]
    weekday: re.Pattern
    tail_lines: int = 0
    update_label: re.Pattern | None = None


def _compile(pattern: str, months: dict[str, int], where: str,
             macros: dict[str, str] | None = None) -> re.Pattern:
    alternation = "|".join(sorted((m.capitalize() for m in months), key=len, reverse=True))
    for _ in range(3):  # macros may name macros
        for name, body in (macros or {}).items():
            pattern = pattern.replace(f"{{{name}}}", body)
    try:
        return re.compile(pattern.replace("{MONTH}", f"(?:{alternation})"), re.MULTILINE)
    except re.error as exc:
        raise ResourceError(f"{where}: invalid regex: {exc}") from exc


@functools.cache
def dct_config(language: str = "en") -> DctConfig:
    """Load, validate and compile the DCT rules of `language` (cached)."""
    relpath = f"{language}/documents/dct.yaml"
    data = load_yaml(relpath)
    require_keys(
        data, ("rules", "months", "head_lines", "two_digit_pivot", "update"), where=relpath
    )
    months = {str(k).lower(): int(v) for k, v in data["months"].items()}
    macros = {str(k): str(v) for k, v in (data.get("macros") or {}).items()}
    rules = []
    for i, rule in enumerate(data["rules"]):
        where = f"{relpath}: rule {i} ({rule.get('id', '?')})"
        require_keys(
            rule,
            ("id", "where", "source", "precision", "pattern", "examples", "counter_examples"),
            where=where,
        )
        if rule["where"] not in WHERE or rule["source"] not in ("text", "inferred"):
            raise ResourceError(f"{where}: where must be one of {WHERE} and source text|inferred")
        regex = _compile(rule["pattern"], months, where, macros)
        rules.append(DctRule(rule["id"], rule["where"], rule["source"], rule["precision"], regex))
    upd = data["update"]
    require_keys(upd, ("header", "dates", "weekday"), where=f"{relpath}: update")
    label = upd.get("label")
    return DctConfig(
        rules=tuple(rules),
        months=months,
        head_lines=int(data["head_lines"]),
        pivot=int(data["two_digit_pivot"]),
        update_header=_compile(upd["header"], months, f"{relpath}: update.header"),
        update_dates=tuple(_compile(p, months, f"{relpath}: update.dates") for p in upd["dates"]),
        weekday=_compile(upd["weekday"], months, f"{relpath}: update.weekday"),
        tail_lines=int(data.get("tail_lines", 0)),
        update_label=(_compile(label, months, f"{relpath}: update.label", macros)
                      if label else None),
    )


def _parts(m: re.Match, cfg: DctConfig) -> tuple[int | None, int | None, int | None]:
    """(year, month, day) of a match; a two-digit year is expanded around the pivot."""
    g = {k: v for k, v in m.groupdict().items() if v is not None}
    g = {k.rstrip("0123456789"): v for k, v in sorted(g.items())}  # day2 -> day (alternatives)
    year = g.get("year")
    if year is not None:
        year = int(year) + (0 if len(year) == 4 else 1900 if int(year) >= cfg.pivot else 2000)
    month = g.get("month")
    if month is not None:
        month = int(month) if month.isdigit() else cfg.months.get(month.lower().rstrip("."))
    day = int(g["day"]) if g.get("day") else None
    return year, month, day


def _date(year: int | None, month: int | None, day: int | None) -> dt.date | None:
    try:
        return dt.date(year, month, day)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def rule_value(m: re.Match, precision: str, cfg: DctConfig) -> str | None:
    """The TIMEX3 value a rule's match gives at the rule's precision, or None if invalid."""
    year, month, day = _parts(m, cfg)
    if precision == "year":
        return f"{year:04d}" if year else None
    d = _date(year, month, day)
    return d.isoformat() if d else None


def common_value(lo: dt.date, hi: dt.date) -> str | None:
    """The smallest TIMEX3 unit (day, ISO week, month, year) holding both dates, else None.

    >>> common_value(dt.date(2017, 8, 28), dt.date(2017, 8, 30))
    '2017-W35'
    """
    if lo == hi:
        return lo.isoformat()
    (ly, lw, _), (hy, hw, _) = lo.isocalendar(), hi.isocalendar()
    if (ly, lw) == (hy, hw):
        return f"{ly:04d}-W{lw:02d}"
    if (lo.year, lo.month) == (hi.year, hi.month):
        return f"{lo.year:04d}-{lo.month:02d}"
    return f"{lo.year:04d}" if lo.year == hi.year else None


def _in_year_before(year: int | None, month: int, day: int, limit: dt.date) -> dt.date | None:
    """The date (year given, else the latest year) that falls on or before `limit`."""
    if year is not None:
        return _date(year, month, day)
    d = _date(limit.year, month, day)
    return d if d is None or d <= limit else _date(limit.year - 1, month, day)


def bound_by_updates(body: str, cfg: DctConfig) -> Dct | None:
    """Bound an undated original by its dated UPDATE headers (from above) and by the latest date
    and weekday it names itself (from below); None when the body has no dated UPDATE header."""
    heads = [(m, *_parts(m, cfg)) for m in cfg.update_header.finditer(body)]
    full = [d for d in (_date(y, mo, da) for _, y, mo, da in heads) if d]
    if not full:
        return None
    dated = [(_in_year_before(y, mo, da, min(full)), m.group(0).strip()) for m, y, mo, da in heads]
    upper, upper_q = min((d, q) for d, q in dated if d)
    original = body[: heads[0][0].start()]
    found = []
    for regex in cfg.update_dates:
        for m in regex.finditer(original):
            year, month, day = _parts(m, cfg)
            d = _in_year_before(year, month, day, upper) if month and day else None
            if d and d <= upper:
                found.append((d, m.group(0).strip()))
    if not found:
        return Dct(
            None,
            "unknown",
            f'undated original; the earliest update "{upper_q}" puts it '
            f"not after {upper}, and it names no date that bounds it from below",
        )
    anchor, anchor_q = max(found)
    lower, lower_q = anchor, f'"{anchor_q}", the latest day it names'
    for m in cfg.weekday.finditer(original):
        day = m.group("weekday")
        d = anchor + dt.timedelta(days=(WEEKDAYS.index(day) - anchor.weekday()) % 7)
        if lower < d <= upper:
            lower = d
            lower_q = f'"{day}", the first {day} on or after "{anchor_q}" ({anchor})'
    value = common_value(lower, upper)
    why = (
        f"undated original, bounded by its own text: written on or after {lower} ({lower_q}),"
        f' published by {upper} (the earliest update, "{upper_q}")'
    )
    if value is None:
        return Dct(None, "unknown", why + "; no single year holds both")
    return Dct(value, "inferred", f"{why}; both fall in {value}")


def _edges(head: str, body: str, cfg: DctConfig) -> tuple[str, str]:
    """(head text, edge text): the title block with the first `head_lines` non-empty body
    lines, and that with the last `tail_lines` lines too."""
    lines = [ln for ln in body.split("\n") if ln.strip()]
    head_text = head + "\n" + "\n".join(lines[: cfg.head_lines])
    tail = lines[cfg.head_lines :][-cfg.tail_lines :] if cfg.tail_lines else []
    return head_text, head_text + "\n" + "\n".join(tail)


def find_dct(head: str, body: str, language: str = "en") -> Dct:
    """The publication date an article's text supports: `head` is the title block, `body` the
    article body. First matching rule wins; then UPDATE bounds; else unknown (an "Updated"
    label alone is named in the evidence as an upper bound).

    >>> find_dct("", "December 14, 2017\\n\\nThe report was released this week.")
    Dct(value='2017-12-14', source='text', evidence='"December 14, 2017" (rule dateline_mdy)')
    >>> find_dct("", "Rebels fired a missile at the end of September.").source
    'unknown'
    >>> find_dct("", "The army said.\\nDate of publication 4 October 2016").value
    '2016-10-04'
    """
    cfg = dct_config(language)
    head_text, edge_text = _edges(head, body, cfg)
    texts = {"head": head_text, "edges": edge_text, "body": body}
    yearless = None  # a dateline that names its day but not its year
    for rule in cfg.rules:
        for m in rule.regex.finditer(texts[rule.where]):
            value = rule_value(m, rule.precision, cfg)
            quote = " ".join(m.group(0).split())
            if value:
                return Dct(value, rule.source, f'"{quote}" (rule {rule.id})')
            yearless = yearless or (quote if _parts(m, cfg)[0] is None else None)
    bounded = bound_by_updates(body, cfg)
    if bounded is not None:
        return bounded
    label = cfg.update_label.search(edge_text) if cfg.update_label else None
    if label is not None:
        quote = " ".join(label.group(0).split())
        return Dct(None, "unknown", f'only an update date is printed ("{quote}"): published on '
                   "or before it, but the text does not say when")
    if yearless:
        return Dct(None, "unknown", f'the dateline "{yearless}" names no year, and none is '
                   "guessed")
    return Dct(None, "unknown", "the text prints no date of publication and none can be inferred")
