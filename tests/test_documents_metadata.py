"""A sidecar (CSV, JSON list or JSONL; keyed by file or doc_id) wins over the text, and the row
says so (dct_source "metadata", evidence naming the sidecar)."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from threadline.documents import read_corpus

RECORDS = [
    {
        "file": "004_a795fa3c02f38345.txt",
        "published": "2015-11-24",
        "source": "YourNewsWire",
        "url": "https://example.org/helicopter",
    },
    {
        "doc_id": "002_98f9f62c1b7ff02d#2",
        "published": "2019-09-03",
        "title": "Israel Reveals Hezbollah Missile Factory",
    },
    {"file": "001_c376f01b16ea287a.txt", "published": "2017-12-15"},
]


def _sidecar(tmp_path: Path, kind: str) -> Path:
    if kind == "csv":
        path = tmp_path / "meta.csv"
        pl.DataFrame(RECORDS).write_csv(path)
    elif kind == "json":
        (path := tmp_path / "meta.json").write_text(json.dumps(RECORDS))
    else:
        (path := tmp_path / "meta.jsonl").write_text("\n".join(json.dumps(r) for r in RECORDS))
    return path


@pytest.mark.parametrize("kind", ["csv", "json", "jsonl"])
def test_documents_sidecar_wins(tmp_path: Path, seeds_dir: Path, kind: str) -> None:
    sidecar = _sidecar(tmp_path, kind)
    docs = read_corpus(seeds_dir, metadata=sidecar)
    by_id = {r["doc_id"]: r for r in docs.iter_rows(named=True)}
    heli = by_id["004_a795fa3c02f38345#1"]
    assert (heli["dct"], heli["dct_source"]) == ("2015-11-24", "metadata")
    assert sidecar.name in heli["dct_evidence"]
    assert heli["url"] == "https://example.org/helicopter"
    assert heli["meta_source"] == "YourNewsWire"
    assert heli["source"].endswith("004_a795fa3c02f38345.txt")  # still the input file
    nabi = by_id["002_98f9f62c1b7ff02d#2"]
    assert nabi["dct"] == "2019-09-03"
    assert nabi["title"] == "Israel Reveals Hezbollah Missile Factory"
    assert by_id["001_c376f01b16ea287a#1"]["dct"] == "2017-12-15"  # metadata over the dateline
    untouched = by_id["002_98f9f62c1b7ff02d#1"]
    assert (untouched["dct"], untouched["dct_source"]) == ("2020", "inferred")


def test_documents_sidecar_without_key_is_an_error(tmp_path: Path, seeds_dir: Path) -> None:
    (bad := tmp_path / "meta.csv").write_text("name,published\n004.txt,2015-11-24\n")
    with pytest.raises(ValueError, match="needs a 'file' or 'doc_id' column"):
        read_corpus(seeds_dir, metadata=bad)


@pytest.mark.parametrize("bad", ["folder", "missing"])
def test_documents_sidecar_unreadable_is_an_error(
    tmp_path: Path, seeds_dir: Path, bad: str
) -> None:
    path = tmp_path / "meta.json"
    if bad == "folder":
        path.mkdir()
    with pytest.raises(ValueError, match=r"metadata .*meta\.json: cannot read it"):
        read_corpus(seeds_dir, metadata=path)


def test_documents_sidecar_by_full_path(tmp_path: Path, seeds_dir: Path) -> None:
    seed = seeds_dir / "003_bc020dd5803a61c2.txt"
    (meta := tmp_path / "meta.csv").write_text(f"file,published,title\n{seed},2017-09-26,TOW\n")
    row = read_corpus(seed, metadata=meta).row(0, named=True)
    assert (row["dct"], row["dct_source"], row["title"]) == ("2017-09-26", "metadata", "TOW")
