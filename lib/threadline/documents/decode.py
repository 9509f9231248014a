"""The one decoder policy: bytes of a file (or of a table cell) -> text and the encoding it
was read in, or a status code and message saying why there is none."""

from __future__ import annotations

import codecs
import functools
import re
from dataclasses import dataclass

import charset_normalizer

from threadline.documents.chars import clean_str
from threadline.resources import load_yaml


@dataclass(frozen=True)
class Decoded:
    """Decoded text of a file, or the status code and message saying why there is none."""

    text: str | None
    encoding: str | None = None
    status: str = "ok"
    error: str | None = None


def decode(data: bytes, where: str, language: str = "en") -> Decoded:
    """Decode `data` by the one decoder policy: a byte-order mark (UTF-8/16/32), UTF-16 or
    UTF-32 without one (told by where its NUL bytes fall), UTF-8, else charset-normalizer with
    a language check (`decoding.yaml`); the encoding is recorded. Characters XML forbids are
    cleaned (`chars.clean_str`), so offsets stay those of the decoded text.

    >>> decode("Caf\u00e9".encode("utf-8"), "x.txt").text
    'Café'
    >>> decode(b"\\x00\\x01\\x02PNG", "x.txt").status
    'binary'
    >>> d = decode("Prêt à partir.".encode("latin-1"), "x.txt"); d.text, d.encoding
    ('Prêt à partir.', 'cp1252')
    """
    if not data.strip():
        return Decoded(
            None, status="empty", error=f"{where}: empty or whitespace-only; nothing to read"
        )
    for bom, enc in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return _non_empty(data.decode(enc), enc if enc != "utf-8-sig" else "utf-8", where)
            except UnicodeDecodeError:
                break
    wide = _wide_unicode(data)
    if wide is not None:
        return _non_empty(data.decode(wide), wide, where)
    if b"\x00" in data[:65536]:
        return Decoded(
            None,
            status="binary",
            error=f"{where}: binary content (NUL bytes), not text; pass a text, "
            "HTML or table file",
        )
    try:
        return _non_empty(data.decode("utf-8"), "utf-8", where)
    except UnicodeDecodeError as exc:
        utf8_error = f"not UTF-8 (byte {exc.start}: {data[exc.start : exc.start + 1]!r})"
    best = _detect(data, language)
    if best is None:
        return Decoded(
            None,
            status="undecodable",
            error=f"{where}: {utf8_error} and no text encoding fits; re-save it as UTF-8",
        )
    return _non_empty(data.decode(best), best, where)


def _wide_unicode(data: bytes) -> str | None:
    """"utf-32-le/be" or "utf-16-le/be" when the NUL bytes of `data` (no byte-order mark) fall
    where those encodings put them and the bytes decode to text without controls, else None."""
    head = data[: 1 << 16]
    if b"\x00" not in head:
        return None
    lanes = [head[i::4].count(0) / max(1, len(head[i::4])) for i in range(4)]
    candidates = []
    if len(data) % 4 == 0:
        candidates += [("utf-32-le", lanes[0] < 0.1 and min(lanes[1:]) > 0.9),
                       ("utf-32-be", lanes[3] < 0.1 and min(lanes[:3]) > 0.9)]
    if len(data) % 2 == 0:
        even, odd = (lanes[0] + lanes[2]) / 2, (lanes[1] + lanes[3]) / 2
        candidates += [("utf-16-le", even < 0.1 and odd > 0.3),
                       ("utf-16-be", odd < 0.1 and even > 0.3)]
    for enc, fits in candidates:
        if not fits:
            continue
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text[:65536] if ch < " " and ch not in "\t\n\r")
        if controls <= len(text[:65536]) // 100:
            return enc
    return None


@functools.cache
def _policy(language: str) -> tuple[tuple[str, ...], float, re.Pattern]:
    """The decoder policy's preferences, tie and language letters (``decoding.yaml``)."""
    data = load_yaml(f"{language}/documents/decoding.yaml")
    return tuple(data["prefer"]), float(data["tie"]), re.compile(f"[{data['letters']}]")


def _detect(data: bytes, language: str) -> str | None:
    """The encoding charset-normalizer finds for `data`, with the language check: among the
    encodings as good as its best (chaos within the policy's tie; the policy's preferred ones
    are measured too), the one whose non-ASCII characters are most often the language's own
    letters, then the policy's order."""
    prefer, tie, letters = _policy(language)
    matches = list(charset_normalizer.from_bytes(data))[:12]
    if not matches:
        return None
    best = min(m.chaos for m in matches)
    sample = data[: 1 << 16]

    def score(enc: str) -> tuple[float, int]:
        text = sample.decode(enc, errors="ignore")
        wide = [ch for ch in text if ord(ch) > 127]
        fit = sum(1 for ch in wide if letters.fullmatch(ch)) / max(1, len(wide))
        name = codecs.lookup(enc).name
        rank = next((i for i, p in enumerate(prefer) if codecs.lookup(p).name == name), 99)
        return fit, -rank

    tied = [m.encoding for m in matches if m.chaos <= best + tie]
    for enc in prefer:  # the language's own encodings compete even when not listed
        own = charset_normalizer.from_bytes(data, cp_isolation=[enc]).best()
        if own is not None and own.chaos <= best + tie:
            tied.append(own.encoding)
    return max(tied, key=score)


def _non_empty(text: str, encoding: str, where: str) -> Decoded:
    if not text.strip():
        return Decoded(None, encoding, "empty", f"{where}: only whitespace; nothing to read")
    return Decoded(clean_str(text), codecs.lookup(encoding).name)
