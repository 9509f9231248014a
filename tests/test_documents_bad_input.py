"""Bad inputs become rows with a status and a clear error; the rest of the corpus still reads;
every input file is accounted for in DOCUMENTS."""

from __future__ import annotations

import json
import os
import random
import shutil
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest
from threadline import read_corpus
from threadline.schema import DOCUMENTS, check
from threadline.settings import DEFAULT


def _empty(d: Path) -> Path:
    (p := d / "empty.txt").write_bytes(b"")
    return p


def _blank(d: Path) -> Path:
    (p := d / "blank.md").write_text(" \n\t\n\u00a0\n", encoding="utf-8")
    return p


def _binary(d: Path) -> Path:
    (p := d / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    return p


def _undecodable(d: Path) -> Path:
    rnd = random.Random(7)
    (p := d / "noise.txt").write_bytes(bytes(rnd.randrange(1, 256) for _ in range(4000)))
    return p


def _missing(d: Path) -> Path:
    return d / "no_such_article.txt"


def _broken_link(d: Path) -> Path:
    (p := d / "dangling.txt").symlink_to(d / "gone.txt")
    return p


def _fifo(d: Path) -> Path:
    os.mkfifo(p := d / "pipe.txt")
    return p


def _empty_folder(d: Path) -> Path:
    (p := d / "nothing_here").mkdir()
    return p


def _huge(d: Path) -> Path:
    with (p := d / "huge.txt").open("wb") as fh:
        fh.truncate(50_000_000)  # a sparse 50 MB file: the size check must come before reading
    return p


def _unsupported(d: Path) -> Path:
    (p := d / "report.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    return p


def _no_text_column(d: Path) -> Path:
    (p := d / "rows.jsonl").write_text('{"doc_id": "a", "body": "Rebels took Qara."}\n')
    return p


def _malformed_table(d: Path) -> Path:
    (p := d / "broken.jsonl").write_text('{"doc_id": "a", "text": "Rebels took Q\n')
    return p


CASES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "empty file": (_empty, "empty"),
    "whitespace only": (_blank, "empty"),
    "binary": (_binary, "binary"),
    "undecodable bytes": (_undecodable, "undecodable"),
    "nonexistent path": (_missing, "unreadable"),
    "broken symlink": (_broken_link, "unreadable"),
    "FIFO": (_fifo, "unreadable"),
    "empty folder": (_empty_folder, "empty"),
    "50 MB file": (_huge, "too_large"),
    "unsupported type": (_unsupported, "unsupported"),
    "table without text column": (_no_text_column, "no_text_column"),
    "malformed table": (_malformed_table, "malformed"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_documents_bad_input_row(tmp_path: Path, case: str) -> None:
    make, status = CASES[case]
    path = make(tmp_path)
    docs = read_corpus(path)
    check(docs, DOCUMENTS, name=case)
    assert docs.height == 1
    row = docs.row(0, named=True)
    print(f"{case}: {row['status']}: {row['error']}")
    assert row["status"] == status
    assert row["source"] == str(path)
    assert not row["text"]
    assert str(path) in row["error"] and ";" in row["error"]  # where, what, what to do


def test_documents_bad_inputs_beside_good_ones(tmp_path: Path, seeds_dir: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for make, _ in CASES.values():
        make(corpus)
    shutil.copy(seeds_dir / "001_c376f01b16ea287a.txt", corpus)
    docs = read_corpus([corpus, tmp_path / "not_there.html"])
    # every file is accounted for (an empty sub-folder holds no input; only a folder passed
    # as an input is reported when it is empty)
    inputs = {str(p) for p in corpus.rglob("*") if not p.is_dir()}
    assert set(docs["source"]) == inputs | {str(tmp_path / "not_there.html")}
    assert len(inputs) == len(CASES) - 2 + 1  # no file from the folder and missing cases; +seed
    ok = docs.filter(pl.col("status") == "ok")
    assert ok["doc_id"].to_list() == ["001_c376f01b16ea287a#1"]
    assert ok["dct"].to_list() == ["2017-12-14"]
    assert docs["source"].to_list() == sorted(docs["source"].to_list())
    assert docs.filter(pl.col("status") != "ok")["error"].null_count() == 0


def test_documents_size_limit_from_settings(tmp_path: Path, seeds_dir: Path) -> None:
    seed = seeds_dir / "000_9d5c45902de9babf.txt"
    small = read_corpus(seed, settings=DEFAULT.replace(max_file_bytes=1000))
    assert small["status"].to_list() == ["too_large"]
    assert read_corpus(seed)["status"].to_list() == ["ok"]


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig", "utf-16"])
def test_documents_other_encodings_read_like_utf8(
    tmp_path: Path, seeds_dir: Path, encoding: str
) -> None:
    seed = seeds_dir / "004_a795fa3c02f38345.txt"
    text = seed.read_text(encoding="utf-8")
    (other := tmp_path / seed.name).write_bytes(text.encode(encoding))
    ours, ref = read_corpus(other).row(0, named=True), read_corpus(seed).row(0, named=True)
    print(f"{encoding}: read as {ours['encoding']}")
    assert ours["status"] == "ok"
    assert (ours["start"], ours["end"], ours["text"]) == (ref["start"], ref["end"], ref["text"])
    assert (ours["encoding"] == "utf-8") == (encoding == "utf-8-sig")


def test_documents_jsonl_bad_lines_cost_only_themselves(tmp_path: Path) -> None:
    good = [
        {"doc_id": "a", "text": "Rebels took Qara on 28 August 2017.", "published": "2017-08-29"},
        {"doc_id": "b", "text": "The siege of Deir ez-Zor was broken."},
        {"text": "Talks resumed in Astana on Thursday."},  # no doc_id: "<stem>#<row>"
    ]
    lines = [  # line numbers: 1 good, 2 broken, 3 good, 4 blank (ignored), 5 a list, 6 good
        json.dumps(good[0]),
        '{"doc_id": "x", "text": "cut off',
        json.dumps(good[1]),
        "",
        '["not", "an", "object"]',
        json.dumps(good[2]),
    ]
    (mixed := tmp_path / "mixed" / "feed.jsonl").parent.mkdir()
    mixed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (clean := tmp_path / "clean" / "feed.jsonl").parent.mkdir()
    clean.write_text("".join(json.dumps(row) + "\n" for row in good), encoding="utf-8")
    docs = read_corpus(mixed)
    check(docs, DOCUMENTS, name="feed.jsonl")
    for doc_id, status, error in docs.select("doc_id", "status", "error").rows():
        print(f"{doc_id}: {status}: {error}")
    assert docs.height == 5  # every non-blank line is accounted for
    ok = docs.filter(pl.col("status") == "ok")
    cols = ["doc_id", "start", "end", "text", "dct", "dct_source"]
    assert ok.select(cols).equals(read_corpus(clean).select(cols))  # as if the lines were dropped
    assert ok["doc_id"].to_list() == ["a", "b", "feed#3"]
    bad = docs.filter(pl.col("status") == "malformed")
    assert bad["doc_id"].to_list() == ["feed#line2", "feed#line5"]
    assert bad["source"].to_list() == [str(mixed)] * 2
    assert bad["text"].is_null().all()
    first, second = bad["error"].to_list()
    assert first.startswith(f"{mixed}: line 2: invalid JSON (") and "column" in first
    assert second == f"{mixed}: line 5: expected a JSON object, got list; fix or drop the line"
