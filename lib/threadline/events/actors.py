"""Actors of an event: their mentions in the batch, and who acts (actor1) on whom (actor2).

Mentions come from `actor_vocab.actor_lexicon` (state forces by rule, named groups, generic
agents and targets), one per position, a named group winning over a generic rule and a blocker
("Salvation Army") hiding the generic word inside it. Roles: in the passive the agent is the
"by X" after the trigger and the subject its target ("were killed by Syrian troops"); in the
active voice the agent is the nearest actor before the trigger (villagers who beat a thief
act: a mob; a bare country name only right before the trigger: "Israel struck"), or the first
one after "between / by / involving" for a noun;
the target is the first other actor after the trigger.
"""

from __future__ import annotations

import re

import polars as pl

from threadline.events.actor_vocab import actor_lexicon, of_country, state_names
from threadline.events.lexicons import match_terms

_PASSIVE = re.compile(r"\b(was|were|been|being|is|are|be|got|get)\s+(\w+ly\s+)?$|"
                      r"\b(came|come|comes|coming|was|were|is|are|been|remained)\s+under\s+"
                      r"(heavy\s+|sustained\s+|renewed\s+)?$", re.I)
_BY = re.compile(r"\bby\s+(the\s+|a\s+|an\s+|some\s+|suspected\s+|unidentified\s+)*$", re.I)
_BETWEEN = re.compile(r"^\s+(between|by|involving|from)\b", re.I)
#: A speaker of the report after the trigger (", officials said", "according to residents"):
#: the source of the news, never the event's target.
_SAID_AFTER = re.compile(r"^\s+((also|later|earlier|then|have|has|had)\s+)?"
                         r"(said|say|says|told|reported|claimed|added|confirmed|stated|"
                         r"announced)\b", re.I)
_ACCORDING = re.compile(r"\baccording\s+to\s+(\w+\s+){0,2}$", re.I)
#: A sentence about armed violence: where an ambiguous acronym (ADF, NPA) names a group.
_ARMED = (r"(?i)\b(fighters?|militants?|rebels?|attack\w*|clash\w*|kill\w*|troops|soldiers|"
          r"forces|army|armed|gunmen|insurgents?|ambush\w*|bomb\w*|shell\w*|fired?|captured?|"
          r"seized?|militia\w*|wounded|injured|abduct\w*|kidnap\w*|raid\w*|offensive|battle|"
          r"fighting|combat|strikes?|struck|jihadists?|insurgency|fought|opened fire)\b")


