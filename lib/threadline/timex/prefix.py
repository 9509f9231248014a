"""The first few characters a regex match can begin with (FIRST_k), to dispatch rules by the
opening characters of a word: at "and" no rule that must begin with "a " or "about" is tried.

The analysis is conservative: a prefix it rejects can never begin a match; anything it cannot
reason about (a word class, a back-reference) counts as any character, and zero-width items
(lookarounds, \\b) are ignored, which only admits more.
"""

from __future__ import annotations

import functools
import re
import string
from re import _constants as C  # noqa: N812
from re import _parser as P  # noqa: N812

#: How many opening characters dispatch looks at (by default).
K = 6
#: Beyond this many alternative prefixes a pattern is treated as able to start anywhere.
MAX_SEQS = 8192
_SPACE = frozenset(" \t\n\r\f\v\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000"
                   + "".join(chr(c) for c in range(0x2000, 0x200B)))
_CATEGORIES = {C.CATEGORY_DIGIT: frozenset(string.digits), C.CATEGORY_SPACE: _SPACE}

# A sequence is (chars, closed): chars is a tuple of frozensets (None = any character);
# closed means nothing more is known after it (it reached K or met an unknown item).
Seq = tuple[tuple[frozenset | None, ...], bool]
_EMPTY: frozenset[Seq] = frozenset({((), False)})
_UNKNOWN: frozenset[Seq] = frozenset({((), True)})


def _fold(chars: set[str] | frozenset[str], fold: bool) -> frozenset[str] | None:
    """`chars` and, under IGNORECASE, their ASCII case variants (None: any character, for a
    non-ASCII cased character whose folds `re` may widen)."""
    if not fold:
        return frozenset(chars)
    out: set[str] = set()
    for c in chars:
        if not c.isascii() and c.lower() != c.upper():
            return None
        out.update((c, c.lower(), c.upper()))
    return frozenset(out)


def _charset(items: list, fold: bool) -> frozenset[str] | None:
    """The characters an IN item matches, None when too many or negated."""
    out: set[str] = set()
    for op, av in items:
        if op is C.LITERAL:
            out.add(chr(av))
        elif op is C.RANGE:
            if av[1] - av[0] > 512:
                return None
            out.update(chr(i) for i in range(av[0], av[1] + 1))
        elif op is C.CATEGORY and av in _CATEGORIES:
            out |= _CATEGORIES[av]
        else:  # NEGATE, word classes, range_uni_ignore ...
            return None
    return _fold(out, fold)


def _concat(a: frozenset[Seq], b: frozenset[Seq], k: int) -> frozenset[Seq]:
    out: set[Seq] = set()
    for chars, closed in a:
        if closed:
            out.add((chars, True))
            continue
        for more, more_closed in b:
            joined = (chars + more)[:k]
            out.add((joined, more_closed or len(joined) >= k))
    if len(out) > MAX_SEQS:
        return _UNKNOWN
    return frozenset(out)


def _one(chars: frozenset[str] | None, k: int) -> frozenset[Seq]:
    return frozenset({((chars,), k <= 1)})


def _seq(items: list, fold: bool, k: int) -> frozenset[Seq]:
    acc = _EMPTY
    for op, av in items:
        acc = _concat(acc, _item(op, av, fold, k), k)
        if all(closed for _c, closed in acc):
            break
    return acc


def _item(op, av, fold: bool, k: int) -> frozenset[Seq]:
    if op is C.LITERAL:
        return _one(_fold({chr(av)}, fold), k)
    if op is C.NOT_LITERAL or op is C.ANY:
        return _one(None, k)
    if op is C.IN:
        return _one(_charset(av, fold), k)
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
        return _EMPTY
    if op is C.SUBPATTERN:
        _group, add, delete, sub = av
        fold = (fold or bool(add & re.IGNORECASE)) and not delete & re.IGNORECASE
        return _seq(list(sub), fold, k)
    if op is C.BRANCH:
        out: set[Seq] = set()
        for alt in av[1]:
            out |= _seq(list(alt), fold, k)
        return frozenset(out) if len(out) <= MAX_SEQS else _UNKNOWN
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        lo, hi, sub = av
        body = _seq(list(sub), fold, k)
        acc, result = _EMPTY, set()
        for n in range(k + 2):
            if n >= lo:
                result |= acc
            if n >= hi:
                break
            acc = _concat(acc, body, k)
        else:
            result |= acc  # more repeats than K+1 only add what is already closed
        return frozenset(result)
    if op is C.ATOMIC_GROUP:
        return _seq(list(av), fold, k)
    return _UNKNOWN


