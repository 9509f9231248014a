"""The package reads like the pipeline: its import graph has no cycle, runs one way down the
stages, never imports the package root and never takes another stage's private names.

The graph is read from the source with `ast` (every import, also those inside functions), so
a cycle shows even where a lazy import would hide it at run time.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "lib" / "threadline"

#: The stages in the order data flows; a module may import its own stage and earlier ones.
#: "shared" holds the helpers every stage uses (schemas, settings, resources, sentences).
ORDER = ["shared", "documents", "timex", "events", "threads", "timeline", "exports",
         "pipeline", "scale", "cli"]
#: Top-level modules and the stage they belong to; scoring measures any stage, and no stage
#: imports it.
TOP = {"schema": "shared", "settings": "shared", "resources": "shared", "sentences": "shared",
       "version": "shared", "filenames": "shared", "pipeline": "pipeline", "cli": "cli"}
SIDE = {"scoring"}


def module_names(root: Path = PACKAGE) -> dict[str, Path]:
    """Dotted module name -> file, for every .py file of the package."""
    out = {}
    for path in sorted(root.rglob("*.py")):
        parts = ["threadline", *path.relative_to(root).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _imports(tree: ast.AST, name: str, is_package: bool) -> Iterable[tuple[str, tuple[str, ...]]]:
    """(module, names) for every import statement of a module, relative ones made absolute."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, ()
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                here = name.split(".") if is_package else name.split(".")[:-1]
                here = here[: len(here) - node.level + 1]
                base = ".".join([*here, *([base] if base else [])])
            yield base, tuple(a.name for a in node.names)


def import_graph(modules: Mapping[str, Path]) -> dict[str, dict[str, set[str]]]:
    """Module -> {imported module of the package -> names taken from it}."""
    graph: dict[str, dict[str, set[str]]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        edges: dict[str, set[str]] = {}
        for target, names in _imports(tree, name, path.name == "__init__.py"):
            if target != "threadline" and not target.startswith("threadline."):
                continue
            plain = [n for n in names if f"{target}.{n}" not in modules]
            for n in names:  # "from threadline.events import dating" imports a module
                if f"{target}.{n}" in modules:
                    edges.setdefault(f"{target}.{n}", set())
            if plain or not names:
                edges.setdefault(target, set()).update(plain)
        edges.pop(name, None)
        graph[name] = edges
    return graph


def find_cycle(graph: Mapping[str, Iterable[str]]) -> list[str] | None:
    """One cycle of a directed graph as a path [a, b, ..., a], or None when it is acyclic.

    >>> find_cycle({"a": ["b"], "b": ["c"], "c": ["a"]})
    ['a', 'b', 'c', 'a']
    >>> find_cycle({"a": ["b"], "b": []}) is None
    True
    """
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    for root in sorted(graph):
        if state.get(root):
            continue
        stack = [(root, iter(sorted(graph.get(root, ()))))]
        path, state[root] = [root], 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                path.pop()
                state[node] = 2
            elif state.get(child) == 1:
                return path[path.index(child):] + [child]
            elif not state.get(child):
                state[child] = 1
                path.append(child)
                stack.append((child, iter(sorted(graph.get(child, ())))))
    return None


def stage_of(module: str) -> str:
    """The stage a module belongs to: its subpackage, or the role of a top-level module."""
    parts = module.split(".")
    if len(parts) == 1:
        return "root"
    return TOP.get(parts[1], parts[1])


def package_graph(graph: Mapping[str, Mapping[str, set[str]]]) -> dict[str, set[str]]:
    """Stage -> the other stages it imports."""
    out: dict[str, set[str]] = {}
    for module, edges in graph.items():
        src = stage_of(module)
        out.setdefault(src, set()).update(stage_of(t) for t in edges if stage_of(t) != src)
    return out


GRAPH = import_graph(module_names())


def test_layout_every_stage_is_a_known_room() -> None:
    stages = {stage_of(m) for m in GRAPH} - {"root"}
    assert stages <= set(ORDER) | SIDE, f"modules outside the known stages: {stages - set(ORDER)}"
    assert {"documents", "timex", "events", "threads", "timeline", "exports", "scale"} <= stages


def test_layout_module_graph_is_acyclic() -> None:
    assert len(GRAPH) > 40  # the walk saw the package
    cycle = find_cycle({m: set(e) for m, e in GRAPH.items()})
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_layout_stage_graph_is_acyclic() -> None:
    cycle = find_cycle(package_graph(GRAPH))
    assert cycle is None, "import cycle between stages: " + " -> ".join(cycle or [])


def test_layout_no_module_imports_the_package_root() -> None:
    offenders = sorted(m for m, edges in GRAPH.items() if m != "threadline" and "threadline" in
                       edges)
    assert offenders == [], f"these import the package root `threadline`: {offenders}"


def test_layout_stages_import_only_earlier_stages() -> None:
    rank = {s: i for i, s in enumerate(ORDER)}
    wrong = []
    for module, edges in GRAPH.items():
        src = stage_of(module)
        for target in edges:
            dst = stage_of(target)
            if src in ("root", *SIDE) or dst == src:
                continue
            if dst in SIDE or dst == "root" or rank[dst] > rank[src]:
                wrong.append(f"{module} ({src}) imports {target} ({dst})")
    assert wrong == [], "stages import later stages:\n" + "\n".join(wrong)


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def test_layout_no_private_names_across_stages() -> None:
    wrong = [
        f"{module} takes {sorted(filter(_private, names))} from {target}"
        for module, edges in GRAPH.items()
        for target, names in edges.items()
        if stage_of(target) != stage_of(module) and any(map(_private, names))
    ]
    assert wrong == [], "\n".join(wrong)


@pytest.mark.parametrize(
    ("graph", "cyclic"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": set()}, False),
        ({"a": {"b"}, "b": {"a"}}, True),
        ({"a": {"b", "c"}, "b": {"d"}, "c": {"d"}, "d": set()}, False),
        ({"a": {"b"}, "b": {"c"}, "c": {"d"}, "d": {"b"}}, True),
    ],
)
def test_layout_find_cycle_finds_cycles(graph: dict[str, set[str]], cyclic: bool) -> None:
    cycle = find_cycle(graph)
    assert (cycle is not None) == cyclic
    if cycle:
        assert cycle[0] == cycle[-1]
        assert all(b in graph[a] for a, b in zip(cycle, cycle[1:], strict=False))


def test_layout_graph_reads_lazy_and_relative_imports(tmp_path: Path) -> None:
    pkg = tmp_path / "threadline"
    (pkg / "stage").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "stage" / "__init__.py").write_text("from .one import f\n")
    (pkg / "stage" / "one.py").write_text("def f():\n    from threadline.stage import two\n")
    (pkg / "stage" / "two.py").write_text("from threadline.stage.one import f\n")
    graph = import_graph(module_names(pkg))
    assert set(graph["threadline.stage"]) == {"threadline.stage.one"}
    assert find_cycle({m: set(e) for m, e in graph.items()}) is not None
