"""A hostile but plausible corpus, made here, in one build: the build finishes, every input has
a row with a status, and nothing cross-wires (each document keeps its own dates).

Cases: publication dates that are not dates (table, sidecar, HTML meta), a two-digit year;
file names that are not UTF-8 or 250 characters long, doc_ids of 300 characters, "x y" beside
"x_y", all-Arabic ids, control characters; repeated doc_ids (in a table, across tables, "a#1"
beside a.txt); a symbolic link to a folder, a link loop, a folder named x.txt; French Latin-1,
UTF-16 without BOM, "\\ud800" in JSON; Parquet text of list type and of bytes; deeply nested
JSON-LD and a JSONL line nested 100 k deep; pathological texts (lines of dates, "on 3 March"
and "U.S." repeated, Arabic, combining marks, emoji, a 200 k-character sentence, 40 k spaces).
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import polars as pl
import pytest
from threadline import Settings
from threadline.pipeline import build

LATIN1 = "Prêt à partir, les rebelles ont attaqué la ville le 12 décembre 2017. "
TEXT = "On Monday, rebels shelled the army checkpoint at the northern gate, a monitor said."
ARABIC_IDS = ["حلب", "حمص", "دمشق", "إدلب", "درعا"]
PUBLISHED = {  # doc_id -> published value given, the dct expected
    "p-month13": ("2020-13", None), "p-month00": ("2020-00", None), "p-year0": ("0000", None),
    "p-week99": ("2020-W99", None), "p-mdy": ("12/14/17", "2017-12-14"),
}
#: Publication dates that are not dates, one of each kind, given by a sidecar and by HTML meta
#: (raw value -> what the reason names): each such document keeps its row, undated.
BAD_PUBLISHED = {"2020-13": "month 13", "2020-00": "month 00", "0000": "year 0000",
                 "2020-W99": "week 99", "2021-02-30": "day 30"}
#: Pathological texts, small: each must read, tag and extract without blowing up.
PATHOLOGICAL = {
    "lines-of-dates": "3 March 2017\n" * 400,
    "on-3-march": "Shelling resumed on 3 March " * 200 + ".",
    "us": "U.S. " * 2000,
    "arabic": "قصفت الطائرات مواقع المسلحين قرب المدينة يوم الاثنين. " * 100,
    "combining": "Cafe\u0301 de\u0301ja\u0300 the town was shelled. " * 200,
    "emoji": "Shelling 💥🔥 hit the town 🏚️ on Monday 😢, residents said. " * 100,
    "sentence-200k": ("rebels shelled the town and the army answered " * 4500)[:200_000],
    "spaces-40k": "Jets struck the depot on Monday.\n" + " " * 40_000 + "\nThe army replied.",
    "spaces-inline": "Jets struck the depot on Monday." + " " * 40_000 + "The army replied.",
    "blank-lines": "Jets struck the depot on Monday.\n" + " \n" * 20_000 + "The army replied.",
}


def _jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def make_corpus(root: Path) -> tuple[Path, Path]:
    """The hostile corpus under root/in and its sidecar; returns (corpus, sidecar)."""
    c = root / "in"
    c.mkdir()
    _jsonl(c / "published.jsonl", [{"doc_id": k, "text": TEXT, "published": v}
                                   for k, (v, _) in PUBLISHED.items()])
    # repeated doc_ids: within a table, across tables, a#1 beside a.txt
    _jsonl(c / "dup1.jsonl", [
        {"doc_id": "dup", "text": TEXT, "published": "2017-12-12"},
        {"doc_id": "dup", "text": TEXT, "published": "2019-03-04"},
        {"doc_id": "a#1", "text": TEXT, "published": "2015-06-01"},
    ])
    _jsonl(c / "dup2.jsonl", [{"doc_id": "dup", "text": TEXT, "published": "2021-07-15"}])
    (c / "a.txt").write_text("Rebels Take Hill\n\nDecember 12, 2017\n\n" + TEXT, "utf-8")
    # names: non-UTF-8, 250 characters, 300-character doc_id, x y / x_y, Arabic, controls
    with open(os.fsencode(c) + b"/caf\xe9.txt", "wb") as fh:
        fh.write(TEXT.encode())
    (c / ("n" * 246 + ".txt")).write_text(TEXT, "utf-8")
    _jsonl(c / "names.jsonl", [
        {"doc_id": "L" * 300, "text": TEXT}, {"doc_id": "x y", "text": TEXT},
        {"doc_id": "x_y", "text": TEXT}, *({"doc_id": a, "text": TEXT} for a in ARABIC_IDS),
        {"doc_id": "ctl\x01id", "text": "Rebels\x0b shelled\x00 the town on 3 March 2017."},
    ])
    # the walk: a linked folder, a link loop, a folder named x.txt
    (root / "elsewhere").mkdir()
    (root / "elsewhere" / "linked.txt").write_text(TEXT, "utf-8")
    (c / "link").symlink_to(root / "elsewhere", target_is_directory=True)
    (c / "loop").mkdir()
    (c / "loop" / "back").symlink_to(c / "loop", target_is_directory=True)
    (c / "x.txt").mkdir()
    # decoding
    (c / "latin1.txt").write_bytes((LATIN1 * 5).encode("latin-1"))
    (c / "utf16.txt").write_bytes((TEXT * 3).encode("utf-16-le"))
    (c / "surrogate.jsonl").write_text(
        '{"doc_id": "surrogate", "text": "Rebels \\ud800 shelled the town."}\n', "utf-8")
    pl.DataFrame({"doc_id": ["list1", "list2"], "text": [["a", "b"], ["c"]]}).write_parquet(
        c / "listtext.parquet")
    pl.DataFrame({"doc_id": ["bin-latin1", "bin-binary"],
                  "text": [LATIN1.encode("latin-1"), b"\x00\x01\x02\x03\x04"]}).write_parquet(
        c / "bintext.parquet")
    # nesting
    deep = "[" * 100_000 + "]" * 100_000
    (c / "jsonld.html").write_text(
        "<html><head><script type='application/ld+json'>" + deep + "</script>"
        "<meta property='article:published_time' content='2020-W99'></head><body><article>"
        f"<p>{TEXT}</p><p>{TEXT}</p></article></body></html>", "utf-8")
    (c / "jsonld-only.html").write_text(
        "<html><head><script type='application/ld+json'>" + deep + "</script><script "
        "type='application/ld+json'>{\"@graph\": [{\"datePublished\": \"2018-05-06\"}]}"
        f"</script></head><body><article><p>{TEXT}</p><p>{TEXT}</p></article></body></html>",
        "utf-8")
    (c / "deep.jsonl").write_text(
        json.dumps({"doc_id": "shallow", "text": TEXT}) + "\n" + '{"x": ' + deep + "}\n", "utf-8")
    # pathological texts; an undated range; a sidecar with a bad date
    _jsonl(c / "pathological.jsonl", [{"doc_id": k, "text": v, "published": "2017-03-10"}
                                      for k, v in PATHOLOGICAL.items()])
    _jsonl(c / "range.jsonl", [{"doc_id": "range", "text": "Fighting raged between 20 April "
                                "and 4 May, a monitor said."}])
    (c / "blank-lines.txt").write_text("Rebels Take Hill\n\nDecember 12, 2017\n" + " \n" * 20_000
                                       + TEXT, "utf-8")  # a text file: the DCT rules read it
    (c / "sidecar-dated.txt").write_text("Rebels Take Hill\n\nDecember 12, 2017\n\n" + TEXT)
    sidecar = root / "meta.csv"
    rows = ["file,published", "sidecar-dated.txt,2020-13"]
    for k, raw in enumerate(BAD_PUBLISHED):  # no dateline: nothing else dates them
        (c / f"sidecar-bad-{k}.txt").write_text(TEXT + "\n", "utf-8")
        rows.append(f"sidecar-bad-{k}.txt,{raw}")
        (c / f"meta-bad-{k}.html").write_text(
            f"<html><head><meta property='article:published_time' content='{raw}'></head>"
            f"<body><article><p>{TEXT}</p><p>{TEXT}</p></article></body></html>", "utf-8")
    sidecar.write_text("\n".join(rows) + "\n", "utf-8")
    return c, sidecar


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The hostile corpus, built once: {corpus, out, report, documents, mentions, events}."""
    root = tmp_path_factory.mktemp("hostile")
    corpus, sidecar = make_corpus(root)
    out = root / "out"
    report = build(corpus, out, metadata=sidecar, settings=Settings())
    return {"root": root, "corpus": corpus, "out": out, "report": report,
            **{t: pl.read_parquet(out / f"{t}.parquet")
               for t in ("documents", "mentions", "events")}}


