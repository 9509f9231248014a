"""HTML pages: the main text via trafilatura, and the page's title, URL and publication date from
its meta tags (fields in ``documents/html.yaml``, so the evidence can name the field).

Offsets of an HTML document (start, end) are into the *extracted* main text, not into the
markup: markup is not text, and an extractor cannot map its output back to source bytes.
"""

from __future__ import annotations

import functools
import json
import re
from collections import deque
from dataclasses import dataclass

import lxml.etree
import lxml.html
import trafilatura

from threadline.resources import load_yaml, require_keys

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


@dataclass(frozen=True)
class Page:
    """What an HTML page yields: main text (None if none), title, url, and the date field."""

    text: str | None
    title: str | None = None
    url: str | None = None
    date: str | None = None
    date_field: str | None = None


@functools.cache
def _fields(language: str) -> dict:
    relpath = f"{language}/documents/html.yaml"
    data = load_yaml(relpath)
    require_keys(data, ("date", "title", "url", "jsonld_date"), where=relpath)
    return data


def _first(tree: lxml.html.HtmlElement, fields: list[dict]) -> tuple[str | None, str | None]:
    for field in fields:
        found = tree.xpath(field["xpath"])
        values = found if isinstance(found, list) else [found]
        for value in values:
            value = " ".join(str(value).split())
            if value:
                return value, field["id"]
    return None, None


#: JSON-LD blocks nested deeper than this are not searched (a date sits a few levels down).
JSONLD_DEPTH = 32


def _jsonld_date(tree: lxml.html.HtmlElement, keys: list[str]) -> tuple[str | None, str | None]:
    """The first date under `keys` in the page's JSON-LD, breadth first; a block that does not
    parse, or is nested too deep for the parser, costs only itself."""
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        try:
            data = json.loads(script)
        except (ValueError, RecursionError):
            continue
        queue = deque([(data, 0)])
        while queue:
            item, depth = queue.popleft()
            if depth > JSONLD_DEPTH:
                continue
            if isinstance(item, list):
                queue.extend((v, depth + 1) for v in item)
            elif isinstance(item, dict):
                for key in keys:
                    if isinstance(item.get(key), str):
                        return item[key], f"JSON-LD {key}"
                queue.extend((v, depth + 1) for v in item.values() if isinstance(v, dict | list))
    return None, None


def read_page(html: str, language: str = "en") -> Page:
    """Main text and metadata of an HTML page.

    >>> page = read_page("<html><head><meta property='article:published_time' "
    ...     "content='2017-09-25T22:15:00Z'></head><body><article><p>Rebels fired a TOW "
    ...     "missile at a tank near Hama on Monday, a monitor said.</p></article></body></html>")
    >>> page.date, page.date_field
    ('2017-09-25T22:15:00Z', 'meta article:published_time')
    """
    fields = _fields(language)
    html = _XML_DECLARATION.sub("", html, count=1)  # lxml refuses str with an encoding decl.
    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return Page(None)
    date, field = _first(tree, fields["date"])
    if date is None:
        date, field = _jsonld_date(tree, fields["jsonld_date"])
    title, _ = _first(tree, fields["title"])
    url, _ = _first(tree, fields["url"])
    doc = trafilatura.bare_extraction(
        html, with_metadata=False, include_comments=False, include_tables=True
    )
    text = doc.text if doc is not None and doc.text and doc.text.strip() else None
    return Page(text, title, url, date, field)
