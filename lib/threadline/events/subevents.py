"""ACLED event type and sub-event type from trigger class, weapon class and actor categories.

The decision table is data (subevent_rules.yaml): rules tried top to bottom, the first whose
``when`` holds wins, else the trigger's own default (rule id ``trigger_default``). `decide`
evaluates the whole table as one polars when/then chain over all events of a batch.
"""

from __future__ import annotations

import functools

import polars as pl

from threadline.events.vocab import _entries, taxonomy
from threadline.resources import ResourceError, load_yaml

_PATH = "en/events/subevent_rules.yaml"
SLOTS = ("trigger_class", "weapon_class", "actor1_category", "actor2_category", "outcome")
#: Words of a clause's outcome, most severe first.
OUTCOMES = [
    ("lethal", r"(?i)\b(kill\w*|dead|died|dies|death|deaths|fatalit\w*|lynch\w*|murder\w*|"
               r"behead\w*|executed|massacre\w*|bodies|body)\b"),
    ("injury", r"(?i)\b(injur\w*|wound\w*|hurt|hospitali[sz]ed|beat\w*|beaten|stabbed|shot)\b"),
    ("arrest", r"(?i)\b(arrest\w*|detain\w*|apprehend\w*|custody)\b"),
    ("dispersal", r"(?i)\b(dispers\w*|tear\s?gas|water cannon|baton|lathi|rubber bullets)\b"),
]
#: Sentence contexts a rule may ask for.
CONTEXTS = {
    "protest_context": r"(?i)\b(protest\w*|demonstrat\w*|rall(y|ies|ied)|march(ed|ing|ers)|"
                       r"sit-ins?|picket\w*|demanding|to demand|slogans|strikers|bandh|vigil|"
                       r"denounc\w*|chanting|in protest|to reject|rejecting|"
                       r"demanded (the |their |that |an? )?"
                       r"(release|payment|justice|end|action|resignation|return|wages|salar\w+|"
                       r"compensation|better|access|removal|reopening|to be))\b",
    "intervention": r"(?i)\b(dispers\w*|tear\s?gas|water cannon|baton\w*|lathi\w*|"
                    r"rubber bullets|arrested|detained|broke up|pushed back|cleared)\b",
    "prison_context": r"(?i)\b(prisons?|jails?|inmates|prisoners|detention)\b",
    "crowd_words": r"(?i)\b(groups? of (people|men|youths?|villagers|residents|locals|persons)|"
                   r"two groups|rival groups|communit(y|ies)|villagers|residents|families|youths|"
                   r"supporters|members|locals|neighbou?rs|students|clans?|tribes)\b",
    "riot_means": r"(?i)\b(stones?|rocks|bricks|pelt\w*|sticks|rods|clubs|molotov|petrol bombs?|"
                  r"burning (tyres|tires|objects|debris|barricades)|burn(ed|t|ing)? (tyres|tires)|"
                  r"set (ablaze|alight|fire|on fire)|vandali[sz]\w*|torch\w*|ransack\w*)\b",
    "unopposed": r"(?i)\b(unopposed|without (a )?(fight|resistance|fighting)|peacefully)\b",
}


@functools.cache
def rules() -> tuple[list[dict], frozenset[str]]:
    """The decision rules, validated, and the categories `armed` stands for."""
    data = load_yaml(_PATH)
    where = f"resources/{_PATH}"
    armed = frozenset(data.get("armed") or [])
    types = taxonomy()
    out = _entries(data, "rules", where, ("when", "then"))
    for r in out:
        then = r["then"]
        if then.get("sub_event_type") not in types.get(then.get("event_type"), []):
            raise ResourceError(f"{where}: {r['id']}: {then} is not in ACLED's taxonomy")
        unknown = set(r["when"]) - {*SLOTS, "context"}
        if unknown:
            raise ResourceError(f"{where}: {r['id']}: unknown slot(s) {sorted(unknown)}")
        if set(r["when"].get("context", [])) - set(CONTEXTS):
            raise ResourceError(f"{where}: {r['id']}: unknown context in {r['when']}")
    return out, armed


def _condition(when: dict, armed: frozenset[str]) -> pl.Expr:
    cond = pl.lit(True)
    for slot, values in when.items():
        if slot == "context":
            any_ctx = pl.lit(False)
            for ctx in values:
                any_ctx = any_ctx | pl.col(f"ctx_{ctx}")
            cond = cond & any_ctx
            continue
        allowed = {v for value in values for v in (armed if value == "armed" else [value])}
        cond = cond & pl.col(slot).fill_null("none").is_in(sorted(allowed))
    return cond


