"""`html.write_site` pages: one per thread plus the index, standalone (plotly.js inline once,
no external script), byte-for-byte reproducible, and document text only ever escaped."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

import polars as pl
import pytest
from threadline.settings import DEFAULT
from threadline.timeline.lanes import thread_table
from threadline.timeline.pages import page_id, write_html, write_site

SOURCES = ["seed_pipeline", "payload_corpus"]
#: The plotly.js bundle's own banner: it appears once per page when plotly.js is inline.
_BANNER = "* plotly.js v"


@pytest.fixture(params=SOURCES)
def corpus(request: pytest.FixtureRequest) -> dict:
    """{documents, events} of the seeds (real pipeline) or of the payload corpus."""
    return request.getfixturevalue(request.param)


def _site(corpus: dict, out: Path) -> dict[str, str]:
    """Write the site and return {relative path: text} of every page."""
    write_site(out, corpus["documents"], corpus["events"])
    return {str(p.relative_to(out)): p.read_text(encoding="utf-8")
            for p in sorted(out.rglob("*.html"))}


def _body(page: str) -> str:
    """The page after its <head> (plotly.js lives in the head and is not document text)."""
    return page.split("</head>", 1)[1]


def test_site_index_and_one_page_per_thread_above_a_size(corpus, tmp_path):
    pages = _site(corpus, tmp_path)
    threads = thread_table(corpus["events"])
    big = threads.filter(pl.col("events") >= DEFAULT.site_min_thread_events)["thread"]
    expected = {"index.html"} | {f"timelines/{page_id(t)}.html" for t in big}
    assert set(pages) == expected
    for tid in big:  # the index links every thread page ...
        assert f'href="timelines/{page_id(tid)}.html"' in pages["index.html"]
    small = threads.join(big.to_frame(), on="thread", how="anti")
    for name in small["thread_name"]:  # ... and reaches the small threads on itself
        assert f'href="#thread={quote(name, safe="")}"' in pages["index.html"]
    assert corpus is not None and len(pages) == 1 + big.len()
    print(f"\n{len(pages)} pages for {threads.height} threads ({small.height} on the index)")


def test_site_plotlyjs_once_beside_the_pages(corpus, tmp_path):
    pages = _site(corpus, tmp_path)
    bundles = [p for p in tmp_path.rglob("*.js") if _BANNER in p.read_text(encoding="utf-8")]
    assert [p.relative_to(tmp_path).as_posix() for p in bundles] == ["assets/plotly.min.js"]
    for name, page in pages.items():
        prefix = "../" if "/" in name else ""
        assert page.count(_BANNER) == 0, name  # never inlined
        srcs = re.findall(r"<script[^>]*\bsrc\s*=\s*\"([^\"]*)\"", page, re.I)
        assert f"{prefix}assets/plotly.min.js" in srcs, name
        assert all(s.startswith(f"{prefix}assets/") for s in srcs), (name, srcs)
        assert all((tmp_path / Path(name).parent / s).is_file() for s in srcs), name
        # every other script element is the JSON data island: no inline code at all
        scripts = re.findall(r"<script([^>]*)>", page, re.I)
        assert all("src=" in a or 'type="application/json"' in a for a in scripts), name
        assert page.count('type="application/json"') == 1
        assert not re.search(r"<link[^>]*\bhref\s*=\s*\"?https?:", page, re.I), name
        assert "default-src 'none'; script-src 'self';" in page  # the CSP forbids any fetch
        assert page.count('<div id="tl-timeline"') == 1, name


def test_site_same_input_same_bytes(corpus, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    write_site(first, corpus["documents"], corpus["events"])
    write_site(second, corpus["documents"], corpus["events"])
    names = sorted(p.relative_to(first) for p in first.rglob("*.html"))
    assert names == sorted(p.relative_to(second) for p in second.rglob("*.html"))
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_site_payloads_only_escaped(payload_corpus, payloads, tmp_path):
    pages = _site(payload_corpus, tmp_path)
    for name, page in pages.items():
        body = _body(page)
        assert "window.__pwned" in body, name  # the payloads are shown ...
        assert "<script>window" not in body and "<img" not in body, name  # ... never live
        assert not re.search(r"<[a-z][^<>]*\sonerror\s*=", body, re.I), name
        # Inside the figure JSON, plotly writes "<" as \u003c, so no tag can close the script.
        assert "\\u003cscript\\u003ewindow" in body or "&lt;script&gt;window" in body
        assert "</script>window" not in body and "<\\/script>" not in body
    index = _body(pages["index.html"])
    assert "Thread &lt;script&gt;window.__pwned=1&lt;/script&gt;" in index  # table cell
    assert 'href="javascript:' not in "".join(pages.values())
    print(f"\n{len(pages)} pages checked for payloads")


@pytest.mark.parametrize(("source", "bad"), [("seed_pipeline", 0), ("payload_corpus", 1)])
def test_site_bad_inputs_table(request, source, bad, tmp_path):
    corpus = request.getfixturevalue(source)
    index = _body(_site(corpus, tmp_path)["index.html"])
    if bad:
        assert f"Inputs that could not be read ({bad})" in index
        assert "not text: &lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;" in index
    else:
        assert "Every input was read." in index
    undated = corpus["events"]["date_start"].null_count()
    assert ("Undated events (" in index) == (undated > 0)


def test_site_thread_page_lists_events(payload_corpus, tmp_path):
    url = pl.when(pl.col("event_id") == "p1/E002").then(pl.lit("https://ex.org/a?b=1&c=<2>"))
    events = payload_corpus["events"].with_columns(url.otherwise(pl.col("url")).alias("url"))
    page = _body(_site({**payload_corpus, "events": events}, tmp_path)["timelines/xss.html"])
    assert "Dated events (2)" in page and "Undated events (1)" in page
    assert '<a href="../index.html">' in page
    # the table names the article by its title and links its web URL (the page script draws
    # the rows from the JSON island, as text); a javascript: URL is no link, nor data at all
    rows = json.loads(re.search(r'id="tl-data">(.*?)</script>', page, re.S)[1])["rows"]
    by_id = {i: (t, u) for i, t, u in zip(rows["id"], rows["ti"], rows["u"], strict=True)}
    assert by_id["p1/E002"] == ("Strike <script>window.__pwned=1</script> · p1",
                                "https://ex.org/a?b=1&c=<2>")
    assert by_id["p1/E001"][1] is None
    assert "javascript:" not in page


@pytest.mark.parametrize("title", ["<b>bold</b> & co", "plain"])
def test_write_html_events_page(payload_corpus, title, tmp_path):
    path = write_html(payload_corpus["events"], tmp_path / "t.html", title=title)
    page = path.read_text(encoding="utf-8")
    assert page.count(_BANNER) == 1 and 'id="threadline-timeline"' in page
    assert f"<h1>{title.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')}</h1>" \
        in page
    again = write_html(payload_corpus["events"], tmp_path / "u.html", title=title)
    assert again.read_bytes() == path.read_bytes()


def test_site_smaller_threads_page_when_the_index_samples(site_corpus, tmp_path):
    """An index drawing a sample sends the threads without a page to smaller-threads.html."""
    write_site(tmp_path, site_corpus["documents"], site_corpus["events"], index_events=2)
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert 'href="smaller-threads.html#thread=Border%20clash"' in index
    smaller = (tmp_path / "smaller-threads.html").read_text(encoding="utf-8")
    assert "b1/E001" in smaller and "s1/E001" not in smaller  # only the small threads
    assert "Showing the" in index  # the index says it shows a sample
    whole = tmp_path / "whole"
    write_site(whole, site_corpus["documents"], site_corpus["events"])
    assert not (whole / "smaller-threads.html").exists()  # the index holds them all
