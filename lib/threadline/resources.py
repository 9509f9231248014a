"""Strict loader for the rule and lexicon files shipped under ``threadline/resources/``.

Rules are data (as HeidelTime keeps its resources apart from its engine): every YAML file
opens with a ``purpose`` and ``format`` note and holds a list under a known key. This module
only reads and validates; engines interpret.
"""

from __future__ import annotations

import functools
from importlib import resources as _ir
from pathlib import Path
from typing import Any

import yaml

#: libyaml's safe loader when PyYAML was built with it (same documents, ~10x faster to parse
#: the lexicons), else the pure-Python one.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ResourceError(ValueError):
    """A resource file is missing, malformed or breaks its declared format."""


def resource_path(relpath: str) -> Path:
    """The filesystem path of a packaged resource, e.g. ``"en/months.yaml"``."""
    path = Path(str(_ir.files("threadline") / "resources" / relpath))
    if not path.exists():
        raise ResourceError(f"resource {relpath!r} not found under threadline/resources/")
    return path


@functools.cache
def load_yaml(relpath: str) -> Any:
    """Parse a packaged YAML resource once (cached); raise ResourceError naming the file."""
    return load_yaml_file(resource_path(relpath))


def load_yaml_file(path: str | Path) -> Any:
    """Parse a YAML file (packaged or user-supplied) with a clear error on failure."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_LOADER)  # a safe loader (SafeLoader or CSafeLoader)
    except OSError as exc:
        raise ResourceError(f"{path}: cannot read ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise ResourceError(f"{path}: invalid YAML: {exc}") from exc


def require_keys(item: dict, keys: tuple[str, ...], *, where: str) -> None:
    """Raise ResourceError if a rule dict lacks any of `keys`; `where` names file and rule."""
    if not isinstance(item, dict):
        raise ResourceError(f"{where}: expected a mapping, got {type(item).__name__}")
    missing = [k for k in keys if k not in item]
    if missing:
        raise ResourceError(f"{where}: missing key(s) {', '.join(missing)}")