def add_contexts(frame: pl.DataFrame) -> pl.DataFrame:
    """The ``outcome`` and ``ctx_*`` columns of events, from their `sentence`."""
    outcome = pl.lit("none")
    for name, pattern in reversed(OUTCOMES):
        outcome = pl.when(pl.col("sentence").str.contains(pattern)).then(pl.lit(name)).otherwise(
            outcome)
    return frame.with_columns(outcome.alias("outcome"), *(
        pl.col("sentence").str.contains(p).alias(f"ctx_{c}") for c, p in CONTEXTS.items()))


def decide(events: pl.DataFrame) -> pl.DataFrame:
    """Add event_type, sub_event_type, type_rule, default_actor1, default_actor2 to `events`
    (columns: the SLOTS, ctx_* from `add_contexts`, and the trigger's default_type/_sub)."""
    table, armed = rules()
    out = {k: pl.lit(None, pl.String) for k in ("actor1", "actor2")}
    etype, sub, rid = pl.col("default_type"), pl.col("default_sub"), pl.lit("trigger_default")
    for r in reversed(table):
        cond, then = _condition(r["when"], armed), r["then"]
        etype = pl.when(cond).then(pl.lit(then["event_type"])).otherwise(etype)
        sub = pl.when(cond).then(pl.lit(then["sub_event_type"])).otherwise(sub)
        rid = pl.when(cond).then(pl.lit(r["id"])).otherwise(rid)
        for k in out:
            out[k] = pl.when(cond).then(pl.lit(then.get(k), pl.String)).otherwise(out[k])
    return events.with_columns(etype.alias("event_type"), sub.alias("sub_event_type"),
                               rid.alias("type_rule"), out["actor1"].alias("default_actor1"),
                               out["actor2"].alias("default_actor2"))


@functools.cache
def follow_up_patterns() -> dict[str, str]:
    """The next-sentence patterns of `follow_up`: ``met``, ``turned`` and ``police``."""
    data = load_yaml(_PATH).get("follow_up") or {}
    out = {}
    for key in ("met", "turned", "police"):
        entry = data.get(key)
        if not isinstance(entry, dict) or not isinstance(entry.get("pattern"), str):
            raise ResourceError(f"resources/{_PATH}: follow_up.{key}.pattern is missing")
        out[key] = entry["pattern"].replace("\n", " ")
    return out


def follow_up(events: pl.DataFrame, sents: pl.DataFrame) -> pl.DataFrame:
    """A peaceful protest whose next sentence tells how it was met or how it turned ("Police
    dispersed the crowd", "Rioters pelted stones") is that protest with intervention or a
    violent demonstration, as ACLED codes the whole report; the rule id says so."""
    pat = follow_up_patterns()
    nxt = sents.select("doc_id", (pl.col("sent_no") - 1).alias("_sent_no"),
                       pl.col("sentence").str.contains(pat["met"]).alias("_int"),
                       pl.col("sentence").str.contains(pat["turned"]).alias("_riot"),
                       pl.col("sentence").str.contains(pat["police"]).alias("_police"))
    out = events.join(nxt, on=["doc_id", "_sent_no"], how="left")
    peaceful = pl.col("sub_event_type") == "Peaceful protest"
    riot = peaceful & pl.col("_riot").fill_null(False)
    met = peaceful & pl.col("_int").fill_null(False) & ~riot
    return out.with_columns(
        pl.when(riot).then(pl.lit("Riots")).otherwise(pl.col("event_type")).alias("event_type"),
        pl.when(riot).then(pl.lit("Violent demonstration"))
        .when(met).then(pl.lit("Protest with intervention"))
        .otherwise(pl.col("sub_event_type")).alias("sub_event_type"),
        pl.when(riot).then(pl.col("type_rule") + " + next sentence: riot")
        .when(met).then(pl.col("type_rule") + " + next sentence: intervention")
        .otherwise(pl.col("type_rule")).alias("type_rule"),
        pl.when(met & pl.col("_police").fill_null(False))
        .then(pl.lit("Police Forces of {country}")).otherwise(pl.col("default_actor2"))
        .alias("default_actor2"),
    ).drop("_int", "_riot", "_police")
