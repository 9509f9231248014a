"""Figures -> static images (PNG, SVG, PDF, JPEG, WebP) for a report, offline.

plotly renders through kaleido (the ``threadline[image]`` extra), which drives a Chrome or
Chromium found on the machine: ``BROWSER_PATH`` when set, else ``chromium`` (Debian's package,
/usr/bin/chromium) or Chrome on the PATH. plotly.js comes from the plotly package and MathJax
is switched off, so nothing is fetched; a map's base layer is the topojson shipped with
threadline, handed to kaleido as a local file.
"""

from __future__ import annotations

import importlib.resources
import os
import shutil
import tempfile
from pathlib import Path

import plotly.graph_objects as go
import polars as pl

from threadline.timeline.counts import counts, counts_figure
from threadline.timeline.figures import timeline
from threadline.timeline.map import TOPOJSON, event_map

FORMATS = ("png", "svg", "pdf", "jpeg", "webp")
#: The figures `figure_of` draws from an EVENTS table.
KINDS = ("timeline", "counts", "map")
#: Browsers tried, in order, when BROWSER_PATH is not set.
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "chrome")


class ImageExportError(RuntimeError):
    """A figure could not be rendered to an image (kaleido or a browser is missing)."""


def browser_path() -> str | None:
    """The Chrome/Chromium kaleido will drive: BROWSER_PATH, else the first found on PATH."""
    if os.environ.get("BROWSER_PATH"):
        return os.environ["BROWSER_PATH"]
    return next((p for p in map(shutil.which, BROWSERS) if p), None)


START_ATTEMPTS = 3
"""How many times a render is tried when the browser page was not ready (see `_page_not_ready`)."""


def _kaleido():
    try:
        import kaleido
    except ImportError as exc:
        raise ImageExportError("static images need kaleido: pip install 'threadline[image]' "
                               "(or run `make`)") from exc
    return kaleido


def _topojson_dir() -> str:
    """A folder holding the map's topojson file, as a file:// URL (written once)."""
    folder = Path(tempfile.gettempdir()) / "threadline-topojson"
    target = folder / f"{TOPOJSON}.json"
    if not target.exists():
        folder.mkdir(exist_ok=True)
        source = importlib.resources.files("threadline.timeline") / "static" / target.name
        target.write_bytes(source.read_bytes())
    return folder.as_uri() + "/"


def to_image(fig: go.Figure, format: str = "png", *, width: int | None = None,
             height: int | None = None, scale: float = 1.0) -> bytes:
    """The bytes of `fig` as an image of `format` (one of `FORMATS`)."""
    if format not in FORMATS:
        raise ValueError(f"image format must be one of {FORMATS}, not {format!r}")
    kaleido = _kaleido()
    browser = browser_path()
    if browser is None:
        raise ImageExportError("no Chrome/Chromium found for kaleido: install chromium "
                               "(apt-get install chromium) or set BROWSER_PATH")
    layout = fig.layout
    opts = {"format": format, "width": width or layout.width or 1100,
            "height": height or layout.height or 600, "scale": scale}
    before = os.environ.get("BROWSER_PATH")
    os.environ["BROWSER_PATH"] = browser  # how kaleido (choreographer) is told which browser
    try:
        for attempt in range(1, START_ATTEMPTS + 1):
            try:
                return kaleido.calc_fig_sync(fig, opts=opts, topojson=_topojson_dir(),
                                             kopts={"mathjax": False})
            except Exception as exc:  # kaleido reports browser and render failures in many types
                if attempt < START_ATTEMPTS and _page_not_ready(exc):
                    continue  # a fresh browser and page; the figure itself was never tried
                raise ImageExportError(f"could not render the figure as {format}: {exc}") from exc
        raise AssertionError("unreachable")  # pragma: no cover
    finally:
        if before is None:
            os.environ.pop("BROWSER_PATH", None)


def _page_not_ready(exc: BaseException) -> bool:
    """True when kaleido called its page script before the page had loaded it.

    On a loaded machine kaleido (1.x) can take the blank tab's JavaScript context for the
    rendering page's, and the call fails with "kaleido_scopes is not defined": a start-up race
    in the browser, not a fault of the figure, so a new attempt is the right answer.
    """
    return "kaleido_scopes is not defined" in str(exc)


def write_image(fig: go.Figure, path: str | Path, *, format: str | None = None,
                width: int | None = None, height: int | None = None,
                scale: float = 1.0) -> Path:
    """Write `fig` to `path` as an image; the format comes from the suffix unless given."""
    path = Path(path)
    kind = (format or path.suffix.lstrip(".") or "png").lower().replace("jpg", "jpeg")
    data = to_image(fig, kind, width=width, height=height, scale=scale)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def figure_of(events: pl.DataFrame, kind: str = "timeline", *, thread: str | None = None,
              title: str | None = None) -> go.Figure:
    """The figure of `kind` (one of `KINDS`) of `events`, for one thread or for all."""
    if kind == "timeline":
        return timeline(events, thread=thread, title=title)
    if kind == "map":
        return event_map(events, thread=thread, title=title)
    if kind == "counts":
        if thread is not None:
            keep = (pl.col("thread_id") == thread) | pl.col("thread_ids").list.contains(thread)
            events = events.filter(keep.fill_null(False))
        return counts_figure(counts(events, by="event_type"), title=title)
    raise ValueError(f"figure kind must be one of {KINDS}, not {kind!r}")


def main_figure(args) -> int:
    """`threadline figure EVENTS -o FILE [--kind K] [--thread T]`: 0 written, 2 an error."""
    import sys

    try:
        events = pl.read_parquet(args.events)
        fig = figure_of(events, args.kind, thread=args.thread)
        path = write_image(fig, args.output, width=args.width, height=args.height)
    except (OSError, ValueError, ImageExportError, pl.exceptions.PolarsError) as exc:
        print(f"threadline figure: {args.events}: {exc}", file=sys.stderr)
        return 2
    print(path)
    return 0


__all__ = ["BROWSERS", "FORMATS", "KINDS", "ImageExportError", "browser_path", "figure_of",
           "main_figure", "to_image", "write_image"]
