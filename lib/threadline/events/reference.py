"""The story's reference time per sentence, vectorised over all sentences of a batch.

Mentions are placed in their sentence with a sorted as-of join (linear, whatever the number of
mentions or sentences). A sentence's narrative reference is the last calendar date of an
earlier sentence of its paragraph, else the last section header date ("UPDATE Aug 30") before
it, else the document's frame (`dating.frame`: its publication date, refined): a forward fill
over sentences. Underspecified mentions ("September") are resolved against that reference and
the references recomputed once with them (HeidelTime's second phase).
"""

from __future__ import annotations

import polars as pl

from threadline.events import dating as ed

_KINDS = ("day", "week", "month", "season", "quarter", "half", "year")


def place_mentions(sents: pl.DataFrame, mentions: pl.DataFrame) -> pl.DataFrame:
    """Mentions with the doc_id/sent_no/para (and the length ``s_len``) of the sentence that
    contains their start."""
    bounds = sents.select("doc_id", "sent_no", "para", pl.col("start").alias("s_start"),
                          pl.col("end").alias("s_end"),
                          pl.col("sentence").str.len_chars().alias("s_len")).sort("doc_id",
                                                                                  "s_start")
    ms = mentions.filter(pl.col("start").is_not_null()).sort("doc_id", "start")
    placed = ms.join_asof(bounds, left_on="start", right_on="s_start", by="doc_id",
                          strategy="backward", check_sortedness=False)
    return placed.filter(pl.col("s_end").is_not_null() & (pl.col("start") < pl.col("s_end")))


def _is_header(m: dict) -> bool:
    """A date that heads a section: a short line made mostly of the date ("UPDATE Aug 30")."""
    return m["s_len"] <= 40 and (m["end"] - m["start"]) >= 0.4 * m["s_len"]


def as_ref(m: dict, kind: str) -> dict | None:
    """A mention as a reference time, if it names a calendar interval."""
    iv = ed.mention_date(m)
    if not iv or iv[2] not in _KINDS:
        return None
    return {"value": m["value"], "start": iv[0], "end": iv[1], "granularity": iv[2],
            "text": m["text"], "mention_id": m["mention_id"], "kind": kind, "at": m["start"]}


def _refs_by_sentence(sents: pl.DataFrame, rows: list[dict]) -> tuple[list[dict], pl.Series]:
    """(reference dicts, per sentence of `sents` the index of its reference or null)."""
    refs: list[dict] = []
    marks = []
    for m in rows:
        header = _is_header(m)
        r = as_ref(m, "section date" if header else "narrative date")
        if r:
            refs.append(r)
            marks.append((m["doc_id"], m["sent_no"], len(refs) - 1, header))
    mark = pl.DataFrame(marks, schema={"doc_id": pl.String, "sent_no": pl.Int64,
                                       "i": pl.Int64, "header": pl.Boolean}, orient="row")
    last = mark.group_by("doc_id", "sent_no", "header").agg(pl.col("i").max())
    frame = sents.select("doc_id", "sent_no", "para").join(
        last.filter(~pl.col("header")).select("doc_id", "sent_no", pl.col("i").alias("nar")),
        on=["doc_id", "sent_no"], how="left").join(
        last.filter(pl.col("header")).select("doc_id", "sent_no", pl.col("i").alias("hdr")),
        on=["doc_id", "sent_no"], how="left").sort("doc_id", "sent_no")
    frame = frame.with_columns(
        pl.when(pl.col("hdr") > pl.col("nar")).then(None).otherwise(pl.col("nar")).alias("nar"))
    nar = pl.col("nar").forward_fill().shift(1).over("doc_id", "para")
    hdr = pl.col("hdr").forward_fill().shift(1).over("doc_id")
    ref = pl.when(nar.is_not_null() & (hdr.is_null() | (nar > hdr))).then(nar).otherwise(hdr)
    out = sents.select("doc_id", "sent_no").join(
        frame.with_columns(ref.alias("ref")).select("doc_id", "sent_no", "ref"),
        on=["doc_id", "sent_no"], how="left")
    return refs, out["ref"]


def references(sents: pl.DataFrame, placed: pl.DataFrame, documents: pl.DataFrame
               ) -> tuple[dict, dict, dict]:
    """(frame per doc_id, reference per (doc_id, sent_no), resolved mentions per (doc_id,
    sent_no)): what dating an event needs."""
    rows = placed.sort("doc_id", "start").to_dicts()
    by_doc: dict[str, list[dict]] = {}
    for m in rows:
        by_doc.setdefault(m["doc_id"], []).append(m)
    frames = {}
    for doc_id, dct in documents.select("doc_id", "dct").iter_rows():
        ms = by_doc.get(doc_id, [])
        headers = [r for m in ms if _is_header(m)
                   and (r := as_ref(m, "section date"))]
        frames[doc_id] = ed.frame(dct, headers, ms)
    keys = list(zip(sents["doc_id"].to_list(), sents["sent_no"].to_list(), strict=True))
    refs, index = _refs_by_sentence(sents, rows)
    ref_of = {k: refs[i] for k, i in zip(keys, index.to_list(), strict=True) if i is not None}
    flags = sents["sentence"].str.contains(ed.IRREALIS.pattern).to_list()
    irrealis = dict(zip(keys, flags, strict=True))
    resolved = []
    for m in rows:
        k = (m["doc_id"], m["sent_no"])
        dct = frames.get(m["doc_id"])
        anchor = dct if ed.RELATIVE.search(m["text"] or "") else (ref_of.get(k) or dct)
        resolved.append(ed.resolve_underspecified(m, anchor, irrealis.get(k, False))
                        if (m["value"] or "").startswith("XXXX") else m)
    refs, index = _refs_by_sentence(sents, resolved)
    ref_of = {k: refs[i] for k, i in zip(keys, index.to_list(), strict=True) if i is not None}
    by_sentence: dict[tuple[str, int], list[dict]] = {}
    for m in resolved:
        by_sentence.setdefault((m["doc_id"], m["sent_no"]), []).append(m)
    return frames, ref_of, by_sentence
