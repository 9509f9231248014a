"""Sentences with source offsets, shared by every stage: the one home of sentence splitting.

`sentences` splits a text at . ! ? before a capital and at line breaks, never after an
abbreviation (``resources/en/sentences.yaml``: "Aug.", "U.S."); the date tagger scans its
sentences and MENTIONS record them, so events and mentions agree on offsets. The evidence
unit of an event (`split_sentences`, `sentence_frame`) refines them: a dateline opening a line
("DAMASCUS, SYRIA (10:15 P.M.) – ") is its own unit, a line break always ends a sentence
(bullet lists, headings, captions), and leading bullets are trimmed. Offsets are code points
into the source text.
"""

from __future__ import annotations

import functools
import re

import polars as pl

from threadline.resources import load_yaml
from threadline.schema import DOCUMENTS, check

#: A dateline ("DAMASCUS, SYRIA (10:15 P.M.) – ") opening a line: short, with a word in capitals.
_DATELINE = re.compile(r"[^\n–—]{0,80}?\b[A-Z]{4,}\b[^\n–—]{0,60}?\s[–—]\s")
#: A sentence break: . ! ? (closing quotes) spaces before a capital; a blank line; a line
#: break before a capital. The leading class lets `re` skip to candidate characters fast.
_BREAK = re.compile(r"[.!?\n](?:(?<=[.!?])[\"'”’)\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])"
                    r"|(?<=\n)(?:\s*\n|(?=\s*[A-Z0-9\"“(\[])))")


#: No sentence is longer than this many code points: a longer run without a break (a list
#: without stops, "U.S. U.S. ...", a 200 k-character paste) is cut at its last blank before
#: the limit, so every later stage does bounded work per sentence.
MAX_SENTENCE = 2000


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of the sentences of `text`: split at . ! ? before a capital and at line
    breaks, never after an abbreviation such as "Aug." or "U.S."; none longer than
    `MAX_SENTENCE` code points.

    >>> sentences("On 18 April, Israel struck. A week later, on 27 April, it struck again.")
    [(0, 27), (28, 71)]
    >>> [e - s for s, e in sentences("U.S. " * 1000)]
    [1999, 1999, 999]
    """
    spans, start = [], 0
    abbreviation = _abbreviation()
    for m in _BREAK.finditer(text):
        at, gap = m.start(), m.group()
        if gap[0] == "." and "\n" not in gap and abbreviation.search(
                text[max(start, at - 12) : at + 1]):
            continue
        if gap[0] == "\n":
            seg = text[start:at].rstrip()
            if seg:
                spans.append(_span(seg, start))
        else:  # the sentence ends in its stop or closing quote: no trailing blank to strip
            end = at + len(gap.rstrip())
            lead = 0
            while text[start + lead].isspace():
                lead += 1
            spans.append((start + lead, end))
        start = m.end()
    seg = text[start:].rstrip()
    if seg:
        spans.append(_span(seg, start))
    if any(e - s > MAX_SENTENCE for s, e in spans):
        return [piece for s, e in spans for piece in _bounded(text, s, e)]
    return spans


def _bounded(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) cut into pieces of at most `MAX_SENTENCE` code points, each at the last
    blank before the limit (or at the limit, in a run with no blank), blanks trimmed."""
    out = []
    while end - start > MAX_SENTENCE:
        limit = start + MAX_SENTENCE
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, limit)
        cut = cut if cut > start else limit
        piece = text[start:cut].rstrip()
        if piece:
            out.append((start, start + len(piece)))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append((start, end))
    return out


def _span(seg: str, start: int) -> tuple[int, int]:
    """(start, end) of the right-stripped `seg` found at `start`, without its leading blanks."""
    lead = len(seg) - len(seg.lstrip()) if seg[0].isspace() else 0
    return start + lead, start + len(seg)


@functools.cache
def _abbreviation(language: str = "en") -> re.Pattern:
    """A text ending in an abbreviation and its period (a single capital letter counts)."""
    words = load_yaml(f"{language}/sentences.yaml")["abbreviations"].split()
    return re.compile(rf"\b(?:[A-Z]|{'|'.join(re.escape(a) for a in words)})\.$")


_BULLET = "•*-–· \t\u00a0"
_LINE = re.compile(r"[^\n]+")


def split_sentences(text: str, base: int = 0) -> list[tuple[int, int]]:
    """(start, end) of every sentence of `text`, shifted by `base`, white space trimmed.

    >>> t = "BEIRUT, LEBANON – The U.S. Army bought it on Aug. 29. ISIS got it.\\n • Next line"
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['BEIRUT, LEBANON –', 'The U.S. Army bought it on Aug. 29.', 'ISIS got it.', 'Next line']
    """
    out = []
    for s0, e0 in sentences(text):
        for line in _LINE.finditer(text, s0, e0):
            s, e = line.span()
            # a dateline needs its dash: the regex runs only on the lines that have one
            dateline = ((text.find("–", s, e) >= 0 or text.find("—", s, e) >= 0)
                        and _DATELINE.match(text, s, e))
            if dateline and len(dateline.group().split()) <= 12:
                out.append((s, dateline.end() - 1))
                s = dateline.end()
            chunk = text[s:e]
            s += len(chunk) - len(chunk.lstrip(_BULLET))
            e -= len(chunk) - len(chunk.rstrip())
            if e > s:
                out.append((s, e))
    return [(base + s, base + e) for s, e in out]


def paragraph_starts(text: str, base: int = 0) -> list[int]:
    """Source offsets where a paragraph (a block after a blank line or a bullet) begins.

    >>> paragraph_starts("One.\\n\\nTwo.\\n  • Three.")
    [0, 6, 15]
    """
    starts = [base]
    for m in re.finditer(r"\n[ \t\u00a0]*\n\s*|\n\s*[•\-*]\s", text):
        starts.append(base + m.end())
    return starts


def sentence_frame(documents: pl.DataFrame) -> pl.DataFrame:
    """One row per sentence of every readable document: doc_id, sentence no, offsets, text.

    `para` numbers the paragraphs of a document, so later stages can keep a narrative
    reference inside its paragraph.

    >>> docs = pl.DataFrame({"doc_id": ["d#1"], "source": ["d.txt"], "start": [10],
    ...     "text": ["Israel struck Homs. Iran replied.\\n\\nLater."], "status": ["ok"]})
    >>> sentence_frame(docs).select("sent_no", "start", "end", "para").rows()
    [(0, 10, 29, 0), (1, 30, 43, 0), (2, 45, 51, 1)]
    """
    check(documents, {k: DOCUMENTS[k] for k in ("doc_id", "source", "start", "text")},
          name="sentence_frame(documents)")
    rows: list[tuple] = []
    ok = documents.filter(pl.col("status") == "ok") if "status" in documents.columns else documents
    for doc_id, base, text in ok.select("doc_id", "start", "text").iter_rows():
        if not text:
            continue
        paras = paragraph_starts(text, base)
        p = 0
        for n, (s, e) in enumerate(split_sentences(text, base)):
            while p + 1 < len(paras) and paras[p + 1] <= s:
                p += 1
            rows.append((doc_id, n, s, e, p, text[s - base : e - base]))
    schema = {"doc_id": pl.String, "sent_no": pl.Int64, "start": pl.Int64, "end": pl.Int64,
              "para": pl.Int64, "sentence": pl.String}
    return pl.DataFrame(rows, schema=schema, orient="row")
