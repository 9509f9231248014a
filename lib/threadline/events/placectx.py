"""The context of each place-name span: the words around it, its chunk, its parentheses.

`context` adds to every span of `placenames.spans` what the decision rules of
`threadline.events.places` read: the two tokens before and the one after (lower case), whether
it sits inside a longer capitalised name (an organisation or a person: "Islamic State of Iraq",
"Tony Blair"), a locative cue ("in X", "the village of X", "X province"), a "near" cue, an
"(District, Province)" parenthesis after it or around it, and whether it follows "Place, ".
"""

from __future__ import annotations

import polars as pl

from threadline.events.placedata import word_class

_FLAGS = ["locative", "near", "designated", "admin_designated", "of_type", "left_bad",
          "right_bad", "org_of", "in_hint", "after_place", "person_next", "titled", "short_caps",
          "adjectival"]
_HINT = r"^\s*(?:[\p{Ll}-]+\s+)?\(([^()]{2,80})\)"
#: "Place[ designator], Name": the name after the comma may be the place's province.
_NEXT = r"^(?:\s+[\p{Ll}-]+)?,\s*(\p{Lu}[^,.;:()]{1,40})"


def chunk_stats(toks: pl.DataFrame) -> pl.DataFrame:
    """Per token: `lbad` (chunk members up to it that are not modifiers such as "North"),
    `rbad` (members from it on that are not designators such as "Airport"), `csize`."""
    low = pl.col("low")
    mods = list(word_class("modifier"))
    facs = list(word_class("facility"))
    member = pl.col("chunk").is_not_null()
    t = toks.with_columns((member & ~low.is_in(mods)).cast(pl.Int32).alias("_nm"),
                          (member & ~low.is_in(facs)).cast(pl.Int32).alias("_nf"))
    return t.with_columns(
        pl.col("_nm").cum_sum().over("chunk").alias("lbad"),
        pl.col("_nf").cum_sum(reverse=True).over("chunk").alias("rbad"),
        pl.when(member).then(pl.len().over("chunk")).alias("csize"),
    ).drop("_nm", "_nf")


def _neighbour(spans: pl.DataFrame, toks: pl.DataFrame, offset: pl.Expr, prefix: str,
               cols: tuple[str, ...]) -> pl.DataFrame:
    """The columns of the token `offset` tokens from each span's first one (null outside its
    sentence), prefixed: a gather by row number, no join."""
    idx = (pl.col("row").cast(pl.Int64) + offset).alias("_i")
    at = spans.select(idx.clip(0, toks.height - 1))["_i"]
    valid = spans.select(idx.is_between(0, toks.height - 1))["_i"]
    same = (toks["sid"].gather(at) == spans["sid"]) & valid
    return spans.with_columns(
        [pl.when(same).then(toks[c].gather(at)).alias(prefix + c) for c in cols])


def context(spans: pl.DataFrame, toks: pl.DataFrame, sents: pl.DataFrame) -> pl.DataFrame:
    """`spans` with the context columns described in the module docstring."""
    toks = chunk_stats(toks)
    n = pl.col("n")
    sp = _neighbour(spans, toks, pl.lit(0), "s_", ("chunk", "gap", "tok", "first"))
    sp = _neighbour(sp, toks, n - 1, "e_", ("chunk",))
    sp = _neighbour(sp, toks, pl.lit(-1), "p1_", ("low", "chunk", "lbad", "gap", "csize", "tok"))
    sp = _neighbour(sp, toks, pl.lit(-2), "p2_", ("low", "chunk", "csize", "gap"))
    sp = _neighbour(sp, toks, n, "n1_", ("low", "chunk", "rbad", "gap", "cap"))
    t = pl.col("t")
    ends = spans.select("sid", (t + n - 1).alias("_e"), pl.lit(True).alias("_place")).unique()
    designator = pl.col("p1_low").is_in(list(word_class("admin2") | word_class("populated")))
    step = pl.when(designator & (pl.col("p1_gap") == " ")).then(2).otherwise(1)
    sp = sp.with_columns((t - step).alias("_e")).join(ends, on=["sid", "_e"], how="left")
    sp = sp.with_columns(pl.col("_place").fill_null(False).alias("p1_place")).drop("_e", "_place")
    sp = sp.join(sents.select("sid", "doc_id", "sent_no", "sentence"), on="sid", how="left")
    return _cues(sp)