def _row(hostile: dict, doc_id: str) -> dict:
    rows = hostile["documents"].filter(pl.col("doc_id") == doc_id).to_dicts()
    assert len(rows) == 1, (doc_id, rows)
    return rows[0]


def test_hostile_every_entry_has_a_row_with_a_status(hostile: dict) -> None:
    docs = hostile["documents"]
    for _, status, error in hostile["report"].bad:
        print(f"{status}: {error}")
    assert docs["status"].null_count() == 0 and docs["doc_id"].n_unique() == docs.height
    corpus = str(hostile["corpus"])
    expected = {os.fsencode(p).decode("utf-8", "backslashreplace")
                for p in map(str, Path(corpus).iterdir()) if not Path(p).is_dir()}
    expected |= {f"{corpus}/link/linked.txt", f"{corpus}/x.txt", f"{corpus}/loop/back"}
    assert expected <= set(docs["source"]), expected - set(docs["source"])
    by_source = dict(docs.select("source", "status").iter_rows())
    assert by_source[f"{corpus}/x.txt"] == "empty"  # a folder named like a file
    assert by_source[f"{corpus}/loop/back"] == "skipped"  # a link loop, read once
    assert by_source[f"{corpus}/link/linked.txt"] == "ok"  # a linked folder is followed
    assert docs.filter(pl.col("status") != "ok")["error"].null_count() == 0


