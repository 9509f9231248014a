"""Triggers in an event use, over all sentences of a batch at once, and each sentence's main one.

A trigger (triggers.yaml) counts when its guards hold (``needs`` all true, ``unless`` all
false: context windows before / after it or the whole sentence), its gapped tail is there
("took six workers hostage"), it is not glued after a hyphen ("Tube-launched"), and its sentence
is neither page chrome (not_events.yaml) nor a caption or heading (no final punctuation). A
trigger that only refers back ("the strike") is marked ``anaphoric``.
"""

from __future__ import annotations

import re

import polars as pl

from threadline.events.lexicons import match_terms
from threadline.events.vocab import guards, not_event_rules, trigger_lexicon

#: A definite determiner, and at most one lower-case word, right before a trigger noun.
_ANAPHORA = r"(?i:\b(the|this|that|these|those|same))\s+([a-z][\w’'-]*\s+)?$"
_BACKGROUND = (r"(?i)\b(response to|after|following|amid|despite|since|than|against|over|"
               r"condemn\w*|denounc\w*|demand\w*|claim\w*|accus\w*|alleg\w*|justice for|"
               r"protest(s|ed|ing)? (against|over)|who|whom|whose|which)\b[^,;]*$")
_AFTER = r"\b(after|following)\b[^,;]*$"
#: A cause phrase governing a trigger noun ("in response to Israeli raids", "in retaliation
#: for the attacks"): the noun names the cause, an earlier event, and makes no event of its own.
_CAUSE = (r"(?i)\b(response|reply|retaliation|reprisal|revenge|vengeance|reaction)\s+(to|for)"
          r"\s+([\w’'-]+\s+){0,3}$")
#: ... unless a clause starts between them ("in response to protesters who attacked"): a verb.
_CAUSE_CLAUSE = (r"(?i)\b(response|reply|retaliation|reprisal|revenge|vengeance|reaction)\s+"
                 r"(to|for)\b.*\b(who|which|that|when|as|had|have|has|were|was)\s+\S*\s*$")
_CAUSE_WORDS = ["response", "reply", "retaliation", "reprisal", "revenge", "vengeance",
                "reaction"]
#: Words one of which `_MODAL` / `_BACKGROUND` needs (case aside, stems), so that their slow
#: regexes (Unicode word boundaries) run only on the windows that may match.
_MODAL_WORDS = ["no", "n't", "nev", "nei", "can", "could", "must", "should", "would", "might",
                "ought"]
_BACKGROUND_WORDS = ["response", "after", "following", "amid", "despite", "since", "than",
                     "against", "over", "condemn", "denounc", "demand", "claim", "accus", "alleg",
                     "justice", "protest", "who", "which"]
#: A negation or modal right before the trigger ("has not struck", "should be killed").
_MODAL = (r"(?i)(\b(not|never|no longer|n't|neither|nor)\b[\w ]{0,20}$)|(\b(can|cannot|could|"
          r"must|should|would|might|ought to)\s+(not\s+)?(be\s+|have\s+)?(\w+ly\s+)?$)")
_ENDED = r"[.!?:;\"”’\]]$"
#: A unit without final punctuation is a caption or a heading only when it is short: a longer
#: one is prose cut at `threadline.sentences.MAX_SENTENCE` (a list without stops).
_HEADING_CHARS = 300
#: A unit that ends its document and dates itself is a sentence whose stop was lost, not a
#: heading (headings stand before the text they head).
_DATED = (r"(?i)\b(1[89]|20)\d\d\b|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)"
          r"[a-z]*\.? \d|\d (jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b")


def chrome_rule(sentences: pl.DataFrame) -> pl.Series:
    """Per sentence, the id of the not-event rule it matches (page chrome), else null.

    >>> s = pl.DataFrame({"sentence": ["Send us your comments using the form below.", "Ok."]})
    >>> chrome_rule(s).to_list()
    ['comment_form', None]
    """
    expr = pl.lit(None, pl.String)
    for rule_id, pattern in reversed(not_event_rules()):
        expr = pl.when(pl.col("sentence").str.contains(pattern)).then(pl.lit(rule_id)).otherwise(
            expr)
    return sentences.select(expr.alias("chrome"))["chrome"]


