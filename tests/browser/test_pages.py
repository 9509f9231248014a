"""The exported pages in a real browser (Debian's chromium via Playwright, network blocked):
marks drawn, hover shows the sentence, the thread selector switches lanes, no console errors,
and document text carrying script or markup payloads runs nothing."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest
from threadline.settings import DEFAULT
from threadline.timeline.lanes import event_lanes, thread_table
from threadline.timeline.pages import page_id

pytestmark = pytest.mark.browser

#: Every drawn mark of a figure div: its event id (customdata) and its box on screen.
_MARKS_JS = """(id) => {
  const gd = document.getElementById(id), out = [];
  for (const layer of ['barlayer', 'scatterlayer']) {
    const kind = layer === 'barlayer' ? 'bar' : 'scatter';
    const data = gd.data.filter(t => t.type === kind);
    gd.querySelectorAll('.cartesianlayer .' + layer + ' .trace').forEach((g, n) => {
      g.querySelectorAll('.point').forEach((p, i) => {
        const b = p.getBoundingClientRect();
        out.push({kind: kind, event: data[n].customdata[p.__data__.i][1],
                  x: b.x, y: b.y, w: b.width, h: b.height});
      });
    });
  }
  return out;
}"""

#: True once plotly reports the given event as the hovered point.
_HOVERED_JS = """([id, event]) => {
  const hd = document.getElementById(id)._hoverdata || [];
  return hd.some(p => p.customdata && p.customdata[1] === event);
}"""


def _squash(text: str) -> str:
    """Text without whitespace: plotly splits wrapped labels into tspans with no spaces."""
    return re.sub(r"\s+", "", text)


def _div(tab) -> str:
    """The id of the page's (single) figure div."""
    return tab.page.locator(".js-plotly-plot").first.get_attribute("id")


def _marks(tab) -> list[dict]:
    return tab.page.evaluate(_MARKS_JS, _div(tab))


def _isolated(marks: list[dict]) -> list[dict]:
    """Bars at least 3px wide whose centre no other event's mark covers (hover is unambiguous)."""
    def covers(m: dict, x: float, y: float) -> bool:
        return m["x"] - 2 <= x <= m["x"] + m["w"] + 2 and m["y"] - 2 <= y <= m["y"] + m["h"] + 2

    out = []
    for m in marks:
        if m["kind"] != "bar" or m["w"] < 3:
            continue
        cx, cy = m["x"] + m["w"] / 2, m["y"] + m["h"] / 2
        if not any(o["event"] != m["event"] and covers(o, cx, cy) for o in marks):
            out.append({**m, "cx": cx, "cy": cy})
    return out


def _hover(tab, mark: dict) -> str:
    """Move the mouse onto a mark's centre and return the hover label's text."""
    label = tab.page.locator(f"#{_div(tab)} .hoverlayer .hovertext")
    tab.page.mouse.move(1, 1)
    label.first.wait_for(state="detached")  # never read the previous mark's label
    tab.page.mouse.move(mark["cx"], mark["cy"])
    label.first.wait_for(state="attached")
    # Plotly throttles hover events: wait (no deadline of our own) until it settles on the
    # point under the mouse, so a slow machine never reads a neighbour's label.
    tab.page.wait_for_function(_HOVERED_JS, arg=[_div(tab), mark["event"]])
    return label.first.text_content() or ""


def _tick_labels(tab) -> list[str]:
    """The y-axis category labels currently drawn in the main plot."""
    ticks = tab.page.locator(f"#{_div(tab)} .cartesianlayer .yaxislayer-above .ytick text")
    return [_squash(t.text_content() or "") for t in ticks.all()]


#: The y-axis tick labels drawn, whitespace removed, sorted.
_TICKS_JS = """([id, want]) => {
  const got = [...document.querySelectorAll(
      '#' + id + ' .cartesianlayer .yaxislayer-above .ytick text')]
    .map(t => (t.textContent || '').replace(/\\s+/g, '')).sort();
  return JSON.stringify(got) === JSON.stringify([...want].sort());
}"""


def _wait_ticks(tab, div: str, want: list[str]) -> None:
    """Wait until the plot's y-axis shows exactly the labels `want` (no fixed sleep)."""
    tab.page.wait_for_function(_TICKS_JS, arg=[div, want])


def _pages(site: dict) -> dict[Path, str | None]:
    """Every page of a site and the thread it draws (None for the index): a thread has a page
    of its own from `site_min_thread_events` real events (the others are on the index)."""
    pages: dict[Path, str | None] = {site["index"]: None}
    threads = thread_table(site["events"])
    big = threads.filter(pl.col("events") >= DEFAULT.site_min_thread_events)["thread"]
    for tid in big.to_list():
        pages[site["dir"] / "timelines" / f"{page_id(tid)}.html"] = tid
    assert sorted((site["dir"] / "timelines").glob("*.html")) == sorted(
        p for p, t in pages.items() if t is not None)
    return pages


def _show_all(tab) -> None:
    """On a thread page that opened on its key dates, choose "all events" and wait for it."""
    choice = tab.page.locator("#tl-mode-all")
    if choice.count():
        choice.check()
        tab.page.wait_for_function("document.body.dataset.shown === String("
                                   "JSON.parse(document.getElementById('tl-data').textContent)"
                                   ".rows.id.length)")