def actor_mentions(sents: pl.DataFrame, countries: pl.DataFrame | None = None) -> pl.DataFrame:
    """Every actor mention of the sentences: doc_id, sent_no, pos, end, text, actor_rule,
    name, inter, category, role, fixed_country, group, adjacent, homes (one per position).
    An acronym names its group only in a document about armed violence (in a sentence not
    written in capitals: "WHAT IS"); when `countries` (doc_id, country) is given, only a
    group of a country the document talks about ("IAF": India's or Israel's air force; "KIA"
    in an Iraq story is "killed in action", not the Kachin Independence Army).

    >>> s = pl.DataFrame({"doc_id": ["d"], "sent_no": [0],
    ...                   "sentence": ["Syrian troops and gunmen attacked the Salvation Army."]})
    >>> actor_mentions(s)["name"].to_list()
    ['Military Forces of Syria', 'Unidentified Armed Group ({country})']
    """
    lex = actor_lexicon().with_row_index("_order")
    text = sents.select("doc_id", "sent_no", "sentence")
    raw = match_terms(text, lex, True).with_columns(
        (pl.col("pos") + pl.col("text").str.len_chars()).alias("end")).drop("key")
    states = _state_forces(raw, text)
    upper = pl.col("sentence").str.count_matches(r"\p{Lu}")
    lower = pl.col("sentence").str.count_matches(r"\p{Ll}")
    armed = text.select("doc_id", "sent_no", (
        pl.col("sentence").str.contains(_ARMED).any().over("doc_id") & (upper < lower))
        .alias("_armed"))
    acronym_ok = pl.col("acronym").not_() | pl.col("_armed")
    candidates = raw.join(armed, on=["doc_id", "sent_no"], how="left")
    if countries is not None:
        talked = countries.group_by("doc_id").agg(pl.col("country").unique().alias("_doc_c"))
        candidates = candidates.join(talked, on="doc_id", how="left")
        home = (pl.col("_doc_c").is_null() | pl.col("homes").is_null()
                | (pl.col("homes").list.set_intersection(pl.col("_doc_c")).list.len() > 0))
        acronym_ok = acronym_ok & (pl.col("acronym").not_() | home)
    found = (candidates.filter(pl.col("name").is_null() | acronym_ok)
             .sort("doc_id", "sent_no", "pos", "_order")
             .unique(["doc_id", "sent_no", "pos"], keep="first", maintain_order=True)
             .drop("_order", "_armed", "_doc_c", "shared", strict=False))
    spans = states.select("doc_id", "sent_no", pl.col("pos").alias("s0"),
                          pl.col("end").alias("s1")).sort("s0")
    inside = found.sort("pos").join_asof(spans, left_on="pos", right_on="s0",
                                         by=["doc_id", "sent_no"], strategy="backward",
                                         check_sortedness=False)
    covered = inside.filter(pl.col("s1").is_not_null() & (pl.col("end") <= pl.col("s1")))
    keep = (found.join(covered.select("doc_id", "sent_no", "pos"),
                       on=["doc_id", "sent_no", "pos"], how="anti")
            .filter(pl.col("name").is_not_null())
            .drop("acronym"))
    out = pl.concat([keep, states.select(keep.columns)], how="vertical_relaxed")
    # "Islamic State fighters", "Syrian troops": the generic word belongs to the name before it
    named = out.filter(~pl.col("actor_rule").str.starts_with("generic:")).select(
        "doc_id", "sent_no", (pl.col("end") + 1).alias("pos"))
    tail = out.filter(pl.col("actor_rule").str.starts_with("generic:")).join(
        named, on=["doc_id", "sent_no", "pos"], how="semi")
    out = out.join(tail.select("doc_id", "sent_no", "pos"), on=["doc_id", "sent_no", "pos"],
                   how="anti")
    out = _outside_quoted_names(out, text)
    return (_by_demonym(out, raw).filter(pl.col("actor_rule") != "not_actor")
            .sort("doc_id", "sent_no", "pos"))


#: A short name in quotation marks, every word capitalised: “Imam Ali”, "Mother Courage".
_QUOTED_NAME = re.compile(r"[“\"‘][A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*){0,4}[”\"’]")


def _outside_quoted_names(found: pl.DataFrame, text: pl.DataFrame) -> pl.DataFrame:
    """Generic actors less those inside a quoted name: the title in a garrison called “Imam
    Ali” or an operation called "Mother Courage" names no imam and no mother."""
    quoted = text.filter(pl.col("sentence").str.contains(r"[“\"‘]"))
    spans = [(d, n, m.start(), m.end()) for d, n, sent in quoted.iter_rows()
             for m in _QUOTED_NAME.finditer(sent)]
    if not spans:
        return found
    sp = pl.DataFrame(spans, schema={"doc_id": found.schema["doc_id"],
                                     "sent_no": found.schema["sent_no"], "q0": pl.Int64,
                                     "q1": pl.Int64}, orient="row")
    inside = (found.filter(pl.col("actor_rule").str.starts_with("generic:"))
              .join(sp, on=["doc_id", "sent_no"])
              .filter((pl.col("pos") >= pl.col("q0")) & (pl.col("end") <= pl.col("q1")))
              .select("doc_id", "sent_no", "pos").unique())
    return found.join(inside, on=["doc_id", "sent_no", "pos"], how="anti", maintain_order="left")