def _window(where: str, chars: int) -> pl.Expr:
    if where == "before":
        start = pl.max_horizontal(pl.col("pos") - chars, pl.lit(0))
        return pl.col("sentence").str.slice(start, pl.col("pos") - start)
    return pl.col("sentence").str.slice(pl.col("pos") + pl.col("text").str.len_chars(), chars)


def _contains(frame: pl.DataFrame, window: pl.Expr, pattern: str, words: list[str]
              ) -> pl.Series:
    """`window.str.contains(pattern)` over `frame`, the regex tried only where one of `words`
    occurs (ASCII case aside; "ſ" and the Kelvin sign, which case-fold to s and k, count)."""
    w = frame.select(window.alias("_w")).with_row_index("_i")
    maybe = (pl.col("_w").str.contains_any(words, ascii_case_insensitive=True)
             | pl.col("_w").str.contains("[ſ\u212a]"))
    hit = w.filter(maybe).filter(pl.col("_w").str.contains(pattern))["_i"]
    return w.select(pl.when(pl.col("_w").is_not_null()).then(pl.col("_i").is_in(hit.implode()))
                    )["_i"]


def _lexicon_guards(found: pl.DataFrame, sents: pl.DataFrame, table: dict) -> pl.DataFrame:
    """(_row, g) of the lexicon guards that hold: a weapon after the trigger ("used rockets
    against"), an armed actor before it ("Hezbollah started to evacuate")."""
    from threadline.events.actors import actor_mentions
    from threadline.events.vocab import find_weapons

    armed = ("state", "rebel", "political_militia", "identity_militia", "unidentified_armed",
             "external")
    keys = found.select("doc_id", "sent_no").unique()
    live = sents.join(keys, on=["doc_id", "sent_no"], how="semi")
    spans = {"weapons": find_weapons(live).select("doc_id", "sent_no", pl.col("pos").alias("m")),
             "armed_actors": actor_mentions(live).filter(pl.col("category").is_in(armed))
             .select("doc_id", "sent_no", pl.col("pos").alias("m"))}
    rows = found.select("_row", "doc_id", "sent_no", "pos").sort("pos")
    out = []
    for g, v in table.items():  # the nearest mention after / before the trigger: an as-of join
        after = v["where"] == "after"
        near = rows.join_asof(
            spans[v["lexicon"]].sort("m"), left_on="pos", right_on="m", by=["doc_id", "sent_no"],
            strategy="forward" if after else "backward", allow_exact_matches=False,
            check_sortedness=False)
        dist = (pl.col("m") - pl.col("pos")).abs()
        out.append(near.filter(pl.col("m").is_not_null() & (dist <= v["chars"]))
                   .select("_row", pl.lit(g).alias("g")))
    return pl.concat(out)


def _window_of(where: pl.Expr, chars: pl.Expr) -> pl.Expr:
    """The text a guard reads: `chars` before / after the trigger, or the whole sentence."""
    start = pl.max_horizontal(pl.col("pos") - chars, pl.lit(0))
    return (pl.when(where == "before").then(pl.col("sentence").str.slice(start, pl.col("pos")
                                                                           - start))
            .when(where == "after").then(pl.col("sentence").str.slice(
                pl.col("pos") + pl.col("text").str.len_chars(), chars))
            .otherwise(pl.col("sentence")))


def _held(found: pl.DataFrame, sents: pl.DataFrame) -> pl.DataFrame:
    """(_row, g) of every guard that holds for a trigger row naming it: each guard's pattern
    is tried only on the rows whose needs/unless name it."""
    table = guards()
    refs = (found.select("_row", pl.concat_list("needs", "unless").alias("g")).explode("g")
            .drop_nulls().with_columns(pl.col("g").str.split("|")).explode("g").unique())
    used = set(refs["g"].to_list())
    lexical = {g: v for g, v in table.items() if g in used and v.get("lexicon")}
    plain = [(g, v["where"], v["chars"], v["pattern"]) for g, v in table.items()
             if g in used and not v.get("lexicon")]
    spec = pl.DataFrame(plain, schema={"g": pl.String, "where": pl.String, "chars": pl.Int64,
                                       "pattern": pl.String}, orient="row")
    pairs = refs.join(spec, on="g").join(found.select("_row", "pos", "text", "sentence"),
                                         on="_row")
    hits = [part.filter(_window_of(pl.lit(where), pl.lit(chars)).str.contains(pattern))
            .select("_row", "g")
            for (_, where, chars, pattern), part in pairs.partition_by(
                "g", "where", "chars", "pattern", as_dict=True).items()]
    if lexical:
        hits.append(_lexicon_guards(found, sents, lexical))
    none = pl.DataFrame(schema={"_row": pl.UInt32, "g": pl.String})
    return pl.concat([none, *(h.cast({"_row": pl.UInt32}) for h in hits)]).unique()


