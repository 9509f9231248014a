"""The events vocabulary as data: triggers, guards, weapons, not-event rules, built once (cached).

Entries are lemmas; their inflections come from lemminflect at load time (a verb inflects its
first word that is not an -ly adverb, a noun its last word), never from hand-listed forms. Each
loader returns a polars frame of (entry, surface form) rows with a ``key`` for `match_terms`.
"""

from __future__ import annotations

import functools
import re

import lemminflect
import polars as pl

from threadline.resources import ResourceError, load_yaml, require_keys

_DIR = "en/events"


@functools.cache
def taxonomy() -> dict[str, list[str]]:
    """ACLED's event types and their sub-event types (acled.yaml)."""
    return load_yaml(f"{_DIR}/acled.yaml")["event_types"]


@functools.cache
def _inflections(word: str, upos: str) -> tuple[str, ...]:
    """Every inflection of one word (lemminflect; its OOV rules for unknown words)."""
    found = lemminflect.getAllInflections(word, upos=upos)
    if not found:
        found = lemminflect.getAllInflectionsOOV(word, upos=upos)
    forms = {f for group in found.values() for f in group}
    return tuple(sorted(forms | {word}))


def inflect(lemma: str, pos: str) -> list[str]:
    """Surface forms of a lemma: a verb phrase inflects its verb (the first word that is not an
    -ly adverb), a noun phrase its last word.

    >>> inflect("exchange fire", "VERB")
    ['exchange fire', 'exchanged fire', 'exchanges fire', 'exchanging fire']
    >>> inflect("air strike", "NOUN")
    ['air strike', 'air strikes']
    """
    words = lemma.split()
    if pos == "VERB":
        at = next((i for i, w in enumerate(words) if not w.endswith("ly")), 0)
    else:
        at = len(words) - 1
    head = words[at]
    if "-" in head and pos == "VERB":  # "baton-charge": inflect the last part
        stem, last = head.rsplit("-", 1)
        forms = [f"{stem}-{f}" for f in _inflections(last, pos)]
    else:
        forms = list(_inflections(head, pos))
    return sorted({" ".join([*words[:at], f, *words[at + 1:]]) for f in forms})


def _entries(data: dict, key: str, where: str, required: tuple[str, ...]) -> list[dict]:
    """The list `key` of a resource, each entry checked for `required` keys and a unique id."""
    items = data.get(key)
    if not isinstance(items, list):
        raise ResourceError(f"{where}: expected a list under {key!r}")
    seen: set[str] = set()
    for n, item in enumerate(items, 1):
        require_keys(item, ("id", *required), where=f"{where}: {key} entry {n}")
        if item["id"] in seen:
            raise ResourceError(f"{where}: {key} entry {n}: duplicate id {item['id']!r}")
        seen.add(item["id"])
    return items


def _key(form: str) -> str:
    return " ".join(form.replace("\u00a0", " ").split()).lower()


@functools.cache
def guards() -> dict[str, dict]:
    """Guard id -> {where, chars, pattern}: the context tests that triggers' needs/unless name."""
    where = f"resources/{_DIR}/triggers.yaml"
    out = {}
    for g in _entries(load_yaml(f"{_DIR}/triggers.yaml"), "guards", where, ("where",)):
        if g["where"] not in ("before", "after", "sentence"):
            raise ResourceError(f"{where}: guard {g['id']}: where must be before/after/sentence")
        if g.get("lexicon"):
            if g["lexicon"] not in ("weapons", "armed_actors") or g["where"] == "sentence":
                raise ResourceError(f"{where}: guard {g['id']}: lexicon must be weapons or "
                                    "armed_actors, before or after the trigger")
            out[g["id"]] = {"where": g["where"], "chars": int(g.get("chars", 80)),
                            "lexicon": g["lexicon"], "pattern": None}
            continue
        if "pattern" not in g:
            raise ResourceError(f"{where}: guard {g['id']}: missing key(s) pattern")
        flags = "" if g.get("case_sensitive") else "(?i)"
        pattern = flags + g["pattern"]
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ResourceError(f"{where}: guard {g['id']}: bad pattern ({exc})") from exc
        out[g["id"]] = {"where": g["where"], "chars": int(g.get("chars", 80)), "pattern": pattern}
    return out


