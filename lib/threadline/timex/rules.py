"""Load and compile the date tagger's resources: lexicon tables, pattern rules, block rules.

All language-specific strings live in ``resources/<lang>/timex/*.yaml``; this module expands
their {MACROS}, checks every rule (id, named groups, examples) and compiles the regexes once.
"""

from __future__ import annotations

import collections
import functools
import re
from dataclasses import dataclass, field
from typing import Any

from threadline.resources import ResourceError, load_yaml, require_keys
from threadline.timex.prefix import automaton, first_chars, head_key

NORMS = ("calendar", "relative", "this", "weekday", "fixed", "duration", "set", "range",
         "clock", "dateparser")
TYPES = ("DATE", "TIME", "DURATION", "SET")
#: How many opening characters choose the pattern rules and the block rules tried at a word
#: (on unseen text a longer opening is mostly new, a walk of the automaton into new states; a
#: shorter one tries a few more rules: these were the fastest on distinct dev text).
HEAD = {False: 6, True: 4}
#: A rule's id and its compiled regex.
Compiled = tuple[str, re.Pattern]


@dataclass(frozen=True)
class Rule:
    """One pattern rule: its compiled regex and the fixed normalisation fields."""

    id: str
    pattern: str
    type: str
    norm: str
    fixed: dict[str, Any] = field(default_factory=dict)
    examples: tuple[dict, ...] = ()
    counter_examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class Block:
    """One block rule: a regex of strings that are never timexes."""

    id: str
    pattern: str
    examples: tuple[dict, ...] = ()
    counter_examples: tuple[str, ...] = ()
    needs: str | None = None  # a regex every text the pattern matches holds (for speed)


@dataclass(frozen=True)
class Tense:
    """The tense cues of the lexicon (`tense` in lexicon.yaml), ready for `resolve.tense`."""

    before: int  # characters looked at before an expression, and after it
    after: int
    clause_end: re.Pattern
    phrases: dict[str, tuple[tuple[tuple[str, ...], str], ...]]  # first word -> (words, tense)
    past_verbs: frozenset[str]
    not_past: frozenset[str]
    not_after: frozenset[str]
    examples: tuple[dict, ...] = ()
    progressive: frozenset[str] = frozenset()  # "is", "are": with a word in -ing, the future
    not_progressive: frozenset[str] = frozenset()  # words in -ing that are no verb ("nothing")
    #: The characters a clause end begins with (`prefix.first_chars`), to skip to them.
    clause_start: re.Pattern | None = None


def _tense(doc: dict) -> Tense:
    """`Tense` from the lexicon's `tense` section (phrases longest first per first word)."""
    phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for phrase, kind in doc["cues"].items():
        words = tuple(str(phrase).lower().split())
        phrases.setdefault(words[0], []).append((words, str(kind)))
    return Tense(
        int(doc["before"]), int(doc["after"]), re.compile(doc["clause_end"]),
        {w: tuple(sorted(v, key=lambda p: -len(p[0]))) for w, v in phrases.items()},
        *(frozenset(str(w).lower() for w in doc[k]) for k in ("past_verbs", "not_past",
                                                             "not_after")),
        tuple(doc.get("examples") or ()),
        *(frozenset(str(w).lower() for w in doc.get(k) or ()) for k in ("progressive",
                                                                        "not_progressive")),
        first_chars(doc["clause_end"]))


@dataclass(frozen=True)
class Resources:
    """Everything the engine needs for one language, compiled."""

    tables: dict[str, dict[str, Any]]
    rules: tuple[Rule, ...]
    blocks: tuple[Block, ...]
    example_dct: str | None
    triggers: tuple[str, ...]
    trigger_regex: re.Pattern
    starter_regex: re.Pattern
    tense: Tense
    starter_words: tuple[str, ...] = ()  # lower-case words `starter_regex` matches the start of
    ranges: frozenset[str] = frozenset()  # ids of the range rules (groups `first`, `second`)


def _alternation(words: list[str]) -> str:
    """A regex alternation of `words`, longest first, spaces matching any whitespace."""
    parts = sorted({str(w) for w in words}, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in parts)