def _guard_columns(found: pl.DataFrame, sents: pl.DataFrame) -> pl.DataFrame:
    """The trigger rows whose guards allow them: every need ("a|b": either guard) holds and
    no `unless` guard does."""
    found = found.with_row_index("_row")
    held = _held(found, sents).with_columns(pl.lit(True).alias("_t"))
    needs = (found.select("_row", pl.col("needs").alias("need")).explode("need").drop_nulls()
             .with_columns(pl.col("need").str.split("|").alias("g")).explode("g"))
    unmet = (needs.join(held, on=["_row", "g"], how="left")
             .group_by("_row", "need").agg(pl.col("_t").fill_null(False).any())
             .filter(~pl.col("_t")).select("_row"))
    barred = (found.select("_row", pl.col("unless").alias("g")).explode("g").drop_nulls()
              .join(held, on=["_row", "g"], how="semi").select("_row"))
    bad = pl.concat([unmet, barred])["_row"]
    return found.filter(~pl.col("_row").is_in(bad.implode())).drop("_row")


def _tail_ok() -> pl.Expr:
    """A gapped trigger's tail: within `gap` words ("took six workers hostage"), or after
    exactly one of `gap_words` ("blew himself up")."""
    after = pl.col("sentence").str.slice(pl.col("pos") + pl.col("text").str.len_chars(), 60)
    gap = pl.format(r"^(\s+\S+){{0,{}}}?\s+{}s?\b", pl.col("gap"), pl.col("tail"))
    words = pl.format(r"^\s+({})\s+{}s?\b", pl.col("gap_words"), pl.col("tail"))
    pattern = pl.when(pl.col("gap_words").is_not_null()).then(words).otherwise(gap)
    return pl.col("tail").is_null() | after.str.contains(pattern)


def trigger_candidates(sents: pl.DataFrame) -> pl.DataFrame:
    """Every trigger entry whose form, tail and guards hold at a position (several entries may
    share a form: "strikes" is a verb and a noun), with the sentence."""
    lex = trigger_lexicon().with_row_index("_order")
    last = (pl.col("sent_no") == pl.col("sent_no").max().over("doc_id")).alias("_last")
    text = sents.select("doc_id", "sent_no", "sentence", last)
    found = match_terms(text, lex, True)
    if found.is_empty():
        return found.with_columns(pl.lit(None, pl.String).alias("sentence"))
    found = found.join(text, on=["doc_id", "sent_no"], how="left")
    prefix = _window("before", 4).str.contains(r"(?i)(^|\W)(re|co|un|pre)-$")
    glued = (pl.col("sentence").str.slice(pl.col("pos") - 1, 1).eq("-") & (pl.col("pos") > 0)
             & (pl.col("pos_tag") == "VERB") & prefix.not_())
    ended = (pl.col("sentence").str.strip_chars_end().str.contains(_ENDED)
             | (pl.col("sentence").str.len_chars() > _HEADING_CHARS)
             | (pl.col("_last") & pl.col("sentence").str.contains(_DATED)))
    found = found.filter(ended & glued.not_() & _tail_ok()).drop("_last")
    text = text.drop("_last")
    free = (pl.col("needs").list.len() == 0) & (pl.col("unless").list.len() == 0)
    guarded = _guard_columns(found.filter(~free), text)
    return pl.concat([found.filter(free), guarded.select(found.columns)])


