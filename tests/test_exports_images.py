"""Static images of figures through kaleido and Debian's chromium, offline: PNG and SVG from
Python (`write_image`) and from the command line (`threadline figure`), a clear error when
no browser can be driven."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from threadline.exports.images import ImageExportError, figure_of, write_image

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(("kind", "fmt"), [("timeline", "png"), ("timeline", "svg"),
                                           ("map", "png"), ("counts", "svg")])
def test_write_image(seed_pipeline, tmp_path, kind: str, fmt: str) -> None:
    fig = figure_of(seed_pipeline["events"], kind)
    path = write_image(fig, tmp_path / f"{kind}.{fmt}", width=900, height=500)
    data = path.read_bytes()
    if fmt == "png":
        assert data.startswith(PNG)
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        assert (width, height) == (900, 500)
    else:
        root = ET.fromstring(data)
        assert root.tag.endswith("svg") and root.get("width") == "900"
        assert b"<script" not in data
    assert len(data) > 5_000  # marks, not a blank page
    print(f"\n{kind}.{fmt}: {len(data)} bytes")


def _can_isolate() -> bool:
    """True when `unshare -rn` can run a command without any network (a new namespace)."""
    if shutil.which("unshare") is None:
        return False
    return subprocess.run(["unshare", "-rn", "true"], capture_output=True).returncode == 0


def test_cli_figure_without_network(seed_pipeline, tmp_path) -> None:
    if not _can_isolate():
        pytest.skip("unshare -rn (a network namespace) is not available here")
    events = tmp_path / "events.parquet"
    seed_pipeline["events"].write_parquet(events)
    out = tmp_path / "counts.png"
    cmd = ["unshare", "-rn", sys.executable, "-m", "threadline.cli", "figure", str(events),
           "-o", str(out), "--kind", "counts", "--thread", "israeli-air-campaign"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes().startswith(PNG) and proc.stdout.strip() == str(out)


def test_cli_figure_reports_a_bad_input(tmp_path) -> None:
    cmd = [sys.executable, "-m", "threadline.cli", "figure", str(tmp_path / "none.parquet"),
           "-o", str(tmp_path / "x.svg")]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "none.parquet" in proc.stderr
    assert not (tmp_path / "x.svg").exists()


def test_image_without_a_browser_says_so(seed_pipeline, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-such-chromium"))
    with pytest.raises(ImageExportError, match="could not render"):
        write_image(figure_of(seed_pipeline["events"], "counts"), tmp_path / "c.png")
    with pytest.raises(ValueError, match="format"):
        write_image(figure_of(seed_pipeline["events"], "counts"), tmp_path / "c.bmp")


def test_a_page_start_up_race_is_retried_and_other_errors_are_not(seed_pipeline,
                                                                   monkeypatch) -> None:
    """kaleido's "kaleido_scopes is not defined" (a page not yet loaded) gets a fresh attempt;
    a real render error is reported at once, and the race is reported after the last attempt."""
    import kaleido
    from threadline.exports import images

    if images.browser_path() is None:
        pytest.skip("no Chrome/Chromium on this machine")
    fig = figure_of(seed_pipeline["events"], "counts")
    calls: list[int] = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("ReferenceError: kaleido_scopes is not defined")
        return b"\x89PNG fake"

    monkeypatch.setattr(kaleido, "calc_fig_sync", flaky)
    assert images.to_image(fig, "png") == b"\x89PNG fake" and len(calls) == 2

    calls.clear()

    def broken(*args, **kwargs):
        calls.append(1)
        raise RuntimeError("Error: bad trace type")

    monkeypatch.setattr(kaleido, "calc_fig_sync", broken)
    with pytest.raises(ImageExportError, match="bad trace type"):
        images.to_image(fig, "png")
    assert len(calls) == 1

    calls.clear()

    def never_ready(*args, **kwargs):
        calls.append(1)
        raise RuntimeError("ReferenceError: kaleido_scopes is not defined")

    monkeypatch.setattr(kaleido, "calc_fig_sync", never_ready)
    with pytest.raises(ImageExportError, match="kaleido_scopes"):
        images.to_image(fig, "png")
    assert len(calls) == images.START_ATTEMPTS
