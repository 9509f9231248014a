"""Figures and tables -> standalone HTML."""

from __future__ import annotations


def write_html(obj, path) -> None:
    """PLACEHOLDER."""
    raise NotImplementedError


def write_site(outdir, documents, events):
    """PLACEHOLDER: index.html and timelines/<thread_id>.html; returns the index path."""
    raise NotImplementedError
