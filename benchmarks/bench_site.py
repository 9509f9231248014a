"""The site at corpus scale: output size, largest page and the time until the index is drawn.

The corpus: the Guardian articles of TLS dev (``kind == "article"``) repeated with distinct doc
ids, plus ACLED dev notes as short articles, up to `--docs` documents (1,800 by default), each
with a title and a web URL; read by path from ../shared/data and written to a temporary folder
only (never into the repository). `threadline build` runs on it in a subprocess; then the
benchmark prints, for the output folder: total size (MB), the largest HTML page (MB), the
number of HTML pages, the number of plotly.js files, and the seconds from navigation until the
index's figures are drawn in headless Chromium (median of `--loads` loads, network blocked),
against the same index with plotly.js inlined (the old layout) loaded the same way.

    .venv/bin/python benchmarks/bench_site.py [--docs 1800] [--out DIR] [--loads 5]
        [--tls PATH] [--acled PATH] [--skip-build]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
_DRAWN_JS = """() => [...document.querySelectorAll('.js-plotly-plot')].length > 0 &&
  [...document.querySelectorAll('.js-plotly-plot')].every(d => d.querySelector('.main-svg'))
  && document.body.dataset.ready === '1'"""


def make_corpus(tls: Path, acled: Path, n_docs: int, folder: Path) -> Path:
    """`n_docs` articles: TLS articles repeated with distinct ids (three quarters), ACLED notes
    (the rest), each with a title and an https URL; written as one Parquet table."""
    articles = pl.read_ndjson(tls, infer_schema_length=None).filter(pl.col("kind") == "article")
    title = pl.col("text").str.split("\n").list.first().str.slice(0, 90)
    base = articles.select("doc_id", "text", "published", title.alias("title"),
                           pl.col("source").fill_null("The Guardian"))
    n_tls = min(n_docs, n_docs * 3 // 4)
    reps = -(-n_tls // base.height)
    copies = pl.concat([base.with_columns(pl.col("doc_id") + f"~{r:02d}") for r in range(reps)])
    notes = pl.read_ndjson(acled, infer_schema_length=None).select(
        "doc_id", "text", "published", pl.col("text").str.slice(0, 60).alias("title"),
        pl.lit("ACLED note").alias("source"))
    table = pl.concat([copies.head(n_tls), notes.head(n_docs - n_tls)])
    table = table.with_columns(
        pl.concat_str(pl.lit("https://news.example.org/"), pl.col("doc_id")).alias("url"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "corpus.parquet"
    table.write_parquet(path)
    return path


def build(corpus: Path, out: Path) -> float:
    """`threadline build CORPUS -o OUT` in a subprocess; its wall seconds."""
    if out.exists():
        shutil.rmtree(out)
    exe = Path(sys.executable).with_name("threadline")
    start = time.perf_counter()
    subprocess.run([str(exe), "build", str(corpus), "-o", str(out)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def sizes(out: Path) -> dict[str, float]:
    """Total size, largest page, pages and copies of plotly.js in an output folder."""
    files = [p for p in out.rglob("*") if p.is_file()]
    pages = [p for p in files if p.suffix == ".html"]
    banner = b"* plotly.js v"
    copies = [p for p in files if p.suffix in (".js", ".html") and banner in p.read_bytes()]
    largest = max(pages, key=lambda p: p.stat().st_size)
    return {"total_mb": sum(p.stat().st_size for p in files) / 1e6,
            "largest_mb": largest.stat().st_size / 1e6, "largest": str(largest.relative_to(out)),
            "pages": len(pages), "plotly_copies": len(copies),
            "plotly_files": [str(p.relative_to(out)) for p in copies]}


def inline_variant(index: Path) -> Path:
    """The index with plotly.js inlined in its head (the old layout), beside it."""
    page = index.read_text(encoding="utf-8")
    plotly = (index.parent / "assets" / "plotly.min.js").read_text(encoding="utf-8")
    tag = '<script src="assets/plotly.min.js" defer></script>'
    assert tag in page, "the index does not load assets/plotly.min.js"
    page = page.replace(tag, "<script>" + plotly.replace("</script", "<\\/script") + "</script>")
    page = page.replace("script-src 'self';", "script-src 'self' 'unsafe-inline';")
    path = index.with_name("index-inline.html")
    path.write_text(page, encoding="utf-8")
    return path


def ready_seconds(page: Path, loads: int) -> list[float]:
    """Seconds from navigation until every figure of `page` is drawn, in headless Chromium
    with every non-file request refused; one fresh browser context per load."""
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium") or
                                    "/usr/bin/chromium",
                                    args=["--no-sandbox", "--disable-gpu"])
        for _ in range(loads):
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
                "file://") else r.abort())
            tab = context.new_page()
            start = time.perf_counter()
            tab.goto(page.resolve().as_uri())
            tab.wait_for_function(_DRAWN_JS, timeout=120_000, polling=20)
            out.append(time.perf_counter() - start)
            context.close()
        browser.close()
    return out


def plotly_floor(out: Path, loads: int) -> list[float]:
    """Seconds to load a page that only runs assets/plotly.min.js: the floor of any page."""
    from playwright.sync_api import sync_playwright

    page = out / "plotly-only.html"
    page.write_text('<!DOCTYPE html><html><head><script src="assets/plotly.min.js"></script>'
                    "</head><body></body></html>", encoding="utf-8")
    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium") or
                                    "/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        for _ in range(loads):
            context = browser.new_context()
            tab = context.new_page()
            start = time.perf_counter()
            tab.goto(page.resolve().as_uri())
            times.append(time.perf_counter() - start)
            context.close()
        browser.close()
    page.unlink()
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=1800)
    ap.add_argument("--out", type=Path, help="output folder (default: a temporary one)")
    ap.add_argument("--loads", type=int, default=5)
    ap.add_argument("--tls", type=Path, default=DATA / "tls_dev.jsonl")
    ap.add_argument("--acled", type=Path, default=DATA / "acled_dev.jsonl")
    ap.add_argument("--skip-build", action="store_true", help="measure an existing --out")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-site-"))
    out = args.out or work / "out"
    if not args.skip_build:
        for path in (args.tls, args.acled):
            if not path.exists():
                sys.exit(f"bench_site: {path} not found (pass --tls/--acled)")
        corpus = make_corpus(args.tls, args.acled, args.docs, work)
        print(f"corpus                      {args.docs} documents -> {corpus}")
        print(f"build seconds               {build(corpus, out):.1f}")
    s = sizes(out)
    print(f"output folder               {out}")
    print(f"whole output (MB)           {s['total_mb']:.1f}   (target <= 100)")
    print(f"largest HTML page (MB)      {s['largest_mb']:.2f}   {s['largest']} (target <= 8)")
    print(f"HTML pages                  {s['pages']}")
    print(f"plotly.js copies            {s['plotly_copies']}   {s['plotly_files']}")
    index = out / "index.html"
    shared = ready_seconds(index, args.loads)
    inline = ready_seconds(inline_variant(index), args.loads)
    med, med_inline = statistics.median(shared), statistics.median(inline)
    print(f"index ready (s, median)     {med:.2f}   range {min(shared):.2f}-{max(shared):.2f}"
          f" over {args.loads} loads (target <= 3)")
    print(f"same index, plotly inline   {med_inline:.2f}   ratio inline/shared "
          f"{med_inline / med:.2f}")
    floor = statistics.median(plotly_floor(out, args.loads))
    print(f"plotly.js alone (s, median) {floor:.2f}   an empty page running only plotly.min.js")
    plotly_mb = (out / "assets" / "plotly.min.js").stat().st_size / 1e6
    html_mb = sum(p.stat().st_size for p in out.rglob("*.html")) / 1e6
    print(f"pages if each inlined plotly.js (MB)  {html_mb + s['pages'] * plotly_mb:.0f} vs "
          f"{html_mb + plotly_mb:.0f} shared (ratio "
          f"{(html_mb + s['pages'] * plotly_mb) / (html_mb + plotly_mb):.1f})")
    print(f"load average                {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    (index.with_name("index-inline.html")).unlink()


if __name__ == "__main__":
    main()