@functools.cache
def trigger_lexicon() -> pl.DataFrame:
    """One row per (trigger entry, surface form): id, form, key, class, event_type,
    sub_event_type, light, exact_case, gap, gap_words, tail, needs, unless."""
    where = f"resources/{_DIR}/triggers.yaml"
    data = load_yaml(f"{_DIR}/triggers.yaml")
    known, types = guards(), taxonomy()
    rows = []
    for e in _entries(data, "entries", where, ("lemma", "pos", "class", "event_type",
                                                "sub_event_type")):
        if e["sub_event_type"] not in types.get(e["event_type"], []):
            raise ResourceError(f"{where}: {e['id']}: {e['event_type']!r} / "
                                f"{e['sub_event_type']!r} is not in ACLED's taxonomy")
        for g in (g for n in [*e.get("needs", []), *e.get("unless", [])] for g in n.split("|")):
            if g not in known:
                raise ResourceError(f"{where}: {e['id']}: unknown guard {g!r}")
        gapped = bool(e.get("gap") or e.get("gap_words"))
        words = e["lemma"].split()
        head, tail = (words[0], " ".join(words[1:])) if gapped else (e["lemma"], "")
        for form in inflect(head, e["pos"]) if gapped else inflect(e["lemma"], e["pos"]):
            rows.append({
                "id": e["id"], "form": form, "key": _key(form), "lemma": e["lemma"],
                "pos_tag": e["pos"],
                "class": e["class"], "event_type": e["event_type"],
                "sub_event_type": e["sub_event_type"], "light": bool(e.get("light")),
                "exact_case": bool(e.get("exact_case")), "gap": int(e.get("gap") or 0),
                "gap_words": e.get("gap_words"), "tail": tail or None,
                "needs": list(e.get("needs", [])), "unless": list(e.get("unless", [])),
            })
    order = {t: i for i, t in enumerate(load_yaml(f"{_DIR}/acled.yaml")["violence_order"])}
    return pl.DataFrame(rows, infer_schema_length=None).with_columns(
        pl.col("event_type").replace_strict(order, return_dtype=pl.Int64).alias("rank"),
        pl.col("gap_words").cast(pl.String), pl.col("tail").cast(pl.String))


@functools.cache
def weapon_lexicon() -> pl.DataFrame:
    """One row per (weapon, surface form): weapon_id, weapon (name), weapon_class, form, key,
    exact_case, implied_type, implied_sub (null when the actors decide). An all-caps alias also
    matches with a plural "s" ("TOWs", "IEDs")."""
    where = f"resources/{_DIR}/weapons.yaml"
    rows = []
    for e in _entries(load_yaml(f"{_DIR}/weapons.yaml"), "entries", where,
                      ("name", "aliases", "class")):
        implies = e.get("implies") if isinstance(e.get("implies"), dict) else {}
        for alias in e["aliases"]:
            lower = alias == alias.lower()
            last = alias.split()[-1]
            plural = lower or (" " in alias and last == last.lower() and last.isalpha())
            acronym = alias.isupper() and alias.isalpha() and len(alias) >= 2
            for form in inflect(alias, "NOUN") if plural else [alias, *([alias + "s"] * acronym)]:
                rows.append({"weapon_id": e["id"], "weapon": e["name"], "weapon_class": e["class"],
                             "form": form, "key": _key(form), "exact_case": not lower,
                             "implied_type": implies.get("event_type"),
                             "implied_sub": implies.get("sub_event_type")})
    for phrase in load_yaml(f"{_DIR}/weapons.yaml").get("blockers") or []:
        rows.append({"weapon_id": "not_weapon", "weapon": None, "weapon_class": None,
                     "form": phrase, "key": _key(phrase), "exact_case": False,
                     "implied_type": None, "implied_sub": None})
    return pl.DataFrame(rows, infer_schema_length=None).unique(
        ["key", "form"], keep="first", maintain_order=True)


def find_weapons(sents: pl.DataFrame) -> pl.DataFrame:
    """Weapon mentions of the sentences (blocked phrases such as "think tank" removed)."""
    from threadline.events.lexicons import match_terms

    found = match_terms(sents.select("doc_id", "sent_no", "sentence"), weapon_lexicon(), True)
    return found.filter(pl.col("weapon_id") != "not_weapon")


@functools.cache
def not_event_rules() -> list[tuple[str, str]]:
    """(id, case-insensitive pattern) of the sentences that are never events (not_events.yaml)."""
    where = f"resources/{_DIR}/not_events.yaml"
    out = []
    for e in _entries(load_yaml(f"{_DIR}/not_events.yaml"), "entries", where, ("pattern",)):
        pattern = "(?i)" + e["pattern"]
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ResourceError(f"{where}: {e['id']}: bad pattern ({exc})") from exc
        out.append((e["id"], pattern))
    return out


def examples(relpath: str, key: str = "entries") -> list[tuple[str, str, bool]]:
    """(entry id, sentence, should it hold?) for the examples / counter_examples of a file."""
    data = load_yaml(f"{_DIR}/{relpath}")
    out = []
    for e in data.get(key) or []:
        out += [(e["id"], s, True) for s in e.get("examples", [])]
        out += [(e["id"], s, False) for s in e.get("counter_examples", [])]
    return out
