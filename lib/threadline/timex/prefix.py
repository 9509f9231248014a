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
    """The openings of `a` followed by those of `b`, cut at k characters: the open openings
    of `a` are grouped by the room they leave, and `b` is cut to that room once per group
    (so a long opening meets only the few distinct short starts of `b`)."""
    out: set[Seq] = set()
    by_room: dict[int, list[tuple]] = {}
    for chars, closed in a:
        if closed:
            out.add((chars, True))
        else:
            by_room.setdefault(k - len(chars), []).append(chars)
    for room, heads in by_room.items():
        tails = {(more[:room], more_closed or len(more) >= room) for more, more_closed in b}
        for chars in heads:
            for more, more_closed in tails:
                out.add((chars + more, more_closed or len(more) >= room))
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


def first_chars(pattern: str) -> re.Pattern | None:
    r"""A character class of the characters every match of `pattern` begins with (so a scan
    can skip to the first of them, where a match may begin), None when a match may be empty
    or begin with any character.

    >>> first_chars(r"[;:]|,(?=\s+which)").pattern
    '[,:;]'
    """
    chars: set[str] = set()
    for seq, _closed in first_seqs(pattern, 1):
        if not seq or seq[0] is None:
            return None
        chars |= seq[0]
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")


class _Node:
    """A node of the trie of all patterns' openings: `kids` by character set (None: any
    character); `pats`: the patterns with an opening through here; `ends`: those whose
    opening ends here, so any continuation agrees with them. Once the trie is built,
    `by_char` (character -> the kids whose set holds it), `anys` (the any-character kids) and
    `chars` (the characters of all its sets) let a step look up its kids instead of testing
    every set."""

    __slots__ = ("kids", "pats", "ends", "by_char", "anys", "chars")

    def __init__(self) -> None:
        self.kids: dict[frozenset[str] | None, _Node] = {}
        self.pats: set[int] = set()
        self.ends: set[int] = set()
        self.by_char: dict[str, tuple[_Node, ...]] = {}
        self.anys: tuple[_Node, ...] = ()
        self.chars: frozenset[str] = frozenset()


def _index(root: _Node) -> None:
    """Fill `by_char`, `anys` and `chars` of every node under `root`."""
    stack = [root]
    while stack:
        node = stack.pop()
        by_char: dict[str, list[_Node]] = {}
        for elem, child in node.kids.items():
            for ch in elem or ():
                by_char.setdefault(ch, []).append(child)
        node.by_char = {ch: tuple(kids) for ch, kids in by_char.items()}
        node.anys = tuple(child for elem, child in node.kids.items() if elem is None)
        node.chars = frozenset(by_char)
        stack.extend(node.kids.values())


@functools.lru_cache(maxsize=64)
def _trie(patterns: tuple[str, ...], k: int) -> _Node:
    """One trie of the openings (`first_seqs`) of all patterns: openings that share their
    first character sets share a path, within a pattern and across patterns ("March 1" of
    ten date rules is one path), so a head is checked once per branch."""
    root = _Node()
    for index, pattern in enumerate(patterns):
        root.pats.add(index)
        for chars, _closed in first_seqs(pattern, k):
            node = root
            for elem in chars:
                child = node.kids.get(elem)
                if child is None:
                    child = node.kids[elem] = _Node()
                node = child
                node.pats.add(index)
            node.ends.add(index)
    _index(root)
    return root


#: A step of the automaton: (trie nodes reached, patterns whose opening is used up).
State = tuple[frozenset[_Node], frozenset[int]]


def _advance(state: State, ch: str) -> State:
    """The state after one more character `ch`: the children that `ch` reaches, and the
    patterns that ended on the way."""
    nodes, used = state
    kids: set[_Node] = set()
    for node in nodes:
        kids.update(node.by_char.get(ch, ()), node.anys)
    reached = frozenset(kids)
    ended = [node.ends for node in reached if node.ends]
    return reached, used.union(*ended) if ended else used


class _Dfa:
    """The trie of all patterns run as one automaton built lazily: states are numbered and
    each (state, character) step is computed once, so openings that lead to the same trie
    nodes ("12 Ma", "13 Ma") share all further work; a state's live patterns are computed
    once too."""

    __slots__ = ("states", "ids", "steps", "alive", "others")

    def __init__(self, root: _Node) -> None:
        start = (frozenset({root}), frozenset(root.ends))
        self.states: list[State] = [start]
        self.ids: dict[State, int] = {start: 0}
        self.steps: list[dict[str, int]] = [{}]
        self.alive: dict[tuple[int, bool], tuple[int, ...]] = {}
        #: state -> (the characters of its edge sets, the step of any other character or -1)
        self.others: dict[int, tuple[frozenset[str], int]] = {}

    def walk(self, head: str) -> int:
        """The number of the state reached from the start by the characters of `head`."""
        s = 0
        for ch in head:
            t = self.steps[s].get(ch)
            if t is None:
                t = self.steps[s][ch] = self._step(s, ch)
            s = t
        return s

    def _step(self, s: int, ch: str) -> int:
        """The state after `ch` from state `s`: a character in none of the state's edge sets
        follows only its any-character edges, one step shared by all such characters."""
        relevant, other = self.others.get(s, (None, -1))
        if relevant is None:
            nodes = self.states[s][0]
            relevant = frozenset().union(*(n.chars for n in nodes))
        plain = ch not in relevant
        if plain and other >= 0:
            return other
        t = self._number(_advance(self.states[s], ch))
        self.others[s] = (relevant, t if plain else other)
        return t

    def _number(self, state: State) -> int:
        """The number of `state`, a new one if it was never reached."""
        t = self.ids.get(state)
        if t is None:
            t = self.ids[state] = len(self.states)
            self.states.append(state)
            self.steps.append({})
        return t

    def patterns(self, s: int, complete: bool) -> tuple[int, ...]:
        """The patterns alive in state `s`, in order (`complete`: only those whose opening is
        used up, as the text ends there)."""
        key = (s, complete)
        found = self.alive.get(key)
        if found is None:
            nodes, used = self.states[s]
            live = set(used) if complete else used.union(*(n.pats for n in nodes))
            found = self.alive[key] = tuple(sorted(live))
        return found


@functools.lru_cache(maxsize=64)
def automaton(patterns: tuple[str, ...], k: int) -> _Dfa:
    """The (lazily built) automaton of the openings of `patterns`."""
    return _Dfa(_trie(patterns, k))


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
    dfa = automaton(patterns, k)
    return dfa.patterns(dfa.walk(head), complete)