def _expand(pattern: str, macros: dict[str, str], where: str) -> str:
    """Replace {NAME} macro references (not regex quantifiers like {1,4})."""

    def sub(m: re.Match) -> str:
        name = m.group(1)
        if name not in macros:
            raise ResourceError(f"{where}: unknown macro {{{name}}}")
        return macros[name]

    return re.sub(r"\{([A-Za-z_][A-Za-z_0-9]*)\}", sub, pattern)


def _macros(lexicon: dict) -> dict[str, str]:
    """Macro name -> regex, with {table} references expanded to alternations and {MACRO}
    references to the macros defined above it."""
    known = {k: _alternation(list(v)) for k, v in lexicon["tables"].items()}
    macros: dict[str, str] = {}
    for name, body in lexicon["macros"].items():
        macros[name] = known[name] = _expand(body, known, f"lexicon macro {name}")
    return macros


def _compile(pattern: str, where: str) -> re.Pattern:
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise ResourceError(f"{where}: invalid regex: {exc}") from exc
    if not compiled.groupindex:
        raise ResourceError(f"{where}: the pattern has no named group")
    return compiled


def _rule(item: dict, macros: dict[str, str], where: str) -> Rule:
    require_keys(item, ("id", "pattern", "type", "norm"), where=where)
    where = f"{where} ({item['id']})"
    if item["norm"] not in NORMS or item["type"] not in TYPES:
        raise ResourceError(f"{where}: norm must be one of {NORMS}, type one of {TYPES}")
    pattern = _expand(item["pattern"], macros, where)
    if item.get("ignorecase"):
        pattern = f"(?i:{pattern})"
    groups = _compile(pattern, where).groupindex
    if ("first" in groups) != ("second" in groups):
        raise ResourceError(f"{where}: a range rule needs both groups `first` and `second`")
    reserved = {"id", "pattern", "type", "norm", "examples", "counter_examples", "ignorecase"}
    return Rule(
        id=item["id"], pattern=pattern, type=item["type"], norm=item["norm"],
        fixed={k: v for k, v in item.items() if k not in reserved},
        examples=tuple(item.get("examples") or ()),
        counter_examples=tuple(item.get("counter_examples") or ()),
    )


def _trigger_regex(words: list[str], digits: str = "[0-9]*") -> re.Pattern:
    """A word start that is a digit (continued by `digits`) or begins with one of `words`;
    the leading character class lets `re` skip most positions fast."""
    by_first: dict[str, list[str]] = {}
    for w in sorted(set(words), key=len, reverse=True):
        by_first.setdefault(w[0], []).append(re.escape(w[1:]))
    firsts = "".join(sorted(by_first))
    alts = "|".join(f"(?<=[{c}])(?:{'|'.join(rest)})" for c, rest in by_first.items())
    return re.compile(f"(?i)[0-9{firsts}](?<![a-z0-9].)(?:(?<=[0-9])(?:{digits})|{alts})")


