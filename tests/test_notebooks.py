"""The notebooks run on the sample corpus: committed without outputs, every cell executes, and
each shows its key result (a timeline, an export, the scores and a plot of date errors)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import nbformat
import pytest
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient
from threadline import scoring
from threadline.timeline import lanes

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
NAMES = ["01-quickstart", "02-thread-explorer", "03-accuracy"]
PLOTLY = "application/vnd.plotly.v1+json"
_RUNS: dict[str, nbformat.NotebookNode] = {}


def run(name: str, kernels) -> nbformat.NotebookNode:
    """The notebook `name` executed once per session in the venv's kernel (cached)."""
    if name not in _RUNS:
        nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
        km = KernelManager(kernel_name="python3", kernel_spec_manager=kernels)
        NotebookClient(nb, km=km, timeout=300,
                       resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
        _RUNS[name] = nb
    return _RUNS[name]


def tagged(nb: nbformat.NotebookNode, tag: str) -> list[nbformat.NotebookNode]:
    """The code cells carrying `tag` in their metadata."""
    return [c for c in nb.cells if tag in c.metadata.get("tags", [])]


def text_of(cell: nbformat.NotebookNode) -> str:
    """All stdout a cell printed."""
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream"
                   and o.get("name") == "stdout")


def plotly_figure(cell: nbformat.NotebookNode) -> dict:
    """The plotly figure JSON a cell displayed (fails when it displayed none)."""
    figures = [o.data[PLOTLY] for o in cell.outputs if PLOTLY in o.get("data", {})]
    assert figures, f"no {PLOTLY} output in cell {cell.source[:60]!r}"
    return figures[-1]


@pytest.mark.parametrize("name", NAMES)
def test_notebook_committed_without_outputs(name: str) -> None:
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.outputs == [] and c.execution_count is None for c in code)
    assert nb.metadata.kernelspec.name == "python3"
    assert sum(c.cell_type == "markdown" for c in nb.cells) >= len(code) // 2


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_without_errors(name: str, venv_kernels) -> None:
    nb = run(name, venv_kernels)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in code)
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]
    assert "import threadline" in nb.cells[1].source
    assert sorted(p.suffix for p in NOTEBOOKS.iterdir()) == [".ipynb"] * len(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_notebook_draws_a_timeline_or_plot(name: str, venv_kernels) -> None:
    nb = run(name, venv_kernels)
    cells = tagged(nb, "timeline") or tagged(nb, "plot")
    assert len(cells) == 1
    fig = plotly_figure(cells[0])
    bars = [t for t in fig["data"] if t.get("type") == "bar"]
    assert bars and sum(len(t.get("x") or []) for t in bars) > 0


def test_quickstart_reports_undated_events(venv_kernels, seed_pipeline) -> None:
    nb = run("01-quickstart", venv_kernels)
    (cell,) = tagged(nb, "timeline")
    undated = int(re.search(r"(\d+) undated events not drawn", text_of(cell)).group(1))
    events = seed_pipeline["events"]
    assert undated == lanes.undated(events).height  # one per (thread, event) left undrawn
    assert undated >= events.filter(events["date_start"].is_null()).height > 0
    assert plotly_figure(cell)["layout"]["meta"]["undated"] == undated


def test_thread_explorer_exports_the_selection(venv_kernels) -> None:
    nb = run("02-thread-explorer", venv_kernels)
    (cell,) = tagged(nb, "export")
    written = text_of(cell).split()
    assert {"events.csv", "events.parquet", "timeline.json"} <= set(written)
    assert any(w.endswith(".html") for w in written)
    assert any(w.startswith("timeml/") and w.endswith(".tml") for w in written)
    fig = plotly_figure(tagged(nb, "timeline")[0])
    assert fig["layout"]["title"]["text"]


def _printed_scores(nb: nbformat.NotebookNode) -> dict[str, float]:
    """{"timex value_f1": 0.913, ...} from the lines the accuracy notebook prints."""
    text = "".join(text_of(c) for c in tagged(nb, "scores"))
    return {m[1]: float(m[2]) for m in re.finditer(r"^(\w+ \w+): ([\d.]+)$", text, re.M)}


def test_accuracy_prints_the_library_scores(venv_kernels, seed_pipeline) -> None:
    printed = _printed_scores(run("03-accuracy", venv_kernels))
    timex = scoring.score_timexes(seed_pipeline["mentions"], scoring.load_gold("timexes"))
    events = scoring.score_events(seed_pipeline["events"], scoring.load_gold("events"))
    expected = {f"timex {k}": v for k, v in timex.items() if f"timex {k}" in printed}
    expected |= {f"event {k}": v for k, v in events.items() if f"event {k}" in printed}
    assert len(expected) == len(printed) >= 10
    for key, value in expected.items():
        assert printed[key] == pytest.approx(value, abs=5e-4), key
    print(json.dumps(printed, indent=1), file=sys.stderr)


@pytest.mark.parametrize("key, floor", [("timex value_f1", 0.8), ("timex relaxed_f1", 0.85),
                                        ("event event_recall", 0.8), ("event date_recall", 0.8),
                                        ("event bcubed_f1", 0.7)])
def test_accuracy_scores_are_sensible(key: str, floor: float, venv_kernels) -> None:
    score = _printed_scores(run("03-accuracy", venv_kernels))[key]
    print(f"{key} = {score:.3f}")
    assert floor <= score <= 1.0