def test_pages_draw_one_mark_per_event(tab, seed_site):
    drawn = {}
    for path, thread in _pages(seed_site).items():
        tab.open(path)
        _show_all(tab)  # a thread page opens on its key dates; every event is one click away
        expected = event_lanes(seed_site["events"], thread=thread).height
        bars = [m for m in _marks(tab) if m["kind"] == "bar"]
        drawn[path.name] = (len(bars), expected)
        tab.shot(f"marks-{path.stem}")
        assert len(bars) == expected, path
        # One mark per (lane, real event): the range slider's copies are not counted.
        lanes = {(round(m["y"]), m["event"]) for m in bars}
        assert len(lanes) == expected
    print(f"\nmarks drawn per page (drawn, expected): {drawn}")
    assert len(drawn) == len(_pages(seed_site)) > 1
    assert tab.errors == [] and tab.blocked == []


@pytest.mark.parametrize("page", ["index.html", "timelines/israeli-strikes.html",
                                  "timelines/arming-rebels.html"])
def test_pages_hover_shows_sentence(tab, seed_site, page):
    tab.open(seed_site["dir"] / page)
    _show_all(tab)
    sentences = dict(seed_site["events"].select("event_id", "sentence").iter_rows())
    candidates = _isolated(_marks(tab))
    assert candidates, "no mark can be hovered unambiguously"
    checked = 0
    for mark in candidates[:: max(1, len(candidates) // 4)][:4]:
        text = _squash(_hover(tab, mark))
        assert _squash(sentences[mark["event"]])[:60] in text, (mark["event"], text[:200])
        checked += 1
    tab.shot("hover-" + Path(page).stem)
    print(f"\n{page}: hover checked on {checked} of {len(candidates)} isolated marks")
    assert tab.errors == [] and tab.blocked == []


def test_pages_thread_selector_switches_lanes(tab, seed_site):
    tab.open(seed_site["index"])
    div = _div(tab)
    lanes = tab.page.evaluate(f"document.getElementById('{div}').layout.meta.lanes")
    assert sorted(_tick_labels(tab)) == sorted(_squash(x) for x in lanes)

    def choose(k: int) -> None:
        header = tab.page.locator(f"#{div} .updatemenu-header").bounding_box()
        tab.page.mouse.click(header["x"] + header["width"] / 2,
                             header["y"] + header["height"] / 2)
        buttons = tab.page.locator(f"#{div} .updatemenu-dropdown-button")
        buttons.nth(k).wait_for()
        assert buttons.count() == len(lanes) + 1
        buttons.nth(k).click()

    for k in (1, 3, len(lanes)):
        choose(k)
        _wait_ticks(tab, div, [_squash(lanes[k - 1])])
        assert _tick_labels(tab) == [_squash(lanes[k - 1])]
        tab.shot(f"selector-{k}")
    choose(0)
    _wait_ticks(tab, div, sorted(_squash(x) for x in lanes))
    assert sorted(_tick_labels(tab)) == sorted(_squash(x) for x in lanes)
    assert tab.errors == [] and tab.blocked == []


def test_pages_payloads_run_nothing(tab, payload_site, payloads):
    requested: list[str] = []
    tab.page.on("request", lambda r: requested.append(r.url))
    hovered = 0
    for path in _pages(payload_site):
        tab.open(path)
        for mark in _marks(tab):
            cx, cy = mark["x"] + mark["w"] / 2, mark["y"] + mark["h"] / 2
            _hover(tab, {**mark, "cx": cx, "cy": cy})
            hovered += 1
        header = tab.page.locator(".updatemenu-header").first.bounding_box()
        tab.page.mouse.click(header["x"] + header["width"] / 2, header["y"] + header["height"] / 2)
        tab.page.locator(".updatemenu-dropdown-button").first.wait_for()
        tab.shot(f"payload-{path.stem}")
        assert tab.page.evaluate("window.__pwned") is None, path
        body = tab.page.locator("body").inner_text()
        assert payloads[0] in body, path  # the thread name / sentence, shown as text
    assert hovered >= 3
    # The index lists the bad input and the undated event with their payloads, as text.
    tab.open(payload_site["index"])
    body = tab.page.locator("body").inner_text()
    assert f"not text: {payloads[1]}" in body and "An undated raid" in body
    # Hovering the first mark shows the payload in the sentence as literal text.
    first = next(m for m in _marks(tab) if m["event"] == "p1/E001")
    text = _hover(tab, {**first, "cx": first["x"] + first["w"] / 2,
                        "cy": first["y"] + first["h"] / 2})
    assert payloads[0] in text
    tab.shot("payload-hover")
    assert tab.page.evaluate("window.__pwned") is None
    assert not [u for u in requested if not u.startswith("file://") or u.endswith("/x")]
    assert tab.errors == [] and tab.blocked == []


#: Screen boxes [left, top, right, bottom] of the timeline's note, selector, legend and title.
_HEAD_BOXES_JS = """(id) => {
  const box = s => [...document.querySelectorAll('#' + id + ' ' + s)].map(e => {
    const b = e.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; });
  return {note: box('.annotation'), menu: box('.updatemenu-header'), legend: box('.legend'),
          title: box('.gtitle')};
}"""


@pytest.mark.parametrize("page", ["index.html", "timelines/israeli-strikes.html"])
def test_pages_undrawn_note_clear_of_selector_and_legend(tab, seed_site, page):
    tab.open(seed_site["dir"] / page)
    boxes = tab.page.evaluate(_HEAD_BOXES_JS, _div(tab))
    note = tab.page.locator(f"#{_div(tab)} .annotation").first.text_content() or ""
    assert "not drawn" in note and len(boxes["note"]) == 1, boxes
    n = boxes["note"][0]
    for name in ("menu", "legend", "title"):
        assert boxes[name], name
        for o in boxes[name]:
            overlap = n[0] < o[2] and o[0] < n[2] and n[1] < o[3] and o[1] < n[3]
            assert not overlap, (name, n, o)
    tab.shot("note-" + Path(page).stem)