@pytest.mark.parametrize("doc_id", list(PUBLISHED))
def test_hostile_published_values(hostile: dict, doc_id: str) -> None:
    raw, dct = PUBLISHED[doc_id]
    row = _row(hostile, doc_id)
    assert row["status"] == "ok" and row["dct"] == dct, row
    if dct is None:
        assert "is not a date" in row["dct_evidence"] and raw in row["dct_evidence"]


def test_hostile_bad_sidecar_and_meta_dates_are_reported(hostile: dict) -> None:
    side = hostile["documents"].filter(pl.col("source").str.ends_with("sidecar-dated.txt"))
    assert side["dct"].to_list() == ["2017-12-14"] or side["dct"].to_list() == ["2017-12-12"]
    assert "2020-13" in side["dct_evidence"][0] and "not a date" in side["dct_evidence"][0]
    page = hostile["documents"].filter(pl.col("source").str.ends_with("jsonld.html")).row(
        0, named=True)
    assert page["status"] == "ok" and page["dct"] is None  # deep JSON-LD costs only itself
    assert "2020-W99" in page["dct_evidence"] and "not a date" in page["dct_evidence"]
    only = _row(hostile, "jsonld-only#1")  # the deep block is skipped, the next one read
    assert (only["status"], only["dct"], only["dct_source"]) == ("ok", "2018-05-06", "metadata")


@pytest.mark.parametrize("raw", list(BAD_PUBLISHED))
@pytest.mark.parametrize("given", ["sidecar", "meta"])
def test_hostile_bad_published_in_sidecar_or_meta_leaves_a_row_undated(
        hostile: dict, given: str, raw: str) -> None:
    """Every kind of impossible publication date, from a sidecar or an HTML meta tag: the
    document keeps its row, with no date and the reason, and the build goes on with it."""
    k = list(BAD_PUBLISHED).index(raw)
    name = f"sidecar-bad-{k}.txt" if given == "sidecar" else f"meta-bad-{k}.html"
    rows = hostile["documents"].filter(pl.col("source").str.ends_with("/" + name))
    assert rows.height == 1, name
    row = rows.row(0, named=True)
    assert (row["status"], row["dct"], row["dct_source"]) == ("ok", None, "unknown"), row
    evidence = row["dct_evidence"]
    assert raw in evidence and "is not a date" in evidence and BAD_PUBLISHED[raw] in evidence
    assert ("meta.csv" if given == "sidecar" else "HTML meta") in evidence
    # the later stages took it: its shelling is an event, undated (no publication date)
    events = hostile["events"].filter(pl.col("doc_id") == row["doc_id"])
    assert events.height >= 1 and events["date_start"].null_count() == events.height


def test_hostile_repeated_ids_renamed_and_dates_stay_home(hostile: dict) -> None:
    docs = hostile["documents"]
    dups = docs.filter(pl.col("doc_id").str.starts_with("dup"))
    assert sorted(dups["doc_id"]) == ["dup", "dup~2", "dup~3"]
    assert dict(dups.select("doc_id", "dct").iter_rows()) == {
        "dup": "2017-12-12", "dup~2": "2019-03-04", "dup~3": "2021-07-15"}
    assert dups.filter(pl.col("doc_id") != "dup")["error"].str.contains("renamed").all()
    a = docs.filter(pl.col("doc_id").str.starts_with("a#1"))
    assert dict(a.select("source", "dct").iter_rows()) == {
        str(hostile["corpus"] / "dup1.jsonl"): "2015-06-01",
        str(hostile["corpus"] / "a.txt"): "2017-12-12"}
    # "Monday" resolves against each document's own publication date: no cross-wiring
    monday = hostile["mentions"].filter(pl.col("text") == "Monday").join(
        docs.select("doc_id", "dct"), on="doc_id")
    for doc_id, start, dct in monday.select("doc_id", "date_start", "dct").iter_rows():
        if dct and len(dct) == 10:
            gap = (pl.Series([dct]).str.to_date()[0] - start).days
            assert 0 <= gap <= 7, (doc_id, start, dct)
    assert monday.filter(pl.col("doc_id").str.starts_with("dup")).height == 3


