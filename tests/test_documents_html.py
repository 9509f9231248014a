"""HTML pages: main text via trafilatura (no menus, footers or comments), title/url/date from
the page metadata (dct_source "metadata", evidence names the field), offsets into the
extracted text."""

from __future__ import annotations

from pathlib import Path

import pytest
from threadline import read_corpus
from threadline.documents.web import read_page

TITLE = "How did a US anti-tank missile end up in ISIS’ hands 2 months after US Army received it?"
PAGE = """<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="UTF-8">
<title>{title} | Al-Masdar News</title>
<link rel="canonical" href="https://www.almasdarnews.com/article/us-anti-tank-missile-isis/">
<meta property="og:title" content="{title}">
{meta}
<script type="application/ld+json">{jsonld}</script>
</head>
<body class="post-template-default single single-post">
<header id="masthead">
  <nav class="main-navigation"><ul>
    <li><a href="/">Home</a></li><li><a href="/category/news/">News</a></li>
    <li><a href="/category/syria/">Syria</a></li><li><a href="/shop/">Shop</a></li>
    <li><a href="/donate/">Donate</a></li></ul></nav>
  <div class="promo">Join our brand new verified AMN Telegram channel and get important news
  uncensored!</div>
</header>
<main id="main">
<article class="post type-post">
  <h1 class="entry-title">{title}</h1>
  <div class="entry-meta">By <a rel="author">Staff writer</a></div>
  <figure><img src="tow.jpg" alt="TOW missile"><figcaption>The TOW (Tube-launched, Optically
  tracked, Wire-guided) is an American anti-tank missile.</figcaption></figure>
  <div class="entry-content">
  {dateline}
  <p>The Conflict Armament Research (CAR) organization released a report this week after
  closely tracking ISIS’ weapons over the past three years.</p>
  <p>Among its findings were that a U.S. anti-tank missile ended up in the Islamic State’s
  hands less than two months after the U.S. Army purchased it, CAR said.</p>
  <p>CAR found that there was one U.S. Army anti-tank missile in ISIS’ recovered weapons that
  made its way to the terrorist group 59 days after the U.S. Army purchased it, the
  arms-tracking group said.</p>
  <p>In order to trace the weapons’ origins and determine how ISIS came to have them in its
  possession, CAR tracked weapons by their serial numbers or markings.</p>
  </div>
</article>
<aside class="related"><h3>Related posts</h3><ul><li><a href="/a">Syrian Army advances in
  Deir ez-Zor</a></li><li><a href="/b">Russian jets strike Idlib</a></li></ul></aside>
<section id="comments"><h3>1 Comment</h3><div class="comment"><span class="author">
  est338lapua</span><p>Soon or later these rebels will have to roll up that flag.</p>
  <time>26/09/2017 02:48</time></div><h3>Leave a Reply</h3>
  <p>Your email address will not be published.</p></section>
</main>
<footer id="colophon"><p>© 2017 Al-Masdar News. All rights reserved.</p>
  <a href="/privacy-policy/">Privacy Policy</a> | <a href="/contact/">Contact us</a></footer>
</body>
</html>
"""
META = '<meta property="article:published_time" content="2017-12-14T09:30:00+00:00">'
JSONLD = (
    '{"@context": "https://schema.org", "@graph": [{"@type": "NewsArticle", '
    '"datePublished": "2017-12-14T09:30:00+00:00"}]}'
)
CHROME = [
    "Home",
    "Donate",
    "Telegram",
    "Related posts",
    "Russian jets",
    "est338lapua",
    "Leave a Reply",
    "Privacy Policy",
    "All rights reserved",
]


def _write(
    tmp_path: Path, meta: str = META, jsonld: str = "{}", dateline: str = "", prolog: str = ""
) -> Path:
    path = tmp_path / "amn_tow.html"
    page = PAGE.format(title=TITLE, meta=meta, jsonld=jsonld, dateline=dateline)
    path.write_text(prolog + page, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("meta", "jsonld", "prolog", "field"),
    [
        (META, "{}", "", "meta article:published_time"),
        ("", JSONLD, "", "JSON-LD datePublished"),
        (META, "{}", '<?xml version="1.0" encoding="utf-8"?>\n', "meta article:published_time"),
    ],
)
def test_documents_html_metadata(
    tmp_path: Path, meta: str, jsonld: str, prolog: str, field: str
) -> None:
    row = read_corpus(_write(tmp_path, meta, jsonld, prolog=prolog)).row(0, named=True)
    print(f"{field}: {row['dct']} <- {row['dct_evidence']}")
    assert row["status"] == "ok"
    assert row["title"] == TITLE
    assert row["url"] == "https://www.almasdarnews.com/article/us-anti-tank-missile-isis/"
    assert (row["dct"], row["dct_source"]) == ("2017-12-14", "metadata")
    assert field in row["dct_evidence"] and "2017-12-14T09:30:00+00:00" in row["dct_evidence"]


@pytest.mark.parametrize("needle", CHROME)
def test_documents_html_main_text_only(tmp_path: Path, needle: str) -> None:
    row = read_corpus(_write(tmp_path)).row(0, named=True)
    assert "59 days after the U.S. Army purchased it" in row["text"]
    assert needle not in row["text"]


def test_documents_html_offsets_into_extracted_text(tmp_path: Path) -> None:
    path = _write(tmp_path)
    row = read_corpus(path).row(0, named=True)
    extracted = read_page(path.read_text(encoding="utf-8")).text
    assert row["text"] == extracted[row["start"] : row["end"]]
    assert row["text"].startswith("The Conflict Armament Research (CAR)")


def test_documents_html_without_meta_date_uses_text(tmp_path: Path) -> None:
    row = read_corpus(_write(tmp_path, meta="", dateline="<p>December 14, 2017</p>")).row(
        0, named=True
    )
    assert (row["dct"], row["dct_source"]) == ("2017-12-14", "text")
    assert "December 14, 2017" in row["dct_evidence"]