@functools.cache
def load(language: str = "en") -> Resources:
    """The compiled resources of `language` (cached).

    >>> res = load("en")
    >>> res.rules[0].id, [b.id for b in res.blocks][:2]
    ('iso_date', ['designator', 'un_document'])
    """
    base = f"{language}/timex"
    lexicon = load_yaml(f"{base}/lexicon.yaml")
    macros = _macros(lexicon)
    patterns = load_yaml(f"{base}/patterns.yaml")
    blocks_doc = load_yaml(f"{base}/blocks.yaml")
    rules = tuple(_rule(it, macros, f"{base}/patterns.yaml rule {i}")
                  for i, it in enumerate(patterns["rules"]))
    ids = [r.id for r in rules]
    if len(set(ids)) != len(ids):
        raise ResourceError(f"{base}/patterns.yaml: duplicate rule ids")
    blocks = []
    for i, it in enumerate(blocks_doc["rules"]):
        where = f"{base}/blocks.yaml rule {i}"
        require_keys(it, ("id", "pattern"), where=where)
        pattern = _expand(it["pattern"], macros, where)
        _compile(pattern, where)
        needs = it.get("needs")
        if needs is not None and not needs.isascii():
            raise ResourceError(f"{where}: `needs` must be an ASCII regex")
        blocks.append(Block(it["id"], pattern, tuple(it.get("examples") or ()),
                            tuple(it.get("counter_examples") or ()), needs))
    tables = {k: {str(w).lower(): v for w, v in t.items()} for k, t in lexicon["tables"].items()}
    return Resources(
        tense=_tense(lexicon["tense"]),
        tables=tables,
        rules=rules,
        blocks=tuple(blocks),
        example_dct=patterns.get("example_dct"),
        triggers=tuple(lexicon["triggers"].split()),
        trigger_regex=_trigger_regex([w.lower() for w in lexicon["triggers"].split()],
                                     macros["DIGIT_TRIGGER"]),
        starter_regex=_trigger_regex([w.lower() for w in lexicon["triggers"].split()
                                      + lexicon["starters"].split()]),
        starter_words=tuple(sorted({w.lower() for w in lexicon["triggers"].split()
                                    + lexicon["starters"].split()})),
        ranges=frozenset(r.id for r in rules if "first" in re.compile(r.pattern).groupindex),
    )


@functools.cache
def rules_by_id(language: str = "en") -> dict[str, Rule]:
    """The pattern rules of `language` by id."""
    return {r.id: r for r in load(language).rules}


@functools.cache
def _table(block: bool, language: str) -> tuple[tuple[str, ...], tuple[Compiled, ...]]:
    """(patterns, (id, compiled pattern)) of the rules, or of the block rules, in order."""
    items = load(language).blocks if block else load(language).rules
    return (tuple(r.pattern for r in items),
            tuple((r.id, re.compile(r.pattern)) for r in items))


def _by_head(head: str, complete: bool, block: bool, language: str) -> tuple[Compiled, ...]:
    """The rules whose match can begin with `head` (`prefix.possible`), memoised by the state
    the openings' automaton reaches: on unseen text most openings are new, but they lead to a
    few hundred states, so a new opening costs a walk of its characters."""
    seen = _STATES.get((block, language))
    if seen is None:  # (emptied with the automaton, whose states it numbers)
        patterns, compiled = _table(block, language)
        seen = _STATES[block, language] = (automaton(patterns, HEAD[block]), {}, compiled)
    dfa, memo, compiled = seen
    key = (dfa.walk(head), complete)
    found = memo.get(key)
    if found is None:
        found = memo[key] = tuple(compiled[i] for i in dfa.patterns(*key))
    return found


#: (block, language) -> (the automaton of `_by_head`, its (state, complete) -> rules, the
#: compiled rules): looked up here, not through `automaton`'s cache (whose key hashes every
#: pattern).
_STATES: dict[tuple[bool, str], tuple[Any, dict[tuple[int, bool], tuple[Compiled, ...]],
                                      tuple[Compiled, ...]]] = {}


def candidates(text: str, at: int, block: bool = False,
               language: str = "en") -> tuple[Compiled, ...]:
    """(id, compiled regex) of the rules (block rules when `block`) whose match can begin at
    text[at:], judged from its first characters (`HEAD`), in priority order.

    >>> [rule_id for rule_id, _ in candidates("on 31 March 2020", 3)]
    ['day_month_year', 'bc_day_month_year', 'day_month_range', 'day_month']
    """
    raw = text[at : at + HEAD[block]]
    memo = _RAW[block, language]
    found = memo.get(raw)
    if found is None:
        found = memo[raw] = _by_head(*head_key(raw, 0, HEAD[block]), block, language)
    return found


def head_memo(block: bool = False, language: str = "en") -> tuple[dict, int]:
    """(text opening -> `candidates`, opening length): the memo behind `candidates`, for a hot
    loop to look up text[at : at + length] itself and call `candidates` on a miss."""
    return _RAW[block, language], HEAD[block]


#: (block, language) -> the text opening -> candidates (bounded by the vocabulary).
_RAW: collections.defaultdict[tuple[bool, str], dict[str, tuple[Compiled, ...]]] = (
    collections.defaultdict(dict))
