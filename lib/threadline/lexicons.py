"""Lexicons (triggers, actors, weapons, places) as data, and their vectorised matching.

Each lexicon is a YAML file under ``resources/en/lexicons/`` (see its ``purpose`` and
``format``); users extend them by adding entries. `load_lexicon` flattens one into a frame of
(id, form, ...) rows; `find_terms` finds every form in a frame of sentences with one regex per
lexicon (longest form first, whole words), run by polars over all sentences at once. Any entry
may set ``exact_case: true`` to match its forms with their case only ("TOW", not "tow").
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import polars as pl

from threadline.resources import ResourceError, load_yaml, load_yaml_file, require_keys

#: Lexicon name -> (required entry keys, match case-insensitively?)
KINDS: dict[str, tuple[tuple[str, ...], bool]] = {
    "triggers": (("id", "lemma", "forms", "event_type", "sub_event_type"), True),
    "actors": (("id", "name", "aliases", "kind"), False),
    "weapons": (("id", "name", "aliases", "class"), True),
    "places": (("id", "name", "aliases", "kind", "country"), False),
}


def raw_lexicon(name: str, path: str | Path | None) -> dict:
    """The parsed YAML of lexicon `name` (packaged, or the file at `path`), with its 'where'."""
    where = str(path) if path else f"resources/en/lexicons/{name}.yaml"
    data = load_yaml_file(path) if path else load_yaml(f"en/lexicons/{name}.yaml")
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise ResourceError(f"{where}: expected a mapping with an 'entries' list")
    return {"where": where, **data}


@functools.cache
def acled() -> dict:
    """ACLED's taxonomy, column names and time precisions (resources/en/lexicons/acled.yaml)."""
    return load_yaml("en/lexicons/acled.yaml")


@functools.cache
def load_lexicon(name: str, path: str | None = None) -> pl.DataFrame:
    """One row per (entry, surface form) of lexicon `name`, validated strictly (cached).

    >>> lex = load_lexicon("weapons")
    >>> lex.filter(pl.col("form") == "TOWs").select("id", "name", "class").rows()
    [('tow', 'BGM-71 TOW', 'atgm')]
    """
    if name not in KINDS:
        raise ResourceError(f"unknown lexicon {name!r}; expected one of {', '.join(KINDS)}")
    keys, _ = KINDS[name]
    data = raw_lexicon(name, path)
    taxonomy = acled()["event_types"]
    rows, seen = [], set()
    for n, entry in enumerate(data["entries"], 1):
        label = entry.get("id", "?") if isinstance(entry, dict) else entry
        where = f"{data['where']}: entry {n} ({label})"
        require_keys(entry, keys, where=where)
        if entry["id"] in seen:
            raise ResourceError(f"{where}: duplicate id {entry['id']!r}")
        seen.add(entry["id"])
        if name == "triggers" and entry["sub_event_type"] not in taxonomy.get(
            entry["event_type"], []
        ):
            raise ResourceError(
                f"{where}: {entry['event_type']!r} / {entry['sub_event_type']!r} is not in "
                "ACLED's taxonomy (see acled.yaml)"
            )
        forms = entry.get("forms", entry.get("aliases")) or []
        if name in ("actors", "weapons"):
            forms = [entry["name"], *forms]
        fields = {k: v for k, v in entry.items()
                  if k not in ("forms", "aliases", "examples", "counter_examples")}
        for form in dict.fromkeys(str(f) for f in forms):
            rows.append({**fields, "form": form, "key": _key(form, KINDS[name][1])})
    order = {t: i for i, t in enumerate(acled()["violence_order"])}
    frame = pl.DataFrame(rows, infer_schema_length=None)
    if name == "triggers":
        if "light" not in frame.columns:
            frame = frame.with_columns(pl.lit(False).alias("light"))
        frame = frame.with_columns(
            pl.col("event_type").replace_strict(order, return_dtype=pl.Int64).alias("rank"),
            pl.col("light").fill_null(False),
        )
    return frame.unique(subset="key", keep="first", maintain_order=True)


