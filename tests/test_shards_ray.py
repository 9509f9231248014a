"""threadline.scale.tasks on a 2-CPU local Ray: the same output as the local engine, bad shards."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
import ray
import test_shards_local as local
from test_shards_dask import assert_cli_build_reports_broken_shards, assert_engines_agree, names
from threadline.documents import from_table
from threadline.scale import map_shards
from threadline.scale.build import shard_stages
from threadline.scale.engines import polars_threads
from threadline.scale.tasks import resolve_verb


def test_shards_ray_workers_run_polars_single_threaded(ray_engine):
    remote = ray.remote(num_cpus=1)(polars_threads)
    assert set(ray.get([remote.remote() for _ in range(4)])) == {1}


@pytest.mark.parametrize("kind", ["parquet", "jsonl"])
def test_shards_ray_output_equals_local(kind, seed_shards, ray_engine, tmp_path):
    reports = {  # "ray" by name: an engine over the running Ray, which close() leaves running
        engine: map_shards(shard_stages, seed_shards[kind], tmp_path / engine, engine=engine)
        for engine in ("local", "ray")
    }
    assert ray.is_initialized()
    assert_engines_agree(reports, kind)


def test_shards_ray_broken_shards_reported_rest_completes(seed_shards, ray_engine, tmp_path):
    expected = local.break_shards(seed_shards, tmp_path / "in")
    report = map_shards(from_table, tmp_path / "in", tmp_path / "out", engine=ray_engine)
    print("\n" + str(names(report, "status", "attempts", "rows_in", "rows_bad", "error")))
    rows = {Path(r["shard"]).name: r for r in report.iter_rows(named=True)}
    broken = {name: r["status"] for name, r in rows.items() if r["status"] != "done"}
    assert broken == {name: status for name, (status, _) in expected.items()}
    for name, (status, error) in expected.items():
        assert error in rows[name]["error"].lower(), name
        assert rows[name]["attempts"] == (2 if status == "failed" else 1), name
    kept = pl.read_parquet(rows["badline.jsonl"]["outputs"])
    assert kept["doc_id"].to_list() == ["badline-good"]
    done = report.filter(pl.col("status") == "done")
    assert done.height == 3 and done["error"].is_null().all()
    assert pl.read_parquet(done["outputs"].explode().to_list()).height == 5


def test_shards_ray_task_errors_arrive_as_the_raised_exception(ray_engine):
    tasks = ["no_such_module_here:verb"]
    [(task, result)] = list(ray_engine.run(resolve_verb, tasks))
    assert task is tasks[0]
    assert isinstance(result, ModuleNotFoundError), repr(result)
    assert str(result) == "No module named 'no_such_module_here'"  # no remote traceback


def test_shards_ray_cli_build_on_a_running_cluster(seed_shards, ray_engine, tmp_path):
    address = ray.get_runtime_context().gcs_address
    engine_args = ["--engine", "ray", "--scheduler", address]
    assert_cli_build_reports_broken_shards(seed_shards, tmp_path, engine_args)
    assert ray.is_initialized()  # the CLI disconnected; the cluster it joined is still up


@pytest.mark.parametrize("rows_per_shard", [3])
def test_shards_ray_row_shards_build_equals_local_build(rows_per_shard, seed_table, ray_engine,
                                                        tmp_path):
    from test_shards_dask import assert_row_shard_build_equals_local

    assert_row_shard_build_equals_local(seed_table, ray_engine, tmp_path, rows_per_shard)
