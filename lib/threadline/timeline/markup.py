"""The HTML pieces every page is made of: escaped tables, page ids, JSON data islands and the
page shell with its Content-Security-Policy.

Text from documents is data: table cells go through `html.escape`; data for scripts goes in a
``<script type="application/json">`` island whose text has ``<``, ``>``, ``&`` and U+2028/9
written as JSON escapes (so no ``</script>`` can close it), read by the page with JSON.parse.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Sequence

import polars as pl

#: Site pages run only the scripts beside them (script-src 'self': no inline script, no
#: CDN), load nothing else; plotly draws with inline styles, images are data: URIs.
SITE_CSP = ("default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; "
            "img-src data:; font-src data:")
STYLE = """body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;margin:1em 0;font-size:.9em}
th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}
th{background:#f2f2f2} td.num{text-align:right} .sentence{max-width:50em}
caption{text-align:left;font-weight:bold;padding:.3em 0}
th[data-sort]{cursor:pointer} th[data-dir=asc]::after{content:" \\25B2"}
th[data-dir=desc]::after{content:" \\25BC"}
.tl-filters{display:flex;flex-wrap:wrap;gap:.6em 1.2em;align-items:end;background:#f7f7f7;
padding:.7em;border:1px solid #ddd;margin:1em 0}
.tl-filters label{display:flex;flex-direction:column;font-size:.85em}
.tl-legend{font-size:.85em;color:#333;margin:.5em 0} .tl-legend span{margin-right:1.5em}
.tl-status{font-weight:bold;margin:.3em 0} .tl-note{color:#555}
#tl-rows tr{content-visibility:auto;contain-intrinsic-size:auto 4em}"""
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
                 "\u2029": "\\u2029"}


def page_id(thread_id: str) -> str:
    """A file-name- and id-safe form of a thread id.

    >>> page_id("Israeli air campaign / Syria")
    'Israeli-air-campaign-Syria'
    """
    return re.sub(r"[^A-Za-z0-9_-]+", "-", thread_id).strip("-") or "thread"


def script_safe(text: str) -> str:
    """JSON text made safe inside a ``<script>`` element (same value for JSON.parse).

    >>> script_safe(json.dumps({"s": "</script><b>&"}))
    '{"s": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    return re.sub("[<>&\u2028\u2029]", lambda m: _JSON_ESCAPES[m[0]], text)


def data_island(element_id: str, json_text: str) -> str:
    """A ``<script type="application/json">`` element holding `json_text`, escaped."""
    return (f'<script type="application/json" id="{html.escape(element_id)}">'
            f"{script_safe(json_text)}</script>")


def dumps(value: object) -> str:
    """Compact, deterministic JSON (UTF-8 kept; dates as ISO text)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def table(frame: pl.DataFrame, *, caption: str = "", links: dict[str, str] | None = None,
          raw: Sequence[str] = ()) -> str:
    """An HTML table of `frame`, every cell escaped. `links` maps a column to the column
    holding its (relative, trusted) href; columns in `raw` hold trusted markup.

    >>> table(pl.DataFrame({"a": ["<script>"]}))
    '<table>\\n<tr><th>a</th></tr>\\n<tr><td>&lt;script&gt;</td></tr>\\n</table>'
    """
    links = links or {}
    shown = [c for c in frame.columns if c not in links.values()]
    head = "".join(f"<th>{html.escape(c)}</th>" for c in shown)
    lines = [f"<caption>{html.escape(caption)}</caption>"] if caption else []
    lines.append(f"<tr>{head}</tr>")
    for row in frame.iter_rows(named=True):
        cells = []
        for c in shown:
            value = row[c]
            text = "" if value is None else str(value)
            text = text if c in raw else html.escape(text)
            if c in links and row[links[c]]:
                text = f'<a href="{html.escape(row[links[c]])}">{text}</a>'
            num = ' class="num"' if isinstance(value, int | float) else ""
            cells.append(f"<td{num}>{text}</td>")
        lines.append("<tr>" + "".join(cells) + "</tr>")
    return "<table>\n" + "\n".join(lines) + "\n</table>"


def shell(title: str, parts: Iterable[str], *, head: str = "", csp: str = SITE_CSP) -> str:
    """A complete UTF-8 page: `head` (trusted: scripts, styles) and the trusted HTML `parts`."""
    body = "\n".join(p for p in parts if p)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{STYLE}</style>\n{head}</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )


__all__ = ["SITE_CSP", "STYLE", "data_island", "dumps", "page_id", "script_safe", "shell",
           "table"]