def test_hostile_timeml_names_safe_unique_reversible(hostile: dict) -> None:
    tml = hostile["out"] / "timeml"
    index = pl.read_csv(tml / "index.csv", infer_schema=False)
    ok = hostile["documents"].filter(pl.col("status") == "ok")
    assert sorted(index["doc_id"]) == sorted(ok["doc_id"])  # one file per document, reversible
    assert index["file"].n_unique() == index.height
    files = sorted(p.name for p in tml.glob("*.tml"))
    assert files == sorted(index["file"]) and all(len(f.encode()) <= 120 for f in files)
    assert len({f.lower() for f in files}) == len(files)  # case-insensitive file systems too
    for name, doc_id in index.iter_rows():
        root = ET.parse(tml / name).getroot()  # well-formed XML, control characters gone
        assert root.find("DOCID").text == doc_id.replace("\x01", " ")
    assert ok.filter(pl.col("doc_id").is_in(ARABIC_IDS)).height == 5


def test_hostile_decoding(hostile: dict) -> None:
    latin = _row(hostile, "latin1#1")
    assert "Prêt à" in latin["text"] and latin["encoding"] in ("cp1252", "iso8859-1")
    utf16 = _row(hostile, "utf16#1")
    assert utf16["status"] == "ok" and utf16["encoding"] == "utf-16-le"
    assert "rebels" in utf16["text"]
    sur = _row(hostile, "surrogate")
    assert "\ufffd" in sur["text"] and "\x00" not in sur["text"]
    ctl = _row(hostile, "ctl id")
    assert ctl["text"] == "Rebels  shelled  the town on 3 March 2017."
    assert _row(hostile, "bin-latin1")["text"] == LATIN1
    assert _row(hostile, "bin-binary")["status"] == "binary"
    for doc_id in ("list1", "list2"):
        row = _row(hostile, doc_id)
        assert row["status"] == "malformed" and "list" in row["error"]
    assert _row(hostile, "shallow")["status"] == "ok"
    deep = hostile["documents"].filter(pl.col("doc_id") == "deep#line2")
    assert deep["status"].to_list() == ["malformed"] and "deep" in deep["error"][0]
    assert (hostile["documents"]["source"].str.contains("caf\\xe9", literal=True)).sum() == 1


@pytest.mark.parametrize("doc_id", list(PATHOLOGICAL))
def test_hostile_pathological_texts_are_built(hostile: dict, doc_id: str) -> None:
    assert _row(hostile, doc_id)["status"] == "ok"
    sentences = hostile["mentions"].filter(pl.col("doc_id") == doc_id)
    assert ((sentences["sentence_end"] - sentences["sentence_start"]) <= 2000).all()


def test_hostile_blank_line_runs_keep_the_dateline(hostile: dict) -> None:
    row = _row(hostile, "blank-lines#1")
    assert (row["status"], row["dct"]) == ("ok", "2017-12-12")


def test_hostile_events_keep_their_documents(hostile: dict) -> None:
    events, docs = hostile["events"], hostile["documents"]
    assert events["event_id"].n_unique() == events.height
    joined = events.join(docs.select("doc_id", "source", "text"), on="doc_id", how="left")
    assert joined["text"].null_count() == 0 and (joined["source"] == joined["source_right"]).all()


def test_hostile_undated_range_is_read(hostile: dict) -> None:
    row = _row(hostile, "range")
    assert row["status"] == "ok", row["error"]


def test_hostile_undated_range_costs_only_itself(hostile: dict) -> None:
    row = _row(hostile, "range")
    assert row["status"] in ("ok", "failed")
    assert row["status"] == "ok" or "extract_events failed" in row["error"]
    assert hostile["report"].n_ok >= hostile["documents"].height - 12


@pytest.mark.parametrize("who", ["soldiers", "troops", "people", "civilians", "militants"])
def test_hostile_date_before_a_group_noun_is_kept(who: str) -> None:
    from threadline import tag_dates
    from threadline.documents import from_table

    docs = from_table(pl.DataFrame({"text": [f"On 12 December 2017, {who} advanced on the "
                                             "town."], "published": ["2017-12-14"]}), "x.jsonl")
    assert tag_dates(docs)["value"].to_list() == ["2017-12-12"]
