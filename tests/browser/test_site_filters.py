"""The site's in-page tools in a real browser (Debian's chromium via Playwright, network
blocked), on a corpus written for these tests (`site_corpus` in conftest): every filter changes
the marks shown (counted before and after), search finds a sentence, the thread selector
filters, the map draws its marks, the counts chart has one bar group per month, a far-off date
leaves the default axis alone, a thread page opens on its key dates, the table sorts, and
payloads in text and URLs run nothing. Every wait is on a condition, never on a delay."""

from __future__ import annotations

import pytest
from conftest import SITE_PAYLOAD
from threadline.timeline.lanes import thread_table
from threadline.timeline.pages import page_id

pytestmark = pytest.mark.browser

READY = "document.body.dataset.ready === '1'"
#: What the page shows now: ids of the timeline's bars (main plot), map points, table rows.
_STATE_JS = """() => {
  const tl = document.getElementById('tl-timeline'), map = document.getElementById('tl-map');
  const ids = [];
  tl.data.filter(t => t.type === 'bar').forEach(t => t.customdata.forEach(c => ids.push(c[1])));
  const rows = [...document.querySelectorAll('#tl-rows tr')].filter(r => !r.hidden);
  return {bars: tl.querySelectorAll('.cartesianlayer .barlayer .point').length, ids: ids,
          map: map ? map.querySelectorAll('.scattergeo .point').length : null,
          rows: rows.map(r => r.textContent), shown: document.body.dataset.shown};
}"""
#: Dated events of the site corpus inside the window (the 1250 citadel is far off).
DATED = {"s1/E001", "s1/E002", "s3/E001", "s3/E002", "t1/E001", "t1/E002", "t2/E001",
         "b1/E001"}


def _open(tab, path) -> None:
    tab.page.goto(path.resolve().as_uri())
    tab.page.wait_for_function(READY, timeout=60_000)


def _state(tab) -> dict:
    return tab.page.evaluate(_STATE_JS)


def _settle(tab, n: int) -> dict:
    """Wait until the timeline draws `n` bars and the status says so, then the page state."""
    tab.page.wait_for_function(
        "(n) => document.body.dataset.shown === String(n) && document.querySelectorAll("
        "'#tl-timeline .cartesianlayer .barlayer .point').length === n", arg=n, timeout=30_000)
    return _state(tab)


@pytest.mark.parametrize(("control", "value", "expected"), [
    ("#tl-type", "Battles", {"s1/E002", "s3/E001", "b1/E001"}),
    ("#tl-actor", "mediators", {"t1/E001", "t2/E001"}),
    ("#tl-place", "lakeside", {"t1/E001", "t1/E002", "t2/E001"}),
    ("#tl-thread", "ceasefire", {"t1/E001", "t1/E002", "t2/E001"}),
    ("#tl-text", "eastern market", {"s1/E001"}),
])
def test_site_filter_changes_the_marks(tab, corpus_site, control, value, expected):
    _open(tab, corpus_site["index"])
    before = _state(tab)
    assert set(before["ids"]) == DATED and before["bars"] == len(DATED) == len(before["rows"])
    if control == "#tl-type":
        tab.page.select_option(control, value)
    else:
        tab.page.fill(control, value)
    after = _settle(tab, len(expected))
    print(f"\n{control}={value!r}: {before['bars']} marks -> {after['bars']}")
    assert set(after["ids"]) == expected and len(after["rows"]) == len(expected)
    assert after["map"] == len(expected)  # every one of these events has coordinates
    tab.shot(f"filter-{control[4:]}")
    tab.page.click("#tl-reset")
    assert set(_settle(tab, len(DATED))["ids"]) == DATED
    assert tab.errors == [] and tab.blocked == []


def test_site_date_range_filter(tab, corpus_site):
    _open(tab, corpus_site["index"])
    assert _state(tab)["bars"] == len(DATED)
    tab.page.fill("#tl-from", "2021-05-01")
    tab.page.fill("#tl-to", "2021-05-31")
    may = _settle(tab, 3)  # events whose interval meets May 2021
    assert set(may["ids"]) == {"s3/E001", "t1/E002", "b1/E001"}
    tab.shot("filter-dates")
    assert tab.errors == [] and tab.blocked == []


