"""threadline.scale.tasks on a 2-worker Dask LocalCluster: the same output as the local engine."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import cloudpickle
import polars as pl
import pytest
import test_shards_local as local
from conftest import ROOT, SEEDS
from threadline.events import extract_events
from threadline.pipeline import build
from threadline.scale import build_sharded, map_shards
from threadline.scale.build import link_events, shard_stages
from threadline.scale.engines import polars_threads
from threadline.settings import DEFAULT
from threadline.threads.merge import link_components
from threadline.timex import tag_dates

# Workers cannot import the test modules: ship their verbs by value.
cloudpickle.register_pickle_by_value(sys.modules[local.__name__])


def names(report: pl.DataFrame, *columns: str) -> pl.DataFrame:
    """The report with shard file names instead of paths, for printing."""
    return report.select(pl.col("shard").str.extract(r"([^/]+)$"), *columns)


def assert_engines_agree(reports: dict[str, pl.DataFrame], kind: str) -> None:
    """The local engine's and the other engine's runs over the 3 seed shards: every shard
    done, the same report rows, and the same rows, ids and values in every Parquet table."""
    (other,) = set(reports) - {"local"}
    for engine, report in reports.items():
        print(f"\n{kind} {engine}:\n{names(report, 'rows_in', 'rows_out', 'seconds')}")
        assert report["status"].to_list() == ["done"] * 3, report["error"].to_list()
    same = ["shard", "hash", "rows_in", "rows_out"]
    assert reports["local"].select(same).equals(reports[other].select(same))
    for table in ("documents", "mentions", "events"):
        here, there = (read_parts(reports[e], table) for e in ("local", other))
        print(f"{table}: {here.height} rows")
        assert here.equals(there), table
    assert read_parts(reports[other], "documents").height == 5


def read_parts(report: pl.DataFrame, table: str) -> pl.DataFrame:
    """Every Parquet part of one output table, in shard order."""
    paths = [p for p in report["outputs"].explode().to_list() if Path(p).parent.name == table]
    return pl.concat([pl.read_parquet(p) for p in paths], how="vertical")


def test_shards_dask_workers_run_polars_single_threaded(dask_client):
    assert set(dask_client.run(polars_threads).values()) == {1}


@pytest.mark.parametrize("kind", ["parquet", "jsonl"])
def test_shards_dask_output_equals_local(kind, seed_shards, dask_client, tmp_path):
    reports = {
        engine: map_shards(
            shard_stages,
            seed_shards[kind],
            tmp_path / engine,
            engine=engine,
            scheduler=dask_client if engine == "dask" else None,
        )
        for engine in ("local", "dask")
    }
    assert_engines_agree(reports, kind)


def test_shards_dask_broken_shards_and_retry(seed_shards, dask_client, tmp_path):
    expected = local.break_shards(seed_shards, tmp_path / "in")

    def run():
        return map_shards(
            local.flaky_from_table,
            tmp_path / "in",
            tmp_path / "out",
            engine="dask",
            scheduler=dask_client,
            options={"marker": str(tmp_path / "marks")},
        )

    report = run()
    print("\n" + str(names(report, "status", "attempts", "rows_bad", "error")))
    rows = {Path(r["shard"]).name: r for r in report.iter_rows(named=True)}
    broken = {name: r["status"] for name, r in rows.items() if r["status"] != "done"}
    assert broken == {name: status for name, (status, _) in expected.items()}
    for name, (_, error) in expected.items():
        assert error in rows[name]["error"].lower(), name
    assert rows["badline.jsonl"]["rows_bad"] == 1 and rows["badline.jsonl"]["rows_in"] == 1
    ran = report.filter(pl.col("status").is_in(["done", "partial"]))
    assert ran.height == 4 and ran["attempts"].to_list() == [2, 2, 2, 2]  # each failed once
    rerun = run()
    assert rerun.filter(pl.col("status") == "skipped")["shard"].equals(ran["shard"])
    again = {Path(r["shard"]).name: r for r in rerun.iter_rows(named=True)}["badline.jsonl"]
    assert again["error"] == rows["badline.jsonl"]["error"] and again["rows_bad"] == 1


@pytest.mark.parametrize("spec", [ROOT / "data" / "threads.yaml"])
def test_shards_dask_shuffle_links_events_like_one_frame(
    spec, seed_documents, dask_client, tmp_path
):
    events = extract_events(seed_documents, tag_dates(seed_documents))
    parts = []
    for (doc,), frame in events.group_by("doc_id", maintain_order=True):
        parts.append(str(tmp_path / "events" / f"part-{doc.replace('#', '-')}.parquet"))
        Path(parts[-1]).parent.mkdir(exist_ok=True)
        frame.write_parquet(parts[-1])
    whole = link_events(parts, spec)
    forced = DEFAULT.replace(shuffle_threshold_rows=0)
    shuffled = link_events(
        parts, spec, settings=forced, client=dask_client, workdir=tmp_path / "linked"
    )
    keys = link_components(events).rename({"component": "key"})  # the blocking key
    blocks = pl.concat(
        [
            pl.read_parquet(p).select("event_id", pl.lit(p.name).alias("part"))
            for p in sorted((tmp_path / "linked").glob("part-*.parquet"))
        ]
    ).join(keys, on="event_id")
    pairs = shuffled.select("event_id", "cluster_id").join(
        whole.select("event_id", pl.col("cluster_id").alias("whole")), on="event_id"
    )
    agree = pairs.group_by("cluster_id").agg(pl.col("whole").n_unique())
    print(
        f"\n{events.height} events, {blocks['key'].n_unique()} link components in "
        f"{blocks['part'].n_unique()} partitions; clusters: {whole['cluster_id'].n_unique()} "
        f"in one frame, {shuffled['cluster_id'].n_unique()} by blocks"
    )
    assert blocks.height == events.height
    assert blocks.group_by("key").agg(pl.col("part").n_unique())["part"].max() == 1
    assert shuffled["event_id"].equals(events["event_id"])
    thread_cols = ["event_id", "thread_id", "thread_label", "thread_ids"]
    assert shuffled.select(thread_cols).equals(whole.select(thread_cols))
    assert shuffled["thread_id"].drop_nulls().len() > 0
    assert agree["whole"].max() == 1  # a block's clusters are the one-frame clusters
    cluster_cols = ["event_id", "cluster_id", "cluster_members", "date_start", "date_end"]
    assert shuffled.select(cluster_cols).equals(whole.select(cluster_cols))


@pytest.mark.parametrize("files_per_shard", [2])
def test_shards_dask_build_equals_local_build(files_per_shard, dask_client, tmp_path):
    local_report = build(SEEDS, tmp_path / "local")
    dask_report = build_sharded(
        SEEDS,
        tmp_path / "dask",
        engine="dask",
        scheduler=dask_client,
        settings=DEFAULT.replace(files_per_shard=files_per_shard),
    )
    assert len(list((tmp_path / "dask" / "events").glob("part-*.parquet"))) == 3
    for attr in ("n_documents", "n_ok", "n_mentions", "n_events", "bad"):
        assert getattr(dask_report, attr) == getattr(local_report, attr), attr
    for name in ("documents.parquet", "mentions.parquet", "events.parquet"):
        here = pl.read_parquet(tmp_path / "local" / name)
        there = pl.read_parquet(tmp_path / "dask" / name)
        assert here.equals(there), name
    pages = sorted(
        p.relative_to(tmp_path / "local").as_posix() for p in (tmp_path / "local").glob("t*/*.*ml")
    )  # timeml/, timelines/
    print(f"\n{len(pages)} TimeML and timeline pages compared")
    assert len([p for p in pages if p.endswith(".tml")]) == local_report.n_ok
    for name in ["documents.csv", "events.csv", "timeline.json", "index.html", *pages]:
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes()
    assert dask_report.index_html.is_file()


def assert_cli_build_reports_broken_shards(
    seed_shards: dict, tmp_path: Path, engine_args: list[str]
) -> None:
    """`threadline build` with `engine_args` over the seed shards plus broken ones: exit 0,
    one stderr line per broken shard or bad line, every input row in documents.parquet."""
    expected = local.break_shards(seed_shards, tmp_path / "in")
    cmd = [
        sys.executable,
        "-m",
        "threadline.cli",
        "build",
        str(tmp_path / "in"),
        "-o",
        str(tmp_path / "out"),
        *engine_args,
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)
    print("\n" + proc.stderr[-1500:])
    assert proc.returncode == 0, proc.stderr
    as_document = {"failed": "bad_shard", "partial": "malformed"}  # a partial shard: per line
    for name, (status, error) in expected.items():
        line = rf"{re.escape(name)}: {as_document[status]}: .*{re.escape(error)}"
        assert re.search(line, proc.stderr, re.IGNORECASE), name
    docs = pl.read_parquet(tmp_path / "out" / "documents.parquet")
    assert docs.filter(pl.col("status") == "bad_shard").height == 2
    malformed = docs.filter(pl.col("status") == "malformed")
    assert malformed["doc_id"].to_list() == ["badline#line2"]
    assert malformed["source"].str.ends_with("badline.jsonl").all()
    assert docs.filter(pl.col("status") == "ok").height == 6  # 5 seeds + badline.jsonl's line 1
    assert len(list((tmp_path / "out" / "events").glob("part-*.parquet"))) == 4  # 3 + partial


@pytest.mark.parametrize("engine_args", [["--engine", "dask", "--scheduler"]])
def test_shards_dask_cli_build_reports_bad_shards(engine_args, seed_shards, dask_client, tmp_path):
    address = dask_client.scheduler.address
    assert_cli_build_reports_broken_shards(seed_shards, tmp_path, [*engine_args, address])


def test_shards_dask_build_above_shuffle_threshold_streams_outputs(dask_client, tmp_path):
    spec = ROOT / "data" / "threads.yaml"
    whole = build(SEEDS, tmp_path / "local", threads=spec)
    forced = DEFAULT.replace(files_per_shard=2, shuffle_threshold_rows=0)
    report = build_sharded(
        SEEDS, tmp_path / "dask", threads=spec, engine="dask", scheduler=dask_client,
        settings=forced,
    )
    linked = sorted((tmp_path / "dask" / "_linked").glob("part-*.parquet"))
    assert len(linked) > 1  # linked block by block, not in one frame
    for attr in ("n_documents", "n_ok", "n_mentions", "n_events", "bad"):
        assert getattr(report, attr) == getattr(whole, attr), attr
    here = pl.read_parquet(tmp_path / "local" / "events.parquet").sort("event_id")
    there = pl.read_parquet(tmp_path / "dask" / "events.parquet").sort("event_id")
    same = ["event_id", "doc_id", "sentence", "date_start", "date_end", "thread_id", "thread_ids"]
    assert there.select(same).equals(here.select(same))  # threads from a spec are exact
    csv_here = pl.read_csv(tmp_path / "local" / "events.csv").sort("event_id_cnty")
    csv_there = pl.read_csv(tmp_path / "dask" / "events.csv").sort("event_id_cnty")
    assert csv_there.columns == csv_here.columns
    assert csv_there.select("event_id_cnty", "event_date", "time_precision").equals(
        csv_here.select("event_id_cnty", "event_date", "time_precision")
    )
    slides = {
        name: sorted(e["unique_id"] for e in json.loads(
            (tmp_path / name / "timeline.json").read_text(encoding="utf-8"))["events"])
        for name in ("local", "dask")
    }
    assert slides["dask"] == slides["local"] and slides["dask"]
    pages = {p.name for p in (tmp_path / "local" / "timelines").glob("*.html")}
    assert {p.name for p in (tmp_path / "dask" / "timelines").glob("*.html")} == pages
    index = report.index_html.read_text(encoding="utf-8")
    assert f"{whole.n_events} event mentions" in index


def row_shard_table(seed_table: pl.DataFrame, path: Path) -> pl.DataFrame:
    """The seed table twice (distinct doc ids), plus a row without a doc_id and an empty one
    (whose ids and errors carry their row numbers), written as one Parquet file at `path`."""
    extra = pl.DataFrame({"doc_id": [None, "blank"], "text": ["Shelling hit the town on "
                          "Monday.", " "], "url": None, "title": None, "published": "2020-05-06"},
                         schema=seed_table.schema)
    table = pl.concat([seed_table, seed_table.with_columns(pl.col("doc_id") + "-copy"), extra])
    table.write_parquet(path)
    return table


def assert_same_files(here: Path, there: Path) -> int:
    """Every file of the output folder `here` has the same bytes in `there`; how many."""
    files = sorted(p for p in here.rglob("*") if p.is_file())
    for path in files:
        name = path.relative_to(here)
        assert (there / name).read_bytes() == path.read_bytes(), name
    return len(files)


def assert_row_shard_build_equals_local(seed_table, engine, tmp_path, rows_per_shard):
    """`build_sharded` of one Parquet table cut into row shards on `engine` writes the very
    bytes of `pipeline.build`, its row numbers and thread pages included."""
    path = tmp_path / "corpus.parquet"
    table = row_shard_table(seed_table, path)
    whole = build([path], tmp_path / "local")
    sharded = build_sharded([path], tmp_path / "sharded", engine=engine,
                            settings=DEFAULT.replace(rows_per_shard=rows_per_shard))
    parts = list((tmp_path / "sharded" / "events").glob("part-*.parquet"))
    assert len(parts) == -(-table.height // rows_per_shard)
    for attr in ("n_documents", "n_ok", "n_mentions", "n_events", "bad"):
        assert getattr(sharded, attr) == getattr(whole, attr), attr
    docs = pl.read_parquet(tmp_path / "sharded" / "documents.parquet")
    assert f"corpus#{table.height - 1}" in docs["doc_id"].to_list()  # numbered in the file
    assert docs.filter(pl.col("doc_id") == "blank")["error"].str.contains(
        f"row {table.height}:").all()
    compared = assert_same_files(tmp_path / "local", tmp_path / "sharded")
    pages = list((tmp_path / "local" / "timelines").glob("*.html"))
    print(f"\n{compared} files compared, {len(pages)} thread pages, {len(parts)} row shards")
    assert pages and compared > table.height


@pytest.mark.parametrize("rows_per_shard", [3])
def test_shards_dask_row_shards_build_equals_local_build(rows_per_shard, seed_table, dask_client,
                                                         tmp_path):
    from threadline.scale.engines import DaskEngine

    engine = DaskEngine(dask_client)  # post-shard jobs (pages, exports) run on its workers
    assert_row_shard_build_equals_local(seed_table, engine, tmp_path, rows_per_shard)


def test_shards_dask_engine_submit_runs_on_workers_and_raises(dask_client):
    from threadline.scale.engines import DaskEngine

    engine = DaskEngine(dask_client)
    frame = pl.DataFrame({"x": list(range(300_000))})  # above SCATTER_BYTES: scattered
    assert engine.submit(pl.DataFrame.sum, frame).result()["x"][0] == sum(range(300_000))
    with pytest.raises(ZeroDivisionError):
        engine.submit(divmod, 1, 0).result()


@pytest.mark.parametrize("engine", ["dask"])
def test_shards_dask_engine_starts_in_background_on_given_client(engine, dask_client):
    from threadline.scale.engines import DaskEngine, LocalEngine, start_engine

    pending = start_engine(engine, scheduler=dask_client)
    started = pending.result(timeout=300)  # a thread opened it; the caller went on meanwhile
    assert isinstance(started, DaskEngine) and started.client is dask_client
    assert started.submit(divmod, 7, 2).result() == (3, 1)
    started.close()  # not its client, not its cluster: both stay up
    assert dask_client.submit(divmod, 9, 4, pure=False).result() == (2, 1)
    assert isinstance(start_engine("local").result(timeout=0), LocalEngine)
    given = DaskEngine(dask_client)
    assert start_engine(given).result(timeout=0) is given
