"""Shared fixtures: the bundled sample corpus and its hand-made gold (copied from shared/gold).

Data sets of ../shared/data (licensed elsewhere: read by path, never copied here) come through
`shared_file`: a test that needs one skips, naming the file, when it is absent, as on a bare
clone; with THREADLINE_REQUIRE_SHARED=1 (set by .ci/run, since CI has ../shared) the skip is a
failure instead. The Dask cluster and the Ray runtime start once per session.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
import pytest
from hypothesis import settings as hypothesis_settings

#: No property test has a per-example deadline: a busy 2-core machine is slow, not wrong.
hypothesis_settings.register_profile("threadline", deadline=None)
hypothesis_settings.load_profile("threadline")

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "seeds"
GOLD = Path(__file__).resolve().parent / "gold"
#: The shared data sets (../shared/data beside the repository), read by path only.
SHARED = ROOT.parent / "shared" / "data"
#: TimeBank+AQUAINT is read by path only (its text is licensed elsewhere; never copied here).
TBAQ = SHARED / "tbaq_dev.jsonl"
#: Set to 1 where ../shared must be present (CI): a missing shared file fails, never skips.
REQUIRE_SHARED = "THREADLINE_REQUIRE_SHARED"


def shared_file(name: str, what: str = "") -> Path:
    """The path of ../shared/data/`name`; skip the calling test naming the file when it is
    absent, or fail when THREADLINE_REQUIRE_SHARED=1."""
    path = SHARED / name
    if not path.is_file():
        why = (f"{what or name} not found at {path} (shared data, not ours to ship; "
               "tests that need it run where ../shared is present)")
        if os.environ.get(REQUIRE_SHARED) == "1":
            pytest.fail(f"{REQUIRE_SHARED}=1 but {why}", pytrace=False)
        pytest.skip(why)
    return path


def load_jsonl(path: Path) -> list[dict]:
    """Rows of a JSONL file."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def gold_documents() -> list[dict]:
    return load_jsonl(GOLD / "documents.jsonl")


@pytest.fixture(scope="session")
def gold_timexes() -> list[dict]:
    return load_jsonl(GOLD / "timexes.jsonl")


@pytest.fixture(scope="session")
def gold_false_friends() -> list[dict]:
    return load_jsonl(GOLD / "false_friends.jsonl")


@pytest.fixture(scope="session")
def gold_events() -> list[dict]:
    return load_jsonl(GOLD / "events.jsonl")


@pytest.fixture(scope="session")
def seed_documents() -> pl.DataFrame:
    """DOCUMENTS of the sample corpus, read once per test session."""
    from threadline import read_corpus

    return read_corpus(SEEDS)


def _slug(text: str) -> str:
    """A lower-case, hyphenated id for a thread name ("TOW missiles" -> "tow-missiles")."""
    import re

    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _granularity(value: str | None) -> str | None:
    """Rough granularity of a gold TIMEX3 value, enough to label figures."""
    if value is None:
        return None
    if "/" in value:
        return "interval"
    return {4: "year", 7: "month", 8: "week", 10: "day"}.get(len(value), "other")


@pytest.fixture(scope="session")
def gold_events_frame(gold_events: list[dict]) -> pl.DataFrame:
    """The gold events as an EVENTS frame (threads = gold threads, clusters from same_as).

    Figure and HTML tests draw this, so they do not depend on extraction quality.
    """
    import threadline.schema as schema

    files = {d["doc_id"]: d["file"] for d in load_jsonl(GOLD / "documents.jsonl")}
    ids = {e["event_id"]: f"{e['doc_id']}/E{int(e['event_id'].rsplit('E', 1)[1]):03d}"
           for e in gold_events}
    cluster = {e["event_id"]: ids[e["same_as"] or e["event_id"]] for e in gold_events}
    docs_per_cluster: dict[str, set[str]] = {}
    for e in gold_events:
        docs_per_cluster.setdefault(cluster[e["event_id"]], set()).add(e["doc_id"])
    rows = [
        {
            **{k: e[k] for k in ("doc_id", "start", "end", "date", "mod", "date_start",
                                 "date_end", "date_text", "event_type", "sub_event_type",
                                 "actor1", "actor2", "weapon", "location", "country")},
            "event_id": ids[e["event_id"]],
            "source": f"data/seeds/{files[e['doc_id']]}",
            "sentence": e["evidence"],
            "granularity": _granularity(e["date"]),
            "date_mention_id": e["date_timex_id"],
            "anchor": "mention" if e["date_text"] else ("narrative" if e["date"] else "none"),
            "date_reason": e["note"],
            "thread_id": _slug(e["thread"]),
            "thread_label": e["thread"],
            "thread_ids": [_slug(e["thread"])],
            "cluster_id": cluster[e["event_id"]],
            "cluster_reason": "gold same_as" if e["same_as"] else None,
            "n_sources": len(docs_per_cluster[cluster[e["event_id"]]]),
        }
        for e in gold_events
    ]
    frame = pl.DataFrame(rows, infer_schema_length=None).with_columns(
        pl.col("date_start", "date_end").str.to_date()
    )
    return schema.conform(frame, schema.EVENTS)


