"""Place-name candidates: tokens, capitalised chunks and name n-grams of all sentences at once.

`tokens` splits every sentence of a batch into word tokens with code-point offsets (one polars
pass, no per-sentence loop). A *chunk* is a maximal run of capitalised tokens (lower-case
particles such as "al", "ez" or "of" allowed inside, tokens one space or a particle's hyphen
apart): "Islamic State", "Deir ez-Zor", "Tony Blair". `ngrams` lists every 1-5 token run that
could be a name; `spans` keeps those whose folded text is a key of the name table.
"""

from __future__ import annotations

import functools

import polars as pl

from threadline.events.gazetteer import fold_expr

_TOKEN = r"[\p{L}\p{M}\p{N}'’ʼʿʾ‘]+"
_SEP = r"[^\p{L}\p{M}\p{N}'’ʼʿʾ‘]+"
_QUOTES = "'’ʼʿʾ‘"
MAX_TOKENS = 5


def tokens(sentences: pl.DataFrame, particles: frozenset[str]) -> pl.DataFrame:
    """One row per word token: sid (sentence row), t (token number), pos/end (code points in
    the sentence), tok, key (folded), cap, particle, gap (the text before it), first, low
    (lower case).

    >>> s = pl.DataFrame({"sentence": ["In Deir ez-Zor, Syria's east."]})
    >>> tokens(s, frozenset({"ez"})).select("pos", "tok", "gap").rows()[1:5]
    [(3, 'Deir', ' '), (8, 'ez', ' '), (11, 'Zor', '-'), (16, 'Syria', ', ')]
    """
    lists = sentences.select(
        pl.col("sentence").str.extract_all(_TOKEN).alias("tok"),
        pl.col("sentence").str.extract_all(_SEP).alias("sep"),
        pl.col("sentence").str.contains("^" + _SEP).alias("lead"),
    ).with_row_index("sid")
    size = pl.col("tok").list.len()
    gap = pl.when(pl.col("lead")).then(pl.col("sep")).otherwise(
        pl.concat_list(pl.lit(""), pl.col("sep")))
    lists = lists.with_columns(gap.list.head(size).alias("gap"),
                               pl.int_ranges(0, size).alias("t"))
    lists = lists.filter(size > 0).with_columns(
        (pl.col("tok").list.eval(pl.element().str.len_chars()).list.sum()
         + pl.col("gap").list.eval(pl.element().str.len_chars()).list.sum()).alias("_len"))
    lists = lists.with_columns((pl.col("_len").cum_sum() - pl.col("_len")).alias("_base"))
    toks = lists.select("sid", "tok", "gap", "t", "_base").explode("tok", "gap", "t")
    lt, lg = pl.col("tok").str.len_chars(), pl.col("gap").str.len_chars()
    toks = toks.with_columns(((lt + lg).cum_sum() - lt - pl.col("_base")).alias("pos"))
    toks = toks.join(_token_forms(toks, particles), on="tok", how="left", maintain_order="left")
    # a possessive or closing quote ends a name: the next token is not linked to it
    toks = toks.with_columns((pl.col("pos") + pl.col("_lead")).alias("pos"), pl.when(
        _shift(pl.col("_cut"), 1).fill_null(False)).then(pl.lit("'")).otherwise(
        pl.col("gap")).alias("gap"))
    return toks.filter(pl.col("_blen") > 0).select(
        "sid", "t", "pos", (pl.col("pos") + pl.col("_blen")).alias("end"),
        pl.col("_bare").alias("tok"), "key", "gap", "cap", "particle",
        (pl.col("t") == 0).alias("first"), "low",
    ).filter(pl.col("key") != "").with_row_index("row")


def _token_forms(toks: pl.DataFrame, particles: frozenset[str]) -> pl.DataFrame:
    """Per distinct token (done once per word, not per occurrence): the quotes around it and
    a possessive "'s" cut (`_bare`, `_lead` code points cut before it, `_cut` whether its end
    was cut), its folded key and lower case, whether it is capitalised or a lower-case
    particle."""
    lt = pl.col("tok").str.len_chars()
    inner = pl.col("tok").str.strip_chars_start(_QUOTES)
    bare = inner.str.replace(r"['’ʼ]s$", "").str.strip_chars_end(_QUOTES)
    uniq = toks.select(pl.col("tok").unique()).with_columns(
        (lt - inner.str.len_chars()).alias("_lead"),
        (bare.str.len_chars() < inner.str.len_chars()).alias("_cut"), bare.alias("_bare"))
    low = pl.col("_bare").str.to_lowercase()
    return uniq.with_columns(
        fold_expr(pl.col("_bare")).alias("key"),
        pl.col("_bare").str.contains(r"^\p{Lu}").alias("cap"),
        (low.is_in(pl.Series(sorted(particles), dtype=pl.String).implode())
         & pl.col("_bare").str.contains(r"^\p{Ll}")).alias("particle"),
        pl.col("_bare").str.len_chars().alias("_blen"), low.alias("low"))


def _shift(expr: pl.Expr, k: int) -> pl.Expr:
    """`expr` of the token k rows back (k < 0: ahead), null across a sentence boundary."""
    return pl.when(pl.col("sid").shift(k) == pl.col("sid")).then(expr.shift(k))


