"""Lexicons (triggers, actors, weapons, places) as data, and their vectorised matching.

Each lexicon is a YAML file under ``resources/en/events/`` (see its ``purpose`` and
``format``); users extend them by adding entries. `load_lexicon` flattens one into a frame of
(id, form, ...) rows; `find_terms` finds every form in a frame of sentences with one
Aho-Corasick automaton per lexicon (leftmost-longest, whole words), run by polars over all
sentences at once. Any entry
may set ``exact_case: true`` to match its forms with their case only ("TOW", not "tow").
"""

from __future__ import annotations

import functools
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
    where = str(path) if path else f"resources/en/events/{name}.yaml"
    data = load_yaml_file(path) if path else load_yaml(f"en/events/{name}.yaml")
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise ResourceError(f"{where}: expected a mapping with an 'entries' list")
    return {"where": where, **data}


@functools.cache
def acled() -> dict:
    """ACLED's taxonomy, column names and time precisions (resources/en/events/acled.yaml)."""
    return load_yaml("en/events/acled.yaml")


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


@functools.cache
def actor_parents() -> dict[str, str]:
    """Actor name -> the name of the actor it belongs to ("Israeli Air Force" -> "Israel").

    >>> actor_parents()["Israeli Air Force"]
    'Israel'
    """
    lex = load_lexicon("actors").unique("id")
    if "parent" not in lex.columns:
        return {}
    names = dict(zip(lex["id"], lex["name"], strict=True))
    return {n: names[p] for n, p in zip(lex["name"], lex["parent"], strict=True) if p}


def _key(form: str, ignore_case: bool) -> str:
    """The normalised form used to look a match up: spaces collapsed, lower-cased if asked."""
    key = " ".join(form.replace("\u00a0", " ").split())
    return key.lower() if ignore_case else key


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
    """Match the `form` (else `key`) column of `lex` in `sentences`; rows with a true
    `exact_case` keep their case. See find_terms.

    One Aho-Corasick pass over all sentences (leftmost-longest, ASCII case folded when
    `ignore_case`), then vectorised filters: whole words only, and no form glued to a
    following "-x" ("US-made"). White space in a form matches any one white-space character.

    >>> lex = pl.DataFrame({"form": ["US", "US Army"], "key": ["US", "US Army"]})
    >>> s = pl.DataFrame({"doc_id": ["d"], "sent_no": [0], "sentence": ["US-made, US\u00a0Army"]})
    >>> match_terms(s, lex, False).select("text", "pos").rows()
    [('US\xa0Army', 9)]
    """
    col = "form" if "form" in lex.columns else "key"
    lex = lex.with_columns(pl.col(col).alias("_form"))
    exact = pl.col("exact_case").fill_null(False) if "exact_case" in lex.columns else pl.lit(False)
    forms = sorted({" ".join(f.split()) for f in lex["_form"] if f.strip()}, key=len, reverse=True)
    spaced = pl.col("sentence").str.replace_all(r"\s", " ")
    found = (
        sentences.select("doc_id", "sent_no", "sentence", spaced.alias("_spaced"))
        .with_columns(pl.col("_spaced").str.find_many(
            forms, ascii_case_insensitive=ignore_case, leftmost=True).alias("_byte"))
        .filter(pl.col("_byte").list.len() > 0)
        .explode("_byte")
    )
    head = pl.col("_spaced").cast(pl.Binary).bin.slice(0, pl.col("_byte")).cast(pl.String)
    found = found.with_columns(head.str.len_chars().cast(pl.Int64).alias("pos"))
    rest = pl.col("_spaced").str.slice(pl.col("pos"))
    found = found.with_columns(rest.str.extract_many(
        forms, ascii_case_insensitive=ignore_case, leftmost=True).list.first().alias("_hit"))
    n = pl.col("_hit").str.len_chars()
    before = pl.col("sentence").str.slice(pl.col("pos") - 1, 1).fill_null("")
    after = pl.col("sentence").str.slice(pl.col("pos") + n, 2)
    word = r"^\w"
    whole = (
        ((pl.col("pos") == 0) | before.str.contains(word).not_()
         | pl.col("_hit").str.contains(word).not_())
        & (after.str.contains(word).not_() | pl.col("_hit").str.contains(r"\w$").not_())
        & after.str.contains(r"^-\w").not_()
    )
    key = pl.col("_hit").str.to_lowercase() if ignore_case else pl.col("_hit")
    hits = found.filter(whole).select(
        "doc_id", "sent_no", pl.col("sentence").str.slice(pl.col("pos"), n).alias("text"),
        "pos", key.alias("key"), pl.col("_hit"))
    as_written = pl.col("_hit") == pl.col("_form").str.replace_all(r"\s+", " ")
    return (hits.join(lex, on="key", how="inner").filter(exact.not_() | as_written)
            .drop("_hit", "_form", "form", "exact_case", strict=False)
            .sort("doc_id", "sent_no", "pos"))


def lexicon_examples(name: str) -> list[tuple[str, str, bool]]:
    """(entry id, sentence, should match?) for every example / counter-example of a lexicon."""
    data = raw_lexicon(name, None)
    out = []
    for entry in data["entries"]:
        out += [(entry["id"], s, True) for s in entry.get("examples", [])]
        out += [(entry["id"], s, False) for s in entry.get("counter_examples", [])]
    return out
