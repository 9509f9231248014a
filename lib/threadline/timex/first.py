"""The characters a regex match can begin with (its FIRST set), to dispatch rules by first
character: at a word starting with "3" only the rules that can start with a digit are tried.
"""

from __future__ import annotations

import re
import string
from re import _constants as C  # noqa: N812
from re import _parser as P  # noqa: N812

#: The alphabet dispatch is keyed on; anything else maps to "other".
KEYS = frozenset(string.ascii_lowercase + string.digits)
ANY = frozenset(KEYS | {"other"})


def _chars(items: list, fold: bool) -> frozenset[str]:
    out: set[str] = set()
    for op, av in items:
        if op is C.LITERAL:
            out.add(chr(av))
        elif op is C.RANGE:
            out.update(chr(i) for i in range(av[0], min(av[1], 0x250) + 1))
        elif op is C.CATEGORY:
            if av in (C.CATEGORY_DIGIT,):
                out.update(string.digits)
            else:
                return ANY
        elif op is C.NEGATE:
            return ANY
    return _keys(out, fold)


def _keys(chars: set[str], fold: bool) -> frozenset[str]:
    keys: set[str] = set()
    for ch in chars:
        low = ch.lower() if fold or ch.isdigit() else ch.lower()
        keys.add(low if low in KEYS else "other")
    return frozenset(keys)


def _seq(items: list, fold: bool) -> tuple[frozenset[str], bool]:
    """(FIRST set, can be empty) of a sequence of regex items."""
    first: set[str] = set()
    for op, av in items:
        f, nullable = _item(op, av, fold)
        first |= f
        if not nullable:
            return frozenset(first), False
    return frozenset(first), True


def _item(op, av, fold: bool) -> tuple[frozenset[str], bool]:
    if op is C.LITERAL:
        return _keys({chr(av)}, fold), False
    if op is C.NOT_LITERAL or op is C.ANY:
        return ANY, False
    if op is C.IN:
        return _chars(av, fold), False
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT, C.GROUPREF_EXISTS):
        return frozenset(), True
    if op is C.SUBPATTERN:
        _group, add, _del, sub = av
        return _seq(list(sub), fold or bool(add & re.IGNORECASE))
    if op is C.BRANCH:
        out: set[str] = set()
        nullable = False
        for alt in av[1]:
            f, n = _seq(list(alt), fold)
            out |= f
            nullable = nullable or n
        return frozenset(out), nullable
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        lo, _hi, sub = av
        f, n = _seq(list(sub), fold)
        return f, n or lo == 0
    if op is C.ATOMIC_GROUP:
        return _seq(list(av), fold)
    return ANY, False


def first_keys(pattern: str) -> frozenset[str]:
    """The dispatch keys (lower-case letters, digits, "other") a match of `pattern` can start
    with.

    >>> sorted(first_keys(r"(?i:\\b(?:last|next)\\s+week)"))
    ['l', 'n']
    """
    f, nullable = _seq(list(P.parse(pattern)), False)
    return ANY if nullable else f