def test_site_search_finds_a_sentence(tab, corpus_site):
    _open(tab, corpus_site["index"])
    tab.page.fill("#tl-text", "prisoner exchange")
    found = _settle(tab, 1)
    assert found["ids"] == ["t2/E001"]
    assert "A second round of talks began on 9 July with a prisoner exchange" in found["rows"][0]
    tab.page.fill("#tl-text", "hill 204 falls")  # article titles are searched too
    assert sorted(_settle(tab, 2)["ids"]) == ["s3/E001", "s3/E002"]
    tab.shot("search")
    assert tab.errors == [] and tab.blocked == []


def test_site_thread_selector_filters(tab, corpus_site):
    _open(tab, corpus_site["index"])
    lanes = tab.page.evaluate("document.getElementById('tl-timeline').layout.meta.lanes")
    k = lanes.index("Ceasefire talks") + 1
    header = tab.page.locator("#tl-timeline .updatemenu-header").bounding_box()
    tab.page.mouse.click(header["x"] + header["width"] / 2, header["y"] + header["height"] / 2)
    button = tab.page.locator("#tl-timeline .updatemenu-dropdown-button").nth(k)
    button.wait_for()
    button.click()
    chosen = _settle(tab, 3)
    assert set(chosen["ids"]) == {"t1/E001", "t1/E002", "t2/E001"}  # filtered, not zoomed
    assert len(chosen["rows"]) == 3 and chosen["map"] == 3
    tab.shot("selector-filters")
    assert tab.errors == [] and tab.blocked == []


def test_site_small_thread_reached_from_the_index(tab, corpus_site):
    assert not (corpus_site["dir"] / "timelines" / "border.html").exists()
    _open(tab, corpus_site["index"])
    tab.page.click("a[href='#thread=Border%20clash']")
    assert _settle(tab, 1)["ids"] == ["b1/E001"]
    assert tab.errors == [] and tab.blocked == []


def test_site_map_draws_its_marks(tab, corpus_site):
    _open(tab, corpus_site["index"])
    state = _state(tab)
    assert state["map"] == len(DATED)  # each located real event once (the merged pair too)
    hovers = tab.page.evaluate("""() => document.getElementById('tl-map').data
        .flatMap(t => t.customdata.map(c => c[0]))""")
    assert len(hovers) == len(DATED) and all("<b>source:</b>" in h for h in hovers)
    assert any("Border guards exchanged fire with smugglers" in h for h in hovers)
    tab.page.select_option("#tl-type", "Strategic developments")
    _settle(tab, 3)
    assert _state(tab)["map"] == 3
    tab.page.locator("#tl-map").screenshot(path=tab.shots / "map.png")
    assert tab.errors == [] and tab.blocked == []


_MONTHS_JS = """() => new Set([...document.querySelectorAll('#tl-counts .barlayer .point')]
  .map(p => { const b = p.getBoundingClientRect(); return Math.round(b.x + b.width / 2); }))
  .size"""


@pytest.mark.parametrize(("page", "months"), [("index.html", 5), ("timelines/siege.html", 4)])
def test_site_counts_one_bar_group_per_month(tab, corpus_site, page, months):
    _open(tab, corpus_site["dir"] / page)
    assert tab.page.evaluate(_MONTHS_JS) == months  # March to July 2021; the siege to June
    stacked = tab.page.evaluate("document.getElementById('tl-counts').layout.barmode")
    assert stacked == "stack"
    tab.page.locator("#tl-counts").screenshot(path=tab.shots / "counts.png")
    assert tab.errors == [] and tab.blocked == []


@pytest.mark.parametrize("page", ["index.html", "timelines/siege.html"])
def test_site_far_off_date_leaves_the_axis(tab, corpus_site, page):
    ranges = []
    for root in (corpus_site["dir"], corpus_site["plain_index"].parent):
        _open(tab, root / page)
        ranges.append(tab.page.evaluate(
            "document.getElementById('tl-timeline').layout.xaxis.range.map(String)"))
    with_far, without = ([r[:10] for r in pair] for pair in ranges)
    assert with_far == without and with_far[0] >= "2021-01-01", ranges
    _open(tab, corpus_site["dir"] / page)
    body = tab.page.locator("body").inner_text()
    assert "Far-off dates (1)" in body and "The citadel, built around 1250" in body
    tab.shot("far-off-" + page.replace("/", "-"))
    assert tab.errors == [] and tab.blocked == []


