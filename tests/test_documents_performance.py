"""Reading at scale loses nothing: 2 M characters of listing pages give every article, 500 small
files give every article. No wall-clock assertion (tests run on a busy shared machine): the
time these take is measured by benchmarks/bench_hostile.py (the "prose" reference case)."""

from __future__ import annotations

from pathlib import Path

import pytest
from threadline.documents import read_corpus


@pytest.mark.parametrize(("seed", "articles_per_copy"), [("002_98f9f62c1b7ff02d.txt", 4)])
def test_documents_two_million_characters(
    tmp_path: Path, seeds_dir: Path, seed: str, articles_per_copy: int
) -> None:
    page = (seeds_dir / seed).read_text(encoding="utf-8")
    copies = 2_000_000 // len(page) + 1
    (big := tmp_path / "listing.txt").write_text((page + "\n\n") * copies, encoding="utf-8")
    docs = read_corpus(big)
    print(f"{copies * (len(page) + 2):,} characters, {docs.height} articles")
    assert docs.height == copies * articles_per_copy
    assert (docs["status"] == "ok").all() and docs["doc_id"].n_unique() == docs.height


@pytest.mark.parametrize("n_files", [500])
def test_documents_many_small_files(tmp_path: Path, seeds_dir: Path, n_files: int) -> None:
    seeds = sorted(seeds_dir.glob("*.txt"))
    for i in range(n_files):
        (tmp_path / f"{i:04d}_{seeds[i % 5].name}").write_bytes(seeds[i % 5].read_bytes())
    docs = read_corpus(tmp_path)
    print(f"{n_files} files, {docs.height} articles")
    assert docs.height == n_files // 5 * 8 and (docs["status"] == "ok").all()
    assert docs["source"].n_unique() == n_files