def _by_demonym(found: pl.DataFrame, raw: pl.DataFrame) -> pl.DataFrame:
    """A generic actor right after a demonym belongs to that country ("Syrian rebels" ->
    Unidentified Armed Group (Syria), "Indian farmers" -> Civilians (India))."""
    dem = raw.filter(pl.col("actor_rule").str.starts_with("demonym:")).select(
        "doc_id", "sent_no", pl.col("pos").alias("d_pos"), (pl.col("end") + 1).alias("pos"),
        pl.col("fixed_country").alias("d_country"), pl.col("text").alias("d_text"))
    joined = found.join(dem, on=["doc_id", "sent_no", "pos"], how="left")
    generic = pl.col("actor_rule").str.starts_with("generic:") & pl.col("d_country").is_not_null()
    return joined.with_columns(
        pl.when(generic).then(pl.col("d_country")).otherwise(pl.col("fixed_country"))
        .alias("fixed_country"),
        pl.when(generic).then(pl.col("d_pos")).otherwise(pl.col("pos")).alias("pos"),
        pl.when(generic).then(pl.col("d_text") + " " + pl.col("text")).otherwise(pl.col("text"))
        .alias("text"),
    ).drop("d_pos", "d_country", "d_text")


def _state_forces(found: pl.DataFrame, text: pl.DataFrame) -> pl.DataFrame:
    """A demonym or a country name + "'s" right before a state noun: that state's forces
    ("Syrian troops" -> Military Forces of Syria, "Kenya's police" -> Police Forces of Kenya)."""
    lead = found.filter(pl.col("actor_rule").str.contains(r"^(demonym|state_by_name):"))
    nouns = found.filter(pl.col("actor_rule").str.starts_with("state_noun:")).select(
        "doc_id", "sent_no", pl.col("pos").alias("n_pos"), pl.col("end").alias("n_end"),
        pl.col("actor_rule").str.split(":").list.last().alias("noun_kind"))
    gap = pl.col("sentence").str.slice(pl.col("end"), pl.col("n_pos") - pl.col("end"))
    by_pos = nouns.with_columns(pl.col("n_pos").alias("_at"))
    pairs = (pl.concat([lead.with_columns((pl.col("end") + k).alias("_at")) for k in (1, 3)])
             .join(by_pos, on=["doc_id", "sent_no", "_at"])
             .join(text, on=["doc_id", "sent_no"])
             .filter(gap.str.contains(r"^(\s|['’]s\s)$")
                     & (pl.col("actor_rule").str.starts_with("demonym:") | (gap != " ")))
             .with_columns(pl.col("pos").alias("a"), pl.col("n_end").alias("b")))
    # "Burundian and Rwandan soldiers": the first demonym shares the second one's noun
    demonym = pl.col("actor_rule").str.starts_with("demonym:")
    shared = pairs.filter(demonym).select("doc_id", "sent_no", pl.col("pos").alias("_at"),
                                          "noun_kind", "n_pos", "n_end")
    conj = (lead.filter(demonym).with_columns((pl.col("end") + 5).alias("_at"))
            .join(shared, on=["doc_id", "sent_no", "_at"])
            .join(text, on=["doc_id", "sent_no"])
            .filter(pl.col("sentence").str.slice(pl.col("end"), 5).str.to_lowercase() == " and ")
            .with_columns(pl.col("pos").alias("a"), pl.col("end").alias("b")))
    pairs = pl.concat([pairs, conj.select(pairs.columns)])
    # "the military forces of Azerbaijan", "the army of Sudan"
    names = lead.filter(pl.col("actor_rule").str.starts_with("state_by_name:"))
    gap2 = pl.col("sentence").str.slice(pl.col("n_end"), pl.col("pos") - pl.col("n_end"))
    of = (pl.concat([names.with_columns((pl.col("pos") - k).alias("_at")) for k in (4, 8)])
          .join(nouns.with_columns(pl.col("n_end").alias("_at")), on=["doc_id", "sent_no", "_at"])
          .join(text, on=["doc_id", "sent_no"])
          .filter(gap2.str.contains(r"^\s+of\s+(the\s+)?$"))
          .with_columns(pl.col("n_pos").alias("a"), pl.col("end").alias("b")))
    pairs = pl.concat([pairs, of.select(pairs.columns)]).drop("_at")
    pairs = pairs.drop("name").join(state_names(), on=["noun_kind", "fixed_country"])
    return pairs.select(
        "doc_id", "sent_no", pl.col("a").alias("pos"), pl.col("b").alias("end"),
        pl.col("sentence").str.slice(pl.col("a"), pl.col("b") - pl.col("a")).alias("text"),
        pl.format("state_{}_of:{}", pl.col("noun_kind"),
                  pl.col("actor_rule").str.split(":").list.last()).alias("actor_rule"),
        "name",
        pl.lit(None, pl.Int64).alias("inter"), pl.lit("state").alias("category"),
        pl.lit("either").alias("role"), "fixed_country", pl.lit(None, pl.String).alias("group"),
        pl.lit(False).alias("adjacent"), pl.lit(None, pl.List(pl.String)).alias("homes"),
    ).unique(["doc_id", "sent_no", "pos"], keep="first")


