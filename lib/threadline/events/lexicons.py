"""Lexicon matching, vectorised, and the places lexicon loader (kept for `events.places`).

`match_terms` finds every form of a lexicon frame (``form``/``key`` columns, see
`events.vocab`) in a frame of sentences with one Aho-Corasick pass run by polars over all
sentences at once (leftmost-longest, whole words). Any row may set ``exact_case`` to match its
form with its case only ("TOW", not "tow"). `load_lexicon("places")` reads places.yaml.
"""

from __future__ import annotations

import functools
from pathlib import Path

import polars as pl

from threadline.resources import ResourceError, load_yaml, load_yaml_file, require_keys

#: Lexicon name -> (required entry keys, match case-insensitively?)
KINDS: dict[str, tuple[tuple[str, ...], bool]] = {
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
    """One row per (entry, surface form) of lexicon `name` (places), validated (cached).

    >>> load_lexicon("places").filter(pl.col("form") == "Golan").select("name").item()
    'Golan Heights'
    """
    if name not in KINDS:
        raise ResourceError(f"unknown lexicon {name!r}; expected one of {', '.join(KINDS)}")
    keys, ignore_case = KINDS[name]
    data = raw_lexicon(name, path)
    rows, seen = [], set()
    for n, entry in enumerate(data["entries"], 1):
        label = entry.get("id", "?") if isinstance(entry, dict) else entry
        where = f"{data['where']}: entry {n} ({label})"
        require_keys(entry, keys, where=where)
        if entry["id"] in seen:
            raise ResourceError(f"{where}: duplicate id {entry['id']!r}")
        seen.add(entry["id"])
        forms = entry.get("aliases") or []  # a place matches by its aliases only
        fields = {k: v for k, v in entry.items()
                  if k not in ("forms", "aliases", "examples", "counter_examples")}
        for form in dict.fromkeys(str(f) for f in forms):
            rows.append({**fields, "form": form, "key": _key(form, ignore_case)})
    frame = pl.DataFrame(rows, infer_schema_length=None)
    return frame.unique(subset="key", keep="first", maintain_order=True)


def _key(form: str, ignore_case: bool) -> str:
    """The normalised form used to look a match up: spaces collapsed, lower-cased if asked."""
    key = " ".join(form.replace("\u00a0", " ").split())
    return key.lower() if ignore_case else key


def find_terms(sentences: pl.DataFrame, name: str, path: str | None = None) -> pl.DataFrame:
    """Every match of lexicon `name` in `sentences` (doc_id, sent_no, sentence), in text order.

    >>> s = pl.DataFrame({"doc_id": ["d"], "sent_no": [0], "sentence": ["Jets hit the Golan."]})
    >>> find_terms(s, "places").select("text", "pos").rows()
    [('Golan', 13)]
    """
    return match_terms(sentences, load_lexicon(name, path), KINDS[name][1])


def match_terms(sentences: pl.DataFrame, lex: pl.DataFrame, ignore_case: bool) -> pl.DataFrame:
    """Match the `form` (else `key`) column of `lex` in `sentences`; rows with a true
    `exact_case` keep their case. Returns doc_id, sent_no, text (as written), pos (code point
    in the sentence), key and the lexicon's columns for the matched form.

    Aho-Corasick passes run by polars over all sentences at once (one for the forms matched in
    any case, one with their case for `exact_case` forms, so "Iraqi Security Forces" never
    hides "security forces" written in lower case), then vectorised filters: whole words only,
    no form glued to a following "-x" ("US-made"), leftmost-longest across both passes. White
    space in a form matches any one white-space character and a typographic apostrophe matches
    "'". The text after each hit is read through a window as long as the longest form, so a
    long sentence with many hits stays linear.

    >>> lex = pl.DataFrame({"form": ["US", "US Army"], "key": ["US", "US Army"]})
    >>> s = pl.DataFrame({"doc_id": ["d"], "sent_no": [0], "sentence": ["US-made, US\u00a0Army"]})
    >>> match_terms(s, lex, False).select("text", "pos").rows()
    [('US\xa0Army', 9)]
    """
    col = "form" if "form" in lex.columns else "key"
    lex = lex.with_columns(pl.col(col).alias("_form"))
    exact = pl.col("exact_case").fill_null(False) if "exact_case" in lex.columns else pl.lit(False)
    passes = []
    for case_only in (False, True):
        part = lex.filter(exact == case_only) if ignore_case else (lex if not case_only else
                                                                   lex.clear())
        forms = sorted({" ".join(f.split()) for f in part["_form"] if f.strip()}, key=len,
                       reverse=True)
        if forms:
            passes.append((forms, ignore_case and not case_only))
    if not passes or sentences.is_empty():
        return _no_hits(sentences, lex)
    # every white space but the plain space (which would be replaced by itself) as a space
    spaced = pl.col("sentence").str.replace_all(r"[^\S ]", " ").str.replace_all("’", "'",
                                                                             literal=True)
    text = sentences.select("doc_id", "sent_no", "sentence", spaced.alias("_spaced"))
    hits = pl.concat([_pass(text, forms, ci) for forms, ci in passes])
    n = pl.col("_hit").str.len_chars()
    hits = hits.unique(["doc_id", "sent_no", "pos", "_hit"]).sort(
        "doc_id", "sent_no", "pos", n, descending=[False, False, False, True])
    reach = (pl.col("pos") + n).cum_max().shift(1).over("doc_id", "sent_no")
    hits = hits.filter(pl.col("pos") >= reach.fill_null(0))
    key = pl.col("_hit").str.to_lowercase() if ignore_case else pl.col("_hit")
    hits = hits.with_columns(key.alias("key"))
    as_written = pl.col("_hit") == pl.col("_form").str.replace_all(r"\s+", " ")
    return (hits.join(lex, on="key", how="inner").filter(exact.not_() | as_written)
            .drop("_hit", "_form", "form", "exact_case", strict=False)
            .sort("doc_id", "sent_no", "pos", maintain_order=True))


def _pass(text: pl.DataFrame, forms: list[str], ignore_case: bool) -> pl.DataFrame:
    """Whole-word hits of `forms` in `text` (doc_id, sent_no, sentence, _spaced): doc_id,
    sent_no, text, pos, _hit (the form as found)."""
    width = max(len(f) for f in forms) + 2
    found = (
        text.with_columns(pl.col("_spaced").str.find_many(
            forms, ascii_case_insensitive=ignore_case, leftmost=True).alias("_byte"))
        .filter(pl.col("_byte").list.len() > 0)
        .explode("_byte")
    )
    head = pl.col("_spaced").cast(pl.Binary).bin.slice(0, pl.col("_byte")).cast(pl.String)
    found = found.with_columns(head.str.len_chars().cast(pl.Int64).alias("pos"))
    rest = pl.col("_spaced").str.slice(pl.col("pos"), width)
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
    return found.filter(whole).select(
        "doc_id", "sent_no", pl.col("sentence").str.slice(pl.col("pos"), n).alias("text"),
        "pos", pl.col("_hit"))


def _no_hits(sentences: pl.DataFrame, lex: pl.DataFrame) -> pl.DataFrame:
    """The empty result of `match_terms`, with its columns."""
    base = {"doc_id": pl.String, "sent_no": pl.Int64, "text": pl.String, "pos": pl.Int64,
            "key": pl.String}
    extra = {c: t for c, t in lex.schema.items()
             if c not in base and c not in ("_form", "form", "exact_case")}
    return pl.DataFrame(schema=base | extra)
