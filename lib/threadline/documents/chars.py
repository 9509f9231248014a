"""Characters no output may carry: what XML 1.0 forbids (C0 controls other than tab, line feed
and carriage return; lone surrogates; U+FFFE, U+FFFF). Every text that enters DOCUMENTS (a
decoded file, a table cell, a doc_id, a title, a URL) is cleaned here once, character for
character, so offsets never move: a control character becomes a space, the others U+FFFD.
"""

from __future__ import annotations

import re

import polars as pl

#: C0 controls XML 1.0 forbids (everything below U+0020 but tab, LF, CR).
_CONTROLS = "".join(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r")
_TABLE = {ord(c): " " for c in _CONTROLS} | {0xFFFE: "\ufffd", 0xFFFF: "\ufffd"}
_SURROGATE = re.compile("[\ud800-\udfff]")
_POLARS_CONTROLS = r"[\x00-\x08\x0B\x0C\x0E-\x1F]"
_POLARS_NONCHARS = r"[\x{FFFE}\x{FFFF}]"


def clean_str(text: str) -> str:
    """`text` without the characters XML 1.0 forbids, same length.

    >>> clean_str("a\\x00b\\x0bc\\ud800d\\uffff\\te")
    'a b c\\ufffdd\\ufffd\\te'
    """
    text = text.translate(_TABLE)
    return _SURROGATE.sub("\ufffd", text) if not text.isascii() else text


def clean_expr(column: str) -> pl.Expr:
    """`clean_str` as a polars expression (polars strings never hold surrogates).

    >>> pl.DataFrame({"t": ["a\\x00b\\ufffe"]}).select(clean_expr("t"))["t"].to_list()
    ['a b\\ufffd']
    """
    return (
        pl.col(column)
        .str.replace_all(_POLARS_CONTROLS, " ")
        .str.replace_all(_POLARS_NONCHARS, "\ufffd")
        .alias(column)
    )


#: A JSON escape of a lone surrogate ("\\ud800" not followed by a low one, a low one alone)
#: whose backslash is not itself escaped: polars would read it as NUL, Python as a surrogate.
_LONE_HIGH = re.compile(
    rb"(?<!\\)((?:\\\\)*)\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
)
_LONE_LOW = re.compile(
    rb"(?<!\\u[dD][89abAB][0-9a-fA-F]{2})(?<!\\)((?:\\\\)*)\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


def json_lone_surrogates(data: bytes) -> bytes:
    """JSON bytes with every escaped lone surrogate replaced by the escape of U+FFFD.

    >>> json_lone_surrogates(rb'{"t": "a\\ud800b \\ud83d\\ude00"}')
    b'{"t": "a\\\\ufffdb \\\\ud83d\\\\ude00"}'
    """
    if b"\\u" not in data:
        return data
    data = _LONE_HIGH.sub(rb"\1\\ufffd", data)
    return _LONE_LOW.sub(rb"\1\\ufffd", data)