def _cues(sp: pl.DataFrame) -> pl.DataFrame:
    """Boolean cue columns from the neighbour columns."""
    def has(col: str, cls: str) -> pl.Expr:
        return pl.col(col).is_in(list(word_class(cls))).fill_null(False)

    spaced = pl.col("s_gap").is_in([" ", "\u00a0"])
    of = (pl.col("p1_low") == "of") & spaced
    kinds = ("admin1", "admin2", "populated")
    designated = pl.any_horizontal([has("n1_low", k) for k in kinds]) & pl.col("n1_gap").is_in(
        [" ", "-"]) & ~pl.col("n1_cap").fill_null(False)
    of_type = of & pl.col("p2_chunk").is_null() & pl.any_horizontal(
        [has("p2_low", k) for k in kinds])
    left_bad = pl.when(pl.col("p1_chunk") == pl.col("s_chunk")).then(pl.col("p1_lbad"))
    right_bad = pl.when(pl.col("n1_chunk") == pl.col("e_chunk")).then(pl.col("n1_rbad"))
    org_of = of & (pl.col("p2_csize").fill_null(0) >= 2)
    before = pl.col("sentence").str.slice(0, pl.col("pos"))
    after = pl.col("sentence").str.slice(pl.col("end"), 100)
    hint = after.str.extract(_HINT, 1)
    parts = hint.str.split(",").list.eval(pl.element().str.strip_chars())
    article = (pl.col("p1_low") == "the") & spaced & (pl.col("p2_gap") == " ")
    return sp.with_columns(
        ((spaced & has("p1_low", "locative")) | (article & has("p2_low", "locative")))
        .alias("locative"),
        ((spaced & has("p1_low", "near")) | (of & has("p2_low", "near"))
         | (designated & pl.col("n1_low").is_in(["outskirts", "countryside", "area", "district",
                                                  "suburb", "suburbs"]))).alias("near"),
        designated.alias("designated"),
        ((designated & has("n1_low", "admin1")) | (of & has("p2_low", "admin1")))
        .alias("admin_designated"),
        (of_type | (of & has("p2_low", "admin1"))).alias("of_type"),
        (left_bad.fill_null(0) > 0).alias("left_bad"),
        (right_bad.fill_null(0) > 0).alias("right_bad"),
        org_of.alias("org_of"),
        (before.str.count_matches(r"\(") > before.str.count_matches(r"\)")).alias("in_hint"),
        ((pl.col("s_gap").str.strip_chars() == ",") & pl.col("p1_place")).alias("after_place"),
        pl.when(parts.list.len() >= 2).then(parts.list.first()).alias("admin2_hint"),
        pl.coalesce(parts.list.last(), after.str.extract(_NEXT, 1)).alias("admin1_hint"),
        (pl.col("n1_low").is_in(list(word_class("person_next"))).fill_null(False)
         | (spaced & has("p1_low", "person_before"))).alias("person_next"),
        (pl.col("s_gap").is_in([". ", " "]) & (has("p1_low", "titles") | pl.col("p1_tok")
                                               .str.contains(r"^\p{Lu}$").fill_null(False)))
        .alias("titled"),
        ((pl.col("s_tok").str.len_chars() <= 3) & (pl.col("s_tok").str.to_uppercase()
                                                   == pl.col("s_tok"))
         | pl.col("s_tok").str.contains(r"^\p{Lu}\p{Ll}{0,2}\p{Lu}")).alias("short_caps"),
        ((pl.col("n1_gap") == "-") & ~pl.col("n1_cap").fill_null(True)).alias("adjectival"),
    ).with_columns(pl.col(_FLAGS).fill_null(False))
