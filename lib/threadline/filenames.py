"""The one file-name policy for every file named after a doc_id or a thread id (TimeML files,
thread pages): safe on every common file system, bounded in length, collision-free, and
reversible through the manifest the writer keeps beside the files (`manifest`).

A key that is already a plain name (lower-case ASCII letters, digits, ".", "_", "-", at most
`PLAIN_MAX` characters, not a Windows device name) is its own name. Any other key becomes a
readable slug of at most `SLUG_MAX` characters plus "~" and 16 hex digits of the SHA-256 of the
key: plain names never hold "~", so the two kinds never meet; two keys share a hashed name only
if their hashes collide. Lower case only in plain names, so names differing in case alone
cannot collide on a case-insensitive file system ("X y", "x y" and "x_y" get three names; so
do five all-Arabic ids).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import polars as pl

PLAIN_MAX = 100
SLUG_MAX = 80
_PLAIN = re.compile(r"[a-z0-9][a-z0-9._-]*")
_DEVICES = {"con", "prn", "aux", "nul", *(f"{d}{i}" for d in ("com", "lpt") for i in range(10))}


def safe_name(key: str) -> str:
    """The file name stem for `key` (add the suffix yourself).

    >>> safe_name("x_y"), safe_name("x y"), safe_name("a#1")
    ('x_y', 'x_y~887fcea6a80333c6', 'a_1~9fd357443296a7d1')
    >>> len(safe_name("x" * 300)) <= 97, safe_name("\\u062d\\u0644\\u0628").startswith("doc~")
    (True, True)
    """
    stem = key.split(".")[0]
    if len(key) <= PLAIN_MAX and _PLAIN.fullmatch(key) and stem not in _DEVICES \
            and not key.endswith("."):
        return key
    ascii_ = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", ascii_).strip("._-")[:SLUG_MAX].rstrip("._-")
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"{slug or 'doc'}~{digest}"


def manifest(keys: list[str], suffix: str, column: str = "doc_id") -> pl.DataFrame:
    """The (file, `column`) table that maps each written file back to its key.

    >>> manifest(["a#1"], ".tml").rows()
    [('a_1~9fd357443296a7d1.tml', 'a#1')]
    """
    return pl.DataFrame(
        {"file": [safe_name(k) + suffix for k in keys], column: keys},
        schema={"file": pl.String, column: pl.String},
    )
