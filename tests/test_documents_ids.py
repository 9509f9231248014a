"""doc_id is stable and unique, also when two inputs share a file stem."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SEEDS
from threadline import read_corpus


@pytest.mark.parametrize("seed", ["001_c376f01b16ea287a.txt"])
def test_documents_ids_unique_across_folders_with_same_stem(seed: str, tmp_path: Path) -> None:
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        shutil.copy(SEEDS / seed, tmp_path / sub / seed)
    first = read_corpus(tmp_path)
    assert first["doc_id"].n_unique() == first.height == 2
    assert read_corpus(tmp_path)["doc_id"].to_list() == first["doc_id"].to_list()


def test_documents_ids_same_input_same_ids(seeds_dir: Path) -> None:
    assert read_corpus(seeds_dir)["doc_id"].to_list() == read_corpus(seeds_dir)["doc_id"].to_list()