def _by_agent(sentence: str, after: list[dict], trig_end: int) -> dict | None:
    """The first actor after the trigger introduced by "by" ("were killed by soldiers")."""
    for m in after:
        if m["pos"] - trig_end > 90:
            return None
        if _BY.search(sentence[max(trig_end, m["pos"] - 30) : m["pos"]]):
            return m
    return None


_PREPOSITION = re.compile(r"\b(against|of|for|from|to|at|on|in|into|with|toward|towards|"
                          r"between|among|amid|near|including)\s+(the\s+|a\s+|an\s+)?$", re.I)


def _can_act(m: dict, sentence: str, trig_pos: int, trig_class: str) -> bool:
    if _PREPOSITION.search(sentence[max(0, m["pos"] - 14) : m["pos"]]):
        return False  # "the Coalition against ISIS struck": ISIS does not act
    if m["adjacent"]:  # a bare country name acts only right before the trigger
        gap = sentence[m["end"] : trig_pos]
        return len(gap) <= 25 and not re.search(r"[,;:()]|\b(and|in|of|on|to|from)\b", gap)
    return True


_MUTUAL = ("armed_engagement", "gunfire_exchange")  # trigger classes of two-sided fights
#: Trigger classes of remote or explosive violence, which a bystander never commits.
_REMOTE = frozenset({"explosion", "shelling", "air_strike", "projectile_fire", "grenade",
                     "suicide_attack", "chemical"})
_AND = re.compile(r"^\s*(,\s*)?(and|&)\s+(the\s+)?$", re.I)


def _first_conjunct(agent: dict, agents: list[dict], sentence: str) -> dict:
    """The first of the actors coordinated with `agent` right before it ("X and Y"), else it."""
    first = agent
    for m in reversed([m for m in agents if m["end"] <= agent["pos"]]):
        if m["name"] == first["name"] or not _AND.match(sentence[m["end"]: first["pos"]]):
            break
        first = m
    return first


def _speaker(m: dict, sentence: str) -> bool:
    """Whether the mention is who reports the event ("..., residents said")."""
    return bool(_SAID_AFTER.match(sentence[m["end"]: m["end"] + 30])
                or _ACCORDING.search(sentence[max(0, m["pos"] - 40): m["pos"]]))


def roles(sentence: str, trig_pos: int, trig_text: str, trig_class: str,
          ments: list[dict]) -> tuple[dict | None, dict | None, str]:
    """(agent, target, how) for the trigger at `trig_pos` among the sentence's actor mentions.

    >>> ms = [{"pos": 0, "end": 3, "name": "A", "role": "target", "adjacent": False,
    ...        "category": "civilians"},
    ...       {"pos": 23, "end": 29, "name": "B", "role": "agent", "adjacent": False,
    ...        "category": "unidentified_armed"}]
    >>> a, t, how = roles("Two were killed by the gunmen.", 9, "killed", "violent_attack", ms)
    >>> a["name"], t["name"], how
    ('B', 'A', 'passive: by-agent after the trigger, subject as target')
    """
    trig_end = trig_pos + len(trig_text)
    before = [m for m in ments if m["end"] <= trig_pos]
    after = [m for m in ments if m["pos"] >= trig_end]
    by = _by_agent(sentence, after, trig_end)
    before_t = [m for m in before if not m["adjacent"]]  # "toward Iraq" is a place
    if _PASSIVE.search(sentence[max(0, trig_pos - 20) : trig_pos]):
        target = before_t[-1] if before_t else None
        if by:
            return by, target, "passive: by-agent after the trigger, subject as target"
        return None, target, "passive without agent: subject as target"
    agents = [m for m in before if _can_act(m, sentence, trig_pos, trig_class)]
    acting = [m for m in agents if m["role"] != "target"]  # soldiers before villagers
    if not acting and trig_class not in _REMOTE:  # "12 people were killed when a landmine
        acting = agents  # exploded": the people hit never set off a mine or fired a shell
    agent, how = (acting[-1], "active: nearest actor before the trigger") if acting else (
        None, "")
    partner = None
    if agent is not None:
        first = _first_conjunct(agent, agents, sentence)
        if first is not agent:  # "Burundian and Rwandan soldiers clashed": ACLED's actor1 is
            partner, agent = agent, first  # the first named, the other side is the partner
            how = "active: first of the coordinated actors before the trigger"
    covering = [m for m in ments if m["pos"] < trig_pos and m["end"] >= trig_end]
    if agent is None and covering:  # "Israeli airstrikes hit a camp": the strikes' owner acts
        agent, how = covering[0], "active: the actor named with the trigger"
    if agent is None and by:
        agent, how = by, "by-agent after the trigger"
    if agent is None and after and _BETWEEN.search(sentence[trig_end : trig_end + 12]):
        agent, how = after[0], "first actor after 'between/by/involving'"
    rest = [m for m in after if m is not agent and not m["adjacent"]
            and (agent is None or m["name"] != agent["name"] or m["category"] == "civilians")
            and not _speaker(m, sentence)]
    target = rest[0] if rest else None
    if partner is not None and (target is None or trig_class in _MUTUAL):
        target = partner  # the sides of a clash, or the other of two attackers when none is hit
    if agent is None and target is None and before_t:
        target, how = before_t[-1], "no agent; the actor before the trigger as target"
    return agent, target, how or "no agent found"


