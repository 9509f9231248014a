"""`threadline build`: the output folder contract, bad inputs reported, exit codes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from conftest import SEEDS


def _build(*args: str | Path) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "threadline.cli", "build", *map(str, args)]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def mixed_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds plus one empty, one binary and one undecodable file."""
    root = tmp_path_factory.mktemp("mixed")
    for seed in sorted(SEEDS.glob("*.txt"))[:2]:
        shutil.copy(seed, root / seed.name)
    (root / "empty.txt").write_text("")
    (root / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    return root


def test_cli_build_writes_the_output_contract(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = _build(SEEDS, "-o", out)
    assert proc.returncode == 0, proc.stderr
    for name in ["documents.parquet", "documents.csv", "mentions.parquet", "events.parquet",
                 "events.csv", "index.html"]:
        assert (out / name).is_file(), name
    assert list((out / "timelines").glob("*.html"))
    docs = pl.read_parquet(out / "documents.parquet")
    assert docs.height == 8 and (docs["status"] == "ok").all()
    events = pl.read_parquet(out / "events.parquet")
    assert events.height > 0 and set(events["doc_id"]) <= set(docs["doc_id"])


def test_cli_build_reports_each_bad_file_and_goes_on(mixed_corpus: Path, tmp_path: Path) -> None:
    proc = _build(mixed_corpus, "-o", tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    bad_lines = [ln for ln in proc.stderr.splitlines() if ln.startswith("threadline: ")]
    assert len(bad_lines) == 2, proc.stderr
    assert any("empty.txt" in ln for ln in bad_lines)
    assert any("image.txt" in ln for ln in bad_lines)
    docs = pl.read_parquet(tmp_path / "out" / "documents.parquet")
    sources = {Path(s).name for s in docs["source"]}
    assert {"empty.txt", "image.txt"} <= sources  # every input accounted for
    assert docs.filter(pl.col("status") == "ok").height == 2


def test_cli_build_fails_only_when_nothing_could_be_read(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_text("   \n")
    (tmp_path / "in" / "blob.txt").write_bytes(b"\x00\x01\x02\xff" * 64)
    proc = _build(tmp_path / "in", tmp_path / "missing.txt", "-o", tmp_path / "out")
    assert proc.returncode == 1
    bad_lines = [ln for ln in proc.stderr.splitlines() if ln.startswith("threadline: ")]
    assert len([ln for ln in bad_lines if "nothing could be read" not in ln]) == 3
