"""What a site page carries for its script: one JSON island, escaped so no text can end it
(``<``, ``>``, ``&``, U+2028/9 written as JSON escapes) and read back to the same values; one
row per drawn mark; the figures' shared template once; document text never in an attribute."""

from __future__ import annotations

import json
import re

import polars as pl
import pytest
from threadline.timeline.figures import drawn_marks
from threadline.timeline.pages import write_site

_ISLAND = re.compile(r'<script type="application/json" id="tl-data">(.*?)</script>', re.S)


def _island(page: str) -> tuple[str, dict]:
    (text,) = _ISLAND.findall(page)
    return text, json.loads(text)


@pytest.fixture(scope="module")
def tricky(site_corpus, tmp_path_factory) -> dict:
    """The site corpus with line/paragraph separators and a script end in a sentence."""
    sentence = "Shelling \u2028resumed\u2029 </script><b>at</b> & dawn."
    events = site_corpus["events"].with_columns(
        pl.when(pl.col("event_id") == "t1/E001").then(pl.lit(sentence))
        .otherwise(pl.col("sentence")).alias("sentence"))
    out = tmp_path_factory.mktemp("tricky")
    write_site(out, site_corpus["documents"], events)
    return {"dir": out, "events": events, "sentence": sentence}


def test_island_is_escaped_and_reads_back(tricky) -> None:
    for path in [tricky["dir"] / "index.html", *sorted((tricky["dir"] / "timelines").glob(
            "*.html"))]:
        page = path.read_text(encoding="utf-8")
        text, data = _island(page)
        assert not re.search("[<>&\u2028\u2029]", text), path.name
        hovers = [c[0] for t in data["figures"]["timeline"]["data"] if t["type"] == "bar"
                  for c in t["customdata"]]
        if path.stem in ("index", "talks"):
            hit = [h for h in hovers if "resumed" in h]
            assert hit and "&lt;/script&gt;&lt;b&gt;at&lt;/b&gt; &amp; dawn" in hit[0]
            # the table's row holds the sentence as it was written (drawn as text)
            assert tricky["sentence"] in data["rows"]["se"]
        assert page.count('"template":') == 1  # shared by the page's figures


@pytest.mark.parametrize("page", ["index.html", "timelines/siege.html"])
def test_island_has_one_row_per_drawn_mark(corpus_site, page) -> None:
    html = (corpus_site["dir"] / page).read_text(encoding="utf-8")
    _, data = _island(html)
    thread = None if page == "index.html" else "siege"
    marks, _ = drawn_marks(corpus_site["events"], thread=thread)
    assert sorted(data["rows"]["id"]) == sorted(marks["event_id"].to_list())
    bars = sorted(c[1] for t in data["figures"]["timeline"]["data"] if t["type"] == "bar"
                  for c in t["customdata"])
    assert bars == sorted(data["rows"]["id"])
    assert f"Dated events ({len(data['rows']['id'])})" in html


def test_no_document_text_in_attributes(corpus_site) -> None:
    for path in [corpus_site["index"], *(corpus_site["dir"] / "timelines").glob("*.html")]:
        body = path.read_text(encoding="utf-8").split("</head>", 1)[1]
        for attrs in re.findall(r"<[a-z]+(\s[^>]*)>", body):
            values = re.findall(r'=\s*"([^"]*)"', attrs)
            assert not any("pwned" in v or "onerror" in v for v in values), attrs
