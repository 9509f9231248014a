"""Complete underspecified values (`Spec`) per document, in text order, from an anchor.

News: deictic expressions ("last week", "Monday") anchor to the publication date (dct),
anaphoric ones ("a week later", "On 18 April") to the story's current reference time (the
last resolved date mention), else the dct. Narrative: the reference time wins for everything
but "this year"-like names of the writer's own year. A year without its year ("March") takes
the year nearest its anchor; in news a year after the publication date needs a future cue.
Nothing reads the clock: with no anchor, values keep their X's and the reason says why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from threadline.timex import era
from threadline.timex.complete import (
    ORDER,
    Anchor,
    make_anchor,
    partial_value,
    reported_quarter,
    season_value,
    shift_value,
    template,
    this_value,
    weekday_value,
)
from threadline.timex.rules import Tense, load
from threadline.timex.spec import Spec

__all__ = ["Anchor", "Resolved", "choose_anchor", "is_future", "make_anchor", "resolve", "tense"]

#: In news, a date without its year follows the story's reference date only while that date
#: lies within this many years of the publication date; a background date further back
#: ("NATO, founded in 1949 ... in April") leaves the year to the publication date (HeidelTime).
STORY_YEARS = 1



@dataclass(frozen=True)
class Resolved:
    """A completed mention value with its provenance."""

    type: str
    value: str
    mod: str | None
    anchor: str
    anchor_ref: str | None
    reason: str
    freq: str | None = None  # SET only (TimeML freq, quant)
    quant: str | None = None


#: A word of a tense cue (letters, with an apostrophe inside: "won't").
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")


def _progressive(low: str, word: str, t: Tense) -> bool:
    """Whether `word` (`low`: lower case) after "is"/"are" makes the present progressive: with a
    weekday, an arrangement ahead ("the envoys are meeting on Thursday"); with a longer unit
    the present ("the bank is raising its reserves for the third quarter"), so no cue."""
    return (len(low) > 5 and low.endswith("ing") and word.islower()
            and low not in t.not_progressive)


def _cue(text: str, lo: int, hi: int, t: Tense, last: bool = True) -> str:
    """The tense of the last cue in text[lo:hi] (`last`, else of the first one), "" for none
    (see `tense` in lexicon.yaml): the words are read in text order, a phrase taking its
    words. An "ahead" cue (a plan told in the past) is the future before the expression
    ("planned to leave on Thursday") and the past after it ("On Monday, it planned to")."""
    words = _WORD.findall(text, lo, hi)
    low = [w.lower() for w in words]
    phrases, past_verbs, not_past, not_after = t.phrases, t.past_verbs, t.not_past, t.not_after
    i, prev, n, found = 0, "", len(words), ""
    while i < n:
        w = low[i]
        kind = None
        for phrase, kind in phrases.get(w, ()):  # noqa: B007 (the phrase that matched)
            if tuple(low[i : i + len(phrase)]) == phrase:
                i, prev = i + len(phrase), phrase[-1]
                break
        else:
            kind = None
            if w in t.progressive and i + 1 < n and _progressive(low[i + 1], words[i + 1], t):
                kind = "progressive"  # "are meeting Thursday" (its -ing word is read next)
            elif (w in past_verbs or (len(w) > 3 and w.endswith("ed") and words[i].islower()
                                    and not w.startswith("un") and w not in not_past)) \
                    and prev not in not_after:
                kind = "past"
            i, prev = i + 1, w
        if kind == "ahead":  # a plan told in the past: its date is ahead if it follows the plan
            kind = "future" if last else "past"
        if kind is not None and kind != "none":
            if not last:
                return kind
            found = kind
    return found


def tense(sentence: str, start: int = 0, end: int | None = None) -> str:
    """The tense of the clause around sentence[start:end]: "future", "past", "progressive" (the
    present progressive: the future for a weekday only) or "" (no cue).
    The lexicon's cue nearest the expression's end, in the expression or before it in its
    clause, decides, else the first one after it (`tense` in lexicon.yaml, with the reach).

    >>> tense("Talks will resume on Thursday.", 21), tense("Talks resumed on Thursday.", 17)
    ('future', 'past')
    >>> tense("The offer had been scheduled to expire Friday.", 39)
    'past'
    """
    t = load().tense
    end = len(sentence) if end is None else end
    lo = max(0, start - t.before)
    # (a clause end begins at one of `clause_start`'s characters: the scans skip to the
    # first one, the clause-end regex being slow to try at every position)
    first = t.clause_start.search(sentence, lo, start) if t.clause_start else None
    if first is not None or t.clause_start is None:
        for m in t.clause_end.finditer(sentence, first.start() if first else lo, start):
            lo = m.end()
    found = _cue(sentence, lo, end, t)
    if found:
        return found
    hi = min(len(sentence), end + t.after)
    first = t.clause_start.search(sentence, end, hi) if t.clause_start else None
    stop = t.clause_end.search(sentence, first.start() if first else end, hi) if (
        first is not None or t.clause_start is None) else None
    return _cue(sentence, end, stop.start() if stop else hi, t, last=False)


def is_future(sentence: str, start: int = 0, end: int | None = None) -> bool:
    """Whether the clause around sentence[start:end] speaks of the future (`tense`).

    >>> is_future("Talks will resume on Thursday.", 21)
    True
    """
    return tense(sentence, start, end) == "future"


def choose_anchor(spec: Spec, doc_type: str, dct: Anchor | None,
                  ref: Anchor | None) -> tuple[Anchor | None, str]:
    """The anchor a spec resolves against and its label (dct | narrative)."""
    if spec.anchor == "current":  # "year-ago": the story's date if it is of the year of writing
        if ref is not None and (dct is None or ref.start.year == dct.start.year):
            return ref, "narrative"
        return dct, "dct"
    if spec.kind == "weekday" and doc_type == "news":
        if dct is not None and dct.gran in ("day", "time", "week"):
            return dct, "dct"
        if ref is not None and ref.gran in ("day", "time"):
            return ref, "narrative"
        return dct, "dct"
    if doc_type == "news" and ref is not None:
        if spec.gran == "quarter" and spec.kind == "partial" and ref.gran == "quarter":
            return ref, "narrative"  # "the 1988 quarter" after "the second quarter"
        if spec.kind == "partial" and spec.anchor != "deictic" and (
                dct is None or ORDER[dct.gran] >= ORDER["year"] or (
                    abs(ref.start.year - dct.start.year) <= STORY_YEARS
                    and ref.gran in ("day", "time"))):
            return ref, "narrative"
        if spec.kind == "partial":
            return dct, "dct"
        if spec.unit == "quarter" and spec.kind == "this":
            same_year = dct is None or ref.start.year == dct.start.year
            done = dct is None or ref.end < dct.start  # "the latest quarter" has ended
            latest = spec.offset is None  # "the latest quarter"; "the current quarter" is now's
            usable = ref.gran == "quarter" and same_year and (
                spec.anchor != "deictic" or (done and latest))
            return (ref, "narrative") if usable else (dct, "dct")
        if spec.kind == "shift" and spec.unit == "year" and ref.gran == "quarter":
            return ref, "narrative"
        if spec.kind == "time" and ref.gran not in ("day", "time"):
            return dct, "dct"  # "at noon" after "in March": the day of writing, not no day
    if spec.anchor == "deictic" and doc_type == "news":
        return dct, "dct"
    if (spec.anchor == "deictic" and spec.kind == "this" and spec.offset == 0 and dct is not None
            and spec.unit in ("year", "decade", "century") and not (spec.definite and ref)):
        return dct, "dct"  # "this year" names the writer's year, even in a narrative (but "the
        # end of the year" there is the story's year)
    if ref is not None:
        return ref, "narrative"
    return dct, "dct"


#: How a value one unit finer than its anchor's precision is written with X's (TIMEX3).
_PADS = {("day", "month"): "-XX", ("day", "year"): "-XX-XX", ("month", "year"): "-XX",
         ("week", "year"): "-WXX"}


def _within(spec: Spec, a: Anchor) -> str | None:
    """"That same day" after a month-precise date: the day is of that month but unknown
    ("1998-10-XX", "BC0479-06-XX"); only for the anaphoric same period (offset 0)."""
    if spec.kind != "this" or spec.anchor != "anaphoric" or spec.offset not in (0, None):
        return None
    pad = _PADS.get((spec.unit or "", a.gran))
    return None if pad is None else a.value.split("T")[0] + pad


def _year_quarter(spec: Spec, a: Anchor, label: str) -> str | None:
    """"The 1988 quarter": the quarter of the reference (or the one last reported before the
    publication date) in the year the words give."""
    if a.gran in ("year", "decade", "century", "season") or spec.year is None:
        return None
    q = (reported_quarter(a) if label == "dct" and a.gran != "quarter" else a).start.month
    return f"{spec.year:04d}-Q{(q - 1) // 3 + 1}"


def resolve(spec: Spec, doc_type: str, dct: Anchor | None, ref: Anchor | None,
            when: str) -> Resolved:
    """Complete one spec against the document's dct and current reference time (`when`: the
    clause's `tense`)."""
    future = when == "future"
    if spec.kind == "absolute":
        return Resolved(spec.type, spec.value or "", spec.mod, "absolute", None,
                        "fully specified in the text")
    if spec.kind == "fixed":
        anchor = spec.anchor if spec.anchor in ("dct", "absolute", "none") else "none"
        if anchor == "dct":
            why = ("a duration that ends or starts at the time of writing"
                   if spec.type == "DURATION" else "a reference to the time of writing")
        elif anchor == "absolute":
            why = "a year range fully specified in the text"
        else:
            why = "a duration or set: no calendar anchor"
        return Resolved(spec.type, spec.value or "", spec.mod, anchor,
                        "dct" if anchor == "dct" else None, why, spec.freq, spec.quant)
    a, label = choose_anchor(spec, doc_type, dct, ref)
    if a is None:
        why = ("no publication date and no earlier date in the story" if doc_type == "narrative"
               or spec.anchor != "deictic" else "relative to the publication date, which is "
               "unknown")
        return Resolved(spec.type, template(spec), spec.mod, "none", None,
                        f"unresolved: {why}")
    if spec.kind == "partial" and spec.gran == "quarter":
        value = _year_quarter(spec, a, label)
    elif spec.kind == "partial":
        limit = dct.end if dct is not None and doc_type == "news" else None
        value = partial_value(spec, a, label, when, limit)
        if value and spec.gran == "week" and (day := make_anchor(value, "")) is not None:
            value = era.truncate(day.start, "week")  # "the week of March 6"
    elif spec.kind == "shift":
        if spec.gran == "quarter" and label == "dct" and not future:
            a = reported_quarter(a)  # "the year-ago quarter" of a report on the last one
        value = shift_value(spec, a, spec.anchor == "anaphoric" or (
            spec.anchor == "current" and label == "narrative"))
    elif spec.kind == "this":
        value = this_value(spec, a, future, label)
    elif spec.kind == "season":
        value = season_value(spec, a, future)
    elif spec.kind == "weekday":
        value = weekday_value(spec, a, future or when == "progressive", label, when)
    else:  # clock time
        value = (a.start.isoformat() + (spec.time or "")) if a.gran in ("day", "time") else None
    where = "the publication date" if label == "dct" else f"the reference date {a.ref}"
    inside = _within(spec, a) if value is None else None
    if inside is not None:
        return Resolved(spec.type, inside, spec.mod, "dct" if label == "dct" else "narrative",
                        a.ref, f"within {where} {a.value}: its {spec.unit} is not known")
    if value is None:
        return Resolved(spec.type, template(spec), spec.mod, "none", None,
                        f"unresolved: {where} ({a.value}) is too coarse for this expression")
    said = f" ({when} tense)" if when else ""
    if era.is_proxy(a.start):  # a value found from a date before the common era
        value = era.from_proxy(value)
    return Resolved(spec.type, value, spec.mod, "dct" if label == "dct" else "narrative",
                    a.ref, f"resolved against {where} {a.value}{said}")
