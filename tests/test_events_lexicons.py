"""The lexicons are data: every example / counter-example in them is checked here."""

from __future__ import annotations

import polars as pl
import pytest
from threadline.events.lexicons import KINDS, find_terms, lexicon_examples, load_lexicon
from threadline.resources import ResourceError

CASES = [(name, *case) for name in KINDS for case in lexicon_examples(name)]


@pytest.mark.parametrize(("lexicon", "entry", "sentence", "should"), CASES)
def test_lexicon_examples(lexicon: str, entry: str, sentence: str, should: bool) -> None:
    s = pl.DataFrame({"doc_id": ["x"], "sent_no": [0], "sentence": [sentence]})
    assert (entry in find_terms(s, lexicon)["id"].to_list()) is should


@pytest.mark.parametrize("lexicon", list(KINDS))
def test_lexicons_load_with_unique_ids(lexicon: str) -> None:
    lex = load_lexicon(lexicon)
    assert lex.height > 10
    assert lex["key"].n_unique() == lex.height


@pytest.mark.parametrize(("yaml_text", "message"), [
    ("entries:\n  - {id: x, lemma: x, forms: [x], event_type: Battles, sub_event_type: Riot}\n",
     "not in ACLED"),
    ("entries:\n  - {id: x, lemma: x, forms: [x]}\n", "missing key"),
    ("entries: {x: 1}\n", "'entries' list"),
])
def test_bad_trigger_files_are_refused(tmp_path, yaml_text: str, message: str) -> None:
    path = tmp_path / "triggers.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(ResourceError, match=message):
        load_lexicon("triggers", str(path))