def actor_name(m: dict | None, country: str | None) -> str | None:
    """The ACLED name of a mention in an event of `country` (its own country if it has one):
    a group of several countries is qualified by the event's country only when it is one of
    them ("Islamic State (Syria)"), else left unqualified."""
    if m is None:
        return None
    homes = m.get("homes")
    if not m["fixed_country"] and homes and country not in homes:
        country = None
    return of_country(m["name"], m["fixed_country"] or country)


def inter_of(m: dict | None, country: str | None) -> int | None:
    """ACLED's inter code: a state's forces are 1 at home, 8 abroad (external forces)."""
    if m is None:
        return None
    if m["inter"] is not None:
        return int(m["inter"])
    own = m["fixed_country"]
    return 1 if own is None or country is None or own == country else 8


_PLURAL = re.compile(r"(?i)(s|men|people|police|folk|youth|crowd|family)$")


def lone_attacker(m: dict | None) -> bool:
    """A single civilian-sounding agent of violence ("a man attacked"): an unidentified
    attacker, not a crowd."""
    return bool(m) and m["category"] == "civilians" and not _PLURAL.search(m["text"])


def category_of(m: dict | None, country: str | None, agent: bool = False) -> str:
    """The slot value subevent_rules.yaml keys on (external for foreign state forces; a lone
    civilian agent is an unidentified armed attacker)."""
    if m is None:
        return "none"
    if m["category"] == "state" and inter_of(m, country) == 8:
        return "external"
    if agent and lone_attacker(m):
        return "unidentified_armed"
    return m["category"]


#: Heads of generic ACLED names: not an actor's identity, so never shared for merging.
GENERIC_HEADS = ("Unidentified Armed Group", "Unidentified Gang", "Unidentified Communal Militia",
                 "Civilians", "Protesters", "Rioters", "Prisoners", "Private Security Forces",
                 "Unidentified Military Forces", "Military Forces", "Police Forces")


def is_generic(name: str | None) -> bool:
    """Whether an ACLED name is a generic label ("Civilians (Syria)") rather than an identity."""
    return bool(name) and name.split(" (")[0] in GENERIC_HEADS


def family(name: str | None) -> str | None:
    """What an actor belongs to, for same-event merging: the country of state forces and of a
    qualified name ("Military Forces of Israel" -> "Israel", "Islamic State (Syria)" ->
    "Islamic State")."""
    if not name:
        return None
    state = r"^(?:Military|Police) Forces of (?:the )?(.+)$|^Government of (?:the )?(.+)$"
    if m := re.match(state, name):
        return m.group(1) or m.group(2)
    if (m := re.match(r"^(.+?) \(([^()]+)\)$", name)) and not is_generic(name):
        return m.group(1)
    return None