@functools.cache
def first_seqs(pattern: str, k: int = K) -> frozenset[Seq]:
    """The opening sequences (up to k characters) of the matches of `pattern`."""
    parsed = P.parse(pattern)
    return _seq(list(parsed), bool(parsed.state.flags & re.IGNORECASE), k)


class _Node:
    """A node of the trie of a pattern's openings: `kids` by character set (None: any
    character); `end`: an opening ends here, so any continuation agrees with it."""

    __slots__ = ("kids", "end")

    def __init__(self) -> None:
        self.kids: dict[frozenset[str] | None, _Node] = {}
        self.end = False


@functools.lru_cache(maxsize=64)
def _tries(patterns: tuple[str, ...], k: int) -> tuple[_Node, ...]:
    """One trie of openings (`first_seqs`) per pattern: openings that share their first
    character sets share a path, so a head is checked once per branch, not once per opening."""
    roots = []
    for pattern in patterns:
        root = _Node()
        for chars, _closed in first_seqs(pattern, k):
            node = root
            for elem in chars:
                child = node.kids.get(elem)
                if child is None:
                    child = node.kids[elem] = _Node()
                node = child
            node.end = True
        roots.append(root)
    return tuple(roots)


#: The patterns still alive after an opening: (index, trie nodes reached | None), None once an
#: opening of that pattern is used up (anything may follow it).
State = tuple[tuple[int, tuple[_Node, ...] | None], ...]
_UNSEEN = object()


def _advance(state: State, ch: str, memo: dict) -> State:
    """The state after one more character `ch` (`memo`: each pattern's step from its trie
    nodes by `ch`, shared between states)."""
    out: list[tuple[int, tuple[_Node, ...] | None]] = []
    for index, nodes in state:
        if nodes is None:
            out.append((index, None))
            continue
        key = (nodes, ch)
        reached = memo.get(key, _UNSEEN)
        if reached is _UNSEEN:
            reached = memo[key] = None if any(node.end for node in nodes) else tuple(
                {child for node in nodes for elem, child in node.kids.items()
                 if elem is None or ch in elem})
        if reached != ():
            out.append((index, reached))
    return tuple(out)


class _Dfa:
    """The tries of all patterns run together as one automaton built lazily: states are
    numbered and each (state, character) step is computed once, so openings that lead to the
    same patterns and trie nodes ("12 Ma", "13 Ma") share all further work."""

    __slots__ = ("states", "ids", "steps", "memo")

    def __init__(self, start: State) -> None:
        self.states: list[State] = [start]
        self.ids: dict[State, int] = {start: 0}
        self.steps: list[dict[str, int]] = [{}]
        self.memo: dict = {}

    def walk(self, head: str) -> State:
        """The state reached from the start by the characters of `head`."""
        s = 0
        for ch in head:
            t = self.steps[s].get(ch)
            if t is None:
                nxt = _advance(self.states[s], ch, self.memo)
                t = self.ids.get(nxt)
                if t is None:
                    t = self.ids[nxt] = len(self.states)
                    self.states.append(nxt)
                    self.steps.append({})
                self.steps[s][ch] = t
            s = t
        return self.states[s]


@functools.lru_cache(maxsize=64)
def _dfa(patterns: tuple[str, ...], k: int) -> _Dfa:
    """The (lazily built) automaton of the openings of `patterns`."""
    return _Dfa(tuple((i, (root,)) for i, root in enumerate(_tries(patterns, k))))


def _alive(patterns: tuple[str, ...], head: str, k: int) -> State:
    """(index, trie nodes reached by `head`) of the patterns some of whose openings agree with
    `head`; None instead of nodes once an opening is used up (anything may follow it)."""
    return _dfa(patterns, k).walk(head)


def head_key(text: str, at: int, k: int = K) -> tuple[str, bool]:
    """(the ASCII opening of text[at:] up to k characters, whether it reaches the text's end):
    the dispatch key of position `at`; a non-ASCII character ends the key (it is not folded)."""
    head = text[at : at + k]
    if head.isascii():
        return head, len(head) < k
    n = 0
    while head[n].isascii():
        n += 1
    return head[:n], False


@functools.lru_cache(maxsize=1 << 16)
def possible(patterns: tuple[str, ...], head: str, complete: bool,
             k: int = K) -> tuple[int, ...]:
    r"""Indices of the `patterns` whose match can begin with `head` (`complete`: the text ends
    after it), in order.

    >>> possible((r"\bnext\s+week", r"\bnew\b", r"[a-z]+"), "new ye", False)
    (1, 2)
    """
    return tuple(index for index, nodes in _alive(patterns, head, k)
                 if not complete or nodes is None or any(node.end for node in nodes))