def _key(form: str, ignore_case: bool) -> str:
    """The normalised form used to look a match up: spaces collapsed, lower-cased if asked."""
    key = " ".join(form.replace("\u00a0", " ").split())
    return key.lower() if ignore_case else key


def pattern(forms: list[str], ignore_case: bool, exact: frozenset[str] = frozenset()) -> str:
    """One regex for all `forms`: whole words, longest first, with a glued ``-x`` captured;
    forms in `exact` keep their case even when the rest ignores it.

    >>> re.findall(pattern(["US", "US Army"], False), "US-made, US Army")
    ['US-m', 'US Army']
    >>> re.findall(pattern(["TOW", "drone"], True, frozenset({"TOW"})), "a Drone, a tow, a TOW")
    ['Drone', 'TOW']
    """
    alts = sorted(set(forms), key=len, reverse=True)
    body = "|".join(f"(?-i:{_alternative(f)})" if f in exact else _alternative(f)
                    for f in alts if f.strip())
    return ("(?i)" if ignore_case else "") + rf"(?:{body})(?:-\w)?"


def _alternative(form: str) -> str:
    """A form as a regex: spaces match any white space; word edges get a word boundary."""
    core = r"\s+".join(re.escape(w) for w in form.split())
    head = r"\b" if re.match(r"\w", form) else ""
    tail = r"\b" if re.search(r"\w$", form) else ""
    return head + core + tail


def find_terms(sentences: pl.DataFrame, name: str, path: str | None = None) -> pl.DataFrame:
    """Every match of lexicon `name` in `sentences` (doc_id, sent_no, sentence), in text order.

    Returns doc_id, sent_no, text (as written), pos (code point in the sentence) and the
    lexicon's columns for the matched form. Matches glued to a hyphen ("US-made") are dropped.

    >>> s = pl.DataFrame({"doc_id": ["d"], "sent_no": [0],
    ...                   "sentence": ["US-backed rebels fired a TOW at the SAA."]})
    >>> find_terms(s, "actors").select("text", "pos", "name").rows()
    [('rebels', 10, 'Syrian rebels'), ('SAA', 36, 'Syrian government')]
    """
    return match_terms(sentences, load_lexicon(name, path), KINDS[name][1])


def match_terms(sentences: pl.DataFrame, lex: pl.DataFrame, ignore_case: bool) -> pl.DataFrame:
    """Match the `form` (else `key`) column of `lex` in `sentences` with one regex; rows with
    a true `exact_case` keep their case. See find_terms."""
    forms = lex["form" if "form" in lex.columns else "key"].to_list()
    exact = frozenset(lex.filter(pl.col("exact_case").fill_null(False))["form"]) if (
        "exact_case" in lex.columns) else frozenset()
    regex = pattern(forms, ignore_case, exact)
    lex = lex.drop("form", "exact_case", strict=False)
    found = (
        sentences.select("doc_id", "sent_no", "sentence",
                         pl.col("sentence").str.extract_all(regex).alias("text"))
        .filter(pl.col("text").list.len() > 0)
    )
    rows, keys = [], set(lex["key"])
    for doc_id, sent_no, sentence, texts in found.iter_rows():
        at = 0
        for text in texts:
            pos = sentence.find(text, at)
            at = pos + len(text)
            if not re.search(r"-\w$", text) or _key(text, ignore_case) in keys:
                rows.append((doc_id, sent_no, text, pos, _key(text, ignore_case)))
    hits = pl.DataFrame(rows, orient="row", schema={
        "doc_id": pl.String, "sent_no": pl.Int64, "text": pl.String, "pos": pl.Int64,
        "key": pl.String})
    return hits.join(lex, on="key", how="inner").sort("doc_id", "sent_no", "pos")


def lexicon_examples(name: str) -> list[tuple[str, str, bool]]:
    """(entry id, sentence, should match?) for every example / counter-example of a lexicon."""
    data = raw_lexicon(name, None)
    out = []
    for entry in data["entries"]:
        out += [(entry["id"], s, True) for s in entry.get("examples", [])]
        out += [(entry["id"], s, False) for s in entry.get("counter_examples", [])]
    return out
