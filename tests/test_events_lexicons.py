"""The lexicon loader is strict: bad files are refused with the file and entry named."""

from __future__ import annotations

import polars as pl
import pytest
from threadline.events.lexicons import KINDS, find_terms, load_lexicon, match_terms
from threadline.events.vocab import _entries
from threadline.resources import ResourceError


@pytest.mark.parametrize("lexicon", list(KINDS))
def test_lexicons_load_with_unique_keys(lexicon: str) -> None:
    lex = load_lexicon(lexicon)
    assert lex.height > 10
    assert lex["key"].n_unique() == lex.height


@pytest.mark.parametrize(("yaml_text", "message"), [
    ("entries:\n  - {id: x, name: X}\n", "missing key"),
    ("entries: {x: 1}\n", "'entries' list"),
    ("entries:\n  - {id: x, name: X, aliases: [], kind: city, country: Syria}\n"
     "  - {id: x, name: Y, aliases: [], kind: city, country: Syria}\n", "duplicate id"),
])
def test_bad_lexicon_files_are_refused(tmp_path, yaml_text: str, message: str) -> None:
    path = tmp_path / "places.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(ResourceError, match=message):
        load_lexicon("places", str(path))


@pytest.mark.parametrize(("data", "message"), [
    ({"entries": [{"id": "a"}, {"id": "a"}]}, "duplicate id"),
    ({"entries": [{"lemma": "x"}]}, "missing key"),
    ({"rules": []}, "expected a list under 'entries'"),
])
def test_vocabulary_entries_are_checked(data: dict, message: str) -> None:
    with pytest.raises(ResourceError, match=message):
        _entries(data, "entries", "test.yaml", ())


@pytest.mark.parametrize(("sentence", "texts"), [
    ("US-made rockets hit the Golan.", ["Golan"]),
    ("Golan\u00a0Heights, Golan", ["Golan\u00a0Heights", "Golan"]),
    ("Golan-based units", []),
])
def test_find_terms_whole_words(sentence: str, texts: list[str]) -> None:
    s = pl.DataFrame({"doc_id": ["d"], "sent_no": [0], "sentence": [sentence]})
    assert find_terms(s, "places")["text"].to_list() == texts


def test_match_terms_reads_a_long_line_through_a_window() -> None:
    """Thousands of hits in one sentence: each hit is read from a short window."""
    lex = pl.DataFrame({"form": ["raid"], "key": ["raid"]})
    s = pl.DataFrame({"doc_id": ["d"], "sent_no": [0], "sentence": ["a raid, " * 5000]})
    assert match_terms(s, lex, True).height == 5000