def event_triggers(sents: pl.DataFrame) -> pl.DataFrame:
    """Trigger matches in an event use (see module docstring), one per position: the first
    entry of the file among the candidates there.

    >>> s = pl.DataFrame({"doc_id": ["d"] * 3, "sent_no": [0, 1, 2], "sentence": [
    ...     "Workers shelled peanuts.", "Layout of the Assault (visual)",
    ...     "Rebels shelled the town."]})
    >>> event_triggers(s).select("sent_no", "text", "id").rows()
    [(2, 'shelled', 'shell')]
    """
    found = trigger_candidates(sents)
    if found.is_empty():
        return found.with_columns(pl.lit(False).alias("anaphoric")).drop("sentence")
    before = _window("before", 45)
    after = pl.col("sentence").str.slice(pl.col("pos") + pl.col("text").str.len_chars(), 5)
    found = (found.sort("doc_id", "sent_no", "pos", "_order")
             .unique(["doc_id", "sent_no", "pos"], keep="first", maintain_order=True))
    cause = (_contains(found, before, _CAUSE, _CAUSE_WORDS)
             & ~_contains(found, before, _CAUSE_CLAUSE, _CAUSE_WORDS))
    found = found.filter(~cause)
    return (found.with_columns(
                ((pl.col("pos_tag") == "NOUN") & _window("before", 20).str.contains(_ANAPHORA)
                 & (after.str.contains(r"^\s+of\b") | pl.col("text").str.contains(r"(?i)\bof$"))
                 .not_()).alias("anaphoric"),
                _contains(found, _window("before", 30), _MODAL, _MODAL_WORDS).alias("modal"),
                _contains(found, before, _BACKGROUND, _BACKGROUND_WORDS).alias("background"),
                before.str.contains(_AFTER).alias("precedes"),
                _disrupted_object())
            .drop("sentence", "_order"))


def main_triggers(triggers: pl.DataFrame) -> pl.DataFrame:
    """Each sentence's main trigger: not under a modal, not backgrounded ("in response to the
    air strikes"), not light, of the most violent ACLED type, then the first in the text; a
    sentence whose triggers all refer back ("the strike") keeps them only with a flag, so the
    caller drops it unless the sentence has a date of its own."""
    return (triggers.with_columns(pl.col("anaphoric").all().over("doc_id", "sent_no")
                                  .alias("all_anaphoric"))
            .sort("doc_id", "sent_no", "anaphoric", "modal", "background", "light",
                  "disrupted_object", "rank", "pos")
            .unique(["doc_id", "sent_no"], keep="first", maintain_order=True))


#: How far after a disruption verb ("defused", "seized") a weapon noun is its object.
DISRUPTED_OBJECT_CHARS = 60


def _disrupted_object() -> pl.Expr:
    """A weapon trigger that is what a disruption trigger before it acts on ("police recovered
    and defused two cane bombs", "seized 20 kg of TNT"): the bomb did not go off, so it yields
    to the disruption (ACLED's Disrupted weapons use). The words between hold no clause break
    (punctuation, "and"), so "seized rifles and bombed the camp" keeps its bombing."""
    verb = pl.col("class") == "disrupted_weapons"
    # rows are in text order: the end of the nearest disruption trigger before each row
    last_end = (pl.when(verb).then(pl.col("pos") + pl.col("text").str.len_chars())
                .forward_fill().over("doc_id", "sent_no"))
    span = pl.col("pos") - last_end
    gap = pl.col("sentence").str.slice(last_end.fill_null(0), span.clip(0).fill_null(0))
    return (~verb & (span >= 0) & (span <= DISRUPTED_OBJECT_CHARS)
            & ~gap.str.contains(r"[,;:.()]|\band\b|\bthen\b")).fill_null(False).alias(
        "disrupted_object")


def nearest(triggers: list[dict], at: int) -> dict:
    """The trigger nearest to a position, preferring one before it (for clause-level dates)."""
    return min(triggers, key=lambda t: (t["pos"] > at, abs(t["pos"] - at)))


def precedes(sentence: str, pos: int) -> bool:
    """Whether a trigger names what came before the clause's time ("This comes after a deal
    was struck")."""
    return bool(re.search(_AFTER, sentence[max(0, pos - 45) : pos]))
