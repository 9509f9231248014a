"""Sentences with source offsets: the evidence unit of an event.

The splitting itself is the timex tagger's (`threadline.timex.scan.sentences`: stops before a
capital, line breaks, abbreviations such as "Aug." or "U.S."), so events and MENTIONS'
sentence offsets agree. Two refinements for evidence: a dateline opening a line ("DAMASCUS,
SYRIA (10:15 P.M.) – ") is its own unit, a line break always ends a sentence (bullet lists,
headings, captions), and leading bullets are trimmed. Offsets are code
points into the source text.
"""

from __future__ import annotations

import re

import polars as pl

from threadline.schema import DOCUMENTS, check
from threadline.timex.scan import sentences

#: A dateline ("DAMASCUS, SYRIA (10:15 P.M.) – ") opening a line: short, with a word in capitals.
_DATELINE = re.compile(r"[^\n–—]{0,80}?\b[A-Z]{4,}\b[^\n–—]{0,60}?\s[–—]\s")
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
            dateline = _DATELINE.match(text, s, e)
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