@pytest.fixture(scope="session")
def gold_documents_frame(gold_documents: list[dict]) -> pl.DataFrame:
    """The gold articles as a DOCUMENTS frame (text sliced from the seed files)."""
    import threadline.schema as schema

    rows = []
    for d in gold_documents:
        source_text = (SEEDS / d["file"]).read_text(encoding="utf-8")
        rows.append({
            "doc_id": d["doc_id"], "source": f"data/seeds/{d['file']}", "start": d["start"],
            "end": d["end"], "title": d["title"], "text": source_text[d["start"]:d["end"]],
            "dct": d["dct"], "dct_source": d["dct_source"], "dct_evidence": d["dct_evidence"],
            "status": "ok",
        })
    return schema.conform(pl.DataFrame(rows), schema.DOCUMENTS)


@pytest.fixture(scope="session")
def seed_table() -> pl.DataFrame:
    """The seed pages as a table (doc_id, text, url, title, published): what shards hold."""
    rows = [{"doc_id": p.name.split("_")[0], "text": p.read_text(encoding="utf-8"),
             "url": None, "title": None, "published": None}
            for p in sorted(SEEDS.glob("*.txt"))]
    return pl.DataFrame(rows, schema={k: pl.String() for k in rows[0]})


@pytest.fixture(scope="session")
def seed_shards(seed_table: pl.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The seed table cut into 3 shards, written as Parquet and as JSONL: {kind: [paths]}."""
    root = tmp_path_factory.mktemp("seed_shards")
    shards: dict[str, list[Path]] = {"parquet": [], "jsonl": []}
    for i, part in enumerate([seed_table[0:2], seed_table[2:4], seed_table[4:]]):
        for kind, write in (("parquet", part.write_parquet), ("jsonl", part.write_ndjson)):
            path = root / kind / f"shard-{i}.{kind}"
            path.parent.mkdir(exist_ok=True)
            write(path)
            shards[kind].append(path)
    return shards


#: How long a cluster may take to start, and a worker to register, on a busy 2-core machine.
STARTUP_SECONDS = 600


@pytest.fixture(scope="session")
def dask_client():
    """A 2-worker Dask LocalCluster (one thread per worker process), started once per session,
    with connection deadlines of minutes (a busy machine starts workers slowly)."""
    import dask
    from distributed import Client
    from threadline.scale.engines import local_cluster

    patient = {f"distributed.comm.timeouts.{k}": f"{STARTUP_SECONDS}s" for k in ("connect", "tcp")}
    with dask.config.set(patient), local_cluster(workers=2) as cluster, \
            Client(cluster, timeout=STARTUP_SECONDS) as client:
        client.wait_for_workers(2, timeout=STARTUP_SECONDS)
        yield client


@pytest.fixture(scope="session")
def ray_engine():
    """A RayEngine on a fresh local Ray of 2 CPUs (no dashboard), started once per session
    (RayEngine retries a start-up that times out) and shut down at its end, with worker
    registration allowed minutes. Ray leaves variables (PYTHONBREAKPOINT, RAY_*) and a SIGTERM
    handler in the driver; they are restored afterwards."""
    import signal

    import ray
    from threadline.scale.engines import RayEngine

    if ray.is_initialized():  # a Ray left over would be reused and never shut down
        ray.shutdown()
    environ, sigterm = dict(os.environ), signal.getsignal(signal.SIGTERM)
    os.environ["RAY_worker_register_timeout_seconds"] = str(STARTUP_SECONDS)  # noqa: SIM112
    engine = RayEngine(workers=2)
    yield engine
    engine.close()
    assert not ray.is_initialized()  # the engine started this Ray, so it shut it down
    os.environ.clear()
    os.environ.update(environ)
    signal.signal(signal.SIGTERM, sigterm)


@pytest.fixture(params=["Pacific/Kiritimati", "America/Adak"])
def foreign_tz(request: pytest.FixtureRequest):
    """Run a test with the machine's timezone set far from UTC (TZ + tzset), then restore it."""
    import os
    import time

    old = os.environ.get("TZ")
    os.environ["TZ"] = request.param
    time.tzset()
    yield request.param
    if old is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = old
    time.tzset()


@pytest.fixture(scope="session")
def gold_span_documents(gold_documents) -> pl.DataFrame:
    """DOCUMENTS built from the gold body spans over the seed files (text, dct from the gold)."""
    from threadline.schema import DOCUMENTS, conform

    rows = []
    for d in gold_documents:
        text = (SEEDS / d["file"]).read_text(encoding="utf-8")
        rows.append({"doc_id": d["doc_id"], "source": d["file"], "start": d["start"],
                     "end": d["end"], "title": d["title"], "text": text[d["start"] : d["end"]],
                     "dct": d["dct"], "dct_source": d["dct_source"], "status": "ok"})
    return conform(pl.DataFrame(rows), DOCUMENTS)


@pytest.fixture(scope="session")
def tbaq_path() -> Path:
    """Path of TimeBank+AQUAINT dev (../shared/data): licensed elsewhere, so read by path and
    never shipped; CI always has it, a bare clone without ../shared skips these tests."""
    return shared_file(TBAQ.name, "TimeBank+AQUAINT dev set")


@pytest.fixture(scope="session")
def tbaq_rows(tbaq_path: Path) -> list[dict]:
    """TimeBank+AQUAINT dev documents (doc_id, dct, text, timexes), read by path, never copied."""
    return load_jsonl(tbaq_path)


@pytest.fixture(scope="session")
def seed_pipeline(seed_documents: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """The real pipeline on the sample corpus: read_corpus -> tag_dates -> extract_events ->
    assign_threads(data/threads.yaml) -> merge_events, as {documents, mentions, events}."""
    from threadline import assign_threads, extract_events, merge_events, tag_dates

    mentions = tag_dates(seed_documents)
    events = merge_events(assign_threads(extract_events(seed_documents, mentions),
                                         ROOT / "data" / "threads.yaml"))
    return {"documents": seed_documents, "mentions": mentions, "events": events}


@pytest.fixture(scope="session")
def gold_span_mentions(gold_span_documents) -> pl.DataFrame:
    """MENTIONS of `gold_span_documents`, tagged once per session (news mode)."""
    from threadline.timex import tag_dates

    return tag_dates(gold_span_documents)


@pytest.fixture(scope="session")
def venv_kernels(tmp_path_factory):
    """A KernelSpecManager whose only "python3" kernel is this interpreter's ipykernel, so
    executed notebooks import the threadline under test (not some other Python's)."""
    from ipykernel.kernelspec import write_kernel_spec
    from jupyter_client.kernelspec import KernelSpecManager

    root = tmp_path_factory.mktemp("kernels")
    write_kernel_spec(root / "python3")
    return KernelSpecManager(kernel_dirs=[str(root)])


#: Markup that must stay text in every page (figures, tables, titles): none of it may run.
PAYLOADS = ("<script>window.__pwned=1</script>", '<img src=x onerror="window.__pwned=1">')


@pytest.fixture(scope="session")
def payloads() -> tuple[str, str]:
    """The script and markup payloads (see `PAYLOADS`)."""
    return PAYLOADS


@pytest.fixture(scope="session")
def payload_corpus() -> dict[str, pl.DataFrame]:
    """A tiny hand-made corpus whose titles, sentences, sources and thread labels carry
    script/markup payloads: a day event, a merged month event (2 sources), an undated one, a bad
    input. {documents, events}; threads "xss" (2 dated, 1 undated) and "plain" (1 dated)."""
    import datetime as dt

    import threadline.schema as schema

    script, img = PAYLOADS
    documents = schema.conform(pl.DataFrame({
        "doc_id": ["p1", "p2", "bad"], "source": [f"{script}.txt", "p2.txt", f"{img}.bin"],
        "title": [f"Strike {script}", f"Raid {img}", None], "text": ["x", "y", None],
        "status": ["ok", "ok", "binary"], "error": [None, None, f"not text: {img}"],
    }), schema.DOCUMENTS)
    day, month = dt.date(2020, 3, 14), (dt.date(2020, 2, 1), dt.date(2020, 2, 29))
    events = schema.conform(pl.DataFrame({
        "event_id": ["p1/E001", "p1/E002", "p2/E001", "p2/E002", "p2/E003"],
        "doc_id": ["p1", "p1", "p2", "p2", "p2"],
        "source": [f"{script}.txt"] * 2 + ["p2.txt"] * 3,
        "url": ["javascript:window.__pwned=1", None, "https://example.org/a?b=1&c=<2>", None,
                None],
        "sentence": [f"Jets struck the depot {script} at dawn.",
                     f"Fighting in February {img} near the town.",
                     f"Fighting in February near the town {img} again.",
                     f"An undated raid {script} was reported.",
                     "A plain shelling of the ridge."],
        "date": ["2020-03-14", "2020-02", "2020-02", None, "2020-04-02"],
        "date_start": [day, month[0], month[0], None, dt.date(2020, 4, 2)],
        "date_end": [day, month[1], month[1], None, dt.date(2020, 4, 2)],
        "granularity": ["day", "month", "month", None, "day"],
        "date_text": ["March 14", "February", "in February", None, "April 2"],
        "anchor": ["mention", "mention", "mention", "none", "mention"],
        "date_reason": [None, None, None, f"no date {img}", None],
        "event_type": ["Explosions/Remote violence", "Battles", "Battles", "Battles",
                       f"Odd {script}"],
        "actor1": [f"Air force {img}", "Rebels", "Rebels", None, None],
        "weapon": [f"bomb {script}", None, None, None, None],
        "location": [f"Town {img}", None, None, None, None],
        "thread_id": ["xss", "xss", "xss", "xss", "plain"],
        "thread_label": [f"Thread {script}", f"Thread {script}", f"Thread {script}",
                         f"Thread {script}", "Plain"],
        "thread_ids": [["xss"], ["xss"], ["xss"], ["xss"], ["plain"]],
        "cluster_id": ["p1/E001", "p1/E002", "p1/E002", "p2/E002", "p2/E003"],
        "n_sources": [1, 2, 2, 1, 1],
    }), schema.EVENTS)
    return {"documents": documents, "events": events}


# --- browser fixtures: Debian's chromium driven by Playwright, every non-file:// request blocked

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


@dataclass
class Tab:
    """A page plus what it tried to fetch from the network and the errors it raised."""

    page: object
    shots: Path
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open(self, path: Path) -> None:
        """Load a local file and wait until its figures have drawn."""
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_selector(".js-plotly-plot .main-svg", state="attached")

    def shot(self, name: str) -> Path:
        """Save a full-page screenshot into the test's temporary folder."""
        path = self.shots / f"{name}.png"
        self.page.screenshot(path=path, full_page=True)
        return path


@pytest.fixture(scope="module")
def chromium():
    """One headless chromium per test module (never downloaded: the system's binary)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def tab(chromium, tmp_path: Path):
    """A fresh context and page: non-file requests aborted and recorded, console errors and
    page errors recorded; screenshots go to the test's tmp_path."""
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    seen = Tab(page=None, shots=tmp_path)

    def route(r) -> None:
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            seen.blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.set_default_timeout(STARTUP_SECONDS * 1000 // 5)  # minutes: a busy machine is slow
    page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen.errors.append(str(e)))
    seen.page = page
    yield seen
    context.close()


@pytest.fixture(scope="module")
def seed_site(seed_pipeline, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The seed corpus's site, built once: {index, dir, events}."""
    from threadline.timeline.pages import write_site

    out = tmp_path_factory.mktemp("seed_site")
    index = write_site(out, seed_pipeline["documents"], seed_pipeline["events"])
    return {"index": index, "dir": out, "events": seed_pipeline["events"]}


@pytest.fixture(scope="module")
def payload_site(payload_corpus, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The payload corpus's site, built once: {index, dir, events}."""
    from threadline.timeline.pages import write_site

    out = tmp_path_factory.mktemp("payload_site")
    index = write_site(out, payload_corpus["documents"], payload_corpus["events"])
    return {"index": index, "dir": out, "events": payload_corpus["events"]}


# --- a hand-written corpus for the site's filters, map, counts and far-off dates ------------

#: Text that must stay text on every page: a closing script tag, a handler, script URLs.
SITE_PAYLOAD = '</script><script>window.__pwned=3</script><img src=x onerror="window.__pwned=4">'


def _site_rows() -> list[dict]:
    """Events of three threads written for the site tests (our own sentences): a siege (with a
    merged report, a 13th-century far-off date and an undated report), talks, a border clash."""
    d = __import__("datetime").date
    siege, talks, border = ("siege", "Siege of the river town"), ("talks", "Ceasefire talks"), (
        "border", "Border clash")
    return [
        {"id": "s1/E001", "doc": "s1", "t": siege, "a": ("Government army", "Northern militia"),
         "ty": "Explosions/Remote violence", "pl": "Riverton", "ll": (35.1, 38.2),
         "d": (d(2021, 3, 3), d(2021, 3, 3)), "se": "Artillery shelled the eastern market of "
         "Riverton on 3 March."},
        {"id": "s2/E001", "doc": "s2", "t": siege, "a": ("Government army", "Northern militia"),
         "ty": "Explosions/Remote violence", "pl": "Riverton", "ll": (35.1, 38.2),
         "d": (d(2021, 3, 3), d(2021, 3, 3)), "se": "The market in Riverton was shelled on "
         "Wednesday.", "cl": "s1/E001"},
        {"id": "s1/E002", "doc": "s1", "t": siege, "a": ("Northern militia", None),
         "ty": "Battles", "pl": "Old bridge", "ll": (35.2, 38.3),
         "d": (d(2021, 4, 1), d(2021, 4, 30)), "se": "Militia fighters held the old bridge "
         "throughout April."},
        {"id": "s3/E001", "doc": "s3", "t": siege, "a": ("Government army", None),
         "ty": "Battles", "pl": "Hill 204", "ll": (35.3, 38.0),
         "d": (d(2021, 5, 12), d(2021, 5, 12)), "se": "Troops stormed Hill 204 at dawn on "
         "12 May, " + SITE_PAYLOAD},
        {"id": "s3/E002", "doc": "s3", "t": siege, "a": ("Government army", "Civilians"),
         "ty": "Violence against civilians", "pl": "Riverton", "ll": (35.1, 38.2),
         "d": (d(2021, 6, 2), d(2021, 6, 4)), "se": "Snipers fired on families queueing "
         "for bread between 2 and 4 June."},
        {"id": "s3/E003", "doc": "s3", "t": siege, "a": (None, None), "ty": "Battles",
         "pl": "Riverton citadel", "ll": (None, None), "d": (d(1250, 1, 1), d(1250, 12, 31)),
         "se": "The citadel, built around 1250, was hit again by mortar fire."},
        {"id": "s3/E004", "doc": "s3", "t": siege, "a": ("Northern militia", None),
         "ty": "Battles", "pl": "Riverton", "ll": (None, None), "d": (None, None),
         "se": "Militia commanders promised to break the encirclement soon."},
        {"id": "t1/E001", "doc": "t1", "t": talks, "a": ("Mediators", None),
         "ty": "Strategic developments", "pl": "Lakeside", "ll": (36.0, 37.0),
         "d": (d(2021, 4, 20), d(2021, 4, 20)), "se": "Mediators opened ceasefire talks in "
         "Lakeside on 20 April."},
        {"id": "t1/E002", "doc": "t1", "t": talks, "a": ("Government army", "Northern militia"),
         "ty": "Strategic developments", "pl": "Lakeside", "ll": (36.0, 37.0),
         "d": (d(2021, 5, 1), d(2021, 5, 31)), "se": "A truce agreed in May collapsed within "
         "weeks."},
        {"id": "t2/E001", "doc": "t2", "t": talks, "a": ("Mediators", None),
         "ty": "Strategic developments", "pl": "Lakeside", "ll": (36.0, 37.0),
         "d": (d(2021, 7, 9), d(2021, 7, 9)), "se": "A second round of talks began on 9 July "
         "with a prisoner exchange on the agenda."},
        {"id": "b1/E001", "doc": "b1", "t": border, "a": ("Border guards", "Smugglers"),
         "ty": "Battles", "pl": "Eastern crossing", "ll": (34.5, 40.1),
         "d": (d(2021, 5, 20), d(2021, 5, 20)), "se": "Border guards exchanged fire with "
         "smugglers at the eastern crossing."},
    ]


@pytest.fixture(scope="session")
def site_corpus() -> dict[str, pl.DataFrame]:
    """{documents, events} of `_site_rows`: titles and URLs carry payloads (a title with
    `SITE_PAYLOAD`, a javascript: and a data: URL); "s1" has a web URL."""
    import threadline.schema as schema

    urls = {"s1": "https://news.example.org/riverton?id=1&x=2", "s2": "javascript:alert(1)",
            "s3": "data:text/html,<script>window.__pwned=5</script>", "t1": None,
            "t2": "https://news.example.org/talks", "b1": None}
    titles = {"s1": "Market shelled", "s2": "Riverton under fire " + SITE_PAYLOAD,
              "s3": "Hill 204 falls", "t1": "Talks open", "t2": "Talks resume", "b1": None}
    documents = schema.conform(pl.DataFrame({
        "doc_id": list(urls), "source": [f"corpus/{d}.txt" for d in urls],
        "title": [titles[d] for d in urls], "url": [urls[d] for d in urls],
        "text": ["x"] * len(urls), "status": "ok"}), schema.DOCUMENTS)
    rows = _site_rows()
    clusters = [r.get("cl", r["id"]) for r in rows]
    sources = {c: len({r["doc"] for r, k in zip(rows, clusters, strict=True) if k == c})
               for c in clusters}
    events = schema.conform(pl.DataFrame({
        "event_id": [r["id"] for r in rows], "doc_id": [r["doc"] for r in rows],
        "source": [f"corpus/{r['doc']}.txt" for r in rows],
        "url": [urls[r["doc"]] for r in rows], "sentence": [r["se"] for r in rows],
        "date_start": [r["d"][0] for r in rows], "date_end": [r["d"][1] for r in rows],
        "event_type": [r["ty"] for r in rows], "actor1": [r["a"][0] for r in rows],
        "actor2": [r["a"][1] for r in rows], "location": [r["pl"] for r in rows],
        "lat": [r["ll"][0] for r in rows], "lon": [r["ll"][1] for r in rows],
        "thread_id": [r["t"][0] for r in rows], "thread_label": [r["t"][1] for r in rows],
        "thread_ids": [[r["t"][0]] for r in rows], "cluster_id": clusters,
        "n_sources": [sources[c] for c in clusters],
    }, infer_schema_length=None), schema.EVENTS)
    return {"documents": documents, "events": events}


@pytest.fixture(scope="module")
def corpus_site(site_corpus, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The site of `site_corpus`, and of the same corpus without its far-off event:
    {index, dir, events, plain_index}."""
    from threadline.timeline.pages import write_site

    out = tmp_path_factory.mktemp("corpus_site")
    index = write_site(out, site_corpus["documents"], site_corpus["events"])
    near = site_corpus["events"].filter(pl.col("event_id") != "s3/E003")
    plain = write_site(tmp_path_factory.mktemp("corpus_site_near"), site_corpus["documents"],
                       near)
    return {"index": index, "dir": out, "events": site_corpus["events"], "plain_index": plain}
