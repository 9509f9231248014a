"""threadline.scale.tasks on the local engine: sharding changes nothing, failures and reruns."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import polars as pl
import pytest
import threadline.schema as schema
from conftest import ROOT, SEEDS
from threadline.documents import from_table
from threadline.events import extract_events
from threadline.scale import map_shards
from threadline.scale.build import link_events
from threadline.scale.engines import open_engine
from threadline.scale.tasks import plan_tasks, verb_name
from threadline.settings import DEFAULT
from threadline.timex import tag_dates

#: MENTIONS columns that depend on the document only, not on which shard carried it.
MENTION_COLS = [c for c in schema.MENTIONS if c != "source"]


def flaky_from_table(table: pl.DataFrame, *, source: str, marker: str) -> pl.DataFrame:
    """`from_table`, but the first call for a shard fails (it leaves a marker file)."""
    mark = Path(marker) / (Path(source).name + ".failed-once")
    if not mark.exists():
        mark.parent.mkdir(parents=True, exist_ok=True)
        mark.write_text("1")
        raise RuntimeError(f"transient failure on {source}")
    return from_table(table, source=source)


def break_shards(shards: dict, root: Path) -> dict[str, tuple[str, str]]:
    """Copies of the seed shards plus a truncated Parquet, a JSONL with one good and one bad
    line, and a JSONL whose every line is bad: {file name: (report status, error text)}."""
    root.mkdir(parents=True, exist_ok=True)
    for path in shards["parquet"][:2] + shards["jsonl"][2:]:
        shutil.copy(path, root / path.name)
    data = shards["parquet"][2].read_bytes()
    (root / "truncated.parquet").write_bytes(data[: len(data) // 2])
    good = json.loads(shards["jsonl"][0].read_text(encoding="utf-8").splitlines()[0])
    good["doc_id"] = "badline-good"  # not a copy of a seed document's id
    (root / "badline.jsonl").write_text(json.dumps(good) + '\n{"doc_id": "x", "text": \n', "utf-8")
    (root / "allbad.jsonl").write_text('{"doc_id": "y", "text": \n\n[1, 2]\n', "utf-8")
    return {
        "truncated.parquet": ("failed", "file out of specification"),
        "badline.jsonl": ("partial", "line 2: invalid json (expecting value at column 25)"),
        "allbad.jsonl": (
            "failed",
            "line 1: invalid json (expecting value at column 25); "
            "line 3: expected a json object, got list",
        ),
    }


@pytest.mark.parametrize("kind", ["parquet", "jsonl"])
def test_shards_local_mentions_equal_whole_corpus(kind, seed_shards, seed_table, tmp_path):
    docs_report = map_shards(from_table, seed_shards[kind], tmp_path / "documents")
    assert docs_report["status"].to_list() == ["done"] * 3, docs_report["error"].to_list()
    assert docs_report["rows_in"].sum() == seed_table.height
    parts = docs_report["outputs"].explode().to_list()
    report = map_shards(tag_dates, parts, tmp_path / "mentions", options={"doc_type": "news"})
    sharded = pl.read_parquet(report["outputs"].explode().to_list())
    whole = tag_dates(from_table(seed_table, source="all"), doc_type="news")
    print(f"\n{kind}: {sharded.height} mentions over 3 shards, {whole.height} in one frame")
    assert sharded.height > 0
    assert report["rows_out"].sum() == sharded.height
    assert (
        sharded.select(MENTION_COLS)
        .sort("mention_id")
        .equals(whole.select(MENTION_COLS).sort("mention_id"))
    )


def test_shards_local_broken_shards_reported_rest_completes(seed_shards, tmp_path):
    expected = break_shards(seed_shards, tmp_path / "in")
    report = map_shards(from_table, tmp_path / "in", tmp_path / "out")
    print(
        "\n"
        + str(
            report.select(
                pl.col("shard").str.extract(r"([^/]+)$"),
                "status",
                "attempts",
                "rows_in",
                "rows_bad",
                "error",
            )
        )
    )
    rows = {Path(r["shard"]).name: r for r in report.iter_rows(named=True)}
    broken = {name: r["status"] for name, r in rows.items() if r["status"] != "done"}
    assert broken == {name: status for name, (status, _) in expected.items()}
    for name, (status, error) in expected.items():
        assert error in rows[name]["error"].lower(), name
        assert rows[name]["attempts"] == (2 if status == "failed" else 1), name  # partial: final
    partial = rows["badline.jsonl"]
    assert (partial["rows_in"], partial["rows_out"], partial["rows_bad"]) == (1, 1, 1)
    assert partial["bad_lines"] == ["line 2: invalid JSON (Expecting value at column 25)"]
    kept = pl.read_parquet(partial["outputs"])
    assert kept["doc_id"].to_list() == ["badline-good"] and kept["status"].to_list() == ["ok"]
    assert rows["allbad.jsonl"]["outputs"] == [] and rows["allbad.jsonl"]["rows_in"] is None
    done = report.filter(pl.col("status") == "done")
    assert done.height == 3 and done["error"].is_null().all()
    assert done["rows_bad"].to_list() == [0, 0, 0]
    written = pl.read_parquet(done["outputs"].explode().to_list())
    assert written.height == done["rows_in"].sum() == 5
    schema.check(written, schema.DOCUMENTS)


def test_shards_local_rerun_skips_partial_shard_and_keeps_its_bad_lines(seed_shards, tmp_path):
    break_shards(seed_shards, tmp_path / "in")
    first = map_shards(from_table, tmp_path / "in", tmp_path / "out")
    second = map_shards(from_table, tmp_path / "in", tmp_path / "out")
    print("\n" + str(second.select(pl.col("shard").str.extract(r"([^/]+)$"), "status", "error")))
    ran = pl.col("status").is_in(["done", "partial"])
    assert second.filter(ran).height == 0
    assert second.filter(pl.col("status") == "skipped")["shard"].equals(first.filter(ran)["shard"])
    cols = ["shard", "hash", "rows_in", "rows_out", "error", "rows_bad", "bad_lines", "outputs"]
    partial = first.filter(pl.col("status") == "partial").select(cols)
    again = second.filter(pl.col("shard") == partial["shard"][0]).select(cols)
    assert partial.height == 1 and again.equals(partial)
    assert again["error"][0].startswith("line 2: invalid JSON")
    assert second.filter(pl.col("status") == "failed").height == 2  # read again, fail again


@pytest.mark.parametrize("kind", ["jsonl", "parquet"])
def test_shards_local_rerun_skips_done_shards(kind, seed_shards, seed_table, tmp_path):
    src = tmp_path / "in"
    shutil.copytree(seed_shards[kind][0].parent, src)
    first = map_shards(from_table, src, tmp_path / "out")
    stamps = {p: Path(p).stat().st_mtime_ns for p in first["outputs"].explode()}
    second = map_shards(from_table, src, tmp_path / "out")
    assert second["status"].to_list() == ["skipped"] * 3
    assert second.select("hash", "rows_in", "rows_out", "outputs").equals(
        first.select("hash", "rows_in", "rows_out", "outputs")
    )
    assert {p: Path(p).stat().st_mtime_ns for p in second["outputs"].explode()} == stamps
    changed = sorted(src.iterdir())[1]
    write = seed_table[2:3].write_ndjson if kind == "jsonl" else seed_table[2:3].write_parquet
    write(changed)  # the second shard loses its second row
    third = map_shards(from_table, src, tmp_path / "out")
    assert third["status"].to_list() == ["skipped", "done", "skipped"]
    assert third["rows_in"].to_list() == [2, 1, 1]


@pytest.mark.parametrize("kind", ["jsonl", "parquet"])
def test_shards_local_failed_shard_retried_once(kind, seed_shards, tmp_path):
    report = map_shards(
        flaky_from_table,
        seed_shards[kind],
        tmp_path / "out",
        options={"marker": str(tmp_path / "marks")},
    )
    assert report["status"].to_list() == ["done"] * 3
    assert report["attempts"].to_list() == [2, 2, 2]
    assert len(list((tmp_path / "marks").iterdir())) == 3


@pytest.mark.parametrize("per_shard, expected", [(2, [2, 2, 1]), (200, [5])])
def test_shards_local_text_files_grouped(per_shard, expected):
    tasks = plan_tasks(SEEDS, from_table, "out", files_per_shard=per_shard)
    assert [len(t.sources) for t in tasks] == expected
    assert {t.kind for t in tasks} == {"files"}


@pytest.mark.parametrize("verb", [lambda df: df, pytest])
def test_shards_local_verbs_must_be_importable(verb):
    with pytest.raises(TypeError, match="module-level"):
        verb_name(verb)


@pytest.mark.parametrize(
    "engine, error, message",
    [
        ("ray", ImportError, "pip install ray"),
        ("spark", ValueError, "unknown engine 'spark'"),
    ],
)
def test_shards_local_engine_errors_say_what_to_do(engine, error, message, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # as if Ray were not installed
    with pytest.raises(error, match=message):
        open_engine(engine)


@pytest.mark.parametrize("kind", ["jsonl"])
def test_shards_local_progress_bar_counts_shards_and_documents(
    kind, seed_shards, tmp_path, capsys
):
    map_shards(from_table, seed_shards[kind], tmp_path / "out", progress=True)
    bar = capsys.readouterr().err.replace("\r", "\n").strip().splitlines()[-1]
    print("\n" + bar)
    assert "shards: 100%" in bar and "3/3" in bar and "docs=5" in bar


@pytest.mark.parametrize("spec", [ROOT / "data" / "threads.yaml"])
def test_shards_local_shuffle_without_cluster(spec, seed_documents, tmp_path):
    events = extract_events(seed_documents, tag_dates(seed_documents))
    parts = []
    for i, frame in enumerate(events.iter_slices(50)):
        parts.append(str(tmp_path / f"events-{i}.parquet"))
        frame.write_parquet(parts[-1])
    whole = link_events(parts, spec)
    shuffled = link_events(
        parts,
        spec,
        settings=DEFAULT.replace(shuffle_threshold_rows=10),
        workdir=tmp_path / "linked",
    )
    n_parts = len(list((tmp_path / "linked").glob("part-*.parquet")))
    print(f"\n{events.height} events in {len(parts)} parts, linked in {n_parts} blocks-partitions")
    assert n_parts > 1
    cols = ["event_id", "thread_id", "thread_label", "thread_ids", "cluster_id",
            "cluster_members", "date_start", "date_end"]
    assert shuffled.select(cols).equals(whole.select(cols))


@pytest.mark.parametrize(("args", "expected"), [((7, 2), (3, 1))])
def test_shards_local_engine_submit_calls_now_and_raises_on_result(args, expected):
    engine = open_engine("local")
    assert engine.submit(divmod, *args).result() == expected
    failed = engine.submit(divmod, 1, 0)  # the error waits in the future
    with pytest.raises(ZeroDivisionError):
        failed.result()
