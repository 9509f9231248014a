"""The date tagger's fast paths give exactly what the plain regex scan gives, on real text.

Dispatch by a word's opening characters (`rules.candidates`, from `prefix`'s FIRST_k analysis)
must never drop a rule that matches there; the Aho-Corasick word hits (`scan.word_hits`) must
reproduce the trigger and starter regexes; `find` with hits must equal `find` without; the
sentence-break regex must split as its plain formulation did; the per-call value memos must
agree with the functions they memoise. Texts: the seed corpus and TimeBank+AQUAINT dev.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import polars as pl
import pytest
import threadline.sentences as text_sentences
from conftest import SEEDS
from threadline import read_corpus, tag_dates
from threadline.scoring import load_tempeval_jsonl
from threadline.timex import clear_caches, rules, scan
from threadline.timex.parse import parse
from threadline.timex.resolve import make_anchor
from threadline.timex.table import Values
from threadline.timex.values import granularity, interval

#: The sentence-break regex as first written (three plain alternatives), the reference.
PLAIN_BREAK = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])|\n\s*\n"
                         r"|\n(?=\s*[A-Z0-9\"“(\[])")
#: Texts whose case folding or characters the ASCII fast path must leave to the regexes.
TRICKY = ["The \u212aelvin sign: 5 days later, \u017fince 2015.", "À 2 mai 2015, 10 hours ago",
          "on 3 MAY 2012 at 10:30 p.m.", "A week later\u00a0(27 April) it resumed."]


@functools.cache
def _texts(tbaq_path: Path, n_tbaq: int = 40) -> tuple[str, ...]:
    """The seed articles, the first `n_tbaq` TimeBank+AQUAINT dev documents, tricky lines."""
    seeds = read_corpus(SEEDS).filter(pl.col("status") == "ok")["text"].to_list()
    news, _ = load_tempeval_jsonl(tbaq_path)
    return tuple(seeds + news["text"].head(n_tbaq).to_list() + TRICKY)


@functools.cache
def _sentences(tbaq_path: Path) -> tuple[str, ...]:
    """Every sentence of `_texts` that may hold a timex."""
    frame = scan.sentence_frame(pl.DataFrame({"text": list(_texts(tbaq_path))}))
    return tuple(scan.candidate_sentences(frame)["sentence"].to_list())


@pytest.mark.parametrize("block", [False, True], ids=["patterns", "blocks"])
def test_dispatch_keeps_every_rule_that_matches(tbaq_path: Path, block: bool) -> None:
    _patterns, compiled = rules._table(block, "en")
    checked = 0
    for text in _texts(tbaq_path):
        starts = {m.start() for m in re.finditer(r"(?<![A-Za-z0-9])\S", text)}
        for at in sorted(starts):
            allowed = {rule_id for rule_id, _ in rules.candidates(text, at, block=block)}
            for rule_id, regex in compiled:
                if regex.match(text, at):
                    checked += 1
                    assert rule_id in allowed, (rule_id, text[at : at + 40])
    print(f"\n{'block' if block else 'pattern'} rule matches checked against dispatch: "
          f"{checked}")
    assert checked > (50 if block else 500)


def test_joined_block_rules_match_as_the_first_rule_that_matches(tbaq_path: Path) -> None:
    """`scan._first_of` (the block rules of a dispatch set as one alternation) gives, at every
    word start, the span of the first of its rules that matches there, or no match."""
    _patterns, compiled = rules._table(True, "en")
    joined = scan._first_of(compiled)
    matched = 0
    for text in (*_texts(tbaq_path), "Resolution 1701 of 2006 sent 1,200 troops 5 km away."):
        for w in re.finditer(r"(?<![\w$£€])[\w$£€]", text):
            first = next((m for _id, r in compiled if (m := r.match(text, w.start()))), None)
            m = joined.match(text, w.start())
            assert (m and m.span()) == (first and first.span()), text[w.start():][:40]
            matched += first is not None
    assert matched > 50 and scan._first_of(()) is None and scan._first_of(compiled[:1]) is (
        compiled[0][1])


@pytest.mark.parametrize("text, at, rule_id, expected", [
    ("on 31 March 2020", 3, "day_month_year", True),
    ("on 31 March 2020", 3, "weekday", False),
    ("and then it rained", 0, "duration", False),
    ("a few days later", 0, "later_earlier", True),
    ("in the year 1998", 3, "the_year", True),
    ("in the year 1998", 3, "iso_date", False),
])
def test_dispatch_by_opening(text: str, at: int, rule_id: str, expected: bool) -> None:
    ids = [r_id for r_id, _ in rules.candidates(text, at)]
    assert (rule_id in ids) is expected
    matched = next((r.id for r in rules.load().rules if re.compile(r.pattern).match(text, at)),
                   None)
    assert matched is None or matched in ids


def test_word_hits_reproduce_the_regexes(tbaq_path: Path) -> None:
    res, sentences = rules.load(), _sentences(tbaq_path)
    hits = scan.word_hits(pl.Series(sentences))
    fast = 0
    for sentence, found in zip(sentences, hits, strict=True):
        if found is None:
            assert not sentence.isascii()
            continue
        fast += 1
        triggers, starters, _absent = found
        assert {m.start() for m in res.trigger_regex.finditer(sentence)} <= set(triggers)
        assert [m.start() for m in res.starter_regex.finditer(sentence)] == starters
    print(f"\nASCII sentences on the fast path: {fast} of {len(sentences)}")
    assert fast > len(sentences) // 2


def test_find_with_hits_equals_the_regex_scan(tbaq_path: Path) -> None:
    sentences = _sentences(tbaq_path)
    hits = scan.word_hits(pl.Series(sentences))
    n = 0
    for sentence, found in zip(sentences, hits, strict=True):
        expected = scan.find(sentence)
        assert scan.find(sentence, found) == expected, sentence
        n += len(expected)
    assert n > 100


def test_sentence_break_regex_equals_its_plain_form(tbaq_path: Path) -> None:
    for text in _texts(tbaq_path, 256):
        fast = [(m.start(), m.group()) for m in text_sentences._BREAK.finditer(text)]
        assert fast == [(m.start(), m.group()) for m in PLAIN_BREAK.finditer(text)]


def _plain_sentences(text: str) -> list[tuple[int, int]]:
    """`threadline.sentences.sentences` as first written (slices, strips and trims everywhere),
    the reference."""
    spans, start = [], 0
    abbreviation = text_sentences._abbreviation()
    for m in PLAIN_BREAK.finditer(text):
        head = text[max(start, m.start() - 12) : m.start() + 1]
        if text[m.start()] == "." and "\n" not in m.group() and abbreviation.search(head):
            continue
        end = m.start() + len(m.group().rstrip()) if m.group()[0] != "\n" else m.start()
        end = start + len(text[start:end].rstrip())
        if text[start:end].strip():
            first = start
            while first < end and text[first].isspace():
                first += 1
            spans.append((first, end))
        start = m.end()
    if text[start:].strip():
        first, end = start, len(text.rstrip())
        while first < end and text[first].isspace():
            first += 1
        spans.append((first, end))
    return spans


@pytest.mark.parametrize("extra", ["", "\n\n  Indented after a blank line.  \n", " U.S. Gen. X. "])
def test_sentences_equal_their_plain_form(tbaq_path: Path, extra: str) -> None:
    n = 0
    for text in _texts(tbaq_path, 256):
        text = extra + text + extra
        spans = text_sentences.sentences(text)
        assert spans == _plain_sentences(text)
        n += len(spans)
    assert n > 3000


def test_value_memos_agree(seed_documents: pl.DataFrame, tbaq_path: Path) -> None:
    news, _ = load_tempeval_jsonl(tbaq_path)
    mentions = tag_dates(pl.concat([news.head(60), seed_documents], how="diagonal_relaxed"))
    memo = Values()
    pairs = mentions.select("value", "mod").unique().rows()
    for value, mod in pairs * 2:  # the second round reads the memo
        assert memo.interval(value, mod) == interval(value, mod)
        assert memo.granularity(value) == granularity(value)
        assert memo.anchor(value, "x/T001") == make_anchor(value, "x/T001")
        assert memo.anchor(value, "y/T002") == make_anchor(value, "y/T002")
    assert len(pairs) > 100


@pytest.mark.parametrize("resources", [False, True], ids=["caches", "caches+resources"])
def test_tag_dates_same_with_cold_dispatch_caches(seed_documents: pl.DataFrame,
                                                  resources: bool) -> None:
    warm = tag_dates(seed_documents)
    clear_caches(resources)
    assert parse.cache_info().currsize == 0 and not scan.MASKED
    cold = tag_dates(seed_documents)
    assert warm.height > 50
    assert warm.equals(cold)