@functools.cache
def _series(words: frozenset[str]) -> pl.Series:
    """A cached Series of a word set, for fast `is_in`."""
    return pl.Series(sorted(words), dtype=pl.String)


def _linked(particle_before: pl.Expr, gap: pl.Expr) -> pl.Expr:
    """Whether a token continues the name before it: one space apart, or a hyphen after a
    particle ("ez-Zor", "Al-Tanf") but not between two names ("Damascus-Aleppo")."""
    return (gap.is_in([" ", "\u00a0"])) | ((gap == "-") & particle_before)


def ngrams(toks: pl.DataFrame, article: frozenset[str]) -> pl.DataFrame:
    """Every run of 1-5 tokens that could be a name: starts and ends with a capitalised
    token, particles or capitals inside, each token linked to the one before. `article`
    holds capitalised particles that may start a hyphenated name ("Al", "El")."""
    is_art = pl.col("low").is_in(list(article))
    base = toks.select("sid", "gap", "cap", "particle", "key", "end",
                       (pl.col("particle") | is_art).alias("_p"))
    # the runs still growing, each from its first token (`row`: its position in `toks`)
    cur = toks.filter(pl.col("cap")).select("sid", "t", "row", "pos", pl.col("key").alias("k"))
    parts = [toks.filter(pl.col("cap")).select("sid", "t", "row", "pos", "end",
                                                pl.col("key").alias("k"), pl.lit(1).alias("n"))]
    for j in range(1, MAX_TOKENS):
        at = cur["row"].cast(pl.Int64) + j
        inside = at < base.height
        nxt = base.select(pl.all().gather(at.clip(upper_bound=base.height - 1)))
        prev_p = base["_p"].gather((at - 1).clip(upper_bound=base.height - 1))
        # a hyphen joins two names only where the whole is a name ("Nord-Kivu"; not
        # "Damascus-Aleppo"): `spans` keeps the n-gram only if its key is in the table
        linked = ((_linked(prev_p, nxt["gap"]) | (nxt["gap"] == "-"))
                  & (nxt["sid"] == cur["sid"]) & inside)
        cur = cur.with_columns((pl.col("k") + " " + nxt["key"]).alias("k"),
                               (linked & (nxt["cap"] | nxt["particle"])).alias("_ok"),
                               nxt["end"].alias("end"), nxt["cap"].alias("_cap"))
        parts.append(cur.filter(pl.col("_ok") & pl.col("_cap")).select(
            "sid", "t", "row", "pos", "end", "k", pl.lit(j + 1).alias("n")))
        cur = cur.filter(pl.col("_ok")).select("sid", "t", "row", "pos", "k")
        if cur.is_empty():
            break
    return pl.concat(parts).rename({"k": "key"})


def chunks(toks: pl.DataFrame, breakers: frozenset[str], article: frozenset[str],
           common: frozenset[str]) -> pl.DataFrame:
    """Chunk id per capitalised token (null outside chunks). A capitalised function word,
    month or title (`breakers`) is no chunk member, nor a sentence-initial common word."""
    low = pl.col("low")
    member = (pl.col("cap") & ~low.is_in(_series(breakers).implode())
              & ~(pl.col("first") & low.is_in(_series(common).implode())))
    cap_m = _shift(member, 1).fill_null(False)
    # a particle inside a name is followed by a capital, or by a second particle and then a
    # capital ("Deir ez-Zor", "Ciudad de la Costa"): "in Salyan as the company" ends at Salyan
    next_ok = (_shift(pl.col("cap"), -1).fill_null(False)
               | (_shift(pl.col("particle"), -1) & _shift(pl.col("cap"), -2)).fill_null(False))
    inner = pl.col("particle") & ~low.is_in(["of", "the", "and"]) & cap_m & next_ok
    prev_p = _shift(pl.col("particle") | low.is_in(list(article)), 1)
    linked = _linked(prev_p.fill_null(False), pl.col("gap"))
    t = toks.with_columns((member | inner).alias("_m"))
    t = t.with_columns((pl.col("_m") & ~(linked & _shift(pl.col("_m"), 1).fill_null(False)))
                       .alias("_new"))
    t = t.with_columns(pl.when(pl.col("_m")).then(pl.col("_new").cast(pl.Int64).cum_sum())
                       .alias("chunk"))
    return t.drop("_m", "_new")


def spans(toks: pl.DataFrame, keys: pl.DataFrame, article: frozenset[str]) -> pl.DataFrame:
    """The n-grams whose key is in `keys` (a frame with a `key` column), leftmost-longest:
    a span overlapping an earlier or longer one is dropped."""
    grams = ngrams(toks, article).join(keys, on="key", how="inner")  # keys unique: a filter
    grams = grams.sort("sid", "t", pl.col("n"), descending=[False, False, True])
    reach = pl.when(pl.col("sid").shift(1) == pl.col("sid")).then(
        (pl.col("t") + pl.col("n")).cum_max().over("sid").shift(1)).otherwise(0)
    return grams.filter(pl.col("t") >= reach)
