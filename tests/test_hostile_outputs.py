"""The output folder and the build's edges under hostile use: a reused folder keeps no stale
file, an output folder inside the input is never read back, a killed build leaves the previous
output intact (and a clear marker), a folder that is not an output is refused, an unreadable
sub-folder is reported, bad thread files fail before the corpus is read, the sharded build's
manifest follows the metadata, and the CLI prints one line per problem, never a traceback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from threadline import DEFAULT
from threadline.documents import read_corpus
from threadline.pipeline import BUILDING, build
from threadline.scale import build_sharded

TEXT = "On Monday, rebels shelled the army checkpoint at the northern gate, a monitor said."


def _corpus(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"report{i}.txt").write_text(f"Report {i}\n\nDecember {i + 1}, 2017\n\n{TEXT}")
    return folder


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_outputs_reused_folder_keeps_no_stale_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(_corpus(tmp_path / "big", 3), out)
    assert len(list((out / "timeml").glob("*.tml"))) == 3
    report = build(_corpus(tmp_path / "small", 1), out)
    assert report.n_documents == 1 and len(list((out / "timeml").glob("*.tml"))) == 1
    assert pl.read_parquet(out / "documents.parquet").height == 1
    assert not list(tmp_path.glob(".out.*"))  # no temporary folder left beside it


def test_outputs_folder_inside_the_input_is_skipped(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "in", 2)
    first = build(corpus, corpus / "out")
    second = build(corpus, corpus / "out")
    assert first.n_ok == second.n_ok == 2
    skipped = [b for b in second.bad if b[1] == "skipped"]
    assert [b[0] for b in skipped] == [str(corpus / "out")] and "output folder" in skipped[0][2]


def test_outputs_killed_build_leaves_previous_output_and_a_marker(tmp_path: Path) -> None:
    corpus, out = _corpus(tmp_path / "in", 2), tmp_path / "out"
    build(corpus, out)
    before = _files(out)
    (corpus / "report9.txt").write_text(TEXT)
    killer = (
        "import os, signal, sys\n"
        "import threadline.pipeline as p\n"
        "def die(*a, **k):\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"  # after events.csv is written
        "p.write_site = die\n"
        f"p.build({str(corpus)!r}, {str(out)!r})\n"
    )
    proc = subprocess.run([sys.executable, "-c", killer], capture_output=True, timeout=600)
    assert proc.returncode == -9
    assert _files(out) == before  # the previous output, byte for byte
    (stage,) = tmp_path.glob(".out.building-*")
    assert (stage / BUILDING).is_file() and (stage / "events.csv").is_file()
    assert "killed" in (stage / BUILDING).read_text()
    build(corpus, out)  # the next build clears what the killed one left
    assert not list(tmp_path.glob(".out.building-*"))
    assert pl.read_parquet(out / "documents.parquet").height == 3


def test_outputs_refuses_a_folder_that_is_not_an_output(tmp_path: Path) -> None:
    (mine := tmp_path / "mine").mkdir()
    (mine / "thesis.tex").write_text("keep me")
    with pytest.raises(ValueError, match="not a threadline output folder"):
        build(_corpus(tmp_path / "in", 1), mine)
    assert (mine / "thesis.tex").read_text() == "keep me"


def test_outputs_unreadable_subfolder_is_reported(tmp_path: Path, monkeypatch) -> None:
    corpus = _corpus(tmp_path / "in", 1)
    (locked := corpus / "locked").mkdir()
    (locked / "secret.txt").write_text(TEXT)
    locked.chmod(0)
    if os.geteuid() == 0:  # root lists any folder: refuse it as the system would a user
        real = os.scandir

        def scandir(path: object = "."):
            if Path(path) == locked:
                raise PermissionError(13, "Permission denied", str(path))
            return real(path)

        monkeypatch.setattr(os, "scandir", scandir)
    try:
        docs = read_corpus(corpus)
    finally:
        locked.chmod(0o755)
    row = docs.filter(pl.col("source") == str(locked)).row(0, named=True)
    assert row["status"] == "unreadable" and "permission" in row["error"].lower()
    assert docs.filter(pl.col("status") == "ok").height == 1


THREAD_FILES = {
    "no threads": "threads: []\n",
    "integer keywords": "threads:\n  - id: a\n    label: A\n    keywords: [1, 2]\n",
    "min_score high": "min_score: high\nthreads:\n  - id: a\n    label: A\n    keywords: [x]\n",
}


@pytest.mark.parametrize("case", list(THREAD_FILES))
def test_outputs_bad_thread_file_fails_first(tmp_path: Path, case: str) -> None:
    spec = tmp_path / "threads.yaml"
    spec.write_text(THREAD_FILES[case])
    with pytest.raises(ValueError, match=r"threads\.yaml") as err:
        build(_corpus(tmp_path / "in", 1), tmp_path / "out", threads=spec)
    assert "\n" not in str(err.value) and not (tmp_path / "out").exists()


@pytest.mark.parametrize("case", list(THREAD_FILES))
def test_outputs_bad_thread_file_never_leaves_a_half_output(tmp_path: Path, case: str) -> None:
    spec = tmp_path / "threads.yaml"
    spec.write_text(THREAD_FILES[case])
    try:
        build(_corpus(tmp_path / "in", 1), tmp_path / "out", threads=spec)
    except Exception:  # whatever the threads stage raises today
        assert not (tmp_path / "out").exists() and not list(tmp_path.glob(".out.*"))
    else:
        assert (tmp_path / "out" / "index.html").is_file()


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_outputs_sharded_manifest_follows_the_metadata(tmp_path: Path, engine: str,
                                                       request) -> None:
    corpus, out = _corpus(tmp_path / "in", 2), tmp_path / "out"
    scheduler = request.getfixturevalue("dask_client") if engine == "dask" else None
    dates = {}
    for published in ("2015-03-01", "2016-04-02"):
        meta = tmp_path / "meta.csv"
        meta.write_text(f"file,published\nreport0.txt,{published}\n")
        build_sharded(corpus, out, metadata=meta, engine=engine, scheduler=scheduler)
        docs = pl.read_parquet(out / "documents.parquet")
        dates[published] = docs.filter(pl.col("doc_id") == "report0#1")["dct"].to_list()
    assert dates == {"2015-03-01": ["2015-03-01"], "2016-04-02": ["2016-04-02"]}
    records = [json.loads(p.read_text()) for p in (out / "_manifest").glob("*.json")]
    assert records and all(not Path(o).is_absolute() for r in records for o in r["outputs"])


def test_outputs_sharded_rerun_takes_over_finished_shards(tmp_path: Path) -> None:
    corpus, out = _corpus(tmp_path / "in", 2), tmp_path / "out"
    settings = DEFAULT.replace(files_per_shard=2)
    build_sharded(corpus, out, engine="local", settings=settings)
    first = pl.read_parquet(out / "documents.parquet")
    (part,) = (out / "documents").glob("part-*.parquet")
    inode = part.stat().st_ino
    (corpus / "z-later.txt").write_text(TEXT)  # a new shard; the first one is unchanged
    report = build_sharded(corpus, out, engine="local", settings=settings)
    docs = pl.read_parquet(out / "documents.parquet")
    assert report.n_documents == 3
    assert docs.filter(pl.col("source").is_in(first["source"].to_list())).equals(first)
    assert (out / "documents" / part.name).stat().st_ino == inode  # taken over, not redone
    assert len(list((out / "documents").glob("part-*.parquet"))) == 2


def test_outputs_cli_prints_one_line_per_problem(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "in", 1)
    (corpus / "bad.jsonl").write_text('{"doc_id": "report0#1", "text": "x", "published": '
                                      '"2020-13"}\n{"broken\n')
    spec = tmp_path / "threads.yaml"
    spec.write_text("threads:\n  - id: a\n    label: A\n    keywrds: [x]\n")
    cmd = [sys.executable, "-m", "threadline.cli", "build", str(corpus), "-o", str(tmp_path / "o")]
    bad = subprocess.run([*cmd, "--threads", str(spec)], capture_output=True, text=True,
                         timeout=600)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert bad.stderr.startswith("threadline: error: ") and "threads.yaml" in bad.stderr
    ok = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    print(ok.stderr)
    assert ok.returncode == 0 and "Traceback" not in ok.stderr
    assert "bad.jsonl: malformed: " in ok.stderr and "warning: doc_id 'report0#1'" in ok.stderr


FORMULA = ("=", "+", "-", "@")


@pytest.fixture(scope="module")
def formula_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build whose doc_ids, titles, texts and thread label carry spreadsheet formulas and
    markup."""
    root = tmp_path_factory.mktemp("formula")
    rows = [{"doc_id": "=HYPERLINK(\"http://x\")", "title": "+SUM(A1)",
             "text": "=1+1 Rebels shelled the army checkpoint on 3 March 2017, a monitor said.",
             "published": "2017-03-05"},
            {"doc_id": "@cmd", "title": "-2", "text": "-Jets shelled the depot on 4 March 2017.",
             "published": "2017-03-05"}]
    (root / "in").mkdir()
    (root / "in" / "f.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    spec = root / "threads.yaml"
    spec.write_text("threads:\n  - id: x\n    label: '<img src=x onerror=alert(1)>'\n"
                    "    keywords: [shelled]\n")
    build(root / "in", root / "out", threads=spec)
    return root / "out"


@pytest.mark.parametrize("name", ["documents.csv", "events.csv"])
def test_outputs_csv_cells_never_start_a_formula(formula_build: Path, name: str) -> None:
    table = pl.read_csv(formula_build / name, infer_schema=False)
    assert table.height > 0
    for col in table.columns:
        assert not table[col].drop_nulls().str.starts_with(FORMULA[0]).any(), col
        for f in FORMULA[1:]:
            assert not table[col].drop_nulls().str.starts_with(f).any(), (col, f)


def test_outputs_timelinejs_group_is_escaped(formula_build: Path) -> None:
    slides = json.loads((formula_build / "timeline.json").read_text())["events"]
    assert slides and all("<" not in s["group"] for s in slides)


def test_outputs_sharded_ids_unique_across_tables(tmp_path: Path) -> None:
    (corpus := tmp_path / "in").mkdir()
    for name, published in (("a.jsonl", "2017-12-12"), ("b.jsonl", "2019-03-04")):
        (corpus / name).write_text(json.dumps({"doc_id": "dup", "text": TEXT,
                                               "published": published}) + "\n")
    build_sharded(corpus, tmp_path / "out", engine="local")
    docs = pl.read_parquet(tmp_path / "out" / "documents.parquet")
    assert dict(docs.select("doc_id", "dct").iter_rows()) == {"dup": "2017-12-12",
                                                               "dup~2": "2019-03-04"}
    assert "renamed 'dup~2'" in docs.filter(pl.col("doc_id") == "dup~2")["error"][0]
    mentions = pl.read_parquet(tmp_path / "out" / "mentions.parquet").join(
        docs.select("doc_id", "dct"), on="doc_id")
    assert sorted(mentions["doc_id"]) == ["dup", "dup~2"]  # "Monday" of each, on its own dct
    assert (mentions["mention_id"].str.split("/").list.first() == mentions["doc_id"]).all()
    for dct, start in mentions.select("dct", "date_start").iter_rows():
        assert 0 <= (pl.Series([dct]).str.to_date()[0] - start).days <= 7
    events = pl.read_parquet(tmp_path / "out" / "events.parquet")
    assert events["event_id"].n_unique() == events.height
