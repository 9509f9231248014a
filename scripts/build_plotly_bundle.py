"""Build lib/threadline/timeline/static/plotly-partial.min.js: plotly.js with only the traces
the site draws (bar, scatter, scattergeo), so a page parses and runs a third of the code.

The full bundle the plotly package ships (about 4.8 MB) takes 1.8-3 s to run in headless
Chromium on a busy 2-core machine before any figure is drawn; this one (about 1.4 MB) takes a
third of that. It is plotly.js's own source from the npm registry, at the version the
installed plotly package bundles, registered the way plotly.js's partial bundles are
(``lib/core`` + the trace modules) and bundled by esbuild with the settings of plotly.js's
``esbuild-config.js``; the maplibre stylesheet (map traces only) is left out. Run it when the
plotly package changes version (`threadline.timeline.assets` falls back to the full bundle
until then); needs node and npm:

    .venv/bin/python scripts/build_plotly_bundle.py

Licence: plotly.js is MIT (copied beside the bundle as LICENSE-plotly.js.txt); the licence
comments of the bundled packages are kept at the end of the file.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from plotly.offline import get_plotlyjs_version

STATIC = Path(__file__).resolve().parents[1] / "lib/threadline/timeline/static"
OUT = STATIC / "plotly-partial.min.js"
#: Trace modules registered besides scatter (which plotly.js's core always holds).
TRACES = ("bar", "scattergeo")
ESBUILD = "0.28.2"
ENTRY = """'use strict';
var Plotly = require('plotly.js/lib/core');
Plotly.register([{modules}]);
module.exports = Plotly;
"""


def banner(version: str) -> str:
    """The first lines of the bundle: what it is, its version and traces (read by assets.py)."""
    traces = ", ".join(("scatter", *TRACES))
    return (f"/**\n* plotly.js v{version} partial bundle (traces: {traces}) built for threadline"
            "\n* by scripts/build_plotly_bundle.py from the npm package plotly.js\n"
            "* Copyright 2012-2026, Plotly, Inc. All rights reserved.\n"
            "* Licensed under the MIT license\n*/\n")


def main() -> int:
    version = get_plotlyjs_version()
    with tempfile.TemporaryDirectory(prefix="plotly-bundle-") as tmp:
        work = Path(tmp)
        (work / "package.json").write_text(json.dumps({
            "name": "threadline-plotly-bundle", "private": True,
            "dependencies": {"plotly.js": version, "esbuild": ESBUILD}}), encoding="utf-8")
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--ignore-scripts"],
                       cwd=work, check=True)
        subprocess.run(["node", "node_modules/esbuild/install.js"], cwd=work, check=True)
        modules = ", ".join(f"require('plotly.js/lib/{t}')" for t in TRACES)
        (work / "entry.js").write_text(ENTRY.format(modules=modules), encoding="utf-8")
        subprocess.run([
            "node_modules/.bin/esbuild", "entry.js", "--bundle", "--format=iife",
            "--global-name=Plotly", "--minify", "--target=es2016", "--define:global=window",
            "--define:define.amd=false", "--loader:.css=empty", "--legal-comments=eof",
            "--outfile=bundle.js"], cwd=work, check=True)
        body = (work / "bundle.js").read_text(encoding="utf-8")
        OUT.write_text(banner(version) + body, encoding="utf-8")
        shutil.copyfile(work / "node_modules/plotly.js/LICENSE", STATIC / "LICENSE-plotly.js.txt")
    print(f"{OUT}: {OUT.stat().st_size / 1e6:.2f} MB, plotly.js {version}, traces "
          f"scatter, {', '.join(TRACES)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