def test_site_thread_page_opens_on_key_dates(tab, seed_site):
    biggest = thread_table(seed_site["events"]).sort("events", descending=True)["thread"][0]
    page = seed_site["dir"] / "timelines" / f"{page_id(biggest)}.html"
    _open(tab, page)
    data = tab.page.evaluate("JSON.parse(document.getElementById('tl-data').textContent).rows")
    keys = {i for i, k in zip(data["id"], data["k"], strict=True) if k}
    assert 0 < len(keys) < len(data["id"])
    opened = _state(tab)
    assert set(opened["ids"]) == keys and opened["bars"] == len(keys)
    tab.shot("key-dates")
    tab.page.check("#tl-mode-all")  # one click to every event
    everything = _settle(tab, len(data["id"]))
    assert sorted(everything["ids"]) == sorted(data["id"])
    assert tab.errors == [] and tab.blocked == []


def test_site_table_sorts(tab, corpus_site):
    _open(tab, corpus_site["index"])
    order = "() => [...document.querySelectorAll('#tl-rows tr')].map(r => r.cells[0].textContent)"
    header = tab.page.locator("#tl-table th[data-sort=ds]")
    header.click()
    tab.page.wait_for_function("document.querySelector('#tl-table th[data-sort=ds]')"
                               ".dataset.dir === 'asc'")
    asc = tab.page.evaluate(order)
    header.click()
    tab.page.wait_for_function("document.querySelector('#tl-table th[data-sort=ds]')"
                               ".dataset.dir === 'desc'")
    desc = tab.page.evaluate(order)
    assert asc == sorted(asc) and desc == sorted(desc, reverse=True) and asc != desc
    links = tab.page.evaluate("""() => [...document.querySelectorAll('#tl-rows a')]
        .map(a => [a.getAttribute('href'), a.textContent])""")
    assert ["https://news.example.org/riverton?id=1&x=2", "Market shelled · s1"] in links
    assert all(h.startswith("https://") for h, _ in links)
    assert tab.errors == [] and tab.blocked == []


def test_site_table_lists_a_bounded_number_of_rows(tab, seed_site):
    _open(tab, seed_site["index"])
    n = tab.page.evaluate("JSON.parse(document.getElementById('tl-data').textContent)"
                          ".rows.id.length")
    limit = int(tab.page.get_attribute("#tl-table", "data-limit"))
    assert tab.page.locator("#tl-rows tr").count() == min(n, limit)
    assert n > 50  # the seed index is big enough to matter
    tab.page.evaluate("document.getElementById('tl-table').dataset.limit = '10'")
    tab.page.fill("#tl-text", " ")  # an input re-renders (a blank search filters nothing)
    tab.page.wait_for_function("document.body.dataset.tableRows === '10'")
    assert tab.page.locator("#tl-rows tr").count() == 10
    assert "the table lists the first 10" in tab.page.inner_text("#tl-status")
    tab.page.fill("#tl-text", "qqqq-no-such-text")
    tab.page.wait_for_function("document.body.dataset.shown === '0'")
    assert tab.page.locator("#tl-rows tr").count() == 0
    assert tab.errors == [] and tab.blocked == []


def test_site_payloads_run_nothing(tab, corpus_site):
    requested: list[str] = []
    tab.page.on("request", lambda r: requested.append(r.url))
    pages = [corpus_site["index"], *sorted((corpus_site["dir"] / "timelines").glob("*.html"))]
    for path in pages:
        _open(tab, path)
        tab.page.fill("#tl-text", "window")  # re-render with a filter: still nothing runs
        tab.page.wait_for_function("document.body.dataset.shown !== undefined")
        tab.page.fill("#tl-text", "")
        label = tab.page.locator("#tl-timeline .hoverlayer .hovertext")
        for box in tab.page.locator("#tl-timeline .cartesianlayer .barlayer .point").all()[:4]:
            b = box.bounding_box()
            tab.page.mouse.move(1, 1)  # off the plot first: never onto the last hover label
            label.first.wait_for(state="detached")
            tab.page.mouse.move(b["x"] + b["width"] / 2, b["y"] + b["height"] / 2)
            label.first.wait_for(state="attached")
        assert tab.page.evaluate("window.__pwned") is None, path
        live = tab.page.evaluate("""() => ({
          scripts: document.querySelectorAll('script:not([src]):not([type="application/json"])')
            .length,
          imgs: document.querySelectorAll('body img').length,
          bad: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))
            .filter(h => /^\\s*(javascript|data):/i.test(h))})""")
        assert live == {"scripts": 0, "imgs": 0, "bad": []}, path
        body = tab.page.locator("body").inner_text()
        if path.stem in ("index", "siege"):  # the pages whose events carry the payload
            assert SITE_PAYLOAD in body, path  # shown as text (sentence and title)
        tab.shot("payload-" + path.stem)
    assert not [u for u in requested if not u.startswith("file://")]
    assert tab.errors == [] and tab.blocked == []
